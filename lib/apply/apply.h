/* apply: the only layer that changes the kernel's knobs.
 *
 * A plan is what one `vmtune apply` asks: knobs of the knob table only
 * (the path guard: a name not in the table is never turned into a path),
 * every value checked against the running kernel's range before anything
 * is written.  The transaction then runs under the caller's lock:
 *
 *   journal (old and new values, state "started") written atomically and
 *   fsynced -> each knob written through the root handle and read back ->
 *   on any failure or mismatch every knob already touched is put back ->
 *   the sysctl.d drop-in, if asked -> journal state "done".
 *
 * `rollback` restores a journal's old values with the same read-back,
 * including a journal left "started" by a process that died mid-way.
 * Nothing here prints; src/cmd_apply.c reports. */
#ifndef VT_APPLY_APPLY_H
#define VT_APPLY_APPLY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "advisor/advise.h"
#include "advisor/knobs.h"
#include "apply/journal.h"
#include "core/rootfs.h"

struct vt_profile;              /* advisor/profile.h */
struct vt_profile_values;

/* The lock every apply and rollback holds, under the root. */
#define VT_APPLY_LOCK_DIR "run/vmtune"
#define VT_APPLY_LOCK "run/vmtune/apply.lock"

/* The safe share of memory below the min watermarks: the same 5 % as rule
 * VMT-MFK-001 (rule_min_free.c), from the RHEL 6 guide's 5-10 % band that
 * "will cause your system to become out-of-memory immediately". */
#define VT_APPLY_MFK_MAX_SHARE_PCT 5.0

enum vt_apply_status {
	VT_APPLY_UNCHANGED,     /* "unchanged": the knob already has the value */
	VT_APPLY_CHANGE,        /* "change": would change (dry run), or is about to */
	VT_APPLY_APPLIED,       /* "applied": written and read back */
	VT_APPLY_NOT_WRITTEN,   /* "not-written": an earlier knob failed first */
	VT_APPLY_FAILED,        /* "failed": its write or read-back failed, value put back */
	VT_APPLY_RESTORED,      /* "restored": written, then put back (a later failure, or rollback) */
	VT_APPLY_RESTORE_FAILED,/* "restore-failed": could not be put back */
};

const char *vt_apply_status_name(enum vt_apply_status s);

struct vt_apply_item {
	const struct vt_knob *knob;
	bool have_old;
	char old_text[64];      /* the file as read, without its newline (restored as is) */
	int64_t old_value;
	int64_t new_value;
	char new_text[64];      /* as written (vt_knob_format) */
	char id[24];            /* the rule ID (--recommended), "" otherwise */
	char reason[320];       /* one line: why this value */
	enum vt_apply_status status;
	char error[480];        /* what went wrong for this knob, "" if nothing */
	char note[160];         /* rollback: "was 30, not the 10 the journal set" */
};

struct vt_apply_plan {
	struct vt_apply_item items[VT_KNOB_MAX];
	size_t n;
	uint32_t kernel;
	char release[128];
	char source[200];       /* "command line", "--recommended (workload general)", "profile NAME" */
	char warnings[VT_KNOB_MAX][200];        /* keys skipped (a profile's, on this kernel) */
	size_t nwarnings;
	/* the drop-in, for the report: its path ("" none) and what happened to
	 * it: "would-write", "written", "unchanged", "not-written", "restored",
	 * "removed", "left" (rollback: changed since, left alone) */
	char persist_path[256];
	const char *persist_status;
	char persist_note[300];
};

void vt_apply_plan_init(struct vt_apply_plan *p, uint32_t kernel, const char *release, const char *source);

/* Adds KEY=VALUE as typed by the user (the key dotted or slashed).
 * -ENOENT for a key not in the knob table or not on this kernel, -EINVAL /
 * -ERANGE for a value, with a message naming key, value and valid range.
 * The same key twice with different values is -EINVAL. */
int vt_apply_plan_add_text(struct vt_apply_plan *p, const char *key, const char *value,
			   const char *reason, const char *id, char **cause);
/* The same for a value that is already a number (the advice, a profile);
 * `override` lets it replace an earlier setting of the knob silently. */
int vt_apply_plan_add(struct vt_apply_plan *p, const struct vt_knob *knob, int64_t value,
		      const char *reason, const char *id, bool override, char **cause);
/* "KEY=VALUE" split at the first '=' (sysctl(8) also allows spaces around
 * it).  -EINVAL when there is no '=' or the key is empty. */
int vt_apply_split(const char *arg, char *key, size_t ksize, const char **value, char **cause);

/* The advice's changes (action CHANGE, not waived), with rule ID and reason. */
int vt_apply_plan_from_advice(struct vt_apply_plan *p, const struct vt_advice *advice, char **cause);
/* A resolved profile's values (vt_profile_resolve), with its reasons; the
 * keys it skipped become warnings. */
int vt_apply_plan_from_profile(struct vt_apply_plan *p, const struct vt_profile *profile,
			       const struct vt_profile_values *values, char **cause);

/* Reads every knob's current value and sets its status to UNCHANGED or
 * CHANGE.  -ENOENT (naming the knob) when the kernel has no such file. */
int vt_apply_plan_read(const struct vt_root *root, struct vt_apply_plan *p, char **cause);
size_t vt_apply_plan_changes(const struct vt_apply_plan *p);

/* Safety rails: refusals with their reasons.  Soft ones yield to --force;
 * hard ones (none today beyond the ranges, which vt_knob_parse enforces)
 * never do. */
struct vt_apply_refusal {
	const struct vt_knob *knob;
	bool hard;
	char why[900];
};

struct vt_apply_rails {
	struct vt_apply_refusal items[VT_KNOB_MAX];
	size_t n;
};

/* Judges the plan against the machine the advice input describes (its
 * watermark model and topology; either may be missing, and that rail is
 * then not applied).  0 or -errno from the model. */
int vt_apply_check_rails(const struct vt_apply_plan *p, const struct vt_advice_input *in,
			 struct vt_apply_rails *out, char **cause);

/* How knobs are written; replaceable so that src/ can inject faults for
 * the tests (a failed write, a value the kernel changed, a death). */
/* The points of a transaction a test hook may stop at (io->step). */
enum vt_apply_step {
	VT_APPLY_STEP_JOURNALED,        /* the journal is on disk, nothing written yet */
	VT_APPLY_STEP_PERSISTED,        /* every knob and the drop-in written, journal not done */
};

struct vt_apply_io {
	int (*write)(void *ctx, const struct vt_root *root, const struct vt_knob *knob,
		     const char *value, char **cause);
	void (*step)(void *ctx, enum vt_apply_step step);       /* may be NULL */
	void *ctx;
};

/* The drop-in, when --persist asked for one: path under the root, the
 * content to write and what is there now (NULL: no file). */
struct vt_apply_persist {
	const char *path;
	const char *content;
	const char *previous;
	bool unchanged;         /* the file has the same settings (vt_dropin_same_body) */
};

/* mkdir -p run/vmtune and takes VT_APPLY_LOCK without waiting.  -EWOULDBLOCK
 * with "another vmtune is changing this system" when it is held. */
int vt_apply_lock(const struct vt_root *root, int *lockfd, char **cause);

/* 0, or -EBUSY naming a journal left unfinished (state "started" or
 * "failed"): run `vmtune rollback` before applying again. */
int vt_apply_check_unfinished(const struct vt_root *root, char **cause);

/* The transaction, for a plan read under the lock.  Writes nothing when
 * nothing changes (no knob, no drop-in): returns 0 with j->id "".  Fills
 * every item's status.  Returns 0, or -errno with a cause when it failed
 * (then everything written was put back, unless an item says
 * restore-failed, and the journal says "rolled-back" or "failed"). */
int vt_apply_commit(const struct vt_root *root, struct vt_apply_plan *p, const struct vt_apply_io *io,
		    const struct vt_apply_persist *persist, uint64_t now_ns, long pid,
		    struct vt_journal *j, char **cause);

/* Restores journal `j`'s old values (and its drop-in's previous content)
 * into a report plan: per knob "restored" or "unchanged" (already at the
 * old value), "failed" with the error.  Goes on after a failure, so that as
 * much as possible is restored, and leaves the journal's state unless
 * every knob was restored (then "rolled-back").  Validates every old value
 * against the knob table and kernel first (nothing written on a bad
 * journal).  0 or -errno. */
int vt_apply_rollback(const struct vt_root *root, struct vt_journal *j, const struct vt_apply_io *io,
		      uint32_t kernel, const char *release, uint64_t now_ns,
		      struct vt_apply_plan *report, char **cause);

#endif
