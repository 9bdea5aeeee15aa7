/* Identity of the system behind a root: kernel release, host name, page
 * size, and whether the root is live or a snapshot. */
#ifndef VT_PROBE_SYSTEM_H
#define VT_PROBE_SYSTEM_H

#include <stdbool.h>

#include "core/kversion.h"
#include "core/rootfs.h"
#include "probe/snapshot.h"

enum vt_page_size_source {
	VT_PAGE_SIZE_LIVE,      /* sysconf(_SC_PAGESIZE) on the running system */
	VT_PAGE_SIZE_SNAPSHOT,  /* recorded by `vmtune snapshot` */
	VT_PAGE_SIZE_ASSUMED,   /* a tree without metadata: this machine's size */
};

struct vt_system {
	struct vt_kversion kernel;
	/* The file the release came from, relative to the root:
	 * proc/sys/kernel/osrelease, or where it is absent a sosreport's
	 * uname_-a or sysctl_-a, else proc/version. */
	const char *release_from;
	char hostname[256];
	const char *hostname_from;      /* likewise; NULL when unknown */
	unsigned long page_size;
	unsigned page_shift;
	enum vt_page_size_source page_size_source;
	struct vt_snapshot_meta meta;
};

/* Fails only when the kernel release cannot be determined: no file gives
 * it, or the first that exists cannot be read or parsed (a fallback is
 * taken only for a file that is absent). */
int vt_system_probe(const struct vt_root *root, struct vt_system *out, char **cause);

#endif
