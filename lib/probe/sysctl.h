/* sysctl access by dotted name ("vm.swappiness" <-> proc/sys/vm/swappiness),
 * through the root handle.  Messages name the key, as sysctl(8) does. */
#ifndef VT_PROBE_SYSCTL_H
#define VT_PROBE_SYSCTL_H

#include <stddef.h>
#include <stdint.h>

#include "core/rootfs.h"

/* "vm.swappiness" -> "proc/sys/vm/swappiness" into out (size >= 256). */
int vt_sysctl_path(const char *name, char *out, size_t size, char **cause);

/* Pure parsers of a knob's value as its file (or sysctl -a) prints it: one
 * integer; space/tab separated integers, at most `max`. */
int vt_sysctl_value_i64(const char *s, size_t len, int64_t *out, char **cause);
int vt_sysctl_value_vec(const char *s, size_t len, int64_t *out, size_t max, size_t *count, char **cause);

/* Reads the raw text (trailing newline removed) into `buf`. */
int vt_sysctl_read(const struct vt_root *root, const char *name, struct vt_buf *buf, char **cause);
/* Reads a single integer.  -ENOENT when this kernel has no such knob; a
 * file that cannot be read or parsed is an error naming it. */
int vt_sysctl_read_i64(const struct vt_root *root, const char *name, int64_t *out, char **cause);
/* Reads a space/tab separated integer vector (lowmem_reserve_ratio). */
int vt_sysctl_read_vec(const struct vt_root *root, const char *name, int64_t *out,
		       size_t max, size_t *count, char **cause);
/* The same for a knob that may be missing (vt_root_read_opt): 1 when read,
 * 0 when this kernel has no such knob (no cause), -errno when it exists but
 * cannot be read or parsed. */
int vt_sysctl_read_opt_i64(const struct vt_root *root, const char *name, int64_t *out, char **cause);
int vt_sysctl_read_opt_vec(const struct vt_root *root, const char *name, int64_t *out,
			   size_t max, size_t *count, char **cause);
/* Writes `value` followed by a newline. */
int vt_sysctl_write(const struct vt_root *root, const char *name, const char *value, char **cause);

#endif
