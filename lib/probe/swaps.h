/* Swap as the kernel lists it (/proc/swaps) and the compressed swap cache
 * in front of it (zswap).  The advisor's swappiness rule depends on the
 * kind: none, disk (partitions and files), or zram, which is memory. */
#ifndef VT_PROBE_SWAPS_H
#define VT_PROBE_SWAPS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/rootfs.h"

#define VT_SWAPS_PATH "proc/swaps"
#define VT_ZSWAP_ENABLED_PATH "sys/module/zswap/parameters/enabled"

struct vt_swaps {
	unsigned devices;       /* lines below the header */
	unsigned zram;          /* of which /dev/zramN */
	unsigned disk;          /* of which partitions or files on a disk */
	uint64_t size_kb, used_kb;
	int zswap;              /* 1 enabled, 0 disabled, -1 not available */
};

/* Pure parser: the header line, then "Filename Type Size Used Priority"
 * per device (sizes in kB).  A name is the device path as swapon gave it;
 * the kernel escapes spaces in it as \040. */
int vt_swaps_parse(const char *buf, size_t len, struct vt_swaps *out, char **cause);
/* Pure parser of zswap's `enabled` parameter: "Y" or "N". */
int vt_zswap_enabled_parse(const char *buf, size_t len, int *out, char **cause);

/* Reads both through the root.  0 and *available false when /proc/swaps is
 * missing (a tree captured without it); the zswap file is optional. */
int vt_swaps_read(const struct vt_root *root, struct vt_swaps *out, bool *available, char **cause);

#endif
