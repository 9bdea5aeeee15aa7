/* The reports of the commands that write files: `snapshot` (what it copied
 * and skipped) and `record` (how many samples went where), as text and
 * JSON.  Paths are the user's and the tree's: any bytes, escaped. */
#ifndef VT_PRESENT_REPORT_H
#define VT_PRESENT_REPORT_H

#include <stdint.h>

#include <jansson.h>

#include "present/format.h"
#include "probe/snapshot.h"

void vt_snapshot_print_text(const struct vt_out *out, const struct vt_snapshot_report *r, const char *source,
			    const char *dest);
json_t *vt_snapshot_to_json(const struct vt_snapshot_report *r, const char *source, const char *dest);

void vt_record_print_text(const struct vt_out *out, const char *path, uint64_t samples, double interval_s);
json_t *vt_record_to_json(const char *path, uint64_t samples, double interval_s);

#endif
