#include "config.h"
#include "probe/numa.h"
#include "core/cause.h"
#include "core/xalloc.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Node lists and one-line figures are tiny; 64 KiB holds a node list of
 * thousands of ranges and still refuses a runaway file. */
#define VT_NUMA_SMALL_MAX ((size_t)64 << 10)

static const char *const vt_numa_set_names[VT_NSET_COUNT] = {
	[VT_NSET_POSSIBLE] = "possible",
	[VT_NSET_ONLINE] = "online",
	[VT_NSET_HAS_MEMORY] = "has_memory",
	[VT_NSET_HAS_NORMAL_MEMORY] = "has_normal_memory",
	[VT_NSET_HAS_HIGH_MEMORY] = "has_high_memory",
	[VT_NSET_HAS_CPU] = "has_cpu",
	[VT_NSET_HAS_GENERIC_INITIATOR] = "has_generic_initiator",
};

const char *vt_numa_set_name(enum vt_numa_set set)
{
	return (unsigned)set < VT_NSET_COUNT ? vt_numa_set_names[set] : "?";
}

static bool vt_is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

int vt_numa_distance_parse(const char *buf, size_t len, unsigned **out, size_t *count,
			   char **cause)
{
	const char *p = buf, *end = buf + len;
	unsigned *v = NULL;
	size_t n = 0, cap = 0, col = 0;

	*out = NULL;
	*count = 0;
	while (p < end) {
		const char *tok;
		uint64_t d;

		while (p < end && vt_is_space(*p))
			p++;
		if (p == end)
			break;
		tok = p;
		while (p < end && !vt_is_space(*p))
			p++;
		col++;
		if (vt_parse_u64n(tok, (size_t)(p - tok), 0, VT_NUMA_DISTANCE_MAX, &d, NULL) < 0) {
			char q[VT_TEXT_QUOTE_SIZE];

			free(v);
			return vt_cause_set(cause, -EINVAL, "entry %zu: bad distance '%s'", col,
					    vt_text_quote(tok, (size_t)(p - tok), q));
		}
		if (n == cap) {
			cap = cap ? cap * 2 : 16;
			v = vt_xreallocarray(v, cap, sizeof *v);
		}
		v[n++] = (unsigned)d;
	}
	*out = v;
	*count = n;
	return 0;
}

static const char *const vt_hmat_names[VT_HMAT_COUNT] = {
	[VT_HMAT_READ_BANDWIDTH] = "read_bandwidth",
	[VT_HMAT_WRITE_BANDWIDTH] = "write_bandwidth",
	[VT_HMAT_READ_LATENCY] = "read_latency",
	[VT_HMAT_WRITE_LATENCY] = "write_latency",
};

const char *vt_hmat_name(enum vt_hmat_field field)
{
	return (unsigned)field < VT_HMAT_COUNT ? vt_hmat_names[field] : "?";
}

void vt_numa_probe_init(struct vt_numa_probe *p)
{
	memset(p, 0, sizeof *p);
	for (size_t i = 0; i < VT_NSET_COUNT; i++)
		vt_idset_init(&p->set[i]);
	vt_idset_init(&p->cpu_online);
	vt_zoneinfo_init(&p->zoneinfo);
}

static void vt_numa_node_release(struct vt_numa_node *n)
{
	vt_idset_release(&n->cpulist);
	vt_idset_release(&n->cpumap);
	free(n->distance);
	for (size_t i = 0; i < n->naccess; i++) {
		vt_idset_release(&n->access[i].initiators);
		vt_idset_release(&n->access[i].targets);
	}
	free(n->access);
}

void vt_numa_probe_release(struct vt_numa_probe *p)
{
	for (size_t i = 0; i < VT_NSET_COUNT; i++)
		vt_idset_release(&p->set[i]);
	for (size_t i = 0; i < p->nnodes; i++)
		vt_numa_node_release(&p->nodes[i]);
	free(p->nodes);
	for (size_t i = 0; i < p->ntiers; i++)
		vt_idset_release(&p->tiers[i].nodes);
	free(p->tiers);
	vt_idset_release(&p->cpu_online);
	vt_zoneinfo_release(&p->zoneinfo);
	memset(p, 0, sizeof *p);
}

static int vt_read_list(const struct vt_root *root, const char *rel, struct vt_buf *buf,
			bool *has, struct vt_idset *out, bool mask, char **cause)
{
	int err = vt_root_read_opt(root, rel, buf, VT_NUMA_SMALL_MAX, cause);

	*has = false;
	if (err <= 0)
		return err;
	err = mask ? vt_idset_parse_mask(buf->data, buf->len, out, cause) :
		     vt_idset_parse(buf->data, buf->len, out, cause);
	if (err < 0)
		return vt_root_fail(root, rel, err, cause);
	*has = true;
	return 0;
}

static int vt_read_access(const struct vt_root *root, const char *dir, struct vt_buf *buf,
			  struct vt_numa_access *acc, char **cause)
{
	char *rel, **names = NULL;
	size_t count = 0;
	int err;

	for (int f = 0; f < VT_HMAT_COUNT; f++) {
		rel = vt_xasprintf("%s/initiators/%s", dir, vt_hmat_names[f]);
		err = vt_root_read_opt(root, rel, buf, VT_NUMA_SMALL_MAX, cause);
		if (err > 0) {
			err = vt_parse_u64n(buf->data, buf->len, 0, VT_COUNT_MAX, &acc->value[f], cause);
			if (err < 0)
				err = vt_root_fail(root, rel, err, cause);
			else
				acc->present |= (uint32_t)1 << f;
		}
		free(rel);
		if (err < 0)
			return err;
	}
	for (int side = 0; side < 2; side++) {
		struct vt_idset *set = side ? &acc->targets : &acc->initiators;
		unsigned id;

		rel = vt_xasprintf("%s/%s", dir, side ? "targets" : "initiators");
		err = vt_root_list(root, rel, &names, &count, NULL);
		free(rel);
		if (err == -ENOENT || err == -ENOTDIR)
			continue;
		if (err < 0)
			return vt_cause_set(cause, err, "%s: cannot list: %s", dir, strerror(-err));
		for (size_t i = 0; i < count; i++)
			if (vt_parse_prefixed_id(names[i], "node", &id))
				vt_idset_add(set, id);
		vt_strv_free(names, count);
	}
	return 0;
}

static int vt_access_cmp(const void *a, const void *b)
{
	const struct vt_numa_access *x = a, *y = b;

	return x->cls < y->cls ? -1 : x->cls > y->cls;
}

/* Replaces *rel with "<dir>/<name>" and returns it. */
static const char *vt_node_rel(char **rel, const char *dir, const char *name)
{
	free(*rel);
	*rel = vt_xasprintf("%s/%s", dir, name);
	return *rel;
}

static int vt_read_node(const struct vt_root *root, struct vt_buf *buf, struct vt_numa_node *node,
			char **cause)
{
	char dir[64], *rel = NULL, **names = NULL;
	size_t count = 0, cap = 0;
	int err;

	snprintf(dir, sizeof dir, VT_NUMA_NODE_DIR "/node%u", node->id);
	err = vt_read_list(root, vt_node_rel(&rel, dir, "cpulist"), buf, &node->has_cpulist,
			   &node->cpulist, false, cause);
	if (err < 0)
		goto out;
	err = vt_read_list(root, vt_node_rel(&rel, dir, "cpumap"), buf, &node->has_cpumap,
			   &node->cpumap, true, cause);
	if (err < 0)
		goto out;

	err = vt_root_read_opt(root, vt_node_rel(&rel, dir, "meminfo"), buf, VT_READ_MAX, cause);
	if (err > 0) {
		err = vt_meminfo_parse(buf->data, buf->len, &node->meminfo, cause);
		if (err == 0 && node->meminfo.node >= 0 && (unsigned)node->meminfo.node != node->id)
			err = vt_cause_set(cause, -EINVAL, "describes node %d", node->meminfo.node);
		if (err < 0)
			goto fail_file;
		node->has_meminfo = true;
	} else if (err < 0) {
		goto out;
	}

	err = vt_root_read_opt(root, vt_node_rel(&rel, dir, "distance"), buf, VT_NUMA_SMALL_MAX, cause);
	if (err > 0) {
		err = vt_numa_distance_parse(buf->data, buf->len, &node->distance, &node->ndistance, cause);
		if (err < 0)
			goto fail_file;
		node->has_distance = true;
	} else if (err < 0) {
		goto out;
	}

	err = vt_root_read_opt(root, vt_node_rel(&rel, dir, "numastat"), buf, VT_NUMA_SMALL_MAX, cause);
	if (err > 0) {
		err = vt_numastat_parse(buf->data, buf->len, &node->numastat, cause);
		if (err < 0)
			goto fail_file;
		node->has_numastat = true;
	} else if (err < 0) {
		goto out;
	}

	/* HMAT access classes: accessN subdirectories, present only when the
	 * firmware described the node's performance. */
	err = vt_root_list_prefixed(root, dir, "access", &names, &count, cause);
	if (err < 0)
		goto out;
	for (size_t i = 0; i < count; i++) {
		struct vt_numa_access *acc;
		unsigned cls;

		if (!vt_parse_prefixed_id(names[i], "access", &cls))
			continue;
		free(rel);
		rel = vt_xasprintf("%s/%s", dir, names[i]);
		if (vt_root_is_dir(root, rel) != 1)
			continue;
		if (node->naccess == cap) {
			cap = cap ? cap * 2 : 2;
			node->access = vt_xreallocarray(node->access, cap, sizeof *node->access);
		}
		acc = &node->access[node->naccess++];
		memset(acc, 0, sizeof *acc);
		acc->cls = cls;
		vt_idset_init(&acc->initiators);
		vt_idset_init(&acc->targets);
		err = vt_read_access(root, rel, buf, acc, cause);
		if (err < 0)
			goto out;
	}
	if (node->naccess > 1)
		qsort(node->access, node->naccess, sizeof *node->access, vt_access_cmp);
	err = 0;
	goto out;
fail_file:
	vt_root_fail(root, rel, err, cause);
out:
	vt_strv_free(names, count);
	free(rel);
	return err;
}

static int vt_read_tiers(const struct vt_root *root, struct vt_buf *buf, struct vt_numa_probe *out,
			 char **cause)
{
	char **names = NULL, *rel;
	size_t count = 0, cap = 0;
	int err;

	if (vt_root_is_dir(root, VT_NUMA_TIER_DIR) != 1)
		return 0;
	out->tiers_available = true;
	err = vt_root_list(root, VT_NUMA_TIER_DIR, &names, &count, cause);
	if (err < 0)
		return err;
	for (size_t i = 0; i < count && err == 0; i++) {
		struct vt_numa_tier *t;
		unsigned id;

		if (!vt_parse_prefixed_id(names[i], "memory_tier", &id))
			continue;
		if (out->ntiers == cap) {
			cap = cap ? cap * 2 : 4;
			out->tiers = vt_xreallocarray(out->tiers, cap, sizeof *out->tiers);
		}
		t = &out->tiers[out->ntiers++];
		t->id = id;
		vt_idset_init(&t->nodes);
		rel = vt_xasprintf(VT_NUMA_TIER_DIR "/%s/nodelist", names[i]);
		err = vt_read_list(root, rel, buf, &t->has_nodelist, &t->nodes, false, cause);
		free(rel);
	}
	vt_strv_free(names, count);
	return err;
}

/* !CONFIG_NUMA: node 0 is the whole machine. */
static int vt_read_uma(const struct vt_root *root, struct vt_buf *buf, struct vt_numa_probe *out,
		       char **cause)
{
	struct vt_numa_node *node;
	int err;

	out->nodes = vt_xcalloc(1, sizeof *out->nodes);
	out->nnodes = 1;
	node = &out->nodes[0];
	vt_idset_init(&node->cpulist);
	vt_idset_init(&node->cpumap);
	if (out->has_cpu_online) {
		for (size_t i = 0; i < out->cpu_online.count; i++)
			vt_idset_add(&node->cpulist, out->cpu_online.ids[i]);
		node->has_cpulist = true;
	}
	err = vt_root_read_opt(root, "proc/meminfo", buf, VT_READ_MAX, cause);
	if (err > 0) {
		err = vt_meminfo_parse(buf->data, buf->len, &node->meminfo, cause);
		if (err < 0)
			return vt_root_fail(root, "proc/meminfo", err, cause);
		node->has_meminfo = true;
	}
	return err < 0 ? err : 0;
}

int vt_numa_check_node_ids(const struct vt_root *root, char *const *names, size_t count, char **cause)
{
	for (size_t i = 0; i < count; i++) {
		unsigned id;
		char *rel;
		int isdir, err;

		if (!vt_parse_prefixed_id(names[i], "node", &id) || id < VT_NUMA_MAX_NODES)
			continue;
		rel = vt_xasprintf(VT_NUMA_NODE_DIR "/%s", names[i]);
		isdir = vt_root_is_dir(root, rel);
		if (isdir == 1) {
			err = vt_cause_set(cause, -EINVAL, "node %u is beyond the kernel's limit of %u nodes "
					   "(MAX_NUMNODES: ids 0-%u)", id, VT_NUMA_MAX_NODES,
					   VT_NUMA_MAX_NODES - 1);
			vt_root_fail(root, rel, err, cause);
			free(rel);
			return err;
		}
		free(rel);
	}
	return 0;
}

int vt_numa_read(const struct vt_root *root, struct vt_numa_probe *out, char **cause)
{
	struct vt_buf buf;
	char **names = NULL;
	size_t count = 0;
	int err;

	vt_numa_probe_release(out);
	vt_numa_probe_init(out);
	vt_buf_init(&buf);
	err = vt_read_list(root, "sys/devices/system/cpu/online", &buf, &out->has_cpu_online,
			   &out->cpu_online, false, cause);
	if (err < 0)
		goto out;
	err = vt_zoneinfo_read(root, &buf, &out->zoneinfo, cause);
	if (err == -ENOENT) {
		if (cause) {
			free(*cause);
			*cause = NULL;
		}
	} else if (err < 0) {
		goto out;
	} else {
		out->has_zoneinfo = true;
	}
	if (vt_root_is_dir(root, VT_NUMA_NODE_DIR) != 1) {
		err = vt_read_uma(root, &buf, out, cause);
		goto out;
	}
	out->numa_available = true;
	for (int s = 0; s < VT_NSET_COUNT; s++) {
		char *rel = vt_xasprintf(VT_NUMA_NODE_DIR "/%s", vt_numa_set_names[s]);

		err = vt_read_list(root, rel, &buf, &out->has_set[s], &out->set[s], false, cause);
		free(rel);
		if (err < 0)
			goto out;
	}
	err = vt_root_list(root, VT_NUMA_NODE_DIR, &names, &count, cause);
	if (err < 0)
		goto out;
	err = vt_numa_check_node_ids(root, names, count, cause);
	if (err < 0)
		goto out;
	/* vt_root_list sorts numerically, so node2 comes before node10. */
	out->nodes = vt_xcalloc(count ? count : 1, sizeof *out->nodes);
	for (size_t i = 0; i < count; i++) {
		struct vt_numa_node *node = &out->nodes[out->nnodes];
		unsigned id;
		char *rel;
		int isdir;

		if (!vt_parse_prefixed_id(names[i], "node", &id))
			continue;
		rel = vt_xasprintf(VT_NUMA_NODE_DIR "/%s", names[i]);
		isdir = vt_root_is_dir(root, rel);
		free(rel);
		if (isdir != 1)
			continue;
		node->id = id;
		vt_idset_init(&node->cpulist);
		vt_idset_init(&node->cpumap);
		out->nnodes++;
		err = vt_read_node(root, &buf, node, cause);
		if (err < 0)
			goto out;
	}
	err = vt_read_tiers(root, &buf, out, cause);
out:
	vt_strv_free(names, count);
	vt_buf_release(&buf);
	return err;
}
