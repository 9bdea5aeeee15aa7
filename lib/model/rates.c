#include "config.h"
#include "model/rates.h"
#include "core/strparse.h"

#include <string.h>

static const struct vt_rate_info vt_rate_table[VT_RATE_COUNT] = {
	[VT_RATE_PGPGIN] = { "pgpgin_s", "pgpgin/s", VT_RK_PER_SEC, "KiB read from block devices per second (pgpgin)" },
	[VT_RATE_PGPGOUT] = { "pgpgout_s", "pgpgout/s", VT_RK_PER_SEC, "KiB written to block devices per second (pgpgout)" },
	[VT_RATE_FAULT] = { "fault_s", "fault/s", VT_RK_PER_SEC, "page faults, minor and major, per second (pgfault)" },
	[VT_RATE_MAJFLT] = { "majflt_s", "majflt/s", VT_RK_PER_SEC, "major faults per second (pgmajfault)" },
	[VT_RATE_PGFREE] = { "pgfree_s", "pgfree/s", VT_RK_PER_SEC, "pages freed per second (pgfree)" },
	[VT_RATE_PGSCANK] = { "pgscank_s", "pgscank/s", VT_RK_PER_SEC, "pages scanned by kswapd per second (pgscan_kswapd)" },
	[VT_RATE_PGSCAND] = { "pgscand_s", "pgscand/s", VT_RK_PER_SEC, "pages scanned by direct reclaim per second (pgscan_direct)" },
	[VT_RATE_PGSTEAL] = { "pgsteal_s", "pgsteal/s", VT_RK_PER_SEC, "pages reclaimed by kswapd and direct reclaim per second" },
	[VT_RATE_VMEFF] = { "vmeff_pct", "%vmeff", VT_RK_PERCENT, "reclaim efficiency, steal/scan of one counter family" },
	[VT_RATE_ALLOCSTALL] = { "allocstall_s", "allocst/s", VT_RK_PER_SEC, "direct reclaim entries per second (allocstall)" },
	[VT_RATE_PSWPIN] = { "pswpin_s", "pswpin/s", VT_RK_PER_SEC, "pages swapped in per second" },
	[VT_RATE_PSWPOUT] = { "pswpout_s", "pswpout/s", VT_RK_PER_SEC, "pages swapped out per second" },
	[VT_RATE_REFAULT] = { "refault_s", "refault/s", VT_RK_PER_SEC, "refaults of evicted pages per second (workingset_refault)" },
	[VT_RATE_REFAULT_ANON] = { "refault_anon_s", "rfanon/s", VT_RK_PER_SEC, "anonymous refaults per second (5.9+)" },
	[VT_RATE_REFAULT_FILE] = { "refault_file_s", "rffile/s", VT_RK_PER_SEC, "file refaults per second (5.9+)" },
	[VT_RATE_COMPACT_STALL] = { "compact_stall_s", "cstall/s", VT_RK_PER_SEC, "direct compaction stalls per second" },
	[VT_RATE_OOM_KILL] = { "oom_kill", "oomkill", VT_RK_EVENTS, "OOM kills during the interval (4.13+)" },
	[VT_RATE_PGPROMOTE] = { "pgpromote_s", "pgprom/s", VT_RK_PER_SEC, "pages promoted to a faster tier per second" },
	[VT_RATE_PGDEMOTE] = { "pgdemote_s", "pgdem/s", VT_RK_PER_SEC, "pages demoted to a slower tier per second" },
	[VT_RATE_PSI_SOME_AVG10] = { "psi_some_avg10", "some10%", VT_RK_LEVEL, "PSI memory some avg10 at the end of the interval" },
	[VT_RATE_PSI_FULL_AVG10] = { "psi_full_avg10", "full10%", VT_RK_LEVEL, "PSI memory full avg10 at the end of the interval" },
	[VT_RATE_PSI_SOME_STALL] = { "psi_some_stall_us", "someus", VT_RK_USEC, "PSI memory some stall time added (microseconds)" },
	[VT_RATE_PSI_FULL_STALL] = { "psi_full_stall_us", "fullus", VT_RK_USEC, "PSI memory full stall time added (microseconds)" },
	[VT_RATE_NUMA_HIT] = { "numa_hit_s", "nhit/s", VT_RK_PER_SEC, "allocations on the intended node per second" },
	[VT_RATE_NUMA_MISS] = { "numa_miss_s", "nmiss/s", VT_RK_PER_SEC, "allocations that fell back to this node per second" },
	[VT_RATE_NUMA_FOREIGN] = { "numa_foreign_s", "nforgn/s", VT_RK_PER_SEC, "allocations intended here that went elsewhere per second" },
	[VT_RATE_SAR_PGSCANK] = { "sar_pgscank_s", "pgscank/s", VT_RK_PER_SEC, "sysstat 12.6 pgscank/s (prefix pgscan_kswapd)" },
	[VT_RATE_SAR_PGSCAND] = { "sar_pgscand_s", "pgscand/s", VT_RK_PER_SEC, "sysstat 12.6 pgscand/s (prefix pgscan_direct, throttle included)" },
	[VT_RATE_SAR_PGSTEAL] = { "sar_pgsteal_s", "pgsteal/s", VT_RK_PER_SEC, "sysstat 12.6 pgsteal/s (every pgsteal_ line)" },
	[VT_RATE_SAR_VMEFF] = { "sar_vmeff_pct", "%vmeff", VT_RK_PERCENT, "sysstat 12.6 %vmeff (0 when nothing was scanned)" },
};

const struct vt_rate_info *vt_rate_info(enum vt_rate rate)
{
	return &vt_rate_table[rate];
}

/* Levels, not counters: they may go down. */
static bool vt_vm_is_level(enum vt_vmstat_field f)
{
	return f == VT_VM_NR_FREE_PAGES || f == VT_VM_NR_DIRTY || f == VT_VM_NR_WRITEBACK;
}

void vt_delta_init(struct vt_delta *d)
{
	memset(d, 0, sizeof *d);
}

int vt_delta_compute(const struct vt_counters *prev, const struct vt_counters *cur, double dt_s,
		     struct vt_delta *out, const char **reset_counter)
{
	vt_delta_init(out);
	*reset_counter = NULL;
	if (!(dt_s > 0)) {
		*reset_counter = "time";
		return 1;
	}
	out->dt_s = dt_s;
	out->intervals = 1;
	if (prev->vm && cur->vm) {
		for (int f = 0; f < VT_VM_COUNT; f++) {
			if (!vt_vmstat_has(prev->vm, f) || !vt_vmstat_has(cur->vm, f))
				continue;
			if (vt_vm_is_level((enum vt_vmstat_field)f)) {
				out->vm[f] = cur->vm->value[f];
			} else if (cur->vm->value[f] < prev->vm->value[f]) {
				*reset_counter = vt_vmstat_name((enum vt_vmstat_field)f);
				goto reset;
			} else {
				out->vm[f] = cur->vm->value[f] - prev->vm->value[f];
			}
			vt_bit_set(out->vm_present, f);
		}
	}
	if (prev->ns && cur->ns) {
		unsigned both = prev->ns->present & cur->ns->present;

		for (int f = 0; f < VT_NS_COUNT; f++) {
			if (!((both >> f) & 1))
				continue;
			if (cur->ns->value[f] < prev->ns->value[f]) {
				*reset_counter = vt_numastat_name((enum vt_numastat_field)f);
				goto reset;
			}
			out->ns[f] = cur->ns->value[f] - prev->ns->value[f];
			out->ns_present |= 1u << f;
		}
	}
	if (prev->psi && cur->psi && prev->psi->some.present && cur->psi->some.present) {
		if (cur->psi->some.total_us < prev->psi->some.total_us) {
			*reset_counter = "psi some total";
			goto reset;
		}
		out->have_psi = true;
		out->psi_some_us = cur->psi->some.total_us - prev->psi->some.total_us;
		out->psi_some_avg10_sum = cur->psi->some.avg10;
		if (prev->psi->full.present && cur->psi->full.present) {
			if (cur->psi->full.total_us < prev->psi->full.total_us) {
				*reset_counter = "psi full total";
				goto reset;
			}
			out->have_psi_full = true;
			out->psi_full_us = cur->psi->full.total_us - prev->psi->full.total_us;
			out->psi_full_avg10_sum = cur->psi->full.avg10;
		}
	}
	return 0;
reset:
	vt_delta_init(out);
	out->dt_s = dt_s;
	return 1;
}

void vt_delta_add(struct vt_delta *acc, const struct vt_delta *d)
{
	if (d->intervals == 0)
		return;
	if (acc->intervals == 0) {
		*acc = *d;
		return;
	}
	acc->dt_s += d->dt_s;
	acc->intervals += d->intervals;
	/* Each delta is at most VT_COUNT_MAX; a sum that would pass it
	 * (counters no kernel reaches) leaves that counter out of the
	 * Average rather than wrapping into a small rate. */
	vt_bits_and(acc->vm_present, d->vm_present, VT_BITSET_NWORDS(acc->vm_present));
	for (int f = 0; f < VT_VM_COUNT; f++) {
		if (vt_vm_is_level((enum vt_vmstat_field)f))
			acc->vm[f] = d->vm[f];
		else if (!vt_count_add(&acc->vm[f], d->vm[f]))
			vt_bit_clear(acc->vm_present, f);
	}
	acc->ns_present &= d->ns_present;
	for (int f = 0; f < VT_NS_COUNT; f++)
		if (!vt_count_add(&acc->ns[f], d->ns[f]))
			acc->ns_present &= ~(1u << f);
	acc->have_psi = acc->have_psi && d->have_psi && vt_count_add(&acc->psi_some_us, d->psi_some_us);
	acc->have_psi_full = acc->have_psi_full && d->have_psi_full &&
			     vt_count_add(&acc->psi_full_us, d->psi_full_us);
	acc->psi_some_avg10_sum += d->psi_some_avg10_sum;
	acc->psi_full_avg10_sum += d->psi_full_avg10_sum;
}

static bool vt_dhas(const struct vt_delta *d, enum vt_vmstat_field f)
{
	return vt_bit_has(d->vm_present, f);
}

static void vt_put(struct vt_rates *out, enum vt_rate r, double v)
{
	out->value[r] = v;
	out->available |= (uint64_t)1 << r;
}

static void vt_put_rate(const struct vt_delta *d, struct vt_rates *out, enum vt_rate r,
			enum vt_vmstat_field f)
{
	if (vt_dhas(d, f))
		vt_put(out, r, (double)d->vm[f] / d->dt_s);
}

/* Sum of the fields present; false if none is, or if it passes VT_COUNT_MAX. */
static bool vt_dsum(const struct vt_delta *d, const enum vt_vmstat_field *fs, size_t n, uint64_t *sum)
{
	bool any = false;

	*sum = 0;
	for (size_t i = 0; i < n; i++) {
		if (vt_dhas(d, fs[i])) {
			if (!vt_count_add(sum, d->vm[fs[i]]))
				return false;
			any = true;
		}
	}
	return any;
}

void vt_rates_reset(struct vt_rates *out, double dt_s, const char *counter)
{
	memset(out, 0, sizeof *out);
	out->interval_s = dt_s;
	out->reset = true;
	out->reset_counter = counter;
}

void vt_rates_from_delta(const struct vt_delta *d, struct vt_rates *out)
{
	static const enum vt_vmstat_field steal_rec[] = { VT_VM_PGSTEAL_KSWAPD, VT_VM_PGSTEAL_DIRECT };
	static const enum vt_vmstat_field scan_rec[] = { VT_VM_PGSCAN_KSWAPD, VT_VM_PGSCAN_DIRECT };
	static const enum vt_vmstat_field demote[] = {
		VT_VM_PGDEMOTE_KSWAPD, VT_VM_PGDEMOTE_DIRECT, VT_VM_PGDEMOTE_KHUGEPAGED, VT_VM_PGDEMOTE_PROACTIVE,
	};
	static const struct {
		enum vt_rate rate;
		enum vt_numastat_field ns;
		enum vt_vmstat_field vm;
	} numa[] = {
		{ VT_RATE_NUMA_HIT, VT_NS_NUMA_HIT, VT_VM_NUMA_HIT },
		{ VT_RATE_NUMA_MISS, VT_NS_NUMA_MISS, VT_VM_NUMA_MISS },
		{ VT_RATE_NUMA_FOREIGN, VT_NS_NUMA_FOREIGN, VT_VM_NUMA_FOREIGN },
	};
	uint64_t steal, scan;
	double dt = d->dt_s;

	memset(out, 0, sizeof *out);
	out->interval_s = dt;
	if (d->intervals == 0 || !(dt > 0)) {
		out->reset = true;
		out->reset_counter = "time";
		return;
	}
	vt_put_rate(d, out, VT_RATE_PGPGIN, VT_VM_PGPGIN);
	vt_put_rate(d, out, VT_RATE_PGPGOUT, VT_VM_PGPGOUT);
	vt_put_rate(d, out, VT_RATE_FAULT, VT_VM_PGFAULT);
	vt_put_rate(d, out, VT_RATE_MAJFLT, VT_VM_PGMAJFAULT);
	vt_put_rate(d, out, VT_RATE_PGFREE, VT_VM_PGFREE);
	vt_put_rate(d, out, VT_RATE_PGSCANK, VT_VM_PGSCAN_KSWAPD);
	vt_put_rate(d, out, VT_RATE_PGSCAND, VT_VM_PGSCAN_DIRECT);
	if (vt_dsum(d, steal_rec, 2, &steal))
		vt_put(out, VT_RATE_PGSTEAL, (double)steal / dt);
	/* Efficiency from one family only (kernel-facts §7). */
	if (vt_dhas(d, VT_VM_PGSCAN_ANON) && vt_dhas(d, VT_VM_PGSCAN_FILE) &&
	    vt_dhas(d, VT_VM_PGSTEAL_ANON) && vt_dhas(d, VT_VM_PGSTEAL_FILE)) {
		out->vmeff_by_type = true;
		scan = d->vm[VT_VM_PGSCAN_ANON] + d->vm[VT_VM_PGSCAN_FILE];
		if (scan > 0)
			vt_put(out, VT_RATE_VMEFF,
			       100.0 * (double)(d->vm[VT_VM_PGSTEAL_ANON] + d->vm[VT_VM_PGSTEAL_FILE]) / (double)scan);
	} else if (vt_dsum(d, scan_rec, 2, &scan) && vt_dsum(d, steal_rec, 2, &steal) && scan > 0) {
		vt_put(out, VT_RATE_VMEFF, 100.0 * (double)steal / (double)scan);
	}
	vt_put_rate(d, out, VT_RATE_ALLOCSTALL, VT_VM_ALLOCSTALL);
	vt_put_rate(d, out, VT_RATE_PSWPIN, VT_VM_PSWPIN);
	vt_put_rate(d, out, VT_RATE_PSWPOUT, VT_VM_PSWPOUT);
	vt_put_rate(d, out, VT_RATE_REFAULT, VT_VM_WORKINGSET_REFAULT);
	vt_put_rate(d, out, VT_RATE_REFAULT_ANON, VT_VM_WORKINGSET_REFAULT_ANON);
	vt_put_rate(d, out, VT_RATE_REFAULT_FILE, VT_VM_WORKINGSET_REFAULT_FILE);
	vt_put_rate(d, out, VT_RATE_COMPACT_STALL, VT_VM_COMPACT_STALL);
	if (vt_dhas(d, VT_VM_OOM_KILL))
		vt_put(out, VT_RATE_OOM_KILL, (double)d->vm[VT_VM_OOM_KILL] / d->intervals);
	vt_put_rate(d, out, VT_RATE_PGPROMOTE, VT_VM_PGPROMOTE_SUCCESS);
	if (vt_dsum(d, demote, sizeof demote / sizeof demote[0], &steal))
		vt_put(out, VT_RATE_PGDEMOTE, (double)steal / dt);
	if (d->have_psi) {
		vt_put(out, VT_RATE_PSI_SOME_AVG10, d->psi_some_avg10_sum / d->intervals);
		vt_put(out, VT_RATE_PSI_SOME_STALL, (double)d->psi_some_us / d->intervals);
	}
	if (d->have_psi_full) {
		vt_put(out, VT_RATE_PSI_FULL_AVG10, d->psi_full_avg10_sum / d->intervals);
		vt_put(out, VT_RATE_PSI_FULL_STALL, (double)d->psi_full_us / d->intervals);
	}
	/* Per node: numastat (what numastat(8) shows); system-wide: vmstat. */
	for (size_t i = 0; i < sizeof numa / sizeof numa[0]; i++) {
		if (!d->ns_present)
			vt_put_rate(d, out, numa[i].rate, numa[i].vm);
		else if ((d->ns_present >> numa[i].ns) & 1)
			vt_put(out, numa[i].rate, (double)d->ns[numa[i].ns] / dt);
	}
	/* sysstat 12.6 print_paging_stats(), on its prefix sums. */
	if (vt_dhas(d, VT_VM_SAR_PGSCAN_KSWAPD) && vt_dhas(d, VT_VM_SAR_PGSCAN_DIRECT) &&
	    vt_dhas(d, VT_VM_SAR_PGSTEAL) && vt_dhas(d, VT_VM_PGPGIN)) {
		scan = d->vm[VT_VM_SAR_PGSCAN_KSWAPD] + d->vm[VT_VM_SAR_PGSCAN_DIRECT];
		vt_put_rate(d, out, VT_RATE_SAR_PGSCANK, VT_VM_SAR_PGSCAN_KSWAPD);
		vt_put_rate(d, out, VT_RATE_SAR_PGSCAND, VT_VM_SAR_PGSCAN_DIRECT);
		vt_put_rate(d, out, VT_RATE_SAR_PGSTEAL, VT_VM_SAR_PGSTEAL);
		vt_put(out, VT_RATE_SAR_VMEFF, scan ? 100.0 * (double)d->vm[VT_VM_SAR_PGSTEAL] / (double)scan : 0.0);
	}
}
