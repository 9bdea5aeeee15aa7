/* NUMA probe: the distance-row parser, and vt_numa_read on captured and
 * HAND-MADE fixture trees and on temporary trees made here. */
#include "config.h"
#include "probe/numa.h"
#include "helpers.h"

#include <criterion/criterion.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

Test(numa_distance, parses_rows)
{
	static const char row[] = "10 21 21 32\n";
	unsigned *d;
	size_t n;

	cr_assert_eq(vt_numa_distance_parse(row, sizeof row - 1, &d, &n, NULL), 0);
	cr_assert_eq(n, 4);
	cr_expect_eq(d[0], 10);
	cr_expect_eq(d[1], 21);
	cr_expect_eq(d[3], 32);
	free(d);
	/* Old kernels put a space before the first entry when node 0 is offline. */
	cr_assert_eq(vt_numa_distance_parse(" 10  20\t\n", 9, &d, &n, NULL), 0);
	cr_expect_eq(n, 2);
	cr_expect_eq(d[1], 20);
	free(d);
	cr_assert_eq(vt_numa_distance_parse("\n", 1, &d, &n, NULL), 0);
	cr_expect_eq(n, 0);
	cr_expect_null(d);
	/* Not NUL-terminated: the parser must stop at len. */
	cr_assert_eq(vt_numa_distance_parse("10 2199", 5, &d, &n, NULL), 0);
	cr_expect_eq(n, 2);
	cr_expect_eq(d[1], 21);
	free(d);
}

Test(numa_distance, rejects_garbage)
{
	static const char *const bad[] = { "10 x\n", "10 -1\n", "10 2147483648\n", "1O\n", "10,20\n" };
	unsigned *d;
	size_t n;

	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		char *cause = NULL;

		cr_expect_eq(vt_numa_distance_parse(bad[i], strlen(bad[i]), &d, &n, &cause), -EINVAL,
			     "'%s' accepted", bad[i]);
		cr_expect_not_null(cause);
		cr_expect_null(d);
		cr_expect(strstr(cause, "bad distance") != NULL, "cause: %s", cause);
		free(cause);
	}
}

static void read_fixture(const char *name, struct vt_numa_probe *p)
{
	char *dir = vt_test_fixture(name), *cause = NULL;
	struct vt_root root;

	cr_assert_eq(vt_root_open(&root, dir, &cause), 0, "%s", cause);
	vt_numa_probe_init(p);
	cr_assert_eq(vt_numa_read(&root, p, &cause), 0, "%s: %s", name, cause);
	vt_root_release(&root);
	free(dir);
}

Test(numa_read, host_uma)
{
	struct vt_numa_probe p;

	read_fixture("host-6.18-uma", &p);
	cr_expect(p.numa_available);
	cr_assert_eq(p.nnodes, 1);
	cr_expect_eq(p.nodes[0].id, 0);
	cr_expect(p.has_set[VT_NSET_ONLINE]);
	cr_expect(p.has_set[VT_NSET_HAS_GENERIC_INITIATOR]);
	cr_expect_eq(p.set[VT_NSET_HAS_GENERIC_INITIATOR].count, 0, "empty list is an empty set");
	cr_expect_not(p.has_set[VT_NSET_HAS_HIGH_MEMORY], "x86-64 has no HIGHMEM file");
	cr_expect(p.nodes[0].has_distance);
	cr_expect_eq(p.nodes[0].ndistance, 1);
	cr_expect_eq(p.nodes[0].distance[0], 10);
	cr_expect(p.nodes[0].has_meminfo);
	cr_expect_eq(p.nodes[0].meminfo.node, 0);
	cr_expect(p.nodes[0].has_numastat);
	cr_expect_eq(p.nodes[0].cpulist.count, 2);
	cr_expect(p.tiers_available);
	cr_assert_eq(p.ntiers, 1);
	cr_expect_eq(p.tiers[0].id, 4);
	vt_numa_probe_release(&p);
}

Test(numa_read, guest_four_nodes_memory_only)
{
	struct vt_numa_probe p;
	static const unsigned row3[] = { 32, 40, 48, 10 };

	read_fixture("qemu-numa4-memonly-boot", &p);
	cr_assert_eq(p.nnodes, 4);
	for (unsigned i = 0; i < 4; i++)
		cr_expect_eq(p.nodes[i].id, i);
	cr_expect_eq(p.nodes[3].cpulist.count, 0, "node 3 has no CPUs");
	cr_expect(p.nodes[3].has_cpumap);
	cr_expect_eq(p.nodes[3].cpumap.count, 0);
	cr_assert_eq(p.nodes[3].ndistance, 4);
	cr_expect_arr_eq(p.nodes[3].distance, row3, sizeof row3);
	cr_expect(vt_idset_contains(&p.set[VT_NSET_HAS_MEMORY], 3));
	cr_expect_not(vt_idset_contains(&p.set[VT_NSET_HAS_CPU], 3));
	cr_expect(vt_numastat_has(&p.nodes[3].numastat, VT_NS_OTHER_NODE));
	vt_numa_probe_release(&p);
}

Test(numa_read, handmade_sparse_ids)
{
	struct vt_numa_probe p;

	read_fixture("handmade-numa-sparse", &p);
	cr_assert_eq(p.nnodes, 2);
	cr_expect_eq(p.nodes[0].id, 0);
	cr_expect_eq(p.nodes[1].id, 2);
	cr_expect_eq(p.set[VT_NSET_POSSIBLE].count, 3);
	cr_expect_eq(p.set[VT_NSET_ONLINE].count, 2);
	cr_expect_eq(p.nodes[1].ndistance, 2);
	vt_numa_probe_release(&p);
}

Test(numa_read, handmade_cxl_hmat_and_tiers)
{
	struct vt_numa_probe p;
	const struct vt_numa_node *n2, *n0;

	read_fixture("handmade-numa-cxl", &p);
	cr_assert_eq(p.nnodes, 3);
	n0 = &p.nodes[0];
	n2 = &p.nodes[2];
	cr_assert_eq(n2->naccess, 2);
	cr_expect_eq(n2->access[0].cls, 0);
	cr_expect_eq(n2->access[1].cls, 1);
	cr_expect_eq(n2->access[0].value[VT_HMAT_READ_BANDWIDTH], 20000);
	cr_expect_eq(n2->access[1].value[VT_HMAT_WRITE_LATENCY], 310);
	cr_expect_eq(n2->access[0].present, 0xf);
	cr_expect(vt_idset_contains(&n2->access[0].initiators, 0));
	cr_expect_eq(n2->access[0].initiators.count, 1);
	cr_assert_eq(n0->naccess, 2);
	cr_expect_eq(n0->access[0].present, 0, "initiator side has no figures");
	cr_expect_eq(n0->access[0].targets.count, 2);
	cr_assert_eq(p.ntiers, 2);
	cr_expect_eq(p.tiers[0].id, 4);
	cr_expect_eq(p.tiers[1].id, 22);
	cr_expect(vt_idset_contains(&p.tiers[1].nodes, 2));
	vt_numa_probe_release(&p);
}

/* Real kernels under QEMU 7.2 (tests/vm/topologies/numa3-hmat): every HMAT
 * figure is exactly what QEMU was told.  QEMU takes latencies in ns and
 * writes them with a picosecond base unit, which the kernel divides by 1000;
 * it takes bandwidths in bytes/s (M = MiB) and writes a MB/s base unit of
 * base/MiB, so "20480M" reads back as 20480.  Each target shows only its
 * attached initiator's entry (QEMU's `initiator=`, the node itself for CPU
 * nodes): node 2's figures are initiator 1's, not 0's.  Checks the figures,
 * links and distances of `fixture` and leaves it in *p. */
#define LB(rl, wl, rb, wb) { [VT_HMAT_READ_LATENCY] = rl, [VT_HMAT_WRITE_LATENCY] = wl, \
			     [VT_HMAT_READ_BANDWIDTH] = rb, [VT_HMAT_WRITE_BANDWIDTH] = wb }
/* hmat-lb lines of the topology, [initiator][target]: read and write
 * latency (ns), read and write bandwidth (M). */
static const uint64_t numa3_told[2][3][VT_HMAT_COUNT] = {
	{ LB(71, 83, 20480, 18432), LB(123, 137, 10240, 8192), LB(251, 293, 4096, 3072) },
	{ LB(127, 139, 9216, 7168), LB(73, 89, 19456, 17408), LB(239, 277, 5120, 6144) },
};
#undef LB

static void expect_numa3_hmat(const char *fixture, struct vt_numa_probe *p)
{
	static const unsigned attached[3] = { 0, 1, 1 };
	static const unsigned rows[3][3] = { { 10, 21, 42 }, { 21, 10, 32 }, { 42, 32, 10 } };

	read_fixture(fixture, p);
	cr_assert_eq(p->nnodes, 3);
	for (unsigned n = 0; n < 3; n++) {
		const struct vt_numa_node *node = &p->nodes[n];

		cr_expect_eq(node->id, n);
		cr_assert_eq(node->ndistance, 3);
		cr_expect_arr_eq(node->distance, rows[n], sizeof rows[n]);
		cr_assert_eq(node->naccess, 2, "%s node %u: access0 and access1", fixture, n);
		for (unsigned c = 0; c < 2; c++) {
			const struct vt_numa_access *a = &node->access[c];

			cr_expect_eq(a->cls, c);
			cr_expect_eq(a->present, 0xf, "node %u access%u", n, c);
			for (int f = 0; f < VT_HMAT_COUNT; f++)
				cr_expect_eq(a->value[f], numa3_told[attached[n]][n][f], "%s node %u access%u %s: %lu",
					     fixture, n, c, vt_hmat_name(f), (unsigned long)a->value[f]);
			cr_expect_eq(a->initiators.count, 1, "node %u access%u", n, c);
			cr_expect(vt_idset_contains(&a->initiators, attached[n]));
		}
	}
	/* targets/: the memory each initiator is attached to. */
	cr_expect_eq(p->nodes[0].access[0].targets.count, 1);
	cr_expect(vt_idset_contains(&p->nodes[0].access[0].targets, 0));
	cr_expect_eq(p->nodes[1].access[1].targets.count, 2);
	cr_expect(vt_idset_contains(&p->nodes[1].access[1].targets, 2));
	cr_expect_eq(p->nodes[2].access[0].targets.count, 0, "memory-only: initiator of nothing");
	cr_expect(vt_idset_contains(&p->set[VT_NSET_HAS_MEMORY], 2));
	cr_expect_not(vt_idset_contains(&p->set[VT_NSET_HAS_CPU], 2));
	cr_expect_eq(p->nodes[2].cpulist.count, 0);
	cr_expect(p->tiers_available);
}

/* Debian 6.1: node 2 is memory-only, yet in the DRAM tier with the others:
 * 6.1 gives every node the default tier unless a driver (dax/kmem) sets
 * another; it does not derive tiers from the HMAT. */
Test(numa_read, guest_hmat_three_nodes)
{
	struct vt_numa_probe p;

	expect_numa3_hmat("qemu-numa3-hmat-boot", &p);
	cr_assert_eq(p.ntiers, 1);
	cr_expect_eq(p.tiers[0].id, 4);
	cr_expect_eq(p.tiers[0].nodes.count, 3);
	vt_numa_probe_release(&p);
}

/* Debian 6.12, same topology: the same figures, and the CPU-less node gets
 * a tier of its own from them (mm/memory-tiers.c mt_perf_to_adistance):
 * abstract distance = MEMTIER_ADISTANCE_DRAM (576) * its read+write latency
 * / the reference DRAM node's (node 0, the first; with node 1's it would be
 * tier 46) * the reference's read+write bandwidth / its own, left to right
 * in integers (no product here comes near INT_MAX); tier = distance >> 7. */
Test(numa_read, guest_612_hmat_own_tier)
{
	struct vt_numa_probe p;
	const uint64_t *dram = numa3_told[0][0], *cxl = numa3_told[1][2];
	uint64_t adist;

	expect_numa3_hmat("qemu612-numa3-hmat-boot", &p);
	adist = 576 * (cxl[VT_HMAT_READ_LATENCY] + cxl[VT_HMAT_WRITE_LATENCY]) /
		(dram[VT_HMAT_READ_LATENCY] + dram[VT_HMAT_WRITE_LATENCY]) *
		(dram[VT_HMAT_READ_BANDWIDTH] + dram[VT_HMAT_WRITE_BANDWIDTH]) /
		(cxl[VT_HMAT_READ_BANDWIDTH] + cxl[VT_HMAT_WRITE_BANDWIDTH]);
	cr_expect_eq(adist, 6663);
	cr_assert_eq(p.ntiers, 2);
	cr_expect_eq(p.tiers[0].id, 4);
	cr_expect_eq(p.tiers[0].nodes.count, 2);
	cr_expect(vt_idset_contains(&p.tiers[0].nodes, 1));
	cr_expect_eq(p.tiers[1].id, adist >> 7);
	cr_expect_eq(p.tiers[1].nodes.count, 1);
	cr_expect(vt_idset_contains(&p.tiers[1].nodes, 2));
	vt_numa_probe_release(&p);
}

Test(numa_read, handmade_no_node_directory)
{
	struct vt_numa_probe p;

	read_fixture("handmade-numa-none", &p);
	cr_expect_not(p.numa_available);
	cr_assert_eq(p.nnodes, 1, "a kernel without NUMA still has node 0");
	cr_expect(p.nodes[0].has_meminfo);
	cr_expect_eq(p.nodes[0].meminfo.value[VT_MI_MEM_TOTAL], 8388608);
	cr_expect_eq(p.nodes[0].cpulist.count, 2);
	cr_expect_not(p.nodes[0].has_distance);
	cr_expect_not(p.tiers_available);
	vt_numa_probe_release(&p);
}

/* A temporary tree with one node whose file `rel` holds `content`. */
static char *one_node_tree(const char *rel, const char *content)
{
	char *dir = vt_test_mkdtemp();

	vt_test_write(dir, "sys/devices/system/node/online", "0\n");
	vt_test_write(dir, "sys/devices/system/node/node0/distance", "10\n");
	vt_test_write(dir, "sys/devices/system/node/node0/meminfo", "Node 0 MemTotal: 1024 kB\n");
	if (rel)
		vt_test_write(dir, rel, content);
	return dir;
}

static int read_tree(const char *dir, struct vt_numa_probe *p, char **cause)
{
	struct vt_root root;
	int err;

	cr_assert_eq(vt_root_open(&root, dir, cause), 0);
	vt_numa_probe_init(p);
	err = vt_numa_read(&root, p, cause);
	vt_root_release(&root);
	return err;
}

Test(numa_read, malformed_files_name_the_file)
{
	static const struct { const char *rel, *content, *want; } cases[] = {
		{ "sys/devices/system/node/node0/distance", "10 ten\n", "node0/distance: entry 2: bad distance 'ten'" },
		{ "sys/devices/system/node/node0/numastat", "numa_hit lots\n", "node0/numastat: line 1" },
		{ "sys/devices/system/node/node0/meminfo", "Node 1 MemTotal: 5 kB\n", "node0/meminfo: describes node 1" },
		{ "sys/devices/system/node/node0/cpulist", "0-x\n", "node0/cpulist" },
		{ "sys/devices/system/node/node0/cpumap", "zz\n", "node0/cpumap" },
		{ "sys/devices/system/node/has_cpu", "1-0\n", "node/has_cpu" },
		{ "sys/devices/system/node/node0/access0/initiators/read_latency", "fast\n", "read_latency" },
		{ "sys/devices/virtual/memory_tiering/memory_tier4/nodelist", "0-\n", "memory_tier4/nodelist" },
	};

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *dir = one_node_tree(cases[i].rel, cases[i].content), *cause = NULL;
		struct vt_numa_probe p;

		cr_expect_eq(read_tree(dir, &p, &cause), -EINVAL, "%s accepted", cases[i].rel);
		cr_expect(cause && strstr(cause, cases[i].want), "cause '%s' lacks '%s'",
			  cause ? cause : "(null)", cases[i].want);
		free(cause);
		vt_numa_probe_release(&p);
		vt_test_rmtree(dir);
		free(dir);
	}
}

Test(numa_read, missing_files_are_not_zero)
{
	char *dir = vt_test_mkdtemp(), *cause = NULL;
	struct vt_numa_probe p;

	vt_test_write(dir, "sys/devices/system/node/node0/cpulist", "0\n");
	/* Odd entries the reader must skip: not nodes, padded ids, a file. */
	vt_test_write(dir, "sys/devices/system/node/node01/distance", "10\n");
	vt_test_write(dir, "sys/devices/system/node/nodex/distance", "10\n");
	vt_test_write(dir, "sys/devices/system/node/node7", "a file, not a node\n");
	cr_assert_eq(read_tree(dir, &p, &cause), 0, "%s", cause);
	cr_expect(p.numa_available);
	cr_assert_eq(p.nnodes, 1);
	cr_expect_not(p.nodes[0].has_meminfo);
	cr_expect_not(p.nodes[0].has_distance);
	cr_expect_not(p.nodes[0].has_numastat);
	cr_expect_not(p.nodes[0].has_cpumap);
	cr_expect(p.nodes[0].has_cpulist);
	for (int s = 0; s < VT_NSET_COUNT; s++)
		cr_expect_not(p.has_set[s], "%s", vt_numa_set_name((enum vt_numa_set)s));
	cr_expect_not(p.tiers_available);
	vt_numa_probe_release(&p);
	vt_test_rmtree(dir);
	free(dir);
}

Test(numa_read, node_order_is_numeric)
{
	char *dir = vt_test_mkdtemp(), *cause = NULL;
	struct vt_numa_probe p;
	static const unsigned want[] = { 0, 2, 10, 11 };

	for (size_t i = 0; i < 4; i++) {
		char rel[80];

		snprintf(rel, sizeof rel, "sys/devices/system/node/node%u/distance", want[3 - i]);
		vt_test_write(dir, rel, "10 20 20 20\n");
	}
	cr_assert_eq(read_tree(dir, &p, &cause), 0, "%s", cause);
	cr_assert_eq(p.nnodes, 4);
	for (size_t i = 0; i < 4; i++)
		cr_expect_eq(p.nodes[i].id, want[i]);
	vt_numa_probe_release(&p);
	vt_test_rmtree(dir);
	free(dir);
}
