/* Provenance: where each knob's value comes from, and which source wins at
 * the next boot ("why is swappiness 30 after every reboot?").
 *
 * The boot, in order (each step overrides the one before it):
 *   1. the kernel command line's sysctl.vm.X=V (5.8+), applied by the kernel
 *      before init;
 *   2. systemd-sysctl.service: the sysctl.d files in the order of
 *      probe/sysctld.h, the last setting of a key winning;
 *   3. tuned, when /etc/tuned/active_profile names a profile: its sysctl
 *      plugin's keys (the profile with its include= parents, a child's
 *      value over its parent's, a later profile of a merged
 *      "a b" over an earlier one); tuned.service runs after
 *      systemd-sysctl.service;
 *   4. then, unless tuned-main.conf says reapply_sysctl = 0 (the default is
 *      1), tuned writes again every line of /run/sysctl.d and /etc/sysctl.d
 *      (names in /run first, by name) and /etc/sysctl.conf last, so an
 *      admin file beats the profile while /usr/lib/sysctl.d does not
 *      (tuned plugin_sysctl.py _apply_system_sysctl, tuned#226).  It writes
 *      the key as written: "-key", slashed keys and globs fail there
 *      (ENOENT, ignored), so those lines are not reapplied.
 * The runtime value is what /proc/sys holds now.  vmtune evaluates no
 * tuned ${variable} and no >N/<N modifier: such a value is shown as written.
 *
 * Judgements per knob: disagree (runtime != the next boot's value, or != the
 * kernel default when nothing sets it), overridden (a file read after the
 * vmtune drop-in sets the key, so the drop-in's value does not survive a
 * reboot; also when the drop-in is shadowed or not in a sysctl.d
 * directory), tuned_overrides (tuned's value wins at boot over the sysctl.d
 * winner), procps_differs (`sysctl --system` would end on another value
 * than systemd-sysctl). */
#ifndef VT_APPLY_PROVENANCE_H
#define VT_APPLY_PROVENANCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "advisor/advise.h"
#include "advisor/knobs.h"
#include "core/rootfs.h"
#include "probe/sysctld.h"

#define VT_PROV_SOURCES_MAX 32
#define VT_PROV_WARN_MAX 8
/* include= levels followed before giving up (a loop, or a deep chain) */
#define VT_PROV_TUNED_DEPTH 8
#define VT_TUNED_ACTIVE "etc/tuned/active_profile"
#define VT_TUNED_MAIN "etc/tuned/tuned-main.conf"

struct vt_prov_tuned_setting {
	char key[128];
	char value[256];
	char file[320];         /* under the root */
	unsigned line;
	char profile[64];       /* the profile whose file it is */
};

/* The active tuned profile, flattened. */
struct vt_prov_tuned {
	bool active;
	char profile[256];      /* as active_profile names it: "virtual-guest", "a b" */
	bool reapply;           /* reapply_sysctl */
	struct vt_prov_tuned_setting *items;    /* sysctl keys, each once: the winner */
	size_t n;
	char warnings[VT_PROV_WARN_MAX][300];
	size_t nwarnings;
};

struct vt_prov_source {
	const struct vt_sysctld_file *file;
	unsigned line;
	char key[128];          /* as the line has it (a glob's pattern) */
	char value[256];
	bool glob;
	bool glob_loses;        /* a glob, and an explicit line sets the key: not applied */
	bool ignore_failure;
	bool shadowed;          /* in a file hidden by an earlier one of its name: never read */
	bool wins_boot;         /* systemd-sysctl's last setting */
	bool wins_procps;       /* sysctl --system's last setting */
	bool after_dropin;      /* read after the vmtune drop-in */
	bool in_dropin;
};

struct vt_prov_knob {
	const struct vt_knob *knob;
	bool on_kernel;         /* /proc/sys has it */
	char runtime[64];
	struct vt_prov_source sources[VT_PROV_SOURCES_MAX];     /* in systemd-sysctl's order, then sysctl.conf */
	size_t n;
	size_t more;            /* sources beyond VT_PROV_SOURCES_MAX */
	int boot_winner;        /* index in sources, -1 none */
	int procps_winner;
	bool has_cmdline;
	char cmdline[64];
	const struct vt_prov_tuned_setting *tuned;      /* tuned's setting, NULL none */
	const struct vt_sysctld_file *reapply_file;     /* where tuned's reapply ends, NULL none */
	unsigned reapply_line;
	char reapply_value[256];
	const char *next_from;  /* "sysctl.d", "tuned", "kernel command line", "kernel default", "unknown" */
	char next[256];         /* the next boot's value ("" when unknown) */
	const struct vt_prov_source *later;     /* the last line read after the drop-in, NULL none */
	bool disagree, overridden, tuned_overrides, procps_differs;
	char warnings[VT_PROV_WARN_MAX][400];
	size_t nwarnings;
};

struct vt_provenance {
	struct vt_sysctld_set set;      /* the files, owned */
	struct vt_prov_tuned tuned;     /* owned */
	char dropin[320];               /* under the root: "etc/sysctl.d/60-vmtune.conf" */
	char dropin_problem[600];       /* not in a sysctl.d directory, or shadowed; "" fine */
	bool dropin_reapplied;          /* in etc/ or run/sysctl.d, which tuned's reapply reads */
	struct vt_prov_knob knobs[VT_KNOB_MAX];
	size_t n;                       /* vt_knobs order; knobs absent from the kernel and unset left out */
	char warnings[16][400];         /* about the files, the tuned profile */
	size_t nwarnings;
};

/* Pure: the provenance of every knob of the table, from the files (set),
 * tuned's flattened profile, the command line text (NULL: unknown), the
 * kernel version code, each knob's runtime text (runtime[i] for vt_knobs[i],
 * NULL: not on this kernel) and the drop-in path under the root.  Takes
 * ownership of *set and *tuned (leaving them empty). */
void vt_provenance_build(struct vt_provenance *out, struct vt_sysctld_set *set, struct vt_prov_tuned *tuned,
			 const char *cmdline, uint32_t kernel, const char *const runtime[], const char *dropin);

/* The last sysctl.<key>=V of a kernel command line for dotted `key`, into
 * out; false when there is none. */
bool vt_prov_cmdline(const char *cmdline, const char *key, char *out, size_t size);

/* Flattens tuned's profile `names` (active_profile's text) with their
 * include= chains from the files under the root: /etc/tuned/profiles/N,
 * /etc/tuned/N, /usr/lib/tuned/profiles/N, /usr/lib/tuned/N (the first with
 * a tuned.conf).  Problems are warnings in t. */
void vt_prov_tuned_load(const struct vt_root *root, const char *names, struct vt_prov_tuned *t);
void vt_prov_tuned_release(struct vt_prov_tuned *t);

/* Reads everything (files, tuned, proc/cmdline, the knobs) through the
 * root and builds.  Missing sources are normal; 0, or -errno with a cause
 * when a knob's file exists but cannot be read. */
int vt_provenance_collect(const struct vt_root *root, uint32_t kernel, const char *dropin,
			  struct vt_provenance *out, char **cause);
void vt_provenance_release(struct vt_provenance *p);

const struct vt_prov_knob *vt_provenance_find(const struct vt_provenance *p, const struct vt_knob *knob);
/* Whether `knob` = `value` written into the drop-in would not be the value
 * after the next boot: the drop-in is not read, a later file sets another
 * value, or tuned sets another one and does not write the drop-in's
 * again.  The reason into why. */
bool vt_provenance_persist_lost(const struct vt_provenance *p, const struct vt_knob *knob, const char *value,
				char *why, size_t size);

/* The number of knobs with a judgement (any of the four flags). */
size_t vt_provenance_problems(const struct vt_provenance *p);

#endif
