#include "config.h"
#include "core/strparse.h"
#include "core/keytab.h"

#include <criterion/criterion.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

Test(strparse, u64_accepts_whitespace_and_newline)
{
	uint64_t v;

	cr_assert_eq(vt_parse_u64(" 60\n", 0, 200, &v, NULL), 0);
	cr_expect_eq(v, 60);
	cr_assert_eq(vt_parse_u64("18446744073709551615", 0, UINT64_MAX, &v, NULL), 0);
	cr_expect_eq(v, UINT64_MAX);
}

Test(strparse, u64_rejects_garbage_and_range)
{
	static const char *const bad[] = { "", " ", "6 0", "60x", "0x10", "-1", "1e3", "60.0", "++1" };
	uint64_t v;
	char *cause = NULL;

	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		cr_expect_lt(vt_parse_u64(bad[i], 0, UINT64_MAX, &v, NULL), 0, "accepted '%s'", bad[i]);
	cr_expect_eq(vt_parse_u64("18446744073709551616", 0, UINT64_MAX, &v, NULL), -ERANGE);
	cr_expect_eq(vt_parse_u64("201", 0, 200, &v, &cause), -ERANGE);
	cr_expect_str_eq(cause, "'201' is out of range [0, 200]");
	cr_expect_eq(vt_parse_u64("abc", 0, 200, &v, &cause), -EINVAL);
	cr_expect_str_eq(cause, "invalid number 'abc'");
	free(cause);
}

Test(strparse, i64_edges)
{
	int64_t v;

	cr_assert_eq(vt_parse_i64("-1000", -1000, 1000, &v, NULL), 0);
	cr_expect_eq(v, -1000);
	cr_assert_eq(vt_parse_i64("-9223372036854775808", INT64_MIN, INT64_MAX, &v, NULL), 0);
	cr_expect_eq(v, INT64_MIN);
	cr_expect_eq(vt_parse_i64("9223372036854775808", INT64_MIN, INT64_MAX, &v, NULL), -ERANGE);
	cr_expect_eq(vt_parse_i64("-1001", -1000, 1000, &v, NULL), -ERANGE);
	cr_expect_eq(vt_parse_i64("-", -1000, 1000, &v, NULL), -EINVAL);
}

Test(strparse, double_plain_decimals_only)
{
	double v;

	cr_assert_eq(vt_parse_double("0.2", 0.001, 3600, &v, NULL), 0);
	cr_expect_float_eq(v, 0.2, 1e-12);
	cr_assert_eq(vt_parse_double("5", 0.001, 3600, &v, NULL), 0);
	cr_expect_lt(vt_parse_double("1e-1", 0.001, 3600, &v, NULL), 0);
	cr_expect_lt(vt_parse_double("nan", 0.001, 3600, &v, NULL), 0);
	cr_expect_lt(vt_parse_double(".", 0.001, 3600, &v, NULL), 0);
	cr_expect_eq(vt_parse_double("0", 0.001, 3600, &v, NULL), -ERANGE);
}

Test(strparse, canonical_ids_have_one_spelling)
{
	static const char *const bad[] = { "", "00", "01", "+0", "+1", "-0", " 1", "1 ", "1\n", "0x1", "1e1",
					   "1024", "99999999999999999999" };
	unsigned id = 7;

	cr_expect(vt_parse_canonical_id("0", 1, 1023, &id));
	cr_expect_eq(id, 0);
	cr_expect(vt_parse_canonical_id("1023", 4, 1023, &id));
	cr_expect_eq(id, 1023);
	cr_expect(vt_parse_canonical_id("10x", 2, 1023, &id), "only the given length counts");
	cr_expect_eq(id, 10);
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		cr_expect_not(vt_parse_canonical_id(bad[i], strlen(bad[i]), 1023, &id), "'%s'", bad[i]);
	cr_expect(vt_parse_prefixed_id("node12", "node", &id));
	cr_expect_eq(id, 12);
	cr_expect_not(vt_parse_prefixed_id("node012", "node", &id));
	cr_expect_not(vt_parse_prefixed_id("node+1", "node", &id));
	cr_expect_not(vt_parse_prefixed_id("node", "node", &id));
}

Test(idset, parse_and_format_round_trip)
{
	static const char *const cases[][2] = {
		{ "0-3,8,10-11\n", "0-3,8,10-11" },
		{ "0", "0" },
		{ "\n", "" },
		{ "", "" },
		{ "0,2", "0,2" },
		{ "1,0", "0-1" },
		{ "0-1023", "0-1023" },
	};
	struct vt_idset set;

	vt_idset_init(&set);
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *text;

		cr_assert_eq(vt_idset_parse(cases[i][0], strlen(cases[i][0]), &set, NULL), 0, "'%s'", cases[i][0]);
		text = vt_idset_format(&set);
		cr_expect_str_eq(text, cases[i][1]);
		free(text);
	}
	vt_idset_release(&set);
}

/* Items may repeat, overlap, touch or come in any order: the set is the
 * union, sorted, each id once, and count says how many. */
Test(idset, duplicates_and_overlaps)
{
	static const struct {
		const char *in, *out;
		size_t count;
	} cases[] = {
		{ "3,3,3", "3", 1 },
		{ "0-3,2-5", "0-5", 6 },
		{ "0-3,4-7", "0-7", 8 },
		{ "0-3,5-7", "0-3,5-7", 7 },
		{ "2-5,0-3", "0-5", 6 },
		{ "8,0-3,2,9-10,1-8", "0-10", 11 },
		{ "10-20,0-1,12-15,5", "0-1,5,10-20", 14 },
		{ "65535,0-65534", "0-65535", 65536 },
		{ "0-65535,0-65535,65535,0", "0-65535", 65536 },
		{ "7,5,3,1,6,4,2,0", "0-7", 8 },
		{ "4-6,1,4-6,1", "1,4-6", 4 },
	};
	struct vt_idset set;

	vt_idset_init(&set);
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *text;

		cr_assert_eq(vt_idset_parse(cases[i].in, strlen(cases[i].in), &set, NULL), 0, "'%s'", cases[i].in);
		text = vt_idset_format(&set);
		cr_expect_str_eq(text, cases[i].out, "'%s'", cases[i].in);
		cr_expect_eq(set.count, cases[i].count, "'%s': %zu ids", cases[i].in, set.count);
		for (size_t k = 1; k < set.count; k++)
			cr_assert_lt(set.ids[k - 1], set.ids[k], "'%s': not sorted and unique", cases[i].in);
		free(text);
	}
	/* A failed parse leaves the set empty, not half filled. */
	cr_expect_eq(vt_idset_parse("0-9,5-x", 7, &set, NULL), -EINVAL);
	cr_expect_eq(set.count, 0);
	vt_idset_release(&set);
}

/* A list repeating the widest range is worth one range: the set holds no
 * more than its final ids at any point (it held 4 x 65536 before). */
Test(idset, repeated_wide_ranges_hold_only_the_final_set)
{
	const char item[] = "0-65535,";
	size_t reps = 5000, len = reps * (sizeof item - 1) - 1;
	char *list = malloc(len + 1);
	struct vt_idset set;

	cr_assert_not_null(list);
	for (size_t i = 0; i < reps; i++)
		memcpy(list + i * (sizeof item - 1), item, sizeof item - 1);
	list[len] = '\0';
	vt_idset_init(&set);
	cr_assert_eq(vt_idset_parse(list, len, &set, NULL), 0);
	cr_expect_eq(set.count, 65536);
	cr_expect_eq(set.ids[0], 0);
	cr_expect_eq(set.ids[65535], 65535);
	cr_expect_leq(set.cap, 65536, "cap %zu for 65536 ids", set.cap);
	/* The limits stay: one id past the top anywhere refuses the list. */
	list[len - 1] = '6';    /* ...,0-65536 */
	cr_expect_eq(vt_idset_parse(list, len, &set, NULL), -EINVAL);
	vt_idset_release(&set);
	free(list);
}

Test(idset, rejects_malformed_lists)
{
	static const char *const bad[] = { "3-1", "0-", "-1", "0,,1", "0,", "a", "0-3x", "70000" };
	struct vt_idset set;

	vt_idset_init(&set);
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		cr_expect_eq(vt_idset_parse(bad[i], strlen(bad[i]), &set, NULL), -EINVAL, "accepted '%s'", bad[i]);
	vt_idset_release(&set);
}

Test(idset, cpumask)
{
	struct vt_idset set;
	char *text;

	vt_idset_init(&set);
	cr_assert_eq(vt_idset_parse_mask("00000000,0000000f\n", 18, &set, NULL), 0);
	text = vt_idset_format(&set);
	cr_expect_str_eq(text, "0-3");
	free(text);
	cr_assert_eq(vt_idset_parse_mask("1,00000003", 10, &set, NULL), 0);
	text = vt_idset_format(&set);
	cr_expect_str_eq(text, "0-1,32");
	free(text);
	cr_expect_lt(vt_idset_parse_mask("xyz", 3, &set, NULL), 0);
	vt_idset_release(&set);
}

Test(idset, contains)
{
	struct vt_idset set;

	vt_idset_init(&set);
	vt_idset_parse("0,2,4-6", 7, &set, NULL);
	cr_expect(vt_idset_contains(&set, 5));
	cr_expect_not(vt_idset_contains(&set, 3));
	vt_idset_release(&set);
}

Test(keytab, lookup_exact_keys_only)
{
	static const struct vt_keytab_entry tab[] = { { "Active", 0 }, { "Active(anon)", 1 }, { "MemFree", 2 } };

	cr_expect_eq(vt_keytab_lookup(tab, 3, "Active", 6), 0);
	cr_expect_eq(vt_keytab_lookup(tab, 3, "Active(anon)", 12), 1);
	cr_expect_eq(vt_keytab_lookup(tab, 3, "Activ", 5), -1);
	cr_expect_eq(vt_keytab_lookup(tab, 3, "MemFreeX", 8), -1);
	cr_expect_eq(vt_keytab_check(tab, 3), 0);
}

Test(keytab, check_catches_unsorted_and_duplicate_ids)
{
	static const struct vt_keytab_entry unsorted[] = { { "b", 0 }, { "a", 1 } };
	static const struct vt_keytab_entry dup[] = { { "a", 0 }, { "b", 0 } };

	cr_expect_eq(vt_keytab_check(unsorted, 2), 2);
	cr_expect_eq(vt_keytab_check(dup, 2), 2);
}

/* Counts from kernel files stop at INT64_MAX, and so do their sums. */
#define SN(lit) (lit), (sizeof (lit) - 1)

Test(strparse, counts_stop_at_int64_max_and_sums_are_checked)
{
	uint64_t v = 0, acc;

	cr_expect_eq(vt_parse_count(SN("9223372036854775807"), &v), 0);
	cr_expect_eq(v, INT64_MAX);
	cr_expect_eq(vt_parse_count(SN("9223372036854775808"), &v), -ERANGE);
	cr_expect_eq(vt_parse_count(SN("18446744073709551615"), &v), -ERANGE);
	cr_expect_eq(vt_parse_count(SN("18446744073709551616"), &v), -ERANGE);
	cr_expect_eq(vt_parse_count(SN("-1"), &v), -EINVAL);
	cr_expect_str_eq(vt_count_why(-ERANGE), ": out of range [0, 9223372036854775807]");
	cr_expect_str_eq(vt_count_why(-EINVAL), "");
	acc = VT_COUNT_MAX - 1;
	cr_expect(vt_count_add(&acc, 1));
	cr_expect_eq(acc, VT_COUNT_MAX);
	cr_expect_not(vt_count_add(&acc, 1));
	cr_expect_eq(acc, VT_COUNT_MAX, "unchanged when it would pass the bound");
	acc = 5;
	cr_expect_not(vt_count_add(&acc, UINT64_MAX - 2), "no wrap around 2^64 either");
	cr_expect_eq(acc, 5);
}

Test(strparse, messages_escape_what_they_quote)
{
	uint64_t v;
	char *cause = NULL;

	cr_expect_eq(vt_parse_u64("\x1b[31m", 0, 10, &v, &cause), -EINVAL);
	cr_expect_str_eq(cause, "invalid number '\\x1b[31m'");
	free(cause);
	cause = NULL;
	cr_expect_eq(vt_parse_u64(" 99\n", 0, 10, &v, &cause), -ERANGE);
	cr_expect_str_eq(cause, "'99' is out of range [0, 10]");
	free(cause);
}

Test(strparse, spans)
{
	const char text[] = " \t vm.swappiness \r", *s = text, *e = text + strlen(text);
	char out[16] = "untouched";

	vt_trim_span(&s, &e);
	cr_expect_eq(e - s, 13);
	cr_expect(vt_copy_span(out, sizeof out, s, e));
	cr_expect_str_eq(out, "vm.swappiness");
	cr_expect_not(vt_copy_span(out, 13, s, e), "no room for the terminator");
	cr_expect_str_eq(out, "vm.swappiness");
	s = e = text + 2;
	vt_trim_span(&s, &e);
	cr_expect_eq(s, e);
	cr_expect(vt_copy_span(out, 1, s, e));
	cr_expect_str_eq(out, "");
}
