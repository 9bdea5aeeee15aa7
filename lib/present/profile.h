/* `vmtune profile list|show|validate` and `vmtune check --profile`: a
 * profile's knobs on one machine as text and JSON (vmtune(8) lists the
 * keys). */
#ifndef VT_PRESENT_PROFILE_H
#define VT_PRESENT_PROFILE_H

#include <stdbool.h>

#include <jansson.h>

#include "advisor/profile.h"
#include "apply/provenance.h"
#include "present/format.h"

enum vt_profile_status {
	VT_PROFILE_OK,          /* the live value is what the profile asks */
	VT_PROFILE_DRIFT,       /* it is not */
	VT_PROFILE_SKIPPED,     /* the profile's value does not apply here (the note says why) */
};

/* One knob the profile names, on this machine. */
struct vt_profile_row {
	const struct vt_knob *knob;
	const struct vt_profile_setting *setting;
	bool set;                               /* resolved to `value` */
	int64_t value;
	bool floor;                             /* at or above `value` complies */
	const char *note;                       /* the resolution's note */
	bool current_known;
	int64_t current;
	const struct vt_recommendation *rec;    /* auto: the advice for the knob, or NULL */
	enum vt_profile_status status;
};

struct vt_profile_view {
	const struct vt_profile *profile;
	const char *workload_from;              /* "profile", "--workload", "default" */
	const struct vt_advice_input *in;
	const struct vt_advice *advice;
	struct vt_profile_row rows[VT_KNOB_MAX];
	size_t nrows;
	size_t drifting;
};

/* The rows of `p` resolved into `v`, compared with the live values. */
void vt_profile_view_build(struct vt_profile_view *view, const struct vt_profile *p,
			   const struct vt_profile_values *v, const struct vt_advice_input *in,
			   const struct vt_advice *advice, const char *workload_from);

const char *vt_profile_status_name(enum vt_profile_status s);   /* "ok", "drift", "skipped" */

void vt_profile_print_list(const struct vt_out *out, const struct vt_profile_entry *e, size_t n);
json_t *vt_profile_list_to_json(const struct vt_profile_entry *e, size_t n, const char *shipped_dir,
				const char *local_dir);

void vt_profile_print_show(const struct vt_out *out, const struct vt_profile_view *view, bool explain);
json_t *vt_profile_show_to_json(const struct vt_profile_view *view);

void vt_profile_print_check(const struct vt_out *out, const struct vt_profile_view *view);
json_t *vt_profile_check_to_json(const struct vt_profile_view *view, const struct vt_provenance *prov);

/* `profile validate`: the profile, or NULL and the loader's message. */
json_t *vt_profile_validate_to_json(const char *arg, const struct vt_profile *p, const char *error);

#endif
