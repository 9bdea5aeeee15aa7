/* NUMA topology model (pure): which nodes exist and what they hold, the
 * memory-only and CPU-only nodes, tiers, and the checks on the SLIT distance
 * matrix that decide zone_reclaim_mode advice (kernel-facts §5.1, §10).
 *
 * Built from a vt_numa_probe, which must outlive it (nodes point into it). */
#ifndef VT_MODEL_TOPOLOGY_H
#define VT_MODEL_TOPOLOGY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/strparse.h"
#include "probe/numa.h"

/* include/linux/topology.h: LOCAL_DISTANCE, and RECLAIM_DISTANCE (30 since
 * v3.0; node reclaim only considers nodes within it). */
#define VT_LOCAL_DISTANCE 10u
#define VT_RECLAIM_DISTANCE 30u

struct vt_topo_node {
	unsigned id;
	const struct vt_numa_node *raw;
	bool online;            /* in `online` (true when that file is missing) */
	bool has_cpu;           /* in `has_cpu`, else: CPUs listed */
	bool has_memory;        /* in `has_memory`, else: MemTotal > 0 */
	/* Whether has_cpu/has_memory are known: the set was read, or else the
	 * node's CPU list or MemTotal.  Unknown is neither yes nor no: a node
	 * whose memory is unknown is not CPU-only. */
	bool has_cpu_known, has_memory_known;
	bool generic_initiator; /* in `has_generic_initiator` */
	bool memory_only;       /* memory, known to have no CPU: CXL/PMEM expander, memory-only guest node */
	bool cpu_only;          /* CPUs, known to have no memory */
	bool cpus_known;        /* cpulist or cpumap was readable */
	const struct vt_idset *cpus;    /* cpulist, else cpumap; empty when unknown */
	bool has_total, has_free, has_file, has_anon;
	uint64_t total_kb, free_kb, file_kb, anon_kb;
	/* numactl --hardware's figures: the kB value << 10 >> 20. */
	uint64_t numactl_size_mb, numactl_free_mb;
	int tier;               /* memory_tierN holding the node, -1 none or unknown */
	/* Its zones in /proc/zoneinfo (populated or not), in zone order;
	 * zones_known is false without zoneinfo. */
	bool zones_known;
	const struct vt_zone *zones[VT_ZONE_MAX];
	size_t nzones;
	uint64_t managed_pages; /* sum over its zones */
};

struct vt_topo_distance {
	bool available;         /* at least one node has a distance row */
	size_t n;               /* matrix is n x n, node order of vt_topology.nodes */
	/* d[i * n + j]: distance from nodes[i] to nodes[j]; 0 where the row was
	 * missing or too short (never a valid distance). */
	unsigned *d;
	bool *known;            /* known[i * n + j] */
	bool square;            /* every node has a row of exactly n entries */
	size_t bad_row;         /* first node index whose row is missing or the wrong length */
	size_t bad_row_len;     /* its entry count (0 when missing) */
	bool symmetric;         /* square and d[i][j] == d[j][i] everywhere */
	size_t asymmetric_pairs;        /* unordered pairs {i,j} known both ways that differ */
	/* symmetric is known: the matrix is square, or a pair differs.  A
	 * missing or short row alone says nothing about symmetry. */
	bool symmetry_known;
	size_t asym_i, asym_j;          /* the first of them */
	bool local_ok;          /* every known d[i][i] == VT_LOCAL_DISTANCE */
	size_t bad_local;       /* first node index where it is not */
	bool have_remote;       /* n > 1 and some off-diagonal entry is known */
	unsigned min_remote, max_remote;
	size_t max_i, max_j;    /* first entry holding max_remote */
	bool beyond_reclaim;    /* max_remote > VT_RECLAIM_DISTANCE */
	size_t beyond_pairs;    /* unordered pairs with a distance > VT_RECLAIM_DISTANCE */
	unsigned *classes;      /* sorted distinct off-diagonal distances */
	size_t nclasses;
};

struct vt_topology {
	const struct vt_numa_probe *probe;
	bool numa_available;
	struct vt_topo_node *nodes;     /* by ascending id */
	size_t nnodes;
	bool sparse;                    /* ids are not 0..nnodes-1 */
	/* The nodes are the nodeN directories (each holds the node's files,
	 * and numactl lists them too).  The kernel has a directory exactly for
	 * each online node; when `online` was read and lists other ids, the
	 * two disagree and the output says so. */
	bool online_mismatch;
	bool have_offline;              /* both `possible` and `online` were read */
	struct vt_idset offline;        /* possible minus online */
	struct vt_idset memory_only;
	struct vt_idset cpu_only;
	struct vt_idset node_ids;       /* ids of `nodes` */
	size_t cpu_count;               /* CPUs over all nodes */
	bool has_total;                 /* every node has MemTotal */
	uint64_t total_kb;
	struct vt_topo_distance dist;
};

void vt_topology_init(struct vt_topology *t);
void vt_topology_release(struct vt_topology *t);
/* Derives the model from the probe.  Pure; odd matrices are reported
 * through the flags above.  Fails (-EOVERFLOW) only when memory sums pass
 * VT_COUNT_MAX (core/strparse.h), which no machine's do. */
int vt_topology_build(const struct vt_numa_probe *probe, struct vt_topology *out, char **cause);

/* Index of node `id` in t->nodes, or -1. */
long vt_topology_find(const struct vt_topology *t, unsigned id);

#endif
