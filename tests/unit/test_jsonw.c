#include "config.h"
#include "core/json.h"
#include "core/jsonw.h"

#include <criterion/criterion.h>
#include <errno.h>
#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* jansson is the oracle: the streaming writer must print what json_dumps
 * (JSON_COMPACT | JSON_SORT_KEYS) prints for the same object. */
static char *jansson_line(json_t *obj)
{
	char *text = json_dumps(obj, JSON_COMPACT | JSON_SORT_KEYS);

	json_decref(obj);
	cr_assert_not_null(text);
	return text;
}

static char *writer_line(void (*write)(struct vt_jsonw *w, const void *arg), const void *arg)
{
	char *text = NULL;
	size_t size = 0;
	FILE *f = open_memstream(&text, &size);
	struct vt_jsonw w;

	cr_assert_not_null(f);
	vt_jsonw_init(&w, f);
	write(&w, arg);
	cr_assert_eq(vt_jsonw_end_line(&w), 0);
	cr_assert_eq(fclose(f), 0);
	cr_assert(size > 0 && text[size - 1] == '\n');
	text[size - 1] = '\0';
	return text;
}

static const double reals[] = {
	0.0, -0.0, 1.0, 0.1, 2.5, 100.0, 1e20, 1e21, 1.5e-5, 123456789.123456789, 98569.307653198528,
	0.100112299, -3.75, 1e300, 5e-324, 4294967296.0, 1.0 / 3.0,
};

static void write_reals(struct vt_jsonw *w, const void *arg)
{
	const double *v = arg;

	vt_jsonw_open(w, NULL);
	vt_jsonw_real(w, "v", *v);
	vt_jsonw_close(w);
}

Test(jsonw, reals_print_as_jansson_prints_them)
{
	for (size_t i = 0; i < sizeof reals / sizeof reals[0]; i++) {
		char *want = jansson_line(json_pack("{s:f}", "v", reals[i]));
		char *got = writer_line(write_reals, &reals[i]);

		cr_expect_str_eq(got, want, "%.17g", reals[i]);
		free(want);
		free(got);
	}
}

Test(jsonw, non_finite_reals_are_null)
{
	const double nan_value = NAN, inf_value = INFINITY;
	char *got = writer_line(write_reals, &nan_value);

	cr_expect_str_eq(got, "{\"v\":null}");
	free(got);
	got = writer_line(write_reals, &inf_value);
	cr_expect_str_eq(got, "{\"v\":null}");
	free(got);
}

static const char tricky[] = "q\"b\\s/t\tn\nr\rf\fb\bc\x01\x1f" "\xc3\xa9 end";

static void write_mixed(struct vt_jsonw *w, const void *arg)
{
	(void)arg;
	/* Keys in strcmp order, as the callers write them. */
	vt_jsonw_open(w, NULL);
	vt_jsonw_bool(w, "a", true);
	vt_jsonw_bool(w, "b", false);
	vt_jsonw_int(w, "c", -9223372036854775807LL - 1);
	vt_jsonw_open(w, "d");
	vt_jsonw_close(w);
	vt_jsonw_open(w, "e");
	vt_jsonw_uint_n(w, "pgscan_kswapdXX", 13, UINT64_C(9223372036854775807));
	vt_jsonw_null(w, "x");
	vt_jsonw_close(w);
	vt_jsonw_string(w, "s", tricky);
	vt_jsonw_string(w, "t", NULL);
	vt_jsonw_close(w);
}

Test(jsonw, nesting_keys_and_escapes_match_jansson)
{
	char *want = jansson_line(json_pack("{s:b, s:b, s:I, s:{}, s:{s:I, s:n}, s:s, s:n}", "a", 1, "b", 0, "c",
					    (json_int_t)(-9223372036854775807LL - 1), "d", "e", "pgscan_kswapd",
					    (json_int_t)9223372036854775807LL, "x", "s", tricky, "t"));
	char *got = writer_line(write_mixed, NULL);

	cr_expect_str_eq(got, want);
	free(want);
	free(got);
}

/* Names and values from the tree: not UTF-8 (a stray byte, an overlong
 * form, a surrogate, a cut sequence), NUL, DEL, C1 raw and as UTF-8. */
static const char hostile[] = "\xff\xfe\x1b[31m \xc0\xaf \xed\xa0\x80 \x7f \xc2\x9b \x9b \xe2\x82";
static const char hostile_key[] = "pgsteal_\xff\x1b\0x";

static void write_hostile(struct vt_jsonw *w, const void *arg)
{
	(void)arg;
	vt_jsonw_open(w, NULL);
	vt_jsonw_uint_n(w, hostile_key, sizeof hostile_key - 1, 7);
	vt_jsonw_string(w, "s", hostile);
	vt_jsonw_close(w);
}

Test(jsonw, bytes_that_are_not_utf8_stay_valid_json)
{
	json_t *want_obj = json_object(), *key;
	char *want, *got = writer_line(write_hostile, NULL);
	json_error_t jerr;
	json_t *back = json_loads(got, 0, &jerr);

	/* Valid JSON, and what core/json.h makes of the same bytes. */
	cr_assert_not_null(back, "%s: %s", got, jerr.text);
	json_decref(back);
	key = vt_json_textn(hostile_key, sizeof hostile_key - 1);
	cr_assert_eq(json_object_set_new(want_obj, json_string_value(key), json_integer(7)), 0);
	json_decref(key);
	cr_assert_eq(json_object_set_new(want_obj, "s", vt_json_text(hostile)), 0);
	want = vt_json_dumps(want_obj, JSON_COMPACT);
	json_decref(want_obj);
	cr_assert_not_null(want);
	cr_expect_str_eq(got, want);
	cr_expect_str_eq(got, "{\"pgsteal_\xef\xbf\xbd\\u001B\xef\xbf\xbdx\":7,\"s\":\"\xef\xbf\xbd\xef\xbf\xbd"
			 "\\u001B[31m \xef\xbf\xbd\xef\xbf\xbd \xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd \\u007F \\u009B "
			 "\xef\xbf\xbd \xef\xbf\xbd\xef\xbf\xbd\"}");
	cr_expect_null(strchr(got, '\x1b'), "no raw ESC");
	free(want);
	free(got);
}

Test(jsonw, unbalanced_nesting_is_an_error)
{
	char *text = NULL;
	size_t size = 0;
	FILE *f = open_memstream(&text, &size);
	struct vt_jsonw w;

	vt_jsonw_init(&w, f);
	vt_jsonw_open(&w, NULL);
	cr_expect_eq(vt_jsonw_end_line(&w), -EIO, "an object left open");
	vt_jsonw_close(&w);
	cr_expect_eq(vt_jsonw_end_line(&w), -EIO, "a close without an open");
	for (int i = 0; i < VT_JSONW_MAX_DEPTH + 1; i++)
		vt_jsonw_open(&w, NULL);
	for (int i = 0; i < VT_JSONW_MAX_DEPTH; i++)
		vt_jsonw_close(&w);
	cr_expect_eq(vt_jsonw_end_line(&w), -EIO, "nested deeper than VT_JSONW_MAX_DEPTH");
	fclose(f);
	free(text);
}

Test(jsonw, write_errors_are_reported)
{
	FILE *f = fopen("/dev/full", "w");
	struct vt_jsonw w;

	cr_assert_not_null(f);
	setvbuf(f, NULL, _IONBF, 0);
	vt_jsonw_init(&w, f);
	vt_jsonw_open(&w, NULL);
	vt_jsonw_string(&w, "k", "v");
	vt_jsonw_close(&w);
	cr_expect_eq(vt_jsonw_end_line(&w), -EIO);
	fclose(f);
}

/* The writer checks its own key order, as JSON_SORT_KEYS would print it. */
Test(jsonw, keys_out_of_order_fail_the_line)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	struct vt_jsonw w;

	vt_jsonw_init(&w, f);
	vt_jsonw_open(&w, NULL);
	vt_jsonw_int(&w, "b", 1);
	vt_jsonw_int(&w, "a", 2);
	vt_jsonw_close(&w);
	cr_expect_eq(vt_jsonw_end_line(&w), -EPROTO);
	/* Equal keys are out of order too (a duplicate). */
	vt_jsonw_init(&w, f);
	vt_jsonw_open(&w, NULL);
	vt_jsonw_int(&w, "a", 1);
	vt_jsonw_open(&w, "b");
	vt_jsonw_int(&w, "x", 1);
	vt_jsonw_close(&w);
	vt_jsonw_int(&w, "b", 2);
	vt_jsonw_close(&w);
	cr_expect_eq(vt_jsonw_end_line(&w), -EPROTO);
	/* A data object keeps the order it is given; its parent still checks. */
	vt_jsonw_init(&w, f);
	vt_jsonw_open(&w, NULL);
	vt_jsonw_open_data(&w, "counters");
	vt_jsonw_int(&w, "nr_free_pages", 1);
	vt_jsonw_int(&w, "allocstall", 2);
	vt_jsonw_close(&w);
	vt_jsonw_int(&w, "type", 3);
	vt_jsonw_close(&w);
	cr_expect_eq(vt_jsonw_end_line(&w), 0);
	fclose(f);
	free(buf);
}

Test(jsonw, node_ids_in_jansson_order)
{
	static const unsigned ids[] = { 0, 1, 2, 9, 10, 11, 20, 100 };
	static const unsigned want[] = { 0, 1, 10, 100, 11, 2, 20, 9 };
	uint16_t order[8];

	vt_jsonw_id_order(ids, 8, order);
	for (size_t i = 0; i < 8; i++)
		cr_expect_eq(ids[order[i]], want[i], "position %zu: %u", i, ids[order[i]]);
}
