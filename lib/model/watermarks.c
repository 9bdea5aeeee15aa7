#include "config.h"
#include "model/watermarks.h"
#include "core/cause.h"
#include "core/kversion.h"
#include "core/strparse.h"
#include "core/xalloc.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Kernel constants (include/linux/swap.h, mm/page_alloc.c). */
#define VT_SWAP_CLUSTER_MAX 32u
#define VT_MIGRATE_PCPTYPES 3u

/* Versions: kernel-facts §1.3, §2.1, §3; the [inf] ones are inferred from
 * patch dates and noted so. */
void vt_wm_rule_for(uint32_t kernel, struct vt_wm_rule *out)
{
	memset(out, 0, sizeof *out);
	out->kernel = kernel;
	out->scale_factor = kernel >= VT_KERNEL_VERSION(4, 6, 0);      /* 795ae7a0de6b */
	out->boost = kernel >= VT_KERNEL_VERSION(5, 0, 0);             /* 1c30844d2dfe */
	out->promo = kernel >= VT_KERNEL_VERSION(5, 18, 0);            /* c574bbe91703 */
	out->movable_clamped = kernel >= VT_KERNEL_VERSION(6, 6, 0);   /* liuq, 2023 [inf] */
	out->div32 = kernel < VT_KERNEL_VERSION(6, 10, 0);             /* div64_ul [inf] */
	out->sqrt_cap_kb = kernel >= VT_KERNEL_VERSION(5, 7, 0) ? 262144 : 65536;
	/* Joonsoo Kim 2017 "don't reserve ZONE_HIGHMEM for ZONE_MOVABLE request"
	 * [inf 4.15]; Baoquan He 2020 "clear out zone->lowmem_reserve[] if the
	 * zone is empty" [inf 5.9]; Lorenzo Stoakes 2020 refactor 470c61d70299
	 * (5.11), backported as "[PATCH 5.10 297/593]" of 5.10.50's stable
	 * review: Debian 11's 5.10.223 computes the cumulative form (the
	 * qemu510-numa2-16g-movablecore4g trees: Movable, ratio 0, is summed). */
	if (kernel >= VT_KERNEL_VERSION(5, 10, 50))
		out->lowmem_reserve = VT_LR_CUMULATIVE;
	else if (kernel >= VT_KERNEL_VERSION(5, 9, 0))
		out->lowmem_reserve = VT_LR_SKIP;
	else if (kernel >= VT_KERNEL_VERSION(4, 15, 0))
		out->lowmem_reserve = VT_LR_NO_CLEAR;
	else
		out->lowmem_reserve = VT_LR_RATIO_MIN1;
}

const char *vt_wm_rule_describe(const struct vt_wm_rule *rule)
{
	if (!rule->scale_factor)
		return "<= 4.5: low = min + min/4, high = min + min/2";
	if (!rule->promo)
		return "4.6-5.17: gap = max(min/4, managed*wsf/10000), low = min + gap, high = min + 2*gap";
	if (!rule->movable_clamped)
		return "5.18-6.5: gap = max(min/4, managed*wsf/10000), low/high/promo = min + 1/2/3 gaps";
	return "6.6+: as 5.18, and Movable is left out of lowmem and gets min 32..128";
}

/* movable_zone == ZONE_HIGHMEM: some node has a populated HighMem zone.
 * A property of the machine, so worked out once per computation: asked per
 * zone, it made the model quadratic in the number of zones. */
static bool vt_wm_movable_in_highmem(const struct vt_zoneinfo *zi)
{
	for (size_t i = 0; i < zi->nzones; i++)
		if (zi->zones[i].kind == VT_ZONE_HIGHMEM && zi->zones[i].populated)
			return true;
	return false;
}

/* ZONE_HIGHMEM always; ZONE_MOVABLE from 6.6, and before that when it is
 * carved out of highmem (is_highmem_idx). */
static bool vt_wm_clamped(const struct vt_wm_rule *rule, bool movable_in_highmem,
			  const struct vt_zone *z)
{
	if (z->kind == VT_ZONE_HIGHMEM)
		return true;
	if (z->kind != VT_ZONE_MOVABLE)
		return false;
	return rule->movable_clamped || movable_in_highmem;
}

/* mult_frac(x, n, d): (x / d) * n + ((x % d) * n) / d, in x's type. */
static uint64_t vt_mult_frac(uint64_t x, uint64_t n, uint64_t d)
{
	return (x / d) * n + ((x % d) * n) / d;
}

int vt_wm_compute(const struct vt_zoneinfo *zi, const struct vt_wm_rule *rule,
		  const struct vt_wm_params *params, struct vt_wm_marks *out,
		  struct vt_wm_totals *totals, char **cause)
{
	uint64_t pages_min, lowmem = 0, divisor, min_sum = 0, managed_sum = 0;
	bool movable_in_highmem;

	if (params->page_shift < 10 || params->page_shift > 30)
		return vt_cause_set(cause, -EINVAL, "page size 2^%u is not supported", params->page_shift);
	if (params->min_free_kbytes < 0)
		return vt_cause_set(cause, -EINVAL, "min_free_kbytes %lld is negative",
				    (long long)params->min_free_kbytes);
	if (rule->scale_factor && params->watermark_scale_factor < 0)
		return vt_cause_set(cause, -EINVAL, "watermark_scale_factor %lld is negative",
				    (long long)params->watermark_scale_factor);
	movable_in_highmem = !rule->movable_clamped && vt_wm_movable_in_highmem(zi);
	for (size_t i = 0; i < zi->nzones; i++) {
		const struct vt_zone *z = &zi->zones[i];
		char q[VT_TEXT_QUOTE_SIZE];

		if (z->kind == VT_ZONE_OTHER)
			return vt_cause_set(cause, -EINVAL, "node %u: unknown zone type '%s'", z->node,
					    vt_zone_quote(z, q));
		/* lowmem is part of managed_sum: one check covers both. */
		if (!vt_count_add(&managed_sum, z->value[VT_ZF_MANAGED]))
			return vt_cause_set(cause, -EOVERFLOW, "the managed pages of the zones add up%s",
					    vt_count_why(-ERANGE));
		/* Not counted in lowmem_pages: the clamped zones (is_highmem,
		 * and Movable from 6.6). */
		if (!vt_wm_clamped(rule, movable_in_highmem, z))
			lowmem += z->value[VT_ZF_MANAGED];
	}
	/* Sizes in kB (the sqrt default, khugepaged's cap) must fit as well. */
	if (managed_sum > VT_COUNT_MAX >> (params->page_shift - 10))
		return vt_cause_set(cause, -EOVERFLOW, "the zones' %" PRIu64 " managed pages of 2^%u bytes are more "
				    "than %" PRIu64 " kB", managed_sum, params->page_shift, VT_COUNT_MAX);
	if (lowmem == 0)
		return vt_cause_set(cause, -EINVAL, "no managed pages in any lowmem zone: nothing to share min_free_kbytes over");
	/* do_div() takes a 32-bit divisor: above 16 TiB of lowmem the kernel
	 * divided by lowmem_pages mod 2^32. */
	divisor = rule->div32 ? (uint32_t)lowmem : lowmem;
	if (divisor == 0)
		return vt_cause_set(cause, -EDOM, "lowmem_pages %llu is a multiple of 2^32: this kernel's do_div() would divide by zero",
				    (unsigned long long)lowmem);
	pages_min = (uint64_t)params->min_free_kbytes >> (params->page_shift - 10);
	for (size_t i = 0; i < zi->nzones; i++) {
		const struct vt_zone *z = &zi->zones[i];
		uint64_t managed = z->value[VT_ZF_MANAGED];
		uint64_t tmp = pages_min * managed / divisor;   /* u64 wraps as the kernel's does */
		struct vt_wm_marks *m = &out[i];
		bool wrapped;

		memset(m, 0, sizeof *m);
		if (vt_wm_clamped(rule, movable_in_highmem, z)) {
			m->min = managed / 1024;
			if (m->min < VT_SWAP_CLUSTER_MAX)
				m->min = VT_SWAP_CLUSTER_MAX;
			if (m->min > 128)
				m->min = 128;
		} else {
			m->min = tmp;
		}
		if (!rule->scale_factor) {
			m->low = m->min + (tmp >> 2);
			m->high = m->min + (tmp >> 1);
		} else {
			uint64_t gap = vt_mult_frac(managed, (uint64_t)params->watermark_scale_factor, 10000);

			if ((tmp >> 2) > gap)
				gap = tmp >> 2;
			m->low = m->min + gap;
			m->high = m->low + gap;
			if (rule->promo) {
				m->promo = m->high + gap;
				m->has_promo = true;
			}
		}
		/* The kernel's arithmetic wraps where vmtune's must not print:
		 * settings and sizes no kernel has can take the marks past
		 * VT_COUNT_MAX, or around 2^64.  Unwrapped, min <= low <= high
		 * <= promo, so the top one bounds them all. */
		wrapped = m->low < m->min || m->high < m->low || (m->has_promo && m->promo < m->high);
		if (wrapped || (m->has_promo ? m->promo : m->high) > VT_COUNT_MAX || !vt_count_add(&min_sum, m->min)) {
			char q[VT_TEXT_QUOTE_SIZE];

			return vt_cause_set(cause, -EOVERFLOW, "node %u, zone %s: the modelled watermarks pass %" PRIu64
					    " pages (vm.min_free_kbytes %" PRId64 ", vm.watermark_scale_factor %" PRId64
					    ", managed %" PRIu64 ")", z->node, vt_zone_quote(z, q), VT_COUNT_MAX,
					    params->min_free_kbytes, params->watermark_scale_factor, managed);
		}
	}
	if (totals) {
		totals->pages_min = pages_min;
		totals->lowmem_pages = lowmem;
		totals->min_sum = min_sum;
		totals->managed_sum = managed_sum;
	}
	return 0;
}

int vt_wm_protection(const struct vt_zoneinfo *zi, const struct vt_wm_rule *rule,
		     const int64_t *ratio, size_t nratio, int64_t *out, char **cause)
{
	unsigned nz = zi->max_zones;
	size_t start = 0;

	if (nz == 0 || nz > VT_ZONE_MAX)
		return vt_cause_set(cause, -EINVAL, "zoneinfo has no protection lists");
	if (nratio + 1 < nz)
		return vt_cause_set(cause, -EINVAL, "vm.lowmem_reserve_ratio has %zu values, the kernel has %u zones",
				    nratio, nz);
	memset(out, 0, zi->nzones * nz * sizeof *out);
	while (start < zi->nzones) {
		uint64_t managed[VT_ZONE_MAX] = { 0 };
		int64_t res[VT_ZONE_MAX][VT_ZONE_MAX];
		unsigned node = zi->zones[start].node;
		size_t end = start;

		for (; end < zi->nzones && zi->zones[end].node == node; end++)
			managed[zi->zones[end].index] = zi->zones[end].value[VT_ZF_MANAGED];
		memset(res, 0, sizeof res);
		for (unsigned i = 0; i + 1 < nz; i++) {
			int64_t r = ratio[i] < 1 ? 0 : ratio[i];
			bool clear;
			uint64_t sum = 0;

			switch (rule->lowmem_reserve) {
			case VT_LR_RATIO_MIN1:
				if (r == 0)
					r = 1;
				clear = false;
				break;
			case VT_LR_NO_CLEAR:
				clear = r == 0;
				break;
			default:
				clear = r == 0 || managed[i] == 0;
				break;
			}
			for (unsigned j = i + 1; j < nz; j++) {
				uint64_t s;

				sum += managed[j];
				s = sum;
				/* 5.9-5.10 walked down from each upper zone and did
				 * not add the pages of a zone it skipped (ratio 0). */
				if (rule->lowmem_reserve == VT_LR_SKIP)
					for (unsigned k = i + 1; k < j; k++)
						if (ratio[k] < 1 || managed[k] == 0)
							s -= managed[k];
				res[i][j] = clear ? 0 : (int64_t)(s / (uint64_t)r);
			}
		}
		for (size_t z = start; z < end; z++)
			memcpy(&out[z * nz], res[zi->zones[z].index], nz * sizeof *out);
		start = end;
	}
	return 0;
}

uint64_t vt_wm_int_sqrt(uint64_t x)
{
	uint64_t r = 0, bit = (uint64_t)1 << 62;

	while (bit > x)
		bit >>= 2;
	while (bit) {
		if (x >= r + bit) {
			x -= r + bit;
			r = (r >> 1) + bit;
		} else {
			r >>= 1;
		}
		bit >>= 2;
	}
	return r;
}

/* nr_free_buffer_pages(): managed minus high over the zones up to Normal
 * (the GFP_USER zonelist, which in practice covers every node). */
static uint64_t vt_wm_free_buffer_pages(const struct vt_zoneinfo *zi, bool at_boot)
{
	uint64_t sum = 0;

	for (size_t i = 0; i < zi->nzones; i++) {
		const struct vt_zone *z = &zi->zones[i];
		uint64_t managed = z->value[VT_ZF_MANAGED], high = at_boot ? 0 : z->value[VT_ZF_HIGH];

		if (z->kind > VT_ZONE_NORMAL)
			continue;
		/* At most the managed pages, whose sum vt_wm_compute checks;
		 * called alone on larger ones, it stops at the bound. */
		if (managed > high && !vt_count_add(&sum, managed - high))
			return VT_COUNT_MAX;
	}
	return sum;
}

int64_t vt_wm_default_min_free_kbytes(const struct vt_zoneinfo *zi, const struct vt_wm_rule *rule,
				       unsigned page_shift, bool at_boot)
{
	uint64_t pages = vt_wm_free_buffer_pages(zi, at_boot), v;
	unsigned shift = page_shift - 10;

	/* 4 * sqrt(lowmem kB); lowmem beyond 2^60 kB is far past any cap. */
	if (pages > (UINT64_MAX / 16) >> shift)
		v = (uint64_t)rule->sqrt_cap_kb;
	else
		v = vt_wm_int_sqrt((pages << shift) * 16);

	if (v < 128)
		v = 128;
	if (v > (uint64_t)rule->sqrt_cap_kb)
		v = (uint64_t)rule->sqrt_cap_kb;
	return (int64_t)v;
}

uint64_t vt_wm_pageblock_pages(unsigned page_shift, uint64_t hpage_pmd_size)
{
	uint64_t page = (uint64_t)1 << page_shift;

	if (hpage_pmd_size >= page && hpage_pmd_size % page == 0)
		return hpage_pmd_size / page;
	/* A page table page holds page_size / 8 entries: 512 with 4 KiB pages
	 * (2 MiB pageblocks), 8192 with 64 KiB pages (512 MiB). */
	return page / 8;
}

void vt_wm_thp_recommendation(const struct vt_zoneinfo *zi, const struct vt_wm_rule *rule,
			      unsigned page_shift, uint64_t pageblock_pages, struct vt_wm_thp *out)
{
	uint64_t pages;

	(void)rule;
	memset(out, 0, sizeof *out);
	out->pageblock_pages = pageblock_pages;
	for (size_t i = 0; i < zi->nzones; i++)
		if (zi->zones[i].populated && zi->zones[i].kind <= VT_ZONE_NORMAL)
			out->nr_zones++;
	/* two free pageblocks per zone, plus one per migratetype pair; a
	 * product past 2^64 (a pageblock size no kernel has) is capped below */
	if (__builtin_mul_overflow(pageblock_pages, (uint64_t)out->nr_zones *
				   (2 + VT_MIGRATE_PCPTYPES * VT_MIGRATE_PCPTYPES), &out->uncapped_pages))
		out->uncapped_pages = UINT64_MAX;
	out->cap_pages = vt_wm_free_buffer_pages(zi, false) / 20;
	out->capped = out->uncapped_pages > out->cap_pages;
	pages = out->capped ? out->cap_pages : out->uncapped_pages;
	/* In kB this fits once vt_wm_report_build has checked that the
	 * zones' kB do; saturate for a caller that did not. */
	out->recommended_kb = pages > VT_COUNT_MAX >> (page_shift - 10) ? INT64_MAX :
			      (int64_t)(pages << (page_shift - 10));
}

const char *vt_wm_state_name(enum vt_wm_state state)
{
	switch (state) {
	case VT_WM_EMPTY: return "empty";
	case VT_WM_OK: return "above_high";
	case VT_WM_KSWAPD: return "low_to_high";
	case VT_WM_LOW: return "min_to_low";
	case VT_WM_MIN: return "below_min";
	}
	return "?";
}

const char *vt_wm_state_text(enum vt_wm_state state)
{
	switch (state) {
	case VT_WM_EMPTY: return "empty";
	case VT_WM_OK: return "above high";
	case VT_WM_KSWAPD: return "low..high (kswapd awake)";
	case VT_WM_LOW: return "min..low (kswapd woken)";
	case VT_WM_MIN: return "below min (direct reclaim)";
	}
	return "?";
}

/* Against the printed values: they are what the allocator checks, boost
 * included.  A free count equal to the mark fails the kernel's
 * `free <= mark` test, so it belongs to the lower band. */
enum vt_wm_state vt_wm_zone_state(const struct vt_zone *z)
{
	uint64_t free = z->value[VT_ZF_FREE];

	if (z->value[VT_ZF_MANAGED] == 0)
		return VT_WM_EMPTY;
	if (free > z->value[VT_ZF_HIGH])
		return VT_WM_OK;
	if (free > z->value[VT_ZF_LOW])
		return VT_WM_KSWAPD;
	if (free > z->value[VT_ZF_MIN])
		return VT_WM_LOW;
	return VT_WM_MIN;
}

bool vt_wm_boost_plausible(uint64_t offset, uint64_t high, uint64_t managed, int64_t boost_factor,
			   uint64_t pageblock)
{
	uint64_t max_boost;

	if (offset == 0 || boost_factor <= 0 || pageblock == 0 || managed < 4 * pageblock)
		return false;
	/* mult_frac(high, factor, 10000), without overflow. */
	max_boost = high / 10000 * (uint64_t)boost_factor + high % 10000 * (uint64_t)boost_factor / 10000;
	if (max_boost == 0)
		return false;
	if (max_boost < pageblock)
		max_boost = pageblock;
	return offset <= max_boost && (offset % pageblock == 0 || (max_boost - offset) % pageblock == 0);
}

const char *vt_wm_origin_name(enum vt_wm_origin origin)
{
	switch (origin) {
	case VT_WM_ORIGIN_BOOT: return "boot_default";
	case VT_WM_ORIGIN_KHUGEPAGED: return "khugepaged";
	case VT_WM_ORIGIN_SET: return "set";
	}
	return "?";
}

/* Each mark of the model stays below 2^63 and so does each printed one
 * (VT_COUNT_MAX), so the wrapped difference is the signed one. */
static void vt_wm_diff_of(struct vt_wm_zone_report *r)
{
	struct vt_wm_diff *d = &r->printed_minus_model;

	d->min = (int64_t)(r->printed.min - r->model.min - r->boost);
	d->low = (int64_t)(r->printed.low - r->model.low - r->boost);
	d->high = (int64_t)(r->printed.high - r->model.high - r->boost);
	d->has_promo = r->printed.has_promo && r->model.has_promo;
	d->promo = d->has_promo ? (int64_t)(r->printed.promo - r->model.promo - r->boost) : 0;
}

/* The kernel picks the sqrt rule's value at boot, and khugepaged raises it
 * to its own while THP is on.  Equal to neither, a person (or sysctl.d)
 * set it.  With THP's state unknown, khugepaged's value is still a sign. */
static enum vt_wm_origin vt_wm_origin_of(const struct vt_wm_report *r, int thp_enabled)
{
	int64_t today = r->params.min_free_kbytes;

	if (r->min_free_expected)
		return r->have_thp && r->thp.recommended_kb > r->sqrt_boot_kb ? VT_WM_ORIGIN_KHUGEPAGED :
		       VT_WM_ORIGIN_BOOT;
	if (thp_enabled < 0 && r->thp.recommended_kb == today)
		return VT_WM_ORIGIN_KHUGEPAGED;
	return VT_WM_ORIGIN_SET;
}

void vt_wm_report_release(struct vt_wm_report *report)
{
	free(report->zones);
	memset(report, 0, sizeof *report);
}

int vt_wm_report_build(const struct vt_wm_inputs *in, struct vt_wm_report *out, char **cause)
{
	const struct vt_zoneinfo *zi = in->zi;
	struct vt_wm_marks *model, *whatif = NULL;
	int64_t *prot = NULL;
	int err;

	memset(out, 0, sizeof *out);
	vt_wm_rule_for(in->kernel, &out->rule);
	out->pageblock = vt_wm_pageblock_pages(in->page_shift, in->hpage_pmd_size);
	out->params.min_free_kbytes = in->min_free_kbytes;
	out->params.watermark_scale_factor = in->have_wsf ? in->watermark_scale_factor : 10;
	out->params.page_shift = in->page_shift;
	out->nzones = zi->nzones;
	out->zones = vt_xcalloc(zi->nzones ? zi->nzones : 1, sizeof *out->zones);
	model = vt_xcalloc(zi->nzones ? zi->nzones : 1, sizeof *model);
	err = vt_wm_compute(zi, &out->rule, &out->params, model, &out->totals, cause);
	if (err < 0)
		goto done;
	if (in->lowmem_reserve_ratio) {
		prot = vt_xcalloc(zi->nzones * (zi->max_zones ? zi->max_zones : 1), sizeof *prot);
		err = vt_wm_protection(zi, &out->rule, in->lowmem_reserve_ratio, in->nratio, prot, cause);
		if (err < 0)
			goto done;
		out->protection_compared = true;
	}
	if (in->whatif) {
		vt_wm_rule_for(in->new_kernel ? in->new_kernel : in->kernel, &out->whatif_rule);
		out->whatif = true;
		out->whatif_params = out->params;
		if (in->new_min_free_kbytes >= 0)
			out->whatif_params.min_free_kbytes = in->new_min_free_kbytes;
		if (in->new_watermark_scale_factor >= 0)
			out->whatif_params.watermark_scale_factor = in->new_watermark_scale_factor;
		whatif = vt_xcalloc(zi->nzones ? zi->nzones : 1, sizeof *whatif);
		err = vt_wm_compute(zi, &out->whatif_rule, &out->whatif_params, whatif,
				    &out->whatif_totals, cause);
		if (err < 0)
			goto done;
	}
	for (size_t i = 0; i < zi->nzones; i++) {
		const struct vt_zone *z = &zi->zones[i];
		struct vt_wm_zone_report *r = &out->zones[i];
		bool ok;

		r->zone = z;
		r->boost = vt_zone_get(z, VT_ZF_BOOST);
		r->printed.min = z->value[VT_ZF_MIN];
		r->printed.low = z->value[VT_ZF_LOW];
		r->printed.high = z->value[VT_ZF_HIGH];
		r->printed.has_promo = vt_zone_has(z, VT_ZF_PROMO);
		r->printed.promo = vt_zone_get(z, VT_ZF_PROMO);
		r->model = model[i];
		/* Compare without subtracting, so that a printout smaller than
		 * its boost (garbage) cannot wrap into a match. */
		ok = r->printed.min == r->model.min + r->boost &&
		     r->printed.low == r->model.low + r->boost &&
		     r->printed.high == r->model.high + r->boost;
		if (r->printed.has_promo)
			ok = ok && r->model.has_promo && r->printed.promo == r->model.promo + r->boost;
		/* 5.0-5.15 add the boost but do not print it: the same offset
		 * on min, low and high, shaped like a boost, is one. */
		if (!ok && out->rule.boost && !vt_zone_has(z, VT_ZF_BOOST) && !r->printed.has_promo &&
		    in->watermark_boost_factor >= 0 && r->printed.min > r->model.min) {
			uint64_t d = r->printed.min - r->model.min;

			if (r->printed.low == r->model.low + d && r->printed.high == r->model.high + d &&
			    vt_wm_boost_plausible(d, r->model.high, z->value[VT_ZF_MANAGED],
						  in->watermark_boost_factor, out->pageblock)) {
				r->boost = d;
				r->boost_inferred = true;
				ok = true;
			}
		}
		r->matches = ok;
		vt_wm_diff_of(r);
		out->zones_compared++;
		if (ok)
			out->zones_matching++;
		else
			out->stale = true;
		if (prot) {
			r->have_protection_model = true;
			memcpy(r->protection_model, &prot[i * zi->max_zones], zi->max_zones * sizeof *prot);
			r->protection_matches = memcmp(r->protection_model, z->protection,
						       zi->max_zones * sizeof *prot) == 0;
			if (!r->protection_matches)
				out->protection_stale = true;
		}
		r->state = vt_wm_zone_state(z);
		r->headroom_pages = (int64_t)(z->value[VT_ZF_FREE] - z->value[VT_ZF_LOW]);
		if (whatif)
			r->whatif = whatif[i];
		if (!vt_count_add(&out->printed_min_sum, r->printed.min >= r->boost ? r->printed.min - r->boost : 0)) {
			err = vt_cause_set(cause, -EOVERFLOW, "the printed min watermarks add up%s",
					   vt_count_why(-ERANGE));
			goto done;
		}
	}
	out->boost_unrecognisable = out->rule.boost && zi->nzones > 0 && !vt_zone_has(&zi->zones[0], VT_ZF_BOOST) &&
				    in->watermark_boost_factor < 0;
	out->sqrt_boot_kb = vt_wm_default_min_free_kbytes(zi, &out->rule, in->page_shift, true);
	out->sqrt_now_kb = vt_wm_default_min_free_kbytes(zi, &out->rule, in->page_shift, false);
	vt_wm_thp_recommendation(zi, &out->rule, in->page_shift, out->pageblock, &out->thp);
	/* khugepaged raises min_free_kbytes only while THP is enabled; a
	 * kernel without THP (no sysfs file) keeps the sqrt default. */
	out->have_thp = in->thp_enabled == 1;
	out->expected_min_free_kbytes = out->sqrt_boot_kb;
	if (out->have_thp && out->thp.recommended_kb > out->expected_min_free_kbytes)
		out->expected_min_free_kbytes = out->thp.recommended_kb;
	out->min_free_expected = out->expected_min_free_kbytes == out->params.min_free_kbytes;
	out->min_free_origin = vt_wm_origin_of(out, in->thp_enabled);
	if (out->totals.managed_sum > 0) {
		out->today_min_share_pct = 100.0 * (double)out->printed_min_sum / (double)out->totals.managed_sum;
		if (out->whatif)
			out->whatif_min_share_pct = 100.0 * (double)out->whatif_totals.min_sum /
						    (double)out->totals.managed_sum;
	}
	out->min_share_warning = out->whatif && out->whatif_min_share_pct >= VT_WM_MIN_SHARE_WARNING_PCT;
done:
	free(model);
	free(whatif);
	free(prot);
	if (err < 0)
		vt_wm_report_release(out);
	return err;
}

int vt_wm_summarize(const struct vt_zoneinfo *zi, struct vt_wm_node_summary **out, size_t *count,
		    char **cause)
{
	struct vt_wm_node_summary *s = NULL;
	size_t n = 0, cap = 0;

	*out = NULL;
	*count = 0;
	for (size_t i = 0; i < zi->nzones; i++) {
		const struct vt_zone *z = &zi->zones[i];
		struct vt_wm_node_summary *cur;
		enum vt_wm_state st;

		if (n == 0 || s[n - 1].node != z->node) {
			if (n == cap) {
				cap = cap ? cap * 2 : 4;
				s = vt_xreallocarray(s, cap, sizeof *s);
			}
			cur = &s[n++];
			memset(cur, 0, sizeof *cur);
			cur->node = z->node;
			cur->worst = VT_WM_EMPTY;
		}
		cur = &s[n - 1];
		cur->zones++;
		if (z->populated)
			cur->populated++;
		/* Each count fits; their sum need not (a hostile file): a
		 * wrapped sum would read as a small node, above its high mark. */
		if (!vt_count_add(&cur->managed, z->value[VT_ZF_MANAGED]) ||
		    !vt_count_add(&cur->free, z->value[VT_ZF_FREE]) ||
		    !vt_count_add(&cur->min, z->value[VT_ZF_MIN]) ||
		    !vt_count_add(&cur->low, z->value[VT_ZF_LOW]) ||
		    !vt_count_add(&cur->high, z->value[VT_ZF_HIGH])) {
			free(s);
			return vt_cause_set(cause, -EOVERFLOW, "node %u: the page counts of its zones add up%s",
					    z->node, vt_count_why(-ERANGE));
		}
		st = vt_wm_zone_state(z);
		if (st != VT_WM_EMPTY && (cur->worst == VT_WM_EMPTY || st > cur->worst)) {
			cur->worst = st;
			snprintf(cur->worst_zone, sizeof cur->worst_zone, "%s", z->name);
		}
	}
	*out = s;
	*count = n;
	return 0;
}

void vt_wm_want(struct vt_state *st)
{
	vt_state_want_sysctl(st, "vm.min_free_kbytes");
	vt_state_want_sysctl(st, "vm.watermark_scale_factor");
	vt_state_want_sysctl(st, "vm.watermark_boost_factor");
}

/* A source the model cannot do without: its own reason, or a caller that
 * did not collect it. */
static int vt_wm_input_missing(const struct vt_state_source *s, const char *what, char **cause)
{
	if (s == NULL || s->avail == VT_AVAIL_UNREAD)
		return vt_cause_set(cause, -EINVAL, "%s was not collected", what);
	return vt_cause_set(cause, s->err, "%s", s->reason);
}

/* The source of sysctl `name`, NULL when it was not asked for. */
static const struct vt_state_source *vt_wm_sysctl(const struct vt_state *st, const char *name,
						   int64_t *value)
{
	const struct vt_state_sysctl *k = vt_state_sysctl(st, name);

	if (k == NULL)
		return NULL;
	*value = k->value;
	return &k->src;
}

int vt_wm_inputs_from_state(const struct vt_state *st, struct vt_wm_inputs *in, char **cause)
{
	const struct vt_state_source *mfk, *wsf, *boost;
	const struct vt_state_source *lowmem = &st->src[VT_STATE_SRC_LOWMEM], *thp = &st->src[VT_STATE_SRC_THP];
	int64_t boost_factor = -1;

	memset(in, 0, sizeof *in);
	in->new_min_free_kbytes = -1;
	in->new_watermark_scale_factor = -1;
	if (!vt_state_has(st, VT_STATE_SRC_SYSTEM))
		return vt_wm_input_missing(&st->src[VT_STATE_SRC_SYSTEM], "the kernel release", cause);
	in->kernel = st->system.kernel.code;
	in->page_shift = st->system.page_shift;
	if (!vt_state_has(st, VT_STATE_SRC_ZONEINFO))
		return vt_wm_input_missing(&st->src[VT_STATE_SRC_ZONEINFO], "zoneinfo", cause);
	in->zi = &st->numa.zoneinfo;
	mfk = vt_wm_sysctl(st, "vm.min_free_kbytes", &in->min_free_kbytes);
	if (mfk == NULL || mfk->avail != VT_AVAIL_PRESENT)
		return vt_wm_input_missing(mfk, "vm.min_free_kbytes", cause);
	/* Missing is normal before 4.6, an error after. */
	wsf = vt_wm_sysctl(st, "vm.watermark_scale_factor", &in->watermark_scale_factor);
	in->have_wsf = wsf != NULL && wsf->avail == VT_AVAIL_PRESENT;
	if (!in->have_wsf && (wsf == NULL || wsf->avail != VT_AVAIL_ABSENT ||
			      in->kernel >= VT_KERNEL_VERSION(4, 6, 0)))
		return vt_wm_input_missing(wsf, "vm.watermark_scale_factor", cause);
	if (!in->have_wsf)
		in->watermark_scale_factor = 0;
	/* Needed only to recognise a boost that 5.0-5.15 do not print:
	 * missing before 5.0. */
	boost = vt_wm_sysctl(st, "vm.watermark_boost_factor", &boost_factor);
	if (boost == NULL || boost->avail == VT_AVAIL_ERROR || boost->avail == VT_AVAIL_UNREAD)
		return vt_wm_input_missing(boost, "vm.watermark_boost_factor", cause);
	in->watermark_boost_factor = boost->avail == VT_AVAIL_PRESENT ? boost_factor : -1;
	if (lowmem->avail == VT_AVAIL_ERROR || lowmem->avail == VT_AVAIL_UNREAD)
		return vt_wm_input_missing(lowmem, "vm.lowmem_reserve_ratio", cause);
	if (lowmem->avail == VT_AVAIL_PRESENT) {
		in->lowmem_reserve_ratio = st->lowmem_reserve_ratio;
		in->nratio = st->nlowmem;
	}
	if (thp->avail == VT_AVAIL_ERROR || thp->avail == VT_AVAIL_UNREAD)
		return vt_wm_input_missing(thp, "transparent hugepages", cause);
	/* 1 when khugepaged runs (always or madvise), 0 never, -1 unknown. */
	in->thp_enabled = !st->thp.has_enabled || st->thp.enabled == VT_THP_OTHER ? -1 :
			  st->thp.enabled != VT_THP_NEVER;
	in->hpage_pmd_size = st->thp.has_pmd_size ? st->thp.hpage_pmd_size : 0;
	return 0;
}

int vt_wm_inputs_check(const struct vt_wm_inputs *in, const struct vt_state *st, char **cause)
{
	char *shown, *zshown;

	if (in->lowmem_reserve_ratio == NULL || in->nratio + 1 >= in->zi->max_zones)
		return 0;
	shown = vt_root_display(st->root, "proc/sys/vm/lowmem_reserve_ratio");
	zshown = vt_root_display(st->root, "proc/zoneinfo");
	vt_cause_set(cause, -EINVAL, "%s: %zu value%s, but %s has %u zones per node", shown, in->nratio,
		     in->nratio == 1 ? "" : "s", zshown, in->zi->max_zones);
	free(zshown);
	free(shown);
	return -EINVAL;
}
