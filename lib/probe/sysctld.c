#include "config.h"
#include "probe/sysctld.h"
#include "core/cause.h"
#include "core/strparse.h"
#include "core/xalloc.h"

#include <errno.h>
#include <fnmatch.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

const char *const vt_sysctld_dirs[] = {
	"etc/sysctl.d", "run/sysctl.d", "usr/local/lib/sysctl.d", "usr/lib/sysctl.d", "lib/sysctl.d",
};
const size_t vt_sysctld_ndirs = sizeof vt_sysctld_dirs / sizeof vt_sysctld_dirs[0];

static const char *const vt_sysctld_state_names[] = {
	[VT_SYSCTLD_READ] = "read",
	[VT_SYSCTLD_MASKED] = "masked",
	[VT_SYSCTLD_SHADOWED] = "shadowed",
	[VT_SYSCTLD_UNREADABLE] = "unreadable",
};

const char *vt_sysctld_state_name(enum vt_sysctld_state s)
{
	return vt_sysctld_state_names[s];
}

__attribute__((format(printf, 3, 4)))
static void vt_sysctld_warn(struct vt_sysctld_parsed *p, unsigned line, const char *fmt, ...)
{
	va_list ap;

	if (p->nwarnings < VT_SYSCTLD_WARN_MAX) {
		struct vt_sysctld_warning *w = &p->warnings[p->nwarnings];

		w->line = line;
		va_start(ap, fmt);
		vsnprintf(w->text, sizeof w->text, fmt, ap);
		va_end(ap);
	}
	p->nwarnings++;
}

void vt_sysctld_normalize(char *key)
{
	char *first = strpbrk(key, "/.");

	if (first == NULL || *first == '.')
		return;
	for (char *p = first; *p; p++)
		if (*p == '/')
			*p = '.';
		else if (*p == '.')
			*p = '/';
}

/* The key as a path under /proc/sys: "vm.swappiness" -> "vm/swappiness". */
static void vt_slashed(char *out, size_t size, const char *key)
{
	size_t i;

	for (i = 0; key[i] && i + 1 < size; i++)
		out[i] = key[i] == '.' ? '/' : key[i] == '/' ? '.' : key[i];
	out[i] = '\0';
}

bool vt_sysctld_glob_match(const char *pattern, const char *key)
{
	char p[128], k[128];

	vt_slashed(p, sizeof p, pattern);
	vt_slashed(k, sizeof k, key);
	return fnmatch(p, k, FNM_PATHNAME) == 0;
}

static struct vt_sysctld_entry *vt_sysctld_add(struct vt_sysctld_parsed *p)
{
	p->entries = vt_xreallocarray(p->entries, p->n + 1, sizeof *p->entries);
	memset(&p->entries[p->n], 0, sizeof *p->entries);
	return &p->entries[p->n++];
}

static void vt_sysctld_line(struct vt_sysctld_parsed *p, unsigned line, const char *s, const char *e)
{
	const char *eq, *ks, *ke;
	struct vt_sysctld_entry *en;
	bool dash = false;
	char key[128];

	vt_trim_span(&s, &e);
	if (s == e || *s == '#' || *s == ';')
		return;
	if (memchr(s, '\0', (size_t)(e - s)) != NULL) {
		vt_sysctld_warn(p, line, "holds a NUL byte: ignored");
		return;
	}
	eq = memchr(s, '=', (size_t)(e - s));
	ks = s;
	ke = eq ? eq : e;
	if (*ks == '-') {
		dash = true;
		ks++;
	}
	vt_trim_span(&ks, &ke);
	if (eq == NULL && !dash) {
		vt_sysctld_warn(p, line, "not an assignment (no '='): ignored");
		return;
	}
	if (ks == ke) {
		vt_sysctld_warn(p, line, "no key before '=': ignored");
		return;
	}
	if (!vt_copy_span(key, sizeof key, ks, ke)) {
		vt_sysctld_warn(p, line, "key longer than %zu bytes: ignored", sizeof key - 1);
		return;
	}
	en = vt_sysctld_add(p);
	en->line = line;
	en->slashed = strpbrk(key, "/.") != NULL && *strpbrk(key, "/.") == '/';
	vt_sysctld_normalize(key);
	memcpy(en->key, key, sizeof key);
	en->glob = strpbrk(key, "*?[") != NULL;
	if (eq == NULL) {
		en->exclude = true;
		return;
	}
	en->ignore_failure = dash;
	{
		const char *vs = eq + 1, *ve = e;

		vt_trim_span(&vs, &ve);
		if (!vt_copy_span(en->value, sizeof en->value, vs, ve)) {
			vt_sysctld_warn(p, line, "%s: value longer than %zu bytes: ignored", key,
					sizeof en->value - 1);
			p->n--;
			return;
		}
		if (vs == ve)
			vt_sysctld_warn(p, line, "%s: empty value (the write will fail)", key);
	}
}

void vt_sysctld_parse(const char *buf, size_t len, struct vt_sysctld_parsed *out)
{
	const char *p = buf, *end = buf + len;
	unsigned line = 0;

	memset(out, 0, sizeof *out);
	while (p < end) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));

		if (eol == NULL)
			eol = end;
		vt_sysctld_line(out, ++line, p, eol);
		p = eol < end ? eol + 1 : end;
	}
}

void vt_sysctld_parsed_release(struct vt_sysctld_parsed *p)
{
	free(p->entries);
	memset(p, 0, sizeof *p);
}

static const char *vt_base(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

/* By name (strcmp, as both readers sort), then by directory precedence.
 * From the paths: `name` points into a struct that qsort moves. */
static int vt_sysctld_file_cmp(const void *a, const void *b)
{
	const struct vt_sysctld_file *x = a, *y = b;
	int c = strcmp(vt_base(x->path), vt_base(y->path));

	if (c != 0)
		return c;
	return x->dir < y->dir ? -1 : x->dir > y->dir;
}

void vt_sysctld_order(struct vt_sysctld_set *set)
{
	struct vt_sysctld_file *conf = NULL;
	long order = 0;

	if (set->n == 0) {
		set->nboot = set->nprocps = 0;
		return;
	}
	/* etc/sysctl.conf is not one of the directories' names: keep it
	 * last, whatever its name sorts as */
	for (size_t i = 0; i < set->n; i++)
		if (set->files[i].dir >= vt_sysctld_ndirs && i + 1 < set->n) {
			struct vt_sysctld_file t = set->files[i];

			memmove(&set->files[i], &set->files[i + 1], (set->n - i - 1) * sizeof t);
			set->files[set->n - 1] = t;
			break;
		}
	if (set->n > 0 && set->files[set->n - 1].dir >= vt_sysctld_ndirs)
		conf = &set->files[set->n - 1];
	qsort(set->files, set->n - (conf != NULL), sizeof *set->files, vt_sysctld_file_cmp);
	for (size_t i = 0; i < set->n; i++) {
		struct vt_sysctld_file *f = &set->files[i];

		/* the structs moved: name points into their own path again */
		f->name = vt_base(f->path);
		f->boot_order = f->procps_order = -1;
		if (f == conf)
			continue;
		if (i > 0 && strcmp(set->files[i - 1].name, f->name) == 0) {
			const struct vt_sysctld_file *w = &set->files[i - 1];

			while (w > set->files && strcmp(w[-1].name, f->name) == 0)
				w--;
			f->state = VT_SYSCTLD_SHADOWED;
			snprintf(f->reason, sizeof f->reason, "/%s of the same name comes first", w->path);
			continue;
		}
		f->boot_order = f->procps_order = order++;
	}
	set->nboot = set->nprocps = (size_t)order;
	if (conf != NULL) {
		conf->boot_order = -1;
		conf->procps_order = order;
		set->nprocps++;
	}
}

__attribute__((format(printf, 2, 3)))
static void vt_sysctld_set_warn(struct vt_sysctld_set *set, const char *fmt, ...)
{
	va_list ap;

	if (set->nwarnings == sizeof set->warnings / sizeof set->warnings[0])
		return;
	va_start(ap, fmt);
	vsnprintf(set->warnings[set->nwarnings++], sizeof set->warnings[0], fmt, ap);
	va_end(ap);
}

static struct vt_sysctld_file *vt_sysctld_set_add(struct vt_sysctld_set *set, size_t dir, const char *path)
{
	struct vt_sysctld_file *f;

	set->files = vt_xreallocarray(set->files, set->n + 1, sizeof *set->files);
	f = &set->files[set->n++];
	memset(f, 0, sizeof *f);
	snprintf(f->path, sizeof f->path, "%s", path);
	f->dir = dir;	/* name is set by vt_sysctld_order, once the array stops moving */
	return f;
}

static bool vt_ends_with_conf(const char *name)
{
	size_t n = strlen(name);

	/* systemd also skips hidden files; ".conf" alone is hidden */
	return n > 5 && name[0] != '.' && strcmp(name + n - 5, ".conf") == 0;
}

/* What reading failed with, in words. */
static const char *vt_sysctld_why(int err)
{
	switch (err) {
	case -EINVAL: return "not a regular file (a FIFO, a device or a directory)";
	case -EISDIR: return "a directory";
	case -EXDEV: return "a link that leads out of the root";
	case -ELOOP: return "a link loop";
	case -EFBIG: return "larger than 1 MiB: not read";
	case -ENOENT: return "a dangling link";
	default: return strerror(-err);
	}
}

/* Reads one file (its state still READ) into its parsed entries. */
static void vt_sysctld_load(const struct vt_root *root, struct vt_sysctld_file *f, struct vt_buf *buf)
{
	struct stat st;
	char *cause = NULL;
	int err;

	if (vt_root_lstat(root, f->path, &st, f->link, sizeof f->link) == 0 && S_ISLNK(st.st_mode)) {
		if (strcmp(f->link, "/dev/null") == 0) {
			f->state = VT_SYSCTLD_MASKED;
			snprintf(f->reason, sizeof f->reason, "a link to /dev/null");
			return;
		}
	} else {
		f->link[0] = '\0';
	}
	err = vt_root_read(root, f->path, buf, VT_SYSCTLD_FILE_MAX, &cause);
	free(cause);
	if (err < 0) {
		f->state = VT_SYSCTLD_UNREADABLE;
		snprintf(f->reason, sizeof f->reason, "%s", vt_sysctld_why(err));
		return;
	}
	if (buf->len == 0) {
		f->state = VT_SYSCTLD_MASKED;
		snprintf(f->reason, sizeof f->reason, "empty");
		return;
	}
	vt_sysctld_parse(buf->data, buf->len, &f->parsed);
}

/* Whether file f is, through its link, /etc/sysctl.conf: "../sysctl.conf"
 * from etc/sysctl.d, or "/etc/sysctl.conf". */
static bool vt_links_to_sysctl_conf(const struct vt_sysctld_file *f)
{
	return strcmp(f->link, "/etc/sysctl.conf") == 0 ||
	       (f->dir == 0 && strcmp(f->link, "../sysctl.conf") == 0);
}

int vt_sysctld_read(const struct vt_root *root, struct vt_sysctld_set *set, char **cause)
{
	struct vt_buf buf;
	struct stat st;
	size_t total = 0;

	(void)cause;
	memset(set, 0, sizeof *set);
	for (size_t d = 0; d < vt_sysctld_ndirs; d++) {
		char **names = NULL, *why = NULL;
		size_t n = 0;
		int err = vt_root_list(root, vt_sysctld_dirs[d], &names, &n, &why);

		if (err == -ENOENT || err == -ENOTDIR) {
			free(why);
			continue;
		}
		if (err < 0) {
			vt_sysctld_set_warn(set, "/%s: %s: its files are not known", vt_sysctld_dirs[d],
					    vt_sysctld_why(err));
			free(why);
			continue;
		}
		for (size_t i = 0; i < n; i++) {
			char path[320];

			if (!vt_ends_with_conf(names[i]))
				continue;
			if (snprintf(path, sizeof path, "%s/%s", vt_sysctld_dirs[d], names[i]) >= (int)sizeof path)
				continue;
			if (++total <= VT_SYSCTLD_FILES_MAX)
				vt_sysctld_set_add(set, d, path);
		}
		vt_strv_free(names, n);
	}
	if (total > VT_SYSCTLD_FILES_MAX)
		vt_sysctld_set_warn(set, "%zu .conf files in the sysctl.d directories: only the first %d "
				    "listed are read, so the winners shown may be wrong", total, VT_SYSCTLD_FILES_MAX);
	if (vt_root_lstat(root, VT_SYSCTLD_CONF, &st, NULL, 0) == 0)
		vt_sysctld_set_add(set, vt_sysctld_ndirs, VT_SYSCTLD_CONF);
	vt_sysctld_order(set);
	vt_buf_init(&buf);
	for (size_t i = 0; i < set->n; i++) {
		struct vt_sysctld_file *f = &set->files[i];

		/* a shadowed file is parsed too: tuned's reapply (run/ before
		 * etc/) may read it */
		if (f->state == VT_SYSCTLD_SHADOWED) {
			char reason[sizeof f->reason];

			memcpy(reason, f->reason, sizeof reason);
			vt_sysctld_load(root, f, &buf);
			f->state = VT_SYSCTLD_SHADOWED;
			memcpy(f->reason, reason, sizeof reason);
		} else {
			vt_sysctld_load(root, f, &buf);
		}
		f->is_sysctl_conf = f->dir >= vt_sysctld_ndirs || vt_links_to_sysctl_conf(f);
	}
	vt_buf_release(&buf);
	/* a name hidden by a mask says so */
	for (size_t i = 1; i < set->n; i++) {
		struct vt_sysctld_file *f = &set->files[i];
		const struct vt_sysctld_file *w = f;

		while (w > set->files && w->state == VT_SYSCTLD_SHADOWED)
			w--;
		if (f->state == VT_SYSCTLD_SHADOWED && w->state == VT_SYSCTLD_MASKED)
			snprintf(f->reason, sizeof f->reason, "masked by /%.200s (%.100s)", w->path, w->reason);
	}
	return 0;
}

void vt_sysctld_set_release(struct vt_sysctld_set *set)
{
	for (size_t i = 0; i < set->n; i++)
		vt_sysctld_parsed_release(&set->files[i].parsed);
	free(set->files);
	memset(set, 0, sizeof *set);
}
