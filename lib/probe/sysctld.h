/* sysctl.d(5) files: the settings the next boot applies.
 *
 * Whose rules.  On Debian 12 (and every systemd distribution) the boot-time
 * reader is systemd-sysctl.service (systemd 252 there; src/sysctl/sysctl.c
 * and src/basic/conf-files.c).  It reads *.conf from
 *
 *   /etc/sysctl.d  /run/sysctl.d  /usr/local/lib/sysctl.d  /usr/lib/sysctl.d
 *   (/lib/sysctl.d on split-usr systems)
 *
 * collects the names across all of them, keeps for each name the file of the
 * first directory in that list (a name in /etc masks the same name in
 * /usr/lib), and reads the files in the byte order of their names, whatever
 * their directory: a later name wins.  A name whose file is a link to
 * /dev/null (or is empty) sets nothing and still masks the later
 * directories' file of that name.  /etc/sysctl.conf is NOT read by
 * systemd-sysctl; Debian's procps ships /etc/sysctl.d/99-sysctl.conf ->
 * ../sysctl.conf so that it is read, as name "99-sysctl.conf".  "Wins at
 * the next boot" follows systemd-sysctl.
 *
 * procps `sysctl --system` (4.0.2 in Debian 12: PreloadSystem) lists the
 * same directories in the same order with the same masking by name, then
 * reads /etc/sysctl.conf once more, last.  It differs from systemd-sysctl
 * only there: a key in /etc/sysctl.conf beats a file named after
 * 99-sysctl.conf (99-zz.conf) for procps, not at boot; and without the
 * 99-sysctl.conf link, /etc/sysctl.conf counts for procps alone.  Both are
 * computed (vt_sysctld_order gives both orders).
 *
 * Lines (both readers): surrounding white space ignored; empty lines and
 * lines starting with '#' or ';' are comments; `key = value` split at the
 * first '=', white space around key and value trimmed; a leading '-' on the
 * key means "ignore a failure to write it"; a key is dotted or slashed
 * (vm.swappiness == vm/swappiness: systemd's sysctl_normalize swaps the two
 * separators when the first one is a '.'); the same key again, in the same
 * file or a later one, replaces the earlier value.  Keys with glob
 * characters (* ? [, systemd 246+, procps 4.0) set every matching sysctl
 * that no explicit (non-glob) line sets anywhere, whatever the order; a
 * line "-key" without '=' only keeps globs off that key.  A line that is
 * none of these is ignored with a warning by both readers: here it is a
 * warning with its line number, never fatal. */
#ifndef VT_PROBE_SYSCTLD_H
#define VT_PROBE_SYSCTLD_H

#include <stdbool.h>
#include <stddef.h>

#include "core/rootfs.h"

/* A sysctl.d file is a few lines; 1 MiB is thousands of settings and keeps
 * a runaway file (or a hostile 100 MB one) from being read whole. */
#define VT_SYSCTLD_FILE_MAX ((size_t)1 << 20)
/* .conf files considered across all directories; more are reported (a
 * warning on the set) and not read. */
#define VT_SYSCTLD_FILES_MAX 1000
/* Warnings kept per file (the count of the rest is kept). */
#define VT_SYSCTLD_WARN_MAX 16

struct vt_sysctld_entry {
	char key[128];          /* dotted: "vm.swappiness" */
	char value[256];        /* trimmed; "" for an exclusion */
	unsigned line;
	bool ignore_failure;    /* "-key = value" */
	bool glob;              /* the key holds * ? or [ */
	bool exclude;           /* "-key" without '=': keeps globs off the key */
	bool slashed;           /* written "vm/swappiness" */
};

struct vt_sysctld_warning {
	unsigned line;          /* 0: about the file */
	char text[200];
};

struct vt_sysctld_parsed {
	struct vt_sysctld_entry *entries;
	size_t n;
	struct vt_sysctld_warning warnings[VT_SYSCTLD_WARN_MAX];
	size_t nwarnings;       /* may exceed VT_SYSCTLD_WARN_MAX: only that many kept */
};

/* Parses one file's text.  Never fails: malformed lines become warnings
 * with their line number.  Release with vt_sysctld_parsed_release. */
void vt_sysctld_parse(const char *buf, size_t len, struct vt_sysctld_parsed *out);
void vt_sysctld_parsed_release(struct vt_sysctld_parsed *p);

/* "vm/swappiness" -> "vm.swappiness" (systemd's rule, in dotted form:
 * when the first separator is '/', '/' and '.' swap).  In place. */
void vt_sysctld_normalize(char *key);
/* True when glob `pattern` (fnmatch on the slashed forms, as both readers
 * match paths under /proc/sys) matches dotted `key`. */
bool vt_sysctld_glob_match(const char *pattern, const char *key);

/* The directories in systemd-sysctl's order of precedence, under the root. */
extern const char *const vt_sysctld_dirs[];
extern const size_t vt_sysctld_ndirs;
#define VT_SYSCTLD_CONF "etc/sysctl.conf"

enum vt_sysctld_state {
	VT_SYSCTLD_READ,        /* read and parsed */
	VT_SYSCTLD_MASKED,      /* a link to /dev/null or empty: sets nothing, masks the name */
	VT_SYSCTLD_SHADOWED,    /* the same name in an earlier directory wins */
	VT_SYSCTLD_UNREADABLE,  /* a FIFO, a link out of the tree, too big, no permission */
};

const char *vt_sysctld_state_name(enum vt_sysctld_state s);

struct vt_sysctld_file {
	char path[320];         /* under the root: "etc/sysctl.d/10-a.conf" */
	const char *name;       /* its base name, inside path (set by vt_sysctld_order) */
	size_t dir;             /* index in vt_sysctld_dirs; vt_sysctld_ndirs for etc/sysctl.conf */
	char link[256];         /* the link's target, "" when not a link */
	enum vt_sysctld_state state;
	char reason[400];       /* why masked, shadowed or unreadable */
	long boot_order;        /* position in systemd-sysctl's read, -1 not read */
	long procps_order;      /* position in `sysctl --system`'s read, -1 not read */
	bool is_sysctl_conf;    /* this is, or links to, /etc/sysctl.conf */
	struct vt_sysctld_parsed parsed;
};

struct vt_sysctld_set {
	struct vt_sysctld_file *files;  /* shadowed ones too; see vt_sysctld_order */
	size_t n;
	size_t nboot, nprocps;          /* files each reader reads */
	char warnings[8][240];          /* about the set (an unreadable directory, too many files) */
	size_t nwarnings;
};

/* Pure: orders the files `set->files` (path, dir, name and state filled in,
 * dir < vt_sysctld_ndirs, plus at most one etc/sysctl.conf) as the two
 * readers would: sorts them by name then directory, marks all but the
 * first directory's file of each name SHADOWED, and numbers boot_order
 * and procps_order.  etc/sysctl.conf gets a procps_order after every
 * file; its boot_order is -1 (systemd reads it only through a link). */
void vt_sysctld_order(struct vt_sysctld_set *set);

/* Lists, orders, reads and parses every file through the root.  Missing
 * directories are normal; unreadable files and directories become states
 * and warnings, never an error: it returns 0 (the int and `cause` keep the
 * readers' shape).  Release with vt_sysctld_set_release. */
int vt_sysctld_read(const struct vt_root *root, struct vt_sysctld_set *set, char **cause);
void vt_sysctld_set_release(struct vt_sysctld_set *set);

#endif
