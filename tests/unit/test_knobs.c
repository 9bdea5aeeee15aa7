/* The knob table: defaults and ranges by kernel version (kernel-facts §2, §4, §5). */
#include "config.h"
#include "advisor/knobs.h"
#include "core/kversion.h"
#include "advisor/status.h"

#include <criterion/criterion.h>
#include <errno.h>
#include <stdlib.h>
#include <limits.h>
#include <stdio.h>
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
	struct vt_state state;
	struct vt_status st;

	vt_state_init(&state);
	vt_knobs_want(&state);
	state.system.kernel.code = VT_KERNEL_VERSION(5, 4, 0);
	state.src[VT_STATE_SRC_SYSTEM].avail = VT_AVAIL_PRESENT;
	state.src[VT_STATE_SRC_MEMINFO].avail = VT_AVAIL_PRESENT;
	vt_bit_set(state.meminfo.present, VT_MI_MEM_TOTAL);
	vt_bit_set(state.meminfo.present, VT_MI_MEM_AVAILABLE);
	vt_bit_set(state.meminfo.present, VT_MI_SWAP_TOTAL);
	vt_bit_set(state.meminfo.present, VT_MI_SWAP_FREE);
	state.meminfo.value[VT_MI_MEM_TOTAL] = 1000;
	state.meminfo.value[VT_MI_MEM_AVAILABLE] = 250;
	state.meminfo.value[VT_MI_SWAP_TOTAL] = 400;
	state.meminfo.value[VT_MI_SWAP_FREE] = 100;
	for (size_t i = 0; i < state.nsysctls; i++) {
		struct vt_state_sysctl *k = &state.sysctls[i];

		/* zone_reclaim_mode: missing, on a kernel without NUMA */
		if (strcmp(k->name, "vm.zone_reclaim_mode") == 0) {
			k->src.avail = VT_AVAIL_ABSENT;
			continue;
		}
		k->src.avail = VT_AVAIL_PRESENT;
		k->value = strcmp(k->name, "vm.swappiness") == 0 ? 150 : 10;
	}
	vt_status_init(&st);
	cr_assert_eq(vt_status_build(&st, &state, NULL), 0);
	cr_expect_eq(st.state, &state);
	cr_expect_float_eq(st.available_pct, 25.0, 1e-9);
	cr_expect_eq(st.swap_used_kb, 300);
	cr_expect_float_eq(st.swap_used_pct, 75.0, 1e-9);
	cr_assert_eq(st.nknobs, vt_knob_count);
	for (size_t i = 0; i < st.nknobs; i++) {
		const struct vt_status_knob *k = &st.knobs[i];

		if (strcmp(k->knob->name, "vm.swappiness") == 0) {
			cr_expect(k->available);
			cr_expect_not(k->in_range, "150 is out of range on 5.4 (0-100)");
		} else if (strcmp(k->knob->name, "vm.zone_reclaim_mode") == 0) {
			cr_expect_not(k->available);
			cr_expect_str_eq(k->unavailable_reason, "not available (kernel without NUMA)");
		} else {
			cr_expect(k->available, "%s", k->knob->name);
			cr_expect_eq(k->value, 10);
		}
	}
	vt_status_release(&st);
	vt_state_release(&state);
}

/* A value the kernel's own sysctl would refuse is a damaged file: the
 * error names the file under the root, in vt_knob_parse's words. */
Test(knobs, check_read_names_the_file)
{
	char path[] = "/tmp/tree";
	struct vt_root root = { .dirfd = -1, .path = path, .kind = VT_ROOT_TREE };
	const struct vt_kversion k61 = { .code = VT_KERNEL_VERSION(6, 1, 0), .release = "6.1.0" };
	const struct vt_kversion k419 = { .code = VT_KERNEL_VERSION(4, 19, 0), .release = "4.19.0" };
	const struct vt_knob *wsf = vt_knob_find("vm.watermark_scale_factor");
	char *cause = NULL;

	cr_expect_eq(vt_knob_check_read(&root, wsf, 3000, &k61, &cause), 0);
	cr_expect_null(cause);
	cr_expect_eq(vt_knob_check_read(&root, wsf, 4000, &k61, &cause), -ERANGE);
	cr_expect_str_eq(cause, "/tmp/tree/proc/sys/vm/watermark_scale_factor: 4000 is out of range for "
			 "vm.watermark_scale_factor on kernel 6.1.0 (1..3000)");
	free(cause);
	cause = NULL;
	/* Not on that kernel: nothing to hold it to. */
	cr_expect_eq(vt_knob_check_read(&root, vt_knob_find("vm.watermark_boost_factor"), -1, &k419, &cause), 0);
	cr_expect_null(cause);
}

Test(knobs, check_state_takes_the_sysctls_read_in_order)
{
	char path[] = "/tmp/tree";
	struct vt_root root = { .dirfd = -1, .path = path, .kind = VT_ROOT_TREE };
	struct vt_state state;
	char *cause = NULL;

	vt_state_init(&state);
	state.root = &root;
	state.system.kernel.code = VT_KERNEL_VERSION(6, 1, 0);
	snprintf(state.system.kernel.release, sizeof state.system.kernel.release, "6.1.0");
	vt_state_want_sysctl(&state, "vm.min_free_kbytes");
	vt_state_want_sysctl(&state, "vm.nr_hugepages");
	vt_state_want_sysctl(&state, "vm.watermark_scale_factor");
	vt_state_want_sysctl(&state, "vm.swappiness");
	for (size_t i = 0; i < state.nsysctls; i++) {
		state.sysctls[i].src.avail = VT_AVAIL_PRESENT;
		state.sysctls[i].value = -7;    /* every knob refuses it but nr_hugepages, not in the table */
	}
	state.sysctls[0].src.avail = VT_AVAIL_ABSENT;   /* not read: not checked */
	cr_expect_eq(vt_knobs_check_state(&state, &cause), -ERANGE);
	cr_assert_not_null(cause);
	cr_expect_str_eq(cause, "/tmp/tree/proc/sys/vm/watermark_scale_factor: -7 is out of range for "
			 "vm.watermark_scale_factor on kernel 6.1.0 (1..3000)");
	free(cause);
	vt_state_release(&state);
}
