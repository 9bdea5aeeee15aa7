#include "config.h"
#include "probe/swaps.h"
#include "core/cause.h"
#include "core/lines.h"
#include "core/strparse.h"
#include "core/text.h"

#include <errno.h>
#include <string.h>

#define VT_SWAPS_MAX ((size_t)1 << 20)

/* The next field of a line split on spaces and tabs. */
static bool vt_swaps_field(const char **p, const char *end, const char **f, size_t *n)
{
	while (*p < end && (**p == ' ' || **p == '\t'))
		(*p)++;
	*f = *p;
	while (*p < end && **p != ' ' && **p != '\t')
		(*p)++;
	*n = (size_t)(*p - *f);
	return *n > 0;
}

int vt_swaps_parse(const char *buf, size_t len, struct vt_swaps *out, char **cause)
{
	const char *line, *eol;
	struct vt_lines it;
	unsigned lineno = 0;

	memset(out, 0, sizeof *out);
	out->zswap = -1;
	vt_lines_init(&it, buf, len);
	while (vt_lines_next(&it, &line, &eol)) {
		const char *p = line, *name, *type, *size, *used, *prio;
		size_t nn, nt, ns, nu, np;
		uint64_t s, u;
		int64_t pr;
		char q[VT_TEXT_QUOTE_SIZE];

		lineno++;
		if (lineno == 1) {
			if (eol - line < 8 || memcmp(line, "Filename", 8) != 0)
				return vt_cause_set(cause, -EINVAL, "line 1: expected the header 'Filename Type "
						    "Size Used Priority', found '%s'",
						    vt_text_quote(line, (size_t)(eol - line), q));
			continue;
		}
		if (line == eol)
			continue;
		if (!vt_swaps_field(&p, eol, &name, &nn) || !vt_swaps_field(&p, eol, &type, &nt) ||
		    !vt_swaps_field(&p, eol, &size, &ns) || !vt_swaps_field(&p, eol, &used, &nu) ||
		    !vt_swaps_field(&p, eol, &prio, &np) ||
		    vt_parse_u64n(size, ns, 0, VT_COUNT_MAX, &s, NULL) < 0 ||
		    vt_parse_u64n(used, nu, 0, VT_COUNT_MAX, &u, NULL) < 0 ||
		    vt_parse_i64n(prio, np, INT32_MIN, INT32_MAX, &pr, NULL) < 0)
			return vt_cause_set(cause, -EINVAL, "line %u: expected 'Filename Type Size Used "
					    "Priority', found '%s'", lineno,
					    vt_text_quote(line, (size_t)(eol - line), q));
		out->devices++;
		if (nn > 9 && memcmp(name, "/dev/zram", 9) == 0)
			out->zram++;
		else
			out->disk++;
		if (!vt_count_add(&out->size_kb, s) || !vt_count_add(&out->used_kb, u))
			return vt_cause_set(cause, -EOVERFLOW, "line %u: the swap sizes add up%s", lineno,
					    vt_count_why(-ERANGE));
	}
	if (lineno == 0)
		return vt_cause_set(cause, -EINVAL, "empty file (the kernel prints a header)");
	return 0;
}

int vt_zswap_enabled_parse(const char *buf, size_t len, int *out, char **cause)
{
	const char *t = buf;
	size_t n = len;
	char q[VT_TEXT_QUOTE_SIZE];

	vt_trim(&t, &n);
	if (n == 1 && (t[0] == 'Y' || t[0] == 'y' || t[0] == '1'))
		*out = 1;
	else if (n == 1 && (t[0] == 'N' || t[0] == 'n' || t[0] == '0'))
		*out = 0;
	else
		return vt_cause_set(cause, -EINVAL, "expected Y or N, found '%s'", vt_text_quote(t, n, q));
	return 0;
}

int vt_swaps_read(const struct vt_root *root, struct vt_swaps *out, bool *available, char **cause)
{
	struct vt_buf buf;
	int err, zswap = -1;

	memset(out, 0, sizeof *out);
	out->zswap = -1;
	*available = false;
	vt_buf_init(&buf);
	err = vt_root_read_opt(root, VT_SWAPS_PATH, &buf, VT_SWAPS_MAX, cause);
	if (err > 0) {
		err = vt_swaps_parse(buf.data, buf.len, out, cause);
		if (err < 0)
			vt_root_fail(root, VT_SWAPS_PATH, err, cause);
		*available = err == 0;
	}
	if (err >= 0)
		err = vt_root_read_opt(root, VT_ZSWAP_ENABLED_PATH, &buf, 64, cause);
	if (err > 0) {
		err = vt_zswap_enabled_parse(buf.data, buf.len, &zswap, cause);
		if (err < 0)
			vt_root_fail(root, VT_ZSWAP_ENABLED_PATH, err, cause);
		out->zswap = zswap;
	}
	vt_buf_release(&buf);
	return err < 0 ? err : 0;
}
