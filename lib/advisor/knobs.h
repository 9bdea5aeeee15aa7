/* The knob table: every sysctl vmtune reads, recommends or writes, one row
 * per knob in the manner of tmux's options table: type, unit, valid range
 * per kernel (stable backports included), default, flags and help.  The
 * single source for status, what-if validation, advice, profiles, apply's
 * path guard, the sysctl.d writer and the exporter; one parse and one
 * format for all of them. */
#ifndef VT_ADVISOR_KNOBS_H
#define VT_ADVISOR_KNOBS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/kversion.h"
#include "core/rootfs.h"
#include "probe/state.h"

enum vt_knob_type {
	VT_KNOB_INTEGER,        /* one decimal integer */
	VT_KNOB_BITMASK,        /* an integer whose bits are named (zone_reclaim_mode) */
};

enum vt_knob_unit {
	VT_UNIT_NONE,
	VT_UNIT_KB,             /* kibibytes */
	VT_UNIT_PER10000,       /* fractions of 10,000 */
	VT_UNIT_BITS,           /* a bit mask */
};

enum vt_knob_flags {
	VT_KNOB_NUMA_ONLY = 1u << 0,    /* exists only with CONFIG_NUMA */
	VT_KNOB_KERNEL_RAISES = 1u << 1,/* the kernel raises it itself (khugepaged): a floor */
	VT_KNOB_COMPUTED_DEFAULT = 1u << 2, /* the default is computed at boot */
};

/* Kernels [from, until) accept [min, max].  `until` 0: no end.  Where
 * several rows hold for a kernel, the last one wins, so a stable backport
 * follows the mainline row it changes. */
struct vt_knob_range {
	uint32_t from, until;   /* VT_KERNEL_VERSION codes */
	int64_t min, max;
	const char *why;        /* the commit or backport that set it */
};

struct vt_knob {
	const char *name;       /* dotted sysctl name: "vm.swappiness" */
	enum vt_knob_type type;
	enum vt_knob_unit unit;
	unsigned flags;         /* enum vt_knob_flags */
	int64_t default_value;  /* unless VT_KNOB_COMPUTED_DEFAULT */
	const struct vt_knob_range *ranges;     /* ended by { 0 } (max < min) */
	const char *summary;
};

extern const struct vt_knob vt_knobs[];
extern const size_t vt_knob_count;

/* Finds a knob by its sysctl name, dotted or slashed ("vm.swappiness",
 * "vm/swappiness"), as sysctl(8) accepts both. */
const struct vt_knob *vt_knob_find(const char *name);
/* The range valid on kernel `code`; false if the knob does not exist there. */
bool vt_knob_range(const struct vt_knob *knob, uint32_t code, int64_t *min, int64_t *max);
bool vt_knob_has_default(const struct vt_knob *knob);
/* "kB", "1/10000", "" */
const char *vt_knob_unit_name(enum vt_knob_unit unit);
/* The file under the root: "proc/sys/vm/swappiness".  Into buf of size. */
void vt_knob_path(const struct vt_knob *knob, char *buf, size_t size);

/* Parses a value as the kernel's proc handler would take it (one decimal
 * integer, surrounding white space allowed) and checks it against the
 * range on kernel `code`.  0, or -EINVAL / -ERANGE / -ENOENT (the knob does
 * not exist on that kernel) with a message naming value, knob, kernel
 * release `release` and the valid range: "4000 is out of range for
 * vm.watermark_scale_factor on kernel 6.1.0 (1..3000)". */
int vt_knob_parse(const struct vt_knob *knob, const char *text, uint32_t code, const char *release,
		  int64_t *value, char **cause);
/* The value as sysctl prints and takes it ("10"). */
void vt_knob_format(const struct vt_knob *knob, int64_t value, char *buf, size_t size);

/* Asks the state collector for every knob of the table (probe/state.h
 * takes the names from its caller: the table is this layer's). */
void vt_knobs_want(struct vt_state *st);

/* A value read from the kernel that its sysctl would refuse on kernel `kv`
 * is a damaged file, not a setting to model or advise on: -ERANGE with
 * "<file>: 4000 is out of range for vm.watermark_scale_factor on kernel
 * 6.1.0 (1..3000)", the file under `root`.  0 when in range, and for a knob
 * that does not exist on that kernel (nothing to hold it to). */
int vt_knob_check_read(const struct vt_root *root, const struct vt_knob *knob, int64_t value,
		       const struct vt_kversion *kv, char **cause);
/* vt_knob_check_read on every sysctl of `st` that was read and that the
 * table knows, in the order they were asked for, on the kernel of st's
 * system identity: 0, or the first failure. */
int vt_knobs_check_state(const struct vt_state *st, char **cause);

#endif
