#include "config.h"
#include "apply/persist.h"
#include "core/cause.h"
#include "core/xalloc.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define VT_DROPIN_READ_MAX ((size_t)1 << 20)

static bool vt_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

/* Copies [s, s+n) into out (size), trimmed of surrounding blanks; false
 * when it does not fit. */
static bool vt_copy_trimmed(char *out, size_t size, const char *s, size_t n)
{
	while (n > 0 && vt_space(*s))
		s++, n--;
	while (n > 0 && vt_space(s[n - 1]))
		n--;
	if (n >= size)
		return false;
	memcpy(out, s, n);
	out[n] = '\0';
	return true;
}

/* One line of text for a comment: control characters become spaces. */
static void vt_one_line(char *out, size_t size, const char *s)
{
	size_t i;

	for (i = 0; s[i] && i + 1 < size; i++)
		out[i] = (unsigned char)s[i] < 0x20 || s[i] == 0x7f ? ' ' : s[i];
	out[i] = '\0';
}

void vt_dropin_release(struct vt_dropin *d)
{
	free(d->items);
	memset(d, 0, sizeof *d);
}

static struct vt_dropin_entry *vt_dropin_add(struct vt_dropin *d)
{
	/* Doubling: an edited file may hold many lines, and an entry is
	 * most of a kilobyte. */
	if (d->n == d->cap) {
		d->cap = d->cap ? 2 * d->cap : 8;
		d->items = vt_xreallocarray(d->items, d->cap, sizeof *d->items);
	}
	memset(&d->items[d->n], 0, sizeof *d->items);
	return &d->items[d->n++];
}

int vt_dropin_parse(const char *buf, size_t len, const char *display, struct vt_dropin *out, char **cause)
{
	const char *p = buf, *end = buf + len;
	char note[400] = "";
	unsigned line = 0;

	memset(out, 0, sizeof *out);
	out->ours = len >= strlen(VT_PERSIST_MARK) && memcmp(buf, VT_PERSIST_MARK, strlen(VT_PERSIST_MARK)) == 0;
	while (p < end) {
		const char *eol = memchr(p, '\n', (size_t)(end - p)), *s = p, *eq;
		struct vt_dropin_entry *e;
		char key[128];

		if (eol == NULL)
			eol = end;
		line++;
		p = eol < end ? eol + 1 : end;
		while (s < eol && vt_space(*s))
			s++;
		if (s == eol) {
			note[0] = '\0';
			continue;
		}
		/* Keys and values are C strings from here on: a NUL would cut
		 * one short, and a merge would write back another key. */
		if (memchr(s, '\0', (size_t)(eol - s)) != NULL) {
			vt_dropin_release(out);
			return vt_cause_set(cause, -EINVAL, "%s: line %u: a NUL byte", display, line);
		}
		if (*s == '#' || *s == ';') {
			/* vmtune's own "# key: note" before each key */
			if (!vt_copy_trimmed(note, sizeof note, s + 1, (size_t)(eol - s - 1)))
				note[0] = '\0';
			continue;
		}
		eq = memchr(s, '=', (size_t)(eol - s));
		if (eq == NULL) {
			vt_dropin_release(out);
			return vt_cause_set(cause, -EINVAL, "%s: line %u: not 'key = value'", display, line);
		}
		e = vt_dropin_add(out);
		if (*s == '-') {
			e->ignore_failure = true;
			s++;
		}
		if (!vt_copy_trimmed(key, sizeof key, s, (size_t)(eq - s)) || key[0] == '\0' ||
		    !vt_copy_trimmed(e->value, sizeof e->value, eq + 1, (size_t)(eol - eq - 1))) {
			vt_dropin_release(out);
			return vt_cause_set(cause, -EINVAL, "%s: line %u: empty or too long key or value", display, line);
		}
		{
			const struct vt_knob *k = vt_knob_find(key);
			size_t klen;

			snprintf(e->key, sizeof e->key, "%s", k ? k->name : key);
			klen = strlen(e->key);
			/* keep the note only when it is about this key */
			if (strncmp(note, e->key, klen) == 0 && note[klen] == ':')
				snprintf(e->note, sizeof e->note, "%s", note + klen + (note[klen + 1] == ' ' ? 2 : 1));
		}
		note[0] = '\0';
	}
	return 0;
}

void vt_dropin_merge(struct vt_dropin *d, const struct vt_apply_plan *p)
{
	for (size_t i = 0; i < p->n; i++) {
		const struct vt_apply_item *it = &p->items[i];
		struct vt_dropin_entry *e = NULL;

		for (size_t k = 0; k < d->n && e == NULL; k++)
			if (strcmp(d->items[k].key, it->knob->name) == 0)
				e = &d->items[k];
		if (e == NULL) {
			e = vt_dropin_add(d);
			snprintf(e->key, sizeof e->key, "%s", it->knob->name);
		}
		e->ignore_failure = false;
		snprintf(e->value, sizeof e->value, "%s", it->new_text);
		if (it->id[0])
			snprintf(e->note, sizeof e->note, "%s: %s", it->id, it->reason);
		else
			snprintf(e->note, sizeof e->note, "%s", it->reason);
	}
}

char *vt_dropin_format(const struct vt_dropin *d, const char *source, const char *time, const char *release)
{
	char *text = NULL, src[200], note[400];
	size_t size = 0;
	FILE *out = open_memstream(&text, &size);

	if (out == NULL)
		vt_xalloc_die();
	vt_one_line(src, sizeof src, source);
	fprintf(out, "%s; remove this file to stop setting these at boot.\n# source: %s\n# time: %s\n# kernel: %s\n\n",
		VT_PERSIST_MARK, src, time, release);
	for (size_t i = 0; i < d->n; i++) {
		const struct vt_dropin_entry *e = &d->items[i];

		vt_one_line(note, sizeof note, e->note);
		if (note[0])
			fprintf(out, "# %s: %s\n", e->key, note);
		fprintf(out, "%s%s = %s\n", e->ignore_failure ? "-" : "", e->key, e->value);
	}
	if (d->n == 0)
		fputs("# (no knob set)\n", out);
	if (fclose(out) != 0 || text == NULL)
		vt_xalloc_die();
	return text;
}

/* The next line that sysctl reads (neither blank nor a comment), trimmed;
 * false at the end. */
static bool vt_dropin_next_setting(const char **p, const char **line, size_t *len)
{
	while (**p) {
		const char *s = *p, *eol = strchr(s, '\n');
		size_t n;

		if (eol == NULL)
			eol = s + strlen(s);
		*p = *eol ? eol + 1 : eol;
		while (s < eol && vt_space(*s))
			s++;
		n = (size_t)(eol - s);
		while (n > 0 && vt_space(s[n - 1]))
			n--;
		if (n == 0 || *s == '#' || *s == ';')
			continue;
		*line = s;
		*len = n;
		return true;
	}
	return false;
}

bool vt_dropin_same_body(const char *a, const char *b)
{
	const char *la, *lb;
	size_t na, nb;

	for (;;) {
		bool ha = vt_dropin_next_setting(&a, &la, &na), hb = vt_dropin_next_setting(&b, &lb, &nb);

		if (!ha || !hb)
			return ha == hb;
		if (na != nb || memcmp(la, lb, na) != 0)
			return false;
	}
}

int vt_dropin_read(const struct vt_root *root, const char *path, char **content, char **cause)
{
	struct vt_buf buf;
	int err;

	*content = NULL;
	vt_buf_init(&buf);
	err = vt_root_read_opt(root, path, &buf, VT_DROPIN_READ_MAX, cause);
	if (err > 0) {
		if (strlen(buf.data) != buf.len) {
			char *shown = vt_root_display(root, path);

			err = vt_cause_set(cause, -EINVAL, "%s holds a NUL byte: not a sysctl.d file", shown);
			free(shown);
		} else {
			*content = vt_xstrndup(buf.data, buf.len);
			err = 0;
		}
	}
	vt_buf_release(&buf);
	return err;
}

int vt_dropin_remove(const struct vt_root *root, const char *path, char **cause)
{
	const char *slash = strrchr(path, '/');
	char *parent, *shown;
	int dirfd, err = 0;

	err = vt_root_check_path(path, cause);
	if (err < 0)
		return err;
	parent = slash ? vt_xstrndup(path, (size_t)(slash - path)) : vt_xstrdup(".");
	dirfd = vt_root_openat(root, parent, O_RDONLY | O_DIRECTORY, cause);
	free(parent);
	if (dirfd < 0)
		return dirfd;
	if (unlinkat(dirfd, slash ? slash + 1 : path, 0) < 0 && errno != ENOENT)
		err = -errno;
	else if (fsync(dirfd) < 0)
		err = -errno;
	close(dirfd);
	if (err < 0) {
		shown = vt_root_display(root, path);
		vt_cause_set(cause, err, "cannot remove '%s': %s", shown, strerror(-err));
		free(shown);
	}
	return err;
}

void vt_dropin_rail(const char *path, const struct vt_dropin *existing, struct vt_apply_rails *rails)
{
	struct vt_apply_refusal *r;

	if (existing == NULL || existing->ours || rails->n == VT_KNOB_MAX)
		return;
	r = &rails->items[rails->n++];
	r->knob = NULL;
	r->hard = false;
	snprintf(r->why, sizeof r->why, "%s exists and was not written by vmtune: --persist would replace "
		 "it (its %zu setting%s kept, its comments lost); choose another file with --persist=FILE, "
		 "or --force", path, existing->n, existing->n == 1 ? "" : "s");
}
