#include "config.h"
#include "model/rates.h"
#include "probe/sample.h"
#include "helpers.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void parse_vm(const char *text, struct vt_vmstat *vm)
{
	cr_assert_eq(vt_vmstat_parse(text, strlen(text), vm, NULL), 0, "%s", text);
}

/* One interval between two /proc/vmstat texts over dt seconds. */
static int rates_of(const char *a, const char *b, double dt, struct vt_rates *r)
{
	struct vt_vmstat va, vb;
	struct vt_counters ca = { .vm = &va }, cb = { .vm = &vb };
	struct vt_delta d;
	const char *reset;
	int rc;

	parse_vm(a, &va);
	parse_vm(b, &vb);
	rc = vt_delta_compute(&ca, &cb, dt, &d, &reset);
	if (rc != 0)
		vt_rates_reset(r, dt, reset);
	else
		vt_rates_from_delta(&d, r);
	return rc;
}

#define EXPECT_RATE(r, id, v) do { \
		cr_expect(vt_rates_has(r, id), "%s not available", vt_rate_info(id)->key); \
		cr_expect_float_eq((r)->value[id], (v), 1e-6, "%s = %f, expected %f", \
				   vt_rate_info(id)->key, (r)->value[id], (double)(v)); \
	} while (0)

Test(rates, table_is_complete)
{
	for (int i = 0; i < VT_RATE_COUNT; i++) {
		const struct vt_rate_info *ri = vt_rate_info((enum vt_rate)i);

		cr_assert_not_null(ri->key, "rate %d has no key", i);
		cr_expect_leq(strlen(ri->column), 9, "%s: column wider than sar's 9", ri->column);
		for (int j = 0; j < i; j++)
			cr_expect_str_neq(ri->key, vt_rate_info((enum vt_rate)j)->key);
	}
}

Test(rates, sar_set_over_real_elapsed_time)
{
	struct vt_rates r;

	cr_assert_eq(rates_of("pgpgin 100\npgpgout 0\npgfault 1000\npgmajfault 1\npgfree 10\n",
			      "pgpgin 350\npgpgout 25\npgfault 1500\npgmajfault 2\npgfree 60\n", 0.25, &r), 0);
	cr_expect_float_eq(r.interval_s, 0.25, 1e-12);
	EXPECT_RATE(&r, VT_RATE_PGPGIN, 1000);
	EXPECT_RATE(&r, VT_RATE_PGPGOUT, 100);
	EXPECT_RATE(&r, VT_RATE_FAULT, 2000);
	EXPECT_RATE(&r, VT_RATE_MAJFLT, 4);
	EXPECT_RATE(&r, VT_RATE_PGFREE, 200);
	cr_expect_not(vt_rates_has(&r, VT_RATE_PGSCANK), "kernel without the counter: not available");
	cr_expect_not(vt_rates_has(&r, VT_RATE_VMEFF));
	cr_expect_not(vt_rates_has(&r, VT_RATE_OOM_KILL));
	cr_expect_not(vt_rates_has(&r, VT_RATE_PSI_SOME_AVG10));
}

/* kernel-facts §7: on 5.8+ the efficiency must pair anon/file steal with
 * anon/file scan, never mix families. */
Test(rates, vmeff_uses_one_family)
{
	static const char a[] =
		"pgscan_kswapd 0\npgscan_direct 0\npgsteal_kswapd 0\npgsteal_direct 0\n"
		"pgscan_anon 0\npgscan_file 0\npgsteal_anon 0\npgsteal_file 0\npgpgin 0\n";
	/* memcg reclaim: counted only in the anon/file family. */
	static const char b[] =
		"pgscan_kswapd 100\npgscan_direct 100\npgsteal_kswapd 50\npgsteal_direct 30\n"
		"pgscan_anon 300\npgscan_file 700\npgsteal_anon 90\npgsteal_file 810\npgpgin 0\n";
	static const char old_a[] = "pgscan_kswapd 0\npgscan_direct 0\npgsteal_kswapd 0\npgsteal_direct 0\n";
	static const char old_b[] = "pgscan_kswapd 150\npgscan_direct 50\npgsteal_kswapd 100\npgsteal_direct 20\n";
	struct vt_rates r;

	cr_assert_eq(rates_of(a, b, 1, &r), 0);
	EXPECT_RATE(&r, VT_RATE_VMEFF, 90);
	cr_expect(r.vmeff_by_type);
	EXPECT_RATE(&r, VT_RATE_PGSTEAL, 80);
	/* sysstat 12.6: Σ every pgsteal_ line / (pgscan_kswapd + pgscan_direct). */
	EXPECT_RATE(&r, VT_RATE_SAR_PGSTEAL, 980);
	EXPECT_RATE(&r, VT_RATE_SAR_VMEFF, 490);
	cr_assert_eq(rates_of(old_a, old_b, 2, &r), 0);
	EXPECT_RATE(&r, VT_RATE_VMEFF, 60);
	cr_expect_not(r.vmeff_by_type);
	EXPECT_RATE(&r, VT_RATE_PGSCANK, 75);
	EXPECT_RATE(&r, VT_RATE_PGSCAND, 25);
	cr_expect_not(vt_rates_has(&r, VT_RATE_SAR_PGSTEAL), "no sar -B paging lines: not /proc/vmstat");
}

Test(rates, nothing_scanned)
{
	static const char a[] = "pgscan_kswapd 5\npgscan_direct 5\npgsteal_kswapd 5\npgsteal_direct 5\npgpgin 0\n";
	struct vt_rates r;

	cr_assert_eq(rates_of(a, a, 1, &r), 0);
	cr_expect_not(vt_rates_has(&r, VT_RATE_VMEFF), "undefined efficiency is not 0 % or 100 %");
	EXPECT_RATE(&r, VT_RATE_SAR_VMEFF, 0);	/* sar prints 0.00 */
}

Test(rates, counter_reset_is_not_a_huge_rate)
{
	struct vt_rates r;

	cr_expect_eq(rates_of("pgfault 1000\npgfree 5\n", "pgfault 10\npgfree 9\n", 1, &r), 1);
	cr_expect(r.reset);
	cr_expect_str_eq(r.reset_counter, "pgfault");
	cr_expect_eq(r.available, 0);
	cr_expect_eq(rates_of("pgfault 1\n", "pgfault 2\n", 0, &r), 1, "zero interval");
	cr_expect_str_eq(r.reset_counter, "time");
	/* Levels may go down. */
	cr_expect_eq(rates_of("nr_free_pages 100\npgfault 1\n", "nr_free_pages 5\npgfault 2\n", 1, &r), 0);
}

Test(rates, psi_and_numastat)
{
	struct vt_vmstat v;
	struct vt_psi pa, pb;
	struct vt_numastat na, nb;
	struct vt_counters ca = { .vm = &v, .psi = &pa, .ns = &na }, cb = { .vm = &v, .psi = &pb, .ns = &nb };
	struct vt_delta d;
	struct vt_rates r;
	const char *reset;

	parse_vm("pgfault 1\nnuma_miss 999\n", &v);
	cr_assert_eq(vt_psi_parse("some avg10=1.00 avg60=0 avg300=0 total=100\n", 44, &pa, NULL), 0);
	cr_assert_eq(vt_psi_parse("some avg10=2.50 avg60=0 avg300=0 total=350100\n"
				  "full avg10=1.25 avg60=0 avg300=0 total=5\n", 88, &pb, NULL), 0);
	cr_assert_eq(vt_numastat_parse("numa_hit 10\nnuma_miss 0\n", 24, &na, NULL), 0);
	cr_assert_eq(vt_numastat_parse("numa_hit 30\nnuma_miss 8\n", 24, &nb, NULL), 0);
	cr_assert_eq(vt_delta_compute(&ca, &cb, 2.0, &d, &reset), 0);
	vt_rates_from_delta(&d, &r);
	EXPECT_RATE(&r, VT_RATE_PSI_SOME_AVG10, 2.5);
	EXPECT_RATE(&r, VT_RATE_PSI_SOME_STALL, 350000);
	cr_expect_not(vt_rates_has(&r, VT_RATE_PSI_FULL_AVG10), "full line missing at the start");
	EXPECT_RATE(&r, VT_RATE_NUMA_HIT, 10);
	EXPECT_RATE(&r, VT_RATE_NUMA_MISS, 4);
	cr_expect_not(vt_rates_has(&r, VT_RATE_NUMA_FOREIGN), "numastat wins over vmstat numa_*");
}

/* The sum of per-interval deltas equals first-to-last when nothing was
 * reset, and leaves out a reset interval. */
Test(rates, average_sums_intervals)
{
	static const char *const s[] = { "pgfault 0\npgfree 0\n", "pgfault 100\npgfree 10\n",
					 "pgfault 400\npgfree 20\n" };
	struct vt_vmstat v[3];
	struct vt_counters c[3];
	struct vt_delta d, acc;
	struct vt_rates r;
	const char *reset;

	for (int i = 0; i < 3; i++) {
		parse_vm(s[i], &v[i]);
		c[i] = (struct vt_counters){ .vm = &v[i] };
	}
	vt_delta_init(&acc);
	cr_assert_eq(vt_delta_compute(&c[0], &c[1], 1.0, &d, &reset), 0);
	vt_delta_add(&acc, &d);
	cr_assert_eq(vt_delta_compute(&c[1], &c[2], 0.5, &d, &reset), 0);
	vt_delta_add(&acc, &d);
	vt_rates_from_delta(&acc, &r);
	EXPECT_RATE(&r, VT_RATE_FAULT, 400 / 1.5);
	EXPECT_RATE(&r, VT_RATE_PGFREE, 20 / 1.5);
	cr_assert_eq(vt_delta_compute(&c[2], &c[0], 1.0, &d, &reset), 1);
	vt_delta_add(&acc, &d);
	vt_rates_from_delta(&acc, &r);
	EXPECT_RATE(&r, VT_RATE_FAULT, 400 / 1.5);
}

/* Deltas of counts up to INT64_MAX whose sum over intervals would pass it:
 * the Average leaves that counter out instead of wrapping to a small rate. */
Test(rates, average_sums_are_checked)
{
	static const char *const s[] = { "pgfault 0\npgfree 0\n", "pgfault 9223372036854775807\npgfree 10\n",
					 "pgfault 0\npgfree 20\n", "pgfault 9223372036854775807\npgfree 30\n" };
	struct vt_vmstat v[4];
	struct vt_counters c[4];
	struct vt_delta d, acc;
	struct vt_rates r;
	const char *reset;

	for (int i = 0; i < 4; i++) {
		parse_vm(s[i], &v[i]);
		c[i] = (struct vt_counters){ .vm = &v[i] };
	}
	vt_delta_init(&acc);
	cr_assert_eq(vt_delta_compute(&c[0], &c[1], 1.0, &d, &reset), 0);
	vt_delta_add(&acc, &d);
	cr_assert_eq(vt_delta_compute(&c[1], &c[2], 1.0, &d, &reset), 1, "pgfault went back: a reset");
	cr_assert_eq(vt_delta_compute(&c[2], &c[3], 1.0, &d, &reset), 0);
	vt_delta_add(&acc, &d);
	vt_rates_from_delta(&acc, &r);
	cr_expect_not(vt_rates_has(&r, VT_RATE_FAULT), "2 * INT64_MAX faults: %f", r.value[VT_RATE_FAULT]);
	EXPECT_RATE(&r, VT_RATE_PGFREE, 20 / 2.0);
}

/* ---- time-stepped fixture pairs ---- */

static void take(const char *fixture, const char *t, struct vt_sample *s)
{
	char *base = vt_test_fixture(fixture), *path;
	struct vt_sampler sp;
	struct vt_root root;
	char *cause = NULL;

	cr_assert(asprintf(&path, "%s/%s", base, t) > 0);
	cr_assert_eq(vt_root_open(&root, path, &cause), 0, "%s", cause);
	cr_assert_eq(vt_sampler_open(&sp, &root, &cause), 0, "%s", cause);
	vt_sampler_prepare(&sp, s);
	cr_assert_eq(vt_sampler_take(&sp, s, &cause), 0, "%s", cause);
	vt_sampler_close(&sp);
	vt_root_release(&root);
	free(path);
	free(base);
}

static int pair_rates(const char *fixture, const char *t0, const char *t1, struct vt_rates *r,
		      struct vt_sample *a, struct vt_sample *b)
{
	struct vt_counters ca, cb;
	struct vt_delta d;
	const char *reset;
	int rc;

	take(fixture, t0, a);
	take(fixture, t1, b);
	ca = (struct vt_counters){ .vm = &a->vm, .psi = a->have_psi ? &a->psi : NULL };
	cb = (struct vt_counters){ .vm = &b->vm, .psi = b->have_psi ? &b->psi : NULL };
	rc = vt_delta_compute(&ca, &cb, (double)(b->mono_ns - a->mono_ns) / 1e9, &d, &reset);
	if (rc)
		vt_rates_reset(r, 0, reset);
	else
		vt_rates_from_delta(&d, r);
	return rc;
}

/* HAND-MADE 4.4 pair: per-zone reclaim lines, one allocstall, no PSI, no
 * oom_kill; 10.00 s apart by proc/uptime.  Expected values by hand (see
 * tests/fixtures/README). */
Test(fixtures, handmade_4_4_per_zone)
{
	struct vt_sample a, b;
	struct vt_rates r;

	vt_sample_init(&a);
	vt_sample_init(&b);
	cr_assert_eq(pair_rates("handmade-4.4-stat-perzone", "t0", "t1", &r, &a, &b), 0);
	cr_expect(b.vm.flags & VT_VMSTAT_PERZONE_RECLAIM);
	cr_expect_float_eq(r.interval_s, 10.0, 1e-9);
	EXPECT_RATE(&r, VT_RATE_PGPGIN, 500);
	EXPECT_RATE(&r, VT_RATE_PGSCANK, 800);
	EXPECT_RATE(&r, VT_RATE_PGSCAND, 200);
	EXPECT_RATE(&r, VT_RATE_PGSTEAL, 500);
	EXPECT_RATE(&r, VT_RATE_VMEFF, 50);
	EXPECT_RATE(&r, VT_RATE_SAR_PGSCAND, 201);	/* + pgscan_direct_throttle */
	EXPECT_RATE(&r, VT_RATE_SAR_VMEFF, 100.0 * 5000 / 10010);
	EXPECT_RATE(&r, VT_RATE_ALLOCSTALL, 3);
	EXPECT_RATE(&r, VT_RATE_REFAULT, 100);
	EXPECT_RATE(&r, VT_RATE_COMPACT_STALL, 2);
	cr_expect_not(vt_rates_has(&r, VT_RATE_REFAULT_ANON));
	cr_expect_not(vt_rates_has(&r, VT_RATE_OOM_KILL));
	cr_expect_not(vt_rates_has(&r, VT_RATE_PSI_SOME_AVG10));
	vt_sample_release(&a);
	vt_sample_release(&b);
}

Test(fixtures, handmade_reset_series)
{
	struct vt_sample a, b;
	struct vt_rates r;

	vt_sample_init(&a);
	vt_sample_init(&b);
	cr_assert_eq(pair_rates("handmade-6.1-stat-reset", "t0", "t1", &r, &a, &b), 0);
	EXPECT_RATE(&r, VT_RATE_FAULT, 1000);
	EXPECT_RATE(&r, VT_RATE_PSI_SOME_STALL, 20000);
	EXPECT_RATE(&r, VT_RATE_PSI_FULL_AVG10, 0.25);
	cr_expect_eq(pair_rates("handmade-6.1-stat-reset", "t1", "t2", &r, &a, &b), 1);
	cr_expect_str_eq(r.reset_counter, "pgfault");
	vt_sample_release(&a);
	vt_sample_release(&b);
}

/* Real guest pair (tests/vm, issue 3): a memory hog in a 2-node guest on
 * Debian 12's 6.1 kernel.  Direct reclaim must show. */
Test(fixtures, qemu_numa2_memhog)
{
	struct vt_sample a, b;
	struct vt_rates r;

	vt_sample_init(&a);
	vt_sample_init(&b);
	cr_assert_eq(pair_rates("qemu-numa2-memhog", "t0", "t1", &r, &a, &b), 0);
	cr_expect_eq(a.time_source, VT_TIME_SNAPSHOT);
	cr_expect_gt(r.interval_s, 1.0);
	cr_expect_gt(r.value[VT_RATE_PGSCAND], 0, "pgscan_direct must move under the hog");
	cr_expect_gt(r.value[VT_RATE_ALLOCSTALL], 0, "allocstall must move under the hog");
	cr_expect_gt(r.value[VT_RATE_PGSCANK], 0);
	cr_expect(r.vmeff_by_type, "6.1 has pgscan_anon/file");
	cr_expect(vt_rates_has(&r, VT_RATE_VMEFF));
	cr_expect_leq(r.value[VT_RATE_VMEFF], 100.0);
	/* sar 12.6 counts every reclaimed page twice on 5.8+ (anon/file and
	 * kswapd/direct lines): its pgsteal/s is Σ of both families. */
	cr_expect_float_eq(r.value[VT_RATE_SAR_PGSTEAL],
			   (double)(b.vm.value[VT_VM_SAR_PGSTEAL] - a.vm.value[VT_VM_SAR_PGSTEAL]) / r.interval_s, 1e-6);
	cr_expect_gt(r.value[VT_RATE_SAR_PGSTEAL], 1.9 * r.value[VT_RATE_PGSTEAL]);
	cr_expect(vt_rates_has(&r, VT_RATE_PSI_SOME_AVG10));
	cr_expect_gt(r.value[VT_RATE_PSI_SOME_STALL], 0);
	cr_expect_eq(b.nnodes, 2);
	cr_expect_gt(b.nodes[0].ns.value[VT_NS_NUMA_MISS] + b.nodes[1].ns.value[VT_NS_NUMA_MISS],
		     a.nodes[0].ns.value[VT_NS_NUMA_MISS] + a.nodes[1].ns.value[VT_NS_NUMA_MISS]);
	vt_sample_release(&a);
	vt_sample_release(&b);
}

Test(fixtures, qemu_uma_2g_memhog)
{
	struct vt_sample a, b;
	struct vt_rates r;

	vt_sample_init(&a);
	vt_sample_init(&b);
	cr_assert_eq(pair_rates("qemu-uma-2g-memhog", "t0", "t1", &r, &a, &b), 0);
	cr_expect_gt(r.value[VT_RATE_PGSCAND], 0, "pgscan_direct must move under the hog");
	cr_expect_gt(r.value[VT_RATE_ALLOCSTALL], 0, "allocstall must move under the hog");
	cr_expect_gt(r.value[VT_RATE_PSWPOUT], 0, "the hog pushes anonymous memory to swap");
	cr_expect(b.vm.flags & VT_VMSTAT_PERZONE_ALLOCSTALL);
	cr_expect(vt_rates_has(&r, VT_RATE_PSI_FULL_STALL));
	cr_expect_leq(r.value[VT_RATE_PSI_FULL_STALL], r.value[VT_RATE_PSI_SOME_STALL], "full <= some");
	cr_expect_leq(r.value[VT_RATE_PSI_SOME_STALL], r.interval_s * 1e6 * 2, "stall <= elapsed x CPUs");
	vt_sample_release(&a);
	vt_sample_release(&b);
}
