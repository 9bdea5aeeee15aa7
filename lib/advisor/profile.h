/* Profiles: how provisioning names a tuning (profiles/*.json, documented
 * in vmtune-profile(5)).  A profile has a name, a description, an optional
 * parent it `inherits`, a workload hint for the advisor, and per knob one
 * of: a fixed value; a value computed from memory (a share of MemTotal in
 * kB, with floor and ceiling); or "auto" (the advisor decides).  Knobs the
 * profile does not name are left alone.
 *
 * This header is the contract between the loader (profile.c), `vmtune
 * profile`, `check --profile` and `apply --profile`. */
#ifndef VT_ADVISOR_PROFILE_H
#define VT_ADVISOR_PROFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "advisor/advise.h"
#include "advisor/knobs.h"

enum vt_profile_kind {
	VT_PROFILE_FIXED,       /* "vm.swappiness": 10 */
	VT_PROFILE_SHARE,       /* {"share_of_memory_pct": 1.0, "min_kb": 65536, "max_kb": 1048576} */
	VT_PROFILE_AUTO,        /* "auto": the advisor's recommendation */
};

struct vt_profile_setting {
	const struct vt_knob *knob;
	enum vt_profile_kind kind;
	int64_t value;          /* FIXED */
	double share_pct;       /* SHARE: percent of MemTotal */
	int64_t min_kb, max_kb; /* SHARE: bounds, -1 none */
	char why[240];          /* the profile's reason for it, with its source */
};

struct vt_profile {
	char name[64];
	char description[240];
	char path[512];                 /* where it was read, for messages */
	bool has_workload;
	enum vt_workload workload;
	struct vt_profile_setting *settings;    /* after inheritance, knob table order */
	size_t nsettings;
	char inherits[64];              /* "" when none */
};

/* Pure parser of one profile document.  Errors name the file (`display`),
 * line, column and the problem: "profiles/x.json: line 3, column 5: ...". */
int vt_profile_parse(const char *buf, size_t len, const char *display, struct vt_profile *out, char **cause);
void vt_profile_release(struct vt_profile *p);

/* What a profile asks on this machine: its settings resolved against
 * MemTotal (kB) and, for "auto", the advice (may be NULL: auto settings are
 * then skipped).  A knob the kernel lacks (`in->knobs[i].available` false)
 * is skipped with a note.  Fills values[] in knob table order; `set[i]`
 * false where the profile leaves the knob alone. */
struct vt_profile_values {
	bool set[VT_KNOB_MAX];
	int64_t value[VT_KNOB_MAX];
	char note[VT_KNOB_MAX][160];    /* "skipped: not on this kernel", "auto: VMT-SWP-001" */
};

int vt_profile_resolve(const struct vt_profile *p, const struct vt_advice_input *in,
		       const struct vt_advice *advice, struct vt_profile_values *out, char **cause);

#endif
