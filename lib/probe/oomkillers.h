/* User-space OOM killers: they act before the kernel's OOM killer, by their
 * own rules (peers.md §6), so a ranking by oom_score is only the last word
 * when none runs.  Found by process name (running) and by unit file under
 * the root (enabled: linked in a *.wants directory; installed: the file
 * exists).  Nothing here claims more than that. */
#ifndef VT_PROBE_OOMKILLERS_H
#define VT_PROBE_OOMKILLERS_H

#include <stddef.h>

#include "core/rootfs.h"
#include "probe/procs.h"

enum vt_unit_state {
	VT_UNIT_ABSENT,         /* no unit file found */
	VT_UNIT_INSTALLED,      /* a unit file exists */
	VT_UNIT_ENABLED,        /* and is linked in an etc/systemd/system/ *.wants directory */
};

const char *vt_unit_state_name(enum vt_unit_state s);

struct vt_oomkiller {
	const char *name;       /* "systemd-oomd" */
	const char *comm;       /* its process name (comm, 15 bytes) */
	const char *unit;       /* "systemd-oomd.service" */
	const char *acts;       /* how it picks, in one line */
	size_t running;         /* processes with that comm */
	long pid;               /* the first of them */
	enum vt_unit_state unit_state;
};

#define VT_OOMKILLER_COUNT 5

/* Fills out[] in a fixed order (earlyoom, systemd-oomd, oomd, nohang,
 * low-memory-monitor).  Never fails: what cannot be read is absent. */
void vt_oomkillers_probe(const struct vt_root *root, const struct vt_procs *procs,
			 struct vt_oomkiller out[VT_OOMKILLER_COUNT]);

#endif
