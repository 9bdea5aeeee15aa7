#include "config.h"
#include "present/protect.h"
#include "core/schema.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

void vt_protect_print_text(const struct vt_out *o, const struct vt_protect_plan *p, bool dry_run,
			   const char *name)
{
	FILE *f = o->stream;

	if (name) {
		char shown[VT_TEXT_ESCAPED_SIZE(256)];

		fprintf(f, "%zu process%s named '%s'\n", p->matched, p->matched == 1 ? "" : "es",
			vt_show(shown, sizeof shown, name));
	}

	fprintf(f, "%8s  %-15s %5s %5s  %s\n", "PID", "COMMAND", "OLD", "NEW", "STATUS");
	for (size_t i = 0; i < p->n; i++) {
		const struct vt_protect_item *it = &p->items[i];
		char comm[VT_TEXT_ESCAPED_SIZE(63)];

		fprintf(f, "%8ld  %-15s %5" PRId64 " %5" PRId64 "  %s", it->pid, vt_show(comm, sizeof comm, it->comm),
			it->old_adj, it->new_adj, vt_apply_status_name(it->status));
		if (it->error[0])
			fprintf(f, ": %s", it->error);
		fputc('\n', f);
	}
	if (dry_run)
		fprintf(f, "Dry run: %zu to change, nothing written.\n", vt_protect_plan_changes(p));
}

json_t *vt_protect_to_json(const struct vt_protect_plan *p, bool dry_run, const char *name)
{
	json_t *root = json_object(), *items = json_array();
	int err = 0, ierr = 0;

	err |= json_object_set_new(root, "schema_version", json_integer(vt_schema_version(VT_DOC_PROTECT)));
	err |= json_object_set_new(root, "oom_score_adj", json_integer(p->adj));
	err |= json_object_set_new(root, "dry_run", json_boolean(dry_run));
	err |= json_object_set_new(root, "name", name ? vt_json_text(name) : json_null());
	err |= json_object_set_new(root, "matched", name ? json_integer((json_int_t)p->matched) : json_null());
	err |= json_object_set_new(root, "changes", json_integer((json_int_t)vt_protect_plan_changes(p)));
	for (size_t i = 0; i < p->n; i++) {
		const struct vt_protect_item *it = &p->items[i];
		json_t *o = json_object();
		int oerr = 0;

		oerr |= json_object_set_new(o, "pid", json_integer(it->pid));
		oerr |= json_object_set_new(o, "comm", vt_json_text(it->comm));
		oerr |= json_object_set_new(o, "old", json_integer(it->old_adj));
		oerr |= json_object_set_new(o, "new", json_integer(it->new_adj));
		oerr |= json_object_set_new(o, "status", json_string(vt_apply_status_name(it->status)));
		oerr |= json_object_set_new(o, "error", it->error[0] ? vt_json_text(it->error) : json_null());
		ierr |= json_array_append_new(items, vt_json_done(o, oerr));
	}
	err |= json_object_set_new(root, "processes", vt_json_done(items, ierr));
	return vt_json_done(root, err);
}

void vt_protect_unit_print_text(const struct vt_out *o, const struct vt_protect_unit_report *u)
{
	FILE *f = o->stream;

	fprintf(f, "# %s: %s (%s)\n", u->unit, u->path, u->status);
	fputs(u->content, f);
	if (strcmp(u->status, "written") == 0)
		fputs("# Next: systemctl daemon-reload; the value applies from the service's next start "
		      "(vmtune protect PID for the running process).\n", f);
	else if (strcmp(u->status, "printed") == 0)
		fputs("# --persist writes this file; then systemctl daemon-reload.\n", f);
}

json_t *vt_protect_unit_to_json(const struct vt_protect_unit_report *u, int64_t adj)
{
	json_t *root = json_object();
	int err = 0;

	err |= json_object_set_new(root, "schema_version", json_integer(vt_schema_version(VT_DOC_PROTECT)));
	err |= json_object_set_new(root, "oom_score_adj", json_integer(adj));
	err |= json_object_set_new(root, "unit", vt_json_text(u->unit));
	err |= json_object_set_new(root, "path", vt_json_text(u->path));
	err |= json_object_set_new(root, "content", vt_json_text(u->content));
	err |= json_object_set_new(root, "status", json_string(u->status));
	err |= json_object_set_new(root, "systemd_oomd_active", json_boolean(u->oomd_active));
	return vt_json_done(root, err);
}
