/* Topology model: node kinds, sparse and offline ids, the distance-matrix
 * checks, on fixtures and on probes built by hand here (HAND-MADE). */
#include "config.h"
#include "model/topology.h"
#include "core/xalloc.h"
#include "helpers.h"

#include <criterion/criterion.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

static void read_fixture(const char *name, struct vt_numa_probe *p, struct vt_topology *t)
{
	char *dir = vt_test_fixture(name), *cause = NULL;
	struct vt_root root;

	cr_assert_eq(vt_root_open(&root, dir, &cause), 0, "%s", cause);
	vt_numa_probe_init(p);
	cr_assert_eq(vt_numa_read(&root, p, &cause), 0, "%s: %s", name, cause);
	vt_root_release(&root);
	free(dir);
	vt_topology_init(t);
	cr_assert_eq(vt_topology_build(p, t, NULL), 0);
}

static void done(struct vt_numa_probe *p, struct vt_topology *t)
{
	vt_topology_release(t);
	vt_numa_probe_release(p);
}

/* Node MemTotal each fit, their sum does not: an error, not a wrap. */
Test(topology, memory_sums_are_checked)
{
	struct vt_numa_probe p;
	struct vt_topology t;
	char *cause = NULL;

	read_fixture("qemu-numa2-boot", &p, &t);
	cr_assert_eq(p.nnodes, 2);
	for (size_t i = 0; i < 2; i++)
		p.nodes[i].meminfo.value[VT_MI_MEM_TOTAL] = 5000000000000000000u;
	cr_expect_eq(vt_topology_build(&p, &t, &cause), -EOVERFLOW);
	cr_expect_str_eq(cause, "the nodes' MemTotal add up: out of range [0, 9223372036854775807]");
	free(cause);
	done(&p, &t);
}

Test(topology, guest_four_nodes)
{
	struct vt_numa_probe p;
	struct vt_topology t;
	static const unsigned classes[] = { 21, 32, 40, 48 };

	read_fixture("qemu-numa4-memonly-boot", &p, &t);
	cr_expect(t.numa_available);
	cr_assert_eq(t.nnodes, 4);
	cr_expect_not(t.sparse);
	cr_expect(t.nodes[3].memory_only);
	cr_expect_not(t.nodes[0].memory_only);
	cr_expect_eq(t.memory_only.count, 1);
	cr_expect_eq(t.cpu_only.count, 0);
	cr_expect_eq(t.cpu_count, 3);
	cr_expect_eq(t.nodes[0].tier, 4);
	cr_expect(t.dist.square);
	cr_expect(t.dist.symmetric);
	cr_expect(t.dist.local_ok);
	cr_expect_eq(t.dist.max_remote, 48);
	cr_expect_eq(t.nodes[t.dist.max_i].id, 2);
	cr_expect_eq(t.nodes[t.dist.max_j].id, 3);
	cr_expect_eq(t.dist.min_remote, 21);
	cr_expect(t.dist.beyond_reclaim);
	cr_expect_eq(t.dist.beyond_pairs, 3, "0-3, 1-3 and 2-3 are beyond 30");
	cr_assert_eq(t.dist.nclasses, 4);
	cr_expect_arr_eq(t.dist.classes, classes, sizeof classes);
	/* numactl's MB: kB << 10 >> 20 (the CLI test compares the whole text
	 * with the guest's own numactl output). */
	cr_expect_eq(t.nodes[3].numactl_size_mb, t.nodes[3].total_kb >> 10);
	cr_expect_eq(t.nodes[3].numactl_free_mb, t.nodes[3].free_kb >> 10);
	cr_expect_eq(t.offline.count, 0);
	/* Zones from /proc/zoneinfo: the CPU-less node sits above 4 GiB. */
	cr_expect(t.nodes[3].zones_known);
	for (size_t i = 0; i < t.nodes[3].nzones; i++)
		cr_expect_eq(t.nodes[3].zones[i]->populated, strcmp(t.nodes[3].zones[i]->name, "Normal") == 0,
			     "node 3 zone %s", t.nodes[3].zones[i]->name);
	cr_expect_gt(t.nodes[3].managed_pages, 0);
	cr_expect_eq(t.nodes[3].zones[0]->node, 3);
	done(&p, &t);
}

Test(topology, guest_two_nodes)
{
	struct vt_numa_probe p;
	struct vt_topology t;

	read_fixture("qemu-numa2-boot", &p, &t);
	cr_assert_eq(t.nnodes, 2);
	cr_expect_eq(t.memory_only.count, 0);
	cr_expect(t.dist.symmetric);
	cr_expect_eq(t.dist.max_remote, 21);
	cr_expect_not(t.dist.beyond_reclaim, "21 <= RECLAIM_DISTANCE 30");
	cr_expect_eq(t.dist.beyond_pairs, 0);
	done(&p, &t);
}

/* Real kernel, QEMU with an HMAT (tests/vm/topologies/numa3-hmat): node 2
 * has memory above 4 GiB and no CPU; distances 21, 32 and 42. */
Test(topology, guest_hmat_memory_only)
{
	struct vt_numa_probe p;
	struct vt_topology t;
	static const unsigned classes[] = { 21, 32, 42 };
	static const unsigned d[9] = { 10, 21, 42, 21, 10, 32, 42, 32, 10 };

	read_fixture("qemu-numa3-hmat-boot", &p, &t);
	cr_assert_eq(t.nnodes, 3);
	cr_expect_eq(t.cpu_count, 2);
	cr_assert_eq(t.memory_only.count, 1);
	cr_expect_eq(t.memory_only.ids[0], 2);
	cr_expect(t.nodes[2].memory_only);
	cr_expect_not(t.nodes[1].memory_only);
	cr_expect_eq(t.cpu_only.count, 0);
	for (size_t i = 0; i < 3; i++)
		cr_expect_eq(t.nodes[i].tier, 4, "node %zu: 6.1 has one tier here", i);
	cr_assert_eq(t.dist.n, 3);
	cr_expect_arr_eq(t.dist.d, d, sizeof d);
	cr_expect(t.dist.square);
	cr_expect(t.dist.symmetric);
	cr_expect_eq(t.dist.max_remote, 42);
	cr_expect_eq(t.nodes[t.dist.max_i].id, 0);
	cr_expect_eq(t.nodes[t.dist.max_j].id, 2);
	cr_expect_eq(t.dist.beyond_pairs, 2, "0-2 and 1-2 are beyond 30");
	cr_assert_eq(t.dist.nclasses, 3);
	cr_expect_arr_eq(t.dist.classes, classes, sizeof classes);
	cr_expect(t.nodes[2].zones_known);
	for (size_t i = 0; i < t.nodes[2].nzones; i++)
		cr_expect_eq(t.nodes[2].zones[i]->populated, strcmp(t.nodes[2].zones[i]->name, "Normal") == 0,
			     "node 2 zone %s", t.nodes[2].zones[i]->name);
	done(&p, &t);

	/* 6.12 on the same topology puts node 2 in a slower tier of its own. */
	read_fixture("qemu612-numa3-hmat-boot", &p, &t);
	cr_assert_eq(t.nnodes, 3);
	cr_expect(t.nodes[2].memory_only);
	cr_expect_eq(t.nodes[0].tier, 4);
	cr_expect_eq(t.nodes[1].tier, 4);
	cr_expect_eq(t.nodes[2].tier, 52);
	cr_expect_arr_eq(t.dist.d, d, sizeof d);
	done(&p, &t);
}

Test(topology, host_single_node)
{
	struct vt_numa_probe p;
	struct vt_topology t;

	read_fixture("host-6.18-uma", &p, &t);
	cr_assert_eq(t.nnodes, 1);
	cr_expect(t.dist.square);
	cr_expect(t.dist.local_ok);
	cr_expect_not(t.dist.have_remote);
	cr_expect_not(t.dist.beyond_reclaim);
	cr_expect_eq(t.dist.nclasses, 0);
	done(&p, &t);
}

Test(topology, handmade_sparse_and_offline)
{
	struct vt_numa_probe p;
	struct vt_topology t;

	read_fixture("handmade-numa-sparse", &p, &t);
	cr_expect(t.sparse);
	cr_expect_eq(vt_topology_find(&t, 2), 1);
	cr_expect_eq(vt_topology_find(&t, 1), -1);
	cr_expect(t.have_offline);
	cr_assert_eq(t.offline.count, 1);
	cr_expect_eq(t.offline.ids[0], 1);
	cr_expect(t.dist.square, "2 entries per row for 2 online nodes");
	cr_expect_eq(t.dist.max_remote, 20);
	done(&p, &t);

	read_fixture("handmade-numa-offline", &p, &t);
	cr_expect_not(t.sparse);
	cr_assert_eq(t.offline.count, 1);
	cr_expect_eq(t.offline.ids[0], 3);
	done(&p, &t);
}

Test(topology, handmade_asymmetric)
{
	struct vt_numa_probe p;
	struct vt_topology t;

	read_fixture("handmade-numa-asym", &p, &t);
	cr_expect(t.dist.square);
	cr_expect_not(t.dist.symmetric);
	cr_expect_eq(t.dist.asymmetric_pairs, 1);
	cr_expect_eq(t.dist.asym_i, 0);
	cr_expect_eq(t.dist.asym_j, 1);
	cr_expect_eq(t.dist.max_remote, 40);
	cr_expect_eq(t.dist.max_i, 1);
	cr_expect(t.dist.beyond_reclaim, "1 -> 0 is 40 even though 0 -> 1 is 20");
	cr_expect_eq(t.dist.beyond_pairs, 1);
	done(&p, &t);
}

Test(topology, handmade_no_numa)
{
	struct vt_numa_probe p;
	struct vt_topology t;

	read_fixture("handmade-numa-none", &p, &t);
	cr_expect_not(t.numa_available);
	cr_assert_eq(t.nnodes, 1);
	cr_expect(t.nodes[0].has_cpu);
	cr_expect(t.nodes[0].has_memory);
	cr_expect_not(t.nodes[0].memory_only);
	cr_expect_not(t.dist.available);
	cr_expect_not(t.have_offline);
	cr_expect_not(t.nodes[0].zones_known, "no proc/zoneinfo in this tree");
	done(&p, &t);
}

Test(topology, handmade_cxl_memory_only_tier)
{
	struct vt_numa_probe p;
	struct vt_topology t;

	read_fixture("handmade-numa-cxl", &p, &t);
	cr_expect(t.nodes[2].memory_only);
	cr_expect_eq(t.nodes[2].tier, 22);
	cr_expect_eq(t.nodes[0].tier, 4);
	cr_expect_eq(t.dist.max_remote, 35);
	cr_expect_eq(t.dist.beyond_pairs, 1);
	done(&p, &t);
}

/* A probe built in memory: `n` nodes with ids `ids`, rows[i] holding
 * lens[i] entries (lens[i] < 0: no distance file). */
static void build(struct vt_numa_probe *p, size_t n, const unsigned *ids,
		  const unsigned rows[][4], const int *lens)
{
	vt_numa_probe_init(p);
	p->numa_available = true;
	p->nnodes = n;
	p->nodes = vt_xcalloc(n, sizeof *p->nodes);
	for (size_t i = 0; i < n; i++) {
		struct vt_numa_node *node = &p->nodes[i];

		node->id = ids[i];
		vt_idset_init(&node->cpulist);
		vt_idset_init(&node->cpumap);
		if (lens[i] < 0)
			continue;
		node->has_distance = true;
		node->ndistance = (size_t)lens[i];
		node->distance = vt_xcalloc(4, sizeof *node->distance);
		memcpy(node->distance, rows[i], (size_t)lens[i] * sizeof *node->distance);
	}
}

Test(topology, short_and_missing_rows)
{
	static const unsigned ids[] = { 0, 1, 2 };
	static const unsigned rows[3][4] = { { 10, 20, 35 }, { 20, 10 }, { 0 } };
	static const int lens[] = { 3, 2, -1 };
	struct vt_numa_probe p;
	struct vt_topology t;

	build(&p, 3, ids, rows, lens);
	vt_topology_init(&t);
	cr_assert_eq(vt_topology_build(&p, &t, NULL), 0);
	cr_expect(t.dist.available);
	cr_expect_not(t.dist.square);
	cr_expect_eq(t.dist.bad_row, 1);
	cr_expect_eq(t.dist.bad_row_len, 2);
	cr_expect_not(t.dist.symmetric);
	cr_expect_eq(t.dist.asymmetric_pairs, 0, "nothing known both ways differs");
	cr_expect_not(t.dist.symmetry_known, "a missing row is not an asymmetry");
	cr_expect(t.dist.local_ok);
	cr_expect_not(t.dist.known[2 * 3 + 0]);
	cr_expect_eq(t.dist.max_remote, 35);
	cr_expect_eq(t.dist.beyond_pairs, 1, "0 -> 2 known one way only still counts");
	done(&p, &t);
}

Test(topology, bad_local_distance_and_no_rows)
{
	static const unsigned ids[] = { 0, 1 };
	static const unsigned rows[2][4] = { { 10, 20 }, { 20, 12 } };
	static const int lens[] = { 2, 2 }, none[] = { -1, -1 };
	struct vt_numa_probe p;
	struct vt_topology t;

	build(&p, 2, ids, rows, lens);
	vt_topology_init(&t);
	cr_assert_eq(vt_topology_build(&p, &t, NULL), 0);
	cr_expect(t.dist.square);
	cr_expect(t.dist.symmetric);
	cr_expect_not(t.dist.local_ok);
	cr_expect_eq(t.dist.bad_local, 1);
	done(&p, &t);

	build(&p, 2, ids, rows, none);
	vt_topology_init(&t);
	cr_assert_eq(vt_topology_build(&p, &t, NULL), 0);
	cr_expect_not(t.dist.available);
	cr_expect_not(t.dist.square);
	cr_expect_not(t.dist.have_remote);
	cr_expect_not(t.dist.beyond_reclaim);
	done(&p, &t);
}

Test(topology, sets_decide_node_kind)
{
	static const unsigned ids[] = { 0, 1, 2 };
	static const unsigned rows[3][4] = { { 0 } };
	static const int lens[] = { -1, -1, -1 };
	struct vt_numa_probe p;
	struct vt_topology t;

	build(&p, 3, ids, rows, lens);
	p.has_set[VT_NSET_HAS_CPU] = true;
	vt_idset_add(&p.set[VT_NSET_HAS_CPU], 0);
	vt_idset_add(&p.set[VT_NSET_HAS_CPU], 1);
	p.has_set[VT_NSET_HAS_MEMORY] = true;
	vt_idset_add(&p.set[VT_NSET_HAS_MEMORY], 0);
	vt_idset_add(&p.set[VT_NSET_HAS_MEMORY], 2);
	p.has_set[VT_NSET_HAS_GENERIC_INITIATOR] = true;
	vt_idset_add(&p.set[VT_NSET_HAS_GENERIC_INITIATOR], 2);
	vt_topology_init(&t);
	cr_assert_eq(vt_topology_build(&p, &t, NULL), 0);
	cr_expect(t.nodes[1].cpu_only);
	cr_expect(t.nodes[2].memory_only);
	cr_expect(t.nodes[2].generic_initiator);
	cr_expect_not(t.nodes[0].cpu_only || t.nodes[0].memory_only);
	cr_expect_eq(t.cpu_only.count, 1);
	cr_expect_eq(t.memory_only.count, 1);
	cr_expect_not(t.has_total, "no meminfo: total unknown, not 0");
	done(&p, &t);
}

Test(topology, asymmetry_is_known_despite_a_missing_row)
{
	static const unsigned ids[] = { 0, 1, 2 };
	static const unsigned rows[3][4] = { { 10, 20, 30 }, { 40, 10, 30 }, { 0 } };
	static const int lens[] = { 3, 3, -1 };
	struct vt_numa_probe p;
	struct vt_topology t;

	build(&p, 3, ids, rows, lens);
	vt_topology_init(&t);
	cr_assert_eq(vt_topology_build(&p, &t, NULL), 0);
	cr_expect_not(t.dist.square);
	cr_expect(t.dist.symmetry_known);
	cr_expect_not(t.dist.symmetric);
	cr_expect_eq(t.dist.asymmetric_pairs, 1);
	done(&p, &t);
	build(&p, 2, ids, rows, (const int[]){ 2, 2 });
	vt_topology_init(&t);
	cr_assert_eq(vt_topology_build(&p, &t, NULL), 0);
	cr_expect(t.dist.square);
	cr_expect(t.dist.symmetry_known);
	done(&p, &t);
}

Test(topology, unknown_memory_or_cpus_make_no_kind)
{
	static const unsigned ids[] = { 0, 1, 2 };
	static const unsigned rows[3][4] = { { 0 } };
	static const int lens[] = { -1, -1, -1 };
	struct vt_numa_probe p;
	struct vt_topology t;

	/* No has_cpu or has_memory set, no meminfo, no zoneinfo: node 0 lists
	 * CPUs, node 1 has MemTotal, node 2 shows nothing. */
	build(&p, 3, ids, rows, lens);
	vt_idset_add(&p.nodes[0].cpulist, 0);
	p.nodes[0].has_cpulist = true;
	p.nodes[1].has_meminfo = true;
	vt_bit_set(p.nodes[1].meminfo.present, VT_MI_MEM_TOTAL);
	p.nodes[1].meminfo.value[VT_MI_MEM_TOTAL] = 1024;
	vt_topology_init(&t);
	cr_assert_eq(vt_topology_build(&p, &t, NULL), 0);
	cr_expect(t.nodes[0].has_cpu && t.nodes[0].has_cpu_known);
	cr_expect_not(t.nodes[0].has_memory_known);
	cr_expect_not(t.nodes[0].cpu_only, "memory unknown is not no memory");
	cr_expect(t.nodes[1].has_memory && t.nodes[1].has_memory_known);
	cr_expect_not(t.nodes[1].has_cpu_known);
	cr_expect_not(t.nodes[1].memory_only, "CPUs unknown is not no CPUs");
	cr_expect_not(t.nodes[2].has_cpu_known || t.nodes[2].has_memory_known);
	cr_expect_eq(t.cpu_only.count + t.memory_only.count, 0);
	done(&p, &t);
	/* With zoneinfo, a populated zone is memory (N_MEMORY), none is none. */
	build(&p, 3, ids, rows, lens);
	vt_idset_add(&p.nodes[0].cpulist, 0);
	p.nodes[0].has_cpulist = true;
	p.has_zoneinfo = true;
	p.zoneinfo.nzones = 1;
	p.zoneinfo.zones = vt_xcalloc(1, sizeof *p.zoneinfo.zones);
	p.zoneinfo.zones[0].node = 2;
	p.zoneinfo.zones[0].populated = true;
	vt_topology_init(&t);
	cr_assert_eq(vt_topology_build(&p, &t, NULL), 0);
	cr_expect(t.nodes[0].has_memory_known);
	cr_expect(t.nodes[0].cpu_only, "CPUs and no zone with pages");
	cr_expect(t.nodes[2].has_memory);
	cr_expect_not(t.nodes[2].memory_only, "its CPUs are not known");
	done(&p, &t);
}

Test(topology, online_set_against_node_directories)
{
	static const unsigned ids[] = { 0, 1, 2 };
	static const unsigned rows[3][4] = { { 0 } };
	static const int lens[] = { -1, -1, -1 };
	static const char *const online[] = { "0-2", "0-1", "0-3", "0,2-3", "" };
	static const bool mismatch[] = { false, true, true, true, true };
	struct vt_numa_probe p;
	struct vt_topology t;

	for (size_t i = 0; i < sizeof online / sizeof online[0]; i++) {
		build(&p, 3, ids, rows, lens);
		p.has_set[VT_NSET_ONLINE] = true;
		cr_assert_eq(vt_idset_parse(online[i], strlen(online[i]), &p.set[VT_NSET_ONLINE], NULL), 0);
		vt_topology_init(&t);
		cr_assert_eq(vt_topology_build(&p, &t, NULL), 0);
		cr_expect_eq(t.online_mismatch, mismatch[i], "online '%s'", online[i]);
		done(&p, &t);
	}
	build(&p, 3, ids, rows, lens);
	vt_topology_init(&t);
	cr_assert_eq(vt_topology_build(&p, &t, NULL), 0);
	cr_expect_not(t.online_mismatch, "no online file: nothing to disagree with");
	done(&p, &t);
}

/* Distances past a byte (no SLIT has them, a hostile tree may) sort after
 * the byte-sized ones and repeat once. */
Test(topology, remote_classes_past_a_byte)
{
	static const unsigned ids[] = { 0, 1, 2, 3 };
	static const unsigned rows[4][4] = {
		{ 10, 300, 20, 4000 }, { 300, 10, 255, 256 }, { 20, 255, 10, 300 }, { 4000, 256, 300, 10 },
	};
	static const int lens[] = { 4, 4, 4, 4 };
	static const unsigned classes[] = { 20, 255, 256, 300, 4000 };
	struct vt_numa_probe p;
	struct vt_topology t;

	build(&p, 4, ids, rows, lens);
	vt_topology_init(&t);
	cr_assert_eq(vt_topology_build(&p, &t, NULL), 0);
	cr_expect(t.dist.symmetric);
	cr_assert_eq(t.dist.nclasses, 5);
	cr_expect_arr_eq(t.dist.classes, classes, sizeof classes);
	cr_expect_eq(t.dist.max_remote, 4000);
	cr_expect_eq(t.dist.min_remote, 20);
	done(&p, &t);
}
