/* The journal of one apply: what it changed, written (atomically, fsynced)
 * before its first write, so that `vmtune rollback` can put every knob
 * back, even after the process died between two writes.
 *
 * One JSON file per transaction under the root,
 * var/lib/vmtune/journal/<id>.json, where the id is the UTC time with
 * microseconds and the pid ("20260127T101500.123456Z-4242"), so that names
 * sort in time order.  The states:
 *
 *   started      written before the first knob; a journal still "started"
 *                when no apply holds the lock is an interrupted one
 *   done         every knob written and read back (and the drop-in)
 *   rolled-back  everything restored, by the apply itself after a failure
 *                or by `vmtune rollback`
 *   failed       a restore failed: the machine may be half-changed;
 *                `vmtune rollback` retries
 *
 * Old values are kept as the kernel printed them, so a rollback writes back
 * the same bytes.  Knob names are checked against the knob table when read:
 * a journal cannot make rollback write anything else. */
#ifndef VT_APPLY_JOURNAL_H
#define VT_APPLY_JOURNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "advisor/advise.h"
#include "core/rootfs.h"

#define VT_JOURNAL_DIR "var/lib/vmtune/journal"

enum vt_journal_state {
	VT_JOURNAL_STARTED,
	VT_JOURNAL_DONE,
	VT_JOURNAL_ROLLED_BACK,
	VT_JOURNAL_FAILED,
};

const char *vt_journal_state_name(enum vt_journal_state s);

struct vt_journal_knob {
	const struct vt_knob *knob;
	char old_text[64];
	char new_text[64];
};

struct vt_journal {
	char id[64];
	char time[32];          /* ISO 8601 UTC, when it started */
	char updated[32];       /* when the state last changed */
	char source[200];
	char release[128];      /* kernel release it ran on */
	enum vt_journal_state state;
	struct vt_journal_knob knobs[VT_KNOB_MAX];
	size_t n;
	/* the drop-in it wrote: path under the root, content before (NULL:
	 * none) and after */
	bool has_persist;
	char persist_path[256];
	char *persist_previous;
	char *persist_content;
};

void vt_journal_init(struct vt_journal *j);
void vt_journal_release(struct vt_journal *j);

/* "20260127T101500.123456Z-4242" and "2026-01-27T10:15:00Z" from a time. */
void vt_journal_make_id(uint64_t realtime_ns, long pid, char *id, size_t size);

/* 0 when `id` could name a journal (letters, digits, '.', '-', '_'; no
 * path), else -EINVAL with a message. */
int vt_journal_check_id(const char *id, char **cause);

/* The document (pretty JSON, sorted keys, ending in a newline).  Caller frees. */
char *vt_journal_format(const struct vt_journal *j);
/* Pure parser; errors name `display`.  Knobs not in the table, or a
 * malformed document, are -EINVAL. */
int vt_journal_parse(const char *buf, size_t len, const char *display, struct vt_journal *j,
		     char **cause);

/* Writes VT_JOURNAL_DIR/<id>.json atomically (temp, fsync, rename, fsync
 * of the directory), creating the directory. */
int vt_journal_write(const struct vt_root *root, const struct vt_journal *j, char **cause);
/* Reads VT_JOURNAL_DIR/<id>.json; -ENOENT naming it when absent. */
int vt_journal_load(const struct vt_root *root, const char *id, struct vt_journal *j, char **cause);

/* Every journal, oldest first.  No directory: 0 journals.  Caller
 * releases each and frees the array. */
int vt_journal_list(const struct vt_root *root, struct vt_journal **out, size_t *count, char **cause);
void vt_journal_list_free(struct vt_journal *list, size_t count);

#endif
