/* The advisor's engine: waivers, and rules on inputs built here. */
#include "config.h"
#include "advisor/advise.h"
#include "advisor/rules.h"
#include "core/kversion.h"

#include <criterion/criterion.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

Test(waivers, parse_dates_and_reasons)
{
	static const char text[] = "# comment\n\nVMT-ZRM-001 2099-12-31 pinned jobs\n"
				   "VMT-SWP-001 vendor says 1\n";
	struct vt_waivers w = { 0 };
	char *cause = NULL;

	cr_assert_eq(vt_waivers_parse(text, sizeof text - 1, &w, &cause), 0, "%s", cause);
	cr_assert_eq(w.count, 2);
	cr_expect_str_eq(w.items[0].id, "VMT-ZRM-001");
	cr_expect_str_eq(w.items[0].expires, "2099-12-31");
	cr_expect_str_eq(w.items[0].reason, "pinned jobs");
	cr_expect_str_eq(w.items[1].expires, "");
	cr_expect_str_eq(w.items[1].reason, "vendor says 1");
	vt_waivers_release(&w);
	cr_expect_eq(vt_waivers_parse("vmt-lower 2020-01-01 x\n", 23, &w, &cause), -EINVAL);
	cr_expect(strstr(cause, "line 1") != NULL, "%s", cause);
	vt_waivers_release(&w);
	cr_expect_eq(vt_waivers_parse("VMT-SWP-001 2020-01-01\n", 23, &w, &cause), -EINVAL, "no reason");
	vt_waivers_release(&w);
	free(cause);
}

/* A minimal input: a 5.10.200 kernel, no zoneinfo, knobs as given. */
static void input(struct vt_advice_input *in, int64_t swappiness, int64_t zrm)
{
	memset(in, 0, sizeof *in);
	in->kernel = VT_KERNEL_VERSION(5, 10, 200);
	in->release = "5.10.200";
	in->page_shift = 12;
	in->cgroup_v1_memory = -1;
	for (size_t i = 0; i < vt_knob_count; i++) {
		in->knobs[i].available = true;
		in->knobs[i].value = vt_knobs[i].default_value;
		if (strcmp(vt_knobs[i].name, "vm.swappiness") == 0)
			in->knobs[i].value = swappiness;
		if (strcmp(vt_knobs[i].name, "vm.zone_reclaim_mode") == 0)
			in->knobs[i].value = zrm;
		if (strcmp(vt_knobs[i].name, "vm.min_free_kbytes") == 0)
			in->knobs[i].value = 67584;
	}
}

static const struct vt_recommendation *find(const struct vt_advice *a, const char *id)
{
	for (size_t i = 0; i < a->nrecs; i++)
		if (strcmp(a->recs[i].id, id) == 0)
			return &a->recs[i];
	cr_assert_fail("no %s", id);
	return NULL;
}

Test(rules, every_rule_answers_and_thin_evidence_keeps)
{
	struct vt_advice_input in;
	struct vt_advice a;
	char *cause = NULL;

	input(&in, 60, 0);
	cr_assert_eq(vt_advise(&in, &a, &cause), 0, "%s", cause);
	cr_expect_eq(a.nrecs, vt_rule_count);
	/* No swap information, no zoneinfo, no activity, no topology: no rule
	 * may change anything. */
	cr_expect_eq(a.changes, 0);
	cr_expect_eq(find(&a, "VMT-WSF-001")->action, VT_ACTION_KEEP);
	cr_expect_eq(find(&a, "VMT-WSF-001")->confidence, VT_CONFIDENCE_LOW);
	for (size_t i = 0; i < a.nrecs; i++)
		cr_expect(a.recs[i].reason[0] != '\0', "%s has no reason", a.recs[i].id);
	vt_advice_release(&a);
}

Test(rules, swappiness_by_swap_kind_and_kernel)
{
	struct vt_swaps zram = { .devices = 1, .zram = 1, .size_kb = 1 << 20, .zswap = -1 };
	struct vt_swaps disk = { .devices = 1, .disk = 1, .size_kb = 1 << 20, .zswap = -1 };
	struct vt_swaps none = { .zswap = -1 };
	struct vt_advice_input in;
	struct vt_advice a;

	input(&in, 60, 0);
	in.swaps = &zram;
	cr_assert_eq(vt_advise(&in, &a, NULL), 0);
	cr_expect_eq(find(&a, "VMT-SWP-001")->recommended, 133, "vm.rst: 133 for in-memory swap");
	vt_advice_release(&a);
	in.kernel = VT_KERNEL_VERSION(5, 4, 0);	/* no values above 100 */
	cr_assert_eq(vt_advise(&in, &a, NULL), 0);
	cr_expect_eq(find(&a, "VMT-SWP-001")->action, VT_ACTION_KEEP, "60 is within 60..100 on 5.4");
	vt_advice_release(&a);
	input(&in, 60, 0);
	in.swaps = &disk;
	in.workload = VT_WL_DATABASE;
	cr_assert_eq(vt_advise(&in, &a, NULL), 0);
	cr_expect_eq(find(&a, "VMT-SWP-001")->recommended, 10);
	vt_advice_release(&a);
	in.workload = VT_WL_GENERAL;
	cr_assert_eq(vt_advise(&in, &a, NULL), 0);
	cr_expect_eq(find(&a, "VMT-SWP-001")->action, VT_ACTION_KEEP, "60 is the general default");
	vt_advice_release(&a);
	in.swaps = &none;
	in.knobs[0].value = 0;
	cr_assert_eq(vt_advise(&in, &a, NULL), 0);
	cr_expect_eq(find(&a, "VMT-SWP-001")->action, VT_ACTION_KEEP, "no swap: nothing to act on");
	vt_advice_release(&a);
}

Test(rules, zone_reclaim_from_the_topology)
{
	struct vt_advice_input in;
	struct vt_topology one, two;
	struct vt_advice a;

	vt_topology_init(&one);
	vt_topology_init(&two);
	one.nnodes = 1;
	two.nnodes = 2;
	input(&in, 60, 1);
	in.topology = &one;
	cr_assert_eq(vt_advise(&in, &a, NULL), 0);
	cr_expect_eq(find(&a, "VMT-ZRM-001")->action, VT_ACTION_NOT_APPLICABLE);
	vt_advice_release(&a);
	in.topology = &two;
	cr_assert_eq(vt_advise(&in, &a, NULL), 0);
	cr_expect_eq(find(&a, "VMT-ZRM-001")->action, VT_ACTION_CHANGE);
	cr_expect_eq(find(&a, "VMT-ZRM-001")->recommended, 0);
	vt_advice_release(&a);
	in.workload = VT_WL_HPC;
	cr_assert_eq(vt_advise(&in, &a, NULL), 0);
	cr_expect_eq(find(&a, "VMT-ZRM-001")->action, VT_ACTION_KEEP, "tuned hpc-compute: 1");
	vt_advice_release(&a);
}

Test(waivers, apply_and_expire)
{
	static const char text[] = "VMT-ZRM-001 2030-01-01 pinned\n";
	struct vt_topology two;
	struct vt_advice_input in;
	struct vt_waivers w = { 0 };
	struct vt_advice a;

	vt_topology_init(&two);
	two.nnodes = 2;
	input(&in, 60, 1);
	in.topology = &two;
	cr_assert_eq(vt_waivers_parse(text, sizeof text - 1, &w, NULL), 0);
	cr_assert_eq(vt_advise(&in, &a, NULL), 0);
	cr_expect_eq(a.changes, 1);
	vt_advice_apply_waivers(&a, &w, "2029-12-31");
	cr_expect_eq(a.changes, 0);
	cr_expect_eq(a.waived, 1);
	cr_expect(find(&a, "VMT-ZRM-001")->waived);
	vt_advice_apply_waivers(&a, &w, "2030-01-02");
	cr_expect_eq(a.changes, 1, "an expired waiver no longer applies");
	cr_expect(find(&a, "VMT-ZRM-001")->waiver_expired);
	vt_advice_release(&a);
	vt_waivers_release(&w);
}
