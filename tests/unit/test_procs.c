#include "config.h"
#include "probe/procs.h"
#include "helpers.h"

#include <criterion/criterion.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

Test(procs, status_table_is_sorted)
{
	cr_expect_eq(vt_status_table_check(), 0);
}

Test(procs, status_of_a_process)
{
	static const char text[] =
		"Name:\tperl  x\nUmask:\t0022\nState:\tS (sleeping)\nTgid:\t10187\nPPid:\t10169\n"
		"Uid:\t1000\t1000\t1000\t1000\nKthread:\t0\nVmRSS:\t   70688 kB\nRssAnon:\t   66048 kB\n"
		"RssFile:\t    4640 kB\nRssShmem:\t       0 kB\nVmPTE:\t     188 kB\nVmSwap:\t      12 kB\n"
		"CapEff:\t000001fffeffffff\n";
	struct vt_proc_status st;

	cr_assert_eq(vt_status_parse(text, sizeof text - 1, &st, NULL), 0);
	cr_expect_str_eq(st.name, "perl  x");
	cr_expect_eq(st.value[VT_ST_VM_RSS], 70688);
	cr_expect_eq(st.value[VT_ST_RSS_ANON] + st.value[VT_ST_RSS_FILE] + st.value[VT_ST_RSS_SHMEM], 70688);
	cr_expect_eq(st.value[VT_ST_VM_PTE], 188);
	cr_expect_eq(st.value[VT_ST_VM_SWAP], 12);
	cr_expect_eq(st.value[VT_ST_UID], 1000);
	cr_expect_eq(st.value[VT_ST_TGID], 10187);
	cr_expect_eq(st.value[VT_ST_CAP_EFF] >> 21 & 1, 1);
	cr_expect(vt_status_has(&st, VT_ST_KTHREAD));
	cr_expect_not(vt_status_has(&st, VT_ST_VM_PMD));
}

Test(procs, kernel_thread_has_no_memory_lines)
{
	static const char text[] = "Name:\tkthreadd\nState:\tS (sleeping)\nKthread:\t1\nThreads:\t1\n";
	struct vt_proc_status st;

	cr_assert_eq(vt_status_parse(text, sizeof text - 1, &st, NULL), 0);
	cr_expect_not(vt_status_has(&st, VT_ST_VM_RSS), "absent, not zero");
	cr_expect_eq(st.value[VT_ST_KTHREAD], 1);
}

Test(procs, status_errors_name_line_and_key)
{
	static const char twice[] = "Name:\ta\nVmRSS:\t1 kB\nVmRSS:\t2 kB\n";
	static const char bad[] = "Name:\ta\nVmSwap:\tlots kB\n";
	static const char noname[] = "VmRSS:\t1 kB\n";
	struct vt_proc_status st;
	char *cause = NULL;

	cr_expect_eq(vt_status_parse(twice, sizeof twice - 1, &st, &cause), -EINVAL);
	cr_expect_not_null(strstr(cause, "line 3: 'VmRSS' printed twice"), "%s", cause);
	free(cause);
	cause = NULL;
	cr_expect_eq(vt_status_parse(bad, sizeof bad - 1, &st, &cause), -EINVAL);
	cr_expect_not_null(strstr(cause, "line 2: bad value for 'VmSwap'"), "%s", cause);
	free(cause);
	cr_expect_eq(vt_status_parse(noname, sizeof noname - 1, &st, NULL), -EINVAL);
}

Test(procs, stat_with_parentheses_in_the_command)
{
	static const char text[] = "42 (a) b) (c) S 7 42 42 0 -1 2129984 100 0 0 0\n";
	static const char kthread[] = "2 (kthreadd) S 0 0 0 0 -1 2129984 0 0\n";
	struct vt_proc_stat st;

	cr_assert_eq(vt_pstat_parse(text, sizeof text - 1, &st, NULL), 0);
	cr_expect_eq(st.state, 'S');
	cr_expect_eq(st.ppid, 7);
	cr_expect_eq(st.flags, 2129984);
	cr_expect(st.flags & VT_PF_KTHREAD);
	cr_assert_eq(vt_pstat_parse(kthread, sizeof kthread - 1, &st, NULL), 0);
	cr_expect_eq(st.ppid, 0);
	cr_expect_eq(vt_pstat_parse("42 (x S 1", 9, &st, NULL), -EINVAL);
	cr_expect_eq(vt_pstat_parse("42 (x) S 1 2", 12, &st, NULL), -EINVAL);
}

Test(procs, numbers)
{
	int64_t v;

	cr_expect_eq(vt_proc_number_parse("-1000\n", 6, -1000, 1000, &v, NULL), 0);
	cr_expect_eq(v, -1000);
	cr_expect_lt(vt_proc_number_parse("1001\n", 5, -1000, 1000, &v, NULL), 0);
	cr_expect_lt(vt_proc_number_parse("", 0, -1000, 1000, &v, NULL), 0);
}

Test(procs, cgroup_v2_and_v1_memory)
{
	static const char v2[] = "0::/system.slice/app.service\n";
	static const char hybrid[] = "12:pids:/\n4:memory:/process_api/3e5b\n1:name=systemd:/x\n0::/\n";
	static const char escape[] = "0::/a/../../etc\n";
	char a[512], b[512];

	cr_assert_eq(vt_pcgroup_parse(v2, sizeof v2 - 1, a, sizeof a, b, sizeof b, NULL), 0);
	cr_expect_str_eq(a, "/system.slice/app.service");
	cr_expect_str_eq(b, "");
	cr_assert_eq(vt_pcgroup_parse(hybrid, sizeof hybrid - 1, a, sizeof a, b, sizeof b, NULL), 0);
	cr_expect_str_eq(a, "/");
	cr_expect_str_eq(b, "/process_api/3e5b");
	cr_expect_eq(vt_pcgroup_parse(escape, sizeof escape - 1, a, sizeof a, b, sizeof b, NULL), -EINVAL,
		     "a path out of the cgroup tree");
}

Test(procs, reader_on_the_hand_made_tree)
{
	char *dir = vt_test_fixture("handmade-procs-6.1");
	struct vt_root root;
	struct vt_procs p;
	const struct vt_memcg *m;

	cr_assert_eq(vt_root_open(&root, dir, NULL), 0);
	cr_assert_eq(vt_procs_read(&root, &p, NULL), 0);
	cr_expect_eq(p.n, 12);
	cr_expect_eq(p.unreadable, 0);
	cr_expect_eq(p.procs[0].pid, 1, "sorted by pid");
	cr_expect_str_eq(p.cgroup2_base, "sys/fs/cgroup");
	m = vt_procs_memcg(&p, false, "/system.slice/app.service");
	cr_assert_not_null(m);
	cr_expect(m->has_max);
	cr_expect_eq(m->max_bytes, (uint64_t)1 << 30);
	cr_expect_eq(m->oom_group, 1);
	m = vt_procs_memcg(&p, false, "/system.slice");
	cr_assert_not_null(m, "ancestors are read too");
	cr_expect_not(m->has_max, "max is no limit");
	vt_procs_release(&p);
	vt_root_release(&root);
	free(dir);
}

Test(procs, vanished_processes_are_skipped)
{
	char *dir = vt_test_mkdtemp();
	struct vt_root root;
	struct vt_procs p;

	vt_test_write(dir, "proc/7/status", "Name:\tlive\nVmRSS:\t4 kB\n");
	vt_test_write(dir, "proc/7/stat", "7 (live) S 1 7 7 0 -1 4194304 0\n");
	vt_test_write(dir, "proc/7/oom_score_adj", "0\n");
	/* pid 8 exited after the listing: its directory is half gone */
	vt_test_write(dir, "proc/8/stat", "8 (gone) S 1 8 8 0 -1 4194304 0\n");
	vt_test_write(dir, "proc/self/status", "Name:\tnot a pid\n");
	cr_assert_eq(vt_root_open(&root, dir, NULL), 0);
	cr_assert_eq(vt_procs_read(&root, &p, NULL), 0);
	cr_expect_eq(p.n, 1);
	cr_expect_eq(p.procs[0].pid, 7);
	cr_expect_not(p.procs[0].has_oom_score, "a tree without oom_score");
	vt_procs_release(&p);
	vt_root_release(&root);
	vt_test_rmtree(dir);
	free(dir);
}
