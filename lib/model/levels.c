#include "config.h"
#include "model/levels.h"
#include "core/xalloc.h"

#include <stdlib.h>
#include <string.h>

void vt_levels_init(struct vt_levels *l)
{
	memset(l, 0, sizeof *l);
}

void vt_levels_release(struct vt_levels *l)
{
	free(l->zones);
	free(l->nodes);
	memset(l, 0, sizeof *l);
}

void vt_levels_reserve(struct vt_levels *l, size_t nzones)
{
	if (nzones > l->cap_zones) {
		l->zones = vt_xreallocarray(l->zones, nzones, sizeof *l->zones);
		l->cap_zones = nzones;
	}
	if (nzones > l->cap_nodes) {
		l->nodes = vt_xreallocarray(l->nodes, nzones, sizeof *l->nodes);
		l->cap_nodes = nzones;
	}
}

static void vt_levels_mem(const struct vt_meminfo *mi, struct vt_levels *out)
{
	out->have_mem = mi && vt_meminfo_has(mi, VT_MI_MEM_TOTAL) && vt_meminfo_has(mi, VT_MI_MEM_AVAILABLE);
	if (out->have_mem) {
		out->mem_total_kb = mi->value[VT_MI_MEM_TOTAL];
		out->mem_available_kb = mi->value[VT_MI_MEM_AVAILABLE];
	}
	out->have_swap = mi && vt_meminfo_has(mi, VT_MI_SWAP_TOTAL) && vt_meminfo_has(mi, VT_MI_SWAP_FREE);
	if (out->have_swap) {
		out->swap_total_kb = mi->value[VT_MI_SWAP_TOTAL];
		/* SwapFree above SwapTotal happens only in a damaged file:
		 * nothing used rather than a wrapped number. */
		out->swap_used_kb = mi->value[VT_MI_SWAP_FREE] < out->swap_total_kb ?
				    out->swap_total_kb - mi->value[VT_MI_SWAP_FREE] : 0;
	}
}

void vt_levels_compute(const struct vt_meminfo *mi, const struct vt_zoneinfo *zi, struct vt_levels *out)
{
	vt_levels_mem(mi, out);
	out->nzones = out->nnodes = 0;
	if (zi == NULL)
		return;
	vt_levels_reserve(out, zi->nzones);
	for (size_t i = 0; i < zi->nzones; i++) {
		const struct vt_zone *z = &zi->zones[i];
		struct vt_level_node *n;

		if (z->value[VT_ZF_MANAGED] == 0)
			continue;
		out->zones[out->nzones].zone = z;
		out->zones[out->nzones].state = vt_wm_zone_state(z);
		out->nzones++;
		/* Zones of a node are contiguous (the parser checks). */
		n = out->nnodes ? &out->nodes[out->nnodes - 1] : NULL;
		if (n == NULL || n->id != z->node) {
			n = &out->nodes[out->nnodes++];
			n->id = z->node;
			n->free_pages = n->managed_pages = 0;
		}
		n->free_pages += z->value[VT_ZF_FREE];
		n->managed_pages += z->value[VT_ZF_MANAGED];
	}
}
