#include "config.h"
#include "probe/zoneinfo.h"
#include "helpers.h"

#include <criterion/criterion.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *vt_fixture_zoneinfo(const char *name, size_t *len)
{
	char *dir = vt_test_fixture(name), *path, *text;

	cr_assert(asprintf(&path, "%s/proc/zoneinfo", dir) >= 0);
	text = vt_test_slurp(path, len);
	cr_assert_not_null(text, "cannot read %s", path);
	free(path);
	free(dir);
	return text;
}

static int vt_parse_str(const char *text, struct vt_zoneinfo *zi, char **cause)
{
	return vt_zoneinfo_parse(text, strlen(text), zi, cause);
}

Test(zoneinfo, table_matches_enum)
{
	cr_expect_eq(vt_zoneinfo_table_check(), 0);
}

/* 6.18 layout: per-node stats, boost, promo, cma, unpopulated zones. */
Test(zoneinfo, host_6_18)
{
	struct vt_zoneinfo zi;
	const struct vt_zone *z;
	size_t len;
	char *text = vt_fixture_zoneinfo("host-6.18-uma", &len);

	vt_zoneinfo_init(&zi);
	cr_assert_eq(vt_zoneinfo_parse(text, len, &zi, NULL), 0);
	cr_expect_eq(zi.nzones, 5);
	cr_expect_eq(zi.max_zones, 5);
	cr_expect(zi.all_zones_printed);
	cr_expect(zi.has_node_stats);
	z = &zi.zones[0];
	cr_expect_str_eq(z->name, "DMA");
	cr_expect_eq(z->kind, VT_ZONE_DMA);
	cr_expect_eq(z->value[VT_ZF_FREE], 3840);
	cr_expect_eq(z->value[VT_ZF_BOOST], 0);
	cr_expect(vt_zone_has(z, VT_ZF_BOOST));
	cr_expect_eq(z->value[VT_ZF_MIN], 52);
	cr_expect_eq(z->value[VT_ZF_LOW], 65);
	cr_expect_eq(z->value[VT_ZF_HIGH], 78);
	cr_expect_eq(z->value[VT_ZF_PROMO], 91);
	cr_expect_eq(z->value[VT_ZF_SPANNED], 4095);
	cr_expect_eq(z->value[VT_ZF_PRESENT], 3998);
	cr_expect_eq(z->value[VT_ZF_MANAGED], 3840);
	cr_expect(vt_zone_has(z, VT_ZF_CMA));
	cr_expect_eq(z->nprotection, 5);
	cr_expect_arr_eq(z->protection, ((int64_t[]){ 0, 3019, 4811, 4811, 4811 }), 5 * sizeof(int64_t));
	cr_expect_eq(z->value[VT_ZF_START_PFN], 1, "trailer after the pagesets");
	cr_expect(vt_zone_has(z, VT_ZF_UNRECLAIMABLE));
	cr_expect(z->populated);
	z = vt_zoneinfo_find(&zi, 0, "Movable");
	cr_assert_not_null(z);
	cr_expect_eq(z->index, 3);
	cr_expect_not(z->populated);
	cr_expect_eq(z->value[VT_ZF_MIN], 32);
	cr_expect_not(vt_zone_has(z, VT_ZF_START_PFN));
	z = vt_zoneinfo_find(&zi, 0, "Normal");
	cr_assert_not_null(z);
	cr_expect_eq(z->value[VT_ZF_HIGH], 9409, "pageset 'high:' lines must not overwrite the watermark");
	vt_zoneinfo_release(&zi);
	free(text);
}

/* 4.4 layout (hand-made from the 4.4 zoneinfo_show_print format): only
 * populated zones, 'scanned', counters before protection, old trailer. */
Test(zoneinfo, layout_4_4)
{
	struct vt_zoneinfo zi;
	size_t len;
	char *text = vt_fixture_zoneinfo("handmade-4.4-legacy", &len);

	vt_zoneinfo_init(&zi);
	cr_assert_eq(vt_zoneinfo_parse(text, len, &zi, NULL), 0);
	cr_expect_eq(zi.nzones, 3);
	cr_expect_eq(zi.max_zones, 4);
	cr_expect_not(zi.all_zones_printed);
	cr_expect_not(zi.has_node_stats);
	cr_expect_eq(zi.zones[2].index, 2);
	cr_expect(vt_zone_has(&zi.zones[1], VT_ZF_SCANNED));
	cr_expect_not(vt_zone_has(&zi.zones[1], VT_ZF_BOOST));
	cr_expect_not(vt_zone_has(&zi.zones[1], VT_ZF_PROMO));
	cr_expect_eq(zi.zones[1].value[VT_ZF_MIN], 6308);
	cr_expect_eq(zi.zones[2].value[VT_ZF_START_PFN], 1048576);
	cr_expect(vt_zone_has(&zi.zones[2], VT_ZF_UNRECLAIMABLE), "all_unreclaimable:");
	vt_zoneinfo_release(&zi);
	free(text);
}

Test(zoneinfo, layout_4_14_and_5_10_numa)
{
	static const char *const names[] = { "handmade-4.14-numa2", "handmade-5.10-numa2" };

	for (size_t i = 0; i < 2; i++) {
		struct vt_zoneinfo zi;
		size_t len;
		char *text = vt_fixture_zoneinfo(names[i], &len);

		vt_zoneinfo_init(&zi);
		cr_assert_eq(vt_zoneinfo_parse(text, len, &zi, NULL), 0, "%s", names[i]);
		cr_expect_eq(zi.nzones, 10);
		cr_expect(zi.all_zones_printed);
		cr_expect(zi.has_node_stats);
		cr_expect_eq(zi.zones[7].node, 1);
		cr_expect_str_eq(zi.zones[7].name, "Normal");
		cr_expect_eq(zi.zones[7].index, 2);
		cr_expect(zi.zones[7].populated);
		cr_expect_not(zi.zones[5].populated);
		vt_zoneinfo_release(&zi);
		free(text);
	}
}

/* A proposed (unmerged) layout gives the node block its own header. */
Test(zoneinfo, node_stats_header_variant)
{
	static const char text[] =
		"Node 0, per-node stats\n"
		"      nr_inactive_anon 5\n"
		"      min 999\n"
		"Node 0, zone   Normal\n"
		"  pages free     100\n"
		"        min      10\n"
		"        low      12\n"
		"        high     14\n"
		"        spanned  200\n"
		"        present  200\n"
		"        managed  190\n"
		"        some_future_line 7\n"
		"        protection: (0)\n";
	struct vt_zoneinfo zi;
	char *cause = NULL;

	vt_zoneinfo_init(&zi);
	cr_assert_eq(vt_parse_str(text, &zi, &cause), 0, "%s", cause);
	cr_expect_eq(zi.nzones, 1);
	cr_expect(zi.has_node_stats);
	cr_expect_eq(zi.zones[0].value[VT_ZF_MIN], 10);
	cr_expect_eq(zi.max_zones, 1);
	vt_zoneinfo_release(&zi);
	free(cause);
}

static const char vt_good_zone[] =
	"Node 0, zone   Normal\n"
	"  pages free     100\n"
	"        min      10\n"
	"        low      12\n"
	"        high     14\n"
	"        spanned  200\n"
	"        present  200\n"
	"        managed  190\n"
	"        protection: (0, 0)\n";

Test(zoneinfo, malformed_inputs_are_errors)
{
	static const struct {
		const char *text;
		const char *needle;
	} bad[] = {
		{ "", "no zones" },
		{ "\n\n", "no zones" },
		{ "garbage\n", "expected 'Node N, zone NAME'" },
		{ "Node x, zone DMA\n", "malformed header" },
		{ "Node 0 zone DMA\n", "malformed header" },
		{ "Node 0, zone \n", "malformed header" },
		{ "Node 0, zone A B\n", "malformed header" },
		{ "Node 0, zone ABCDEFGHIJKLMNOPQRST\n", "too long" },
		{ "Node 0, zone   Normal\n  pages free     100\n        min      ten\n", "bad value 'ten' for 'min'" },
		/* counts no kernel prints: above INT64_MAX, or a negative reserve */
		{ "Node 0, zone   Normal\n  pages free     18446744073709551615\n",
		  "bad value '18446744073709551615' for 'pages free': out of range [0, 9223372036854775807]" },
		{ "Node 0, zone   Normal\n  pages free     100\n        min      9223372036854775808\n",
		  "bad value '9223372036854775808' for 'min': out of range" },
		{ "Node 0, zone   Normal\n  pages free     100\n        min      10\n        low      12\n"
		  "        high     14\n        spanned  200\n        present  200\n        managed  190\n"
		  "        protection: (0, -1)\n", "malformed protection" },
		/* what the messages quote is escaped */
		{ "Node 0, zone N\xff\x1b[0m\n  pages free     x\n",
		  "line 2 (node 0, zone N\\xff\\x1b[0m): bad value 'x' for 'pages free'" },
		{ "Node 0, zone \x1b]0;t\x07 B\n", "malformed header 'Node 0, zone \\x1b]0;t\\x07 B'" },
		{ "Node 0, zone   Normal\n  pages free     100\n        min      10\n", "no 'low' line" },
		{ "Node 0, zone   Normal\n  pages free     100\n        min      10\n        low      12\n"
		  "        high     14\n        spanned  200\n        present  200\n        managed  190\n"
		  "        protection: (0, 0", "incomplete" },
		{ "Node 0, zone   Normal\n  pages free     100\n        min      10\n        low      12\n"
		  "        high     14\n        spanned  200\n        present  200\n        managed  190\n"
		  "        protection: (0, x)\n", "malformed protection" },
		{ "Node 0, zone   Normal\n  pages free     100\n        min      10\n        low      12\n"
		  "        high     14\n        spanned  200\n        present  200\n        managed  190\n"
		  "        protection: (0,)\n", "malformed protection" },
		{ "Node 0, zone   Normal\n  pages free     100\n        min      10\n        min      10\n", "printed twice" },
		{ "Node 0, zone   Normal\n        min      10\n", "before 'pages free'" },
		{ "Node 0, zone   Normal\n  pages free     1\0x\n", "NUL" },
	};
	struct vt_zoneinfo zi;
	char *cause = NULL;

	vt_zoneinfo_init(&zi);
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		size_t len = strlen(bad[i].text);

		if (strstr(bad[i].needle, "NUL"))
			len += 3;
		cr_expect_eq(vt_zoneinfo_parse(bad[i].text, len, &zi, &cause), -EINVAL, "accepted case %zu", i);
		cr_expect(cause && strstr(cause, bad[i].needle), "case %zu: '%s' lacks '%s'", i, cause, bad[i].needle);
		cr_expect_eq(zi.nzones, 0, "no partial result");
	}
	free(cause);
}

Test(zoneinfo, structural_errors)
{
	struct vt_zoneinfo zi;
	char *cause = NULL, *text;

	vt_zoneinfo_init(&zi);
	/* the same zone twice */
	cr_assert(asprintf(&text, "%s%s", vt_good_zone, vt_good_zone) >= 0);
	cr_expect_eq(vt_parse_str(text, &zi, &cause), -EINVAL);
	cr_expect(strstr(cause, "printed twice"), "%s", cause);
	free(text);
	/* node 0, node 1, node 0 again */
	cr_assert(asprintf(&text, "%s%s%s", vt_good_zone, "Node 1, zone   Normal\n  pages free 1\n  min 1\n low 1\n"
			   " high 1\n spanned 1\n present 1\n managed 1\n protection: (0, 0)\n",
			   "Node 0, zone  Movable\n  pages free 1\n  min 1\n low 1\n high 1\n spanned 1\n present 1\n"
			   " managed 1\n protection: (0, 0)\n") >= 0);
	cr_expect_eq(vt_parse_str(text, &zi, &cause), -EINVAL);
	cr_expect(strstr(cause, "not contiguous"), "%s", cause);
	free(text);
	/* protection lengths disagree */
	cr_assert(asprintf(&text, "%s%s", vt_good_zone, "Node 0, zone  Movable\n  pages free 1\n  min 1\n low 1\n"
			   " high 1\n spanned 1\n present 1\n managed 1\n protection: (0, 0, 0)\n") >= 0);
	cr_expect_eq(vt_parse_str(text, &zi, &cause), -EINVAL);
	cr_expect(strstr(cause, "entries"), "%s", cause);
	free(text);
	/* zones out of index order */
	cr_assert(asprintf(&text, "%s%s", vt_good_zone, "Node 0, zone      DMA\n  pages free 1\n  min 1\n low 1\n"
			   " high 1\n spanned 1\n present 1\n managed 1\n protection: (0, 0)\n") >= 0);
	cr_expect_eq(vt_parse_str(text, &zi, &cause), -EINVAL);
	cr_expect(strstr(cause, "printed after"), "%s", cause);
	free(text);
	free(cause);
	vt_zoneinfo_release(&zi);
}

/* Cutting the real file at every line boundary: either a clean parse of the
 * complete records or a clear error; never a crash or a half record. */
Test(zoneinfo, every_truncation)
{
	struct vt_zoneinfo zi;
	size_t len, ok = 0, bad = 0;
	char *text = vt_fixture_zoneinfo("host-6.18-uma", &len), *cause = NULL;

	vt_zoneinfo_init(&zi);
	for (size_t cut = 0; cut < len; cut++) {
		int err = vt_zoneinfo_parse(text, cut, &zi, &cause);

		if (err == 0) {
			ok++;
			cr_expect(cut > 0 && text[cut - 1] == '\n');
			for (size_t i = 0; i < zi.nzones; i++)
				cr_expect(vt_zone_has(&zi.zones[i], VT_ZF_PROTECTION));
		} else {
			bad++;
			cr_expect_eq(err, -EINVAL);
			cr_expect_not_null(cause);
		}
	}
	cr_expect_gt(ok, 0);
	cr_expect_gt(bad, ok);
	vt_zoneinfo_release(&zi);
	free(cause);
	free(text);
}

Test(zoneinfo, read_through_root)
{
	struct vt_zoneinfo zi;
	struct vt_root root;
	struct vt_buf buf;
	char *dir = vt_test_mkdtemp(), *cause = NULL;

	vt_zoneinfo_init(&zi);
	vt_buf_init(&buf);
	cr_assert_eq(vt_root_open(&root, dir, &cause), 0);
	cr_expect_eq(vt_zoneinfo_read(&root, &buf, &zi, &cause), -ENOENT);
	cr_expect(strstr(cause, "not available"), "%s", cause);
	vt_test_write(dir, "proc/zoneinfo", "Node 0, zone   Normal\n  pages free     x\n");
	cr_expect_eq(vt_zoneinfo_read(&root, &buf, &zi, &cause), -EINVAL);
	cr_expect(strstr(cause, "proc/zoneinfo: line 2 (node 0, zone Normal): bad value 'x' for 'pages free'"),
		  "%s", cause);
	vt_test_write(dir, "proc/zoneinfo", vt_good_zone);
	cr_expect_eq(vt_zoneinfo_read(&root, &buf, &zi, &cause), 0);
	cr_expect_eq(zi.nzones, 1);
	vt_root_release(&root);
	vt_buf_release(&buf);
	vt_zoneinfo_release(&zi);
	vt_test_rmtree(dir);
	free(dir);
	free(cause);
}
