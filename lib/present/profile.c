#include "config.h"
#include "present/profile.h"
#include "present/provenance.h"
#include "core/schema.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

const char *vt_profile_status_name(enum vt_profile_status s)
{
	return s == VT_PROFILE_OK ? "ok" : s == VT_PROFILE_DRIFT ? "drift" : "skipped";
}

void vt_profile_view_build(struct vt_profile_view *view, const struct vt_profile *p,
			   const struct vt_profile_values *v, const struct vt_advice_input *in,
			   const struct vt_advice *advice, const char *workload_from)
{
	memset(view, 0, sizeof *view);
	view->profile = p;
	view->workload_from = workload_from;
	view->in = in;
	view->advice = advice;
	for (size_t s = 0; s < p->nsettings && view->nrows < VT_KNOB_MAX; s++) {
		const struct vt_profile_setting *set = &p->settings[s];
		struct vt_profile_row *r = &view->rows[view->nrows++];
		size_t i = (size_t)(set->knob - vt_knobs);

		r->knob = set->knob;
		r->setting = set;
		if (i >= VT_KNOB_MAX) {
			r->note = "";
			r->status = VT_PROFILE_SKIPPED;
			continue;
		}
		r->set = v->set[i];
		r->value = v->value[i];
		r->floor = v->floor[i];
		r->note = v->note[i];
		r->current_known = in->knobs[i].available;
		r->current = in->knobs[i].value;
		for (size_t k = 0; advice != NULL && set->kind == VT_PROFILE_AUTO && k < advice->nrecs; k++)
			if (advice->recs[k].knob == set->knob)
				r->rec = &advice->recs[k];
		if (!r->set || !r->current_known)
			r->status = VT_PROFILE_SKIPPED;
		else if (r->current == r->value || (r->floor && r->current > r->value))
			r->status = VT_PROFILE_OK;
		else
			r->status = VT_PROFILE_DRIFT;
		view->drifting += r->status == VT_PROFILE_DRIFT;
	}
}

/* What the profile says for a knob: "10", "auto", "1 % (65536..1048576 kB)". */
static void vt_profile_spec(const struct vt_profile_setting *s, char *buf, size_t size)
{
	switch (s->kind) {
	case VT_PROFILE_FIXED:
		snprintf(buf, size, "%" PRId64, s->value);
		break;
	case VT_PROFILE_AUTO:
		snprintf(buf, size, "auto");
		break;
	case VT_PROFILE_SHARE:
		if (s->min_kb >= 0 && s->max_kb >= 0)
			snprintf(buf, size, "%g %% (%" PRId64 "..%" PRId64 " kB)", s->share_pct, s->min_kb, s->max_kb);
		else if (s->min_kb >= 0)
			snprintf(buf, size, "%g %% (at least %" PRId64 " kB)", s->share_pct, s->min_kb);
		else if (s->max_kb >= 0)
			snprintf(buf, size, "%g %% (at most %" PRId64 " kB)", s->share_pct, s->max_kb);
		else
			snprintf(buf, size, "%g %%", s->share_pct);
		break;
	}
}

/* --- list ------------------------------------------------------------- */

static const char *vt_entry_origin(const struct vt_profile_entry *e)
{
	return e->overrides ? "override" : e->local ? "local" : "shipped";
}

void vt_profile_print_list(const struct vt_out *o, const struct vt_profile_entry *e, size_t n)
{
	FILE *out = o->stream;
	char path[VT_TEXT_ESCAPED_SIZE(512)];

	fprintf(out, "%-16s %-9s %-11s %s\n", "name", "origin", "workload", "description");
	for (size_t i = 0; i < n; i++) {
		const struct vt_profile *p = &e[i].profile;

		if (e[i].ok)
			fprintf(out, "%-16s %-9s %-11s %s\n", e[i].name, vt_entry_origin(&e[i]),
				p->has_workload ? vt_workload_name(p->workload) : "-", p->description);
		else
			fprintf(out, "%-16s %-9s %-11s invalid: see 'vmtune profile validate %s'\n", e[i].name,
				vt_entry_origin(&e[i]), "-", vt_show(path, sizeof path, e[i].path));
	}
}

json_t *vt_profile_list_to_json(const struct vt_profile_entry *e, size_t n, const char *shipped_dir,
				const char *local_dir)
{
	json_t *root = json_object(), *list = json_array();
	int err = 0, lerr = 0;

	for (size_t i = 0; i < n; i++) {
		const struct vt_profile *p = &e[i].profile;
		json_t *o = json_object();
		int oerr = 0;

		oerr |= json_object_set_new(o, "name", json_string(e[i].name));
		oerr |= json_object_set_new(o, "origin", json_string(vt_entry_origin(&e[i])));
		oerr |= json_object_set_new(o, "path", vt_json_text(e[i].path));
		oerr |= json_object_set_new(o, "valid", json_boolean(e[i].ok));
		oerr |= json_object_set_new(o, "description", e[i].ok ? json_string(p->description) : json_null());
		oerr |= json_object_set_new(o, "inherits", e[i].ok && p->inherits[0] ? json_string(p->inherits) :
					    json_null());
		oerr |= json_object_set_new(o, "workload", e[i].ok && p->has_workload ?
					    json_string(vt_workload_name(p->workload)) : json_null());
		oerr |= json_object_set_new(o, "error", e[i].ok ? json_null() : vt_json_text(e[i].error));
		lerr |= json_array_append_new(list, vt_json_done(o, oerr));
	}
	err |= json_object_set_new(root, "schema_version", json_integer(vt_schema_version(VT_DOC_PROFILE)));
	err |= json_object_set_new(root, "shipped_dir", vt_json_text(shipped_dir));
	err |= json_object_set_new(root, "local_dir", local_dir ? vt_json_text(local_dir) : json_null());
	err |= json_object_set_new(root, "profiles", vt_json_done(list, lerr));
	return vt_json_done(root, err);
}

/* --- show ------------------------------------------------------------- */

static void vt_print_header(FILE *out, const struct vt_profile_view *view)
{
	const struct vt_profile *p = view->profile;
	const struct vt_advice_input *in = view->in;
	char path[VT_TEXT_ESCAPED_SIZE(512)];

	fprintf(out, "Profile     %s: %s\n", p->name, p->description);
	fprintf(out, "File        %s", vt_show(path, sizeof path, p->path));
	if (p->inherits[0])
		fprintf(out, ", inherits %s", p->inherits);
	fputc('\n', out);
	fprintf(out, "Workload    %s (%s)\n", vt_workload_name(in->workload), view->workload_from);
	fprintf(out, "Kernel      %s", in->release ? in->release : "unknown");
	if (in->meminfo != NULL && vt_meminfo_has(in->meminfo, VT_MI_MEM_TOTAL))
		fprintf(out, ", MemTotal %" PRIu64 " kB", in->meminfo->value[VT_MI_MEM_TOTAL]);
	fputc('\n', out);
	if (view->advice != NULL)
		fprintf(out, "Evidence    %s (%s)\n", view->advice->basis_source, vt_basis_name(view->advice->basis));
}

static void vt_print_now(char *buf, size_t size, const struct vt_profile_row *r)
{
	if (r->current_known)
		snprintf(buf, size, "now %" PRId64, r->current);
	else
		snprintf(buf, size, "not on this kernel");
}

void vt_profile_print_show(const struct vt_out *o, const struct vt_profile_view *view, bool explain)
{
	FILE *out = o->stream;
	const struct vt_profile *p = view->profile;
	bool named[VT_KNOB_MAX] = { false };
	size_t alone = 0;

	vt_print_header(out, view);
	fputc('\n', out);
	for (size_t i = 0; i < view->nrows; i++) {
		const struct vt_profile_row *r = &view->rows[i];
		char spec[80], now[40];

		vt_profile_spec(r->setting, spec, sizeof spec);
		vt_print_now(now, sizeof now, r);
		if ((size_t)(r->knob - vt_knobs) < VT_KNOB_MAX)
			named[r->knob - vt_knobs] = true;
		if (r->set && r->setting->kind == VT_PROFILE_SHARE)
			fprintf(out, "%s = %" PRId64 "%s (share %s: %s; %s)\n", r->knob->name, r->value,
				r->floor ? " or more" : "", spec, r->note, now);
		else if (r->set)
			fprintf(out, "%s = %" PRId64 "%s (%s; %s)\n", r->knob->name, r->value,
				r->floor ? " or more" : "", r->note, now);
		else if (r->current_known)
			fprintf(out, "%s: %s (profile %s; %s)\n", r->knob->name, r->note, spec, now);
		else
			fprintf(out, "%s: %s (profile %s)\n", r->knob->name, r->note, spec);
		if (r->rec != NULL && r->rec->action != VT_ACTION_NOT_APPLICABLE)
			fprintf(out, "  advice:  %s\n", r->rec->reason);
		if (explain && r->rec != NULL && r->rec->explanation[0])
			fprintf(out, "  explain: %s\n", r->rec->explanation);
		if (r->setting->why[0])
			fprintf(out, "  why:     %s\n", r->setting->why);
	}
	for (size_t i = 0; i < vt_knob_count && i < VT_KNOB_MAX; i++)
		if (!named[i])
			fprintf(out, "%s%s", alone++ ? ", " : "\nLeft alone: ", vt_knobs[i].name);
	if (alone)
		fputc('\n', out);
	(void)p;
}

static json_t *vt_profile_spec_json(const struct vt_profile_setting *s)
{
	switch (s->kind) {
	case VT_PROFILE_FIXED:
		return json_integer(s->value);
	case VT_PROFILE_AUTO:
		return json_string("auto");
	case VT_PROFILE_SHARE:
		break;
	}
	return json_pack("{s:f, s:o, s:o}", "share_of_memory_pct", s->share_pct,
			 "min_kb", s->min_kb >= 0 ? json_integer(s->min_kb) : json_null(),
			 "max_kb", s->max_kb >= 0 ? json_integer(s->max_kb) : json_null());
}

static json_t *vt_profile_row_json(const struct vt_profile_row *r, bool check)
{
	json_t *o = json_object();
	int err = 0;

	err |= json_object_set_new(o, "knob", json_string(r->knob->name));
	err |= json_object_set_new(o, "kind", json_string(vt_profile_kind_name(r->setting->kind)));
	err |= json_object_set_new(o, "profile", vt_profile_spec_json(r->setting));
	err |= json_object_set_new(o, check ? "expected" : "value", r->set ? json_integer(r->value) : json_null());
	err |= json_object_set_new(o, "floor", json_boolean(r->set && r->floor));
	err |= json_object_set_new(o, check ? "actual" : "current", r->current_known ? json_integer(r->current) :
				   json_null());
	err |= json_object_set_new(o, "status", json_string(vt_profile_status_name(r->status)));
	err |= json_object_set_new(o, "note", json_string(r->note));
	err |= json_object_set_new(o, "why", json_string(r->setting->why));
	err |= json_object_set_new(o, "rule", r->rec ? json_string(r->rec->id) : json_null());
	err |= json_object_set_new(o, "advice", r->rec && r->rec->action != VT_ACTION_NOT_APPLICABLE ?
				   json_string(r->rec->reason) : json_null());
	return vt_json_done(o, err);
}

static int vt_profile_common_json(json_t *root, const struct vt_profile_view *view)
{
	const struct vt_profile *p = view->profile;
	const struct vt_advice_input *in = view->in;
	int err = 0;

	err |= json_object_set_new(root, "schema_version", json_integer(vt_schema_version(VT_DOC_PROFILE)));
	err |= json_object_set_new(root, "profile", json_string(p->name));
	err |= json_object_set_new(root, "path", vt_json_text(p->path));
	err |= json_object_set_new(root, "workload", json_string(vt_workload_name(in->workload)));
	err |= json_object_set_new(root, "workload_from", json_string(view->workload_from));
	err |= json_object_set_new(root, "basis", view->advice ? json_string(vt_basis_name(view->advice->basis)) :
				   json_null());
	err |= json_object_set_new(root, "evidence_source", view->advice ? vt_json_text(view->advice->basis_source) :
				   json_null());
	return err;
}

json_t *vt_profile_show_to_json(const struct vt_profile_view *view)
{
	const struct vt_profile *p = view->profile;
	const struct vt_advice_input *in = view->in;
	json_t *root = json_object(), *settings = json_array(), *alone = json_array();
	bool named[VT_KNOB_MAX] = { false };
	int err = 0, serr = 0, aerr = 0;

	err |= vt_profile_common_json(root, view);
	err |= json_object_set_new(root, "description", json_string(p->description));
	err |= json_object_set_new(root, "inherits", p->inherits[0] ? json_string(p->inherits) : json_null());
	err |= json_object_set_new(root, "kernel", in->release ? vt_json_text(in->release) : json_null());
	err |= json_object_set_new(root, "mem_total_kb", in->meminfo && vt_meminfo_has(in->meminfo, VT_MI_MEM_TOTAL) ?
				   vt_json_count(in->meminfo->value[VT_MI_MEM_TOTAL]) : json_null());
	for (size_t i = 0; i < view->nrows; i++) {
		serr |= json_array_append_new(settings, vt_profile_row_json(&view->rows[i], false));
		if ((size_t)(view->rows[i].knob - vt_knobs) < VT_KNOB_MAX)
			named[view->rows[i].knob - vt_knobs] = true;
	}
	for (size_t i = 0; i < vt_knob_count && i < VT_KNOB_MAX; i++)
		if (!named[i])
			aerr |= json_array_append_new(alone, json_string(vt_knobs[i].name));
	err |= json_object_set_new(root, "settings", vt_json_done(settings, serr));
	err |= json_object_set_new(root, "left_alone", vt_json_done(alone, aerr));
	return vt_json_done(root, err);
}

/* --- check --profile ---------------------------------------------------- */

void vt_profile_print_check(const struct vt_out *o, const struct vt_profile_view *view)
{
	FILE *out = o->stream;
	const struct vt_profile *p = view->profile;
	char path[VT_TEXT_ESCAPED_SIZE(512)];
	size_t skipped = 0;

	for (size_t i = 0; i < view->nrows; i++) {
		const struct vt_profile_row *r = &view->rows[i];
		const char *why = r->rec != NULL ? r->rec->reason : r->setting->why;
		char rule[40] = "";

		if (r->rec != NULL)
			snprintf(rule, sizeof rule, ", %s", r->rec->id);
		if (r->status == VT_PROFILE_SKIPPED) {
			const char *note = r->note;

			if (strncmp(note, "skipped: ", 9) == 0)
				note += 9;
			skipped++;
			fprintf(out, "skipped %s: %s\n", r->knob->name, note);
			continue;
		}
		fprintf(out, "%s %s: expected %" PRId64 "%s, actual %" PRId64 " (%s%s)%s%s\n",
			vt_profile_status_name(r->status), r->knob->name, r->value, r->floor ? " or more" : "",
			r->current, vt_profile_kind_name(r->setting->kind), rule, why[0] ? ": " : "", why);
	}
	fprintf(out, "%s: %zu knob%s drift, %zu skipped (profile %s, %s", view->drifting ? "drift" : "compliant",
		view->drifting, view->drifting == 1 ? "" : "s", skipped, p->name, vt_show(path, sizeof path, p->path));
	if (view->advice != NULL)
		fprintf(out, "; evidence: %s", view->advice->basis_source);
	fputs(")\n", out);
}

json_t *vt_profile_check_to_json(const struct vt_profile_view *view, const struct vt_provenance *prov)
{
	json_t *root = json_object(), *knobs = json_array();
	int err = 0, kerr = 0;

	err |= vt_profile_common_json(root, view);
	err |= json_object_set_new(root, "compliant", json_boolean(view->drifting == 0));
	err |= json_object_set_new(root, "drifting", json_integer((json_int_t)view->drifting));
	for (size_t i = 0; i < view->nrows; i++)
		kerr |= json_array_append_new(knobs, vt_profile_row_json(&view->rows[i], true));
	err |= json_object_set_new(root, "knobs", vt_json_done(knobs, kerr));
	err |= json_object_set_new(root, "provenance", vt_provenance_to_json(prov));
	return vt_json_done(root, err);
}

/* --- validate ----------------------------------------------------------- */

json_t *vt_profile_validate_to_json(const char *arg, const struct vt_profile *p, const char *error)
{
	json_t *root = json_object();
	int err = 0;

	err |= json_object_set_new(root, "schema_version", json_integer(vt_schema_version(VT_DOC_PROFILE)));
	err |= json_object_set_new(root, "valid", json_boolean(p != NULL));
	err |= json_object_set_new(root, "argument", vt_json_text(arg));
	err |= json_object_set_new(root, "path", p ? vt_json_text(p->path) : json_null());
	err |= json_object_set_new(root, "profile", p ? json_string(p->name) : json_null());
	err |= json_object_set_new(root, "settings", p ? json_integer((json_int_t)p->nsettings) : json_null());
	err |= json_object_set_new(root, "error", error ? vt_json_text(error) : json_null());
	return vt_json_done(root, err);
}
