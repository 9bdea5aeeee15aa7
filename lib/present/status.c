#include "config.h"
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

void vt_status_print_text(FILE *out, const struct vt_status *st)
{
	const struct vt_meminfo *mi = &st->meminfo;
	char text[32];

	fprintf(out, "Host        %s\n", st->system.hostname[0] ? st->system.hostname : "(unknown)");
	fprintf(out, "Kernel      %s\n", st->system.kernel.release);
	if (st->live)
		fprintf(out, "Source      live system, page size %lu\n", st->system.page_size);
	else if (st->system.meta.present)
		fprintf(out, "Source      snapshot %s (%s), page size %lu\n", st->root_path,
			st->system.meta.tool[0] ? st->system.meta.tool : "vmtune", st->system.page_size);
	else
		fprintf(out, "Source      tree %s, page size %lu (assumed: no %s)\n", st->root_path,
			st->system.page_size, VT_SNAPSHOT_META);

	if (st->have_meminfo) {
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

	if (st->have_psi) {
		/* Percent of wall time over 10 s, 60 s and 300 s, as in the file. */
		fprintf(out, "Pressure    memory some %.2f/%.2f/%.2f%%", st->psi.some.avg10, st->psi.some.avg60,
			st->psi.some.avg300);
		if (st->psi.full.present)
			fprintf(out, ", full %.2f/%.2f/%.2f%%", st->psi.full.avg10, st->psi.full.avg60,
				st->psi.full.avg300);
		fputs(" (avg10/60/300)\n", out);
	} else {
		fputs("Pressure    not available (no /proc/pressure/memory: kernel before 4.20, or PSI off)\n", out);
	}

	fputs("NUMA        ", out);
	vt_numa_print_summary(out, &st->topology);
	fputc('\n', out);

	if (!st->numa.has_zoneinfo)
		fputs("Zones       not available (no /proc/zoneinfo)\n", out);
	for (size_t i = 0; i < st->nzone_nodes; i++) {
		const struct vt_wm_node_summary *z = &st->zone_nodes[i];
		unsigned long kb = st->system.page_size / 1024;
		char free_text[32], managed_text[32];

		vt_format_kb(z->free * kb, free_text, sizeof free_text);
		vt_format_kb(z->managed * kb, managed_text, sizeof managed_text);
		fprintf(out, "%-11s node %u: %u of %u zones populated, free %s of %s, min/low/high %.1f/%.1f/%.1f MiB, ",
			i == 0 ? "Zones" : "", z->node, z->populated, z->zones, free_text, managed_text,
			(double)(z->min * kb) / 1024.0, (double)(z->low * kb) / 1024.0, (double)(z->high * kb) / 1024.0);
		if (z->worst == VT_WM_EMPTY)
			fputs("no memory\n", out);
		else if (z->worst == VT_WM_OK)
			fputs("all above high\n", out);
		else
			fprintf(out, "%s %s\n", z->worst_zone, vt_wm_state_text(z->worst));
	}
	fputs("Knobs\n", out);
	for (size_t i = 0; i < st->nknobs; i++) {
		const struct vt_status_knob *k = &st->knobs[i];

		fprintf(out, "  %-27s ", k->knob->name);
		if (!k->available) {
			fprintf(out, "%8s  %s\n", "-", k->unavailable_reason ? k->unavailable_reason : "not available");
			continue;
		}
		fprintf(out, "%8" PRId64 "  ", k->value);
		if (k->knob->has_default)
			fprintf(out, "default %" PRId64, k->knob->default_value);
		else
			fputs("computed at boot", out);
		if (k->knob->unit[0] && strcmp(k->knob->unit, "bits") != 0)
			fprintf(out, ", %s", k->knob->unit);
		if (k->has_range && !k->in_range)
			fprintf(out, ", OUT OF RANGE %" PRId64 "-%" PRId64, k->range_min, k->range_max);
		fputc('\n', out);
	}
}

static json_t *vt_json_kb(const struct vt_meminfo *mi, enum vt_meminfo_field f)
{
	return vt_meminfo_has(mi, f) ? json_integer((json_int_t)mi->value[f]) : json_null();
}

static json_t *vt_psi_line_json(const struct vt_psi_line *l)
{
	if (!l->present)
		return json_null();
	return json_pack("{s:f, s:f, s:f, s:I}", "avg10", l->avg10, "avg60", l->avg60, "avg300", l->avg300,
			 "total_us", (json_int_t)l->total_us);
}

json_t *vt_status_to_json(const struct vt_status *st)
{
	const struct vt_meminfo *mi = &st->meminfo;
	json_t *root = json_object(), *mem = json_null(), *knobs = json_object(), *numa, *source;
	char *list;

	source = json_pack("{s:s, s:b, s:b, s:s}", "root", st->root_path, "live", st->live,
			   "snapshot", st->system.meta.present,
			   "page_size_source", vt_page_source_name(st->system.page_size_source));
	if (st->system.meta.present)
		json_object_set_new(source, "captured_realtime_ns",
				    json_integer((json_int_t)st->system.meta.realtime_ns));
	json_object_set_new(root, "schema_version", json_integer(VT_JSON_SCHEMA_VERSION));
	json_object_set_new(root, "source", source);
	json_object_set_new(root, "hostname", json_string(st->system.hostname));
	json_object_set_new(root, "kernel", json_pack("{s:s, s:i, s:i, s:i}",
		"release", st->system.kernel.release, "major", (int)st->system.kernel.major,
		"minor", (int)st->system.kernel.minor, "patch", (int)st->system.kernel.patch));
	json_object_set_new(root, "page_size", json_integer((json_int_t)st->system.page_size));
	if (st->have_meminfo) {
		mem = json_object();
		json_object_set_new(mem, "total_kb", vt_json_kb(mi, VT_MI_MEM_TOTAL));
		json_object_set_new(mem, "free_kb", vt_json_kb(mi, VT_MI_MEM_FREE));
		json_object_set_new(mem, "available_kb", vt_json_kb(mi, VT_MI_MEM_AVAILABLE));
		json_object_set_new(mem, "available_pct",
				    st->have_available ? json_real(st->available_pct) : json_null());
		json_object_set_new(mem, "swap_total_kb", vt_json_kb(mi, VT_MI_SWAP_TOTAL));
		json_object_set_new(mem, "swap_free_kb", vt_json_kb(mi, VT_MI_SWAP_FREE));
		json_object_set_new(mem, "swap_used_kb",
				    st->have_swap ? json_integer((json_int_t)st->swap_used_kb) : json_null());
	}
	json_object_set_new(root, "memory", mem);
	json_object_set_new(root, "pressure", st->have_psi ?
			    json_pack("{s:o, s:o}", "some", vt_psi_line_json(&st->psi.some),
				      "full", vt_psi_line_json(&st->psi.full)) : json_null());
	for (size_t i = 0; i < st->nknobs; i++) {
		const struct vt_status_knob *k = &st->knobs[i];
		json_t *o = json_object();

		json_object_set_new(o, "available", json_boolean(k->available));
		json_object_set_new(o, "value", k->available ? json_integer((json_int_t)k->value) : json_null());
		json_object_set_new(o, "default", k->knob->has_default ?
				    json_integer((json_int_t)k->knob->default_value) : json_null());
		json_object_set_new(o, "unit", json_string(k->knob->unit));
		if (k->has_range)
			json_object_set_new(o, "range", json_pack("[I, I]", (json_int_t)k->range_min,
								  (json_int_t)k->range_max));
		else
			json_object_set_new(o, "range", json_null());
		json_object_set_new(o, "in_range", json_boolean(k->in_range));
		if (!k->available)
			json_object_set_new(o, "reason", json_string(k->unavailable_reason ?
								     k->unavailable_reason : "not available"));
		json_object_set_new(knobs, k->knob->name, o);
	}
	json_object_set_new(root, "knobs", knobs);
	if (st->numa.has_zoneinfo) {
		json_t *zones = json_array();

		for (size_t i = 0; i < st->nzone_nodes; i++) {
			const struct vt_wm_node_summary *z = &st->zone_nodes[i];

			json_array_append_new(zones, json_pack("{s:i, s:i, s:i, s:I, s:I, s:I, s:I, s:I, s:s, s:o}",
				"node", (int)z->node, "zones", (int)z->zones, "populated", (int)z->populated,
				"managed_pages", (json_int_t)z->managed, "free_pages", (json_int_t)z->free,
				"min_pages", (json_int_t)z->min, "low_pages", (json_int_t)z->low,
				"high_pages", (json_int_t)z->high, "state", vt_wm_state_name(z->worst),
				"state_zone", z->worst == VT_WM_EMPTY ? json_null() : json_string(z->worst_zone)));
		}
		json_object_set_new(root, "zones", zones);
	} else {
		json_object_set_new(root, "zones", json_null());
	}
	list = vt_idset_format(&st->online_nodes);
	numa = json_pack("{s:b, s:s, s:I}", "available", st->numa.numa_available,
			 "online", list, "node_count", (json_int_t)st->topology.nnodes);
	free(list);
	{
		const struct vt_topology *t = &st->topology;
		char *mo = vt_idset_format(&t->memory_only);

		json_object_set_new(numa, "memory_only", json_string(mo));
		free(mo);
		json_object_set_new(numa, "max_distance", t->dist.have_remote ?
				    json_integer(t->dist.max_remote) : json_null());
		json_object_set_new(numa, "exceeds_reclaim_distance", t->dist.available ?
				    json_boolean(t->dist.beyond_reclaim) : json_null());
		json_object_set_new(numa, "symmetric", t->dist.available && t->dist.symmetry_known ?
				    json_boolean(t->dist.symmetric) : json_null());
		json_object_set_new(numa, "online_matches_nodes", t->numa_available &&
				    st->numa.has_set[VT_NSET_ONLINE] ? json_boolean(!t->online_mismatch) : json_null());
	}
	json_object_set_new(root, "numa", numa);
	return root;
}
