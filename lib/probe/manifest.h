/* The manifest: every file vmtune reads, in one place.  `vmtune snapshot`
 * copies exactly these, so a snapshot is always enough to run vmtune with
 * --root.  A module that starts reading a new file adds it here. */
#ifndef VT_PROBE_MANIFEST_H
#define VT_PROBE_MANIFEST_H

#include <stddef.h>

#include "core/rootfs.h"

enum vt_manifest_flags {
	VT_MF_LINK = 1 << 0,    /* copy a symlink as a symlink (sysfs topology links) */
	/* configuration files: a link to /dev/null (a sysctl.d mask) and a
	 * link that stays inside the tree (99-sysctl.conf -> ../sysctl.conf)
	 * are copied as links, any other link as the file it leads to */
	VT_MF_CONF = 1 << 1,
};

struct vt_manifest_entry {
	const char *pattern;    /* relative path; '*' and '?' match within one component */
	unsigned flags;
	const char *why;        /* who reads it */
};

extern const struct vt_manifest_entry vt_manifest[];
extern const size_t vt_manifest_count;

/* Name of the metadata file at the top of a snapshot. */
#define VT_SNAPSHOT_META VT_ROOT_SNAPSHOT_META

#endif
