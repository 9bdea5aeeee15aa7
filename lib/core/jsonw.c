#include "config.h"
#include "core/jsonw.h"
#include "core/text.h"

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

void vt_jsonw_init(struct vt_jsonw *w, FILE *out)
{
	memset(w, 0, sizeof *w);
	w->out = out;
}

/* The escapes jansson writes, so both writers agree byte for byte; and
 * what core/json.h adds to jansson's output: bytes that are not UTF-8 (and
 * NUL) as U+FFFD, DEL and C1 controls as \u00XX.  A counter name is
 * whatever /proc/vmstat says: the line must stay JSON whatever it says. */
static void vt_jsonw_string_body(struct vt_jsonw *w, const char *s, size_t len, bool hex_invalid)
{
	static const char hex[] = "0123456789ABCDEF";

	putc('"', w->out);
	for (size_t i = 0; i < len;) {
		unsigned char c = (unsigned char)s[i];
		const char *short_form;
		size_t n;

		if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
			putc(c, w->out);
			i++;
			continue;
		}
		n = c < 0x80 ? 1 : vt_utf8_seq(s + i, len - i);
		if (n == 0 || c == 0) {
			if (hex_invalid) {	/* "\\xff": distinct bytes stay distinct */
				fputs("\\\\x", w->out);
				putc(hex[c >> 4] | 0x20, w->out);
				putc(hex[c & 15] | 0x20, w->out);
			} else {
				fputs("\xef\xbf\xbd", w->out);
			}
			i++;
			continue;
		}
		if (n == 2 && c == 0xc2 && (unsigned char)s[i + 1] < 0xa0) {
			c = (unsigned char)s[i + 1];    /* a C1 control */
		} else if (n > 1) {
			fwrite(s + i, 1, n, w->out);
			i += n;
			continue;
		}
		i += n;
		short_form = c == '"' ? "\\\"" : c == '\\' ? "\\\\" : c == '\b' ? "\\b" : c == '\f' ? "\\f" :
			     c == '\n' ? "\\n" : c == '\r' ? "\\r" : c == '\t' ? "\\t" : NULL;
		if (short_form != NULL) {
			fputs(short_form, w->out);
		} else {
			fputs("\\u00", w->out);
			putc(hex[c >> 4], w->out);
			putc(hex[c & 15], w->out);
		}
	}
	putc('"', w->out);
}

/* Whether `key` sorts after the previous key of the object at `d`, as
 * jansson's JSON_SORT_KEYS orders them (strcmp); remembers it. */
static bool vt_jsonw_in_order(struct vt_jsonw *w, unsigned d, const char *key, size_t len)
{
	size_t n = len < VT_JSONW_KEY_MAX ? len : VT_JSONW_KEY_MAX;
	size_t m = w->last_len[d];
	bool ok = true;

	if (w->nonempty[d]) {
		int c = memcmp(w->last[d], key, m < n ? m : n);

		/* Past the remembered prefix, equal prefixes cannot be judged. */
		ok = c < 0 || (c == 0 && (m < n || (m == n && n == VT_JSONW_KEY_MAX)));
	}
	memcpy(w->last[d], key, n);
	w->last_len[d] = n;
	return ok;
}

/* The separator and key before a value. */
static void vt_jsonw_key(struct vt_jsonw *w, const char *key, size_t len)
{
	if (w->depth > 0) {
		unsigned d = w->depth - 1;

		if (key != NULL && !w->unordered[d] && !vt_jsonw_in_order(w, d, key, len)) {
			w->failed = true;
			w->misordered = true;
		}
		if (w->nonempty[d])
			putc(',', w->out);
		w->nonempty[d] = true;
	}
	if (key != NULL) {
		/* A data object's keys are names copied from a kernel file: two
		 * names that differ only in bytes that are not UTF-8 must not
		 * become one key (U+FFFD), or the line could not be read back. */
		vt_jsonw_string_body(w, key, len, w->depth > 0 && w->unordered[w->depth - 1]);
		putc(':', w->out);
	}
}

static void vt_jsonw_key_z(struct vt_jsonw *w, const char *key)
{
	vt_jsonw_key(w, key, key != NULL ? strlen(key) : 0);
}

void vt_jsonw_open_n(struct vt_jsonw *w, const char *key, size_t len)
{
	vt_jsonw_key(w, key, len);
	putc('{', w->out);
	if (w->depth >= VT_JSONW_MAX_DEPTH) {
		w->failed = true;
		return;
	}
	w->unordered[w->depth] = false;
	w->nonempty[w->depth++] = false;
}

/* strcmp of the decimal spellings of a and b. */
static int vt_jsonw_id_cmp(unsigned a, unsigned b)
{
	char x[16], y[16];

	snprintf(x, sizeof x, "%u", a);
	snprintf(y, sizeof y, "%u", b);
	return strcmp(x, y);
}

void vt_jsonw_id_order(const unsigned *ids, size_t n, uint16_t *order)
{
	if (n > VT_JSONW_MAX_IDS)
		n = VT_JSONW_MAX_IDS;
	for (size_t i = 0; i < n; i++) {
		size_t j = i;

		while (j > 0 && vt_jsonw_id_cmp(ids[order[j - 1]], ids[i]) > 0) {
			order[j] = order[j - 1];
			j--;
		}
		order[j] = (uint16_t)i;
	}
}

void vt_jsonw_open_data(struct vt_jsonw *w, const char *key)
{
	vt_jsonw_open(w, key);
	if (w->depth > 0 && w->depth <= VT_JSONW_MAX_DEPTH)
		w->unordered[w->depth - 1] = true;
}

void vt_jsonw_open(struct vt_jsonw *w, const char *key)
{
	vt_jsonw_open_n(w, key, key != NULL ? strlen(key) : 0);
}

void vt_jsonw_close(struct vt_jsonw *w)
{
	putc('}', w->out);
	if (w->depth == 0)
		w->failed = true;
	else
		w->depth--;
}

void vt_jsonw_null(struct vt_jsonw *w, const char *key)
{
	vt_jsonw_key_z(w, key);
	fputs("null", w->out);
}

void vt_jsonw_bool(struct vt_jsonw *w, const char *key, bool v)
{
	vt_jsonw_key_z(w, key);
	fputs(v ? "true" : "false", w->out);
}

void vt_jsonw_int(struct vt_jsonw *w, const char *key, int64_t v)
{
	vt_jsonw_key_z(w, key);
	fprintf(w->out, "%" PRId64, v);
}

void vt_jsonw_uint_n(struct vt_jsonw *w, const char *key, size_t len, uint64_t v)
{
	vt_jsonw_key(w, key, len);
	fprintf(w->out, "%" PRIu64, v);
}

size_t vt_jsonw_format_real(double v, char out[32])
{
	char *e, *digits, *end;
	int n = snprintf(out, 32, "%.17g", v);
	size_t len = n > 0 && n < 32 ? (size_t)n : 0;

	out[len] = '\0';
	e = strchr(out, 'e');
	if (e == NULL) {
		if (strchr(out, '.') == NULL && len + 2 < 32) {
			memcpy(out + len, ".0", 3);
			len += 2;
		}
		return len;
	}
	/* "1e+20" -> "1e20", "1e-05" -> "1e-5". */
	digits = e + 1;
	if (*digits == '-')
		digits++;
	end = digits;
	while (*end == '+' || *end == '0')
		end++;
	if (*end == '\0')
		end--;
	if (end != digits) {
		memmove(digits, end, strlen(end) + 1);
		len = strlen(out);
	}
	return len;
}

void vt_jsonw_real(struct vt_jsonw *w, const char *key, double v)
{
	char text[32];

	if (!isfinite(v)) {
		vt_jsonw_null(w, key);
		return;
	}
	vt_jsonw_key_z(w, key);
	vt_jsonw_format_real(v, text);
	fputs(text, w->out);
}

void vt_jsonw_string(struct vt_jsonw *w, const char *key, const char *s)
{
	if (s == NULL) {
		vt_jsonw_null(w, key);
		return;
	}
	vt_jsonw_key_z(w, key);
	vt_jsonw_string_body(w, s, strlen(s), false);
}

void vt_jsonw_string_n(struct vt_jsonw *w, const char *key, size_t len, const char *s)
{
	vt_jsonw_key(w, key, len);
	vt_jsonw_string_body(w, s, strlen(s), false);
}

int vt_jsonw_end_line(struct vt_jsonw *w)
{
	putc('\n', w->out);
	if (w->depth != 0)
		w->failed = true;
	w->depth = 0;
	if (w->misordered)
		return -EPROTO;
	return w->failed || ferror(w->out) ? -EIO : 0;
}
