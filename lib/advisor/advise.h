/* The advisor: from model values to recommendations with their evidence.
 * Pure: the caller gathers the input (the state collector, a sample window
 * or a recording); the rules (rules.c, one rule_*.c per rule) only read it.
 * Every rule is grounded in ../shared/docs/advice-sources.md and
 * kernel-facts.md, and is conservative where the evidence is thin: a rule
 * that cannot see what it needs keeps the value and says why. */
#ifndef VT_ADVISOR_ADVISE_H
#define VT_ADVISOR_ADVISE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "advisor/knobs.h"
#include "model/activity.h"
#include "model/rates.h"
#include "model/topology.h"
#include "model/watermarks.h"
#include "probe/meminfo.h"
#include "probe/swaps.h"

enum vt_workload {
	VT_WL_GENERAL,
	VT_WL_DATABASE,
	VT_WL_LATENCY,
	VT_WL_THROUGHPUT,
	VT_WL_DESKTOP,
	VT_WL_VIRT_HOST,
	VT_WL_HPC,
	VT_WL_COUNT
};

const char *vt_workload_name(enum vt_workload wl);
/* 0, or -EINVAL for a name not in the list. */
int vt_workload_parse(const char *name, enum vt_workload *out);

/* A knob's value as the kernel holds it now. */
struct vt_knob_now {
	bool available;
	int64_t value;
};

#define VT_KNOB_MAX 16

struct vt_advice_input {
	uint32_t kernel;                /* VT_KERNEL_VERSION */
	const char *release;            /* "6.1.0-28-amd64" */
	unsigned page_shift;
	enum vt_workload workload;
	struct vt_knob_now knobs[VT_KNOB_MAX];  /* in vt_knobs[] order */
	/* Where the knob values came from when not their proc/sys files (a
	 * sosreport's sos_commands/kernel/sysctl_-a); NULL for those. */
	const char *knobs_from;
	const struct vt_meminfo *meminfo;       /* NULL: not available */
	const struct vt_swaps *swaps;           /* NULL: /proc/swaps not available */
	int cgroup_v1_memory;                   /* 1, 0, -1 unknown */
	const struct vt_topology *topology;     /* NULL: not available */
	const struct vt_wm_inputs *wm;          /* NULL: no zoneinfo to model */
	const struct vt_wm_report *wm_report;   /* today's report from `wm` */
	const struct vt_activity *activity;     /* NULL: levels only */
};

enum vt_action {
	VT_ACTION_KEEP,
	VT_ACTION_CHANGE,
	VT_ACTION_NOT_APPLICABLE,
};

enum vt_severity {
	VT_SEVERITY_INFO,
	VT_SEVERITY_LOW,
	VT_SEVERITY_MEDIUM,
	VT_SEVERITY_HIGH,
};

enum vt_confidence {
	VT_CONFIDENCE_LOW,
	VT_CONFIDENCE_MEDIUM,
	VT_CONFIDENCE_HIGH,
};

const char *vt_action_name(enum vt_action a);
const char *vt_severity_name(enum vt_severity s);
const char *vt_confidence_name(enum vt_confidence c);

/* One figure a recommendation rests on, and where it came from. */
struct vt_evidence {
	char name[40];          /* "allocstall_s", "SwapTotal" */
	double value;
	bool integer;           /* print without decimals */
	char unit[16];          /* "/s", "kB", "%" */
	char source[48];        /* "/proc/vmstat", "/proc/swaps" */
};

/* What a watermark knob's proposed value gives one zone (pages). */
struct vt_zone_effect {
	unsigned node;
	char zone[16];
	uint64_t managed;
	struct vt_wm_marks now, proposed;
};

#define VT_EVIDENCE_MAX 12

struct vt_recommendation {
	const char *id;                 /* "VMT-SWP-001" */
	const struct vt_knob *knob;
	bool current_known;
	int64_t current;
	enum vt_action action;
	int64_t recommended;            /* CHANGE: the value; KEEP: the current one */
	bool floor;                     /* a live value at or above it complies */
	enum vt_severity severity;
	enum vt_confidence confidence;
	char reason[320];               /* one line */
	char risk[320];                 /* what the change risks ("" for keep) */
	char explanation[1400];         /* --explain: the reasoning */
	const char *sources;            /* where the rule comes from */
	struct vt_evidence evidence[VT_EVIDENCE_MAX];
	size_t nevidence;
	/* watermark knobs: the per-zone effect and the share of memory */
	struct vt_zone_effect *zones;
	size_t nzones;
	double reserve_share_now_pct, reserve_share_pct;        /* sum of min / managed */
	bool waived;
	char waiver_reason[160];
	char waiver_expires[11];        /* "2027-01-31" or "" */
	bool waiver_expired;            /* a waiver matched but its date has passed */
};

struct vt_advice {
	enum vt_workload workload;
	enum vt_basis basis;
	double window_s;
	char basis_source[160];
	char knob_source[48];           /* "proc/sys", or the file that stood in for it */
	struct vt_recommendation *recs;
	size_t nrecs;
	size_t changes;                 /* CHANGE and not waived */
	size_t waived;
};

/* Runs every rule of the table.  0, or -errno with a message. */
int vt_advise(const struct vt_advice_input *in, struct vt_advice *out, char **cause);
void vt_advice_release(struct vt_advice *advice);

/* Waivers: accepted deviations, by rule ID, from --ignore or a file
 * (/etc/vmtune/waivers under the root): one per line,
 *   ID [YYYY-MM-DD] reason...
 * '#' starts a comment.  A waiver past its date no longer applies, and the
 * advice says it expired. */
struct vt_waiver {
	char id[24];
	char expires[11];       /* "" when it does not expire */
	char reason[160];
};

struct vt_waivers {
	struct vt_waiver *items;
	size_t count;
};

/* Pure parser; 0 or -EINVAL naming the line. */
int vt_waivers_parse(const char *buf, size_t len, struct vt_waivers *out, char **cause);
/* --ignore ID: no date, reason "--ignore". */
int vt_waivers_add(struct vt_waivers *w, const char *id, char **cause);
void vt_waivers_release(struct vt_waivers *w);
/* Marks the recommendations the waivers cover, given today's date
 * ("YYYY-MM-DD"), and recounts changes and waived. */
void vt_advice_apply_waivers(struct vt_advice *advice, const struct vt_waivers *w, const char *today);

/* Helpers for rules. */
void vt_rec_evidence(struct vt_recommendation *rec, const char *name, double value, bool integer,
		     const char *unit, const char *source);
void vt_rec_reason(struct vt_recommendation *rec, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void vt_rec_risk(struct vt_recommendation *rec, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void vt_rec_explain(struct vt_recommendation *rec, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* The per-zone effect of new watermark settings through the model; also
 * fills the shares.  A setting < 0 keeps today's.  0 or -errno. */
int vt_rec_zone_effect(struct vt_recommendation *rec, const struct vt_advice_input *in,
		       int64_t min_free_kbytes, int64_t watermark_scale_factor, char **cause);
/* The knob's current value, by name; false when not available. */
bool vt_advice_knob(const struct vt_advice_input *in, const char *name, int64_t *value);
/* Confidence that activity-based evidence deserves. */
enum vt_confidence vt_activity_confidence(const struct vt_activity *a);

#endif
