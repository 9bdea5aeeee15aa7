#include "config.h"
#include "probe/gauges.h"
#include "helpers.h"

#include <criterion/criterion.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* top's levels of each frame: the knob parser, the reader on a fixture
 * and on a tree that lacks files, re-reads into the same storage. */

Test(gauges, a_knob_is_one_integer)
{
	int64_t v;
	char *cause = NULL;

	cr_expect_eq(vt_gauge_knob_parse("60\n", 3, &v, NULL), 0);
	cr_expect_eq(v, 60);
	cr_expect_eq(vt_gauge_knob_parse("  -5 \n", 6, &v, NULL), 0);
	cr_expect_eq(v, -5);
	cr_expect_eq(vt_gauge_knob_parse("60 70\n", 6, &v, &cause), -EINVAL);
	cr_expect_not_null(strstr(cause, "'60 70' is not an integer"), "%s", cause);
	free(cause);
	cr_expect_eq(vt_gauge_knob_parse("", 0, &v, NULL), -EINVAL);
	cr_expect_eq(vt_gauge_knob_parse("\n", 1, &v, NULL), -EINVAL);
	cr_expect_str_eq(vt_gauge_knob_name(VT_GK_SWAPPINESS), "vm.swappiness");
}

Test(gauges, a_fixture_read_twice_reuses_its_zone_array)
{
	char *path = vt_test_fixture("host-6.18-uma"), *cause = NULL;
	struct vt_gauge_reader r;
	struct vt_gauges g;
	struct vt_root root;
	struct vt_zone *zones;

	cr_assert_eq(vt_root_open(&root, path, &cause), 0, "%s", cause);
	vt_gauges_init(&g);
	cr_assert_eq(vt_gauge_reader_open(&r, &root, &cause), 0, "%s", cause);
	cr_assert_eq(vt_gauge_reader_take(&r, &g, &cause), 0, "%s", cause);
	cr_expect(g.have_meminfo && g.have_zoneinfo);
	cr_expect(g.have_knob[VT_GK_MIN_FREE_KBYTES]);
	cr_expect_eq(g.knob[VT_GK_MIN_FREE_KBYTES], 67584);
	cr_expect_eq(g.knob[VT_GK_SWAPPINESS], 60);
	cr_expect_eq(g.zoneinfo.nzones, 5);
	zones = g.zoneinfo.zones;
	cr_assert_eq(vt_gauge_reader_take(&r, &g, &cause), 0, "%s", cause);
	cr_expect_eq(g.zoneinfo.zones, zones, "the second parse reuses the array");
	cr_expect_eq(g.zoneinfo.nzones, 5);
	vt_gauge_reader_close(&r);
	vt_gauges_release(&g);
	vt_root_release(&root);
	free(path);
}

Test(gauges, missing_files_are_not_available_and_a_bad_one_is_an_error)
{
	char *dir = vt_test_mkdtemp(), *cause = NULL;
	struct vt_gauge_reader r;
	struct vt_gauges g;
	struct vt_root root;

	vt_test_write(dir, "proc/sys/vm/swappiness", "30\n");
	cr_assert_eq(vt_root_open(&root, dir, &cause), 0, "%s", cause);
	vt_gauges_init(&g);
	cr_assert_eq(vt_gauge_reader_open(&r, &root, &cause), 0, "%s", cause);
	cr_assert_eq(vt_gauge_reader_take(&r, &g, &cause), 0, "%s", cause);
	cr_expect(!g.have_meminfo && !g.have_zoneinfo);
	cr_expect(g.have_knob[VT_GK_SWAPPINESS]);
	cr_expect(!g.have_knob[VT_GK_MIN_FREE_KBYTES]);
	vt_gauge_reader_close(&r);
	vt_test_write(dir, "proc/sys/vm/min_free_kbytes", "lots\n");
	cr_assert_eq(vt_gauge_reader_open(&r, &root, &cause), 0, "%s", cause);
	cr_expect_eq(vt_gauge_reader_take(&r, &g, &cause), -EINVAL);
	cr_expect_not_null(strstr(cause, "proc/sys/vm/min_free_kbytes: 'lots' is not an integer"), "%s", cause);
	free(cause);
	vt_gauge_reader_close(&r);
	vt_gauges_release(&g);
	vt_root_release(&root);
	vt_test_rmtree(dir);
	free(dir);
}
