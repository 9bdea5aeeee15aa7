/* `vmtune snapshot`: copy every manifest file from a root into a new tree,
 * plus VT_SNAPSHOT_META describing the capture.  And the reader of that
 * metadata, which tells the rest of vmtune it is looking at a snapshot. */
#ifndef VT_PROBE_SNAPSHOT_H
#define VT_PROBE_SNAPSHOT_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/rootfs.h"

struct vt_snapshot_skip {
	char *path;
	char *reason;
};

struct vt_snapshot_report {
	size_t files;
	size_t links;
	uint64_t bytes;
	struct vt_snapshot_skip *skipped;
	size_t nskipped;
};

void vt_snapshot_report_release(struct vt_snapshot_report *report);

/* Captures `root` into directory `dest` (created if missing; refused unless
 * empty).  Unreadable files, and links that would lead out of the tree, are
 * skipped and listed in the report and the metadata.  The tree is written
 * beside `dest` (DEST.partial-XXXXXX) and renamed onto it when complete; on
 * failure, or when *stop becomes true (a signal; stop may be NULL), it is
 * removed and -EINTR or the error returned: `dest` is never half-made. */
int vt_snapshot_capture(const struct vt_root *root, const char *dest,
			const volatile sig_atomic_t *stop, struct vt_snapshot_report *report,
			char **cause);

struct vt_snapshot_meta {
	bool present;           /* the root has a VT_SNAPSHOT_META file */
	unsigned long page_size;
	uint64_t realtime_ns;
	uint64_t monotonic_ns;
	char kernel_release[128];
	char hostname[256];
	char tool[64];
};

/* Pure parser of the metadata JSON. */
int vt_snapshot_meta_parse(const char *buf, size_t len, struct vt_snapshot_meta *out, char **cause);
/* Reads the metadata of `root`; out->present is false (and 0 returned) when
 * the root has none (the live system or a hand-made tree). */
int vt_snapshot_meta_read(const struct vt_root *root, struct vt_snapshot_meta *out, char **cause);

#endif
