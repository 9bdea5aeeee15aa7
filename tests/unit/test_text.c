#include "config.h"
#include "core/json.h"
#include "core/strparse.h"
#include "core/text.h"
#include "present/format.h"

#include <criterion/criterion.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define S(lit) (lit), (sizeof (lit) - 1)

Test(utf8, sequences_by_rfc3629)
{
	cr_expect_eq(vt_utf8_seq(S("a")), 1);
	cr_expect_eq(vt_utf8_seq(S("\xc3\xa9")), 2);            /* é */
	cr_expect_eq(vt_utf8_seq(S("\xe2\x82\xac")), 3);        /* € */
	cr_expect_eq(vt_utf8_seq(S("\xf0\x9f\x98\x80")), 4);    /* U+1F600 */
	cr_expect_eq(vt_utf8_seq(S("\xf4\x8f\xbf\xbf")), 4);    /* U+10FFFF */
	cr_expect_eq(vt_utf8_seq(S("\xef\xbf\xbd")), 3);        /* U+FFFD itself */
	cr_expect_eq(vt_utf8_seq(S("\x80")), 0, "stray continuation byte");
	cr_expect_eq(vt_utf8_seq(S("\xff")), 0);
	cr_expect_eq(vt_utf8_seq(S("\xc0\xaf")), 0, "overlong '/'");
	cr_expect_eq(vt_utf8_seq(S("\xc1\xbf")), 0, "overlong");
	cr_expect_eq(vt_utf8_seq(S("\xe0\x80\xaf")), 0, "overlong 3-byte");
	cr_expect_eq(vt_utf8_seq(S("\xf0\x80\x80\xaf")), 0, "overlong 4-byte");
	cr_expect_eq(vt_utf8_seq(S("\xed\xa0\x80")), 0, "surrogate");
	cr_expect_eq(vt_utf8_seq(S("\xf4\x90\x80\x80")), 0, "above U+10FFFF");
	cr_expect_eq(vt_utf8_seq(S("\xf5\x80\x80\x80")), 0);
	cr_expect_eq(vt_utf8_seq(S("\xe2\x82")), 0, "cut short");
	cr_expect_eq(vt_utf8_seq(S("\xe2\x82x")), 0, "bad continuation");
	cr_expect(vt_utf8_valid(S("caf\xc3\xa9 \xe2\x82\xac")));
	cr_expect_not(vt_utf8_valid(S("a\0b")), "NUL is not for JSON strings");
	cr_expect_not(vt_utf8_valid(S("\xff\xfe\x1b[31m")));
}

Test(text, utf8_replaces_each_bad_byte_with_ufffd)
{
	char *s = vt_text_utf8(S("\xff\xfe\x1b[31m"));

	cr_expect_str_eq(s, "\xef\xbf\xbd\xef\xbf\xbd\x1b[31m");
	free(s);
	s = vt_text_utf8(S("ok \xc3\xa9 \xe2\x82 a\0b"));
	cr_expect_str_eq(s, "ok \xc3\xa9 \xef\xbf\xbd\xef\xbf\xbd a\xef\xbf\xbd" "b");
	free(s);
}

Test(text, escape_for_the_terminal)
{
	static const struct {
		const char *in;
		size_t len;
		unsigned flags;
		const char *out;
	} cases[] = {
		{ S("\xff\xfe\x1b[31m"), 0, "\\xff\\xfe\\x1b[31m" },
		{ S("a\tb\nc\rd"), 0, "a\\x09b\\x0ac\\x0dd" },
		{ S("a\tb\nc\rd"), VT_TEXT_KEEP_TAB | VT_TEXT_KEEP_NL, "a\tb\nc\\x0dd" },
		{ S("del\x7f nul\0."), 0, "del\\x7f nul\\x00." },
		{ S("c1 raw \x9b, as UTF-8 \xc2\x9b, NBSP \xc2\xa0"), 0, "c1 raw \\x9b, as UTF-8 \\xc2\\x9b, NBSP \xc2\xa0" },
		{ S("caf\xc3\xa9 \xe2\x82\xac \\x1b"), 0, "caf\xc3\xa9 \xe2\x82\xac \\x1b" },
		{ S("cut \xe2\x82"), 0, "cut \\xe2\\x82" },
	};

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *s = vt_text_escape(cases[i].in, cases[i].len, cases[i].flags);

		cr_expect_str_eq(s, cases[i].out, "case %zu", i);
		cr_expect(strchr(s, '\x1b') == NULL);
		free(s);
		cr_expect_eq(vt_text_needs_escape(cases[i].in, cases[i].len, cases[i].flags),
			     strcmp(cases[i].out, cases[i].in) != 0 || strlen(cases[i].in) != cases[i].len, "case %zu", i);
	}
	/* Escaping twice changes nothing: the output has no control left. */
	{
		char *once = vt_text_escape(S("\x1b]0;title\x07"), 0);
		char *twice = vt_text_escape(once, strlen(once), 0);

		cr_expect_str_eq(once, "\\x1b]0;title\\x07");
		cr_expect_str_eq(twice, once);
		free(once);
		free(twice);
	}
}

Test(text, escape_into_cuts_at_whole_escapes)
{
	char buf[6];

	cr_expect_eq(vt_text_escape_into(buf, sizeof buf, S("ab\x1b" "c"), 0), 7, "the whole length");
	cr_expect_str_eq(buf, "ab", "no room for '\\x1b' after 'ab': none of it, and nothing after");
	cr_expect_eq(vt_text_escape_into(buf, sizeof buf, S("\x1b\x1b"), 0), 8);
	cr_expect_str_eq(buf, "\\x1b");
	cr_expect_eq(vt_text_escape_into(NULL, 0, S("\xff"), 0), 4);
}

Test(text, quote_cuts_at_a_character_and_says_so)
{
	char q[VT_TEXT_QUOTE_SIZE], in[64], want[64];

	cr_expect_str_eq(vt_text_quote(S("short\x1b"), q), "short\\x1b");
	memset(in, 'x', sizeof in);
	memcpy(in + 39, "\xc3\xa9", 2);         /* é across byte 40 */
	memcpy(want, in, 39);
	strcpy(want + 39, "...");
	cr_expect_str_eq(vt_text_quote(in, sizeof in, q), want);
	memset(in, '\x1b', sizeof in);
	vt_text_quote(in, sizeof in, q);
	cr_expect_eq(strlen(q), 4 * VT_TEXT_QUOTE_MAX + 3, "40 escapes and '...' fit");
}

Test(json, text_is_never_refused)
{
	json_t *v = vt_json_text("\xff\xfe\x1b[31m");

	cr_assert_not_null(v, "jansson's json_string() would return NULL here");
	cr_expect_null(json_string("\xff\xfe\x1b[31m"));
	cr_expect_str_eq(json_string_value(v), "\xef\xbf\xbd\xef\xbf\xbd\x1b[31m");
	json_decref(v);
	v = vt_json_textn(S("a\0b"));
	cr_expect_str_eq(json_string_value(v), "a\xef\xbf\xbd" "b");
	json_decref(v);
	cr_expect_null(vt_json_text(NULL));
}

Test(json, counts_above_int64_max_fail_the_document)
{
	json_t *v = vt_json_count(VT_COUNT_MAX), *o = json_object();
	int err = 0;

	cr_expect_eq(json_integer_value(v), INT64_MAX);
	json_decref(v);
	cr_expect_null(vt_json_count(VT_COUNT_MAX + 1), "it would print as a negative number");
	cr_expect_null(vt_json_count(UINT64_MAX));
	err |= json_object_set_new(o, "fine", json_integer(1));
	err |= json_object_set_new(o, "too_big", vt_json_count(UINT64_MAX));
	cr_expect_neq(err, 0, "json_object_set_new says the member is missing");
	cr_expect_null(vt_json_done(o, err), "and the document is not printed without it");
	o = json_object();
	cr_expect_eq(vt_json_done(o, 0), o);
	json_decref(o);
	cr_expect_null(vt_json_done(NULL, 0));
}

Test(json, dumps_escapes_del_and_c1)
{
	json_t *o = json_pack("{s:o}", "k", vt_json_text("\x7f \xc2\x9b \xc2\xa0 \xc3\xa9 \x1b"));
	char *s = vt_json_dumps(o, JSON_COMPACT);

	cr_expect_str_eq(s, "{\"k\":\"\\u007F \\u009B \xc2\xa0 \xc3\xa9 \\u001B\"}");
	free(s);
	json_decref(o);
	cr_expect_null(vt_json_dumps(NULL, 0));
}

Test(json, emit_prints_nothing_for_a_failed_document)
{
	char *text = NULL;
	size_t size = 0;
	FILE *f = open_memstream(&text, &size);

	cr_assert_not_null(f);
	cr_expect_eq(vt_json_emit(f, NULL), -EINVAL);
	cr_expect_eq(vt_json_emit(f, json_pack("{s:o}", "k", vt_json_count(UINT64_MAX))), -EINVAL);
	cr_expect_eq(vt_json_emit_line(f, json_pack("{s:i}", "k", 1)), 0);
	fclose(f);
	cr_expect_str_eq(text, "{\"k\":1}\n");
	free(text);
}
