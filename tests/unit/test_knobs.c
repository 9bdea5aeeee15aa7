/* The knob table: defaults and ranges by kernel version (kernel-facts §2, §4, §5). */
#include "config.h"
#include "advisor/knobs.h"
#include "core/kversion.h"
#include "advisor/status.h"

#include <criterion/criterion.h>
#include <errno.h>
#include <stdlib.h>
#include <limits.h>
#include <string.h>

static void expect_range(const char *name, uint32_t code, int64_t min, int64_t max)
{
	const struct vt_knob *k = vt_knob_find(name);
	int64_t lo, hi;

	cr_assert_not_null(k, "%s", name);
	cr_assert(vt_knob_range(k, code, &lo, &hi), "%s has no range at %x", name, code);
	cr_expect_eq(lo, min, "%s min at %x", name, code);
	cr_expect_eq(hi, max, "%s max at %x", name, code);
}

Test(knobs, swappiness_range_widened_in_5_8)
{
	expect_range("vm.swappiness", VT_KERNEL_VERSION(5, 7, 19), 0, 100);
	expect_range("vm.swappiness", VT_KERNEL_VERSION(5, 8, 0), 0, 200);
	cr_expect_eq(vt_knob_find("vm.swappiness")->default_value, 60, "the default is 60, not 0");
}

Test(knobs, watermark_scale_factor_by_version)
{
	const struct vt_knob *k = vt_knob_find("vm.watermark_scale_factor");
	int64_t lo, hi;

	cr_expect_not(vt_knob_range(k, VT_KERNEL_VERSION(4, 5, 0), &lo, &hi), "absent before 4.6");
	expect_range("vm.watermark_scale_factor", VT_KERNEL_VERSION(4, 6, 0), 1, 1000);
	expect_range("vm.watermark_scale_factor", VT_KERNEL_VERSION(5, 16, 0), 1, 1000);
	expect_range("vm.watermark_scale_factor", VT_KERNEL_VERSION(5, 17, 0), 1, 3000);
}

Test(knobs, boost_factor_since_5_0_and_others)
{
	const struct vt_knob *k = vt_knob_find("vm.watermark_boost_factor");
	int64_t lo, hi;

	cr_expect_not(vt_knob_range(k, VT_KERNEL_VERSION(4, 19, 0), &lo, &hi));
	expect_range("vm.watermark_boost_factor", VT_KERNEL_VERSION(5, 0, 0), 0, INT_MAX);
	expect_range("vm.min_free_kbytes", VT_KERNEL_VERSION(4, 4, 0), 0, INT_MAX);
	expect_range("vm.zone_reclaim_mode", VT_KERNEL_VERSION(6, 1, 0), 0, INT_MAX);
	cr_expect_null(vt_knob_find("vm.nonexistent"));
}

Test(knobs, table_is_consistent)
{
	for (size_t i = 0; i < vt_knob_count; i++) {
		const struct vt_knob *k = &vt_knobs[i];
		const struct vt_knob_range *r;

		cr_expect_eq(strncmp(k->name, "vm.", 3), 0, "%s", k->name);
		cr_expect_geq(k->ranges[0].max, k->ranges[0].min, "%s has no range", k->name);
		for (r = k->ranges; r->max >= r->min; r++) {
			cr_expect(r->until == 0 || r->until > r->from, "%s: empty kernel span", k->name);
			cr_expect_not_null(r->why, "%s: a range without its reason", k->name);
		}
		if (vt_knob_has_default(k)) {
			int64_t lo, hi;

			cr_assert(vt_knob_range(k, VT_KERNEL_VERSION(6, 1, 0), &lo, &hi));
			cr_expect(k->default_value >= lo && k->default_value <= hi, "%s default out of range", k->name);
		}
		cr_expect_not_null(k->summary);
		cr_expect_eq(vt_knob_find(k->name), k);
	}
}

Test(knobs, stable_backports_of_the_3000_limit)
{
	/* Debian 11's 5.10.223 accepts 2000: the 5.17 limit reached 5.10.186. */
	expect_range("vm.watermark_scale_factor", VT_KERNEL_VERSION(5, 10, 185), 1, 1000);
	expect_range("vm.watermark_scale_factor", VT_KERNEL_VERSION(5, 10, 186), 1, 3000);
	expect_range("vm.watermark_scale_factor", VT_KERNEL_VERSION(5, 10, 223), 1, 3000);
	expect_range("vm.watermark_scale_factor", VT_KERNEL_VERSION(5, 11, 0), 1, 1000);
	expect_range("vm.watermark_scale_factor", VT_KERNEL_VERSION(5, 15, 57), 1, 1000);
	expect_range("vm.watermark_scale_factor", VT_KERNEL_VERSION(5, 15, 58), 1, 3000);
	expect_range("vm.watermark_scale_factor", VT_KERNEL_VERSION(5, 16, 5), 1, 1000);
}

Test(knobs, names_paths_parse_and_format)
{
	const struct vt_knob *k = vt_knob_find("vm/swappiness");
	char buf[64], *cause = NULL;
	int64_t v;

	cr_assert_not_null(k, "sysctl's slashed spelling");
	cr_expect_str_eq(k->name, "vm.swappiness");
	vt_knob_path(vt_knob_find("vm.min_free_kbytes"), buf, sizeof buf);
	cr_expect_str_eq(buf, "proc/sys/vm/min_free_kbytes");
	cr_expect_eq(vt_knob_parse(k, " 150\n", VT_KERNEL_VERSION(6, 1, 0), "6.1.0", &v, &cause), 0);
	cr_expect_eq(v, 150);
	cr_expect_eq(vt_knob_parse(k, "150", VT_KERNEL_VERSION(5, 4, 0), "5.4.0", &v, &cause), -ERANGE);
	cr_expect_str_eq(cause, "150 is out of range for vm.swappiness on kernel 5.4.0 (0..100)");
	cr_expect_eq(vt_knob_parse(k, "lots", VT_KERNEL_VERSION(6, 1, 0), "6.1.0", &v, &cause), -EINVAL);
	cr_expect_eq(vt_knob_parse(vt_knob_find("vm.watermark_boost_factor"), "0",
				   VT_KERNEL_VERSION(4, 19, 0), "4.19.0", &v, &cause), -ENOENT);
	cr_expect_str_eq(cause, "vm.watermark_boost_factor does not exist on kernel 4.19.0");
	vt_knob_format(k, 10, buf, sizeof buf);
	cr_expect_str_eq(buf, "10");
	cr_expect_str_eq(vt_knob_unit_name(vt_knob_find("vm.min_free_kbytes")->unit), "kB");
	free(cause);
}

Test(status, derive_flags_out_of_range_and_swap)
{
	struct vt_status st;

	vt_status_init(&st);
	st.system.kernel.code = VT_KERNEL_VERSION(5, 4, 0);
	st.have_meminfo = true;
	vt_bit_set(st.meminfo.present, VT_MI_MEM_TOTAL);
	vt_bit_set(st.meminfo.present, VT_MI_MEM_AVAILABLE);
	vt_bit_set(st.meminfo.present, VT_MI_SWAP_TOTAL);
	vt_bit_set(st.meminfo.present, VT_MI_SWAP_FREE);
	st.meminfo.value[VT_MI_MEM_TOTAL] = 1000;
	st.meminfo.value[VT_MI_MEM_AVAILABLE] = 250;
	st.meminfo.value[VT_MI_SWAP_TOTAL] = 400;
	st.meminfo.value[VT_MI_SWAP_FREE] = 100;
	for (size_t i = 0; i < st.nknobs; i++) {
		st.knobs[i].available = true;
		st.knobs[i].value = strcmp(st.knobs[i].knob->name, "vm.swappiness") == 0 ? 150 : 10;
	}
	cr_assert_eq(vt_status_derive(&st, NULL), 0);
	cr_expect_float_eq(st.available_pct, 25.0, 1e-9);
	cr_expect_eq(st.swap_used_kb, 300);
	cr_expect_float_eq(st.swap_used_pct, 75.0, 1e-9);
	for (size_t i = 0; i < st.nknobs; i++)
		if (strcmp(st.knobs[i].knob->name, "vm.swappiness") == 0)
			cr_expect_not(st.knobs[i].in_range, "150 is out of range on 5.4 (0-100)");
	vt_status_release(&st);
}
