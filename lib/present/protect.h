/* `vmtune protect`: what was (or would be) written, as text and JSON. */
#ifndef VT_PRESENT_PROTECT_H
#define VT_PRESENT_PROTECT_H

#include <stdbool.h>

#include <jansson.h>

#include "apply/protect.h"
#include "present/format.h"

/* The systemd side: unit, drop-in path under the root, its content, and
 * what happened to it ("printed", "would-write", "written", "unchanged"). */
struct vt_protect_unit_report {
	const char *unit;
	const char *path;
	const char *content;
	const char *status;
	bool oomd_active;
};

/* `name`: the --name given (the count of matches is printed), or NULL. */
void vt_protect_print_text(const struct vt_out *o, const struct vt_protect_plan *p, bool dry_run,
			   const char *name);
json_t *vt_protect_to_json(const struct vt_protect_plan *p, bool dry_run, const char *name);
void vt_protect_unit_print_text(const struct vt_out *o, const struct vt_protect_unit_report *u);
json_t *vt_protect_unit_to_json(const struct vt_protect_unit_report *u, int64_t adj);

#endif
