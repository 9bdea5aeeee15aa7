#include "config.h"
#include "probe/sos.h"
#include "core/cause.h"
#include "core/lines.h"
#include "core/text.h"
#include "core/xalloc.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The namespaces vmtune reads; every other key of sysctl -a is ignored
 * (there are over a thousand, mostly net.). */
static const char *const vt_sos_prefixes[] = { "vm.", "kernel." };

void vt_sos_sysctls_init(struct vt_sos_sysctls *s)
{
	memset(s, 0, sizeof *s);
}

void vt_sos_sysctls_release(struct vt_sos_sysctls *s)
{
	for (size_t i = 0; i < s->count; i++) {
		free(s->v[i].name);
		free(s->v[i].value);
	}
	free(s->v);
	memset(s, 0, sizeof *s);
}

static bool vt_sos_wanted(const char *key, size_t n)
{
	for (size_t i = 0; i < sizeof vt_sos_prefixes / sizeof vt_sos_prefixes[0]; i++) {
		size_t p = strlen(vt_sos_prefixes[i]);

		if (n > p && memcmp(key, vt_sos_prefixes[i], p) == 0)
			return true;
	}
	return false;
}

static bool vt_sos_key_ok(const char *key, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char c = key[i];

		if (!(c == '.' || c == '_' || c == '-' || (c >= '0' && c <= '9') ||
		      (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')))
			return false;
	}
	return n > 0;
}

/* By name, and for one name by line: the first line printed wins. */
static int vt_sos_cmp(const void *a, const void *b)
{
	const struct vt_sos_sysctl *x = a, *y = b;
	int c = strcmp(x->name, y->name);

	return c != 0 ? c : (x->line > y->line) - (x->line < y->line);
}

int vt_sos_sysctl_parse(const char *buf, size_t len, struct vt_sos_sysctls *out, char **cause)
{
	const char *line, *eol;
	struct vt_lines it;
	size_t shaped = 0, kept = 0;

	vt_sos_sysctls_release(out);
	vt_lines_init(&it, buf, len);
	while (vt_lines_next(&it, &line, &eol)) {
		const char *eq = NULL, *v;
		size_t n;

		/* "key = value": the first " = " splits (values may hold '='). */
		for (const char *p = line; p + 3 <= eol; p++)
			if (p[0] == ' ' && p[1] == '=' && p[2] == ' ') {
				eq = p;
				break;
			}
		if (eq == NULL || !vt_sos_key_ok(line, (size_t)(eq - line)))
			continue;
		shaped++;
		n = (size_t)(eq - line);
		if (!vt_sos_wanted(line, n) || memchr(line, '\0', (size_t)(eol - line)) != NULL)
			continue;
		v = eq + 3;
		while (eol > v && (eol[-1] == ' ' || eol[-1] == '\t' || eol[-1] == '\r'))
			eol--;
		out->v = vt_xreallocarray(out->v, out->count + 1, sizeof *out->v);
		out->v[out->count].name = vt_xstrndup(line, n);
		out->v[out->count].value = vt_xstrndup(v, (size_t)(eol - v));
		out->v[out->count].line = it.lineno;
		out->count++;
	}
	if (shaped == 0) {
		vt_sos_sysctls_release(out);
		return vt_cause_set(cause, -EINVAL, "no 'key = value' line: not the output of sysctl -a");
	}
	/* Sort, then keep the first of each name. */
	if (out->count > 1)
		qsort(out->v, out->count, sizeof *out->v, vt_sos_cmp);
	for (size_t i = 0; i < out->count; i++) {
		if (kept > 0 && strcmp(out->v[kept - 1].name, out->v[i].name) == 0) {
			free(out->v[i].name);
			free(out->v[i].value);
			continue;
		}
		out->v[kept++] = out->v[i];
	}
	out->count = kept;
	return 0;
}

const struct vt_sos_sysctl *vt_sos_sysctl_get(const struct vt_sos_sysctls *s, const char *name)
{
	size_t lo = 0, hi = s->count;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(s->v[mid].name, name);

		if (c == 0)
			return &s->v[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* The next blank-separated field of [*p, end), or false. */
static bool vt_sos_field(const char **p, const char *end, const char **f, size_t *n)
{
	while (*p < end && (**p == ' ' || **p == '\t'))
		(*p)++;
	*f = *p;
	while (*p < end && **p != ' ' && **p != '\t' && **p != '\n')
		(*p)++;
	*n = (size_t)(*p - *f);
	return *n > 0;
}

static int vt_sos_copy(char *out, size_t size, const char *s, size_t n, const char *what, char **cause)
{
	char q[VT_TEXT_QUOTE_SIZE];

	if (n >= size || memchr(s, '\0', n) != NULL)
		return vt_cause_set(cause, -EINVAL, "invalid %s '%s'", what, vt_text_quote(s, n, q));
	memcpy(out, s, n);
	out[n] = '\0';
	return 0;
}

int vt_sos_uname_parse(const char *buf, size_t len, char *host, size_t host_size,
		       char *release, size_t release_size, char **cause)
{
	const char *p = buf, *end = memchr(buf, '\n', len), *f[3];
	size_t n[3];
	char q[VT_TEXT_QUOTE_SIZE];

	if (end == NULL)
		end = buf + len;
	for (int i = 0; i < 3; i++)
		if (!vt_sos_field(&p, end, &f[i], &n[i]))
			return vt_cause_set(cause, -EINVAL, "expected 'SYSNAME NODENAME RELEASE ...', "
					    "found '%s'", vt_text_quote(buf, (size_t)(end - buf), q));
	if (vt_sos_copy(host, host_size, f[1], n[1], "node name", cause) < 0)
		return -EINVAL;
	return vt_sos_copy(release, release_size, f[2], n[2], "kernel release", cause);
}

int vt_proc_version_parse(const char *buf, size_t len, char *release, size_t size, char **cause)
{
	static const char head[] = "Linux version ";
	const char *p = buf + sizeof head - 1, *end = buf + len, *f;
	size_t n;
	char q[VT_TEXT_QUOTE_SIZE];

	if (len < sizeof head - 1 || memcmp(buf, head, sizeof head - 1) != 0 || !vt_sos_field(&p, end, &f, &n)) {
		const char *eol = memchr(buf, '\n', len);

		return vt_cause_set(cause, -EINVAL, "expected 'Linux version RELEASE ...', found '%s'",
				    vt_text_quote(buf, eol ? (size_t)(eol - buf) : len, q));
	}
	return vt_sos_copy(release, size, f, n, "kernel release", cause);
}

int vt_sos_sysctls_read(const struct vt_root *root, struct vt_sos_sysctls *out, char **cause)
{
	struct vt_buf buf;
	int err;

	vt_buf_init(&buf);
	err = vt_root_read_opt(root, VT_SOS_SYSCTL_PATH, &buf, (size_t)16 << 20, cause);
	if (err > 0 && vt_sos_sysctl_parse(buf.data, buf.len, out, cause) < 0)
		err = vt_root_fail(root, VT_SOS_SYSCTL_PATH, -EINVAL, cause);
	vt_buf_release(&buf);
	return err;
}
