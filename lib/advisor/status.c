#include "config.h"
#include "advisor/status.h"
#include "core/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void vt_status_init(struct vt_status *st)
{
	memset(st, 0, sizeof *st);
	vt_topology_init(&st->topology);
	vt_idset_init(&st->online_nodes);
	st->nknobs = vt_knob_count;
	st->knobs = vt_xcalloc(vt_knob_count, sizeof *st->knobs);
	for (size_t i = 0; i < vt_knob_count; i++)
		st->knobs[i].knob = &vt_knobs[i];
}

void vt_status_release(struct vt_status *st)
{
	free(st->knobs);
	free(st->zone_nodes);
	vt_idset_release(&st->online_nodes);
	vt_topology_release(&st->topology);
	memset(st, 0, sizeof *st);
}

/* A knob the kernel does not have: NUMA-only knobs are missing on every
 * kernel built without NUMA, which says more than "this kernel". */
static void vt_status_knob_take(struct vt_status_knob *k, const struct vt_state *state)
{
	const struct vt_state_sysctl *s = vt_state_sysctl(state, k->knob->name);

	k->available = s != NULL && s->src.avail == VT_AVAIL_PRESENT;
	k->value = k->available ? s->value : 0;
	k->source[0] = '\0';
	if (k->available && s->from != NULL)
		snprintf(k->source, sizeof k->source, "%s", s->from);
	else if (k->available)
		vt_knob_path(k->knob, k->source, sizeof k->source);
	if (k->available)
		k->unavailable_reason = NULL;
	else if ((k->knob->flags & VT_KNOB_NUMA_ONLY) && !state->numa.numa_available)
		k->unavailable_reason = "not available (kernel without NUMA)";
	else if (state->root != NULL && state->root->kind == VT_ROOT_SOS)
		k->unavailable_reason = "not available (not in the sosreport)";
	else
		k->unavailable_reason = "not available on this kernel";
}

int vt_status_build(struct vt_status *st, const struct vt_state *state, char **cause)
{
	const struct vt_meminfo *mi = &state->meminfo;
	const struct vt_numa_probe *numa = &state->numa;
	bool have_meminfo = vt_state_has(state, VT_STATE_SRC_MEMINFO);
	int err;

	st->state = state;
	for (size_t i = 0; i < st->nknobs; i++)
		vt_status_knob_take(&st->knobs[i], state);
	err = vt_topology_build(numa, &st->topology, cause);
	if (err < 0)
		return err;
	vt_idset_clear(&st->online_nodes);
	if (numa->numa_available && numa->has_set[VT_NSET_ONLINE]) {
		for (size_t i = 0; i < numa->set[VT_NSET_ONLINE].count; i++)
			vt_idset_add(&st->online_nodes, numa->set[VT_NSET_ONLINE].ids[i]);
	} else {
		for (size_t i = 0; i < st->topology.nnodes; i++)
			vt_idset_add(&st->online_nodes, st->topology.nodes[i].id);
	}
	free(st->zone_nodes);
	st->zone_nodes = NULL;
	st->nzone_nodes = 0;
	if (numa->has_zoneinfo) {
		err = vt_wm_summarize(&numa->zoneinfo, &st->zone_nodes, &st->nzone_nodes, cause);
		if (err < 0)
			return err;
	}
	st->have_available = have_meminfo && vt_meminfo_has(mi, VT_MI_MEM_AVAILABLE) &&
			     vt_meminfo_has(mi, VT_MI_MEM_TOTAL) && mi->value[VT_MI_MEM_TOTAL] > 0;
	if (st->have_available)
		st->available_pct = 100.0 * (double)mi->value[VT_MI_MEM_AVAILABLE] /
				    (double)mi->value[VT_MI_MEM_TOTAL];
	st->have_swap = have_meminfo && vt_meminfo_has(mi, VT_MI_SWAP_TOTAL) &&
			vt_meminfo_has(mi, VT_MI_SWAP_FREE);
	if (st->have_swap) {
		uint64_t total = mi->value[VT_MI_SWAP_TOTAL], free_kb = mi->value[VT_MI_SWAP_FREE];

		st->swap_used_kb = total > free_kb ? total - free_kb : 0;
		st->swap_used_pct = total ? 100.0 * (double)st->swap_used_kb / (double)total : 0.0;
	}
	for (size_t i = 0; i < st->nknobs; i++) {
		struct vt_status_knob *k = &st->knobs[i];

		k->has_range = vt_knob_range(k->knob, state->system.kernel.code, &k->range_min, &k->range_max);
		k->in_range = k->available && (!k->has_range ||
					       (k->value >= k->range_min && k->value <= k->range_max));
	}
	return 0;
}
