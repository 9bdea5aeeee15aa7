/* sosreport fallbacks.  An extracted `sos report` is a root like any tree:
 * its kernel, memory and numa plugins copy proc/meminfo, proc/vmstat,
 * proc/zoneinfo, proc/buddyinfo, proc/swaps, proc/pressure/ (recent sos; not 4.0), the
 * nodeN meminfo/cpulist/distance files, transparent_hugepage/enabled and the
 * sysctl.d directories under their own paths.  They do not copy
 * the files of proc/sys/vm nor proc/sys/kernel/osrelease (the system plugin copies
 * proc/sys, but is often left out); what stands in for them is the output
 * of commands, under sos_commands/kernel/:
 *
 *	sysctl_-a   "key = value" lines (multi-value keys such as
 *	            vm.lowmem_reserve_ratio separate their values with tabs);
 *	            sos merges stderr in, so lines of another shape occur
 *	uname_-a    "Linux HOST RELEASE #VERSION ... GNU/Linux"
 *
 * These parsers are pure; the readers take a file only when the kernel's
 * own file is absent (-ENOENT), never when it is unreadable or malformed,
 * and the caller keeps where each value came from for the output. */
#ifndef VT_PROBE_SOS_H
#define VT_PROBE_SOS_H

#include <stddef.h>

#include "core/rootfs.h"

#define VT_SOS_SYSCTL_PATH "sos_commands/kernel/sysctl_-a"
#define VT_SOS_UNAME_PATH "sos_commands/kernel/uname_-a"
/* Not a sos file: the kernel's banner, "Linux version 6.1.0-57-amd64 (...)". */
#define VT_PROC_VERSION_PATH "proc/version"

struct vt_sos_sysctl {
	char *name;             /* dotted, "vm.swappiness" */
	char *value;            /* as printed, trailing blanks removed */
	unsigned line;          /* 1-based, for messages */
};

/* The sysctls of sysctl_-a that vmtune can use (the vm. and kernel. keys;
 * the rest are ignored), sorted by name. */
struct vt_sos_sysctls {
	struct vt_sos_sysctl *v;
	size_t count;
};

void vt_sos_sysctls_init(struct vt_sos_sysctls *s);
void vt_sos_sysctls_release(struct vt_sos_sysctls *s);

/* Pure parser of `sysctl -a` output.  Lines that are not "key = value"
 * (sysctl's own complaints on stderr) are skipped; a key printed again is
 * the next line of a multi-line value (dev.cdrom.info), and only the first
 * is kept.  -EINVAL when no line has the shape at all: not sysctl output. */
int vt_sos_sysctl_parse(const char *buf, size_t len, struct vt_sos_sysctls *out, char **cause);
/* The entry of `name`, or NULL when sysctl -a did not print it. */
const struct vt_sos_sysctl *vt_sos_sysctl_get(const struct vt_sos_sysctls *s, const char *name);

/* Pure parser of `uname -a`: the node name (2nd field) and the kernel
 * release (3rd field) into the buffers (size >= 1). */
int vt_sos_uname_parse(const char *buf, size_t len, char *host, size_t host_size,
		       char *release, size_t release_size, char **cause);

/* Pure parser of /proc/version: the release after "Linux version ". */
int vt_proc_version_parse(const char *buf, size_t len, char *release, size_t size, char **cause);

/* Reads and parses VT_SOS_SYSCTL_PATH: 1 when read, 0 when the tree has
 * none (no cause), -errno with a cause naming the file otherwise. */
int vt_sos_sysctls_read(const struct vt_root *root, struct vt_sos_sysctls *out, char **cause);

#endif
