#include "config.h"
#include "core/schema.h"
#include "present/numa.h"
#include "present/format.h"
#include "core/xalloc.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

static void vt_print_list(FILE *out, const struct vt_idset *set, const char *none)
{
	char *s = vt_idset_format(set);

	fputs(set->count ? s : none, out);
	free(s);
}

static const char *vt_node_kind(const struct vt_topo_node *n)
{
	if (n->memory_only)
		return "memory-only";
	if (n->cpu_only)
		return "cpu-only";
	if (n->has_cpu && n->has_memory)
		return "cpu+memory";
	if (n->has_cpu_known && n->has_memory_known)
		return "empty";
	return "unknown";	/* a CPU or memory side not known: neither of the above */
}

/* "3 nodes online (0-2)", or "3 nodes (directories 0-2; online 0-1
 * disagrees)" when the kernel's online set names other nodes than the
 * nodeN directories, which are what is listed. */
static void vt_print_node_count(FILE *out, const struct vt_topology *t)
{
	const struct vt_numa_probe *p = t->probe;

	fprintf(out, "%zu node%s", t->nnodes, t->nnodes == 1 ? "" : "s");
	if (t->online_mismatch) {
		fputs(" (directories ", out);
		vt_print_list(out, &t->node_ids, "none");
		fputs("; online ", out);
		vt_print_list(out, &p->set[VT_NSET_ONLINE], "(none)");
		fputs(" disagrees)", out);
	} else if (p->has_set[VT_NSET_ONLINE]) {
		fputs(" online (", out);
		vt_print_list(out, &p->set[VT_NSET_ONLINE], "none");
		fputc(')', out);
	} else {
		fputs(" (", out);
		vt_print_list(out, &t->node_ids, "none");
		fputc(')', out);
	}
}

static void vt_print_sets(FILE *out, const struct vt_topology *t)
{
	const struct vt_numa_probe *p = t->probe;

	fputs("Node sets  ", out);
	for (int s = 0; s < VT_NSET_COUNT; s++) {
		fprintf(out, " %s ", vt_numa_set_name((enum vt_numa_set)s));
		if (p->has_set[s])
			vt_print_list(out, &p->set[s], "(none)");
		else
			fputs("(not available)", out);
		if (s + 1 == VT_NSET_COUNT)
			fputc('\n', out);
		else if (s == VT_NSET_HAS_NORMAL_MEMORY)
			fputs(",\n           ", out);     /* two lines of about 80 columns */
		else
			fputc(',', out);
	}
}

/* "DMA32,Normal": the populated zones; "-" for none, "?" without zoneinfo. */
static void vt_zone_names(const struct vt_topo_node *n, char *buf, size_t size)
{
	size_t len = 0;

	snprintf(buf, size, "%s", n->zones_known ? "-" : "?");
	for (size_t i = 0; i < n->nzones; i++) {
		if (!n->zones[i]->populated)
			continue;
		char zone[VT_TEXT_ESCAPED_SIZE(sizeof n->zones[i]->name)];

		len += (size_t)snprintf(buf + len, len < size ? size - len : 0, "%s%s",
					len ? "," : "", vt_show(zone, sizeof zone, n->zones[i]->name));
		if (len >= size)
			break;
	}
}

static void vt_print_node_table(FILE *out, const struct vt_topology *t)
{
	char total[32], freebuf[32], tier[16], zones[80];

	fprintf(out, "%5s  %-18s %11s %11s %5s  %-17s %s\n", "node", "kind", "memory", "free", "tier",
		"zones", "cpus");
	for (size_t i = 0; i < t->nnodes; i++) {
		const struct vt_topo_node *n = &t->nodes[i];
		char kind[64];

		snprintf(kind, sizeof kind, "%s%s%s", vt_node_kind(n),
			 n->generic_initiator ? ",initiator" : "", n->online ? "" : ",offline");
		if (n->has_total)
			vt_format_kb(n->total_kb, total, sizeof total);
		else
			strcpy(total, "-");
		if (n->has_free)
			vt_format_kb(n->free_kb, freebuf, sizeof freebuf);
		else
			strcpy(freebuf, "-");
		if (n->tier >= 0)
			snprintf(tier, sizeof tier, "%d", n->tier);
		else
			strcpy(tier, "-");
		vt_zone_names(n, zones, sizeof zones);
		fprintf(out, "%5u  %-18s %11s %11s %5s  %-17s ", n->id, kind, total, freebuf, tier, zones);
		if (!n->cpus_known)
			fputs("(not available)", out);
		else
			vt_print_list(out, n->cpus, "-");
		fputc('\n', out);
	}
}

static void vt_print_distances(FILE *out, const struct vt_topology *t)
{
	const struct vt_topo_distance *d = &t->dist;
	size_t n = d->n;

	if (!d->available) {
		fputs("Distances   not available (no nodeN/distance)\n", out);
		return;
	}
	fputs("Distances (SLIT, nodeN/distance)\n", out);
	fprintf(out, "%5s ", "node");
	for (size_t j = 0; j < n; j++)
		fprintf(out, " %4u", t->nodes[j].id);
	fputc('\n', out);
	for (size_t i = 0; i < n; i++) {
		fprintf(out, "%5u ", t->nodes[i].id);
		for (size_t j = 0; j < n; j++) {
			if (d->known[i * n + j])
				fprintf(out, " %4u", d->d[i * n + j]);
			else
				fprintf(out, " %4s", "-");
		}
		fputc('\n', out);
	}
	if (d->square)
		fprintf(out, "Matrix      %zux%zu", n, n);
	else if (t->nodes[d->bad_row].raw->has_distance)
		fprintf(out, "Matrix      not square: node %u has %zu entr%s for %zu nodes", t->nodes[d->bad_row].id,
			d->bad_row_len, d->bad_row_len == 1 ? "y" : "ies", n);
	else
		fprintf(out, "Matrix      not square: node %u has no distance row", t->nodes[d->bad_row].id);
	if (d->symmetric) {
		fputs(", symmetric", out);
	} else if (d->asymmetric_pairs) {
		size_t a = d->asym_i, b = d->asym_j;

		fprintf(out, ", ASYMMETRIC in %zu pair%s (node %u -> %u is %u, %u -> %u is %u)",
			d->asymmetric_pairs, d->asymmetric_pairs == 1 ? "" : "s",
			t->nodes[a].id, t->nodes[b].id, d->d[a * n + b],
			t->nodes[b].id, t->nodes[a].id, d->d[b * n + a]);
	}
	if (d->local_ok)
		fprintf(out, ", local distance %u on every node%s\n", VT_LOCAL_DISTANCE,
			d->square ? "" : " with a row");
	else
		fprintf(out, ", local distance of node %u is %u, not %u\n", t->nodes[d->bad_local].id,
			d->d[d->bad_local * n + d->bad_local], VT_LOCAL_DISTANCE);
	if (!d->have_remote) {
		fputs("Remote      none (one node)\n", out);
		return;
	}
	fputs("Remote      distances", out);
	for (size_t k = 0; k < d->nclasses; k++)
		fprintf(out, "%s%u", k ? ", " : " ", d->classes[k]);
	fprintf(out, "; largest %u (node %u -> %u)", d->max_remote, t->nodes[d->max_i].id,
		t->nodes[d->max_j].id);
	if (d->beyond_reclaim)
		fprintf(out, " > RECLAIM_DISTANCE %u: %zu node pair%s beyond it\n", VT_RECLAIM_DISTANCE,
			d->beyond_pairs, d->beyond_pairs == 1 ? "" : "s");
	else
		fprintf(out, " <= RECLAIM_DISTANCE %u\n", VT_RECLAIM_DISTANCE);
}

static void vt_print_numastat(FILE *out, const struct vt_topology *t)
{
	bool any = false;

	for (size_t i = 0; i < t->nnodes; i++)
		any = any || t->nodes[i].raw->has_numastat;
	if (!any) {
		fputs("numastat    not available\n", out);
		return;
	}
	fputs("numastat (pages)\n", out);
	fprintf(out, "%5s", "node");
	for (int f = 0; f < VT_NS_COUNT; f++)
		fprintf(out, " %15s", vt_numastat_name((enum vt_numastat_field)f));
	fputc('\n', out);
	for (size_t i = 0; i < t->nnodes; i++) {
		const struct vt_numa_node *raw = t->nodes[i].raw;

		fprintf(out, "%5u", raw->id);
		for (int f = 0; f < VT_NS_COUNT; f++) {
			if (raw->has_numastat && vt_numastat_has(&raw->numastat, (enum vt_numastat_field)f))
				fprintf(out, " %15" PRIu64, raw->numastat.value[f]);
			else
				fprintf(out, " %15s", "-");
		}
		fputc('\n', out);
	}
}

static void vt_print_tiers(FILE *out, const struct vt_topology *t)
{
	const struct vt_numa_probe *p = t->probe;

	if (!p->tiers_available) {
		fputs("Tiers       not available (no memory_tiering)\n", out);
		return;
	}
	fputs("Tiers      ", out);
	if (p->ntiers == 0)
		fputs(" none", out);
	for (size_t i = 0; i < p->ntiers; i++) {
		fprintf(out, "%s memory_tier%u: nodes ", i ? ";" : "", p->tiers[i].id);
		if (p->tiers[i].has_nodelist)
			vt_print_list(out, &p->tiers[i].nodes, "(none)");
		else
			fputs("(not available)", out);
	}
	fputs(" (smaller tier = faster memory)\n", out);
}

static void vt_print_hmat(FILE *out, const struct vt_topology *t)
{
	static const char *const units[VT_HMAT_COUNT] = { "MB/s", "MB/s", "ns", "ns" };
	static const char *const labels[VT_HMAT_COUNT] = { "read", "write", "read", "write" };
	bool any = false;

	for (size_t i = 0; i < t->nnodes && !any; i++)
		any = t->nodes[i].raw->naccess > 0;
	if (!any) {
		fputs("HMAT        not available (no nodeN/accessN)\n", out);
		return;
	}
	fputs("HMAT access classes (access0: any initiator, access1: CPUs only)\n", out);
	for (size_t i = 0; i < t->nnodes; i++) {
		const struct vt_numa_node *raw = t->nodes[i].raw;

		for (size_t a = 0; a < raw->naccess; a++) {
			const struct vt_numa_access *acc = &raw->access[a];

			/* A target lists its best initiators and their figures; an
			 * initiator lists the targets it is best for.  A CPU node is
			 * usually both: the figures follow the initiators they
			 * belong to, the targets come last, after a semicolon, so
			 * that they do not read as reached at those figures. */
			bool as_target = acc->initiators.count || acc->present;

			fprintf(out, "  node %u access%u:", raw->id, acc->cls);
			if (as_target) {
				fputs(" initiators ", out);
				vt_print_list(out, &acc->initiators, "none");
			}
			for (int f = 0; f < VT_HMAT_COUNT; f++) {
				if ((acc->present >> f) & 1)
					fprintf(out, ", %s %" PRIu64 " %s", labels[f], acc->value[f], units[f]);
			}
			if (acc->targets.count) {
				fputs(as_target ? "; targets " : " targets ", out);
				vt_print_list(out, &acc->targets, "none");
			}
			fputc('\n', out);
		}
	}
}

void vt_numa_print_text(const struct vt_out *o, const struct vt_topology *t)
{
	FILE *out = o->stream;

	const struct vt_numa_probe *p = t->probe;
	char total[32];

	if (!t->numa_available) {
		fputs("NUMA        not available (no /sys/devices/system/node): 1 node\n", out);
		vt_print_node_table(out, t);
		return;
	}
	fputs("NUMA        ", out);
	if (t->online_mismatch || p->has_set[VT_NSET_ONLINE]) {
		vt_print_node_count(out, t);
	} else {
		fprintf(out, "%zu node%s", t->nnodes, t->nnodes == 1 ? "" : "s");
	}
	fprintf(out, ", %zu CPU%s", t->cpu_count, t->cpu_count == 1 ? "" : "s");
	if (t->has_total) {
		vt_format_kb(t->total_kb, total, sizeof total);
		fprintf(out, ", %s", total);
	}
	if (t->sparse)
		fputs(", sparse node ids", out);
	fputc('\n', out);
	vt_print_sets(out, t);
	if (t->have_offline) {
		fputs("Offline     ", out);
		vt_print_list(out, &t->offline, "none");
		fputs(t->offline.count ? " (possible, not online)\n" : "\n", out);
	}
	fputs("Memory-only ", out);
	vt_print_list(out, &t->memory_only, "none");
	fputs(t->memory_only.count ? " (memory without CPUs: CXL/PMEM expander or memory-only node)\n" : "\n", out);
	fputs("CPU-only    ", out);
	vt_print_list(out, &t->cpu_only, "none");
	fputs(t->cpu_only.count ? " (CPUs without memory: they allocate from a remote node)\n" : "\n", out);
	fputc('\n', out);
	vt_print_node_table(out, t);
	fputc('\n', out);
	vt_print_distances(out, t);
	fputc('\n', out);
	vt_print_numastat(out, t);
	fputc('\n', out);
	vt_print_tiers(out, t);
	vt_print_hmat(out, t);
}

void vt_numa_print_summary(const struct vt_out *o, const struct vt_topology *t)
{
	FILE *out = o->stream;

	const struct vt_topo_distance *d = &t->dist;

	if (!t->numa_available) {
		fputs("not available (no /sys/devices/system/node): 1 node", out);
		return;
	}
	vt_print_node_count(out, t);
	if (t->memory_only.count) {
		fputs(", memory-only ", out);
		vt_print_list(out, &t->memory_only, "");
	}
	if (t->cpu_only.count) {
		fputs(", cpu-only ", out);
		vt_print_list(out, &t->cpu_only, "");
	}
	if (t->offline.count) {
		fputs(", offline ", out);
		vt_print_list(out, &t->offline, "");
	}
	if (d->have_remote) {
		fprintf(out, ", max distance %u %s RECLAIM_DISTANCE %u", d->max_remote,
			d->beyond_reclaim ? ">" : "<=", VT_RECLAIM_DISTANCE);
		if (d->asymmetric_pairs)
			fputs(", distances asymmetric", out);
		else if (!d->square)
			fputs(", distance matrix incomplete", out);
	}
}

/* numactl --hardware, to the byte.  numactl lists the nodeN directories
 * (libnuma set_configured_nodes), takes CPUs from nodeN/cpumap, sizes from
 * nodeN/meminfo (kB << 10 >> 20, "<not available>" when unreadable), and
 * maps the k-th number of a distance row to the k-th listed node, 0 where
 * a row is missing or short. */
int vt_numa_print_numactl(const struct vt_out *o, const struct vt_topology *t)
{
	FILE *out = o->stream;

	const struct vt_topo_distance *d = &t->dist;
	size_t n = t->nnodes;
	char *list;

	if (!t->numa_available) {
		fputs("No NUMA available on this system\n", out);
		return 1;
	}
	list = vt_idset_format(&t->node_ids);
	fprintf(out, "available: %zu nodes (%s)\n", n, list);
	free(list);
	for (size_t i = 0; i < n; i++) {
		const struct vt_topo_node *node = &t->nodes[i];
		const struct vt_numa_node *raw = node->raw;

		fprintf(out, "node %u cpus:", node->id);
		if (raw->has_cpumap)
			for (size_t c = 0; c < raw->cpumap.count; c++)
				fprintf(out, " %u", raw->cpumap.ids[c]);
		fputc('\n', out);
		if (node->has_total)
			fprintf(out, "node %u size: %" PRIu64 " MB\n", node->id, node->numactl_size_mb);
		else
			fprintf(out, "node %u size: <not available>\n", node->id);
		if (node->has_free)
			fprintf(out, "node %u free: %" PRIu64 " MB\n", node->id, node->numactl_free_mb);
		else
			fprintf(out, "node %u free: <not available>\n", node->id);
	}
	/* numactl tests distance(last node, first node) == 0 for "no table". */
	if (n == 0 || !d->available || d->d[(n - 1) * n] == 0) {
		fputs("No distance information available.\n", out);
		return 0;
	}
	fputs("node distances:\nnode ", out);
	for (size_t j = 0; j < n; j++)
		fprintf(out, "% 3d ", (int)t->nodes[j].id);
	fputc('\n', out);
	for (size_t i = 0; i < n; i++) {
		fprintf(out, "% 3d: ", (int)t->nodes[i].id);
		for (size_t j = 0; j < n; j++)
			fprintf(out, "% 3d ", (int)d->d[i * n + j]);
		fputc('\n', out);
	}
	return 0;
}

static json_t *vt_json_list(const struct vt_idset *set)
{
	char *s = vt_idset_format(set);
	json_t *v = json_string(s);

	free(s);
	return v;
}

static json_t *vt_json_u64(bool has, uint64_t v)
{
	return has ? vt_json_count(v) : json_null();
}

static json_t *vt_json_zones(const struct vt_topo_node *n)
{
	json_t *zones;
	int err = 0;

	if (!n->zones_known)
		return json_null();
	zones = json_array();
	for (size_t z = 0; z < n->nzones; z++)
		err |= json_array_append_new(zones, json_pack("{s:o, s:b, s:o}", "name", vt_json_text(n->zones[z]->name),
			"populated", n->zones[z]->populated, "managed_pages",
			vt_json_u64(vt_zone_has(n->zones[z], VT_ZF_MANAGED), vt_zone_get(n->zones[z], VT_ZF_MANAGED))));
	return vt_json_done(zones, err);
}

/* Distances repeat a handful of values up to n^2 times (a SLIT entry is a
 * byte): one shared json_t per value keeps a 1024-node matrix at a slot
 * per entry instead of an integer object per entry. */
struct vt_json_smallints {
	json_t *value[256];
};

static json_t *vt_json_smallint(struct vt_json_smallints *c, unsigned v)
{
	if (v >= sizeof c->value / sizeof c->value[0])
		return json_integer(v);
	if (c->value[v] == NULL)
		c->value[v] = json_integer(v);
	return json_incref(c->value[v]);
}

static void vt_json_smallints_release(struct vt_json_smallints *c)
{
	for (size_t v = 0; v < sizeof c->value / sizeof c->value[0]; v++)
		json_decref(c->value[v]);
}

/* Node i's own row, when it says the same as row i of the matrix (a row of
 * exactly n entries), is the matrix's row object: printed twice, held once. */
static json_t *vt_json_node(const struct vt_topology *t, size_t i, json_t *matrix, struct vt_json_smallints *ints)
{
	const struct vt_topo_node *n = &t->nodes[i];
	const struct vt_numa_node *raw = n->raw;
	json_t *o = json_object(), *dist = json_null(), *ns = json_null(), *hmat = json_object();
	int err = 0, derr = 0, nerr = 0, herr = 0;

	err |= json_object_set_new(o, "id", json_integer(n->id));
	err |= json_object_set_new(o, "kind", json_string(vt_node_kind(n)));
	err |= json_object_set_new(o, "online", json_boolean(n->online));
	err |= json_object_set_new(o, "has_cpu", n->has_cpu_known ? json_boolean(n->has_cpu) : json_null());
	err |= json_object_set_new(o, "has_memory", n->has_memory_known ? json_boolean(n->has_memory) :
				   json_null());
	err |= json_object_set_new(o, "memory_only", json_boolean(n->memory_only));
	err |= json_object_set_new(o, "cpu_only", json_boolean(n->cpu_only));
	err |= json_object_set_new(o, "generic_initiator", json_boolean(n->generic_initiator));
	err |= json_object_set_new(o, "cpus", n->cpus_known ? vt_json_list(n->cpus) : json_null());
	err |= json_object_set_new(o, "cpu_count", n->cpus_known ? json_integer((json_int_t)n->cpus->count) : json_null());
	err |= json_object_set_new(o, "mem_total_kb", vt_json_u64(n->has_total, n->total_kb));
	err |= json_object_set_new(o, "mem_free_kb", vt_json_u64(n->has_free, n->free_kb));
	err |= json_object_set_new(o, "file_pages_kb", vt_json_u64(n->has_file, n->file_kb));
	err |= json_object_set_new(o, "anon_pages_kb", vt_json_u64(n->has_anon, n->anon_kb));
	err |= json_object_set_new(o, "tier", n->tier >= 0 ? json_integer(n->tier) : json_null());
	err |= json_object_set_new(o, "zones", vt_json_zones(n));
	if (raw->has_distance && matrix != NULL && raw->ndistance == t->dist.n) {
		dist = json_incref(json_array_get(matrix, i));
		derr = dist == NULL;
	} else if (raw->has_distance) {
		dist = json_array();
		for (size_t j = 0; j < raw->ndistance; j++)
			derr |= json_array_append_new(dist, vt_json_smallint(ints, raw->distance[j]));
	}
	err |= json_object_set_new(o, "distances", vt_json_done(dist, derr));
	if (raw->has_numastat) {
		ns = json_object();
		for (int f = 0; f < VT_NS_COUNT; f++)
			nerr |= json_object_set_new(ns, vt_numastat_name((enum vt_numastat_field)f),
						    vt_json_u64(vt_numastat_has(&raw->numastat, (enum vt_numastat_field)f),
								raw->numastat.value[f]));
	}
	err |= json_object_set_new(o, "numastat", vt_json_done(ns, nerr));
	for (size_t a = 0; a < raw->naccess; a++) {
		const struct vt_numa_access *acc = &raw->access[a];
		json_t *c = json_object();
		char key[32];
		int cerr = 0;

		for (int f = 0; f < VT_HMAT_COUNT; f++)
			cerr |= json_object_set_new(c, vt_hmat_name((enum vt_hmat_field)f),
						    vt_json_u64((acc->present >> f) & 1, acc->value[f]));
		cerr |= json_object_set_new(c, "initiators", vt_json_list(&acc->initiators));
		cerr |= json_object_set_new(c, "targets", vt_json_list(&acc->targets));
		snprintf(key, sizeof key, "access%u", acc->cls);
		herr |= json_object_set_new(hmat, key, vt_json_done(c, cerr));
	}
	err |= json_object_set_new(o, "hmat", vt_json_done(hmat, herr));
	return vt_json_done(o, err);
}

static json_t *vt_json_distance(const struct vt_topology *t, json_t *matrix, struct vt_json_smallints *ints)
{
	static const char *const unknown[] = {
		"matrix", "square", "symmetric", "local_ok", "max_remote", "min_remote",
		"exceeds_reclaim_distance", "pairs_beyond_reclaim_distance", "asymmetric_pairs", "remote_classes",
	};
	const struct vt_topo_distance *d = &t->dist;
	json_t *o = json_object(), *classes;
	int err = 0, cerr = 0;

	err |= json_object_set_new(o, "available", json_boolean(d->available));
	err |= json_object_set_new(o, "reclaim_distance", json_integer(VT_RECLAIM_DISTANCE));
	err |= json_object_set_new(o, "local_distance", json_integer(VT_LOCAL_DISTANCE));
	if (!d->available) {
		for (size_t k = 0; k < sizeof unknown / sizeof unknown[0]; k++)
			err |= json_object_set_new(o, unknown[k], json_null());
		return vt_json_done(o, err);
	}
	classes = json_array();
	for (size_t k = 0; k < d->nclasses; k++)
		cerr |= json_array_append_new(classes, vt_json_smallint(ints, d->classes[k]));
	err |= json_object_set_new(o, "matrix", json_incref(matrix));
	err |= json_object_set_new(o, "square", json_boolean(d->square));
	err |= json_object_set_new(o, "symmetric", d->symmetry_known ? json_boolean(d->symmetric) : json_null());
	err |= json_object_set_new(o, "asymmetric_pairs", json_integer((json_int_t)d->asymmetric_pairs));
	err |= json_object_set_new(o, "local_ok", json_boolean(d->local_ok));
	err |= json_object_set_new(o, "max_remote", d->have_remote ? json_integer(d->max_remote) : json_null());
	err |= json_object_set_new(o, "min_remote", d->have_remote ? json_integer(d->min_remote) : json_null());
	err |= json_object_set_new(o, "exceeds_reclaim_distance", json_boolean(d->beyond_reclaim));
	err |= json_object_set_new(o, "pairs_beyond_reclaim_distance", json_integer((json_int_t)d->beyond_pairs));
	err |= json_object_set_new(o, "remote_classes", vt_json_done(classes, cerr));
	return vt_json_done(o, err);
}

/* The n x n matrix, null where an entry is unknown; NULL when no node
 * has a row (or out of memory, which vt_json_distance then reports). */
static json_t *vt_json_matrix(const struct vt_topology *t, struct vt_json_smallints *ints)
{
	const struct vt_topo_distance *d = &t->dist;
	size_t n = d->n;
	json_t *matrix;
	int merr = 0;

	if (!d->available)
		return NULL;
	matrix = json_array();
	for (size_t i = 0; i < n; i++) {
		json_t *row = json_array();
		int rerr = 0;

		for (size_t j = 0; j < n; j++)
			rerr |= json_array_append_new(row, d->known[i * n + j] ?
						      vt_json_smallint(ints, d->d[i * n + j]) : json_null());
		merr |= json_array_append_new(matrix, vt_json_done(row, rerr));
	}
	return vt_json_done(matrix, merr);
}

json_t *vt_numa_to_json(const struct vt_topology *t)
{
	const struct vt_numa_probe *p = t->probe;
	json_t *root = json_object(), *sets = json_object(), *nodes = json_array(), *tiers = json_null();
	struct vt_json_smallints ints = { { NULL } };
	json_t *matrix = vt_json_matrix(t, &ints);
	int err = 0, serr = 0, nerr = 0, terr = 0;

	err |= json_object_set_new(root, "schema_version", json_integer(vt_schema_version(VT_DOC_NUMA)));
	err |= json_object_set_new(root, "numa_available", json_boolean(t->numa_available));
	for (int s = 0; s < VT_NSET_COUNT; s++)
		serr |= json_object_set_new(sets, vt_numa_set_name((enum vt_numa_set)s),
					    t->numa_available && p->has_set[s] ? vt_json_list(&p->set[s]) : json_null());
	err |= json_object_set_new(root, "sets", vt_json_done(sets, serr));
	for (size_t i = 0; i < t->nnodes; i++)
		nerr |= json_array_append_new(nodes, vt_json_node(t, i, matrix, &ints));
	err |= json_object_set_new(root, "nodes", vt_json_done(nodes, nerr));
	err |= json_object_set_new(root, "node_count", json_integer((json_int_t)t->nnodes));
	err |= json_object_set_new(root, "online_matches_nodes", t->numa_available && p->has_set[VT_NSET_ONLINE] ?
				   json_boolean(!t->online_mismatch) : json_null());
	err |= json_object_set_new(root, "cpu_count", json_integer((json_int_t)t->cpu_count));
	err |= json_object_set_new(root, "mem_total_kb", vt_json_u64(t->has_total, t->total_kb));
	err |= json_object_set_new(root, "sparse_ids", json_boolean(t->sparse));
	err |= json_object_set_new(root, "offline_nodes", t->have_offline ? vt_json_list(&t->offline) : json_null());
	err |= json_object_set_new(root, "memory_only_nodes", vt_json_list(&t->memory_only));
	err |= json_object_set_new(root, "cpu_only_nodes", vt_json_list(&t->cpu_only));
	err |= json_object_set_new(root, "distance", vt_json_distance(t, matrix, &ints));
	if (p->tiers_available) {
		tiers = json_array();
		for (size_t i = 0; i < p->ntiers; i++)
			terr |= json_array_append_new(tiers, json_pack("{s:I, s:o}", "id", (json_int_t)p->tiers[i].id,
								       "nodes", p->tiers[i].has_nodelist ?
								       vt_json_list(&p->tiers[i].nodes) : json_null()));
	}
	err |= json_object_set_new(root, "tiers", vt_json_done(tiers, terr));
	json_decref(matrix);
	vt_json_smallints_release(&ints);
	return vt_json_done(root, err);
}
