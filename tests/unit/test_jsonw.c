#include "config.h"
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
