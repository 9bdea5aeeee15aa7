/* VMT-ZRM-001: vm.zone_reclaim_mode.
 *
 * With it on, an allocation reclaims on its own node before taking memory
 * from another: page cache is dropped while remote memory sits free.  The
 * default became 0 in 4f9b16a64753 ("relatively few can identify the
 * problem"); vm.rst: enable it only when "each partition fits within a
 * NUMA node", which no tool can check; every database vendor asks for 0;
 * tuned's hpc-compute sets 1 because HPC codes are NUMA-aware.  A
 * memory-only node (CXL, PMEM) has no CPUs, so nothing allocates "locally"
 * on it: zone reclaim only keeps the far tier idle. */
#include "config.h"
#include "advisor/rules.h"

#include <stdio.h>

int vt_rule_zone_reclaim_mode(const struct vt_advice_input *in, struct vt_recommendation *rec, char **cause)
{
	const struct vt_topology *t = in->topology;
	const struct vt_activity *a = in->activity;
	size_t nodes = t ? t->nnodes : 0;
	bool memonly;

	(void)cause;
	if (!rec->current_known) {
		rec->action = VT_ACTION_NOT_APPLICABLE;
		rec->confidence = VT_CONFIDENCE_HIGH;
		vt_rec_reason(rec, "vm.zone_reclaim_mode does not exist (a kernel without NUMA)");
		return 0;
	}
	rec->confidence = VT_CONFIDENCE_HIGH;	/* the topology is a fact, not a sample */
	if (t != NULL) {
		vt_rec_evidence(rec, "nodes", (double)nodes, true, "", "/sys/devices/system/node");
		if (t->dist.have_remote)
			vt_rec_evidence(rec, "max_distance", t->dist.max_remote, true, "",
					"/sys/devices/system/node/node*/distance");
		vt_rec_evidence(rec, "memory_only_nodes", (double)t->memory_only.count, true, "",
				"/sys/devices/system/node/has_cpu");
	}
	if (a != NULL && vt_rates_has(&a->rates, VT_RATE_NUMA_MISS))
		vt_rec_evidence(rec, "numa_miss_s", a->rates.value[VT_RATE_NUMA_MISS], false, "/s",
				"/sys/devices/system/node/node*/numastat");
	if (t == NULL) {
		rec->action = VT_ACTION_KEEP;
		rec->confidence = VT_CONFIDENCE_LOW;
		vt_rec_reason(rec, "topology not available: %lld kept", (long long)rec->current);
		return 0;
	}
	if (nodes <= 1) {
		rec->action = VT_ACTION_NOT_APPLICABLE;
		vt_rec_reason(rec, "one node: there is no remote memory to prefer local reclaim over%s",
			      rec->current ? " (the value does nothing)" : "");
		return 0;
	}
	memonly = t->memory_only.count > 0;
	if (rec->current == 0) {
		rec->action = VT_ACTION_KEEP;
		rec->severity = VT_SEVERITY_INFO;
		vt_rec_reason(rec, "0 on %zu nodes: allocations spill to other nodes instead of "
			      "reclaiming locally%s", nodes,
			      in->workload == VT_WL_HPC ? " (tuned hpc-compute sets 1 for NUMA-aware, "
			      "node-partitioned codes)" : "");
	} else if (in->workload == VT_WL_HPC && !memonly && (rec->current & ~1) == 0) {
		rec->action = VT_ACTION_KEEP;
		rec->severity = VT_SEVERITY_INFO;
		vt_rec_reason(rec, "1 for an HPC workload (tuned hpc-compute): kept; right only if each "
			      "job fits its node");
	} else {
		rec->action = VT_ACTION_CHANGE;
		rec->recommended = 0;
		rec->severity = memonly || t->dist.beyond_reclaim || in->workload == VT_WL_DATABASE ?
				VT_SEVERITY_HIGH : VT_SEVERITY_MEDIUM;
		vt_rec_reason(rec, "%lld makes allocations reclaim on their node while other nodes have "
			      "memory%s: 0", (long long)rec->current,
			      memonly ? ", and keeps the memory-only nodes idle" : "");
		vt_rec_risk(rec, "more allocations land on remote nodes (numa_miss rises); a "
			    "node-partitioned job that relied on local memory may slow down");
	}
	vt_rec_explain(rec, "With zone_reclaim_mode on, an allocation reclaims (drops page cache%s) "
		       "on its own node before it takes free memory from another.  The kernel's default "
		       "has been 0 since 4f9b16a64753, because it \"destroys performance\" for most "
		       "workloads and \"relatively few can identify the problem\".  vm.rst: enable it "
		       "only if each partition of the workload fits within a node; database vendors "
		       "(MongoDB, Cassandra, WiredTiger) ask for 0, tuned hpc-compute for 1.  This "
		       "machine has %zu nodes%s%s.", rec->current & 2 ? ", writes dirty pages" : "",
		       nodes, t->dist.have_remote ? (t->dist.beyond_reclaim ?
		       ", farther apart than RECLAIM_DISTANCE (30)" : ", all within RECLAIM_DISTANCE (30)") : "",
		       memonly ? "; its memory-only nodes have no CPUs, so nothing allocates locally "
		       "there and zone reclaim only keeps that tier idle" : "");
	return 0;
}
