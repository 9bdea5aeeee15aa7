/* VMT-WBF-001: vm.watermark_boost_factor.
 *
 * Since 5.0 (1c30844d2dfe) a fragmentation event (a pageblock of mixed
 * mobility) boosts a zone's watermarks for a while, up to factor/10000 of
 * its high watermark, so kswapd reclaims a little extra and compaction has
 * less to do: the commit measured 49 % fewer fragmentation events.  Desktop
 * distributions ship 0 for latency without a measurement; the kernel
 * already limits boosting on small zones (14f69140ff9c).  No source shows
 * a signal this tool could read to prefer either, so the rule keeps the
 * default and only points out a value that turned the feature off. */
#include "config.h"
#include "advisor/rules.h"

#include <stdio.h>

int vt_rule_watermark_boost_factor(const struct vt_advice_input *in, struct vt_recommendation *rec,
				   char **cause)
{
	int64_t min, max;

	(void)cause;
	if (!rec->current_known || !vt_knob_range(rec->knob, in->kernel, &min, &max)) {
		rec->action = VT_ACTION_NOT_APPLICABLE;
		vt_rec_reason(rec, "vm.watermark_boost_factor does not exist on this kernel (5.0+)");
		return 0;
	}
	vt_rec_evidence(rec, "watermark_boost_factor", (double)rec->current, true, "1/10000",
			"sysctl vm.watermark_boost_factor");
	rec->action = VT_ACTION_KEEP;
	rec->severity = VT_SEVERITY_INFO;
	rec->confidence = VT_CONFIDENCE_MEDIUM;
	if (rec->current == 0)
		vt_rec_reason(rec, "0 turns fragmentation boosting off (a latency choice, as desktop "
			      "distributions make it): kept");
	else if (rec->current == rec->knob->default_value)
		vt_rec_reason(rec, "the kernel's default, %lld", (long long)rec->current);
	else
		vt_rec_reason(rec, "%lld (the default is %lld): kept, no signal favours either",
			      (long long)rec->current, (long long)rec->knob->default_value);
	vt_rec_explain(rec, "After a fragmentation event the kernel boosts a zone's watermarks by up "
		       "to factor/10000 of its high watermark for a while, so kswapd reclaims a little "
		       "more and compaction has less to do; 1c30844d2dfe measured 49 %% fewer "
		       "fragmentation events with the default 15000.  0 turns it off (Pop!_OS, "
		       "CachyOS, zen kernels do, for desktop latency, without a published "
		       "measurement).  Nothing vmtune can read shows which is better for this "
		       "machine, so the value is kept.");
	return 0;
}
