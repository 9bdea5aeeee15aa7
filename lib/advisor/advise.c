#include "config.h"
#include "advisor/advise.h"
#include "advisor/rules.h"
#include "core/cause.h"
#include "core/lines.h"
#include "core/text.h"
#include "core/xalloc.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const vt_workload_names[VT_WL_COUNT] = {
	[VT_WL_GENERAL] = "general",
	[VT_WL_DATABASE] = "database",
	[VT_WL_LATENCY] = "latency",
	[VT_WL_THROUGHPUT] = "throughput",
	[VT_WL_DESKTOP] = "desktop",
	[VT_WL_VIRT_HOST] = "virt-host",
	[VT_WL_HPC] = "hpc",
};

const char *vt_workload_name(enum vt_workload wl)
{
	return wl < VT_WL_COUNT ? vt_workload_names[wl] : "?";
}

int vt_workload_parse(const char *name, enum vt_workload *out)
{
	for (size_t i = 0; i < VT_WL_COUNT; i++)
		if (strcmp(vt_workload_names[i], name) == 0) {
			*out = (enum vt_workload)i;
			return 0;
		}
	return -EINVAL;
}

const char *vt_action_name(enum vt_action a)
{
	return a == VT_ACTION_CHANGE ? "change" : a == VT_ACTION_KEEP ? "keep" : "not-applicable";
}

const char *vt_severity_name(enum vt_severity s)
{
	static const char *const names[] = { "info", "low", "medium", "high" };

	return s <= VT_SEVERITY_HIGH ? names[s] : "?";
}

const char *vt_confidence_name(enum vt_confidence c)
{
	static const char *const names[] = { "low", "medium", "high" };

	return c <= VT_CONFIDENCE_HIGH ? names[c] : "?";
}

enum vt_confidence vt_activity_confidence(const struct vt_activity *a)
{
	if (a == NULL || a->basis == VT_BASIS_NONE || a->basis == VT_BASIS_SINCE_BOOT)
		return VT_CONFIDENCE_LOW;
	/* A minute of pressure is a pattern; a few seconds may be one burst. */
	return a->window_s >= 60 ? VT_CONFIDENCE_HIGH : VT_CONFIDENCE_MEDIUM;
}

void vt_rec_evidence(struct vt_recommendation *rec, const char *name, double value, bool integer,
		     const char *unit, const char *source)
{
	struct vt_evidence *e;

	if (rec->nevidence == VT_EVIDENCE_MAX)
		return;
	e = &rec->evidence[rec->nevidence++];
	snprintf(e->name, sizeof e->name, "%s", name);
	e->value = value;
	e->integer = integer;
	snprintf(e->unit, sizeof e->unit, "%s", unit);
	snprintf(e->source, sizeof e->source, "%s", source);
}

#define VT_REC_PRINTF(field)					\
	va_list ap;						\
	va_start(ap, fmt);					\
	vsnprintf(rec->field, sizeof rec->field, fmt, ap);	\
	va_end(ap)

void vt_rec_reason(struct vt_recommendation *rec, const char *fmt, ...)
{
	VT_REC_PRINTF(reason);
}

void vt_rec_risk(struct vt_recommendation *rec, const char *fmt, ...)
{
	VT_REC_PRINTF(risk);
}

void vt_rec_explain(struct vt_recommendation *rec, const char *fmt, ...)
{
	VT_REC_PRINTF(explanation);
}

bool vt_advice_knob(const struct vt_advice_input *in, const char *name, int64_t *value)
{
	const struct vt_knob *k = vt_knob_find(name);
	size_t i;

	if (k == NULL)
		return false;
	i = (size_t)(k - vt_knobs);
	if (i >= VT_KNOB_MAX || !in->knobs[i].available)
		return false;
	*value = in->knobs[i].value;
	return true;
}

int vt_rec_zone_effect(struct vt_recommendation *rec, const struct vt_advice_input *in,
		       int64_t min_free_kbytes, int64_t watermark_scale_factor, char **cause)
{
	struct vt_wm_inputs wi;
	struct vt_wm_report r;
	int err;

	if (in->wm == NULL)
		return 0;
	wi = *in->wm;
	wi.whatif = true;
	wi.new_min_free_kbytes = min_free_kbytes;
	wi.new_watermark_scale_factor = watermark_scale_factor;
	wi.new_kernel = 0;
	err = vt_wm_report_build(&wi, &r, cause);
	if (err < 0)
		return err;
	free(rec->zones);
	rec->zones = vt_xcalloc(r.nzones ? r.nzones : 1, sizeof *rec->zones);
	rec->nzones = 0;
	for (size_t i = 0; i < r.nzones; i++) {
		const struct vt_wm_zone_report *z = &r.zones[i];
		struct vt_zone_effect *e;

		if (vt_zone_get(z->zone, VT_ZF_MANAGED) == 0)
			continue;	/* an empty zone has no watermarks to speak of */
		e = &rec->zones[rec->nzones++];
		e->node = z->zone->node;
		snprintf(e->zone, sizeof e->zone, "%s", z->zone->name);
		e->managed = vt_zone_get(z->zone, VT_ZF_MANAGED);
		e->now = z->model;
		e->proposed = z->whatif;
	}
	rec->reserve_share_now_pct = r.totals.managed_sum ?
		100.0 * (double)r.totals.min_sum / (double)r.totals.managed_sum : 0;
	rec->reserve_share_pct = r.whatif_min_share_pct;
	vt_wm_report_release(&r);
	return 0;
}

int vt_advise(const struct vt_advice_input *in, struct vt_advice *out, char **cause)
{
	memset(out, 0, sizeof *out);
	out->workload = in->workload;
	out->basis = in->activity ? in->activity->basis : VT_BASIS_NONE;
	out->window_s = in->activity ? in->activity->window_s : 0;
	snprintf(out->basis_source, sizeof out->basis_source, "%s",
		 in->activity ? in->activity->source : "one moment's levels (no counters over time)");
	snprintf(out->knob_source, sizeof out->knob_source, "%s", in->knobs_from ? in->knobs_from : "proc/sys");
	out->recs = vt_xcalloc(vt_rule_count, sizeof *out->recs);
	for (size_t i = 0; i < vt_rule_count; i++) {
		const struct vt_rule *rule = &vt_rules[i];
		struct vt_recommendation *rec = &out->recs[out->nrecs++];
		int err;

		rec->id = rule->id;
		rec->knob = vt_knob_find(rule->knob);
		rec->sources = rule->sources;
		rec->current_known = vt_advice_knob(in, rule->knob, &rec->current);
		rec->recommended = rec->current;
		rec->confidence = VT_CONFIDENCE_MEDIUM;
		err = rule->run(in, rec, cause);
		if (err < 0) {
			vt_cause_prefix(cause, err, "rule %s", rule->id);
			vt_advice_release(out);
			return err;
		}
		if (rec->action == VT_ACTION_CHANGE)
			out->changes++;
	}
	return 0;
}

void vt_advice_release(struct vt_advice *advice)
{
	for (size_t i = 0; i < advice->nrecs; i++)
		free(advice->recs[i].zones);
	free(advice->recs);
	memset(advice, 0, sizeof *advice);
}

/* An ID as the rule table spells them: letters, digits and '-'. */
static bool vt_waiver_id_ok(const char *s, size_t n)
{
	if (n == 0 || n >= sizeof ((struct vt_waiver *)0)->id)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '-'))
			return false;
	return true;
}

static bool vt_date_ok(const char *s, size_t n)
{
	static const char shape[] = "dddd-dd-dd";

	if (n != 10)
		return false;
	for (size_t i = 0; i < n; i++)
		if (shape[i] == 'd' ? !(s[i] >= '0' && s[i] <= '9') : s[i] != '-')
			return false;
	return true;
}

static struct vt_waiver *vt_waivers_push(struct vt_waivers *w)
{
	w->items = vt_xreallocarray(w->items, w->count + 1, sizeof *w->items);
	memset(&w->items[w->count], 0, sizeof w->items[0]);
	return &w->items[w->count++];
}

int vt_waivers_parse(const char *buf, size_t len, struct vt_waivers *out, char **cause)
{
	const char *line, *eol;
	struct vt_lines it;
	unsigned lineno = 0;

	vt_lines_init(&it, buf, len);
	while (vt_lines_next(&it, &line, &eol)) {
		const char *p = line, *id, *word;
		size_t n, nw;
		struct vt_waiver *wv;
		char q[VT_TEXT_QUOTE_SIZE];

		lineno++;
		while (p < eol && (*p == ' ' || *p == '\t'))
			p++;
		if (p == eol || *p == '#')
			continue;
		id = p;
		while (p < eol && *p != ' ' && *p != '\t')
			p++;
		n = (size_t)(p - id);
		if (!vt_waiver_id_ok(id, n))
			return vt_cause_set(cause, -EINVAL, "line %u: '%s' is not a rule ID (VMT-XXX-000)",
					    lineno, vt_text_quote(id, n, q));
		wv = vt_waivers_push(out);
		memcpy(wv->id, id, n);
		while (p < eol && (*p == ' ' || *p == '\t'))
			p++;
		word = p;
		while (p < eol && *p != ' ' && *p != '\t')
			p++;
		nw = (size_t)(p - word);
		if (vt_date_ok(word, nw)) {
			memcpy(wv->expires, word, nw);
			while (p < eol && (*p == ' ' || *p == '\t'))
				p++;
		} else {
			p = word;
		}
		n = (size_t)(eol - p);
		if (n == 0)
			return vt_cause_set(cause, -EINVAL, "line %u: waiver of %s gives no reason", lineno,
					    wv->id);
		vt_text_escape_into(wv->reason, sizeof wv->reason, p, n, 0);
	}
	return 0;
}

int vt_waivers_add(struct vt_waivers *w, const char *id, char **cause)
{
	struct vt_waiver *wv;
	char q[VT_TEXT_QUOTE_SIZE];

	if (!vt_waiver_id_ok(id, strlen(id)))
		return vt_cause_set(cause, -EINVAL, "'%s' is not a rule ID (VMT-XXX-000)",
				    vt_text_quote(id, strlen(id), q));
	wv = vt_waivers_push(w);
	snprintf(wv->id, sizeof wv->id, "%s", id);
	snprintf(wv->reason, sizeof wv->reason, "--ignore");
	return 0;
}

void vt_waivers_release(struct vt_waivers *w)
{
	free(w->items);
	w->items = NULL;
	w->count = 0;
}

void vt_advice_apply_waivers(struct vt_advice *advice, const struct vt_waivers *w, const char *today)
{
	advice->changes = 0;
	advice->waived = 0;
	for (size_t i = 0; i < advice->nrecs; i++) {
		struct vt_recommendation *rec = &advice->recs[i];

		rec->waived = false;
		rec->waiver_expired = false;
		rec->waiver_expires[0] = '\0';
		rec->waiver_reason[0] = '\0';
		for (size_t k = 0; w && k < w->count; k++) {
			const struct vt_waiver *wv = &w->items[k];

			if (strcmp(wv->id, rec->id) != 0)
				continue;
			/* ISO dates compare as strings; the day itself still counts. */
			if (wv->expires[0] && strcmp(today, wv->expires) > 0) {
				rec->waiver_expired = true;
				snprintf(rec->waiver_expires, sizeof rec->waiver_expires, "%s", wv->expires);
				snprintf(rec->waiver_reason, sizeof rec->waiver_reason, "%s", wv->reason);
				continue;
			}
			rec->waived = true;
			rec->waiver_expired = false;
			snprintf(rec->waiver_expires, sizeof rec->waiver_expires, "%s", wv->expires);
			snprintf(rec->waiver_reason, sizeof rec->waiver_reason, "%s", wv->reason);
			break;
		}
		if (rec->waived)
			advice->waived++;
		else if (rec->action == VT_ACTION_CHANGE)
			advice->changes++;
	}
}
