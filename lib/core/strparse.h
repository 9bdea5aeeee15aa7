/* Strict parsing of the numbers and lists found in kernel files and on the
 * command line: whole input only (surrounding whitespace allowed), range
 * checked, and a message that quotes the offending text. */
#ifndef VT_CORE_STRPARSE_H
#define VT_CORE_STRPARSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

int vt_parse_u64(const char *s, uint64_t min, uint64_t max, uint64_t *out, char **cause);
int vt_parse_i64(const char *s, int64_t min, int64_t max, int64_t *out, char **cause);
/* Same, on a buffer that need not be NUL-terminated. */
int vt_parse_u64n(const char *s, size_t len, uint64_t min, uint64_t max, uint64_t *out, char **cause);
int vt_parse_i64n(const char *s, size_t len, int64_t min, int64_t max, int64_t *out, char **cause);
/* The largest count vmtune takes from a kernel file.  No kernel prints
 * more (its counters are longs, and sums of them as the kernel keeps
 * them), and jansson's JSON integers are int64_t: a larger value would come
 * out negative.  Such a value is malformed input, refused with the line and
 * key; sums of counts are checked against the same bound. */
#define VT_COUNT_MAX ((uint64_t)INT64_MAX)

/* A count: digits only (surrounding whitespace allowed), 0..VT_COUNT_MAX.
 * 0, -EINVAL or -ERANGE, without a message: the parser names line and key,
 * and appends vt_count_why(err). */
int vt_parse_count(const char *s, size_t len, uint64_t *out);
/* ": out of range [0, 9223372036854775807]" for -ERANGE, else "". */
const char *vt_count_why(int err);
/* *acc += v if the sum stays within VT_COUNT_MAX; false (*acc unchanged)
 * otherwise. */
static inline bool vt_count_add(uint64_t *acc, uint64_t v)
{
	if (*acc > VT_COUNT_MAX || v > VT_COUNT_MAX - *acc)
		return false;
	*acc += v;
	return true;
}

/* Decimal fraction such as "0.2" or "1e-1" is refused: plain [digits][.digits]. */
int vt_parse_double(const char *s, double min, double max, double *out, char **cause);

/* An id as the kernel prints it: decimal digits only, no sign, space or
 * leading zero ("0", "12"; not "00", "+0", " 1"), at most `max`.  One id has
 * one spelling, so ids that compare equal as text are the same id. */
bool vt_parse_canonical_id(const char *s, size_t len, unsigned max, unsigned *id);

/* A sysfs directory name "<prefix><id>" ("node12", "memory_tier4", "access0"):
 * true with *id set when only an unpadded id up to VT_IDSET_MAX_ID follows. */
bool vt_parse_prefixed_id(const char *name, const char *prefix, unsigned *id);

/* A set of small non-negative ids (NUMA nodes, CPUs), kept sorted and unique. */
struct vt_idset {
	unsigned *ids;
	size_t count;
	size_t cap;
};

#define VT_IDSET_MAX_ID 65535u

void vt_idset_init(struct vt_idset *set);
void vt_idset_release(struct vt_idset *set);
void vt_idset_clear(struct vt_idset *set);
void vt_idset_add(struct vt_idset *set, unsigned id);
bool vt_idset_contains(const struct vt_idset *set, unsigned id);
/* Parses the kernel's list format "0-3,8,10-11" (also "" or "\n": empty). */
int vt_idset_parse(const char *s, size_t len, struct vt_idset *out, char **cause);
/* Parses a cpumap-style hex mask "00000000,0000000f". */
int vt_idset_parse_mask(const char *s, size_t len, struct vt_idset *out, char **cause);
/* Formats back into the compressed list form; "" for an empty set.  Caller frees. */
char *vt_idset_format(const struct vt_idset *set);

/* Trims ASCII whitespace from both ends of [*s, *s + *len). */
void vt_trim(const char **s, size_t *len);
/* The same for the span [*s, *e) (isspace() in the C locale: what systemd's
 * strstrip and procps' lstrip trim in sysctl.d lines). */
void vt_trim_span(const char **s, const char **e);
/* Copies [s, e) into out as a string; false (out untouched) when it does
 * not fit in `size` bytes with its terminator. */
bool vt_copy_span(char *out, size_t size, const char *s, const char *e);

#endif
