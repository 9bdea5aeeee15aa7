/* NUMA topology as sysfs shows it (kernel-facts §10): the node sets under
 * /sys/devices/system/node, one record per nodeN directory (CPUs, memory,
 * SLIT distance row, numastat, HMAT access classes) and the memory tiers
 * under /sys/devices/virtual/memory_tiering.
 *
 * Every file is optional: a file the kernel does not have (an old kernel, no
 * HMAT, no tiers) leaves its `has_*` flag false, never a zero.  A file that
 * exists but does not parse is an error naming the file.  A kernel without
 * CONFIG_NUMA has no node directory at all: `numa_available` is false and
 * the one node the kernel still has is described from /proc/meminfo and the
 * online CPUs. */
#ifndef VT_PROBE_NUMA_H
#define VT_PROBE_NUMA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/rootfs.h"
#include "core/strparse.h"
#include "probe/meminfo.h"
#include "probe/numastat.h"
#include "probe/zoneinfo.h"

#define VT_NUMA_NODE_DIR "sys/devices/system/node"
#define VT_NUMA_TIER_DIR "sys/devices/virtual/memory_tiering"

/* MAX_NUMNODES at its largest (CONFIG_NODES_SHIFT 10): a nodeN directory
 * with N at or above it is not the kernel's, and is refused. */
#define VT_NUMA_MAX_NODES 1024u

/* The node-list files of VT_NUMA_NODE_DIR, in this order. */
enum vt_numa_set {
	VT_NSET_POSSIBLE,
	VT_NSET_ONLINE,
	VT_NSET_HAS_MEMORY,
	VT_NSET_HAS_NORMAL_MEMORY,
	VT_NSET_HAS_HIGH_MEMORY,        /* CONFIG_HIGHMEM only */
	VT_NSET_HAS_CPU,
	VT_NSET_HAS_GENERIC_INITIATOR,  /* 5.10+ */
	VT_NSET_COUNT
};

/* The file name of a set ("has_memory"). */
const char *vt_numa_set_name(enum vt_numa_set set);

/* Largest distance accepted: the SLIT stores a byte, but node_distance() is
 * an int on every architecture, so anything an int holds is taken. */
#define VT_NUMA_DISTANCE_MAX 2147483647u

/* Pure parser of one nodeN/distance row: whitespace-separated decimal
 * numbers, one per online node in ascending node order.  *out is malloc'ed
 * (NULL when the row is empty); the caller frees it. */
int vt_numa_distance_parse(const char *buf, size_t len, unsigned **out, size_t *count,
			   char **cause);

/* HMAT figures of accessN/initiators (kernel-facts §10.2). */
enum vt_hmat_field {
	VT_HMAT_READ_BANDWIDTH,         /* MB/s */
	VT_HMAT_WRITE_BANDWIDTH,        /* MB/s */
	VT_HMAT_READ_LATENCY,           /* ns */
	VT_HMAT_WRITE_LATENCY,          /* ns */
	VT_HMAT_COUNT
};

const char *vt_hmat_name(enum vt_hmat_field field);

_Static_assert(VT_HMAT_COUNT <= 32, "HMAT field bits do not fit `present`");

struct vt_numa_access {
	unsigned cls;                   /* N of accessN: 0 any initiator, 1 CPUs only */
	uint64_t value[VT_HMAT_COUNT];
	uint32_t present;               /* bit i: field i exists */
	struct vt_idset initiators;     /* initiators/nodeN links */
	struct vt_idset targets;        /* targets/nodeN links */
};

struct vt_numa_node {
	unsigned id;
	bool has_cpulist, has_cpumap, has_meminfo, has_distance, has_numastat;
	struct vt_idset cpulist;
	struct vt_idset cpumap;
	struct vt_meminfo meminfo;
	unsigned *distance;             /* has_distance: ndistance entries */
	size_t ndistance;
	struct vt_numastat numastat;
	struct vt_numa_access *access;  /* sorted by class */
	size_t naccess;
};

struct vt_numa_tier {
	unsigned id;                    /* N of memory_tierN: smaller is faster */
	bool has_nodelist;
	struct vt_idset nodes;
};

struct vt_numa_probe {
	bool numa_available;            /* VT_NUMA_NODE_DIR exists */
	bool has_set[VT_NSET_COUNT];
	struct vt_idset set[VT_NSET_COUNT];
	/* One per nodeN directory, by ascending id.  Without NUMA: one
	 * synthetic node 0 whose meminfo is /proc/meminfo and whose CPUs
	 * (cpulist) are the online CPUs. */
	struct vt_numa_node *nodes;
	size_t nnodes;
	bool tiers_available;           /* VT_NUMA_TIER_DIR exists */
	struct vt_numa_tier *tiers;     /* by ascending id */
	size_t ntiers;
	bool has_cpu_online;
	struct vt_idset cpu_online;     /* sys/devices/system/cpu/online */
	bool has_zoneinfo;
	struct vt_zoneinfo zoneinfo;    /* proc/zoneinfo: the zones of each node */
};

/* Refuses, among the names listed in VT_NUMA_NODE_DIR, a nodeN directory
 * with N >= VT_NUMA_MAX_NODES: -EINVAL with a cause naming it.  Every reader
 * of the node directories checks first, as what they build grows with the
 * node count (the distance matrix with its square).  Ids are unique and
 * unpadded, so this also bounds the count of nodes. */
int vt_numa_check_node_ids(const struct vt_root *root, char *const *names, size_t count, char **cause);

void vt_numa_probe_init(struct vt_numa_probe *p);
void vt_numa_probe_release(struct vt_numa_probe *p);
/* Reads everything above through the root.  Returns 0 or -errno with a
 * cause naming the file. */
int vt_numa_read(const struct vt_root *root, struct vt_numa_probe *out, char **cause);

#endif
