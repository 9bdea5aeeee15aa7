/* `vmtune numa`: the topology as text, as JSON, and as the exact text of
 * `numactl --hardware` (numactl 2.0.x, numactl.c hardware()). */
#ifndef VT_PRESENT_NUMA_H
#define VT_PRESENT_NUMA_H

#include <stdio.h>

#include <jansson.h>

#include "model/topology.h"
#include "present/format.h"

void vt_numa_print_text(const struct vt_out *out, const struct vt_topology *t);
json_t *vt_numa_to_json(const struct vt_topology *t);

/* What numactl --hardware prints for the same tree.  Without a node
 * directory numactl prints "No NUMA available on this system" and exits 1;
 * this prints the same line and returns 1 so the caller can do the same. */
int vt_numa_print_numactl(const struct vt_out *out, const struct vt_topology *t);

/* One line for `vmtune status`, without the label and newline, e.g.
 * "4 nodes online (0-3), memory-only 3, distances 10-48 (> RECLAIM_DISTANCE 30)". */
void vt_numa_print_summary(const struct vt_out *out, const struct vt_topology *t);

#endif
