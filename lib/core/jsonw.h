/* A streaming JSON writer for the sampling loops.  jansson builds a tree on
 * the heap for every line; `stat --json` and `record` write one line per
 * interval for as long as they run, and their loops allocate nothing after
 * start-up (DESIGN §4), so they write straight into the FILE instead.
 *
 * Keys must come in the order json_dumps with JSON_SORT_KEYS prints them
 * (bytewise, so "10" before "2"), and the writer checks it: a key that does
 * not sort after its predecessor fails the line, so every test of a
 * streaming output also tests its key order.  Objects holding data rather
 * than a schema (a counter file in the kernel's order) are opened with
 * vt_jsonw_open_data and not checked.  Reals are formatted
 * exactly as jansson formats them, and strings as core/json.h's
 * vt_json_dumps prints them (bytes that are not UTF-8 as U+FFFD, controls
 * escaped), so a line reads the same either way and is always valid JSON.
 * Errors are sticky: check once with vt_jsonw_end_line(). */
#ifndef VT_CORE_JSONW_H
#define VT_CORE_JSONW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define VT_JSONW_MAX_DEPTH 8
/* The longest key compared in full; longer keys compare by this prefix. */
#define VT_JSONW_KEY_MAX 64

struct vt_jsonw {
	FILE *out;
	unsigned depth;
	bool nonempty[VT_JSONW_MAX_DEPTH];
	bool unordered[VT_JSONW_MAX_DEPTH];
	char last[VT_JSONW_MAX_DEPTH][VT_JSONW_KEY_MAX];
	size_t last_len[VT_JSONW_MAX_DEPTH];
	bool failed;
	bool misordered;        /* failed because of key order (a bug, not I/O) */
};

void vt_jsonw_init(struct vt_jsonw *w, FILE *out);
/* Each value takes the key it has in the enclosing object; `key` is NULL
 * for the top-level value.  The _n variant takes a key that is not
 * NUL-terminated (a counter name inside a read buffer). */
void vt_jsonw_open(struct vt_jsonw *w, const char *key);
void vt_jsonw_open_n(struct vt_jsonw *w, const char *key, size_t len);
/* An object whose members keep the order of the data they copy. */
void vt_jsonw_open_data(struct vt_jsonw *w, const char *key);
void vt_jsonw_close(struct vt_jsonw *w);
void vt_jsonw_null(struct vt_jsonw *w, const char *key);
void vt_jsonw_bool(struct vt_jsonw *w, const char *key, bool v);
void vt_jsonw_int(struct vt_jsonw *w, const char *key, int64_t v);
void vt_jsonw_uint_n(struct vt_jsonw *w, const char *key, size_t len, uint64_t v);
/* A non-finite value has no JSON spelling: it is written as null. */
void vt_jsonw_real(struct vt_jsonw *w, const char *key, double v);
/* NULL is written as null. */
void vt_jsonw_string(struct vt_jsonw *w, const char *key, const char *s);
void vt_jsonw_string_n(struct vt_jsonw *w, const char *key, size_t len, const char *s);
/* Ends the line: newline, and 0, -EPROTO when keys were out of order (a
 * bug in the caller), or -EIO if anything failed to write or the nesting
 * was wrong. */
int vt_jsonw_end_line(struct vt_jsonw *w);

/* Node objects are keyed by decimal ids, which JSON_SORT_KEYS orders as
 * strings ("10" before "2").  Fills order[0..n) with the indexes of ids[]
 * in that order, without allocating (an insertion sort: n is a node count,
 * at most 1024). */
#define VT_JSONW_MAX_IDS 1024
void vt_jsonw_id_order(const unsigned *ids, size_t n, uint16_t *order);

/* A real as jansson prints it: "%.17g", ".0" added to integral values,
 * exponent without '+' or leading zeros.  Returns the length. */
size_t vt_jsonw_format_real(double v, char out[32]);

#endif
