#include "config.h"
#include "probe/numastat.h"
#include "probe/record.h"
#include "probe/sample.h"
#include "probe/vmstat.h"
#include "helpers.h"

#include <criterion/criterion.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define PARSE_OK(text, vm) cr_assert_eq(vt_vmstat_parse(text, sizeof text - 1, vm, NULL), 0)

Test(vmstat, table_matches_enum)
{
	cr_expect_eq(vt_vmstat_table_check(), 0);
	cr_expect_eq(vt_numastat_table_check(), 0);
	cr_expect_str_eq(vt_vmstat_name(VT_VM_PGSCAN_DIRECT_THROTTLE), "pgscan_direct_throttle");
	cr_expect_str_eq(vt_vmstat_name(VT_VM_SAR_PGSTEAL), "sar_pgsteal");
}

Test(vmstat, unified_counters_and_missing_ones)
{
	static const char text[] =
		"nr_free_pages 1137820\n"
		"pgpgin 704\n"
		"pgscan_kswapd 10\n"
		"pgscan_direct 20\n"
		"pgscan_direct_throttle 3\n"
		"pgsteal_kswapd 5\n"
		"pgsteal_direct 6\n"
		"pgsteal_anon 4\n"
		"pgsteal_file 7\n"
		"something_new 99\n";
	struct vt_vmstat vm;

	PARSE_OK(text, &vm);
	cr_expect_eq(vm.value[VT_VM_PGPGIN], 704);
	cr_expect_eq(vm.value[VT_VM_PGSCAN_KSWAPD], 10);
	cr_expect_eq(vm.value[VT_VM_PGSCAN_DIRECT], 20, "the throttle line is not a zone line");
	cr_expect_eq(vm.value[VT_VM_PGSCAN_DIRECT_THROTTLE], 3);
	cr_expect_not(vt_vmstat_has(&vm, VT_VM_OOM_KILL), "absent must not read as zero");
	cr_expect_not(vt_vmstat_has(&vm, VT_VM_ALLOCSTALL));
	cr_expect_not(vt_vmstat_has(&vm, VT_VM_WORKINGSET_REFAULT));
	cr_expect_eq(vm.flags, 0);
	cr_expect_eq(vm.nlines, 10);
	/* sysstat 12.6's prefix sums, quirks included (kernel-facts §8.1). */
	cr_expect_eq(vm.value[VT_VM_SAR_PGSCAN_KSWAPD], 10);
	cr_expect_eq(vm.value[VT_VM_SAR_PGSCAN_DIRECT], 23, "sar 12.6 adds pgscan_direct_throttle");
	cr_expect_eq(vm.value[VT_VM_SAR_PGSTEAL], 22, "sar 12.6 adds every pgsteal_ line");
}

Test(vmstat, pre_4_8_per_zone_lines_are_summed)
{
	static const char text[] =
		"pgsteal_kswapd_dma 1\n"
		"pgsteal_kswapd_dma32 10\n"
		"pgsteal_kswapd_normal 100\n"
		"pgsteal_kswapd_movable 0\n"
		"pgsteal_direct_normal 7\n"
		"pgscan_kswapd_dma32 20\n"
		"pgscan_kswapd_normal 200\n"
		"pgscan_kswapd_high 2000\n"
		"pgscan_direct_normal 30\n"
		"pgscan_direct_throttle 5\n"
		"allocstall 42\n"
		"workingset_refault 9\n";
	struct vt_vmstat vm;

	PARSE_OK(text, &vm);
	cr_expect_eq(vm.value[VT_VM_PGSTEAL_KSWAPD], 111);
	cr_expect_eq(vm.value[VT_VM_PGSTEAL_DIRECT], 7);
	cr_expect_eq(vm.value[VT_VM_PGSCAN_KSWAPD], 2220);
	cr_expect_eq(vm.value[VT_VM_PGSCAN_DIRECT], 30);
	cr_expect(vm.flags & VT_VMSTAT_PERZONE_RECLAIM);
	cr_expect_not(vm.flags & VT_VMSTAT_PERZONE_ALLOCSTALL);
	cr_expect_eq(vm.value[VT_VM_ALLOCSTALL], 42);
	cr_expect_eq(vm.value[VT_VM_WORKINGSET_REFAULT], 9);
	cr_expect_not(vt_vmstat_has(&vm, VT_VM_WORKINGSET_REFAULT_ANON));
	cr_expect_not(vm.flags & VT_VMSTAT_WORKINGSET_SPLIT);
	cr_expect_not(vt_vmstat_has(&vm, VT_VM_PGSCAN_ANON));
	cr_expect_eq(vm.value[VT_VM_SAR_PGSCAN_KSWAPD], 2220);
	cr_expect_eq(vm.value[VT_VM_SAR_PGSCAN_DIRECT], 35);
	cr_expect_eq(vm.value[VT_VM_SAR_PGSTEAL], 118);
}

Test(vmstat, allocstall_split_and_workingset_split)
{
	static const char text[] =
		"allocstall_dma 0\n"
		"allocstall_dma32 3\n"
		"allocstall_normal 40\n"
		"allocstall_movable 0\n"
		"allocstall_device 1\n"
		"workingset_refault_anon 5\n"
		"workingset_refault_file 6\n"
		"workingset_activate_anon 1\n"
		"workingset_activate_file 2\n";
	struct vt_vmstat vm;

	PARSE_OK(text, &vm);
	cr_expect_eq(vm.value[VT_VM_ALLOCSTALL], 44);
	cr_expect(vm.flags & VT_VMSTAT_PERZONE_ALLOCSTALL);
	cr_expect(vm.flags & VT_VMSTAT_WORKINGSET_SPLIT);
	cr_expect_eq(vm.value[VT_VM_WORKINGSET_REFAULT], 11);
	cr_expect_eq(vm.value[VT_VM_WORKINGSET_REFAULT_ANON], 5);
	cr_expect_eq(vm.value[VT_VM_WORKINGSET_ACTIVATE], 3);
	cr_expect_not(vt_vmstat_has(&vm, VT_VM_WORKINGSET_RESTORE), "neither half printed");
}

Test(vmstat, unified_line_wins_over_zone_lines)
{
	static const char text[] = "pgscan_kswapd 5\npgscan_kswapd_normal 100\n";
	struct vt_vmstat vm;

	PARSE_OK(text, &vm);
	cr_expect_eq(vm.value[VT_VM_PGSCAN_KSWAPD], 5);
	cr_expect_not(vm.flags & VT_VMSTAT_PERZONE_RECLAIM);
}

Test(vmstat, max_values_and_wrapping_sar_sums)
{
	static const char text[] = "pgsteal_kswapd 9223372036854775807\npgsteal_direct 9223372036854775807\n"
				   "pgsteal_anon 3\n";
	struct vt_vmstat vm;

	PARSE_OK(text, &vm);
	cr_expect_eq(vm.value[VT_VM_PGSTEAL_KSWAPD], INT64_MAX);
	cr_expect_eq(vm.value[VT_VM_SAR_PGSTEAL], 1, "unsigned sum wraps like sysstat's");
}

/* No kernel prints a count above INT64_MAX: such a value, known key or a
 * line the sums use, is malformed, and the message says why. */
Test(vmstat, values_above_int64_max_are_refused)
{
	static const char *const bad[][2] = {
		{ "pgfault 9223372036854775808\n", "line 1: bad value '9223372036854775808' for 'pgfault': "
						  "out of range [0, 9223372036854775807]" },
		{ "pgpgin 1\nnr_free_pages 18446744073709551615\n", "line 2: bad value '18446744073709551615' "
								 "for 'nr_free_pages': out of range" },
		{ "pgscan_kswapd_normal 18446744073709551615\n", "for 'pgscan_kswapd_normal': out of range" },
		{ "pgsteal_foo 9223372036854775808\n", "for 'pgsteal_foo': out of range" },
		/* each line fits, their sum does not */
		{ "allocstall_dma 9223372036854775807\nallocstall_normal 1\n",
		  "line 2: the 'allocstall_<zone>' lines add up: out of range" },
		{ "workingset_refault_anon 9223372036854775807\nworkingset_refault_file 1\n",
		  "'workingset_refault_anon' + 'workingset_refault_file': out of range" },
	};

	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct vt_vmstat vm;
		char *cause = NULL;

		cr_expect_lt(vt_vmstat_parse(bad[i][0], strlen(bad[i][0]), &vm, &cause), 0, "accepted '%s'", bad[i][0]);
		cr_expect(cause && strstr(cause, bad[i][1]), "'%s': %s", bad[i][0], cause);
		free(cause);
	}
}

Test(vmstat, messages_escape_what_they_quote)
{
	static const char text[] = "pgfault \x1b[31m\n";
	struct vt_vmstat vm;
	char *cause = NULL;

	cr_assert_lt(vt_vmstat_parse(text, sizeof text - 1, &vm, &cause), 0);
	cr_expect_str_eq(cause, "line 1: bad value '\\x1b[31m' for 'pgfault'");
	free(cause);
}

Test(vmstat, malformed_inputs_are_errors)
{
	static const char *const bad[] = {
		"",
		"\n\n",
		"pgfault\n",
		"pgfault -1\n",
		"pgfault 12x\n",
		"pgfault 18446744073709551616\n",
		"pgscan_kswapd_normal abc\n",
		"pgsteal_whatever 1.5\n",
		" 5\n",
	};

	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct vt_vmstat vm;
		char *cause = NULL;

		cr_expect_lt(vt_vmstat_parse(bad[i], strlen(bad[i]), &vm, &cause), 0, "accepted '%s'", bad[i]);
		cr_expect_not_null(cause);
		free(cause);
	}
}

Test(vmstat, error_names_line_and_key)
{
	static const char text[] = "pgpgin 1\npgfault lots\n";
	struct vt_vmstat vm;
	char *cause = NULL;

	cr_assert_eq(vt_vmstat_parse(text, sizeof text - 1, &vm, &cause), -EINVAL);
	cr_expect(strstr(cause, "line 2") && strstr(cause, "pgfault") && strstr(cause, "lots"), "%s", cause);
	free(cause);
}

Test(vmstat, a_counter_twice_is_an_error)
{
	static const char *const bad[] = {
		"pgfault 1\npgpgin 2\npgfault 3\n",
		"allocstall_normal 1\nallocstall_movable 2\nallocstall_normal 3\n",
		"pgscan_kswapd_dma32 1\npgscan_kswapd_dma32 1\n",
	};
	static const char *const line[] = { "line 3: 'pgfault' printed twice",
					    "line 3: 'allocstall_normal' printed twice",
					    "line 2: 'pgscan_kswapd_dma32' printed twice" };
	static const char ok[] = "future_thing 1\nfuture_thing 2\npgscan_kswapd_dma32 1\npgscan_kswapd_normal 2\n";
	struct vt_vmstat vm;

	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		char *cause = NULL;

		cr_expect_eq(vt_vmstat_parse(bad[i], strlen(bad[i]), &vm, &cause), -EINVAL, "accepted '%s'", bad[i]);
		cr_expect_str_eq(cause, line[i]);
		free(cause);
	}
	PARSE_OK(ok, &vm);
	cr_expect_eq(vm.value[VT_VM_PGSCAN_KSWAPD], 3, "each zone once: summed");
}

Test(vmstat, unknown_keys_may_hold_anything)
{
	static const char text[] = "future_thing -3\npgfault 7\n";
	struct vt_vmstat vm;

	PARSE_OK(text, &vm);
	cr_expect_eq(vm.value[VT_VM_PGFAULT], 7);
}

Test(vmstat, host_fixture)
{
	char *dir = vt_test_fixture("host-6.18-uma");
	struct vt_root root;
	struct vt_buf buf;
	struct vt_vmstat vm, node;

	cr_assert_eq(vt_root_open(&root, dir, NULL), 0);
	vt_buf_init(&buf);
	cr_assert_eq(vt_vmstat_read(&root, "proc/vmstat", &buf, &vm, NULL), 0);
	cr_expect_eq(vm.nlines, 192);
	cr_expect(vt_vmstat_has(&vm, VT_VM_PGSCAN_ANON));
	cr_expect(vt_vmstat_has(&vm, VT_VM_OOM_KILL));
	cr_expect(vm.flags & VT_VMSTAT_PERZONE_ALLOCSTALL);
	cr_expect(vm.flags & VT_VMSTAT_WORKINGSET_SPLIT);
	cr_expect_not(vm.flags & VT_VMSTAT_PERZONE_RECLAIM);
	cr_assert_eq(vt_vmstat_read(&root, "sys/devices/system/node/node0/vmstat", &buf, &node, NULL), 0);
	cr_expect(vt_vmstat_has(&node, VT_VM_WORKINGSET_REFAULT_FILE));
	cr_expect_not(vt_vmstat_has(&node, VT_VM_PGFAULT), "events are system-wide on 6.18");
	vt_buf_release(&buf);
	vt_root_release(&root);
	free(dir);
}

Test(numastat, parse)
{
	static const char text[] =
		"numa_hit 1799133\nnuma_miss 0\nnuma_foreign 0\ninterleave_hit 1138\n"
		"local_node 1799133\nother_node 0\nnew_field 5\n";
	struct vt_numastat ns;
	char *cause = NULL;

	cr_assert_eq(vt_numastat_parse(text, sizeof text - 1, &ns, NULL), 0);
	cr_expect_eq(ns.value[VT_NS_NUMA_HIT], 1799133);
	cr_expect_eq(ns.value[VT_NS_INTERLEAVE_HIT], 1138);
	cr_expect(vt_numastat_has(&ns, VT_NS_OTHER_NODE));
	cr_expect_lt(vt_numastat_parse("numa_hit x\n", 11, &ns, &cause), 0);
	free(cause);
	cause = NULL;
	cr_expect_lt(vt_numastat_parse("", 0, &ns, &cause), 0);
	free(cause);
	cr_assert_eq(vt_numastat_parse("numa_miss 3\n", 12, &ns, NULL), 0);
	cr_expect_not(vt_numastat_has(&ns, VT_NS_NUMA_HIT));
	cause = NULL;
	cr_expect_eq(vt_numastat_parse("numa_hit 1\nnuma_hit 2\n", 22, &ns, &cause), -EINVAL);
	cr_expect_str_eq(cause, "line 2: 'numa_hit' printed twice");
	free(cause);
}

Test(uptime, parse)
{
	uint64_t ns;
	char *cause = NULL;

	cr_assert_eq(vt_uptime_parse("2213.28 4352.11\n", 16, &ns, NULL), 0);
	cr_expect_eq(ns, 2213280000000ull);
	cr_assert_eq(vt_uptime_parse("7 1", 3, &ns, NULL), 0);
	cr_expect_eq(ns, 7000000000ull);
	cr_expect_lt(vt_uptime_parse("x 1", 3, &ns, &cause), 0);
	free(cause);
	cause = NULL;
	cr_expect_lt(vt_uptime_parse("12.5x 1", 7, &ns, &cause), 0);
	free(cause);
}

Test(sampler, snapshot_times_and_missing_psi)
{
	char *dir = vt_test_fixture("handmade-6.1-stat-nopsi/t1");
	struct vt_sampler sp;
	struct vt_sample s;
	struct vt_root root;
	char *cause = NULL;

	cr_assert_eq(vt_root_open(&root, dir, NULL), 0);
	cr_assert_eq(vt_sampler_open(&sp, &root, &cause), 0, "%s", cause);
	cr_expect_eq(sp.time_source, VT_TIME_UPTIME, "hand-made tree: proc/uptime");
	cr_expect_not_null(sp.psi_unavailable);
	vt_sample_init(&s);
	vt_sampler_prepare(&sp, &s);
	cr_assert_eq(vt_sampler_take(&sp, &s, &cause), 0, "%s", cause);
	cr_expect_eq(s.mono_ns, 504000000000ull);
	cr_expect_not(s.have_psi);
	cr_assert_eq(s.nnodes, 2);
	cr_expect_eq(s.nodes[1].id, 1);
	cr_expect(s.nodes[1].have_numastat);
	cr_expect_eq(s.nodes[0].ns.value[VT_NS_NUMA_MISS], 410);
	vt_sample_release(&s);
	vt_sampler_close(&sp);
	vt_root_release(&root);
	free(dir);

	dir = vt_test_fixture("host-6.18-uma");
	cr_assert_eq(vt_root_open(&root, dir, NULL), 0);
	cr_assert_eq(vt_sampler_open(&sp, &root, &cause), 0, "%s", cause);
	cr_expect_eq(sp.time_source, VT_TIME_SNAPSHOT);
	vt_sample_init(&s);
	cr_assert_eq(vt_sampler_take(&sp, &s, &cause), 0, "%s", cause);
	cr_expect_eq(s.mono_ns, 2213282179657ull, "vmtune-snapshot.json monotonic_ns");
	cr_expect(s.have_psi);
	vt_sample_release(&s);
	vt_sampler_close(&sp);
	vt_root_release(&root);
	free(dir);
}

Test(sampler, missing_vmstat_is_an_error)
{
	char *dir = vt_test_mkdtemp();
	struct vt_sampler sp;
	struct vt_root root;
	char *cause = NULL;

	vt_test_write(dir, "proc/uptime", "1.00 1.00\n");
	cr_assert_eq(vt_root_open(&root, dir, NULL), 0);
	cr_expect_eq(vt_sampler_open(&sp, &root, &cause), -ENOENT);
	cr_expect(cause && strstr(cause, "proc/vmstat"), "%s", cause);
	free(cause);
	vt_root_release(&root);
	vt_test_rmtree(dir);
	free(dir);
}

Test(sampler, malformed_vmstat_names_the_file)
{
	char *dir = vt_test_mkdtemp();
	struct vt_sampler sp;
	struct vt_sample s;
	struct vt_root root;
	char *cause = NULL;

	vt_test_write(dir, "proc/uptime", "1.00 1.00\n");
	vt_test_write(dir, "proc/vmstat", "pgfault 1\npgmajfault oops\n");
	cr_assert_eq(vt_root_open(&root, dir, NULL), 0);
	cr_assert_eq(vt_sampler_open(&sp, &root, &cause), 0);
	vt_sample_init(&s);
	cr_expect_eq(vt_sampler_take(&sp, &s, &cause), -EINVAL);
	cr_expect(cause && strstr(cause, "proc/vmstat: line 2") && strstr(cause, "pgmajfault"), "%s", cause);
	free(cause);
	vt_sample_release(&s);
	vt_sampler_close(&sp);
	vt_root_release(&root);
	vt_test_rmtree(dir);
	free(dir);
}

/* `vmtune record` lines go through the same parsers on replay: a sample
 * written and read back is the sample. */
Test(record, sample_round_trip)
{
	char *dir = vt_test_fixture("handmade-6.1-stat-reset/t1");
	struct vt_record_header h;
	enum vt_record_line kind;
	struct vt_sampler sp;
	struct vt_sample s, back;
	struct vt_root root;
	struct vt_buf scratch;
	char *cause = NULL, *line = NULL;

	cr_assert_eq(vt_root_open(&root, dir, NULL), 0);
	cr_assert_eq(vt_sampler_open(&sp, &root, &cause), 0, "%s", cause);
	vt_sample_init(&s);
	vt_sample_init(&back);
	vt_buf_init(&scratch);
	cr_assert_eq(vt_sampler_take(&sp, &s, &cause), 0, "%s", cause);
	{
		size_t size = 0;
		FILE *f = open_memstream(&line, &size);

		cr_assert_not_null(f);
		cr_assert_eq(vt_record_sample_write(f, &sp, &s), 0);
		cr_assert_eq(fclose(f), 0);
		cr_assert(size > 0 && line[size - 1] == '\n');
		line[--size] = '\0';
	}
	cr_assert_eq(vt_record_parse_line(line, strlen(line), &kind, &h, &back, &scratch, &cause), 0, "%s", cause);
	cr_expect_eq(kind, VT_RECORD_SAMPLE);
	cr_expect_eq(back.mono_ns, s.mono_ns);
	cr_expect_eq(memcmp(back.vm.present, s.vm.present, sizeof s.vm.present), 0);
	cr_expect_eq(back.vm.nlines, s.vm.nlines);
	cr_expect_arr_eq(back.vm.value, s.vm.value, sizeof s.vm.value);
	cr_expect(back.have_psi);
	cr_expect_eq(back.psi.full.total_us, 10400);
	cr_expect_float_eq(back.psi.some.avg10, 1.5, 1e-9);
	free(line);
	/* Bad lines name what is wrong. */
	static const char *const bad[] = {
		"{\"type\":\"sample\"}",
		"{\"type\":\"sample\",\"monotonic_ns\":1,\"vmstat\":{\"a b\":1}}",
		"{\"type\":\"sample\",\"monotonic_ns\":1,\"vmstat\":{\"pgfault\":-1}}",
		"{\"type\":\"sample\",\"monotonic_ns\":1,\"vmstat\":{\"pgfault\":1},\"nodes\":{\"x\":{}}}",
		"{\"type\":\"sample\",\"monotonic_ns\":1,\"vmstat\":{\"pgfault\":1},\"nodes\":{\"00\":{}}}",
		"{\"type\":\"sample\",\"monotonic_ns\":1,\"vmstat\":{\"pgfault\":1},\"nodes\":{\"+1\":{}}}",
		"{\"type\":\"sample\",\"monotonic_ns\":1,\"vmstat\":{\"pgfault\":1},\"nodes\":{\"1024\":{}}}",
		"{\"type\":\"sample\",\"monotonic_ns\":1,\"vmstat\":{\"pgfault\":1},\"nodes\":{\"0\":{},\"0\":{}}}",
		"{\"type\":\"sample\",\"monotonic_ns\":1,\"vmstat\":{\"pgfault\":1},\"nodes\":{\"0\":1}}",
		"{\"type\":\"sample\",\"monotonic_ns\":1,\"vmstat\":{\"pgfault\":1},\"pressure_memory\":{\"some\":{\"avg10\":101}}}",
		"{\"type\":\"header\",\"schema_version\":2}",
		"{\"type\":\"other\"}",
		"[1]",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		free(cause);
		cause = NULL;
		cr_expect_lt(vt_record_parse_line(bad[i], strlen(bad[i]), &kind, &h, &back, &scratch, &cause), 0,
			     "accepted %s", bad[i]);
		cr_expect_not_null(cause);
	}
	free(cause);
	vt_buf_release(&scratch);
	vt_sample_release(&s);
	vt_sample_release(&back);
	vt_sampler_close(&sp);
	vt_root_release(&root);
	free(dir);
}
