/* protect: writes /proc/PID/oom_score_adj, the one value that decides
 * whether and how early the OOM killer takes a process, with apply's
 * discipline: every process found and every value checked before the first
 * write, each write read back, and on any failure the processes already
 * changed put back.  No journal: the values live only as long as the
 * processes do.  Also the systemd drop-in that makes an adj survive a
 * service restart.  Nothing here prints. */
#ifndef VT_APPLY_PROTECT_H
#define VT_APPLY_PROTECT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "apply/apply.h"
#include "core/rootfs.h"

#define VT_OOM_ADJ_MIN (-1000)
#define VT_OOM_ADJ_MAX 1000

struct vt_protect_item {
	long pid;
	char comm[64];
	int64_t old_adj;
	int64_t new_adj;
	enum vt_apply_status status;    /* unchanged, change, applied, not-written, failed, restored, restore-failed */
	char error[480];
};

struct vt_protect_plan {
	struct vt_protect_item *items;
	size_t n, cap;
	int64_t adj;
	size_t matched;         /* processes --name matched (vt_protect_plan_add_name) */
};

void vt_protect_plan_init(struct vt_protect_plan *p, int64_t adj);
void vt_protect_plan_release(struct vt_protect_plan *p);

/* Why -1000 is dangerous, in one sentence (printed on refusal and with
 * --force). */
extern const char vt_protect_danger[];

/* -ERANGE outside -1000..1000; -EPERM for -1000 without `force` (the
 * cause says why it is dangerous). */
int vt_protect_check_adj(int64_t adj, bool force, char **cause);

/* Adds process `pid` (its comm and current adj read through the root).
 * -ESRCH naming the pid when there is no such process; a pid given twice
 * is added once. */
int vt_protect_plan_add_pid(const struct vt_root *root, struct vt_protect_plan *p, long pid, char **cause);
/* Adds every process whose comm is exactly `comm`; *matched is how many
 * (0 is not an error here: the caller decides). */
int vt_protect_plan_add_name(const struct vt_root *root, struct vt_protect_plan *p, const char *comm,
			     size_t *matched, char **cause);
size_t vt_protect_plan_changes(const struct vt_protect_plan *p);

/* How a value is written; replaceable for fault injection in the tests.
 * NULL write: vt_root_write. */
struct vt_protect_io {
	int (*write)(void *ctx, const struct vt_root *root, const char *rel, const char *value, char **cause);
	void *ctx;
};

/* Writes each changing item and reads it back; on a failure restores the
 * items already written (in reverse) and returns the failure's -errno with
 * its cause.  Fills every item's status. */
int vt_protect_commit(const struct vt_root *root, struct vt_protect_plan *p, const struct vt_protect_io *io,
		      char **cause);

/* A systemd unit name: the name given, ".service" added when it has no
 * suffix.  -EINVAL for characters systemd does not allow, a path, or a
 * unit type that runs no process of its own (only services take
 * OOMScoreAdjust=). */
int vt_protect_unit_name(const char *arg, char *out, size_t size, char **cause);
/* "etc/systemd/system/UNIT.d/50-vmtune-oom.conf" */
void vt_protect_dropin_path(const char *unit, char *out, size_t size);
/* The drop-in: OOMScoreAdjust=adj, and ManagedOOMPreference= (avoid for a
 * negative adj, omit for -1000) when `oomd` (systemd-oomd is active).
 * Caller frees. */
char *vt_protect_dropin(const char *unit, int64_t adj, bool oomd);

#endif
