/* VMT-SWP-001: vm.swappiness.
 *
 * What the value means (kernel-facts §4, vm.rst): the relative IO cost of
 * swapping anon pages against paging file cache, anon:file =
 * swappiness:(200 - swappiness), weighted further by refault costs since
 * 5.8; default 60; 0..100 before 5.8, 0..200 from 5.8.  0 does not turn
 * swap off in global reclaim (it swaps once free + file pages fall below
 * the high watermarks) but does in cgroup reclaim, where the memcg OOM
 * killer then fires instead.
 *
 * The sources disagree by workload (advice-sources.md §9.1), so each
 * workload's band names its own: a value inside the band is kept, one
 * outside it moves to the band's target. */
#include "config.h"
#include "advisor/rules.h"
#include "core/kversion.h"

#include <stdio.h>

struct vt_swp_band {
	int64_t lo, hi, target;
	const char *why;
};

/* Disk (or unknown) swap, by workload. */
static const struct vt_swp_band vt_swp_disk[VT_WL_COUNT] = {
	[VT_WL_GENERAL] = { 10, 100, 60, "the kernel's default, 60; tuned's server profiles use 10" },
	[VT_WL_DATABASE] = { 1, 10, 10, "database vendors ask for 1 (MongoDB, MS SQL, Kafka, "
		"Elasticsearch) to 10 (tuned oracle, Red Hat for Oracle); tuned postgresql uses 3" },
	[VT_WL_LATENCY] = { 1, 10, 10, "tuned latency-performance: 10" },
	[VT_WL_THROUGHPUT] = { 1, 10, 10, "tuned throughput-performance: 10" },
	[VT_WL_DESKTOP] = { 10, 100, 60, "the kernel's default, 60 (Pop!_OS ships 10)" },
	[VT_WL_VIRT_HOST] = { 1, 30, 10, "tuned virtual-host inherits throughput-performance: 10 "
		"(guests: virtual-guest, 30)" },
	[VT_WL_HPC] = { 1, 10, 10, "tuned hpc-compute inherits latency-performance: 10" },
};

int vt_rule_swappiness(const struct vt_advice_input *in, struct vt_recommendation *rec, char **cause)
{
	const struct vt_meminfo *mi = in->meminfo;
	const struct vt_activity *act = in->activity;
	bool wide = in->kernel >= VT_KERNEL_VERSION(5, 8, 0);
	int64_t swap_kb = -1, lo, hi, target;
	const char *kind, *why;
	bool zram = false, none = false;
	int len;

	(void)cause;
	if (!rec->current_known) {
		rec->action = VT_ACTION_NOT_APPLICABLE;
		vt_rec_reason(rec, "vm.swappiness is not available in this tree");
		return 0;
	}
	if (in->swaps != NULL) {
		swap_kb = (int64_t)in->swaps->size_kb;
		vt_rec_evidence(rec, "swap_devices", in->swaps->devices, true, "", "/proc/swaps");
		vt_rec_evidence(rec, "swap_size", (double)in->swaps->size_kb, true, "kB", "/proc/swaps");
		zram = in->swaps->devices > 0 && in->swaps->zram == in->swaps->devices;
		none = in->swaps->devices == 0;
		if (in->swaps->zswap >= 0)
			vt_rec_evidence(rec, "zswap_enabled", in->swaps->zswap, true, "",
					"/sys/module/zswap/parameters/enabled");
	} else if (mi != NULL && vt_meminfo_has(mi, VT_MI_SWAP_TOTAL)) {
		swap_kb = (int64_t)mi->value[VT_MI_SWAP_TOTAL];
		vt_rec_evidence(rec, "SwapTotal", (double)swap_kb, true, "kB", "/proc/meminfo");
		none = swap_kb == 0;
	}
	if (act != NULL && act->basis != VT_BASIS_NONE) {
		if (vt_rates_has(&act->rates, VT_RATE_PSWPIN))
			vt_rec_evidence(rec, "pswpin_s", act->rates.value[VT_RATE_PSWPIN], false, "/s", "/proc/vmstat");
		if (vt_rates_has(&act->rates, VT_RATE_PSWPOUT))
			vt_rec_evidence(rec, "pswpout_s", act->rates.value[VT_RATE_PSWPOUT], false, "/s", "/proc/vmstat");
		if (vt_rates_has(&act->rates, VT_RATE_REFAULT_FILE))
			vt_rec_evidence(rec, "refault_file_s", act->rates.value[VT_RATE_REFAULT_FILE], false, "/s",
					"/proc/vmstat");
		if (vt_rates_has(&act->rates, VT_RATE_REFAULT_ANON))
			vt_rec_evidence(rec, "refault_anon_s", act->rates.value[VT_RATE_REFAULT_ANON], false, "/s",
					"/proc/vmstat");
	}
	if (in->cgroup_v1_memory >= 0)
		vt_rec_evidence(rec, "cgroup_v1_memory", in->cgroup_v1_memory, true, "", "/proc/cgroups");

	if (swap_kb < 0) {
		rec->action = VT_ACTION_KEEP;
		rec->confidence = VT_CONFIDENCE_LOW;
		vt_rec_reason(rec, "swap unknown (no /proc/swaps, no SwapTotal): keeping %lld",
			      (long long)rec->current);
		vt_rec_explain(rec, "Without knowing whether there is swap, and of which kind, no value can "
			       "be argued for; the current one is kept.");
		return 0;
	}
	if (none) {
		/* Nothing to swap to: the value weighs anon against file with no
		 * anon outlet, so it changes nothing until swap is added. */
		rec->action = VT_ACTION_KEEP;
		rec->severity = VT_SEVERITY_INFO;
		rec->confidence = VT_CONFIDENCE_HIGH;
		vt_rec_reason(rec, "no swap: swappiness has nothing to act on; %lld kept",
			      (long long)rec->current);
		len = snprintf(rec->explanation, sizeof rec->explanation,
			       "There is no swap device, so reclaim can only drop file cache and the value "
			       "does nothing until swap is added; it is kept.  Without swap, anonymous "
			       "memory is unreclaimable, as if mlock()ed (resctl-demo; oomd: \"Without "
			       "swap, the system enters a livelocked state much more quickly\").");
		if (in->workload == VT_WL_DATABASE && len > 0 && (size_t)len < sizeof rec->explanation)
			snprintf(rec->explanation + len, sizeof rec->explanation - (size_t)len,
				 "  Elasticsearch, Cassandra and Aerospike prefer no swap; MongoDB and "
				 "Redis want some.");
		return 0;
	}
	if (zram) {
		/* vm.rst: for in-memory swap "swappiness should be 133" (IO cost
		 * 1:2 against file paging); above 100 needs 5.8. */
		kind = "zram (swap in memory)";
		lo = wide ? 100 : 60;
		hi = wide ? 200 : 100;
		target = wide ? (in->workload == VT_WL_DESKTOP ? 180 : 133) : 100;
		why = in->workload == VT_WL_DESKTOP ?
		      "Pop!_OS with zram: 180; vm.rst for in-memory swap: 133" :
		      "vm.rst for in-memory swap: 133 (x + 2x = 200)";
	} else {
		const struct vt_swp_band *b = &vt_swp_disk[in->workload < VT_WL_COUNT ? in->workload : 0];

		kind = in->swaps != NULL ? "disk" : "of unknown kind";
		lo = b->lo;
		hi = b->hi;
		target = b->target;
		why = b->why;
	}
	if (rec->current >= lo && rec->current <= hi) {
		rec->action = VT_ACTION_KEEP;
		rec->severity = VT_SEVERITY_INFO;
		vt_rec_reason(rec, "%lld is within %lld..%lld for %s swap and a %s workload",
			      (long long)rec->current, (long long)lo, (long long)hi, kind,
			      vt_workload_name(in->workload));
	} else {
		rec->action = VT_ACTION_CHANGE;
		rec->recommended = target;
		rec->severity = rec->current == 0 || (zram && rec->current < 60) ? VT_SEVERITY_MEDIUM :
				VT_SEVERITY_LOW;
		vt_rec_reason(rec, "%lld is outside %lld..%lld for %s swap and a %s workload: %lld",
			      (long long)rec->current, (long long)lo, (long long)hi, kind,
			      vt_workload_name(in->workload), (long long)target);
		if (target < rec->current)
			vt_rec_risk(rec, "less swapping of idle anon memory means more file cache dropped "
				    "and re-read; under pressure the OOM killer may act sooner");
		else
			vt_rec_risk(rec, "more anon memory goes to swap; a latency-sensitive process "
				    "may fault its pages back in");
	}
	len = snprintf(rec->explanation, sizeof rec->explanation,
		       "Swap is %s, %lld kB.  Swappiness is the relative IO cost of swapping anon "
		       "pages against paging file cache (anon:file = s:200-s, weighted by refault "
		       "costs since 5.8); the kernel's default is 60, the range %s.  For this swap and "
		       "a %s workload the sources give %lld..%lld: %s.%s%s",
		       kind, (long long)swap_kb, wide ? "0..200" : "0..100 (0..200 from 5.8)",
		       vt_workload_name(in->workload), (long long)lo, (long long)hi, why,
		       rec->current == 0 ? "  0 does not disable swap: global reclaim still swaps "
		       "below the high watermarks, and cgroup reclaim never swaps, so a memcg may "
		       "be OOM-killed instead." : "",
		       in->cgroup_v1_memory == 1 ? "  cgroup v1 memory controllers keep their own "
		       "memory.swappiness, inherited when each cgroup was made: the global value "
		       "does not reach existing ones." : "");
	(void)len;
	if (in->cgroup_v1_memory == 1 && rec->action == VT_ACTION_CHANGE) {
		char before[sizeof rec->risk];

		snprintf(before, sizeof before, "%s", rec->risk);
		vt_rec_risk(rec, "%s; cgroup v1 memory controllers keep their own memory.swappiness: "
			    "existing cgroups will not see the change", before);
	}
	return 0;
}
