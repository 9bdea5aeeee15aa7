#include "config.h"
#include "present/recommend.h"
#include "present/provenance.h"
#include "core/schema.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

static void vt_rec_value(char *buf, size_t size, bool known, int64_t v)
{
	if (known)
		snprintf(buf, size, "%" PRId64, v);
	else
		snprintf(buf, size, "-");
}

static void vt_print_evidence(FILE *out, const struct vt_recommendation *rec)
{
	if (rec->nevidence == 0)
		return;
	fputs("  evidence:", out);
	for (size_t i = 0; i < rec->nevidence; i++) {
		const struct vt_evidence *e = &rec->evidence[i];

		fprintf(out, "%s %s ", i ? "," : "", e->name);
		if (e->integer)
			fprintf(out, "%.0f", e->value);
		else
			fprintf(out, "%.2f", e->value);
		fprintf(out, "%s%s (%s)", e->unit[0] && e->unit[0] != '/' && e->unit[0] != '%' ? " " : "",
			e->unit, e->source);
	}
	fputc('\n', out);
}

/* MiB with one decimal, from pages. */
static double vt_mib(uint64_t pages, unsigned page_shift)
{
	return ldexp((double)pages, (int)page_shift - 20);
}

static void vt_print_zones(FILE *out, const struct vt_recommendation *rec, unsigned page_shift)
{
	if (rec->nzones == 0)
		return;
	fprintf(out, "  effect of %s=%" PRId64 " per zone, MiB min/low/high: now -> proposed\n",
		rec->knob->name, rec->recommended);
	for (size_t i = 0; i < rec->nzones; i++) {
		const struct vt_zone_effect *z = &rec->zones[i];

		fprintf(out, "    node %-3u %-8s %9.1f managed  %7.1f/%7.1f/%7.1f -> %7.1f/%7.1f/%7.1f\n",
			z->node, z->zone, vt_mib(z->managed, page_shift),
			vt_mib(z->now.min, page_shift), vt_mib(z->now.low, page_shift),
			vt_mib(z->now.high, page_shift), vt_mib(z->proposed.min, page_shift),
			vt_mib(z->proposed.low, page_shift), vt_mib(z->proposed.high, page_shift));
	}
	fprintf(out, "  memory below min: %.2f %% now, %.2f %% proposed\n", rec->reserve_share_now_pct,
		rec->reserve_share_pct);
}

void vt_recommend_print_text(const struct vt_out *o, const struct vt_advice *a, unsigned page_shift,
			     bool explain)
{
	FILE *out = o->stream;
	size_t kept = 0, na = 0;

	for (size_t i = 0; i < a->nrecs; i++) {
		kept += a->recs[i].action == VT_ACTION_KEEP;
		na += a->recs[i].action == VT_ACTION_NOT_APPLICABLE;
	}
	fprintf(out, "Workload    %s\n", vt_workload_name(a->workload));
	fprintf(out, "Evidence    %s (%s)\n", a->basis_source, vt_basis_name(a->basis));
	if (strcmp(a->knob_source, "proc/sys") != 0)
		fprintf(out, "Knobs       knob values from %s (sosreport)\n", a->knob_source);
	fprintf(out, "Advice      %zu change%s, %zu kept, %zu not applicable, %zu waived\n\n", a->changes,
		a->changes == 1 ? "" : "s", kept, na, a->waived);
	fprintf(out, "  %-27s %9s %9s  %-14s %-8s %-10s %s\n", "knob", "now", "advice", "action",
		"severity", "confidence", "id");
	for (size_t i = 0; i < a->nrecs; i++) {
		const struct vt_recommendation *r = &a->recs[i];
		char now[24], advice[24];

		vt_rec_value(now, sizeof now, r->current_known, r->current);
		vt_rec_value(advice, sizeof advice, r->action != VT_ACTION_NOT_APPLICABLE,
			     r->recommended);
		if (r->action != VT_ACTION_NOT_APPLICABLE && r->floor)
			strncat(advice, "+", sizeof advice - strlen(advice) - 1);
		fprintf(out, "  %-27s %9s %9s  %-14s %-8s %-10s %s\n", r->knob ? r->knob->name : "?", now,
			advice, r->waived ? "waived" : r->action == VT_ACTION_NOT_APPLICABLE ?
			"not applicable" : vt_action_name(r->action), vt_severity_name(r->severity),
			vt_confidence_name(r->confidence), r->id);
	}
	for (size_t i = 0; i < a->nrecs; i++) {
		const struct vt_recommendation *r = &a->recs[i];

		fprintf(out, "\n%s %s: %s\n", r->id, r->knob ? r->knob->name : "?", r->reason);
		if (r->waived)
			fprintf(out, "  waived%s%s: %s\n", r->waiver_expires[0] ? " until " : "",
				r->waiver_expires, r->waiver_reason);
		else if (r->waiver_expired)
			fprintf(out, "  waiver expired on %s (%s): it no longer applies\n", r->waiver_expires,
				r->waiver_reason);
		vt_print_evidence(out, r);
		if (r->risk[0])
			fprintf(out, "  risk: %s\n", r->risk);
		vt_print_zones(out, r, page_shift);
		if (explain) {
			if (r->explanation[0])
				fprintf(out, "  why: %s\n", r->explanation);
			fprintf(out, "  sources: %s\n", r->sources);
		}
	}
	if (a->nrecs > 0 && !explain)
		fputs("\n(--explain adds the reasoning and the sources of each rule)\n", out);
}

static json_t *vt_rec_json(const struct vt_recommendation *r, unsigned page_shift)
{
	json_t *o = json_object(), *ev = json_array(), *zones;
	int err = 0, eerr = 0, zerr = 0;

	for (size_t i = 0; i < r->nevidence; i++) {
		const struct vt_evidence *e = &r->evidence[i];

		eerr |= json_array_append_new(ev, json_pack("{s:s, s:o, s:s, s:s}", "name", e->name,
			"value", e->integer ? json_integer((json_int_t)llround(e->value)) : json_real(e->value),
			"unit", e->unit, "source", e->source));
	}
	if (r->nzones > 0) {
		zones = json_array();
		for (size_t i = 0; i < r->nzones; i++) {
			const struct vt_zone_effect *z = &r->zones[i];

			zerr |= json_array_append_new(zones, json_pack(
				"{s:i, s:s, s:I, s:{s:I, s:I, s:I}, s:{s:I, s:I, s:I}}",
				"node", (int)z->node, "zone", z->zone, "managed_pages", (json_int_t)z->managed,
				"now", "min_pages", (json_int_t)z->now.min, "low_pages", (json_int_t)z->now.low,
				"high_pages", (json_int_t)z->now.high,
				"proposed", "min_pages", (json_int_t)z->proposed.min,
				"low_pages", (json_int_t)z->proposed.low, "high_pages", (json_int_t)z->proposed.high));
		}
		zones = vt_json_done(zones, zerr);
	} else {
		zones = json_null();
	}
	(void)page_shift;
	err |= json_object_set_new(o, "id", json_string(r->id));
	err |= json_object_set_new(o, "knob", json_string(r->knob ? r->knob->name : "?"));
	err |= json_object_set_new(o, "current", r->current_known ? json_integer(r->current) : json_null());
	err |= json_object_set_new(o, "recommended", r->action == VT_ACTION_NOT_APPLICABLE ? json_null() :
				   json_integer(r->recommended));
	err |= json_object_set_new(o, "floor", json_boolean(r->floor));
	err |= json_object_set_new(o, "action", json_string(vt_action_name(r->action)));
	err |= json_object_set_new(o, "severity", json_string(vt_severity_name(r->severity)));
	err |= json_object_set_new(o, "confidence", json_string(vt_confidence_name(r->confidence)));
	err |= json_object_set_new(o, "reason", vt_json_text(r->reason));
	err |= json_object_set_new(o, "risk", r->risk[0] ? vt_json_text(r->risk) : json_null());
	err |= json_object_set_new(o, "explanation", vt_json_text(r->explanation));
	err |= json_object_set_new(o, "sources", json_string(r->sources));
	err |= json_object_set_new(o, "evidence", vt_json_done(ev, eerr));
	err |= json_object_set_new(o, "zones", zones);
	err |= json_object_set_new(o, "reserve_share_now_pct", r->nzones ? json_real(r->reserve_share_now_pct) :
				   json_null());
	err |= json_object_set_new(o, "reserve_share_pct", r->nzones ? json_real(r->reserve_share_pct) :
				   json_null());
	err |= json_object_set_new(o, "waived", json_boolean(r->waived));
	if (r->waived || r->waiver_expired)
		err |= json_object_set_new(o, "waiver", json_pack("{s:o, s:o, s:b}",
			"reason", vt_json_text(r->waiver_reason),
			"expires", r->waiver_expires[0] ? json_string(r->waiver_expires) : json_null(),
			"expired", r->waiver_expired));
	else
		err |= json_object_set_new(o, "waiver", json_null());
	return vt_json_done(o, err);
}

json_t *vt_recommend_to_json(const struct vt_advice *a, unsigned page_shift)
{
	json_t *root = json_object(), *recs = json_array();
	int err = 0, rerr = 0;

	for (size_t i = 0; i < a->nrecs; i++)
		rerr |= json_array_append_new(recs, vt_rec_json(&a->recs[i], page_shift));
	err |= json_object_set_new(root, "schema_version", json_integer(vt_schema_version(VT_DOC_RECOMMEND)));
	err |= json_object_set_new(root, "workload", json_string(vt_workload_name(a->workload)));
	err |= json_object_set_new(root, "basis", json_string(vt_basis_name(a->basis)));
	err |= json_object_set_new(root, "window_s", a->window_s > 0 ? json_real(a->window_s) : json_null());
	err |= json_object_set_new(root, "evidence_source", vt_json_text(a->basis_source));
	err |= json_object_set_new(root, "knob_source", vt_json_text(a->knob_source));
	err |= json_object_set_new(root, "changes", json_integer((json_int_t)a->changes));
	err |= json_object_set_new(root, "waived", json_integer((json_int_t)a->waived));
	err |= json_object_set_new(root, "recommendations", vt_json_done(recs, rerr));
	return vt_json_done(root, err);
}

json_t *vt_check_to_json(const struct vt_advice *a, const struct vt_provenance *prov)
{
	json_t *root = json_object(), *drift = json_array(), *waived = json_array();
	int err = 0, derr = 0, werr = 0;

	for (size_t i = 0; i < a->nrecs; i++) {
		const struct vt_recommendation *r = &a->recs[i];

		if (r->waived)
			werr |= json_array_append_new(waived, json_pack("{s:s, s:s, s:o, s:o}", "id", r->id,
				"knob", r->knob->name, "reason", vt_json_text(r->waiver_reason),
				"expires", r->waiver_expires[0] ? json_string(r->waiver_expires) : json_null()));
		else if (r->action == VT_ACTION_CHANGE)
			derr |= json_array_append_new(drift, json_pack("{s:s, s:s, s:I, s:I, s:b, s:o, s:s}",
				"id", r->id, "knob", r->knob->name, "expected", (json_int_t)r->recommended,
				"actual", (json_int_t)r->current, "floor", r->floor, "why", vt_json_text(r->reason),
				"severity", vt_severity_name(r->severity)));
	}
	err |= json_object_set_new(root, "schema_version", json_integer(vt_schema_version(VT_DOC_CHECK)));
	err |= json_object_set_new(root, "compliant", json_boolean(a->changes == 0));
	err |= json_object_set_new(root, "workload", json_string(vt_workload_name(a->workload)));
	err |= json_object_set_new(root, "basis", json_string(vt_basis_name(a->basis)));
	err |= json_object_set_new(root, "evidence_source", vt_json_text(a->basis_source));
	err |= json_object_set_new(root, "drift", vt_json_done(drift, derr));
	err |= json_object_set_new(root, "waived", vt_json_done(waived, werr));
	err |= json_object_set_new(root, "provenance", vt_provenance_to_json(prov));
	return vt_json_done(root, err);
}
