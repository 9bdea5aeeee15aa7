#include "config.h"
#include "present/apply.h"
#include "present/provenance.h"
#include "core/schema.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

bool vt_apply_changed(const struct vt_apply_plan *p, const struct vt_apply_outcome *o)
{
	const char *ps = p->persist_status ? p->persist_status : "";

	for (size_t i = 0; i < p->n; i++) {
		enum vt_apply_status s = p->items[i].status;

		if ((o->mode == VT_MODE_DRY_RUN && s == VT_APPLY_CHANGE) || s == VT_APPLY_APPLIED ||
		    (o->mode == VT_MODE_ROLLBACK && s == VT_APPLY_RESTORED) ||
		    (o->mode == VT_MODE_APPLY && s == VT_APPLY_RESTORE_FAILED))
			return true;
	}
	return strcmp(ps, "would-write") == 0 || strcmp(ps, "written") == 0 || strcmp(ps, "restored") == 0 ||
	       strcmp(ps, "removed") == 0;
}

static size_t vt_apply_count(const struct vt_apply_plan *p, enum vt_apply_status s)
{
	size_t n = 0;

	for (size_t i = 0; i < p->n; i++)
		n += p->items[i].status == s;
	return n;
}

static const char *vt_apply_status_shown(const struct vt_apply_item *it, enum vt_apply_mode mode)
{
	/* rollback puts values back: its successful writes are "restored" */
	if (mode == VT_MODE_ROLLBACK && it->status == VT_APPLY_RESTORE_FAILED)
		return "failed";
	return vt_apply_status_name(it->status);
}

void vt_apply_print_text(const struct vt_out *out, const struct vt_apply_plan *p,
			 const struct vt_apply_outcome *o)
{
	FILE *f = out->stream;
	char shown[VT_TEXT_ESCAPED_SIZE(480)], old[VT_TEXT_ESCAPED_SIZE(64)];
	size_t changes;

	if (p->n > 0)
		fprintf(f, "%-28s %12s %12s  %s\n", "KNOB", "OLD", "NEW", "STATUS");
	for (size_t i = 0; i < p->n; i++) {
		const struct vt_apply_item *it = &p->items[i];

		fprintf(f, "%-28s %12s %12s  %s\n", it->knob->name,
			it->have_old ? vt_show(old, sizeof old, it->old_text) : "-", it->new_text,
			vt_apply_status_shown(it, o->mode));
		if (it->id[0])
			fprintf(f, "  %s: %s\n", it->id, vt_show(shown, sizeof shown, it->reason));
		if (it->note[0])
			fprintf(f, "  note: %s\n", vt_show(shown, sizeof shown, it->note));
		if (it->error[0])
			fprintf(f, "  error: %s\n", vt_show(shown, sizeof shown, it->error));
	}
	if (p->persist_path[0]) {
		fprintf(f, "drop-in %s: %s", vt_show(shown, sizeof shown, p->persist_path),
			p->persist_status ? p->persist_status : "-");
		if (p->persist_note[0])
			fprintf(f, " (%s)", vt_show(shown, sizeof shown, p->persist_note));
		fputc('\n', f);
	}
	changes = vt_apply_count(p, VT_APPLY_CHANGE);
	switch (o->mode) {
	case VT_MODE_DRY_RUN:
		fprintf(f, "dry run: %zu of %zu knob%s would change%s; nothing written (source: %s)\n", changes,
			p->n, p->n == 1 ? "" : "s",
			p->persist_status && strcmp(p->persist_status, "would-write") == 0 ? ", and the drop-in" : "",
			vt_show(shown, sizeof shown, p->source));
		break;
	case VT_MODE_APPLY:
		if (o->failed && vt_apply_count(p, VT_APPLY_RESTORE_FAILED) > 0)
			fprintf(f, "FAILED: %zu knob%s could not be restored; run 'vmtune rollback' (journal %s)\n",
				vt_apply_count(p, VT_APPLY_RESTORE_FAILED),
				vt_apply_count(p, VT_APPLY_RESTORE_FAILED) == 1 ? "" : "s", o->journal ? o->journal : "-");
		else if (o->failed)
			fprintf(f, "rolled back: the apply failed; every knob is as it was (journal %s)\n",
				o->journal ? o->journal : "-");
		else if (vt_apply_changed(p, o))
			fprintf(f, "applied: %zu of %zu knob%s changed and read back%s (journal %s; undo with "
				"'vmtune rollback')\n", vt_apply_count(p, VT_APPLY_APPLIED), p->n, p->n == 1 ? "" : "s",
				p->persist_status && strcmp(p->persist_status, "written") == 0 ? ", drop-in written" : "",
				o->journal ? o->journal : "-");
		else if (p->n == 0)
			fprintf(f, "unchanged: no knob to set (source: %s); nothing written\n",
				vt_show(shown, sizeof shown, p->source));
		else
			fprintf(f, "unchanged: %s already %s its value; nothing written\n",
				p->n == 1 ? "the knob" : "every knob", p->n == 1 ? "has" : "has");
		break;
	case VT_MODE_ROLLBACK:
		fprintf(f, "%s journal %s (%s, from %s): %zu knob%s restored, %zu already at the old value%s\n",
			o->failed ? "incomplete rollback of" : "rolled back", o->journal ? o->journal : "-",
			o->time ? o->time : "-", vt_show(shown, sizeof shown, p->source),
			vt_apply_count(p, VT_APPLY_RESTORED), vt_apply_count(p, VT_APPLY_RESTORED) == 1 ? "" : "s",
			vt_apply_count(p, VT_APPLY_UNCHANGED),
			o->failed ? "; run it again" : "");
		break;
	}
	if (o->provenance)
		vt_provenance_print_text(out, o->provenance);
}

json_t *vt_apply_to_json(const struct vt_apply_plan *p, const struct vt_apply_outcome *o)
{
	static const char *const modes[] = { "dry-run", "apply", "rollback" };
	json_t *root = json_object(), *knobs = json_array(), *warnings = json_array();
	int err = 0, kerr = 0, werr = 0;

	for (size_t i = 0; i < p->n; i++) {
		const struct vt_apply_item *it = &p->items[i];
		json_t *k = json_object();
		int e = 0;

		e |= json_object_set_new(k, "knob", json_string(it->knob->name));
		e |= json_object_set_new(k, "old", it->have_old ? json_integer(it->old_value) : json_null());
		e |= json_object_set_new(k, "new", json_integer(it->new_value));
		e |= json_object_set_new(k, "status", json_string(vt_apply_status_shown(it, o->mode)));
		e |= json_object_set_new(k, "id", it->id[0] ? json_string(it->id) : json_null());
		e |= json_object_set_new(k, "reason", vt_json_text(it->reason));
		e |= json_object_set_new(k, "error", it->error[0] ? vt_json_text(it->error) : json_null());
		e |= json_object_set_new(k, "note", it->note[0] ? vt_json_text(it->note) : json_null());
		kerr |= json_array_append_new(knobs, vt_json_done(k, e));
	}
	for (size_t i = 0; i < p->nwarnings; i++)
		werr |= json_array_append_new(warnings, vt_json_text(p->warnings[i]));
	err |= json_object_set_new(root, "schema_version", json_integer(vt_schema_version(VT_DOC_APPLY)));
	err |= json_object_set_new(root, "mode", json_string(modes[o->mode]));
	err |= json_object_set_new(root, "changed", json_boolean(vt_apply_changed(p, o)));
	err |= json_object_set_new(root, "failed", json_boolean(o->failed));
	err |= json_object_set_new(root, "source", vt_json_text(p->source));
	err |= json_object_set_new(root, "kernel_release", vt_json_text(p->release));
	err |= json_object_set_new(root, "journal", o->journal ? vt_json_text(o->journal) : json_null());
	err |= json_object_set_new(root, "knobs", vt_json_done(knobs, kerr));
	err |= json_object_set_new(root, "warnings", vt_json_done(warnings, werr));
	if (p->persist_path[0])
		err |= json_object_set_new(root, "persist", json_pack("{s:o, s:s, s:o}",
			"path", vt_json_text(p->persist_path),
			"status", p->persist_status ? p->persist_status : "-",
			"note", p->persist_note[0] ? vt_json_text(p->persist_note) : json_null()));
	else
		err |= json_object_set_new(root, "persist", json_null());
	err |= json_object_set_new(root, "provenance", o->provenance ? vt_provenance_to_json(o->provenance) : json_null());
	return vt_json_done(root, err);
}

void vt_journal_print_list(const struct vt_out *out, const struct vt_journal *list, size_t n)
{
	FILE *f = out->stream;
	char src[VT_TEXT_ESCAPED_SIZE(200)], v[VT_TEXT_ESCAPED_SIZE(64)], w[VT_TEXT_ESCAPED_SIZE(64)];

	if (n == 0) {
		fputs("no journal: nothing was applied under this root\n", f);
		return;
	}
	fprintf(f, "%-30s %-20s %-11s %s\n", "ID", "TIME", "STATE", "SOURCE: CHANGES");
	for (size_t i = 0; i < n; i++) {
		const struct vt_journal *j = &list[i];

		fprintf(f, "%-30s %-20s %-11s %s:", j->id, j->time, vt_journal_state_name(j->state),
			vt_show(src, sizeof src, j->source));
		for (size_t k = 0; k < j->n; k++)
			fprintf(f, "%s %s %s->%s", k ? "," : "", j->knobs[k].knob->name,
				vt_show(v, sizeof v, j->knobs[k].old_text), vt_show(w, sizeof w, j->knobs[k].new_text));
		if (j->has_persist)
			fprintf(f, "%s drop-in %s", j->n ? "," : "", vt_show(src, sizeof src, j->persist_path));
		fputc('\n', f);
	}
}

json_t *vt_journal_list_to_json(const struct vt_journal *list, size_t n)
{
	json_t *root = json_object(), *arr = json_array();
	int err = 0, aerr = 0;

	for (size_t i = 0; i < n; i++) {
		const struct vt_journal *j = &list[i];
		json_t *o = json_object(), *knobs = json_array();
		int e = 0, ke = 0;

		for (size_t k = 0; k < j->n; k++)
			ke |= json_array_append_new(knobs, json_pack("{s:s, s:o, s:o}", "knob", j->knobs[k].knob->name,
				"old", vt_json_text(j->knobs[k].old_text), "new", vt_json_text(j->knobs[k].new_text)));
		e |= json_object_set_new(o, "id", vt_json_text(j->id));
		e |= json_object_set_new(o, "time", vt_json_text(j->time));
		e |= json_object_set_new(o, "updated", vt_json_text(j->updated));
		e |= json_object_set_new(o, "state", json_string(vt_journal_state_name(j->state)));
		e |= json_object_set_new(o, "source", vt_json_text(j->source));
		e |= json_object_set_new(o, "kernel_release", vt_json_text(j->release));
		e |= json_object_set_new(o, "knobs", vt_json_done(knobs, ke));
		e |= json_object_set_new(o, "persist", j->has_persist ? vt_json_text(j->persist_path) : json_null());
		aerr |= json_array_append_new(arr, vt_json_done(o, e));
	}
	err |= json_object_set_new(root, "schema_version", json_integer(vt_schema_version(VT_DOC_JOURNAL)));
	err |= json_object_set_new(root, "journals", vt_json_done(arr, aerr));
	return vt_json_done(root, err);
}
