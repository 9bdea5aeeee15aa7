/* The one-screen overview behind `vmtune status`: what the state collector
 * read (probe/state.h) and what is derived from it (vt_status_build, pure).
 * Presenters format this struct and compute nothing.  It lives in the
 * advisor layer because it judges the knobs against the knob table (and is
 * where pending advice will be summed up). */
#ifndef VT_ADVISOR_STATUS_H
#define VT_ADVISOR_STATUS_H

#include <stdbool.h>
#include <stdint.h>

#include "advisor/advise.h"
#include "advisor/knobs.h"
#include "model/watermarks.h"
#include "model/topology.h"
#include "probe/state.h"

struct vt_status_knob {
	const struct vt_knob *knob;
	bool available;         /* the file exists on this kernel */
	int64_t value;
	bool in_range;          /* value within the knob's range for this kernel */
	int64_t range_min, range_max;
	bool has_range;
	const char *unavailable_reason; /* NULL when available */
	/* available: the file the value was read from ("proc/sys/vm/swappiness",
	 * or a sosreport's sos_commands/kernel/sysctl_-a) */
	char source[64];
};

/* The sources status reads (with every knob of the table: vt_knobs_want). */
#define VT_STATUS_SOURCES (VT_STATE_SYSTEM | VT_STATE_MEMINFO | VT_STATE_PSI | VT_STATE_NUMA | \
			   VT_STATE_SYSCTL)

struct vt_status {
	/* What was read, borrowed: system, meminfo, PSI, the NUMA probe with
	 * zoneinfo, and the root (its path and kind). */
	const struct vt_state *state;
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

	/* The advice on the same root, borrowed; NULL with advice_error set
	 * when it could not be made (status itself still shows). */
	const struct vt_advice *advice;
	const char *advice_error;
};

void vt_status_init(struct vt_status *st);
void vt_status_release(struct vt_status *st);
/* Takes the knobs from `state` (collected with VT_STATUS_SOURCES) and
 * computes the derived fields; `state` must outlive `st`.  Fails only on
 * sums past VT_COUNT_MAX (malformed input: no machine has that much). */
int vt_status_build(struct vt_status *st, const struct vt_state *state, char **cause);

#endif
