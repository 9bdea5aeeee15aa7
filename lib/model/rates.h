/* Rates between two samples: the sar -B set and what sar misses (allocation
 * stalls, swap, refaults, compaction, OOM kills, PSI, NUMA misses), per
 * system and per node.  Pure computation, no I/O, no allocation.
 *
 * Every rate is Δcounter / Δt with Δt the real elapsed time of the samples
 * (sar's S_VALUE).  Two efficiency figures exist:
 *  - vmeff: vmtune's, from one counter family (kernel-facts §7 pitfall):
 *    Σpgsteal_{anon,file} / Σpgscan_{anon,file} where the kernel has them
 *    (5.8+, all reclaim), else Σpgsteal_{kswapd,direct} / Σpgscan_{kswapd,direct};
 *    not available when nothing was scanned;
 *  - sar_vmeff: sysstat 12.6's %vmeff, quirks included (§8), 0 when nothing
 *    was scanned, for `stat --sar`.
 * A counter that went backwards (reboot between samples of a record file,
 * a wrapped 32-bit counter, a node that went away) makes the interval a
 * "reset": no rate is reported for it rather than a huge one. */
#ifndef VT_MODEL_RATES_H
#define VT_MODEL_RATES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "probe/numastat.h"
#include "probe/psi.h"
#include "probe/vmstat.h"

enum vt_rate {
	/* the sar -B set, vmtune's definitions */
	VT_RATE_PGPGIN, VT_RATE_PGPGOUT, VT_RATE_FAULT, VT_RATE_MAJFLT, VT_RATE_PGFREE,
	VT_RATE_PGSCANK, VT_RATE_PGSCAND, VT_RATE_PGSTEAL, VT_RATE_VMEFF,
	/* beyond sar */
	VT_RATE_ALLOCSTALL, VT_RATE_PSWPIN, VT_RATE_PSWPOUT,
	VT_RATE_REFAULT, VT_RATE_REFAULT_ANON, VT_RATE_REFAULT_FILE,
	VT_RATE_COMPACT_STALL, VT_RATE_OOM_KILL,
	VT_RATE_PGPROMOTE, VT_RATE_PGDEMOTE,
	VT_RATE_PSI_SOME_AVG10, VT_RATE_PSI_FULL_AVG10,
	VT_RATE_PSI_SOME_STALL, VT_RATE_PSI_FULL_STALL,
	VT_RATE_NUMA_HIT, VT_RATE_NUMA_MISS, VT_RATE_NUMA_FOREIGN,
	/* sysstat 12.6 exactly */
	VT_RATE_SAR_PGSCANK, VT_RATE_SAR_PGSCAND, VT_RATE_SAR_PGSTEAL, VT_RATE_SAR_VMEFF,
	VT_RATE_COUNT
};

enum vt_rate_kind {
	VT_RK_PER_SEC,          /* Δ / Δt */
	VT_RK_PERCENT,          /* a ratio in percent */
	VT_RK_EVENTS,           /* Δ during the interval (oom kills) */
	VT_RK_LEVEL,            /* value at the end of the interval (avg10) */
	VT_RK_USEC,             /* Δ of a microsecond total (stall time added) */
};

struct vt_rate_info {
	const char *key;        /* JSON and CSV name: "pgscand_s" */
	const char *column;     /* text header, at most 9 characters: "pgscand/s" */
	enum vt_rate_kind kind;
	const char *what;       /* one line for the manual */
};

const struct vt_rate_info *vt_rate_info(enum vt_rate rate);

/* The counters of one scope: the whole system (/proc/vmstat + PSI) or one
 * node (nodeN/vmstat + nodeN/numastat).  NULL members are not available. */
struct vt_counters {
	const struct vt_vmstat *vm;
	const struct vt_numastat *ns;
	const struct vt_psi *psi;
};

/* Counter differences over one or more intervals (sums of per-interval
 * deltas, so an average across a reset stays right). */
struct vt_delta {
	double dt_s;
	unsigned intervals;
	uint64_t vm[VT_VM_COUNT];
	VT_BITSET(vm_present, VT_VM_COUNT);
	uint64_t ns[VT_NS_COUNT];
	unsigned ns_present;
	bool have_psi, have_psi_full;
	uint64_t psi_some_us, psi_full_us;
	double psi_some_avg10_sum, psi_full_avg10_sum;
};

struct vt_rates {
	double value[VT_RATE_COUNT];
	uint64_t available;     /* bit i: value[i] is meaningful */
	double interval_s;
	bool reset;             /* a counter went backwards: nothing available */
	const char *reset_counter;      /* which one (static string) */
	bool vmeff_by_type;     /* vmeff from pgscan/pgsteal_{anon,file} */
};

_Static_assert(VT_RATE_COUNT <= 64, "rate availability bits do not fit one word");

static inline bool vt_rates_has(const struct vt_rates *r, enum vt_rate rate)
{
	return (r->available >> rate) & 1;
}

/* prev -> cur over dt_s seconds.  Returns 0, or 1 when a counter went
 * backwards or dt_s <= 0 (the delta is then empty and *reset_counter names
 * the counter, or "time"). */
int vt_delta_compute(const struct vt_counters *prev, const struct vt_counters *cur, double dt_s,
		     struct vt_delta *out, const char **reset_counter);
void vt_delta_init(struct vt_delta *d);
/* acc += d (counters present in both stay present). */
void vt_delta_add(struct vt_delta *acc, const struct vt_delta *d);

/* Rates from a delta (one interval, or the sum of several for Average). */
void vt_rates_from_delta(const struct vt_delta *d, struct vt_rates *out);
/* A "reset" row: nothing available. */
void vt_rates_reset(struct vt_rates *out, double dt_s, const char *counter);

#endif
