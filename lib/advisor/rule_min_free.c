/* VMT-MFK-001: vm.min_free_kbytes.
 *
 * It is the emergency reserve: it sets every zone's min watermark, below
 * which only atomic and reclaim-critical allocations may dip.  It is not
 * the knob for kswapd headroom (that is watermark_scale_factor; Weiner in
 * 795ae7a0de6b: buying a 250 MB kswapd buffer this way costs a 1 GB reserve
 * "for no good reason").  So the rule judges it against the value the
 * kernel picks by itself (4*sqrt(lowmem kB), clamped, raised by khugepaged
 * for THP) and moves it only when it is dangerous: below 1024 kB or below
 * the kernel's own value (vm.rst: "subtly broken ... prone to deadlock"),
 * or so high that the reserve takes more than 5 % of memory (RHEL 6 guide:
 * 5-10 % "will cause your system to become out-of-memory immediately").
 * Raising it needs evidence this tool cannot see in /proc: page allocation
 * failures in the kernel log (vendors raise it for NIC-heavy hosts). */
#include "config.h"
#include "advisor/rules.h"

#include <stdio.h>

/* Above this share of memory held below min, the reserve itself is the
 * danger (the RHEL 6 guide's 5-10 % band starts here). */
#define VT_MFK_MAX_SHARE_PCT 5.0

int vt_rule_min_free_kbytes(const struct vt_advice_input *in, struct vt_recommendation *rec, char **cause)
{
	const struct vt_wm_report *r = in->wm_report;
	int64_t expected, boot;
	int err;

	if (!rec->current_known) {
		rec->action = VT_ACTION_NOT_APPLICABLE;
		vt_rec_reason(rec, "vm.min_free_kbytes is not available in this tree");
		return 0;
	}
	if (r == NULL) {
		rec->action = VT_ACTION_KEEP;
		rec->confidence = VT_CONFIDENCE_LOW;
		vt_rec_reason(rec, "no /proc/zoneinfo to model the kernel's own value: %lld kept",
			      (long long)rec->current);
		return 0;
	}
	expected = r->expected_min_free_kbytes;
	boot = r->sqrt_boot_kb;
	rec->floor = true;	/* khugepaged raises it: more than the target complies */
	rec->confidence = VT_CONFIDENCE_HIGH;	/* the kernel's formula, checked on real kernels */
	vt_rec_evidence(rec, "min_free_kbytes", (double)rec->current, true, "kB", "sysctl vm.min_free_kbytes");
	vt_rec_evidence(rec, "kernel_default", (double)boot, true, "kB", "4*sqrt(lowmem), /proc/zoneinfo");
	if (r->have_thp)
		vt_rec_evidence(rec, "khugepaged_value", (double)r->thp.recommended_kb, true, "kB",
				"transparent_hugepage, /proc/zoneinfo");
	vt_rec_evidence(rec, "expected", (double)expected, true, "kB", "the kernel's own choice");
	vt_rec_evidence(rec, "min_share", r->today_min_share_pct, false, "%", "/proc/zoneinfo");

	/* The sqrt rule ran at boot on the managed pages of that moment, a
	 * little fewer than today's (initrd and boot memory are freed later):
	 * a live value up to 3 % under today's model is still the kernel's. */
	if (rec->current < 1024 || rec->current < expected - expected * 3 / 100) {
		rec->action = VT_ACTION_CHANGE;
		rec->recommended = expected;
		rec->severity = rec->current < 1024 ? VT_SEVERITY_HIGH : VT_SEVERITY_MEDIUM;
		vt_rec_reason(rec, "%lld kB is below what the kernel picks by itself (%lld kB): the "
			      "emergency reserve is too small", (long long)rec->current, (long long)expected);
		vt_rec_risk(rec, "none known in going back to the kernel's own value; it reserves "
			    "more memory below min (see the zones)");
	} else if (r->today_min_share_pct > VT_MFK_MAX_SHARE_PCT) {
		rec->action = VT_ACTION_CHANGE;
		rec->recommended = expected;
		rec->floor = false;
		rec->severity = VT_SEVERITY_HIGH;
		vt_rec_reason(rec, "%lld kB holds %.1f %% of memory below min (over %.0f %%): back to the "
			      "kernel's %lld kB", (long long)rec->current, r->today_min_share_pct,
			      VT_MFK_MAX_SHARE_PCT, (long long)expected);
		vt_rec_risk(rec, "if it was raised for page allocation failures (NIC-heavy hosts), "
			    "they may return: check the kernel log for 'page allocation failure' "
			    "before lowering, and waive this rule if so");
	} else {
		rec->action = VT_ACTION_KEEP;
		rec->severity = VT_SEVERITY_INFO;
		if (rec->current <= expected)
			vt_rec_reason(rec, "%lld kB is the kernel's own value (%lld kB by today's zones)",
				      (long long)rec->current, (long long)expected);
		else
			vt_rec_reason(rec, "%lld kB is above the kernel's %lld kB and holds %.2f %% of memory "
				      "below min: kept", (long long)rec->current, (long long)expected,
				      r->today_min_share_pct);
	}
	if (rec->action == VT_ACTION_CHANGE) {
		err = vt_rec_zone_effect(rec, in, rec->recommended, -1, cause);
		if (err < 0)
			return err;
	}
	vt_rec_explain(rec, "min_free_kbytes sets every zone's min watermark, split by zone size; "
		       "below min only atomic and reclaim-critical allocations are served.  The kernel "
		       "picks 4*sqrt(lowmem kB) = %lld kB here%s, and %lld kB is what it would hold "
		       "now.  Below 1024 kB or below its own value the reserve runs out under atomic "
		       "allocation bursts (vm.rst: \"subtly broken ... prone to deadlock\"); above "
		       "about 5 %% of memory the reserve itself starves the machine (RHEL 6 guide: "
		       "5-10 %% \"will cause your system to become out-of-memory immediately\").  "
		       "It is not the knob for kswapd headroom (795ae7a0de6b): that is "
		       "vm.watermark_scale_factor.  Raise it only for page allocation failures in "
		       "the kernel log (\"page allocation failure: order:N, mode:...GFP_ATOMIC\"), "
		       "which vendors see on NIC-heavy hosts; khugepaged raises it by itself when "
		       "THP is on, so a live value above the target complies.",
		       (long long)boot, r->have_thp ? ", khugepaged raises it for THP" : "",
		       (long long)expected);
	return 0;
}
