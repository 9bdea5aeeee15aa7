/* VMT-WSF-001: vm.watermark_scale_factor.
 *
 * The gap between min, low and high is max(min/4, managed x factor /
 * 10000) per zone (795ae7a0de6b): kswapd wakes at low and sleeps at high,
 * so the gap is the headroom it keeps for allocation bursts.  vm.rst: "A
 * high rate of threads entering direct reclaim (allocstall) or kswapd
 * going to sleep prematurely (kswapd_low_wmark_hit_quickly) can indicate
 * that the number of free pages kswapd maintains for latency reasons is too
 * small for the allocation bursts occurring in the system."  No source
 * gives a numeric threshold, so the rule asks for direct reclaim that is
 * both frequent and a real share of the scanning before it raises the
 * factor, and sizes the new gap from what direct reclaim had to take. */
#include "config.h"
#include "advisor/rules.h"
#include "core/bitset.h"

#include <math.h>
#include <stdio.h>

/* Direct reclaim that matters: stalls at least this often ... */
#define VT_WSF_MIN_ALLOCSTALL_S 0.1
/* ... and at least this share of all pages scanned by reclaim. */
#define VT_WSF_MIN_DIRECT_PCT 5.0
/* Memory pressure alone is evidence too: PSI some above this share. */
#define VT_WSF_PSI_SOME_PCT 10.0
/* The rule never proposes more than 10 % of memory per gap (the pre-5.17
 * maximum); beyond it the cost in cache is the problem. */
#define VT_WSF_CAP 1000

/* Sum over zones of the low-min gap a factor gives, with today's mins. */
static double vt_wsf_gap_sum(const struct vt_wm_report *r, int64_t factor)
{
	double sum = 0;

	for (size_t i = 0; i < r->nzones; i++) {
		double managed = (double)vt_zone_get(r->zones[i].zone, VT_ZF_MANAGED);
		double quarter = (double)(r->zones[i].model.min / 4);
		double scaled = floor(managed * (double)factor / 10000.0);

		sum += scaled > quarter ? scaled : quarter;
	}
	return sum;
}

int vt_rule_watermark_scale_factor(const struct vt_advice_input *in, struct vt_recommendation *rec,
				   char **cause)
{
	const struct vt_activity *a = in->activity;
	const struct vt_wm_report *r = in->wm_report;
	double stalls = 0, scan_k = 0, scan_d = 0, steal_d = 0, direct_pct = 0, some_pct = -1;
	double hits = -1;
	bool have_rates;
	int64_t target, min, max;
	int err;

	if (!rec->current_known || !vt_knob_range(rec->knob, in->kernel, &min, &max)) {
		rec->action = VT_ACTION_NOT_APPLICABLE;
		vt_rec_reason(rec, "vm.watermark_scale_factor does not exist on this kernel (4.6+): "
			      "the gap is min/4");
		return 0;
	}
	have_rates = a != NULL && a->basis != VT_BASIS_NONE && !a->rates.reset;
	if (have_rates) {
		const struct vt_delta *d = &a->delta;

		stalls = vt_rates_has(&a->rates, VT_RATE_ALLOCSTALL) ? a->rates.value[VT_RATE_ALLOCSTALL] : 0;
		scan_k = vt_rates_has(&a->rates, VT_RATE_PGSCANK) ? a->rates.value[VT_RATE_PGSCANK] : 0;
		scan_d = vt_rates_has(&a->rates, VT_RATE_PGSCAND) ? a->rates.value[VT_RATE_PGSCAND] : 0;
		if (d->dt_s > 0 && vt_bit_has(d->vm_present, VT_VM_PGSTEAL_DIRECT))
			steal_d = (double)d->vm[VT_VM_PGSTEAL_DIRECT] / d->dt_s;
		if (d->dt_s > 0 && vt_bit_has(d->vm_present, VT_VM_KSWAPD_LOW_WMARK_HIT_QUICKLY))
			hits = (double)d->vm[VT_VM_KSWAPD_LOW_WMARK_HIT_QUICKLY] / d->dt_s;
		direct_pct = scan_k + scan_d > 0 ? 100.0 * scan_d / (scan_k + scan_d) : 0;
		if (d->have_psi && d->dt_s > 0)
			some_pct = 100.0 * (double)d->psi_some_us / (d->dt_s * 1e6);
		vt_rec_evidence(rec, "allocstall_s", stalls, false, "/s", "/proc/vmstat");
		vt_rec_evidence(rec, "pgscand_s", scan_d, false, "/s", "/proc/vmstat");
		vt_rec_evidence(rec, "pgscank_s", scan_k, false, "/s", "/proc/vmstat");
		vt_rec_evidence(rec, "direct_scan_share", direct_pct, false, "%", "/proc/vmstat");
		vt_rec_evidence(rec, "pgsteal_direct_s", steal_d, false, "/s", "/proc/vmstat");
		if (hits >= 0)
			vt_rec_evidence(rec, "kswapd_low_wmark_hit_quickly_s", hits, false, "/s", "/proc/vmstat");
		if (some_pct >= 0)
			vt_rec_evidence(rec, "psi_memory_some", some_pct, false, "%", "/proc/pressure/memory");
		if (a->peak_direct_steal_s > 0)
			vt_rec_evidence(rec, "peak_pgsteal_direct_s", a->peak_direct_steal_s, false, "/s",
					"/proc/vmstat, worst interval");
		if (a->peak_allocstall_s > 0)
			vt_rec_evidence(rec, "peak_allocstall_s", a->peak_allocstall_s, false, "/s",
					"/proc/vmstat, worst interval");
	}
	rec->confidence = vt_activity_confidence(a);
	if (!have_rates) {
		rec->action = VT_ACTION_KEEP;
		rec->severity = VT_SEVERITY_INFO;
		vt_rec_reason(rec, "no reclaim counters over time: %lld kept (run with --sample or --from "
			      "to judge kswapd)", (long long)rec->current);
		vt_rec_explain(rec, "The factor should rise only when kswapd falls behind, which shows as "
			       "direct reclaim and allocation stalls over time; one moment's levels cannot "
			       "show it.  Sample a loaded period (vmtune recommend --sample 60) or replay a "
			       "recording (--from FILE).");
		return 0;
	}
	if (!((stalls >= VT_WSF_MIN_ALLOCSTALL_S && direct_pct >= VT_WSF_MIN_DIRECT_PCT) ||
	      (some_pct >= VT_WSF_PSI_SOME_PCT && scan_d > 0))) {
		rec->action = VT_ACTION_KEEP;
		rec->severity = VT_SEVERITY_INFO;
		vt_rec_reason(rec, "kswapd keeps up (%.2f stalls/s, %.1f %% of scanning direct): %lld kept",
			      stalls, direct_pct, (long long)rec->current);
		vt_rec_explain(rec, "Raising the factor is warranted when threads stall in direct "
			       "reclaim often (here %.2f/s, the rule asks %.1f/s) and direct reclaim is a "
			       "real share of the scanning (here %.1f %%, the rule asks %.0f %%), or when "
			       "memory pressure stalls tasks (PSI some %.1f %%, the rule asks %.0f %%).  "
			       "Evidence: %s.", stalls, VT_WSF_MIN_ALLOCSTALL_S, direct_pct,
			       VT_WSF_MIN_DIRECT_PCT, some_pct < 0 ? 0 : some_pct, VT_WSF_PSI_SOME_PCT,
			       a->source);
		return 0;
	}
	/* The gaps (summed over zones) should grow by what direct reclaim took
	 * in a second: memory allocations needed that kswapd had not freed in
	 * time.  A zone's gap is max(min/4, managed x factor / 10000), so on
	 * machines whose min is large the factor must first pass min/4 before
	 * it widens anything: search the smallest factor that does it. */
	target = rec->current * 2;
	if (r != NULL && r->totals.managed_sum > 0) {
		/* The worst second, where the window had several: a burst is what
		 * the gap must absorb, and the window's average hides it (a guest
		 * under 128 MiB bursts: average 1100 pages/s, one burst 10k). */
		double need = a->peak_direct_steal_s > 0 ? a->peak_direct_steal_s : steal_d > 0 ? steal_d : scan_d;
		double now = vt_wsf_gap_sum(r, rec->current);

		for (int64_t f = (target + 9) / 10 * 10; f <= VT_WSF_CAP && f <= max; f += 10) {
			target = f;
			if (vt_wsf_gap_sum(r, f) >= now + need)
				break;
		}
		vt_rec_evidence(rec, "gap_sum_now", now, true, "pages", "the watermark model");
		vt_rec_evidence(rec, "gap_sum_proposed", vt_wsf_gap_sum(r, target), true, "pages",
				"the watermark model");
	}
	target = (target + 9) / 10 * 10;	/* whole tens: a value people can reason about */
	if (target > VT_WSF_CAP)
		target = VT_WSF_CAP;
	if (target > max)
		target = max;
	if (target <= rec->current) {
		rec->action = VT_ACTION_KEEP;
		rec->severity = VT_SEVERITY_LOW;
		vt_rec_reason(rec, "direct reclaim despite a factor of %lld already at the rule's cap "
			      "(%d): look at the workload's memory instead", (long long)rec->current,
			      VT_WSF_CAP);
		return 0;
	}
	rec->action = VT_ACTION_CHANGE;
	rec->recommended = target;
	rec->severity = stalls >= 10 || some_pct >= 20 ? VT_SEVERITY_HIGH : VT_SEVERITY_MEDIUM;
	vt_rec_reason(rec, "kswapd falls behind (%.2f stalls/s, %.1f %% of scanning direct): a "
		      "wider low-high gap, %lld -> %lld", stalls, direct_pct, (long long)rec->current,
		      (long long)target);
	if (some_pct >= 0)
		vt_rec_reason(rec, "kswapd falls behind (%.2f stalls/s, %.1f %% of scanning direct, PSI "
			      "some %.1f %%): a wider low-high gap, %lld -> %lld", stalls, direct_pct,
			      some_pct, (long long)rec->current, (long long)target);
	vt_rec_risk(rec, "kswapd keeps more memory free: the gap comes out of page cache and anon "
		    "memory (low and high both rise by it), and kswapd runs longer");
	err = vt_rec_zone_effect(rec, in, -1, target, cause);
	if (err < 0)
		return err;
	vt_rec_explain(rec, "Each zone's low and high watermarks sit a gap above min, the gap being "
		       "max(min/4, managed x factor / 10000) (795ae7a0de6b): kswapd wakes at low and "
		       "sleeps at high.  Over %s, threads stalled in direct reclaim %.2f times/s and "
		       "direct reclaim did %.1f %% of the scanning, taking %.0f pages in its worst second "
		       "(the average if the window had one interval) that kswapd had not freed in time.  "
		       "A factor of %lld widens the gaps (summed over zones) "
		       "by that much, a second of direct reclaim, and is at least twice today's "
		       "(where min is large, min/4 sets the gap until the factor passes it); the "
		       "rule never goes past %d (10 %% "
		       "of memory), and oled-tools already flags more than 100.  vm.rst names "
		       "allocstall and kswapd_low_wmark_hit_quickly as the signals; no source gives "
		       "a threshold, so this rule's are its own (%.1f stalls/s and %.0f %% direct, "
		       "or PSI some %.0f %%).  Check the effect the same way: the same load should "
		       "show fewer stalls.", a->source, stalls, direct_pct,
		       a->peak_direct_steal_s > 0 ? a->peak_direct_steal_s : steal_d > 0 ? steal_d : scan_d,
		       (long long)target, VT_WSF_CAP, VT_WSF_MIN_ALLOCSTALL_S, VT_WSF_MIN_DIRECT_PCT,
		       VT_WSF_PSI_SOME_PCT);
	return 0;
}
