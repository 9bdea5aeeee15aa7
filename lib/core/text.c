#include "config.h"
#include "core/text.h"
#include "core/xalloc.h"

#include <string.h>

/* RFC 3629, table 3-7 of the Unicode standard: the second byte's range
 * depends on the first, which rules out overlong forms, surrogates and
 * code points above U+10FFFF. */
size_t vt_utf8_seq(const char *s, size_t len)
{
	const unsigned char *u = (const unsigned char *)s;
	unsigned char lo = 0x80, hi = 0xbf;
	size_t n;

	if (len == 0)
		return 0;
	if (u[0] < 0x80)
		return 1;
	if (u[0] >= 0xc2 && u[0] <= 0xdf)
		n = 2;
	else if (u[0] >= 0xe0 && u[0] <= 0xef)
		n = 3;
	else if (u[0] >= 0xf0 && u[0] <= 0xf4)
		n = 4;
	else
		return 0;
	if (u[0] == 0xe0)
		lo = 0xa0;
	else if (u[0] == 0xed)
		hi = 0x9f;
	else if (u[0] == 0xf0)
		lo = 0x90;
	else if (u[0] == 0xf4)
		hi = 0x8f;
	if (len < n || u[1] < lo || u[1] > hi)
		return 0;
	for (size_t i = 2; i < n; i++)
		if (u[i] < 0x80 || u[i] > 0xbf)
			return 0;
	return n;
}

bool vt_utf8_valid(const char *s, size_t len)
{
	for (size_t i = 0; i < len;) {
		size_t n = vt_utf8_seq(s + i, len - i);

		if (n == 0 || s[i] == '\0')
			return false;
		i += n;
	}
	return true;
}

char *vt_text_utf8(const char *s, size_t len)
{
	/* U+FFFD is three bytes: at most three times the input. */
	char *out = vt_xmalloc(3 * len + 1), *p = out;

	for (size_t i = 0; i < len;) {
		size_t n = vt_utf8_seq(s + i, len - i);

		if (n == 0 || s[i] == '\0') {
			memcpy(p, "\xef\xbf\xbd", 3);
			p += 3;
			i++;
			continue;
		}
		memcpy(p, s + i, n);
		p += n;
		i += n;
	}
	*p = '\0';
	return out;
}

/* The escaped form of the unit at s (a character or a stray byte): 0 when
 * it passes as it is, else the number of bytes escaped as "\xHH" each.
 * *n receives the unit's length. */
static size_t vt_text_unit(const char *s, size_t len, unsigned flags, size_t *n)
{
	unsigned char c = (unsigned char)s[0];

	*n = vt_utf8_seq(s, len);
	if (*n == 0) {
		*n = 1;
		return 1;       /* not UTF-8: a raw C1 byte is one of these */
	}
	if (*n == 1) {
		if (c == '\t' && (flags & VT_TEXT_KEEP_TAB))
			return 0;
		if (c == '\n' && (flags & VT_TEXT_KEEP_NL))
			return 0;
		return c < 0x20 || c == 0x7f ? 1 : 0;
	}
	/* U+0080..U+009F (C2 80..C2 9F): C1 controls, CSI among them, which a
	 * UTF-8 terminal may obey. */
	if (*n == 2 && c == 0xc2 && (unsigned char)s[1] < 0xa0)
		return 2;
	return 0;
}

size_t vt_text_escape_into(char *out, size_t size, const char *s, size_t len, unsigned flags)
{
	static const char hex[] = "0123456789abcdef";
	size_t w = 0, total = 0;
	bool full = size == 0;

	for (size_t i = 0; i < len;) {
		size_t n, esc = vt_text_unit(s + i, len - i, flags, &n);
		size_t need = esc ? 4 * esc : n;

		if (!full && w + need < size) {
			if (esc == 0) {
				memcpy(out + w, s + i, n);
			} else {
				for (size_t k = 0; k < esc; k++) {
					unsigned char b = (unsigned char)s[i + k];

					out[w + 4 * k] = '\\';
					out[w + 4 * k + 1] = 'x';
					out[w + 4 * k + 2] = hex[b >> 4];
					out[w + 4 * k + 3] = hex[b & 15];
				}
			}
			w += need;
		} else {
			full = true;
		}
		total += need;
		i += n;
	}
	if (size > 0)
		out[w] = '\0';
	return total;
}

char *vt_text_escape(const char *s, size_t len, unsigned flags)
{
	size_t need = vt_text_escape_into(NULL, 0, s, len, flags);
	char *out = vt_xmalloc(need + 1);

	vt_text_escape_into(out, need + 1, s, len, flags);
	return out;
}

bool vt_text_needs_escape(const char *s, size_t len, unsigned flags)
{
	for (size_t i = 0; i < len;) {
		size_t n;

		if (vt_text_unit(s + i, len - i, flags, &n))
			return true;
		i += n;
	}
	return false;
}

const char *vt_text_quote(const char *s, size_t len, char out[VT_TEXT_QUOTE_SIZE])
{
	size_t n = 0;

	/* Cut between characters, so that the quote does not end in half of
	 * one (which would show as escaped bytes that are not in the input). */
	while (n < len) {
		size_t k = vt_utf8_seq(s + n, len - n);

		if (k == 0)
			k = 1;
		if (n + k > VT_TEXT_QUOTE_MAX)
			break;
		n += k;
	}
	vt_text_escape_into(out, VT_TEXT_QUOTE_SIZE, s, n, 0);
	if (n < len)
		strcat(out, "...");
	return out;
}
