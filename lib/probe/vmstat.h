/* /proc/vmstat and /sys/devices/system/node/nodeN/vmstat ("name value" per
 * line).  The parser is table-driven and normalises the kernel's renames
 * (kernel-facts §7), so that the model sees one name per quantity:
 *
 *  - pgscan_{kswapd,direct} and pgsteal_{kswapd,direct} were per zone before
 *    4.8 (pgscan_kswapd_normal ...); the zone lines are summed into the
 *    unified counter when the kernel prints no unified line;
 *  - allocstall was one counter before 4.8 and per zone since; the total is
 *    VT_VM_ALLOCSTALL either way;
 *  - workingset_{refault,activate,restore} split into _anon/_file in 5.9;
 *    the total is kept under the old name (sum of the split) and the split
 *    only where the kernel has it.
 *
 * A counter the kernel did not print is absent (vt_vmstat_has() false),
 * never zero.  The three VT_VM_SAR_* entries reproduce how sysstat 12.6
 * (v11.5.2 - v12.7.8) sums prefixes, quirks included, for `stat --sar`. */
#ifndef VT_PROBE_VMSTAT_H
#define VT_PROBE_VMSTAT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/bitset.h"
#include "core/rootfs.h"

enum vt_vmstat_field {
	/* paging and swap */
	VT_VM_PGPGIN, VT_VM_PGPGOUT, VT_VM_PSWPIN, VT_VM_PSWPOUT,
	VT_VM_PGFAULT, VT_VM_PGMAJFAULT, VT_VM_PGFREE,
	VT_VM_PGACTIVATE, VT_VM_PGDEACTIVATE, VT_VM_PGREFILL, VT_VM_PGROTATED,
	/* reclaim by reclaimer (global reclaim only) */
	VT_VM_PGSCAN_KSWAPD, VT_VM_PGSCAN_DIRECT, VT_VM_PGSCAN_KHUGEPAGED,
	VT_VM_PGSCAN_PROACTIVE, VT_VM_PGSCAN_DIRECT_THROTTLE,
	VT_VM_PGSTEAL_KSWAPD, VT_VM_PGSTEAL_DIRECT, VT_VM_PGSTEAL_KHUGEPAGED,
	VT_VM_PGSTEAL_PROACTIVE,
	/* reclaim by LRU type (all reclaim, 5.8+) */
	VT_VM_PGSCAN_ANON, VT_VM_PGSCAN_FILE, VT_VM_PGSTEAL_ANON, VT_VM_PGSTEAL_FILE,
	VT_VM_ALLOCSTALL,
	VT_VM_KSWAPD_LOW_WMARK_HIT_QUICKLY, VT_VM_KSWAPD_HIGH_WMARK_HIT_QUICKLY,
	VT_VM_PAGEOUTRUN,
	/* refaults */
	VT_VM_WORKINGSET_REFAULT, VT_VM_WORKINGSET_REFAULT_ANON, VT_VM_WORKINGSET_REFAULT_FILE,
	VT_VM_WORKINGSET_ACTIVATE, VT_VM_WORKINGSET_ACTIVATE_ANON, VT_VM_WORKINGSET_ACTIVATE_FILE,
	VT_VM_WORKINGSET_RESTORE, VT_VM_WORKINGSET_RESTORE_ANON, VT_VM_WORKINGSET_RESTORE_FILE,
	/* compaction, OOM */
	VT_VM_COMPACT_STALL, VT_VM_COMPACT_FAIL, VT_VM_COMPACT_SUCCESS,
	VT_VM_OOM_KILL,
	/* NUMA and memory tiers */
	VT_VM_NUMA_HIT, VT_VM_NUMA_MISS, VT_VM_NUMA_FOREIGN, VT_VM_NUMA_INTERLEAVE,
	VT_VM_NUMA_LOCAL, VT_VM_NUMA_OTHER,
	VT_VM_PGPROMOTE_SUCCESS, VT_VM_PGDEMOTE_KSWAPD, VT_VM_PGDEMOTE_DIRECT,
	VT_VM_PGDEMOTE_KHUGEPAGED, VT_VM_PGDEMOTE_PROACTIVE,
	/* levels (pages) */
	VT_VM_NR_FREE_PAGES, VT_VM_NR_DIRTY, VT_VM_NR_WRITEBACK,
	VT_VM_NR_KEYED,         /* end of the entries that are a kernel line name */
	/* derived: sysstat 12.6 prefix sums (all lines, known or not) */
	VT_VM_SAR_PGSCAN_KSWAPD = VT_VM_NR_KEYED,  /* prefix "pgscan_kswapd" */
	VT_VM_SAR_PGSCAN_DIRECT,                   /* prefix "pgscan_direct" (+_throttle) */
	VT_VM_SAR_PGSTEAL,                         /* prefix "pgsteal_" */
	VT_VM_COUNT
};

enum vt_vmstat_flags {
	VT_VMSTAT_PERZONE_RECLAIM = 1 << 0,    /* pgscan/pgsteal summed from zone lines (< 4.8) */
	VT_VMSTAT_PERZONE_ALLOCSTALL = 1 << 1, /* allocstall summed from zone lines (>= 4.8) */
	VT_VMSTAT_WORKINGSET_SPLIT = 1 << 2,   /* _anon/_file refault lines (>= 5.9) */
};

struct vt_vmstat {
	uint64_t value[VT_VM_COUNT];
	VT_BITSET(present, VT_VM_COUNT);        /* bit i: field i is available */
	unsigned flags;         /* enum vt_vmstat_flags */
	unsigned nlines;        /* "name value" lines seen, known or not */
};

/* The kernel's spelling ("pgscan_kswapd"); "sar_pgscan_kswapd" etc. for the
 * derived entries. */
const char *vt_vmstat_name(enum vt_vmstat_field field);
static inline bool vt_vmstat_has(const struct vt_vmstat *vm, enum vt_vmstat_field field)
{
	return vt_bit_has(vm->present, field);
}

/* Pure parser.  Unknown names are ignored (but counted in the sar prefix
 * sums); a line without a value or with a non-numeric value is an error
 * naming the line and key; an empty file is an error.  Allocates nothing. */
int vt_vmstat_parse(const char *buf, size_t len, struct vt_vmstat *out, char **cause);

/* Self-test of the key table (0 when sorted and complete). */
size_t vt_vmstat_table_check(void);

/* Reads `rel` through the root and parses it. */
int vt_vmstat_read(const struct vt_root *root, const char *rel, struct vt_buf *scratch,
		   struct vt_vmstat *out, char **cause);

#endif
