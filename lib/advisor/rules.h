/* The rule table: one row per rule, the single source for the advisor,
 * `vmtune recommend --help`, the manual's rule list and the tests.  Each
 * rule lives in its rule_<name>.c and reads the advice input only (no I/O),
 * as the watermark model does. */
#ifndef VT_ADVISOR_RULES_H
#define VT_ADVISOR_RULES_H

#include <stddef.h>

#include "advisor/advise.h"

struct vt_rule {
	const char *id;         /* stable, for scripts and waivers: "VMT-SWP-001" */
	const char *knob;       /* the sysctl it judges */
	const char *summary;    /* one line for --help and the manual */
	const char *sources;    /* what it is grounded in */
	/* Fills rec (action, recommended value, severity, confidence, reason,
	 * risk, explanation, evidence).  rec arrives with id, knob, current
	 * value and recommended = current.  0, or -errno with a message. */
	int (*run)(const struct vt_advice_input *in, struct vt_recommendation *rec, char **cause);
};

extern const struct vt_rule vt_rules[];
extern const size_t vt_rule_count;

const struct vt_rule *vt_rule_find(const char *id);

/* Each rule, in its rule_<name>.c. */
int vt_rule_swappiness(const struct vt_advice_input *in, struct vt_recommendation *rec, char **cause);
int vt_rule_min_free_kbytes(const struct vt_advice_input *in, struct vt_recommendation *rec, char **cause);
int vt_rule_watermark_scale_factor(const struct vt_advice_input *in, struct vt_recommendation *rec,
				   char **cause);
int vt_rule_watermark_boost_factor(const struct vt_advice_input *in, struct vt_recommendation *rec,
				   char **cause);
int vt_rule_zone_reclaim_mode(const struct vt_advice_input *in, struct vt_recommendation *rec, char **cause);

#endif
