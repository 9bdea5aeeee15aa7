#include "config.h"
#include "probe/psi.h"
#include "core/cause.h"
#include "core/lines.h"
#include "core/strparse.h"
#include "core/text.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* "12.34" as printed by the kernel (LOAD_INT.LOAD_FRAC): digits, a dot and
 * up to two decimals; 0..100 inclusive.  No strtod: it would accept "1e2",
 * "nan" and locale decimal commas. */
static int vt_psi_parse_pct(const char *s, size_t len, double *out)
{
	uint64_t ip = 0, fp = 0, scale = 1;
	size_t i = 0;

	if (len == 0 || len > 12)
		return -EINVAL;
	for (; i < len && s[i] >= '0' && s[i] <= '9'; i++)
		ip = ip * 10 + (uint64_t)(s[i] - '0');
	if (i == 0)
		return -EINVAL;
	if (i < len) {
		if (s[i] != '.' || i + 1 == len)
			return -EINVAL;
		for (i++; i < len; i++) {
			if (s[i] < '0' || s[i] > '9' || scale >= 1000000)
				return -EINVAL;
			fp = fp * 10 + (uint64_t)(s[i] - '0');
			scale *= 10;
		}
	}
	*out = (double)ip + (double)fp / (double)scale;
	return *out <= 100.0 ? 0 : -ERANGE;
}

static int vt_psi_parse_line(const char *p, const char *end, unsigned lineno, const char *kind,
			     struct vt_psi_line *line, char **cause)
{
	unsigned seen = 0;

	while (p < end) {
		const char *tok = p, *eq, *tend;
		char q[VT_TEXT_QUOTE_SIZE];
		size_t klen, vlen;

		while (p < end && *p != ' ')
			p++;
		tend = p;
		while (p < end && *p == ' ')
			p++;
		if (tend == tok)
			continue;
		eq = memchr(tok, '=', (size_t)(tend - tok));
		if (eq == NULL)
			return vt_cause_set(cause, -EINVAL, "line %u (%s): expected 'key=value', got '%s'",
					    lineno, kind, vt_text_quote(tok, (size_t)(tend - tok), q));
		klen = (size_t)(eq - tok);
		vlen = (size_t)(tend - eq - 1);
#define VT_KEY(name) (klen == sizeof name - 1 && memcmp(tok, name, klen) == 0)
		if (VT_KEY("avg10") || VT_KEY("avg60") || VT_KEY("avg300")) {
			double *dst = VT_KEY("avg10") ? &line->avg10 : VT_KEY("avg60") ? &line->avg60 : &line->avg300;
			unsigned bit = VT_KEY("avg10") ? 1 : VT_KEY("avg60") ? 2 : 4;

			if (seen & bit)
				return vt_cause_set(cause, -EINVAL, "line %u (%s): '%.*s' twice", lineno, kind,
						    (int)klen, tok);
			if (vt_psi_parse_pct(eq + 1, vlen, dst) < 0)
				return vt_cause_set(cause, -EINVAL, "line %u (%s): bad value '%s' for '%.*s'",
						    lineno, kind, vt_text_quote(eq + 1, vlen, q), (int)klen, tok);
			seen |= bit;
		} else if (VT_KEY("total")) {
			if (seen & 8)
				return vt_cause_set(cause, -EINVAL, "line %u (%s): 'total' twice", lineno, kind);
			int err = vt_parse_count(eq + 1, vlen, &line->total_us);

			if (err < 0)
				return vt_cause_set(cause, -EINVAL, "line %u (%s): bad value '%s' for 'total'%s",
						    lineno, kind, vt_text_quote(eq + 1, vlen, q), vt_count_why(err));
			seen |= 8;
		}
#undef VT_KEY
	}
	if (seen != 15)
		return vt_cause_set(cause, -EINVAL, "line %u (%s): missing %s", lineno, kind,
				    !(seen & 1) ? "avg10" : !(seen & 2) ? "avg60" : !(seen & 4) ? "avg300" : "total");
	line->present = true;
	return 0;
}

int vt_psi_parse(const char *buf, size_t len, struct vt_psi *out, char **cause)
{
	const char *line, *eol;
	struct vt_lines it;
	int err;

	memset(out, 0, sizeof *out);
	vt_lines_init(&it, buf, len);
	while (vt_lines_next(&it, &line, &eol)) {
		unsigned lineno = it.lineno;
		struct vt_psi_line *dst;
		const char *kind;
		size_t n;

		n = (size_t)(eol - line);
		vt_trim(&line, &n);
		if (n == 0)
			continue;
		if (n > 5 && memcmp(line, "some ", 5) == 0) {
			dst = &out->some;
			kind = "some";
		} else if (n > 5 && memcmp(line, "full ", 5) == 0) {
			dst = &out->full;
			kind = "full";
		} else {
			continue;
		}
		if (dst->present)
			return vt_cause_set(cause, -EINVAL, "line %u: second '%s' line", lineno, kind);
		err = vt_psi_parse_line(line + 5, line + n, lineno, kind, dst, cause);
		if (err < 0)
			return err;
	}
	if (!out->some.present)
		return vt_cause_set(cause, -EINVAL, "no 'some' line");
	return 0;
}

static int vt_psi_finish(int err, const char *display, struct vt_buf *scratch, struct vt_psi *out,
			 char **cause)
{
	if (err < 0)
		return err;
	err = vt_psi_parse(scratch->data, scratch->len, out, cause);
	if (err < 0)
		vt_cause_file(cause, err, display);
	return err;
}

int vt_psi_read(const struct vt_root *root, const char *rel, struct vt_buf *scratch,
		struct vt_psi *out, char **cause)
{
	char *shown = vt_root_display(root, rel);
	int err = vt_root_read(root, rel, scratch, 1 << 16, cause);

	err = vt_psi_finish(err, shown, scratch, out, cause);
	free(shown);
	return err;
}

int vt_psi_read_fd(int fd, const char *display, struct vt_buf *scratch, struct vt_psi *out,
		   char **cause)
{
	int err = vt_read_fd(fd, scratch, 1 << 16, display, cause);

	return vt_psi_finish(err, display, scratch, out, cause);
}
