/* The sysctl.d drop-in that makes applied values survive a reboot
 * (systemd-sysctl and procps `sysctl --system` read it at boot).
 *
 * The format is sysctl.conf(5)'s: `key = value` lines, '#' and ';'
 * comments, a leading '-' meaning "ignore a failure".  vmtune writes:
 *
 *   # Written by vmtune apply; remove this file to stop setting these at boot.
 *   # source: --recommended (workload database)
 *   # time: 2026-01-27T10:15:00Z
 *   # kernel: 6.1.0-56-amd64
 *                                             (one empty line ends the header)
 *   # vm.swappiness: VMT-SWP-001: <reason>
 *   vm.swappiness = 10
 *
 * and merges into its own earlier file: a knob set before and not named
 * now keeps its line, so successive applies accumulate.  The whole file
 * is replaced atomically (vt_root_write_atomic). */
#ifndef VT_APPLY_PERSIST_H
#define VT_APPLY_PERSIST_H

#include <stdbool.h>
#include <stddef.h>

#include "apply/apply.h"
#include "core/rootfs.h"

#define VT_PERSIST_DEFAULT "etc/sysctl.d/60-vmtune.conf"
#define VT_PERSIST_MARK "# Written by vmtune apply"

struct vt_dropin_entry {
	char key[128];          /* canonical dotted name for the table's knobs */
	char value[256];
	bool ignore_failure;    /* written "-key = value" */
	char note[400];         /* "VMT-SWP-001: reason", from the comment before it */
};

struct vt_dropin {
	struct vt_dropin_entry *items;
	size_t n, cap;
	bool ours;              /* starts with VT_PERSIST_MARK */
};

/* Pure parser of a sysctl.conf-format file, as procps' sysctl -p reads
 * it.  A line that is neither blank, a comment nor `key = value` is
 * -EINVAL naming `display` and the line. */
int vt_dropin_parse(const char *buf, size_t len, const char *display, struct vt_dropin *out, char **cause);
void vt_dropin_release(struct vt_dropin *d);

/* Sets every plan item in `d`: replaces the value and note of a key that is
 * there, appends the others in plan order. */
void vt_dropin_merge(struct vt_dropin *d, const struct vt_apply_plan *p);

/* The file's text: header (source, time, kernel) and entries.  Caller frees. */
char *vt_dropin_format(const struct vt_dropin *d, const char *source, const char *time, const char *release);

/* True when a and b hold the same settings in the same order (comments and
 * blank lines aside): writing b over a would change nothing sysctl reads. */
bool vt_dropin_same_body(const char *a, const char *b);

/* Reads the drop-in at `path` under the root: *content NULL (and 0) when
 * there is none.  Caller frees *content. */
int vt_dropin_read(const struct vt_root *root, const char *path, char **content, char **cause);

/* Removes `path` under the root (its parent resolved inside the root) and
 * fsyncs the directory: what rollback does with a drop-in that an apply
 * created. */
int vt_dropin_remove(const struct vt_root *root, const char *path, char **cause);

/* The persist rail: refuses (soft) to replace a file vmtune did not write. */
void vt_dropin_rail(const char *path, const struct vt_dropin *existing, struct vt_apply_rails *rails);

#endif
