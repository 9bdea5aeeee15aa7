#include "config.h"
#include "present/provenance.h"

#include <stdio.h>
#include <string.h>

#define VT_PATH_SHOWN VT_TEXT_ESCAPED_SIZE(320)
#define VT_VALUE_SHOWN VT_TEXT_ESCAPED_SIZE(256)

static bool vt_prov_quiet(const struct vt_prov_knob *k)
{
	return k->n == 0 && !k->has_cmdline && k->tuned == NULL && k->nwarnings == 0;
}

/* "/etc/sysctl.d/99-sysctl.conf:2 (-> ../sysctl.conf)" */
static void vt_prov_where(char *buf, size_t size, const struct vt_sysctld_file *f, unsigned line)
{
	char path[VT_PATH_SHOWN], link[VT_TEXT_ESCAPED_SIZE(256)];

	vt_show(path, sizeof path, f->path);
	if (f->link[0])
		snprintf(buf, size, "/%s:%u (-> %s)", path, line, vt_show(link, sizeof link, f->link));
	else
		snprintf(buf, size, "/%s:%u", path, line);
}

static void vt_prov_print_knob(FILE *o, const struct vt_prov_knob *k)
{
	char where[2 * VT_PATH_SHOWN], value[VT_VALUE_SHOWN], text[VT_TEXT_ESCAPED_SIZE(400)];

	if (k->on_kernel)
		fprintf(o, "  %s: runtime %s, next boot %s (%s)\n", k->knob->name, vt_show(value, sizeof value, k->runtime),
			k->next[0] ? k->next : "unknown", k->next_from);
	else
		fprintf(o, "  %s: not on this kernel\n", k->knob->name);
	if (k->has_cmdline)
		fprintf(o, "    %-50s %s\n", "kernel command line", vt_show(value, sizeof value, k->cmdline));
	for (size_t i = 0; i < k->n; i++) {
		const struct vt_prov_source *s = &k->sources[i];
		const char *mark = "";
		char note[2 * VT_PATH_SHOWN] = "";

		vt_prov_where(where, sizeof where, s->file, s->line);
		if (s->wins_boot && s->wins_procps)
			mark = "  <- wins at boot";
		else if (s->wins_boot)
			mark = "  <- wins at boot (systemd-sysctl)";
		else if (s->wins_procps)
			mark = "  <- wins for sysctl --system";
		if (s->shadowed)
			snprintf(note, sizeof note, " (not read: %s)", vt_show(text, sizeof text, s->file->reason));
		else if (s->file->boot_order < 0)
			snprintf(note, sizeof note, " (read by sysctl --system only, last)");
		else if (s->glob && s->glob_loses)
			snprintf(note, sizeof note, " (glob %s: an explicit line wins)", vt_show(text, sizeof text, s->key));
		else if (s->glob)
			snprintf(note, sizeof note, " (glob %s)", vt_show(text, sizeof text, s->key));
		else if (s->ignore_failure)
			snprintf(note, sizeof note, " (-key: a failure is ignored)");
		fprintf(o, "    %-50s %s%s%s\n", where, vt_show(value, sizeof value, s->value), note, mark);
	}
	if (k->more)
		fprintf(o, "    ... and %zu more line%s\n", k->more, k->more == 1 ? "" : "s");
	if (k->tuned) {
		char file[VT_PATH_SHOWN];

		snprintf(where, sizeof where, "tuned %s: /%s:%u", vt_show(text, sizeof text, k->tuned->profile),
			 vt_show(file, sizeof file, k->tuned->file), k->tuned->line);
		fprintf(o, "    %-50s %s%s\n", where, vt_show(value, sizeof value, k->tuned->value),
			strcmp(k->next_from, "tuned") == 0 ? "  <- wins once tuned starts" : "");
	}
	if (k->reapply_file) {
		vt_prov_where(where, sizeof where, k->reapply_file, k->reapply_line);
		fprintf(o, "    %-50s %s  <- written again by tuned (reapply_sysctl)\n", where,
			vt_show(value, sizeof value, k->reapply_value));
	}
	for (size_t i = 0; i < k->nwarnings; i++)
		fprintf(o, "    warning: %s\n", vt_show(text, sizeof text, k->warnings[i]));
}

void vt_provenance_print_text(const struct vt_out *out, const struct vt_provenance *p)
{
	FILE *o = out->stream;
	char text[VT_TEXT_ESCAPED_SIZE(400)], prof[VT_TEXT_ESCAPED_SIZE(256)];
	size_t quiet = 0, shown = 0;

	if (p->tuned.active)
		snprintf(text, sizeof text, "tuned profile %s, reapply_sysctl %s", vt_show(prof, sizeof prof, p->tuned.profile),
			 p->tuned.reapply ? "on" : "off");
	else
		snprintf(text, sizeof text, "no tuned profile");
	fprintf(o, "\nprovenance (next boot: systemd-sysctl's sysctl.d order, then %s):\n", text);
	for (size_t i = 0; i < p->n; i++) {
		if (vt_prov_quiet(&p->knobs[i])) {
			quiet++;
			continue;
		}
		vt_prov_print_knob(o, &p->knobs[i]);
	}
	if (quiet) {
		fputs("  not set in sysctl.d, tuned or the kernel command line (kernel default):", o);
		for (size_t i = 0; i < p->n; i++)
			if (vt_prov_quiet(&p->knobs[i]))
				fprintf(o, "%s %s", shown++ ? "," : "", p->knobs[i].knob->name);
		fputc('\n', o);
	}
	for (size_t i = 0; i < p->set.n; i++) {
		const struct vt_sysctld_file *f = &p->set.files[i];

		if (f->state == VT_SYSCTLD_MASKED)
			fprintf(o, "  masked: /%s (%s)\n", vt_show(text, sizeof text, f->path), f->reason);
	}
	for (size_t i = 0; i < p->nwarnings; i++)
		fprintf(o, "  warning: %s\n", vt_show(text, sizeof text, p->warnings[i]));
	fprintf(o, "provenance: %zu of %zu knob%s with a warning (drop-in /%s)\n", vt_provenance_problems(p), p->n,
		p->n == 1 ? "" : "s", vt_show(text, sizeof text, p->dropin));
}

/* A path under the root as on the machine: "/etc/sysctl.d/10-a.conf". */
static json_t *vt_prov_abs(const char *rel)
{
	char buf[400];

	snprintf(buf, sizeof buf, "/%s", rel);
	return vt_json_text(buf);
}

static json_t *vt_prov_source_json(const struct vt_prov_source *s)
{
	json_t *o = json_object();
	int e = 0;

	e |= json_object_set_new(o, "path", vt_prov_abs(s->file->path));
	e |= json_object_set_new(o, "link", s->file->link[0] ? vt_json_text(s->file->link) : json_null());
	e |= json_object_set_new(o, "line", json_integer(s->line));
	e |= json_object_set_new(o, "key", vt_json_text(s->key));
	e |= json_object_set_new(o, "value", vt_json_text(s->value));
	e |= json_object_set_new(o, "glob", json_boolean(s->glob));
	e |= json_object_set_new(o, "glob_loses", json_boolean(s->glob_loses));
	e |= json_object_set_new(o, "ignore_failure", json_boolean(s->ignore_failure));
	e |= json_object_set_new(o, "shadowed", json_boolean(s->shadowed));
	e |= json_object_set_new(o, "read_at_boot", json_boolean(!s->shadowed && s->file->boot_order >= 0));
	e |= json_object_set_new(o, "wins_at_boot", json_boolean(s->wins_boot));
	e |= json_object_set_new(o, "wins_sysctl_system", json_boolean(s->wins_procps));
	e |= json_object_set_new(o, "after_dropin", json_boolean(s->after_dropin));
	return vt_json_done(o, e);
}

static json_t *vt_prov_knob_json(const struct vt_prov_knob *k)
{
	json_t *o = json_object(), *src = json_array(), *warn = json_array(), *tuned = json_null();
	int e = 0, se = 0, we = 0;

	for (size_t i = 0; i < k->n; i++)
		se |= json_array_append_new(src, vt_prov_source_json(&k->sources[i]));
	for (size_t i = 0; i < k->nwarnings; i++)
		we |= json_array_append_new(warn, vt_json_text(k->warnings[i]));
	if (k->tuned) {
		int te = 0;

		tuned = json_object();
		te |= json_object_set_new(tuned, "profile", vt_json_text(k->tuned->profile));
		te |= json_object_set_new(tuned, "path", vt_prov_abs(k->tuned->file));
		te |= json_object_set_new(tuned, "line", json_integer(k->tuned->line));
		te |= json_object_set_new(tuned, "value", vt_json_text(k->tuned->value));
		te |= json_object_set_new(tuned, "reapplied_from", k->reapply_file ?
			json_pack("{s:o, s:I, s:o}", "path", vt_prov_abs(k->reapply_file->path),
				  "line", (json_int_t)k->reapply_line, "value", vt_json_text(k->reapply_value)) : json_null());
		tuned = vt_json_done(tuned, te);
	}
	e |= json_object_set_new(o, "knob", json_string(k->knob->name));
	e |= json_object_set_new(o, "on_kernel", json_boolean(k->on_kernel));
	e |= json_object_set_new(o, "runtime", k->on_kernel ? vt_json_text(k->runtime) : json_null());
	e |= json_object_set_new(o, "next_boot", k->next[0] ? vt_json_text(k->next) : json_null());
	e |= json_object_set_new(o, "next_boot_from", json_string(k->next_from));
	e |= json_object_set_new(o, "kernel_cmdline", k->has_cmdline ? vt_json_text(k->cmdline) : json_null());
	e |= json_object_set_new(o, "sources", vt_json_done(src, se));
	e |= json_object_set_new(o, "more_sources", json_integer((json_int_t)k->more));
	e |= json_object_set_new(o, "tuned", tuned);
	e |= json_object_set_new(o, "disagree", json_boolean(k->disagree));
	e |= json_object_set_new(o, "overridden", json_boolean(k->overridden));
	e |= json_object_set_new(o, "tuned_overrides", json_boolean(k->tuned_overrides));
	e |= json_object_set_new(o, "sysctl_system_differs", json_boolean(k->procps_differs));
	e |= json_object_set_new(o, "warnings", vt_json_done(warn, we));
	return vt_json_done(o, e);
}

json_t *vt_provenance_to_json(const struct vt_provenance *p)
{
	json_t *o = json_object(), *knobs = json_array(), *files = json_array(), *warn = json_array(), *tuned;
	int e = 0, ke = 0, fe = 0, we = 0;

	for (size_t i = 0; i < p->n; i++)
		ke |= json_array_append_new(knobs, vt_prov_knob_json(&p->knobs[i]));
	for (size_t i = 0; i < p->set.n; i++) {
		const struct vt_sysctld_file *f = &p->set.files[i];

		fe |= json_array_append_new(files, json_pack("{s:o, s:o, s:s, s:o, s:o, s:o}",
			"path", vt_prov_abs(f->path), "link", f->link[0] ? vt_json_text(f->link) : json_null(),
			"state", vt_sysctld_state_name(f->state),
			"reason", f->reason[0] ? vt_json_text(f->reason) : json_null(),
			"boot_order", f->boot_order >= 0 ? json_integer(f->boot_order) : json_null(),
			"sysctl_system_order", f->procps_order >= 0 ? json_integer(f->procps_order) : json_null()));
	}
	for (size_t i = 0; i < p->nwarnings; i++)
		we |= json_array_append_new(warn, vt_json_text(p->warnings[i]));
	tuned = p->tuned.active ? json_pack("{s:o, s:b}", "profile", vt_json_text(p->tuned.profile),
					    "reapply_sysctl", p->tuned.reapply) : json_null();
	e |= json_object_set_new(o, "reader", json_string("systemd-sysctl"));
	e |= json_object_set_new(o, "dropin", vt_prov_abs(p->dropin));
	e |= json_object_set_new(o, "tuned", tuned);
	e |= json_object_set_new(o, "files", vt_json_done(files, fe));
	e |= json_object_set_new(o, "knobs", vt_json_done(knobs, ke));
	e |= json_object_set_new(o, "warnings", vt_json_done(warn, we));
	e |= json_object_set_new(o, "problems", json_integer((json_int_t)vt_provenance_problems(p)));
	return vt_json_done(o, e);
}
