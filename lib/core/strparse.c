#include "config.h"
#include "core/strparse.h"
#include "core/cause.h"
#include "core/text.h"
#include "core/xalloc.h"

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void vt_trim(const char **s, size_t *len)
{
	while (*len > 0 && isspace((unsigned char)**s)) {
		(*s)++;
		(*len)--;
	}
	while (*len > 0 && isspace((unsigned char)(*s)[*len - 1]))
		(*len)--;
}

void vt_trim_span(const char **s, const char **e)
{
	size_t len = (size_t)(*e - *s);

	vt_trim(s, &len);
	*e = *s + len;
}

bool vt_copy_span(char *out, size_t size, const char *s, const char *e)
{
	if ((size_t)(e - s) >= size)
		return false;
	memcpy(out, s, (size_t)(e - s));
	out[e - s] = '\0';
	return true;
}

/* Quoted input in messages is cut and escaped (core/text.h), so that a
 * binary blob can neither flood nor drive the terminal. */
static int vt_bad_number(char **cause, const char *s, size_t len)
{
	char q[VT_TEXT_QUOTE_SIZE];

	vt_trim(&s, &len);
	return vt_cause_set(cause, -EINVAL, "invalid number '%s'", vt_text_quote(s, len, q));
}

static int vt_digits(const char *s, size_t len, uint64_t *out)
{
	uint64_t v = 0;

	if (len == 0)
		return -EINVAL;
	for (size_t i = 0; i < len; i++) {
		unsigned d;

		if (s[i] < '0' || s[i] > '9')
			return -EINVAL;
		d = (unsigned)(s[i] - '0');
		if (v > (UINT64_MAX - d) / 10)
			return -ERANGE;
		v = v * 10 + d;
	}
	*out = v;
	return 0;
}

int vt_parse_u64n(const char *s, size_t len, uint64_t min, uint64_t max, uint64_t *out, char **cause)
{
	const char *t = s;
	size_t n = len;
	char q[VT_TEXT_QUOTE_SIZE];
	uint64_t v;
	int err;

	vt_trim(&t, &n);
	if (n > 0 && *t == '+') {
		t++;
		n--;
	}
	err = vt_digits(t, n, &v);
	if (err == -ERANGE || (err == 0 && (v < min || v > max)))
		return vt_cause_set(cause, -ERANGE, "'%s' is out of range [%" PRIu64 ", %" PRIu64 "]",
				    vt_text_quote(t, n, q), min, max);
	if (err < 0)
		return vt_bad_number(cause, s, len);
	*out = v;
	return 0;
}

int vt_parse_i64n(const char *s, size_t len, int64_t min, int64_t max, int64_t *out, char **cause)
{
	const char *t = s;
	size_t n = len;
	bool neg = false;
	uint64_t mag = 0;
	int64_t v = 0;
	int err;

	vt_trim(&t, &n);
	if (n > 0 && (*t == '-' || *t == '+')) {
		neg = *t == '-';
		t++;
		n--;
	}
	err = vt_digits(t, n, &mag);
	if (err == -EINVAL)
		return vt_bad_number(cause, s, len);
	if (err == 0 && !neg && mag > (uint64_t)INT64_MAX)
		err = -ERANGE;
	if (err == 0 && neg && mag > (uint64_t)INT64_MAX + 1)
		err = -ERANGE;
	if (err == 0) {
		v = neg ? (mag == (uint64_t)INT64_MAX + 1 ? INT64_MIN : -(int64_t)mag) : (int64_t)mag;
		if (v < min || v > max)
			err = -ERANGE;
	}
	if (err < 0) {
		const char *shown = s;
		size_t sn = len;
		char q[VT_TEXT_QUOTE_SIZE];

		vt_trim(&shown, &sn);
		return vt_cause_set(cause, -ERANGE, "'%s' is out of range [%" PRId64 ", %" PRId64 "]",
				    vt_text_quote(shown, sn, q), min, max);
	}
	*out = v;
	return 0;
}

int vt_parse_count(const char *s, size_t len, uint64_t *out)
{
	return vt_parse_u64n(s, len, 0, VT_COUNT_MAX, out, NULL);
}

_Static_assert(VT_COUNT_MAX == 9223372036854775807u, "vt_count_why spells VT_COUNT_MAX out");

const char *vt_count_why(int err)
{
	return err == -ERANGE ? ": out of range [0, 9223372036854775807]" : "";
}

int vt_parse_u64(const char *s, uint64_t min, uint64_t max, uint64_t *out, char **cause)
{
	return vt_parse_u64n(s, strlen(s), min, max, out, cause);
}

int vt_parse_i64(const char *s, int64_t min, int64_t max, int64_t *out, char **cause)
{
	return vt_parse_i64n(s, strlen(s), min, max, out, cause);
}

int vt_parse_double(const char *s, double min, double max, double *out, char **cause)
{
	const char *t = s;
	size_t n = strlen(s), i = 0, digits = 0;
	char tmp[64];
	double v;

	vt_trim(&t, &n);
	while (i < n && isdigit((unsigned char)t[i])) {
		i++;
		digits++;
	}
	if (i < n && t[i] == '.') {
		i++;
		while (i < n && isdigit((unsigned char)t[i])) {
			i++;
			digits++;
		}
	}
	if (digits == 0 || i != n || n >= sizeof tmp)
		return vt_bad_number(cause, s, strlen(s));
	memcpy(tmp, t, n);
	tmp[n] = '\0';
	v = strtod(tmp, NULL);
	if (v < min || v > max)
		return vt_cause_set(cause, -ERANGE, "'%s' is out of range [%g, %g]", tmp, min, max);
	*out = v;
	return 0;
}

/* "node12" with prefix "node" -> 12.  Only digits may follow the prefix, so
 * "node_reclaim" or "nodeX" are not nodes. */
bool vt_parse_canonical_id(const char *s, size_t len, unsigned max, unsigned *id)
{
	uint64_t v;

	if (len == 0 || (s[0] == '0' && len > 1))
		return false;
	for (size_t i = 0; i < len; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	if (vt_parse_u64n(s, len, 0, max, &v, NULL) < 0)
		return false;
	*id = (unsigned)v;
	return true;
}

bool vt_parse_prefixed_id(const char *name, const char *prefix, unsigned *id)
{
	size_t plen = strlen(prefix), n = strlen(name);

	if (n <= plen || strncmp(name, prefix, plen) != 0)
		return false;
	/* The kernel never pads ids: "node01" is not node 1. */
	return vt_parse_canonical_id(name + plen, n - plen, VT_IDSET_MAX_ID, id);
}

void vt_idset_init(struct vt_idset *set)
{
	set->ids = NULL;
	set->count = 0;
	set->cap = 0;
}

void vt_idset_release(struct vt_idset *set)
{
	free(set->ids);
	vt_idset_init(set);
}

void vt_idset_clear(struct vt_idset *set)
{
	set->count = 0;
}

bool vt_idset_contains(const struct vt_idset *set, unsigned id)
{
	size_t lo = 0, hi = set->count;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (set->ids[mid] == id)
			return true;
		if (set->ids[mid] < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return false;
}

void vt_idset_add(struct vt_idset *set, unsigned id)
{
	size_t pos = set->count;

	/* Kernel lists are ascending, so appending is the common case. */
	if (set->count > 0 && set->ids[set->count - 1] >= id) {
		if (vt_idset_contains(set, id))
			return;
		pos = 0;
		while (pos < set->count && set->ids[pos] < id)
			pos++;
	}
	if (set->count == set->cap) {
		set->cap = set->cap ? set->cap * 2 : 16;
		set->ids = vt_xreallocarray(set->ids, set->cap, sizeof *set->ids);
	}
	memmove(set->ids + pos + 1, set->ids + pos, (set->count - pos) * sizeof *set->ids);
	set->ids[pos] = id;
	set->count++;
}

static void vt_idset_push(struct vt_idset *set, unsigned id)
{
	if (set->count == set->cap) {
		set->cap = set->cap ? set->cap * 2 : 16;
		set->ids = vt_xreallocarray(set->ids, set->cap, sizeof *set->ids);
	}
	set->ids[set->count++] = id;
}

static int vt_uint_cmp(const void *a, const void *b)
{
	unsigned x = *(const unsigned *)a, y = *(const unsigned *)b;

	return x < y ? -1 : x > y;
}

/* Sorts and removes duplicates once, after a whole list was pushed: inserting
 * in order would be quadratic on hostile input such as "65535,0-65534". */
static void vt_idset_normalize(struct vt_idset *set)
{
	size_t w = 0;

	if (set->count < 2)
		return;         /* also: ids may be NULL, which qsort must not get */
	qsort(set->ids, set->count, sizeof *set->ids, vt_uint_cmp);
	for (size_t r = 0; r < set->count; r++)
		if (w == 0 || set->ids[w - 1] != set->ids[r])
			set->ids[w++] = set->ids[r];
	set->count = w;
}

/* One "lo-hi" item of a list. */
struct vt_idrange {
	unsigned lo, hi;
};

static int vt_idrange_cmp(const void *a, const void *b)
{
	const struct vt_idrange *x = a, *y = b;

	return x->lo < y->lo ? -1 : x->lo > y->lo;
}

/* The items are kept as ranges, merged and only then expanded into ids:
 * expanding each item first cost up to 65536 ids per item, so a 64 KiB
 * list repeating "0-65535" took minutes.  An item that continues or
 * overlaps the previous one (ascending kernel lists, repeats) is merged on
 * the spot; others are sorted and merged once at the end. */
int vt_idset_parse(const char *s, size_t len, struct vt_idset *out, char **cause)
{
	const char *t = s, *end, *start;
	struct vt_idrange *r = NULL;
	size_t n = len, nr = 0, cap = 0, total = 0;
	char q[VT_TEXT_QUOTE_SIZE];
	bool sorted = true;

	vt_idset_clear(out);
	vt_trim(&t, &n);
	start = t;
	end = t + n;
	while (t < end) {
		const char *comma = memchr(t, ',', (size_t)(end - t));
		const char *item_end = comma ? comma : end;
		const char *dash = memchr(t, '-', (size_t)(item_end - t));
		uint64_t lo, hi;

		if (vt_parse_u64n(t, (size_t)((dash ? dash : item_end) - t), 0, VT_IDSET_MAX_ID, &lo, NULL) < 0 ||
		    (dash && vt_parse_u64n(dash + 1, (size_t)(item_end - dash - 1), 0, VT_IDSET_MAX_ID, &hi, NULL) < 0))
			goto bad;
		if (!dash)
			hi = lo;
		if (hi < lo)
			goto bad;
		if (nr > 0 && lo >= r[nr - 1].lo && lo <= (uint64_t)r[nr - 1].hi + 1) {
			if (hi > r[nr - 1].hi)
				r[nr - 1].hi = (unsigned)hi;
		} else {
			if (nr == cap) {
				cap = cap ? cap * 2 : 16;
				r = vt_xreallocarray(r, cap, sizeof *r);
			}
			if (nr > 0 && lo < r[nr - 1].lo)
				sorted = false;
			r[nr].lo = (unsigned)lo;
			r[nr].hi = (unsigned)hi;
			nr++;
		}
		if (!comma)
			break;
		t = comma + 1;
		if (t == end)
			goto bad;	/* trailing comma */
	}
	if (!sorted) {
		size_t w = 0;

		qsort(r, nr, sizeof *r, vt_idrange_cmp);
		for (size_t i = 0; i < nr; i++) {
			if (w > 0 && r[i].lo <= (uint64_t)r[w - 1].hi + 1) {
				if (r[i].hi > r[w - 1].hi)
					r[w - 1].hi = r[i].hi;
			} else {
				r[w++] = r[i];
			}
		}
		nr = w;
	}
	/* Disjoint now, so the ids are counted before they are written. */
	for (size_t i = 0; i < nr; i++)
		total += (size_t)(r[i].hi - r[i].lo) + 1;
	if (total > out->cap) {
		out->ids = vt_xreallocarray(out->ids, total, sizeof *out->ids);
		out->cap = total;
	}
	for (size_t i = 0; i < nr; i++)
		for (uint64_t id = r[i].lo; id <= r[i].hi; id++)
			out->ids[out->count++] = (unsigned)id;
	free(r);
	return 0;
bad:
	free(r);
	vt_idset_clear(out);
	return vt_cause_set(cause, -EINVAL, "invalid id list '%s'", vt_text_quote(start, n, q));
}

int vt_idset_parse_mask(const char *s, size_t len, struct vt_idset *out, char **cause)
{
	const char *t = s;
	size_t n = len;
	unsigned bit = 0;
	char q[VT_TEXT_QUOTE_SIZE];

	vt_idset_clear(out);
	vt_trim(&t, &n);
	if (n == 0)
		return vt_cause_set(cause, -EINVAL, "empty cpu mask");
	/* Walk from the least significant digit (the end) towards the front. */
	for (size_t i = n; i-- > 0;) {
		char c = t[i];
		unsigned v;

		if (c == ',')
			continue;
		if (!isxdigit((unsigned char)c))
			goto bad;
		v = (unsigned)(isdigit((unsigned char)c) ? c - '0' : (tolower((unsigned char)c) - 'a' + 10));
		for (unsigned b = 0; b < 4; b++, bit++) {
			if (!(v & (1u << b)))
				continue;
			if (bit > VT_IDSET_MAX_ID)
				goto bad;
			vt_idset_push(out, bit);
		}
	}
	vt_idset_normalize(out);
	return 0;
bad:
	vt_idset_clear(out);
	return vt_cause_set(cause, -EINVAL, "invalid cpu mask '%s'", vt_text_quote(t, n, q));
}

char *vt_idset_format(const struct vt_idset *set)
{
	size_t cap = 16 + set->count * 12, len = 0;
	char *out = vt_xmalloc(cap);

	out[0] = '\0';
	for (size_t i = 0; i < set->count;) {
		size_t j = i;

		while (j + 1 < set->count && set->ids[j + 1] == set->ids[j] + 1)
			j++;
		if (j == i)
			len += (size_t)snprintf(out + len, cap - len, "%s%u", len ? "," : "", set->ids[i]);
		else
			len += (size_t)snprintf(out + len, cap - len, "%s%u-%u", len ? "," : "",
						set->ids[i], set->ids[j]);
		i = j + 1;
	}
	return out;
}
