#include "config.h"
#include "advisor/knobs.h"
#include "core/kversion.h"

#include <limits.h>
#include <string.h>

/* Ranges and defaults: ../shared/docs/kernel-facts.md sections 2, 4 and 5. */
const struct vt_knob vt_knobs[] = {
	{
		.name = "vm.swappiness", .unit = "",
		.has_default = true, .default_value = 60,
		/* c843966c556d widened the range to 200 in 5.8 */
		.ranges = { { 0, 0, 100 }, { VT_KERNEL_VERSION(5, 8, 0), 0, 200 } }, .nranges = 2,
		.summary = "relative IO cost of swapping anon vs paging file cache (anon:file = s:200-s)",
	},
	{
		.name = "vm.min_free_kbytes", .unit = "kB",
		.has_default = false,
		.ranges = { { 0, 0, INT_MAX } }, .nranges = 1,
		.summary = "memory kept free for atomic allocations; sets every zone's min watermark",
	},
	{
		.name = "vm.watermark_scale_factor", .unit = "1/10000",
		.since = VT_KERNEL_VERSION(4, 6, 0),
		.has_default = true, .default_value = 10,
		.ranges = { { VT_KERNEL_VERSION(4, 6, 0), 1, 1000 }, { VT_KERNEL_VERSION(5, 17, 0), 1, 3000 } },
		.nranges = 2,
		.summary = "gap between min, low and high watermarks as a fraction of each zone",
	},
	{
		.name = "vm.watermark_boost_factor", .unit = "1/10000",
		.since = VT_KERNEL_VERSION(5, 0, 0),
		.has_default = true, .default_value = 15000,
		.ranges = { { VT_KERNEL_VERSION(5, 0, 0), 0, INT_MAX } }, .nranges = 1,
		.summary = "extra reclaim after fragmentation events, as a fraction of the high watermark",
	},
	{
		.name = "vm.zone_reclaim_mode", .unit = "bits",
		.has_default = true, .default_value = 0,
		.ranges = { { 0, 0, INT_MAX } }, .nranges = 1,
		.numa_only = true,
		.summary = "reclaim on the local node before allocating remotely (1 zone, 2 write, 4 unmap)",
	},
};

const size_t vt_knob_count = sizeof vt_knobs / sizeof vt_knobs[0];

const struct vt_knob *vt_knob_find(const char *name)
{
	for (size_t i = 0; i < vt_knob_count; i++)
		if (strcmp(vt_knobs[i].name, name) == 0)
			return &vt_knobs[i];
	return NULL;
}

bool vt_knob_range(const struct vt_knob *knob, uint32_t code, int64_t *min, int64_t *max)
{
	const struct vt_knob_range *best = NULL;

	if (code < knob->since)
		return false;
	for (size_t i = 0; i < knob->nranges; i++)
		if (knob->ranges[i].from <= code)
			best = &knob->ranges[i];
	if (best == NULL)
		return false;
	*min = best->min;
	*max = best->max;
	return true;
}
