/* The one-screen overview behind `vmtune status`: what was read (filled by
 * the caller from the probes) and what is derived from it (vt_status_derive,
 * pure).  Presenters format this struct and compute nothing.  It lives in
 * the advisor layer because it judges the knobs against the knob table
 * (and is where pending advice will be summed up). */
#ifndef VT_ADVISOR_STATUS_H
#define VT_ADVISOR_STATUS_H

#include <stdbool.h>
#include <stdint.h>

#include "advisor/knobs.h"
#include "model/watermarks.h"
#include "probe/meminfo.h"
#include "probe/numa.h"
#include "probe/psi.h"
#include "model/topology.h"
#include "probe/system.h"

struct vt_status_knob {
	const struct vt_knob *knob;
	bool available;         /* the file exists on this kernel */
	int64_t value;
	bool in_range;          /* value within the knob's range for this kernel */
	int64_t range_min, range_max;
	bool has_range;
	char *unavailable_reason;  /* owned; NULL when available */
};

struct vt_status {
	const char *root_path;
	bool live;
	struct vt_system system;
	struct vt_meminfo meminfo;
	bool have_meminfo;
	struct vt_numa_probe numa;      /* node sets, nodes and /proc/zoneinfo */
	bool have_psi;                  /* /proc/pressure/memory */
	struct vt_psi psi;
	struct vt_status_knob *knobs;   /* vt_knob_count entries, table order */
	size_t nknobs;

	/* derived */
	struct vt_topology topology;
	struct vt_idset online_nodes;   /* `online`, else the node directories */
	struct vt_wm_node_summary *zone_nodes;  /* one per node, from /proc/zoneinfo */
	size_t nzone_nodes;
	bool have_available;
	double available_pct;           /* MemAvailable / MemTotal * 100 */
	bool have_swap;
	uint64_t swap_used_kb;
	double swap_used_pct;
};

void vt_status_init(struct vt_status *st);
void vt_status_release(struct vt_status *st);
/* Computes the derived fields from the read ones.  Fails only on sums past
 * VT_COUNT_MAX (malformed input: no machine has that much). */
int vt_status_derive(struct vt_status *st, char **cause);

#endif
