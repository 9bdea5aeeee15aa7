/* `vmtune watermarks`: text and JSON of a vt_wm_report.  Presenters only
 * format: every number comes from lib/model/watermarks. */
#ifndef VT_PRESENT_WATERMARKS_H
#define VT_PRESENT_WATERMARKS_H

#include <stdbool.h>
#include <stdio.h>

#include <jansson.h>

#include "model/watermarks.h"
#include "present/format.h"

struct vt_wm_view {
	const struct vt_wm_report *report;
	const struct vt_wm_inputs *in;
	const char *release;            /* the kernel the snapshot or system runs */
	unsigned long page_size;
	char whatif_kernel[128];        /* "--kernel" as given, "" for the running one */
	bool pages;                     /* --pages: page counts instead of MiB */
	/* Where the settings came from when not their proc/sys files (a
	 * sosreport's sysctl_-a); NULL for those. */
	const char *knobs_from;
};

void vt_wm_print_text(const struct vt_out *out, const struct vt_wm_view *v);
json_t *vt_wm_to_json(const struct vt_wm_view *v);

#endif
