/* Minimal node-set reader for status; the full topology lives in the NUMA
 * model.  A kernel without /sys/devices/system/node is "NUMA not available"
 * and counts as one node. */
#ifndef VT_PROBE_NODE_H
#define VT_PROBE_NODE_H

#include <stdbool.h>

#include "core/rootfs.h"
#include "core/strparse.h"

struct vt_node_sets {
	bool numa_available;
	struct vt_idset online;
	struct vt_idset has_cpu;
	struct vt_idset has_memory;
};

void vt_node_sets_init(struct vt_node_sets *sets);
void vt_node_sets_release(struct vt_node_sets *sets);
int vt_node_sets_read(const struct vt_root *root, struct vt_node_sets *out, char **cause);

#endif
