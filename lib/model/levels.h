/* The levels of one moment that `top` shows and no other model computes:
 * memory and swap in use, each zone's standing against its watermarks and
 * each node's free and managed memory (summed over its zones, as the
 * allocator sees them).  Pure: no I/O.  Sized at start-up
 * (vt_levels_reserve); computing allocates only for more zones than ever
 * before. */
#ifndef VT_MODEL_LEVELS_H
#define VT_MODEL_LEVELS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/watermarks.h"
#include "probe/meminfo.h"
#include "probe/zoneinfo.h"

struct vt_level_zone {
	const struct vt_zone *zone;     /* into the zoneinfo computed from */
	enum vt_wm_state state;
};

struct vt_level_node {
	unsigned id;
	uint64_t free_pages;            /* Σ zone "pages free" */
	uint64_t managed_pages;         /* Σ zone "managed" */
};

struct vt_levels {
	bool have_mem;                  /* MemTotal and MemAvailable */
	uint64_t mem_total_kb, mem_available_kb;
	bool have_swap;                 /* SwapTotal and SwapFree */
	uint64_t swap_total_kb, swap_used_kb;
	/* Zones with managed pages (the others hold nothing to reclaim), in
	 * zoneinfo's order; nodes in the same order. */
	size_t nzones, cap_zones;
	struct vt_level_zone *zones;
	size_t nnodes, cap_nodes;
	struct vt_level_node *nodes;
};

void vt_levels_init(struct vt_levels *l);
void vt_levels_release(struct vt_levels *l);
/* Makes room for `nzones` zones (and as many nodes). */
void vt_levels_reserve(struct vt_levels *l, size_t nzones);
/* From what is available: `mi` NULL or `zi` NULL leave their parts empty. */
void vt_levels_compute(const struct vt_meminfo *mi, const struct vt_zoneinfo *zi, struct vt_levels *out);

#endif
