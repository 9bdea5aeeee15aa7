#include "config.h"
#include "advisor/knobs.h"
#include "core/cause.h"
#include "core/kversion.h"
#include "core/strparse.h"

#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>

#define V(a, b, c) VT_KERNEL_VERSION(a, b, c)
#define VT_RANGE_END { 0, 0, 0, -1, NULL }

/* Ranges and defaults: ../shared/docs/kernel-facts.md sections 2, 4 and 5. */
static const struct vt_knob_range vt_swappiness_ranges[] = {
	{ 0, 0, 0, 100, "0..100 before 5.8" },
	{ V(5, 8, 0), 0, 0, 200, "c843966c556d: 0..200 from 5.8" },
	VT_RANGE_END,
};

static const struct vt_knob_range vt_min_free_ranges[] = {
	{ 0, 0, 0, INT_MAX, "proc_dointvec_minmax, min 0" },
	VT_RANGE_END,
};

static const struct vt_knob_range vt_wsf_ranges[] = {
	{ V(4, 6, 0), 0, 1, 1000, "795ae7a0de6b: 1..1000 (10 %)" },
	/* 39c65a94cd96 "sysctl: change watermark_scale_factor max limit to
	 * 30%", mainline 5.17, was also taken into stable: 5.10.186 (Debian
	 * 11's 5.10.223 accepts 2000) and 5.15.y, reviewed 2022-07-27 as
	 * "[PATCH 5.15 039/201]", which is the 5.15.58 release (inferred from
	 * the date; apply reads back what the kernel took in any case). */
	{ V(5, 10, 186), V(5, 11, 0), 1, 3000, "39c65a94cd96 in stable 5.10.186" },
	{ V(5, 15, 58), V(5, 16, 0), 1, 3000, "39c65a94cd96 in stable 5.15.58" },
	{ V(5, 17, 0), 0, 1, 3000, "5.17: 1..3000 (30 %)" },
	VT_RANGE_END,
};

static const struct vt_knob_range vt_boost_ranges[] = {
	{ V(5, 0, 0), 0, 0, INT_MAX, "1c30844d2dfe: 5.0" },
	VT_RANGE_END,
};

static const struct vt_knob_range vt_zone_reclaim_ranges[] = {
	{ 0, 0, 0, INT_MAX, "proc_dointvec_minmax, min 0" },
	VT_RANGE_END,
};

const struct vt_knob vt_knobs[] = {
	{
		.name = "vm.swappiness", .type = VT_KNOB_INTEGER, .unit = VT_UNIT_NONE,
		.default_value = 60, .ranges = vt_swappiness_ranges,
		.summary = "relative IO cost of swapping anon vs paging file cache (anon:file = s:200-s)",
	},
	{
		.name = "vm.min_free_kbytes", .type = VT_KNOB_INTEGER, .unit = VT_UNIT_KB,
		.flags = VT_KNOB_COMPUTED_DEFAULT | VT_KNOB_KERNEL_RAISES, .ranges = vt_min_free_ranges,
		.summary = "memory kept free for atomic allocations; sets every zone's min watermark",
	},
	{
		.name = "vm.watermark_scale_factor", .type = VT_KNOB_INTEGER, .unit = VT_UNIT_PER10000,
		.default_value = 10, .ranges = vt_wsf_ranges,
		.summary = "gap between min, low and high watermarks as a fraction of each zone",
	},
	{
		.name = "vm.watermark_boost_factor", .type = VT_KNOB_INTEGER, .unit = VT_UNIT_PER10000,
		.default_value = 15000, .ranges = vt_boost_ranges,
		.summary = "extra reclaim after fragmentation events, as a fraction of the high watermark",
	},
	{
		.name = "vm.zone_reclaim_mode", .type = VT_KNOB_BITMASK, .unit = VT_UNIT_BITS,
		.flags = VT_KNOB_NUMA_ONLY, .default_value = 0, .ranges = vt_zone_reclaim_ranges,
		.summary = "reclaim on the local node before allocating remotely (1 zone, 2 write, 4 unmap)",
	},
};

const size_t vt_knob_count = sizeof vt_knobs / sizeof vt_knobs[0];

const struct vt_knob *vt_knob_find(const char *name)
{
	size_t n = strlen(name);

	for (size_t i = 0; i < vt_knob_count; i++) {
		const char *k = vt_knobs[i].name;
		size_t j;

		if (strlen(k) != n)
			continue;
		for (j = 0; j < n; j++)
			if (k[j] != name[j] && !(k[j] == '.' && name[j] == '/'))
				break;
		if (j == n)
			return &vt_knobs[i];
	}
	return NULL;
}

bool vt_knob_range(const struct vt_knob *knob, uint32_t code, int64_t *min, int64_t *max)
{
	const struct vt_knob_range *best = NULL;

	for (const struct vt_knob_range *r = knob->ranges; r->max >= r->min; r++)
		if (code >= r->from && (r->until == 0 || code < r->until))
			best = r;
	if (best == NULL)
		return false;
	*min = best->min;
	*max = best->max;
	return true;
}

bool vt_knob_has_default(const struct vt_knob *knob)
{
	return !(knob->flags & VT_KNOB_COMPUTED_DEFAULT);
}

const char *vt_knob_unit_name(enum vt_knob_unit unit)
{
	switch (unit) {
	case VT_UNIT_KB:
		return "kB";
	case VT_UNIT_PER10000:
		return "1/10000";
	case VT_UNIT_BITS:
		return "bits";
	case VT_UNIT_NONE:
		break;
	}
	return "";
}

void vt_knob_path(const struct vt_knob *knob, char *buf, size_t size)
{
	size_t n = (size_t)snprintf(buf, size, "proc/sys/%s", knob->name);

	for (size_t i = strlen("proc/sys/"); i < n && i < size; i++)
		if (buf[i] == '.')
			buf[i] = '/';
}

/* One wording for a value out of range, typed or read. */
static int vt_knob_out_of_range(const struct vt_knob *knob, int64_t value, const char *release,
				int64_t min, int64_t max, char **cause)
{
	return vt_cause_set(cause, -ERANGE, "%" PRId64 " is out of range for %s on kernel %s (%" PRId64
			    "..%" PRId64 ")", value, knob->name, release, min, max);
}

int vt_knob_parse(const struct vt_knob *knob, const char *text, uint32_t code, const char *release,
		  int64_t *value, char **cause)
{
	const char *p = text, *end;
	int64_t min, max;

	while (*p == ' ' || *p == '\t' || *p == '\n')
		p++;
	end = p + strlen(p);
	while (end > p && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\n'))
		end--;
	if (!vt_knob_range(knob, code, &min, &max))
		return vt_cause_set(cause, -ENOENT, "%s does not exist on kernel %s", knob->name, release);
	if (vt_parse_i64n(p, (size_t)(end - p), INT64_MIN, INT64_MAX, value, NULL) < 0)
		return vt_cause_set(cause, -EINVAL, "'%s' is not a whole number (%s)", text, knob->name);
	if (*value < min || *value > max)
		return vt_knob_out_of_range(knob, *value, release, min, max, cause);
	return 0;
}

void vt_knob_format(const struct vt_knob *knob, int64_t value, char *buf, size_t size)
{
	(void)knob;	/* every knob in the table is one integer today */
	snprintf(buf, size, "%" PRId64, value);
}

void vt_knobs_want(struct vt_state *st)
{
	for (size_t i = 0; i < vt_knob_count; i++)
		vt_state_want_sysctl(st, vt_knobs[i].name);
}

int vt_knob_check_read(const struct vt_root *root, const struct vt_knob *knob, int64_t value,
		       const struct vt_kversion *kv, char **cause)
{
	char path[256];
	int64_t min, max;

	if (!vt_knob_range(knob, kv->code, &min, &max) || (value >= min && value <= max))
		return 0;
	vt_knob_out_of_range(knob, value, kv->release, min, max, cause);
	vt_knob_path(knob, path, sizeof path);
	return vt_root_fail(root, path, -ERANGE, cause);
}

int vt_knobs_check_state(const struct vt_state *st, char **cause)
{
	for (size_t i = 0; i < st->nsysctls; i++) {
		const struct vt_state_sysctl *s = &st->sysctls[i];
		const struct vt_knob *knob = vt_knob_find(s->name);
		int err;

		if (knob == NULL || s->src.avail != VT_AVAIL_PRESENT)
			continue;
		err = vt_knob_check_read(st->root, knob, s->value, &st->system.kernel, cause);
		if (err < 0)
			return err;
	}
	return 0;
}
