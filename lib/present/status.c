#include "config.h"
#include "core/schema.h"
#include "present/status.h"
#include "present/format.h"
#include "present/numa.h"
#include "core/xalloc.h"
#include "probe/manifest.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

static const char *vt_page_source_name(enum vt_page_size_source s)
{
	switch (s) {
	case VT_PAGE_SIZE_LIVE: return "live";
	case VT_PAGE_SIZE_SNAPSHOT: return "snapshot";
	case VT_PAGE_SIZE_ASSUMED: return "assumed";
	}
	return "?";
}

static void vt_print_mem(FILE *out, const char *label, const struct vt_meminfo *mi,
			 enum vt_meminfo_field f)
{
	char text[32];

	if (!vt_meminfo_has(mi, f))
		return;
	vt_format_kb(mi->value[f], text, sizeof text);
	fprintf(out, "%s %s", label, text);
}

void vt_status_print_text(const struct vt_out *o, const struct vt_status *st)
{
	FILE *out = o->stream;
	const struct vt_state *s = st->state;
	const struct vt_system *sys = &s->system;
	const struct vt_meminfo *mi = &s->meminfo;
	const struct vt_psi *psi = &s->psi;
	char text[32], host[VT_TEXT_ESCAPED_SIZE(sizeof sys->hostname)];
	char release[VT_TEXT_ESCAPED_SIZE(sizeof sys->kernel.release)];
	char tool[VT_TEXT_ESCAPED_SIZE(sizeof sys->meta.tool)];
	char *root = vt_text_escape(s->root->path, strlen(s->root->path), 0);

	/* The host name is any bytes sethostname() took, the snapshot's tool
	 * any string its JSON held: escaped like every name from the tree. */
	fprintf(out, "Host        %s\n", sys->hostname[0] ?
		vt_show(host, sizeof host, sys->hostname) : "(unknown)");
	fprintf(out, "Kernel      %s", vt_show(release, sizeof release, sys->kernel.release));
	if (sys->kernel.patch_source != VT_KPATCH_RELEASE)
		fprintf(out, " (upstream %u.%u.%u, from %s)", sys->kernel.major, sys->kernel.minor,
			sys->kernel.patch, sys->kernel.patch_source == VT_KPATCH_PROC_VERSION ?
			"/proc/version" : "/proc/version_signature");
	/* Said only when the kernel's own file was absent. */
	if (sys->release_from != NULL && strcmp(sys->release_from, "proc/sys/kernel/osrelease") != 0)
		fprintf(out, " (from %s)", sys->release_from);
	fputc('\n', out);
	/* The root's kind was decided when it opened; a series' t0/ read as
	 * a root of its own is a snapshot or a tree. */
	if (s->root->kind == VT_ROOT_LIVE)
		fprintf(out, "Source      live system, page size %lu\n", sys->page_size);
	else if (s->root->kind == VT_ROOT_SNAPSHOT)
		fprintf(out, "Source      snapshot %s (%s), page size %lu\n", root,
			sys->meta.tool[0] ? vt_show(tool, sizeof tool, sys->meta.tool) : "vmtune",
			sys->page_size);
	else if (s->root->kind == VT_ROOT_SOS)
		fprintf(out, "Source      sosreport %s, page size %lu (assumed: no %s)\n", root,
			sys->page_size, VT_SNAPSHOT_META);
	else
		fprintf(out, "Source      tree %s, page size %lu (assumed: no %s)\n", root,
			sys->page_size, VT_SNAPSHOT_META);
	free(root);

	if (vt_state_has(s, VT_STATE_SRC_MEMINFO)) {
		fputs("Memory     ", out);
		vt_print_mem(out, " total", mi, VT_MI_MEM_TOTAL);
		if (st->have_available) {
			vt_print_mem(out, ", available", mi, VT_MI_MEM_AVAILABLE);
			fprintf(out, " (%.1f%%)", st->available_pct);
		}
		vt_print_mem(out, ", free", mi, VT_MI_MEM_FREE);
		fputc('\n', out);
		if (st->have_swap && mi->value[VT_MI_SWAP_TOTAL] == 0) {
			fputs("Swap        none\n", out);
		} else if (st->have_swap) {
			fputs("Swap       ", out);
			vt_print_mem(out, " total", mi, VT_MI_SWAP_TOTAL);
			vt_format_kb(st->swap_used_kb, text, sizeof text);
			fprintf(out, ", used %s (%.1f%%)\n", text, st->swap_used_pct);
		}
	} else {
		fputs("Memory      not available (no /proc/meminfo)\n", out);
	}

	if (vt_state_has(s, VT_STATE_SRC_PSI)) {
		/* Percent of wall time over 10 s, 60 s and 300 s, as in the file. */
		fprintf(out, "Pressure    memory some %.2f/%.2f/%.2f%%", psi->some.avg10, psi->some.avg60,
			psi->some.avg300);
		if (psi->full.present)
			fprintf(out, ", full %.2f/%.2f/%.2f%%", psi->full.avg10, psi->full.avg60,
				psi->full.avg300);
		fputs(" (avg10/60/300)\n", out);
	} else if (s->root->kind == VT_ROOT_SOS) {
		fputs("Pressure    not available (no /proc/pressure/memory in the sosreport)\n", out);
	} else {
		fputs("Pressure    not available (no /proc/pressure/memory: kernel before 4.20, or PSI off)\n", out);
	}

	fputs("NUMA        ", out);
	vt_numa_print_summary(o, &st->topology);
	fputc('\n', out);

	if (!s->numa.has_zoneinfo)
		fputs("Zones       not available (no /proc/zoneinfo)\n", out);
	for (size_t i = 0; i < st->nzone_nodes; i++) {
		const struct vt_wm_node_summary *z = &st->zone_nodes[i];
		double mib = (double)sys->page_size / 1048576.0;
		char free_text[32], managed_text[32], zone[VT_TEXT_ESCAPED_SIZE(sizeof z->worst_zone)];

		vt_format_pages(z->free, sys->page_size, free_text, sizeof free_text);
		vt_format_pages(z->managed, sys->page_size, managed_text, sizeof managed_text);
		fprintf(out, "%-11s node %u: %u of %u zones populated, free %s of %s, min/low/high %.1f/%.1f/%.1f MiB, ",
			i == 0 ? "Zones" : "", z->node, z->populated, z->zones, free_text, managed_text,
			(double)z->min * mib, (double)z->low * mib, (double)z->high * mib);
		if (z->worst == VT_WM_EMPTY)
			fputs("no memory\n", out);
		else if (z->worst == VT_WM_OK)
			fputs("all above high\n", out);
		else
			fprintf(out, "%s %s\n", vt_show(zone, sizeof zone, z->worst_zone), vt_wm_state_text(z->worst));
	}
	if (vt_state_sysctls_from(s) != NULL)
		fprintf(out, "Knobs       knob values from %s (sosreport)\n", vt_state_sysctls_from(s));
	else
		fputs("Knobs\n", out);
	for (size_t i = 0; i < st->nknobs; i++) {
		const struct vt_status_knob *k = &st->knobs[i];

		fprintf(out, "  %-27s ", k->knob->name);
		if (!k->available) {
			fprintf(out, "%8s  %s\n", "-", k->unavailable_reason ? k->unavailable_reason : "not available");
			continue;
		}
		fprintf(out, "%8" PRId64 "  ", k->value);
		if (vt_knob_has_default(k->knob))
			fprintf(out, "default %" PRId64, k->knob->default_value);
		else
			fputs("computed at boot", out);
		if (k->knob->unit != VT_UNIT_NONE && k->knob->unit != VT_UNIT_BITS)
			fprintf(out, ", %s", vt_knob_unit_name(k->knob->unit));
		if (k->has_range && !k->in_range)
			fprintf(out, ", OUT OF RANGE %" PRId64 "-%" PRId64, k->range_min, k->range_max);
		fputc('\n', out);
	}
	if (st->advice != NULL) {
		const struct vt_advice *a = st->advice;
		size_t shown = 0;

		if (a->changes == 0) {
			fprintf(out, "Advice      none pending (%zu rules, %zu waived; vmtune recommend)\n", a->nrecs,
				a->waived);
			return;
		}
		fprintf(out, "Advice      %zu change%s pending:", a->changes, a->changes == 1 ? "" : "s");
		for (size_t i = 0; i < a->nrecs; i++) {
			const struct vt_recommendation *r = &a->recs[i];

			if (r->action != VT_ACTION_CHANGE || r->waived)
				continue;
			fprintf(out, "%s %s %" PRId64 " -> %" PRId64 " (%s)", shown++ ? "," : "", r->knob->name,
				r->current, r->recommended, r->id);
		}
		fputs("; vmtune recommend\n", out);
	} else if (st->advice_error != NULL) {
		fprintf(out, "Advice      not available: %s\n", st->advice_error);
	}
}

/* The pending changes, for scripts that read status only. */
static json_t *vt_status_advice_json(const struct vt_status *st)
{
	const struct vt_advice *a = st->advice;
	json_t *o, *pending;
	int err = 0, perr = 0;

	if (a == NULL)
		return st->advice_error ? json_pack("{s:o}", "error", vt_json_text(st->advice_error)) : json_null();
	o = json_object();
	pending = json_array();
	for (size_t i = 0; i < a->nrecs; i++) {
		const struct vt_recommendation *r = &a->recs[i];

		if (r->action == VT_ACTION_CHANGE && !r->waived)
			perr |= json_array_append_new(pending, json_pack("{s:s, s:s, s:I, s:I}", "id", r->id,
				"knob", r->knob->name, "current", (json_int_t)r->current,
				"recommended", (json_int_t)r->recommended));
	}
	err |= json_object_set_new(o, "changes", json_integer((json_int_t)a->changes));
	err |= json_object_set_new(o, "waived", json_integer((json_int_t)a->waived));
	err |= json_object_set_new(o, "basis", json_string(vt_basis_name(a->basis)));
	err |= json_object_set_new(o, "pending", vt_json_done(pending, perr));
	return vt_json_done(o, err);
}

static json_t *vt_json_kb(const struct vt_meminfo *mi, enum vt_meminfo_field f)
{
	return vt_meminfo_has(mi, f) ? vt_json_count(mi->value[f]) : json_null();
}

static json_t *vt_psi_line_json(const struct vt_psi_line *l)
{
	if (!l->present)
		return json_null();
	return json_pack("{s:f, s:f, s:f, s:o}", "avg10", l->avg10, "avg60", l->avg60, "avg300", l->avg300,
			 "total_us", vt_json_count(l->total_us));
}

static json_t *vt_status_knobs_json(const struct vt_status *st)
{
	json_t *knobs = json_object();
	int err = 0;

	for (size_t i = 0; i < st->nknobs; i++) {
		const struct vt_status_knob *k = &st->knobs[i];
		json_t *o = json_object();
		int oerr = 0;

		oerr |= json_object_set_new(o, "available", json_boolean(k->available));
		oerr |= json_object_set_new(o, "value", k->available ? json_integer((json_int_t)k->value) : json_null());
		oerr |= json_object_set_new(o, "default", vt_knob_has_default(k->knob) ?
					    json_integer((json_int_t)k->knob->default_value) : json_null());
		oerr |= json_object_set_new(o, "unit", json_string(vt_knob_unit_name(k->knob->unit)));
		if (k->has_range)
			oerr |= json_object_set_new(o, "range", json_pack("[I, I]", (json_int_t)k->range_min,
									  (json_int_t)k->range_max));
		else
			oerr |= json_object_set_new(o, "range", json_null());
		oerr |= json_object_set_new(o, "in_range", json_boolean(k->in_range));
		oerr |= json_object_set_new(o, "source", k->available ? json_string(k->source) : json_null());
		if (!k->available)
			oerr |= json_object_set_new(o, "reason", vt_json_text(k->unavailable_reason ?
									      k->unavailable_reason : "not available"));
		err |= json_object_set_new(knobs, k->knob->name, vt_json_done(o, oerr));
	}
	return vt_json_done(knobs, err);
}

static json_t *vt_status_zones_json(const struct vt_status *st)
{
	json_t *zones;
	int err = 0;

	if (!st->state->numa.has_zoneinfo)
		return json_null();
	zones = json_array();
	for (size_t i = 0; i < st->nzone_nodes; i++) {
		const struct vt_wm_node_summary *z = &st->zone_nodes[i];

		err |= json_array_append_new(zones, json_pack("{s:i, s:i, s:i, s:o, s:o, s:o, s:o, s:o, s:s, s:o}",
			"node", (int)z->node, "zones", (int)z->zones, "populated", (int)z->populated,
			"managed_pages", vt_json_count(z->managed), "free_pages", vt_json_count(z->free),
			"min_pages", vt_json_count(z->min), "low_pages", vt_json_count(z->low),
			"high_pages", vt_json_count(z->high), "state", vt_wm_state_name(z->worst),
			"state_zone", z->worst == VT_WM_EMPTY ? json_null() : vt_json_text(z->worst_zone)));
	}
	return vt_json_done(zones, err);
}

static json_t *vt_status_numa_json(const struct vt_status *st)
{
	const struct vt_topology *t = &st->topology;
	char *list = vt_idset_format(&st->online_nodes), *mo = vt_idset_format(&t->memory_only);
	json_t *numa;
	int err = 0;

	numa = json_pack("{s:b, s:s, s:I}", "available", st->state->numa.numa_available,
			 "online", list, "node_count", (json_int_t)t->nnodes);
	err |= json_object_set_new(numa, "memory_only", json_string(mo));
	err |= json_object_set_new(numa, "max_distance", t->dist.have_remote ?
				   json_integer(t->dist.max_remote) : json_null());
	err |= json_object_set_new(numa, "exceeds_reclaim_distance", t->dist.available ?
				   json_boolean(t->dist.beyond_reclaim) : json_null());
	err |= json_object_set_new(numa, "symmetric", t->dist.available && t->dist.symmetry_known ?
				   json_boolean(t->dist.symmetric) : json_null());
	err |= json_object_set_new(numa, "online_matches_nodes", t->numa_available &&
				   st->state->numa.has_set[VT_NSET_ONLINE] ? json_boolean(!t->online_mismatch) : json_null());
	free(list);
	free(mo);
	return vt_json_done(numa, err);
}

json_t *vt_status_to_json(const struct vt_status *st)
{
	const struct vt_state *s = st->state;
	const struct vt_system *sys = &s->system;
	const struct vt_meminfo *mi = &s->meminfo;
	json_t *root = json_object(), *mem = json_null(), *source;
	int err = 0, serr = 0, merr = 0;

	source = json_pack("{s:o, s:b, s:b, s:s, s:s}", "root", vt_json_text(s->root->path),
			   "live", s->root->kind == VT_ROOT_LIVE, "snapshot", s->root->kind == VT_ROOT_SNAPSHOT,
			   "kind", vt_root_kind_name(s->root->kind),
			   "page_size_source", vt_page_source_name(sys->page_size_source));
	if (sys->meta.present)
		serr |= json_object_set_new(source, "captured_realtime_ns", vt_json_count(sys->meta.realtime_ns));
	err |= json_object_set_new(root, "schema_version", json_integer(vt_schema_version(VT_DOC_STATUS)));
	err |= json_object_set_new(root, "source", vt_json_done(source, serr));
	err |= json_object_set_new(root, "hostname", vt_json_text(sys->hostname));
	err |= json_object_set_new(root, "kernel", json_pack("{s:o, s:i, s:i, s:i, s:s?}",
		"release", vt_json_text(sys->kernel.release), "major", (int)sys->kernel.major,
		"minor", (int)sys->kernel.minor, "patch", (int)sys->kernel.patch, "source", sys->release_from));
	err |= json_object_set_new(root, "page_size", json_integer((json_int_t)sys->page_size));
	if (vt_state_has(s, VT_STATE_SRC_MEMINFO)) {
		mem = json_object();
		merr |= json_object_set_new(mem, "total_kb", vt_json_kb(mi, VT_MI_MEM_TOTAL));
		merr |= json_object_set_new(mem, "free_kb", vt_json_kb(mi, VT_MI_MEM_FREE));
		merr |= json_object_set_new(mem, "available_kb", vt_json_kb(mi, VT_MI_MEM_AVAILABLE));
		merr |= json_object_set_new(mem, "available_pct",
					    st->have_available ? json_real(st->available_pct) : json_null());
		merr |= json_object_set_new(mem, "swap_total_kb", vt_json_kb(mi, VT_MI_SWAP_TOTAL));
		merr |= json_object_set_new(mem, "swap_free_kb", vt_json_kb(mi, VT_MI_SWAP_FREE));
		merr |= json_object_set_new(mem, "swap_used_kb",
					    st->have_swap ? vt_json_count(st->swap_used_kb) : json_null());
	}
	err |= json_object_set_new(root, "memory", vt_json_done(mem, merr));
	err |= json_object_set_new(root, "pressure", vt_state_has(s, VT_STATE_SRC_PSI) ?
				   json_pack("{s:o, s:o}", "some", vt_psi_line_json(&s->psi.some),
					     "full", vt_psi_line_json(&s->psi.full)) : json_null());
	err |= json_object_set_new(root, "knobs", vt_status_knobs_json(st));
	err |= json_object_set_new(root, "advice", vt_status_advice_json(st));
	err |= json_object_set_new(root, "zones", vt_status_zones_json(st));
	err |= json_object_set_new(root, "numa", vt_status_numa_json(st));
	return vt_json_done(root, err);
}
