/* The kernel's per-zone watermarks, lowmem protection and min_free_kbytes
 * defaults, computed as the kernel computes them (kernel-facts §1-§3), for
 * any kernel version, page size and zone sizes; and the comparison of that
 * model with what /proc/zoneinfo printed.  Pure: no I/O. */
#ifndef VT_MODEL_WATERMARKS_H
#define VT_MODEL_WATERMARKS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "probe/state.h"
#include "probe/zoneinfo.h"

/* Which form of each formula a kernel version uses. */
struct vt_wm_rule {
	uint32_t kernel;                /* VT_KERNEL_VERSION */
	bool scale_factor;              /* 4.6+: gap = max(tmp/4, managed*wsf/10000) */
	bool boost;                     /* 5.0+: printed values include watermark_boost */
	bool promo;                     /* 5.18+: WMARK_PROMO = high + gap */
	bool movable_clamped;           /* 6.6+: Movable out of lowmem, min clamped */
	bool div32;                     /* < 6.10: do_div() truncates the divisor to 32 bits */
	int64_t sqrt_cap_kb;            /* default min_free_kbytes cap: 65536, 262144 from 5.7 */
	/* The form of setup_per_zone_lowmem_reserve().  Every form divides
	 * the managed pages of the zones above by the lower zone's ratio; they
	 * differ in what a ratio of 0 or an empty lower zone does. */
	enum {
		VT_LR_RATIO_MIN1,       /* < 4.15: ratios < 1 are forced to 1 */
		VT_LR_NO_CLEAR,         /* 4.15-5.8: ratio 0 gives 0; empty zones still reserve */
		VT_LR_SKIP,             /* 5.9-5.10.49: ratio 0 or an empty lower zone gives 0,
					 * and its pages are left out of the sums above it */
		VT_LR_CUMULATIVE,       /* 5.10.50+: ratio 0 or empty gives 0; sums always complete */
	} lowmem_reserve;
};

void vt_wm_rule_for(uint32_t kernel, struct vt_wm_rule *out);
/* "6.6+ (scale factor, promo, Movable clamped)" and the like. */
const char *vt_wm_rule_describe(const struct vt_wm_rule *rule);

/* One zone's four watermarks, in pages, without boost. */
struct vt_wm_marks {
	uint64_t min, low, high, promo;
	bool has_promo;                 /* the kernel has WMARK_PROMO (5.18+) */
};

struct vt_wm_params {
	int64_t min_free_kbytes;
	int64_t watermark_scale_factor; /* ignored by the legacy rule */
	unsigned page_shift;            /* 12 for 4 KiB pages */
};

/* The system-wide quantities of one computation. */
struct vt_wm_totals {
	uint64_t pages_min;             /* min_free_kbytes in pages */
	uint64_t lowmem_pages;          /* the divisor */
	uint64_t min_sum;               /* sum of every zone's min */
	uint64_t managed_sum;           /* sum of every zone's managed pages */
};

/* __setup_per_zone_wmarks(): fills out[0..zi->nzones).  Fails when the
 * inputs cannot be modelled (no lowmem pages, unknown zone type, page size
 * below 1 KiB, negative settings). */
int vt_wm_compute(const struct vt_zoneinfo *zi, const struct vt_wm_rule *rule,
		  const struct vt_wm_params *params, struct vt_wm_marks *out,
		  struct vt_wm_totals *totals, char **cause);

/* setup_per_zone_lowmem_reserve(): out is zi->nzones rows of zi->max_zones
 * entries.  `ratio` is vm.lowmem_reserve_ratio as read (MAX_NR_ZONES or,
 * on older kernels, MAX_NR_ZONES - 1 values). */
int vt_wm_protection(const struct vt_zoneinfo *zi, const struct vt_wm_rule *rule,
		     const int64_t *ratio, size_t nratio, int64_t *out, char **cause);

/* floor(sqrt(x)), as the kernel's int_sqrt(). */
uint64_t vt_wm_int_sqrt(uint64_t x);

/* The min_free_kbytes the kernel would compute (calculate_min_free_kbytes):
 * 4*sqrt(lowmem kB) clamped to [128, cap].  With `at_boot` the high
 * watermarks count as 0 (first boot); otherwise the printed ones are
 * subtracted, as on a recomputation after hotplug or disabling THP. */
int64_t vt_wm_default_min_free_kbytes(const struct vt_zoneinfo *zi, const struct vt_wm_rule *rule,
				       unsigned page_shift, bool at_boot);

/* khugepaged's set_recommended_min_free_kbytes(): 11 pageblocks per
 * populated zone up to Normal, capped at 5% of lowmem above the high
 * watermarks.  `pageblock_pages` comes from vt_wm_pageblock_pages. */
struct vt_wm_thp {
	uint64_t pageblock_pages;
	unsigned nr_zones;
	uint64_t uncapped_pages;
	uint64_t cap_pages;
	bool capped;
	int64_t recommended_kb;
};
void vt_wm_thp_recommendation(const struct vt_zoneinfo *zi, const struct vt_wm_rule *rule,
			      unsigned page_shift, uint64_t pageblock_pages, struct vt_wm_thp *out);
/* Could `offset` pages on top of every watermark of a zone be a
 * watermark_boost (kernel-facts §1.4)?  A boost grows by pageblocks up to
 * max(pageblock, high * boost_factor / 10000), and kswapd pays it off by
 * what it was when reclaim started, so it is a whole number of pageblocks
 * or that cap minus one; tiny zones (managed < 4 pageblocks) and a factor
 * of 0 are never boosted. */
bool vt_wm_boost_plausible(uint64_t offset, uint64_t high, uint64_t managed, int64_t boost_factor,
			   uint64_t pageblock);

/* Pages per pageblock: hpage_pmd_size / page size when the kernel says
 * (0 = unknown), else a PMD's worth of pages (page size / 8 entries). */
uint64_t vt_wm_pageblock_pages(unsigned page_shift, uint64_t hpage_pmd_size);

/* Where a zone's free pages stand against its printed watermarks. */
enum vt_wm_state {
	VT_WM_EMPTY,            /* no managed pages */
	VT_WM_OK,               /* free > high: kswapd can sleep */
	VT_WM_KSWAPD,           /* low < free <= high: kswapd, once woken, keeps going */
	VT_WM_LOW,              /* min < free <= low: allocations wake kswapd */
	VT_WM_MIN,              /* free <= min: direct reclaim for blocking allocations */
};
const char *vt_wm_state_name(enum vt_wm_state state);
/* Text for people: "above high", "low..high (kswapd awake)", ... */
const char *vt_wm_state_text(enum vt_wm_state state);
/* Where the zone's free pages stand against its printed watermarks (boost
 * included: what the allocator checks). */
enum vt_wm_state vt_wm_zone_state(const struct vt_zone *z);

/* Everything `vmtune watermarks` and `status` show, built from the parsed
 * zoneinfo and the knobs. */
struct vt_wm_inputs {
	const struct vt_zoneinfo *zi;
	uint32_t kernel;                /* the running (or captured) kernel */
	unsigned page_shift;
	int64_t min_free_kbytes;
	bool have_wsf;                  /* vm.watermark_scale_factor exists */
	int64_t watermark_scale_factor;
	const int64_t *lowmem_reserve_ratio;    /* NULL: not available */
	size_t nratio;
	uint64_t hpage_pmd_size;        /* bytes, 0 = not available */
	int64_t watermark_boost_factor; /* < 0: not available */
	int thp_enabled;                /* 1 always/madvise, 0 never, -1 unknown */
	/* what-if: a setting < 0 means "today's" */
	bool whatif;
	int64_t new_min_free_kbytes;
	int64_t new_watermark_scale_factor;
	uint32_t new_kernel;            /* 0: the running kernel's rule */
};

/* printed - (model + boost) per mark, in pages: 0 on every mark of a zone
 * that matches, a few pages on a stale one. */
struct vt_wm_diff {
	int64_t min, low, high, promo;
	bool has_promo;                 /* both the printout and the model have promo */
};

/* Who set today's vm.min_free_kbytes, as far as the zones tell. */
enum vt_wm_origin {
	VT_WM_ORIGIN_BOOT,              /* the sqrt rule's value: the kernel's own at boot */
	VT_WM_ORIGIN_KHUGEPAGED,        /* khugepaged's: THP is on, or unknown and the value is its */
	VT_WM_ORIGIN_SET,               /* neither: set by hand or by sysctl.d */
};
/* "boot_default", "khugepaged", "set" */
const char *vt_wm_origin_name(enum vt_wm_origin origin);

/* A what-if whose min watermarks hold this share of managed memory or more
 * leaves allocations no room above min: direct reclaim and the OOM killer
 * at once. */
#define VT_WM_MIN_SHARE_WARNING_PCT 50.0

struct vt_wm_zone_report {
	const struct vt_zone *zone;
	struct vt_wm_marks printed;     /* as printed, boost included */
	uint64_t boost;                 /* printed (or inferred) boost, else 0 */
	bool boost_inferred;            /* 5.0-5.15: not printed, read off the offset */
	struct vt_wm_marks model;       /* today's settings, this kernel's rule */
	bool matches;                   /* printed - boost == model on every printed mark */
	struct vt_wm_diff printed_minus_model;
	bool have_protection_model;
	int64_t protection_model[VT_ZONE_MAX];
	bool protection_matches;
	enum vt_wm_state state;
	int64_t headroom_pages;         /* free - low: negative when below low */
	struct vt_wm_marks whatif;      /* valid when the report has a what-if */
};

struct vt_wm_report {
	struct vt_wm_rule rule;
	uint64_t pageblock;             /* pages per pageblock */
	struct vt_wm_params params;
	struct vt_wm_totals totals;
	size_t nzones;
	struct vt_wm_zone_report *zones;
	size_t zones_compared, zones_matching;
	bool stale;                     /* some zone's printout differs from the model */
	bool boost_unrecognisable;      /* 5.0-5.15 hide the boost and no boost factor to spot it */
	bool protection_compared, protection_stale;
	/* min_free_kbytes at boot (sqrt), now (sqrt with today's highs), THP */
	int64_t sqrt_boot_kb, sqrt_now_kb;
	bool have_thp;
	struct vt_wm_thp thp;
	int64_t expected_min_free_kbytes;       /* what the kernel would pick by itself */
	bool min_free_expected;                 /* today's value is that one */
	enum vt_wm_origin min_free_origin;
	/* what-if */
	bool whatif;
	struct vt_wm_rule whatif_rule;
	struct vt_wm_params whatif_params;
	struct vt_wm_totals whatif_totals;
	uint64_t printed_min_sum;       /* today's printed mins, for the share */
	double whatif_min_share_pct;    /* new sum of min / managed, percent */
	double today_min_share_pct;
	bool min_share_warning;         /* whatif_min_share_pct >= VT_WM_MIN_SHARE_WARNING_PCT */
};

void vt_wm_report_release(struct vt_wm_report *report);
int vt_wm_report_build(const struct vt_wm_inputs *in, struct vt_wm_report *out, char **cause);

/* What the model reads (probe/state.h): these sources, and the sysctls
 * vt_wm_want asks for. */
#define VT_WM_SOURCES (VT_STATE_SYSTEM | VT_STATE_ZONEINFO | VT_STATE_SYSCTL | VT_STATE_LOWMEM | \
		       VT_STATE_THP)
/* Asks the state for vm.min_free_kbytes, vm.watermark_scale_factor and
 * vm.watermark_boost_factor. */
void vt_wm_want(struct vt_state *st);
/* Fills `in` from a state collected with VT_WM_SOURCES; `in` points into
 * the state, which must outlive it.  What-if members read "today's".
 * Fails on the first input, in the order the model takes them, that is
 * damaged, or missing where the model needs it: the system identity,
 * zoneinfo and vm.min_free_kbytes always, vm.watermark_scale_factor from
 * 4.6 on; the boost factor (5.0+), lowmem_reserve_ratio and THP may be
 * missing.  The cause is the source's reason. */
int vt_wm_inputs_from_state(const struct vt_state *st, struct vt_wm_inputs *in, char **cause);
/* Inputs that each parse but do not fit together: lowmem_reserve_ratio
 * has one value per zone type (one fewer before 4.15), so fewer than
 * zoneinfo's zones per node is that file's fault; the error names both
 * files under st's root. */
int vt_wm_inputs_check(const struct vt_wm_inputs *in, const struct vt_state *st, char **cause);

/* One line per node for `vmtune status`. */
struct vt_wm_node_summary {
	unsigned node;
	unsigned zones, populated;
	uint64_t managed, free;
	uint64_t min, low, high;        /* sums over the node's zones, as printed */
	enum vt_wm_state worst;         /* the lowest state of a populated zone */
	char worst_zone[16];
};
/* Allocates *out (caller frees).  -EOVERFLOW when a node's sum passes
 * VT_COUNT_MAX (core/strparse.h). */
int vt_wm_summarize(const struct vt_zoneinfo *zi, struct vt_wm_node_summary **out, size_t *count,
		    char **cause);

#endif
