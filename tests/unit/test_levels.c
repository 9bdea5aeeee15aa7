#include "config.h"
#include "model/levels.h"

#include <criterion/criterion.h>
#include <string.h>

/* top's levels of one moment: swap in use, zones without managed pages
 * left out, each node's sums, each zone's state. */

static void zone(struct vt_zone *z, unsigned node, uint64_t free, uint64_t min, uint64_t managed)
{
	memset(z, 0, sizeof *z);
	z->node = node;
	z->value[VT_ZF_FREE] = free;
	z->value[VT_ZF_MIN] = min;
	z->value[VT_ZF_LOW] = min + 10;
	z->value[VT_ZF_HIGH] = min + 20;
	z->value[VT_ZF_MANAGED] = managed;
}

Test(levels, nodes_sum_their_zones_and_empty_zones_are_left_out)
{
	struct vt_zone zones[5];
	struct vt_zoneinfo zi = { .zones = zones, .nzones = 5 };
	struct vt_levels lv;

	zone(&zones[0], 0, 500, 100, 1000);     /* above high */
	zone(&zones[1], 0, 115, 100, 2000);     /* low..high */
	zone(&zones[2], 0, 0, 0, 0);            /* empty */
	zone(&zones[3], 2, 105, 100, 4000);     /* min..low */
	zone(&zones[4], 2, 100, 100, 8000);     /* at min: below */
	vt_levels_init(&lv);
	vt_levels_compute(NULL, &zi, &lv);
	cr_expect(!lv.have_mem && !lv.have_swap);
	cr_assert_eq(lv.nzones, 4);
	cr_expect_eq(lv.zones[0].state, VT_WM_OK);
	cr_expect_eq(lv.zones[1].state, VT_WM_KSWAPD);
	cr_expect_eq(lv.zones[2].zone, &zones[3]);
	cr_expect_eq(lv.zones[2].state, VT_WM_LOW);
	cr_expect_eq(lv.zones[3].state, VT_WM_MIN);
	cr_assert_eq(lv.nnodes, 2);
	cr_expect_eq(lv.nodes[0].id, 0);
	cr_expect_eq(lv.nodes[0].free_pages, 615);
	cr_expect_eq(lv.nodes[0].managed_pages, 3000);
	cr_expect_eq(lv.nodes[1].id, 2);
	cr_expect_eq(lv.nodes[1].managed_pages, 12000);
	/* Again, with fewer zones: nothing left over from before. */
	zi.nzones = 1;
	vt_levels_compute(NULL, &zi, &lv);
	cr_expect_eq(lv.nzones, 1);
	cr_expect_eq(lv.nnodes, 1);
	vt_levels_release(&lv);
}

Test(levels, swap_in_use_and_a_damaged_swap_free)
{
	struct vt_meminfo mi;
	struct vt_levels lv;

	memset(&mi, 0, sizeof mi);
	mi.value[VT_MI_MEM_TOTAL] = 1000;
	mi.value[VT_MI_MEM_AVAILABLE] = 400;
	mi.value[VT_MI_SWAP_TOTAL] = 100;
	mi.value[VT_MI_SWAP_FREE] = 30;
	vt_bit_set(mi.present, VT_MI_MEM_TOTAL);
	vt_bit_set(mi.present, VT_MI_MEM_AVAILABLE);
	vt_levels_init(&lv);
	vt_levels_compute(&mi, NULL, &lv);
	cr_expect(lv.have_mem);
	cr_expect_eq(lv.mem_available_kb, 400);
	cr_expect(!lv.have_swap, "no SwapTotal line: not available, not 0");
	vt_bit_set(mi.present, VT_MI_SWAP_TOTAL);
	vt_bit_set(mi.present, VT_MI_SWAP_FREE);
	vt_levels_compute(&mi, NULL, &lv);
	cr_expect(lv.have_swap);
	cr_expect_eq(lv.swap_used_kb, 70);
	mi.value[VT_MI_SWAP_FREE] = 300;
	vt_levels_compute(&mi, NULL, &lv);
	cr_expect_eq(lv.swap_used_kb, 0, "SwapFree above SwapTotal does not wrap");
	cr_expect_eq(lv.nzones, 0);
	vt_levels_release(&lv);
}
