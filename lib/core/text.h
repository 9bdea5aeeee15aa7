/* Text from the tree on its way out.  Host names (sethostname takes any
 * bytes), zone and counter names, paths and the contents quoted in error
 * messages are whatever the files say: not necessarily UTF-8, and possibly
 * terminal control sequences.  This is the one place that decides what such
 * bytes become:
 *
 *  - in JSON, a byte that is not part of a valid UTF-8 sequence (and NUL)
 *    becomes U+FFFD, the replacement character, so that the document is
 *    always valid (jansson refuses such strings outright);
 *  - on a terminal (text output, error messages), control characters (C0,
 *    DEL, and C1 as a raw byte or as UTF-8 U+0080..U+009F) and bytes that are
 *    not UTF-8 are written as "\xHH", so that nothing from the tree can move
 *    the cursor, recolour or retitle the terminal.  The backslash itself is
 *    left alone: escaping twice changes nothing. */
#ifndef VT_CORE_TEXT_H
#define VT_CORE_TEXT_H

#include <stdbool.h>
#include <stddef.h>

/* The length (1-4) of the valid UTF-8 sequence at s[0..len), or 0 when the
 * bytes there are not one (stray continuation byte, overlong form,
 * surrogate, above U+10FFFF, cut short).  NUL counts as valid here. */
size_t vt_utf8_seq(const char *s, size_t len);
/* Valid UTF-8 without NUL bytes. */
bool vt_utf8_valid(const char *s, size_t len);

/* A copy with every byte that is not part of a valid UTF-8 sequence, and
 * every NUL, replaced by U+FFFD.  Caller frees. */
char *vt_text_utf8(const char *s, size_t len);

enum vt_text_flags {
	VT_TEXT_KEEP_TAB = 1 << 0,      /* leave '\t' as it is */
	VT_TEXT_KEEP_NL = 1 << 1,       /* leave '\n' as it is */
};

/* Worst case: every byte becomes "\xHH". */
#define VT_TEXT_ESCAPED_SIZE(len) (4 * (len) + 1)

/* Escapes s[0..len) for a terminal into out[0..size) (NUL-terminated; only
 * whole escapes are written when it does not fit) and returns the length
 * the whole escaped text has, as snprintf does. */
size_t vt_text_escape_into(char *out, size_t size, const char *s, size_t len, unsigned flags);
/* The same, into a new string.  Caller frees. */
char *vt_text_escape(const char *s, size_t len, unsigned flags);
/* Whether vt_text_escape would change anything. */
bool vt_text_needs_escape(const char *s, size_t len, unsigned flags);

/* Quoting untrusted input in a message: at most VT_TEXT_QUOTE_MAX bytes
 * (cut at a character boundary, "..." added when cut), escaped. */
#define VT_TEXT_QUOTE_MAX 40
#define VT_TEXT_QUOTE_SIZE (4 * VT_TEXT_QUOTE_MAX + 4)
const char *vt_text_quote(const char *s, size_t len, char out[VT_TEXT_QUOTE_SIZE]);

#endif
