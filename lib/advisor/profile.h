/* Profiles: how provisioning names a tuning (profiles/NAME.json, documented
 * in vmtune-profile(5)).  A profile has a name, a description, an optional
 * parent it `inherits`, a workload hint for the advisor, and per knob one
 * of: a fixed value; a value computed from memory (a share of MemTotal in
 * kB, with floor and ceiling); or "auto" (the advisor decides).  Knobs the
 * profile does not name are left alone.
 *
 * This header is the contract between the loader (profile.c), `vmtune
 * profile`, `check --profile` and `apply --profile`. */
#ifndef VT_ADVISOR_PROFILE_H
#define VT_ADVISOR_PROFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "advisor/advise.h"
#include "advisor/knobs.h"

enum vt_profile_kind {
	VT_PROFILE_FIXED,       /* "vm.swappiness": 10 */
	VT_PROFILE_SHARE,       /* {"share_of_memory_pct": 1.0, "min_kb": 65536, "max_kb": 1048576} */
	VT_PROFILE_AUTO,        /* "auto": the advisor's recommendation */
};

struct vt_profile_setting {
	const struct vt_knob *knob;
	enum vt_profile_kind kind;
	int64_t value;          /* FIXED */
	double share_pct;       /* SHARE: percent of MemTotal */
	int64_t min_kb, max_kb; /* SHARE: bounds, -1 none */
	char why[240];          /* the profile's reason for it, with its source */
};

struct vt_profile {
	char name[64];
	char description[240];
	char path[512];                 /* where it was read, for messages */
	bool has_workload;
	enum vt_workload workload;
	struct vt_profile_setting *settings;    /* after inheritance, knob table order */
	size_t nsettings;
	char inherits[64];              /* "" when none */
};

/* Pure parser of one profile document.  Errors name the file (`display`),
 * line, column and the problem: "profiles/x.json: line 3, column 5: ...". */
int vt_profile_parse(const char *buf, size_t len, const char *display, struct vt_profile *out, char **cause);
void vt_profile_release(struct vt_profile *p);

/* What a profile asks on this machine: its settings resolved against
 * MemTotal (kB) and, for "auto", the advice (may be NULL: auto settings are
 * then skipped).  A knob the kernel lacks (`in->knobs[i].available` false)
 * is skipped with a note.  Fills values[] in knob table order; `set[i]`
 * false where the profile leaves the knob alone. */
struct vt_profile_values {
	bool set[VT_KNOB_MAX];
	int64_t value[VT_KNOB_MAX];
	char note[VT_KNOB_MAX][160];    /* "skipped: not on this kernel", "auto: VMT-SWP-001" */
	/* A live value at or above value[i] complies, and a writer should not
	 * lower it: the knob is one the kernel raises itself (khugepaged's
	 * min_free_kbytes), or the advisor said so for "auto". */
	bool floor[VT_KNOB_MAX];
};

int vt_profile_resolve(const struct vt_profile *p, const struct vt_advice_input *in,
		       const struct vt_advice *advice, struct vt_profile_values *out, char **cause);

/* --- Added with the loader (profile.c); the contract above is unchanged. --- */

struct vt_root;

#define VT_PROFILE_DEPTH_MAX 8          /* a profile and at most 7 ancestors */
#define VT_PROFILE_FILE_MAX ((size_t)1 << 20)
#define VT_PROFILE_LOCAL_DIR "etc/vmtune/profiles"     /* under the root */

/* The setting `p` holds for `knob`, or NULL. */
const struct vt_profile_setting *vt_profile_setting(const struct vt_profile *p, const struct vt_knob *knob);
const char *vt_profile_kind_name(enum vt_profile_kind kind);     /* "fixed", "share", "auto" */

/* A profile NAME: [a-z0-9][a-z0-9._-]*, at most 63 bytes, not ending in
 * ".json".  0 or -EINVAL with a message. */
int vt_profile_check_name(const char *name, char **cause);
/* True when `arg` names a FILE (it has a slash or ends in ".json"), not a
 * profile NAME to search for. */
bool vt_profile_is_file(const char *arg);

/* The file naming the profile to apply at boot (/etc/vmtune/profile, read
 * by `apply --profile-file`): one profile NAME on a line of its own, with
 * blank lines and '#' comments around it.  A NAME, not a FILE, so that a
 * custom profile lives in /etc/vmtune/profiles where `profile list` shows
 * it.  Into `name` (64 bytes); 0 or -EINVAL with a message naming
 * `display` and the line. */
#define VT_PROFILE_NAME_FILE "etc/vmtune/profile"  /* under the root */
int vt_profile_name_file_parse(const char *buf, size_t len, const char *display, char name[64], char **cause);

/* Inheritance.  `lookup` finds the parent `child->inherits` names (0, or
 * -errno with a message); vt_profile_inherit walks the chain, at most
 * VT_PROFILE_DEPTH_MAX deep, refuses a cycle (the same file twice), and
 * merges: per knob the nearest profile's setting wins, and so does the
 * nearest workload hint.  `p` keeps its own name, description, path and
 * `inherits`. */
typedef int vt_profile_lookup_fn(void *ctx, const struct vt_profile *child, struct vt_profile *parent,
				 char **cause);
int vt_profile_inherit(struct vt_profile *p, vt_profile_lookup_fn *lookup, void *ctx, char **cause);

/* The search: a NAME is <root>/etc/vmtune/profiles/NAME.json (read through
 * the root handle) when it exists, else DIR/NAME.json in the shipped
 * directory.  A local profile that inherits its own name extends the
 * shipped one.  A FILE is read as it is named, relative to the working
 * directory.  Messages name the file. */
struct vt_profile_search {
	const struct vt_root *root;     /* NULL: no local profiles */
	const char *dir;                /* shipped profiles: $(pkgdatadir)/profiles */
};

/* Loads NAME or FILE with its ancestors, merged. */
int vt_profile_load(const struct vt_profile_search *s, const char *name_or_file, struct vt_profile *out,
		    char **cause);

/* Every profile of both directories, by name; a local one hides the
 * shipped one of the same name.  A profile that does not load is listed
 * with its error.  -errno only when the shipped directory cannot be read
 * or a directory cannot be listed. */
struct vt_profile_entry {
	char name[64];
	char path[512];
	bool local;             /* from <root>/etc/vmtune/profiles */
	bool overrides;         /* local, and a shipped profile has the same name */
	bool ok;
	struct vt_profile profile;      /* when ok */
	char *error;            /* when not ok */
};

int vt_profile_list(const struct vt_profile_search *s, struct vt_profile_entry **out, size_t *count,
		    char **cause);
void vt_profile_list_free(struct vt_profile_entry *entries, size_t count);

#endif
