/* /sys/devices/system/node/nodeN/numastat: the per-node allocation
 * counters numastat(8) prints (pages).  "name value" lines; a field the
 * kernel did not print is absent, never zero. */
#ifndef VT_PROBE_NUMASTAT_H
#define VT_PROBE_NUMASTAT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum vt_numastat_field {
	VT_NS_NUMA_HIT, VT_NS_NUMA_MISS, VT_NS_NUMA_FOREIGN,
	VT_NS_INTERLEAVE_HIT, VT_NS_LOCAL_NODE, VT_NS_OTHER_NODE,
	VT_NS_COUNT
};

struct vt_numastat {
	uint64_t value[VT_NS_COUNT];
	unsigned present;       /* bit i: field i was printed */
};

/* numastat(8)'s six fields have not changed since 2.6; rates copy the word. */
_Static_assert(VT_NS_COUNT <= 32, "numastat presence bits do not fit an unsigned");

const char *vt_numastat_name(enum vt_numastat_field field);
static inline bool vt_numastat_has(const struct vt_numastat *ns, enum vt_numastat_field field)
{
	return (ns->present >> field) & 1;
}

/* Pure parser; unknown names are ignored, a bad value of a known one is an
 * error, and a file without any known field is an error.  Allocates nothing. */
int vt_numastat_parse(const char *buf, size_t len, struct vt_numastat *out, char **cause);
size_t vt_numastat_table_check(void);

#endif
