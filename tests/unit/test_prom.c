/* The Prometheus exposition writer (present/prom.h): names, duplicate
 * series, escaping, exact numbers, and the metric set of a fixture. */
#include "config.h"
#include "present/prom.h"
#include "advisor/knobs.h"
#include "helpers.h"

#include <criterion/criterion.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

Test(prom, names)
{
	cr_expect(vt_prom_name_ok("vmtune_zone_free_bytes", false));
	cr_expect(vt_prom_name_ok("a:b", false));
	cr_expect_not(vt_prom_name_ok("a:b", true), "no ':' in label names");
	cr_expect_not(vt_prom_name_ok("__name", true), "reserved label name");
	cr_expect_not(vt_prom_name_ok("0abc", false));
	cr_expect_not(vt_prom_name_ok("vm.swappiness", false));
	cr_expect_not(vt_prom_name_ok("", false));
}

static const char *const lab[] = { "zone", "node" };

Test(prom, families_and_series_once)
{
	struct vt_metrics m;
	struct vt_metric_family *f, *g;
	const char *v1[] = { "Normal", "0" }, *v2[] = { "Normal", "1" };
	char *cause = NULL;

	vt_metrics_init(&m);
	cr_assert_eq(vt_metrics_family(&m, "vmtune_x", VT_METRIC_GAUGE, "x", &f, &cause), 0);
	cr_expect_eq(vt_metrics_family(&m, "vmtune_x", VT_METRIC_GAUGE, "x", &g, &cause), -EEXIST);
	free(cause);
	cause = NULL;
	cr_expect_eq(vt_metrics_family(&m, "vmtune.x", VT_METRIC_GAUGE, "x", &g, &cause), -EINVAL);
	free(cause);
	cause = NULL;
	cr_expect_eq(vt_metrics_add(f, 1, 0, 2, lab, v1, &cause), 0);
	cr_expect_eq(vt_metrics_add(f, 2, 0, 2, lab, v2, &cause), 0);
	cr_expect_eq(vt_metrics_add(f, 3, 0, 2, lab, v1, &cause), -EEXIST, "the same series twice");
	free(cause);
	cause = NULL;
	cr_expect_eq(vt_metrics_add(f, 3, 0, 1, lab, v1, &cause), 0, "fewer labels: another series");
	cr_expect_eq(f->nsamples, 3);
	vt_metrics_release(&m);
}

Test(prom, escaping_and_exact_numbers)
{
	struct vt_metrics m;
	struct vt_metric_family *f;
	const char *v[] = { "a\"b\\c\nd", "\xff" };
	char *text, *cause = NULL;
	size_t len;

	vt_metrics_init(&m);
	cr_assert_eq(vt_metrics_family(&m, "vmtune_x_seconds_total", VT_METRIC_COUNTER, "a \\ b\nc", &f, &cause), 0);
	cr_assert_eq(vt_metrics_add(f, 12345678, 6, 2, lab, v, &cause), 0);
	cr_assert_eq(vt_metrics_family(&m, "vmtune_y", VT_METRIC_GAUGE, "y", &f, &cause), 0);
	cr_assert_eq(vt_metrics_add(f, -5, 2, 0, NULL, NULL, &cause), 0);
	cr_assert_eq(vt_metrics_family(&m, "vmtune_z", VT_METRIC_GAUGE, "z", &f, &cause), 0);
	cr_assert_eq(vt_metrics_add(f, INT64_MIN, 0, 0, NULL, NULL, &cause), 0);
	cr_assert_eq(vt_metrics_add(f, 7, 4, 1, lab, v, &cause), 0);
	text = vt_prom_format(&m, &len);
	cr_assert_not_null(text);
	cr_expect_eq(strlen(text), len);
	cr_expect_str_eq(text,
		"# HELP vmtune_x_seconds_total a \\\\ b\\nc\n"
		"# TYPE vmtune_x_seconds_total counter\n"
		"vmtune_x_seconds_total{zone=\"a\\\"b\\\\c\\nd\",node=\"\xef\xbf\xbd\"} 12.345678\n"
		"# HELP vmtune_y y\n"
		"# TYPE vmtune_y gauge\n"
		"vmtune_y -0.05\n"
		"# HELP vmtune_z z\n"
		"# TYPE vmtune_z gauge\n"
		"vmtune_z -9223372036854775808\n"
		"vmtune_z{zone=\"a\\\"b\\\\c\\nd\"} 0.0007\n");
	free(text);
	vt_metrics_release(&m);
}

Test(prom, a_fixture_with_advice)
{
	char *dir = vt_test_fixture("handmade-6.1-numa2-misset"), *cause = NULL, *text;
	struct vt_state st;
	struct vt_root root;
	struct vt_metrics m;
	struct vt_recommendation rec = { .id = "VMT-SWP-001", .action = VT_ACTION_CHANGE, .recommended = 60 };
	struct vt_advice advice = { .recs = &rec, .nrecs = 1, .changes = 1 };
	size_t len;

	rec.knob = vt_knob_find("vm.swappiness");
	cr_assert_eq(vt_root_open(&root, dir, NULL), 0);
	vt_state_init(&st);
	vt_knobs_want(&st);
	cr_assert_eq(vt_state_collect(&root, VT_EXPORT_SOURCES, &st, &cause), 0, "%s", cause);
	vt_metrics_init(&m);
	cr_assert_eq(vt_metrics_build(&m, &st, &advice, &cause), 0, "%s", cause);
	text = vt_prom_format(&m, &len);
	cr_assert_not_null(text);
	cr_expect(strstr(text, "\nvmtune_sysctl_vm_swappiness 0\n") != NULL);
	cr_expect(strstr(text, "\nvmtune_recommendation_pending{id=\"VMT-SWP-001\",knob=\"vm.swappiness\"} 1\n") != NULL);
	cr_expect(strstr(text, "\nvmtune_recommendation_value{id=\"VMT-SWP-001\",knob=\"vm.swappiness\"} 60\n") != NULL);
	cr_expect(strstr(text, "\nvmtune_advice_up 1\n") != NULL);
	/* Pages in bytes: the 4 KiB page size of the capture. */
	cr_expect(strstr(text, "\nvmtune_zone_min_bytes{node=\"0\",zone=\"DMA32\"} 33218560\n") != NULL);
	cr_expect(strstr(text, "zone=\"Movable\"") == NULL, "unpopulated zones have no series");
	free(text);
	/* Without advice: up 0, the families there, no series. */
	cr_assert_eq(vt_metrics_build(&m, &st, NULL, &cause), 0, "%s", cause);
	text = vt_prom_format(&m, &len);
	cr_expect(strstr(text, "\nvmtune_advice_up 0\n") != NULL);
	cr_expect(strstr(text, "# TYPE vmtune_recommendation_pending gauge\n# HELP vmtune_recommendation_value") != NULL,
		  "%s", text);
	free(text);
	vt_metrics_release(&m);
	vt_state_release(&st);
	vt_root_release(&root);
	free(dir);
}
