/* The knob table: every sysctl vmtune reads, recommends or writes, with its
 * kernel default and its valid range per kernel version.  The single source
 * for status, advice validation and the apply path guard. */
#ifndef VT_ADVISOR_KNOBS_H
#define VT_ADVISOR_KNOBS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct vt_knob_range {
	uint32_t from;          /* VT_KERNEL_VERSION from which this range holds */
	int64_t min, max;
};

struct vt_knob {
	const char *name;       /* dotted sysctl name */
	const char *unit;       /* "", "kB", "1/10000" */
	uint32_t since;         /* first kernel with the knob; 0: older than vmtune cares */
	bool has_default;       /* false when the kernel computes it at boot */
	int64_t default_value;
	struct vt_knob_range ranges[3];
	size_t nranges;
	bool numa_only;         /* exists only with CONFIG_NUMA */
	const char *summary;
};

extern const struct vt_knob vt_knobs[];
extern const size_t vt_knob_count;

const struct vt_knob *vt_knob_find(const char *name);
/* The range valid on kernel `code`; false if the knob does not exist there. */
bool vt_knob_range(const struct vt_knob *knob, uint32_t code, int64_t *min, int64_t *max);

#endif
