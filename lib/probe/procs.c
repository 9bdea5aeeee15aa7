#include "config.h"
#include "probe/procs.h"
#include "core/cause.h"
#include "core/keytab.h"
#include "core/lines.h"
#include "core/strparse.h"
#include "core/text.h"
#include "core/xalloc.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A status file is a few KiB; a cgroup file a few lines. */
#define VT_PROC_FILE_MAX ((size_t)1 << 20)

/* Sorted by name (strcmp order); vt_status_table_check() verifies. */
static const struct vt_keytab_entry vt_status_keys[] = {
	{ "CapEff", VT_ST_CAP_EFF },
	{ "Kthread", VT_ST_KTHREAD },
	{ "Name", VT_ST_NAME },
	{ "PPid", VT_ST_PPID },
	{ "RssAnon", VT_ST_RSS_ANON },
	{ "RssFile", VT_ST_RSS_FILE },
	{ "RssShmem", VT_ST_RSS_SHMEM },
	{ "Tgid", VT_ST_TGID },
	{ "Uid", VT_ST_UID },
	{ "VmPMD", VT_ST_VM_PMD },
	{ "VmPTE", VT_ST_VM_PTE },
	{ "VmRSS", VT_ST_VM_RSS },
	{ "VmSwap", VT_ST_VM_SWAP },
};

#define VT_STATUS_NKEYS (sizeof vt_status_keys / sizeof vt_status_keys[0])
_Static_assert(VT_STATUS_NKEYS == VT_ST_COUNT, "status key table and enum disagree");

size_t vt_status_table_check(void)
{
	return vt_keytab_check(vt_status_keys, VT_STATUS_NKEYS);
}

const char *vt_status_name(enum vt_status_field f)
{
	return vt_keytab_name(vt_status_keys, VT_STATUS_NKEYS, (int)f);
}

bool vt_status_has(const struct vt_proc_status *st, enum vt_status_field f)
{
	return vt_bit_has(st->present, f);
}

/* The value of one status line: a kB count, a plain number, the first of
 * the Uid columns, or CapEff's hex mask. */
static int vt_status_value(enum vt_status_field f, const char *v, size_t n, uint64_t *out, char **cause)
{
	char *end;

	vt_trim(&v, &n);
	switch (f) {
	case VT_ST_UID: {
		size_t k = 0;

		while (k < n && v[k] != '\t' && v[k] != ' ')
			k++;
		return vt_parse_u64n(v, k, 0, UINT32_MAX, out, cause);
	}
	case VT_ST_CAP_EFF: {
		char hex[17];

		if (n == 0 || n > 16)
			return vt_cause_set(cause, -EINVAL, "expected up to 16 hex digits");
		for (size_t i = 0; i < n; i++)
			if (!((v[i] >= '0' && v[i] <= '9') || (v[i] >= 'a' && v[i] <= 'f') ||
			      (v[i] >= 'A' && v[i] <= 'F')))
				return vt_cause_set(cause, -EINVAL, "expected hex digits");
		memcpy(hex, v, n);
		hex[n] = '\0';
		*out = strtoull(hex, &end, 16);
		return 0;
	}
	case VT_ST_KTHREAD:
		return vt_parse_u64n(v, n, 0, 1, out, cause);
	case VT_ST_PPID:
	case VT_ST_TGID:
		return vt_parse_u64n(v, n, 0, INT32_MAX, out, cause);
	default:
		if (n >= 3 && memcmp(v + n - 3, " kB", 3) == 0)
			n -= 3;
		return vt_parse_u64n(v, n, 0, VT_COUNT_MAX, out, cause);
	}
}

int vt_status_parse(const char *buf, size_t len, struct vt_proc_status *out, char **cause)
{
	const char *line, *eol;
	struct vt_lines it;

	memset(out, 0, sizeof *out);
	vt_lines_init(&it, buf, len);
	while (vt_lines_next(&it, &line, &eol)) {
		const char *colon = memchr(line, ':', (size_t)(eol - line));
		int id;

		if (colon == NULL)
			continue;
		id = vt_keytab_lookup(vt_status_keys, VT_STATUS_NKEYS, line, (size_t)(colon - line));
		if (id < 0)
			continue;
		if (vt_status_has(out, (enum vt_status_field)id))
			return vt_cause_set(cause, -EINVAL, "line %u: '%s' printed twice", it.lineno,
					    vt_status_name((enum vt_status_field)id));
		if (id == VT_ST_NAME) {
			const char *v = colon + 1;
			size_t n;

			/* One tab follows the colon; the name itself may
			 * start or end with spaces. */
			if (v < eol && *v == '\t')
				v++;
			n = (size_t)(eol - v);
			if (n >= sizeof out->name)
				return vt_cause_set(cause, -EINVAL, "line %u: 'Name' longer than %zu bytes",
						    it.lineno, sizeof out->name - 1);
			memcpy(out->name, v, n);
			out->name[n] = '\0';
		} else if (vt_status_value((enum vt_status_field)id, colon + 1, (size_t)(eol - colon - 1),
					   &out->value[id], cause) < 0) {
			return vt_cause_prefix(cause, -EINVAL, "line %u: bad value for '%s'", it.lineno,
					       vt_status_name((enum vt_status_field)id));
		}
		vt_bit_set(out->present, (unsigned)id);
	}
	if (!vt_status_has(out, VT_ST_NAME))
		return vt_cause_set(cause, -EINVAL, "no 'Name' line");
	return 0;
}

int vt_pstat_parse(const char *buf, size_t len, struct vt_proc_stat *out, char **cause)
{
	const char *p = NULL, *end = buf + len, *f[7];
	size_t fl[7];
	uint64_t ppid;
	int i;

	memset(out, 0, sizeof *out);
	for (const char *q = buf; q < end; q++)
		if (*q == ')')
			p = q;
	if (p == NULL || memchr(buf, '(', (size_t)(p - buf)) == NULL)
		return vt_cause_set(cause, -EINVAL, "expected 'pid (comm) state ...'");
	p++;
	/* state ppid pgrp session tty_nr tpgid flags */
	for (i = 0; i < 7; i++) {
		while (p < end && *p == ' ')
			p++;
		f[i] = p;
		while (p < end && *p != ' ' && *p != '\n')
			p++;
		fl[i] = (size_t)(p - f[i]);
		if (fl[i] == 0)
			return vt_cause_set(cause, -EINVAL, "field %d missing after the command", i + 3);
	}
	if (fl[0] != 1)
		return vt_cause_set(cause, -EINVAL, "field 3 (state): expected one letter");
	out->state = f[0][0];
	if (vt_parse_u64n(f[1], fl[1], 0, INT32_MAX, &ppid, NULL) < 0)
		return vt_cause_set(cause, -EINVAL, "field 4 (ppid): not a number");
	out->ppid = (int64_t)ppid;
	if (vt_parse_u64n(f[6], fl[6], 0, UINT32_MAX, &out->flags, NULL) < 0)
		return vt_cause_set(cause, -EINVAL, "field 9 (flags): not a number");
	return 0;
}

int vt_proc_number_parse(const char *buf, size_t len, int64_t min, int64_t max, int64_t *out,
			 char **cause)
{
	return vt_parse_i64n(buf, len, min, max, out, cause);
}

/* An absolute cgroup path that names a directory below the cgroup mount
 * without leaving it: no "." or ".." component, no empty one but the
 * root's. */
static bool vt_cgroup_path_ok(const char *s, size_t n)
{
	size_t i = 1;

	if (n == 0 || s[0] != '/')
		return false;
	if (n == 1)
		return true;
	while (i <= n) {
		size_t j = i;

		while (j < n && s[j] != '/')
			j++;
		if (j == i || (j - i == 1 && s[i] == '.') || (j - i == 2 && s[i] == '.' && s[i + 1] == '.'))
			return false;
		if (memchr(s + i, '\0', j - i) != NULL)
			return false;
		i = j + 1;
	}
	return true;
}

static bool vt_list_has(const char *list, size_t n, const char *word)
{
	size_t w = strlen(word), i = 0;

	while (i < n) {
		size_t j = i;

		while (j < n && list[j] != ',')
			j++;
		if (j - i == w && memcmp(list + i, word, w) == 0)
			return true;
		i = j + 1;
	}
	return false;
}

int vt_pcgroup_parse(const char *buf, size_t len, char *v2, size_t v2size, char *v1mem,
		     size_t v1size, char **cause)
{
	const char *line, *eol;
	struct vt_lines it;

	v2[0] = v1mem[0] = '\0';
	vt_lines_init(&it, buf, len);
	while (vt_lines_next(&it, &line, &eol)) {
		const char *c1, *c2;
		char *dst = NULL;
		size_t size = 0, n;

		if (line == eol)
			continue;
		c1 = memchr(line, ':', (size_t)(eol - line));
		c2 = c1 ? memchr(c1 + 1, ':', (size_t)(eol - c1 - 1)) : NULL;
		if (c2 == NULL)
			return vt_cause_set(cause, -EINVAL, "line %u: expected 'id:controllers:path'", it.lineno);
		if (c1 - line == 1 && line[0] == '0' && c2 == c1 + 1)
			dst = v2, size = v2size;
		else if (vt_list_has(c1 + 1, (size_t)(c2 - c1 - 1), "memory"))
			dst = v1mem, size = v1size;
		if (dst == NULL)
			continue;
		n = (size_t)(eol - c2 - 1);
		/* A deleted cgroup reads "/a (deleted)": no directory to read. */
		if (!vt_cgroup_path_ok(c2 + 1, n) || n >= size) {
			char q[VT_TEXT_QUOTE_SIZE];

			return vt_cause_set(cause, -EINVAL, "line %u: '%s' is not a cgroup path vmtune can follow",
					    it.lineno, vt_text_quote(c2 + 1, n, q));
		}
		memcpy(dst, c2 + 1, n);
		dst[n] = '\0';
	}
	return 0;
}

void vt_procs_init(struct vt_procs *p)
{
	memset(p, 0, sizeof *p);
}

void vt_procs_release(struct vt_procs *p)
{
	free(p->procs);
	free(p->memcgs);
	vt_procs_init(p);
}

/* Gone (the process exited while it was read): skipped silently. */
static bool vt_proc_vanished(int err)
{
	return err == -ENOENT || err == -ESRCH;
}

static bool vt_proc_refused(int err)
{
	return err == -EACCES || err == -EPERM;
}

/* 1 read, 0 vanished, -EACCES refused, else -errno with cause. */
static int vt_proc_file(const struct vt_root *root, long pid, const char *file, struct vt_buf *buf,
			char **cause)
{
	char rel[64];
	char *why = NULL;
	int err;

	snprintf(rel, sizeof rel, "proc/%ld/%s", pid, file);
	err = vt_root_read(root, rel, buf, VT_PROC_FILE_MAX, &why);
	if (err >= 0) {
		free(why);
		return 1;
	}
	if (vt_proc_vanished(err) || vt_proc_refused(err)) {
		free(why);
		return vt_proc_vanished(err) ? 0 : -EACCES;
	}
	if (cause)
		*cause = why;
	else
		free(why);
	return err;
}

/* Names the file of a parse failure. */
static int vt_proc_fail(const struct vt_root *root, long pid, const char *file, int err, char **cause)
{
	char rel[64];

	snprintf(rel, sizeof rel, "proc/%ld/%s", pid, file);
	return vt_root_fail(root, rel, err, cause);
}

/* Reads one process: 1 kept, 0 vanished, -EACCES refused, else -errno. */
static int vt_proc_read(const struct vt_root *root, long pid, struct vt_buf *buf, struct vt_proc *p,
			char **cause)
{
	int r, err;

	memset(p, 0, sizeof *p);
	p->pid = pid;
	if ((r = vt_proc_file(root, pid, "status", buf, cause)) <= 0)
		return r;
	if ((err = vt_status_parse(buf->data, buf->len, &p->status, cause)) < 0)
		return vt_proc_fail(root, pid, "status", err, cause);
	if ((r = vt_proc_file(root, pid, "stat", buf, cause)) < 0 && r != -EACCES)
		return r;
	if (r == 0)
		return 0;
	if (r == 1) {
		if ((err = vt_pstat_parse(buf->data, buf->len, &p->stat, cause)) < 0)
			return vt_proc_fail(root, pid, "stat", err, cause);
		p->has_stat = true;
	}
	if ((r = vt_proc_file(root, pid, "oom_score_adj", buf, cause)) <= 0)
		return r;
	if ((err = vt_proc_number_parse(buf->data, buf->len, -1000, 1000, &p->oom_score_adj, cause)) < 0)
		return vt_proc_fail(root, pid, "oom_score_adj", err, cause);
	/* Read last, closest to the kernel's own reckoning of the same
	 * memory; a tree without it is a tree of another kind, not an
	 * error. */
	r = vt_proc_file(root, pid, "oom_score", buf, cause);
	if (r < 0 && r != -EACCES)
		return r;
	if (r == 1) {
		if ((err = vt_proc_number_parse(buf->data, buf->len, 0, 2000, &p->oom_score, cause)) < 0)
			return vt_proc_fail(root, pid, "oom_score", err, cause);
		p->has_oom_score = true;
	} else if (r == 0) {
		char rel[64];

		snprintf(rel, sizeof rel, "proc/%ld", pid);
		if (vt_root_exists(root, rel) != 0)
			return 0;
	}
	r = vt_proc_file(root, pid, "cgroup", buf, cause);
	if (r < 0 && r != -EACCES)
		return r;
	if (r == 1 && (err = vt_pcgroup_parse(buf->data, buf->len, p->cgroup, sizeof p->cgroup,
					      p->memcg_v1, sizeof p->memcg_v1, cause)) < 0)
		return vt_proc_fail(root, pid, "cgroup", err, cause);
	return 1;
}

static int vt_memcg_cmp(const void *a, const void *b)
{
	const struct vt_memcg *x = a, *y = b;

	if (x->v1 != y->v1)
		return x->v1 ? 1 : -1;
	return strcmp(x->path, y->path);
}

const struct vt_memcg *vt_procs_memcg(const struct vt_procs *p, bool v1, const char *path)
{
	struct vt_memcg key;

	if (strlen(path) >= sizeof key.path)
		return NULL;
	memset(&key, 0, sizeof key);
	key.v1 = v1;
	strcpy(key.path, path);
	return bsearch(&key, p->memcgs, p->nmemcgs, sizeof key, vt_memcg_cmp);
}

/* A byte count, or "max": has == false.  1 read, 0 missing or not a
 * number this reader knows, -errno refused. */
static int vt_memcg_number(const struct vt_root *root, const char *rel, struct vt_buf *buf,
			   bool *has, uint64_t *v)
{
	int r = vt_root_read_opt(root, rel, buf, VT_PROC_FILE_MAX, NULL);
	const char *s;
	size_t n;

	*has = false;
	if (r <= 0)
		return r;
	s = buf->data;
	n = buf->len;
	vt_trim(&s, &n);
	if (vt_parse_u64n(s, n, 0, VT_COUNT_MAX, v, NULL) == 0)
		*has = true;
	return 1;
}

static void vt_memcg_fill(const struct vt_root *root, const char *base, struct vt_memcg *m,
			  struct vt_buf *buf)
{
	/* base + path + file fits: path < 512 */
	char rel[700];
	const char *sub = strcmp(m->path, "/") == 0 ? "" : m->path;
	uint64_t v;
	bool has;

	m->oom_group = -1;
	if (m->v1) {
		uint64_t memsw;

		snprintf(rel, sizeof rel, "%s%s/memory.limit_in_bytes", base, sub);
		vt_memcg_number(root, rel, buf, &m->has_max, &m->max_bytes);
		/* v1 prints PAGE_COUNTER_MAX in bytes for "no limit". */
		if (m->has_max && m->max_bytes >= ((uint64_t)1 << 62))
			m->has_max = false;
		snprintf(rel, sizeof rel, "%s%s/memory.memsw.limit_in_bytes", base, sub);
		vt_memcg_number(root, rel, buf, &has, &memsw);
		if (has && m->has_max && memsw < ((uint64_t)1 << 62) && memsw >= m->max_bytes) {
			m->has_swap_max = true;
			m->swap_max_bytes = memsw - m->max_bytes;
		}
		return;
	}
	snprintf(rel, sizeof rel, "%s%s/memory.max", base, sub);
	vt_memcg_number(root, rel, buf, &m->has_max, &m->max_bytes);
	snprintf(rel, sizeof rel, "%s%s/memory.swap.max", base, sub);
	vt_memcg_number(root, rel, buf, &m->has_swap_max, &m->swap_max_bytes);
	snprintf(rel, sizeof rel, "%s%s/memory.oom.group", base, sub);
	if (vt_memcg_number(root, rel, buf, &has, &v) == 1 && has && v <= 1)
		m->oom_group = (int)v;
}

/* Adds `path` and every ancestor of it (once each). */
static void vt_memcg_add_chain(struct vt_procs *out, size_t *cap, bool v1, const char *path)
{
	char cur[512];

	snprintf(cur, sizeof cur, "%s", path);
	for (;;) {
		bool seen = false;
		char *slash;

		for (size_t i = 0; i < out->nmemcgs && !seen; i++)
			seen = out->memcgs[i].v1 == v1 && strcmp(out->memcgs[i].path, cur) == 0;
		if (!seen) {
			if (out->nmemcgs == *cap) {
				*cap = *cap ? *cap * 2 : 16;
				out->memcgs = vt_xreallocarray(out->memcgs, *cap, sizeof *out->memcgs);
			}
			memset(&out->memcgs[out->nmemcgs], 0, sizeof out->memcgs[0]);
			out->memcgs[out->nmemcgs].v1 = v1;
			strcpy(out->memcgs[out->nmemcgs].path, cur);
			out->nmemcgs++;
		}
		if (strcmp(cur, "/") == 0)
			break;
		slash = strrchr(cur, '/');
		if (slash == cur)
			slash[1] = '\0';
		else
			*slash = '\0';
	}
}

static void vt_memcgs_read(const struct vt_root *root, struct vt_procs *out, struct vt_buf *buf)
{
	size_t cap = 0;

	/* cgroup2 alone at sys/fs/cgroup, or beside v1 hierarchies at
	 * sys/fs/cgroup/unified (systemd's hybrid layout). */
	if (vt_root_exists(root, "sys/fs/cgroup/cgroup.controllers") == 0)
		strcpy(out->cgroup2_base, "sys/fs/cgroup");
	else if (vt_root_exists(root, "sys/fs/cgroup/unified/cgroup.controllers") == 0)
		strcpy(out->cgroup2_base, "sys/fs/cgroup/unified");
	if (vt_root_is_dir(root, "sys/fs/cgroup/memory") == 1)
		strcpy(out->cgroup1_memory_base, "sys/fs/cgroup/memory");
	for (size_t i = 0; i < out->n; i++) {
		if (out->cgroup2_base[0] && out->procs[i].cgroup[0])
			vt_memcg_add_chain(out, &cap, false, out->procs[i].cgroup);
		if (out->cgroup1_memory_base[0] && out->procs[i].memcg_v1[0])
			vt_memcg_add_chain(out, &cap, true, out->procs[i].memcg_v1);
	}
	for (size_t i = 0; i < out->nmemcgs; i++)
		vt_memcg_fill(root, out->memcgs[i].v1 ? out->cgroup1_memory_base : out->cgroup2_base,
			      &out->memcgs[i], buf);
	if (out->nmemcgs)
		qsort(out->memcgs, out->nmemcgs, sizeof *out->memcgs, vt_memcg_cmp);
}

int vt_procs_read(const struct vt_root *root, struct vt_procs *out, char **cause)
{
	struct vt_buf buf;
	char **names;
	size_t count, cap = 0;
	int err;

	vt_procs_init(out);
	err = vt_root_list(root, "proc", &names, &count, cause);
	if (err < 0)
		return err;
	vt_buf_init(&buf);
	for (size_t i = 0; i < count; i++) {
		unsigned id;
		int r;

		/* Processes only: "self", "meminfo", "sys" are other things. */
		if (!vt_parse_canonical_id(names[i], strlen(names[i]), INT32_MAX, &id) || id == 0)
			continue;
		if (out->n == cap) {
			cap = cap ? cap * 2 : 64;
			out->procs = vt_xreallocarray(out->procs, cap, sizeof *out->procs);
		}
		r = vt_proc_read(root, (long)id, &buf, &out->procs[out->n], cause);
		if (r == 1) {
			out->n++;
		} else if (r == -EACCES) {
			if (out->unreadable++ == 0)
				out->unreadable_first = (long)id;
		} else if (r < 0) {
			err = r;
			break;
		}
	}
	vt_strv_free(names, count);
	if (err == 0)
		vt_memcgs_read(root, out, &buf);
	vt_buf_release(&buf);
	if (err < 0)
		vt_procs_release(out);
	return err;
}
