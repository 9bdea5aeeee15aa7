#include "config.h"
#include "model/topology.h"
#include "core/cause.h"
#include "core/strparse.h"
#include "core/xalloc.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

void vt_topology_init(struct vt_topology *t)
{
	memset(t, 0, sizeof *t);
	vt_idset_init(&t->offline);
	vt_idset_init(&t->memory_only);
	vt_idset_init(&t->cpu_only);
	vt_idset_init(&t->node_ids);
}

void vt_topology_release(struct vt_topology *t)
{
	free(t->nodes);
	vt_idset_release(&t->offline);
	vt_idset_release(&t->memory_only);
	vt_idset_release(&t->cpu_only);
	vt_idset_release(&t->node_ids);
	free(t->dist.d);
	free(t->dist.known);
	free(t->dist.classes);
	memset(t, 0, sizeof *t);
}

long vt_topology_find(const struct vt_topology *t, unsigned id)
{
	size_t lo = 0, hi = t->nnodes;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (t->nodes[mid].id == id)
			return (long)mid;
		if (t->nodes[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

static int vt_uint_cmp(const void *a, const void *b)
{
	unsigned x = *(const unsigned *)a, y = *(const unsigned *)b;

	return x < y ? -1 : x > y;
}

static int vt_topo_node_build(const struct vt_numa_probe *p, const struct vt_numa_node *raw,
			      struct vt_topo_node *n, char **cause)
{
	const struct vt_meminfo *mi = &raw->meminfo;
	static const struct vt_idset empty;

	n->id = raw->id;
	n->raw = raw;
	n->online = !p->has_set[VT_NSET_ONLINE] || vt_idset_contains(&p->set[VT_NSET_ONLINE], raw->id);
	n->cpus_known = raw->has_cpulist || raw->has_cpumap;
	n->cpus = raw->has_cpulist ? &raw->cpulist : raw->has_cpumap ? &raw->cpumap : &empty;
	if (raw->has_meminfo) {
		n->has_total = vt_meminfo_has(mi, VT_MI_MEM_TOTAL);
		n->has_free = vt_meminfo_has(mi, VT_MI_MEM_FREE);
		n->has_file = vt_meminfo_has(mi, VT_MI_FILE_PAGES);
		n->has_anon = vt_meminfo_has(mi, VT_MI_ANON_PAGES);
		n->total_kb = mi->value[VT_MI_MEM_TOTAL];
		n->free_kb = mi->value[VT_MI_MEM_FREE];
		n->file_kb = mi->value[VT_MI_FILE_PAGES];
		n->anon_kb = mi->value[VT_MI_ANON_PAGES];
		/* numactl: strtoull(kB) << 10, printed >> 20 (kernel-facts §10.4). */
		n->numactl_size_mb = (n->total_kb << 10) >> 20;
		n->numactl_free_mb = (n->free_kb << 10) >> 20;
	}
	n->zones_known = p->has_zoneinfo;
	n->tier = -1;
	for (size_t i = 0; i < p->ntiers; i++)
		if (p->tiers[i].has_nodelist && vt_idset_contains(&p->tiers[i].nodes, raw->id)) {
			n->tier = (int)p->tiers[i].id;
			break;
		}
	return 0;
}

/* What a node is (kind and the has_* flags), once its zones are known. */
static void vt_topo_node_kind(const struct vt_numa_probe *p, struct vt_topo_node *n)
{
	const struct vt_numa_node *raw = n->raw;

	/* The kernel's own sets are the authority; without them (old kernel or
	 * no NUMA), judge from what the node shows. */
	n->has_cpu_known = p->has_set[VT_NSET_HAS_CPU] || n->cpus_known;
	if (p->has_set[VT_NSET_HAS_CPU])
		n->has_cpu = vt_idset_contains(&p->set[VT_NSET_HAS_CPU], raw->id);
	else
		n->has_cpu = n->cpus->count > 0;
	n->has_memory_known = p->has_set[VT_NSET_HAS_MEMORY] || n->has_total || n->zones_known;
	if (p->has_set[VT_NSET_HAS_MEMORY]) {
		n->has_memory = vt_idset_contains(&p->set[VT_NSET_HAS_MEMORY], raw->id);
	} else if (n->has_total) {
		n->has_memory = n->total_kb > 0;
	} else {
		/* N_MEMORY is the nodes with a populated zone. */
		for (size_t i = 0; i < n->nzones; i++)
			n->has_memory = n->has_memory || n->zones[i]->populated;
	}
	n->generic_initiator = p->has_set[VT_NSET_HAS_GENERIC_INITIATOR] &&
			       vt_idset_contains(&p->set[VT_NSET_HAS_GENERIC_INITIATOR], raw->id);
	n->memory_only = n->has_memory && n->has_cpu_known && !n->has_cpu;
	n->cpu_only = n->has_cpu && n->has_memory_known && !n->has_memory;
}

/* A remote distance past a byte (not from a SLIT), kept for sorting. */
static void vt_distance_keep(unsigned **v, size_t *n, size_t *cap, unsigned d)
{
	if (*n == *cap) {
		*cap = *cap ? *cap * 2 : 16;
		*v = vt_xreallocarray(*v, *cap, sizeof **v);
	}
	(*v)[(*n)++] = d;
}

/* The SLIT: row k of a node's distance file is the distance to the k-th
 * online node, in ascending id order (drivers/base/node.c), which is the
 * order of t->nodes. */
static void vt_topo_distance_build(struct vt_topology *t)
{
	struct vt_topo_distance *dd = &t->dist;
	size_t n = t->nnodes;
	bool seen_small[256] = { false };
	unsigned *large = NULL;
	size_t nlarge = 0, large_cap = 0;
	size_t cells = n > 0 ? n * n : 1;

	dd->n = n;
	dd->d = vt_xcalloc(cells, sizeof *dd->d);
	dd->known = vt_xcalloc(cells, sizeof *dd->known);
	dd->square = n > 0;
	dd->local_ok = true;
	for (size_t i = 0; i < n; i++) {
		const struct vt_numa_node *raw = t->nodes[i].raw;
		size_t len = raw->has_distance ? raw->ndistance : 0;

		if (raw->has_distance)
			dd->available = true;
		if (dd->square && (!raw->has_distance || len != n)) {
			dd->square = false;
			dd->bad_row = i;
			dd->bad_row_len = len;
		}
		for (size_t j = 0; j < n && j < len; j++) {
			dd->d[i * n + j] = raw->distance[j];
			dd->known[i * n + j] = true;
		}
		if (len > i && raw->distance[i] != VT_LOCAL_DISTANCE && dd->local_ok) {
			dd->local_ok = false;
			dd->bad_local = i;
		}
	}
	if (!dd->available) {
		dd->square = false;
		dd->local_ok = false;
		return;
	}
	dd->symmetric = dd->square;
	for (size_t i = 0; i < n; i++) {
		for (size_t j = 0; j < n; j++) {
			unsigned v = dd->d[i * n + j];

			if (i == j || !dd->known[i * n + j])
				continue;
			if (v < sizeof seen_small)
				seen_small[v] = true;
			else
				vt_distance_keep(&large, &nlarge, &large_cap, v);
			if (!dd->have_remote || v > dd->max_remote) {
				dd->max_remote = v;
				dd->max_i = i;
				dd->max_j = j;
			}
			if (!dd->have_remote || v < dd->min_remote)
				dd->min_remote = v;
			dd->have_remote = true;
			if (j < i)
				continue;
			/* Unordered pairs, each looked at once from i < j. */
			if (dd->known[j * n + i] && dd->d[j * n + i] != v) {
				if (dd->asymmetric_pairs++ == 0) {
					dd->asym_i = i;
					dd->asym_j = j;
				}
				dd->symmetric = false;
			}
			if (v > VT_RECLAIM_DISTANCE ||
			    (dd->known[j * n + i] && dd->d[j * n + i] > VT_RECLAIM_DISTANCE))
				dd->beyond_pairs++;
		}
	}
	/* An entry known one way only (a short row) still counts as a pair. */
	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < i; j++)
			if (dd->known[i * n + j] && !dd->known[j * n + i] &&
			    dd->d[i * n + j] > VT_RECLAIM_DISTANCE)
				dd->beyond_pairs++;
	dd->symmetry_known = dd->square || dd->asymmetric_pairs > 0;
	dd->beyond_reclaim = dd->have_remote && dd->max_remote > VT_RECLAIM_DISTANCE;
	/* The distinct remote distances, ascending: a SLIT entry is a byte,
	 * so a table of seen values rather than a sort of all n^2 entries. */
	if (nlarge > 1)
		qsort(large, nlarge, sizeof *large, vt_uint_cmp);
	dd->classes = vt_xcalloc(sizeof seen_small + nlarge, sizeof *dd->classes);
	for (unsigned v = 0; v < sizeof seen_small; v++)
		if (seen_small[v])
			dd->classes[dd->nclasses++] = v;
	for (size_t i = 0; i < nlarge; i++)
		if (i == 0 || large[i] != large[i - 1])
			dd->classes[dd->nclasses++] = large[i];
	free(large);
}

int vt_topology_build(const struct vt_numa_probe *probe, struct vt_topology *out, char **cause)
{
	vt_topology_release(out);
	vt_topology_init(out);
	out->probe = probe;
	out->numa_available = probe->numa_available;
	out->nnodes = probe->nnodes;
	out->nodes = vt_xcalloc(probe->nnodes ? probe->nnodes : 1, sizeof *out->nodes);
	out->has_total = probe->nnodes > 0;
	for (size_t i = 0; i < probe->nnodes; i++) {
		struct vt_topo_node *n = &out->nodes[i];
		int err = vt_topo_node_build(probe, &probe->nodes[i], n, cause);

		if (err < 0)
			return err;
		vt_idset_add(&out->node_ids, n->id);
		if (n->id != i)
			out->sparse = true;
		out->cpu_count += n->cpus->count;
		if (!n->has_total)
			out->has_total = false;
		else if (!vt_count_add(&out->total_kb, n->total_kb))
			return vt_cause_set(cause, -EOVERFLOW, "the nodes' MemTotal add up%s", vt_count_why(-ERANGE));
	}
	/* One pass over the zones, each finding its node: a pass per node was
	 * nodes x zones.  Without NUMA the one node is node 0, which zoneinfo
	 * names too. */
	for (size_t i = 0; i < probe->zoneinfo.nzones; i++) {
		const struct vt_zone *z = &probe->zoneinfo.zones[i];
		long k = vt_topology_find(out, z->node);
		struct vt_topo_node *n = k >= 0 ? &out->nodes[k] : NULL;

		if (n == NULL || n->nzones == VT_ZONE_MAX)
			continue;
		n->zones[n->nzones++] = z;
		if (!vt_count_add(&n->managed_pages, vt_zone_get(z, VT_ZF_MANAGED)))
			return vt_cause_set(cause, -EOVERFLOW, "node %u: the managed pages of its zones add up%s",
					    n->id, vt_count_why(-ERANGE));
	}
	for (size_t i = 0; i < out->nnodes; i++) {
		struct vt_topo_node *n = &out->nodes[i];

		vt_topo_node_kind(probe, n);
		if (n->memory_only)
			vt_idset_add(&out->memory_only, n->id);
		if (n->cpu_only)
			vt_idset_add(&out->cpu_only, n->id);
	}
	if (probe->numa_available && probe->has_set[VT_NSET_ONLINE]) {
		const struct vt_idset *on = &probe->set[VT_NSET_ONLINE];

		out->online_mismatch = on->count != out->node_ids.count;
		for (size_t i = 0; i < on->count && !out->online_mismatch; i++)
			out->online_mismatch = on->ids[i] != out->node_ids.ids[i];
	}
	if (probe->has_set[VT_NSET_POSSIBLE] && probe->has_set[VT_NSET_ONLINE]) {
		const struct vt_idset *pos = &probe->set[VT_NSET_POSSIBLE];

		out->have_offline = true;
		for (size_t i = 0; i < pos->count; i++)
			if (!vt_idset_contains(&probe->set[VT_NSET_ONLINE], pos->ids[i]))
				vt_idset_add(&out->offline, pos->ids[i]);
	}
	vt_topo_distance_build(out);
	return 0;
}
