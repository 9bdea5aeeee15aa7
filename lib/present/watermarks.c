#include "config.h"
#include "core/schema.h"
#include "present/watermarks.h"
#include "present/format.h"

#include <inttypes.h>
#include <string.h>

/* A page count as MiB (one decimal) or as pages, right-aligned in `width`. */
static void vt_wm_amount(FILE *out, const struct vt_wm_view *v, int width, uint64_t pages)
{
	if (v->pages)
		fprintf(out, "%*" PRIu64, width, pages);
	else
		fprintf(out, "%*.1f", width, (double)pages * (double)v->page_size / 1048576.0);
}

static void vt_wm_delta(FILE *out, const struct vt_wm_view *v, int width, uint64_t from, uint64_t to)
{
	int64_t d = (int64_t)(to - from);

	if (v->pages)
		fprintf(out, "%+*" PRId64, width, d);
	else
		fprintf(out, "%+*.1f", width, (double)d * (double)v->page_size / 1048576.0);
}

static const char *vt_wm_unit(const struct vt_wm_view *v)
{
	return v->pages ? "pages" : "MiB";
}

static void vt_wm_print_whatif(FILE *out, const struct vt_wm_view *v)
{
	const struct vt_wm_report *r = v->report;
	static const char *const names[] = { "min", "low", "high", "promo" };
	char total[32], today[32], fresh[32], release[VT_TEXT_ESCAPED_SIZE(sizeof v->whatif_kernel)];

	fprintf(out, "\nWhat if: vm.min_free_kbytes %" PRId64 " -> %" PRId64 " kB",
		r->params.min_free_kbytes, r->whatif_params.min_free_kbytes);
	if (r->whatif_rule.scale_factor && v->in->have_wsf)
		fprintf(out, ", vm.watermark_scale_factor %" PRId64 " -> %" PRId64,
			r->params.watermark_scale_factor, r->whatif_params.watermark_scale_factor);
	else if (r->whatif_rule.scale_factor)
		fprintf(out, ", vm.watermark_scale_factor (none on this kernel) -> %" PRId64,
			r->whatif_params.watermark_scale_factor);
	fprintf(out, "\n         rule of kernel %s: %s\n",
		vt_show(release, sizeof release, v->whatif_kernel[0] ? v->whatif_kernel : v->release),
		vt_wm_rule_describe(&r->whatif_rule));
	fprintf(out, "  %-24s %11s %11s %11s  (%s; today = as printed)\n", "", "today", "new", "delta",
		vt_wm_unit(v));
	for (size_t i = 0; i < r->nzones; i++) {
		const struct vt_wm_zone_report *z = &r->zones[i];
		const uint64_t now[] = { z->printed.min, z->printed.low, z->printed.high, z->printed.promo };
		const uint64_t next[] = { z->whatif.min, z->whatif.low, z->whatif.high, z->whatif.promo };
		char zone[VT_TEXT_ESCAPED_SIZE(sizeof z->zone->name)];

		if (z->zone->value[VT_ZF_MANAGED] == 0)
			continue;
		vt_format_pages(z->zone->value[VT_ZF_MANAGED], v->page_size, total, sizeof total);
		fprintf(out, "  node %u, zone %s (managed %s)\n", z->zone->node,
			vt_show(zone, sizeof zone, z->zone->name), total);
		for (size_t k = 0; k < 4; k++) {
			bool have_now = k < 3 || z->printed.has_promo, have_new = k < 3 || z->whatif.has_promo;

			if (!have_now && !have_new)
				continue;
			fprintf(out, "    %-22s ", names[k]);
			if (have_now)
				vt_wm_amount(out, v, 11, now[k]);
			else
				fprintf(out, "%11s", "-");
			fputc(' ', out);
			if (have_new)
				vt_wm_amount(out, v, 11, next[k]);
			else
				fprintf(out, "%11s", "-");
			if (have_now && have_new) {
				fputc(' ', out);
				vt_wm_delta(out, v, 11, now[k], next[k]);
			}
			fputc('\n', out);
		}
	}
	vt_format_pages(r->printed_min_sum, v->page_size, today, sizeof today);
	vt_format_pages(r->whatif_totals.min_sum, v->page_size, fresh, sizeof fresh);
	vt_format_pages(r->totals.managed_sum, v->page_size, total, sizeof total);
	fprintf(out, "The new min watermarks reserve %s = %.2f%% of the %s managed (today %s = %.2f%%).\n",
		fresh, r->whatif_min_share_pct, total, today, r->today_min_share_pct);
	if (r->min_share_warning)
		fputs("Warning: with that much memory below min, allocations would fall into direct reclaim "
		      "and the OOM killer at once.\n", out);
}

void vt_wm_print_text(const struct vt_out *o, const struct vt_wm_view *v)
{
	FILE *out = o->stream;

	const struct vt_wm_report *r = v->report;
	unsigned node = ~0u;
	size_t prot_bad = 0;
	char release[VT_TEXT_ESCAPED_SIZE(128)];

	fprintf(out, "Kernel      %s, page size %lu\n", vt_show(release, sizeof release, v->release), v->page_size);
	fprintf(out, "Rule        %s\n", vt_wm_rule_describe(&r->rule));
	fprintf(out, "Settings    vm.min_free_kbytes %" PRId64 " kB (%" PRIu64 " pages over %" PRIu64
		" lowmem pages)", r->params.min_free_kbytes, r->totals.pages_min, r->totals.lowmem_pages);
	if (!r->rule.scale_factor)
		fputs(", no vm.watermark_scale_factor before 4.6\n", out);
	else
		fprintf(out, ", vm.watermark_scale_factor %" PRId64 "\n", r->params.watermark_scale_factor);
	if (v->knobs_from != NULL)
		fprintf(out, "            knob values from %s (sosreport)\n", v->knobs_from);
	for (size_t i = 0; i < r->nzones; i++) {
		const struct vt_wm_zone_report *z = &r->zones[i];
		const struct vt_zone *zn = z->zone;
		char zone[VT_TEXT_ESCAPED_SIZE(sizeof zn->name)];

		if (zn->node != node) {
			node = zn->node;
			fprintf(out, "\nNode %u (%s)\n", node, vt_wm_unit(v));
			fprintf(out, "  %-8s %9s %9s %9s %9s %9s %9s  %-7s %9s  %s\n", "zone", "managed", "free",
				"min", "low", "high", "promo", "model", "headroom", "state");
		}
		fprintf(out, "  %-8s ", vt_show(zone, sizeof zone, zn->name));
		vt_wm_amount(out, v, 9, zn->value[VT_ZF_MANAGED]);
		fputc(' ', out);
		vt_wm_amount(out, v, 9, zn->value[VT_ZF_FREE]);
		fputc(' ', out);
		vt_wm_amount(out, v, 9, z->printed.min);
		fputc(' ', out);
		vt_wm_amount(out, v, 9, z->printed.low);
		fputc(' ', out);
		vt_wm_amount(out, v, 9, z->printed.high);
		fputc(' ', out);
		if (z->printed.has_promo)
			vt_wm_amount(out, v, 9, z->printed.promo);
		else
			fprintf(out, "%9s", "-");
		fprintf(out, "  %-7s ", z->matches ? "exact" : "differs");
		if (z->state == VT_WM_EMPTY)
			fprintf(out, "%9s", "-");
		else if (v->pages)
			fprintf(out, "%+9" PRId64, z->headroom_pages);
		else
			fprintf(out, "%+9.1f", (double)z->headroom_pages * (double)v->page_size / 1048576.0);
		fprintf(out, "  %s\n", vt_wm_state_text(z->state));
		if (!z->matches) {
			/* In pages: a stale printout is off by a few pages, which
			 * MiB would hide. */
			fprintf(out, "    model (pages): min %" PRIu64 ", low %" PRIu64 ", high %" PRIu64,
				z->model.min + z->boost, z->model.low + z->boost, z->model.high + z->boost);
			if (z->model.has_promo)
				fprintf(out, ", promo %" PRIu64, z->model.promo + z->boost);
			fprintf(out, "; printed - model: %+" PRId64 "/%+" PRId64 "/%+" PRId64 "\n",
				z->printed_minus_model.min, z->printed_minus_model.low,
				z->printed_minus_model.high);
		}
		if (z->boost_inferred)
			fprintf(out, "    boosted by %" PRIu64 " pages: printed - model is the same on min, low and high,\n"
				"    a watermark_boost this kernel adds without printing it (5.0-5.15)\n", z->boost);
		if (z->have_protection_model && !z->protection_matches)
			prot_bad++;
	}
	fputs("\n", out);
	fputs("Headroom is free minus low: what can be allocated before kswapd is woken.\n", out);
	if (r->stale) {
		fprintf(out, "Stale: the printed watermarks differ from the model on %zu of %zu zones.  The kernel\n"
			"  computed them at its last recomputation (boot, khugepaged start, hotplug, or a write of\n"
			"  vm.min_free_kbytes or vm.watermark_scale_factor); managed pages changed since.  Writing\n"
			"  the same value again refreshes them: sysctl -w vm.min_free_kbytes=%" PRId64 "\n",
			r->zones_compared - r->zones_matching, r->zones_compared, r->params.min_free_kbytes);
		if (r->boost_unrecognisable)
			fputs("  This kernel adds watermark_boost without printing it, and vm.watermark_boost_factor\n"
			      "  is not available to recognise one: a transient boost can also raise min/low/high.\n", out);
	} else {
		fprintf(out, "The printed watermarks equal the model on all %zu zones.\n", r->zones_compared);
	}
	if (!r->protection_compared)
		fputs("Protection: not available (no vm.lowmem_reserve_ratio).\n", out);
	else if (prot_bad == 0)
		fputs("Protection (lowmem_reserve) arrays equal the model on every zone.\n", out);
	else
		fprintf(out, "Protection arrays differ from the model on %zu zones: the kernel recomputes them only at\n"
			"  boot, on hotplug and on writes of vm.lowmem_reserve_ratio.\n", prot_bad);
	fprintf(out, "Default min_free_kbytes: %" PRId64 " kB by the sqrt rule (today's lowmem)", r->sqrt_boot_kb);
	if (r->have_thp)
		fprintf(out, ", %" PRId64 " kB by khugepaged (%" PRIu64 "-page pageblocks x 11 x %u zones%s)",
			r->thp.recommended_kb, r->thp.pageblock_pages, r->thp.nr_zones,
			r->thp.capped ? ", capped at 5% of lowmem" : "");
	else if (v->in->thp_enabled < 0)
		fprintf(out, ", %" PRId64 " kB by khugepaged if THP is on (no THP state in this tree)",
			r->thp.recommended_kb);
	fprintf(out, ";\n  the kernel would choose %" PRId64 " kB, today %" PRId64 " kB%s.\n",
		r->expected_min_free_kbytes, r->params.min_free_kbytes,
		r->min_free_expected ? "" : r->min_free_origin == VT_WM_ORIGIN_KHUGEPAGED ?
		" (khugepaged's value)" : " (set by hand or sysctl.d)");
	if (r->whatif)
		vt_wm_print_whatif(out, v);
}

static json_t *vt_wm_marks_json(const struct vt_wm_marks *m)
{
	return json_pack("{s:o, s:o, s:o, s:o}", "min", vt_json_count(m->min), "low", vt_json_count(m->low),
			 "high", vt_json_count(m->high), "promo", m->has_promo ? vt_json_count(m->promo) : json_null());
}

static json_t *vt_wm_i64_array(const int64_t *v, size_t n)
{
	json_t *a = json_array();
	int err = 0;

	for (size_t i = 0; i < n; i++)
		err |= json_array_append_new(a, json_integer((json_int_t)v[i]));
	return vt_json_done(a, err);
}

/* to - from: a signed difference of two counts, which the model keeps
 * below 2^63 (so it fits however the two compare). */
static json_t *vt_wm_diff(uint64_t from, uint64_t to)
{
	return json_integer(to >= from ? (json_int_t)(to - from) : -(json_int_t)(from - to));
}

static json_t *vt_wm_delta_json(const struct vt_wm_marks *from, const struct vt_wm_marks *to)
{
	return json_pack("{s:o, s:o, s:o, s:o}",
			 "min", vt_wm_diff(from->min, to->min), "low", vt_wm_diff(from->low, to->low),
			 "high", vt_wm_diff(from->high, to->high),
			 "promo", from->has_promo && to->has_promo ? vt_wm_diff(from->promo, to->promo) : json_null());
}

static json_t *vt_wm_diff_json(const struct vt_wm_diff *d)
{
	return json_pack("{s:I, s:I, s:I, s:o}", "min", (json_int_t)d->min, "low", (json_int_t)d->low,
			 "high", (json_int_t)d->high,
			 "promo", d->has_promo ? json_integer((json_int_t)d->promo) : json_null());
}

static json_t *vt_wm_zone_json(const struct vt_wm_zone_report *z, unsigned max_zones)
{
	const struct vt_zone *zn = z->zone;
	json_t *o = json_object(), *prot = json_object();
	int err = 0, perr = 0;

	err |= json_object_set_new(o, "node", json_integer(zn->node));
	err |= json_object_set_new(o, "zone", vt_json_text(zn->name));
	err |= json_object_set_new(o, "index", json_integer(zn->index));
	err |= json_object_set_new(o, "managed", vt_json_count(zn->value[VT_ZF_MANAGED]));
	err |= json_object_set_new(o, "present", vt_json_count(zn->value[VT_ZF_PRESENT]));
	err |= json_object_set_new(o, "spanned", vt_json_count(zn->value[VT_ZF_SPANNED]));
	err |= json_object_set_new(o, "free", vt_json_count(zn->value[VT_ZF_FREE]));
	err |= json_object_set_new(o, "boost", vt_zone_has(zn, VT_ZF_BOOST) || z->boost_inferred ?
				   vt_json_count(z->boost) : json_null());
	err |= json_object_set_new(o, "boost_inferred", json_boolean(z->boost_inferred));
	err |= json_object_set_new(o, "printed", vt_wm_marks_json(&z->printed));
	err |= json_object_set_new(o, "model", vt_wm_marks_json(&z->model));
	err |= json_object_set_new(o, "matches", json_boolean(z->matches));
	err |= json_object_set_new(o, "printed_minus_model", vt_wm_diff_json(&z->printed_minus_model));
	perr |= json_object_set_new(prot, "printed", vt_wm_i64_array(zn->protection, max_zones));
	perr |= json_object_set_new(prot, "model", z->have_protection_model ?
				    vt_wm_i64_array(z->protection_model, max_zones) : json_null());
	perr |= json_object_set_new(prot, "matches", z->have_protection_model ?
				    json_boolean(z->protection_matches) : json_null());
	err |= json_object_set_new(o, "protection", vt_json_done(prot, perr));
	err |= json_object_set_new(o, "state", json_string(vt_wm_state_name(z->state)));
	err |= json_object_set_new(o, "headroom_pages", z->state == VT_WM_EMPTY ? json_null() :
				   json_integer((json_int_t)z->headroom_pages));
	return vt_json_done(o, err);
}

static json_t *vt_wm_whatif_json(const struct vt_wm_view *v)
{
	const struct vt_wm_report *r = v->report;
	json_t *whatif = json_object(), *wz = json_array();
	int err = 0, zerr = 0;

	err |= json_object_set_new(whatif, "min_free_kbytes", json_integer((json_int_t)r->whatif_params.min_free_kbytes));
	err |= json_object_set_new(whatif, "watermark_scale_factor", r->whatif_rule.scale_factor ?
				   json_integer((json_int_t)r->whatif_params.watermark_scale_factor) : json_null());
	err |= json_object_set_new(whatif, "kernel", vt_json_text(v->whatif_kernel[0] ? v->whatif_kernel : v->release));
	err |= json_object_set_new(whatif, "rule", json_string(vt_wm_rule_describe(&r->whatif_rule)));
	for (size_t i = 0; i < r->nzones; i++) {
		const struct vt_wm_zone_report *z = &r->zones[i];

		zerr |= json_array_append_new(wz, json_pack("{s:i, s:o, s:o, s:o, s:o}",
			"node", (int)z->zone->node, "zone", vt_json_text(z->zone->name),
			"today", vt_wm_marks_json(&z->printed), "new", vt_wm_marks_json(&z->whatif),
			"delta", vt_wm_delta_json(&z->printed, &z->whatif)));
	}
	err |= json_object_set_new(whatif, "zones", vt_json_done(wz, zerr));
	err |= json_object_set_new(whatif, "min_pages_today", vt_json_count(r->printed_min_sum));
	err |= json_object_set_new(whatif, "min_pages_new", vt_json_count(r->whatif_totals.min_sum));
	err |= json_object_set_new(whatif, "min_share_today_pct", json_real(r->today_min_share_pct));
	err |= json_object_set_new(whatif, "min_share_new_pct", json_real(r->whatif_min_share_pct));
	err |= json_object_set_new(whatif, "min_share_warning", json_boolean(r->min_share_warning));
	return vt_json_done(whatif, err);
}

json_t *vt_wm_to_json(const struct vt_wm_view *v)
{
	const struct vt_wm_report *r = v->report;
	const struct vt_wm_inputs *in = v->in;
	json_t *root = json_object(), *zones = json_array(), *settings = json_object(), *defaults;
	int err = 0, serr = 0, zerr = 0, derr = 0;

	err |= json_object_set_new(root, "schema_version", json_integer(vt_schema_version(VT_DOC_WATERMARKS)));
	err |= json_object_set_new(root, "kernel", json_pack("{s:o, s:s}", "release", vt_json_text(v->release),
							     "rule", vt_wm_rule_describe(&r->rule)));
	err |= json_object_set_new(root, "page_size", json_integer((json_int_t)v->page_size));
	serr |= json_object_set_new(settings, "min_free_kbytes", json_integer((json_int_t)in->min_free_kbytes));
	serr |= json_object_set_new(settings, "watermark_scale_factor", in->have_wsf ?
				    json_integer((json_int_t)in->watermark_scale_factor) : json_null());
	serr |= json_object_set_new(settings, "lowmem_reserve_ratio", in->lowmem_reserve_ratio ?
				    vt_wm_i64_array(in->lowmem_reserve_ratio, in->nratio) : json_null());
	err |= json_object_set_new(root, "settings", vt_json_done(settings, serr));
	err |= json_object_set_new(root, "totals", json_pack("{s:o, s:o, s:o, s:o}",
		"pages_min", vt_json_count(r->totals.pages_min), "lowmem_pages", vt_json_count(r->totals.lowmem_pages),
		"managed_pages", vt_json_count(r->totals.managed_sum), "model_min_pages", vt_json_count(r->totals.min_sum)));
	for (size_t i = 0; i < r->nzones; i++)
		zerr |= json_array_append_new(zones, vt_wm_zone_json(&r->zones[i], in->zi->max_zones));
	err |= json_object_set_new(root, "zones", vt_json_done(zones, zerr));
	err |= json_object_set_new(root, "stale", json_boolean(r->stale));
	err |= json_object_set_new(root, "zones_compared", json_integer((json_int_t)r->zones_compared));
	err |= json_object_set_new(root, "zones_matching", json_integer((json_int_t)r->zones_matching));
	err |= json_object_set_new(root, "protection_stale", r->protection_compared ?
				   json_boolean(r->protection_stale) : json_null());
	defaults = json_pack("{s:I, s:I, s:I}", "sqrt_kb", (json_int_t)r->sqrt_boot_kb,
			     "sqrt_now_kb", (json_int_t)r->sqrt_now_kb,
			     "expected_kb", (json_int_t)r->expected_min_free_kbytes);
	derr |= json_object_set_new(defaults, "khugepaged", r->have_thp ? json_pack("{s:o, s:i, s:I, s:b}",
		"pageblock_pages", vt_json_count(r->thp.pageblock_pages), "zones", (int)r->thp.nr_zones,
		"recommended_kb", (json_int_t)r->thp.recommended_kb, "capped", r->thp.capped) : json_null());
	err |= json_object_set_new(root, "min_free_kbytes_defaults", vt_json_done(defaults, derr));
	err |= json_object_set_new(root, "min_free_origin", json_string(vt_wm_origin_name(r->min_free_origin)));
	err |= json_object_set_new(root, "what_if", r->whatif ? vt_wm_whatif_json(v) : json_null());
	return vt_json_done(root, err);
}
