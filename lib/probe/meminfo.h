/* /proc/meminfo and /sys/devices/system/node/nodeN/meminfo.  Values are kB
 * except the HugePages_* counts.  A field the kernel did not print is absent
 * (bit clear in `present`), never zero. */
#ifndef VT_PROBE_MEMINFO_H
#define VT_PROBE_MEMINFO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/bitset.h"
#include "core/rootfs.h"

enum vt_meminfo_field {
	VT_MI_MEM_TOTAL, VT_MI_MEM_FREE, VT_MI_MEM_AVAILABLE, VT_MI_MEM_USED,
	VT_MI_BUFFERS, VT_MI_CACHED, VT_MI_SWAP_CACHED,
	VT_MI_ACTIVE, VT_MI_INACTIVE, VT_MI_ACTIVE_ANON, VT_MI_INACTIVE_ANON,
	VT_MI_ACTIVE_FILE, VT_MI_INACTIVE_FILE, VT_MI_UNEVICTABLE, VT_MI_MLOCKED,
	VT_MI_SWAP_TOTAL, VT_MI_SWAP_FREE, VT_MI_ZSWAP, VT_MI_ZSWAPPED,
	VT_MI_DIRTY, VT_MI_WRITEBACK, VT_MI_ANON_PAGES, VT_MI_MAPPED, VT_MI_SHMEM,
	VT_MI_FILE_PAGES, VT_MI_KRECLAIMABLE, VT_MI_SLAB, VT_MI_SRECLAIMABLE,
	VT_MI_SUNRECLAIM, VT_MI_KERNEL_STACK, VT_MI_PAGE_TABLES,
	VT_MI_COMMIT_LIMIT, VT_MI_COMMITTED_AS, VT_MI_ANON_HUGE_PAGES,
	VT_MI_HUGEPAGES_TOTAL, VT_MI_HUGEPAGES_FREE, VT_MI_HUGEPAGESIZE,
	VT_MI_HUGETLB,
	VT_MI_COUNT
};

struct vt_meminfo {
	uint64_t value[VT_MI_COUNT];
	VT_BITSET(present, VT_MI_COUNT);        /* bit i set: field i was printed */
	int node;               /* -1 for /proc/meminfo, else the node id */
};

/* The kernel's spelling of a field ("MemTotal"). */
const char *vt_meminfo_name(enum vt_meminfo_field field);
bool vt_meminfo_has(const struct vt_meminfo *mi, enum vt_meminfo_field field);

/* Pure parser.  Accepts both "MemTotal:  123 kB" and the per-node
 * "Node 0 MemTotal:  123 kB" layouts (`node` receives the node id, or -1).
 * Unknown keys are ignored; a malformed line of a known key, or a known key
 * printed twice, is an error. */
int vt_meminfo_parse(const char *buf, size_t len, struct vt_meminfo *out, char **cause);

/* Self-test of the key table (0 when sorted and complete). */
size_t vt_meminfo_table_check(void);

int vt_meminfo_read(const struct vt_root *root, const char *rel, struct vt_buf *scratch,
		    struct vt_meminfo *out, char **cause);

#endif
