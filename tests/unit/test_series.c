#include "config.h"
#include "model/series.h"
#include "probe/source.h"
#include "helpers.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The interval and Average bookkeeping of `stat`, fed from fixture series
 * (through the sample source, as stat reads them) and from samples built
 * here for the node cases no fixture has. */

#define EXPECT_RATE(r, id, v) do { \
		cr_expect(vt_rates_has(r, id), "%s not available", vt_rate_info(id)->key); \
		cr_expect_float_eq((r)->value[id], (v), 1e-6, "%s = %f, expected %f", \
				   vt_rate_info(id)->key, (r)->value[id], (double)(v)); \
	} while (0)

/* Every sample of a fixture series, in order; returns how many. */
static size_t read_series(const char *fixture, struct vt_sample *out, size_t max)
{
	char *path = vt_test_fixture(fixture), *cause = NULL;
	struct vt_source src;
	size_t n = 0;
	int rc;

	cr_assert_eq(vt_source_open_root(&src, path, &cause), 0, "%s", cause);
	cr_assert_eq(src.kind, VT_SOURCE_SERIES);
	cr_assert_eq(vt_source_start(&src, 1, 0, &cause), 0, "%s", cause);
	while (n < max) {
		vt_sample_init(&out[n]);
		rc = vt_source_next(&src, &out[n], NULL, &cause);
		cr_assert_geq(rc, 0, "%s", cause);
		if (rc == 0) {
			vt_sample_release(&out[n]);
			break;
		}
		n++;
	}
	vt_source_close(&src);
	free(path);
	return n;
}

static void release_all(struct vt_sample *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		vt_sample_release(&s[i]);
}

/* handmade-6.1-stat-reset: t0 -> t1 2 s, pgfault +2000, pgfree +2000, PSI
 * some +20000 us; t1 -> t2 pgfault goes backwards; t2 -> t3 2 s, pgfault
 * +4000, pgfree +200. */
Test(series, a_counter_reset_is_its_own_row_and_left_out_of_the_average)
{
	struct vt_sample s[8];
	struct vt_series ser;
	size_t n = read_series("handmade-6.1-stat-reset", s, 8);

	cr_assert_eq(n, 4);
	vt_series_init(&ser, VT_SERIES_ALL_NODES);
	cr_expect_eq(vt_series_feed(&ser, &s[0]), 0, "the first sample has nothing to compare with");
	cr_expect_eq(ser.intervals, 0);

	cr_assert_eq(vt_series_feed(&ser, &s[1]), 1);
	cr_expect_not(ser.system.reset);
	cr_expect_float_eq(ser.system.interval_s, 2.0, 1e-9);
	EXPECT_RATE(&ser.system, VT_RATE_FAULT, 1000);
	EXPECT_RATE(&ser.system, VT_RATE_PGFREE, 1000);
	EXPECT_RATE(&ser.system, VT_RATE_PSI_SOME_STALL, 20000);

	cr_assert_eq(vt_series_feed(&ser, &s[2]), 1);
	cr_expect(ser.system.reset, "pgfault went backwards");
	cr_expect_str_eq(ser.system.reset_counter, "pgfault");
	cr_expect_eq(ser.system.available, 0, "a reset row has no rates");

	cr_assert_eq(vt_series_feed(&ser, &s[3]), 1);
	cr_expect_not(ser.system.reset, "the counter moves on from its new base");
	EXPECT_RATE(&ser.system, VT_RATE_FAULT, 2000);
	EXPECT_RATE(&ser.system, VT_RATE_PGFREE, 100);
	cr_expect_eq(ser.intervals, 3, "resets count as intervals");

	vt_series_average(&ser);
	cr_expect_not(ser.system.reset);
	cr_expect_float_eq(ser.system.interval_s, 4.0, 1e-9, "the reset's second is left out");
	EXPECT_RATE(&ser.system, VT_RATE_FAULT, 1500);
	EXPECT_RATE(&ser.system, VT_RATE_PGFREE, 550);
	EXPECT_RATE(&ser.system, VT_RATE_PSI_SOME_STALL, 10000);
	cr_expect_eq(ser.nnodes, 0, "no nodes in this series");
	cr_expect_eq(ser.last.mono_ns, s[3].mono_ns, "the Average ends at the last sample");
	vt_series_release(&ser);
	release_all(s, n);
}

/* qemu-numa2-memhog: two nodes, t0 -> t1 26.6 s; node 0 numa_hit 13388 ->
 * 65788, node 1 8941 -> 26360 (numastat). */
Test(series, per_node_rows_and_average_from_a_numa_series)
{
	struct vt_sample s[4];
	struct vt_series ser;
	size_t n = read_series("qemu-numa2-memhog", s, 4);
	double dt;

	cr_assert_eq(n, 2);
	dt = (double)(s[1].mono_ns - s[0].mono_ns) / 1e9;
	cr_assert_float_eq(dt, 26.61341951, 1e-9);
	vt_series_init(&ser, VT_SERIES_ALL_NODES);
	vt_series_feed(&ser, &s[0]);
	cr_assert_eq(vt_series_feed(&ser, &s[1]), 1);
	cr_assert_eq(ser.nnodes, 2);
	cr_expect_eq(ser.node_ids[0], 0);
	cr_expect_eq(ser.node_ids[1], 1);
	EXPECT_RATE(&ser.nodes[0], VT_RATE_NUMA_HIT, (65788 - 13388) / dt);
	EXPECT_RATE(&ser.nodes[1], VT_RATE_NUMA_HIT, (26360 - 8941) / dt);
	cr_expect(vt_rates_has(&ser.system, VT_RATE_PGSCANK));

	vt_series_average(&ser);
	cr_assert_eq(ser.nnodes, 2);
	EXPECT_RATE(&ser.nodes[1], VT_RATE_NUMA_HIT, (26360 - 8941) / dt);
	vt_series_release(&ser);

	/* One node chosen: its rows only, in the intervals and the Average. */
	vt_series_init(&ser, 1);
	vt_series_feed(&ser, &s[0]);
	vt_series_feed(&ser, &s[1]);
	cr_assert_eq(ser.nnodes, 1);
	cr_expect_eq(ser.node_ids[0], 1);
	EXPECT_RATE(&ser.nodes[0], VT_RATE_NUMA_HIT, (26360 - 8941) / dt);
	vt_series_average(&ser);
	cr_assert_eq(ser.nnodes, 1);
	cr_expect_eq(ser.node_ids[0], 1);
	vt_series_release(&ser);
	release_all(s, n);
}

/* A sample at `secs` with pgfault = `fault` and nodes `ids` (numa_hit =
 * `hit` on each). */
static void make_sample(struct vt_sample *s, unsigned secs, unsigned fault, const unsigned *ids, size_t nids,
			unsigned hit)
{
	char text[64];

	vt_sample_init(s);
	s->mono_ns = (uint64_t)secs * 1000000000u;
	snprintf(text, sizeof text, "pgfault %u\n", fault);
	cr_assert_eq(vt_vmstat_parse(text, strlen(text), &s->vm, NULL), 0);
	vt_sample_reserve(s, nids);
	s->nnodes = nids;
	for (size_t i = 0; i < nids; i++) {
		memset(&s->nodes[i], 0, sizeof s->nodes[i]);
		s->nodes[i].id = ids[i];
		snprintf(text, sizeof text, "numa_hit %u\n", hit);
		cr_assert_eq(vt_numastat_parse(text, strlen(text), &s->nodes[i].ns, NULL), 0);
		s->nodes[i].have_numastat = true;
	}
}

Test(series, a_node_that_comes_back_is_a_reset_row_and_keeps_its_average)
{
	static const unsigned both[] = { 0, 1 }, zero[] = { 0 };
	struct vt_sample s[4];
	struct vt_series ser;

	make_sample(&s[0], 10, 100, both, 2, 1000);
	make_sample(&s[1], 11, 200, zero, 1, 1100);     /* node 1 gone (offline) */
	make_sample(&s[2], 12, 300, both, 2, 1300);     /* and back */
	make_sample(&s[3], 14, 500, both, 2, 1700);
	vt_series_init(&ser, VT_SERIES_ALL_NODES);
	vt_series_feed(&ser, &s[0]);

	cr_assert_eq(vt_series_feed(&ser, &s[1]), 1);
	cr_assert_eq(ser.nnodes, 1, "rows for the nodes of the current sample");
	EXPECT_RATE(&ser.nodes[0], VT_RATE_NUMA_HIT, 100);

	cr_assert_eq(vt_series_feed(&ser, &s[2]), 1);
	cr_assert_eq(ser.nnodes, 2);
	EXPECT_RATE(&ser.nodes[0], VT_RATE_NUMA_HIT, 200);
	cr_expect_eq(ser.node_ids[1], 1);
	cr_expect(ser.nodes[1].reset);
	cr_expect_str_eq(ser.nodes[1].reset_counter, "node appeared");
	EXPECT_RATE(&ser.system, VT_RATE_FAULT, 100);

	cr_assert_eq(vt_series_feed(&ser, &s[3]), 1);
	EXPECT_RATE(&ser.nodes[1], VT_RATE_NUMA_HIT, 200);

	vt_series_average(&ser);
	cr_assert_eq(ser.nnodes, 2);
	EXPECT_RATE(&ser.system, VT_RATE_FAULT, 100);
	EXPECT_RATE(&ser.nodes[0], VT_RATE_NUMA_HIT, 175);     /* 700 in 4 s */
	EXPECT_RATE(&ser.nodes[1], VT_RATE_NUMA_HIT, 200);     /* only 12 -> 14 counted */
	cr_expect_float_eq(ser.nodes[1].interval_s, 2.0, 1e-9);
	vt_series_release(&ser);
	release_all(s, 4);
}

Test(series, nodes_are_those_of_the_first_sample)
{
	static const unsigned zero[] = { 0 }, both[] = { 0, 1 };
	struct vt_sample s[3];
	struct vt_series ser;

	make_sample(&s[0], 10, 100, zero, 1, 1000);
	make_sample(&s[1], 11, 200, both, 2, 1100);     /* node 1 onlined */
	make_sample(&s[2], 12, 200, both, 2, 1100);
	vt_series_init(&ser, VT_SERIES_ALL_NODES);
	vt_series_feed(&ser, &s[0]);
	vt_series_feed(&ser, &s[1]);
	cr_expect_eq(ser.nnodes, 1, "rows are sized by the first sample's nodes");
	cr_expect_eq(ser.node_ids[0], 0);
	vt_series_feed(&ser, &s[2]);
	EXPECT_RATE(&ser.system, VT_RATE_FAULT, 0);
	vt_series_average(&ser);
	cr_expect_eq(ser.nnodes, 1);
	EXPECT_RATE(&ser.system, VT_RATE_FAULT, 50);
	vt_series_release(&ser);
	release_all(s, 3);
}

Test(series, no_elapsed_time_is_a_reset)
{
	struct vt_sample a, b;
	struct vt_series ser;

	make_sample(&a, 10, 100, NULL, 0, 0);
	make_sample(&b, 10, 200, NULL, 0, 0);
	vt_series_init(&ser, VT_SERIES_ALL_NODES);
	vt_series_feed(&ser, &a);
	cr_assert_eq(vt_series_feed(&ser, &b), 1);
	cr_expect(ser.system.reset);
	cr_expect_str_eq(ser.system.reset_counter, "time");
	vt_series_average(&ser);
	cr_expect_not(vt_rates_has(&ser.system, VT_RATE_FAULT), "nothing to average");
	vt_series_release(&ser);
	vt_sample_release(&a);
	vt_sample_release(&b);
}
