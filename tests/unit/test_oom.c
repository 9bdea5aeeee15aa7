#include "config.h"
#include "model/oom.h"
#include "core/kversion.h"
#include "probe/procs.h"
#include "helpers.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* This machine (kernel 6.18.44-fc-v1147): MemTotal 24683664 kB, no swap,
 * 4 KiB pages; status and oom_score of the helpers in host-6.18-procs,
 * read from the kernel by tests/fixtures/capture-procs.sh. */
#define HOST_TOTAL (24683664u / 4)

static uint64_t host_score(uint64_t rss_kb, uint64_t pte_kb, int64_t adj)
{
	int64_t b = vt_oom_badness(VT_OOM_F_5_9, rss_kb / 4, 0, pte_kb / 4, adj, false, HOST_TOTAL);

	return vt_oom_score(VT_OOM_F_5_9, b, HOST_TOTAL);
}

Test(oom, predicts_the_kernels_oom_score_on_this_machine)
{
	cr_expect_eq(host_score(21436, 88, 0), 666);
	cr_expect_eq(host_score(70688, 188, 300), 868);
	cr_expect_eq(host_score(136220, 308, 100), 736);
	cr_expect_eq(host_score(38024, 120, 1000), 1334);
	/* /proc/self/oom_score of `cat`: 1672 kB, 44 kB of page tables. */
	cr_expect_eq(host_score(1672, 44, 0), 666);
}

Test(oom, badness_divides_totalpages_first)
{
	/* adj *= totalpages / 1000: 1999 / 1000 = 1, so adj 500 adds 500,
	 * where adj * totalpages / 1000 would add 999. */
	cr_expect_eq(vt_oom_badness(VT_OOM_F_5_9, 10, 0, 0, 500, false, 1999), 510);
	cr_expect_eq(vt_oom_badness(VT_OOM_F_5_9, 100, 5, 2, 0, false, 1000000), 107);
	cr_expect_eq(vt_oom_badness(VT_OOM_F_5_9, 100, 0, 0, -1000, false, 1000000), VT_OOM_EXCLUDED);
}

Test(oom, modern_badness_goes_negative_and_score_truncates_toward_zero)
{
	int64_t b = vt_oom_badness(VT_OOM_F_5_9, 100, 0, 0, -500, false, 1000000);

	cr_expect_eq(b, 100 - 500000);
	/* (1000 + (-499900000 / 1000000)) * 2 / 3 = (1000 - 499) * 2 / 3 = 334 */
	cr_expect_eq(vt_oom_score(VT_OOM_F_5_9, b, 1000000), 334);
	/* -999: (1000 - 998) * 2 / 3 = 1 */
	cr_expect_eq(vt_oom_score(VT_OOM_F_5_9, vt_oom_badness(VT_OOM_F_5_9, 1000, 0, 0, -999, false, 1000000),
				  1000000), 1);
	cr_expect_eq(vt_oom_score(VT_OOM_F_5_9, VT_OOM_EXCLUDED, 1000000), 0);
	/* The maximum: all memory and adj 1000 is 2000. */
	cr_expect_eq(vt_oom_score(VT_OOM_F_5_9, vt_oom_badness(VT_OOM_F_5_9, 1000000, 0, 0, 1000, false, 1000000),
				  1000000), 2000);
}

Test(oom, old_formulas_clamp_and_give_root_its_bonus)
{
	/* 4.17-5.8: never below 1 for an eligible process. */
	cr_expect_eq(vt_oom_badness(VT_OOM_F_4_17, 10, 0, 0, -999, false, 1000000), 1);
	cr_expect_eq(vt_oom_score(VT_OOM_F_4_17, 500000, 1000000), 500);
	/* Before 4.17, CAP_SYS_ADMIN: points -= points * 3 / 100. */
	cr_expect_eq(vt_oom_badness(VT_OOM_F_ROOT_BONUS, 1000, 0, 0, 0, true, 1000000), 970);
	cr_expect_eq(vt_oom_badness(VT_OOM_F_4_17, 1000, 0, 0, 0, true, 1000000), 1000);
	cr_expect_eq(vt_oom_formula_for(VT_KERNEL_VERSION(5, 9, 0)), VT_OOM_F_5_9);
	cr_expect_eq(vt_oom_formula_for(VT_KERNEL_VERSION(5, 8, 18)), VT_OOM_F_4_17);
	cr_expect_eq(vt_oom_formula_for(VT_KERNEL_VERSION(4, 17, 0)), VT_OOM_F_4_17);
	cr_expect_eq(vt_oom_formula_for(VT_KERNEL_VERSION(4, 16, 9)), VT_OOM_F_ROOT_BONUS);
}

Test(oom, hostile_sizes_do_not_overflow)
{
	int64_t b = vt_oom_badness(VT_OOM_F_5_9, UINT64_MAX, UINT64_MAX, UINT64_MAX, 1000, false, UINT64_MAX);

	/* Clamped to 2^50 pages each: 3 * 2^50 + 1000 * (2^50 / 1000), no
	 * wrap; the score of such a tree is large but not garbage. */
	cr_expect_gt(b, 0);
	cr_expect_leq(vt_oom_score(VT_OOM_F_5_9, b, UINT64_MAX), 4000);
}

static void add_proc(struct vt_procs *p, long pid, const char *comm, uint64_t rss_kb, int64_t adj,
		     const char *cgroup)
{
	struct vt_proc *x;

	p->procs = realloc(p->procs, (p->n + 1) * sizeof *p->procs);
	x = &p->procs[p->n++];
	memset(x, 0, sizeof *x);
	x->pid = pid;
	snprintf(x->status.name, sizeof x->status.name, "%s", comm);
	x->status.value[VT_ST_VM_RSS] = rss_kb;
	vt_bit_set(x->status.present, VT_ST_VM_RSS);
	x->oom_score_adj = adj;
	snprintf(x->cgroup, sizeof x->cgroup, "%s", cgroup);
}

Test(oom, ranking_exclusions_and_a_memcg_that_orders_otherwise)
{
	struct vt_meminfo mi;
	struct vt_procs p;
	struct vt_oom_model m;
	static const char meminfo[] = "MemTotal: 4000000 kB\nSwapTotal: 0 kB\n";

	cr_assert_eq(vt_meminfo_parse(meminfo, sizeof meminfo - 1, &mi, NULL), 0);
	vt_procs_init(&p);
	strcpy(p.cgroup2_base, "sys/fs/cgroup");
	add_proc(&p, 1, "init", 4000, 0, "/");
	add_proc(&p, 10, "big", 400000, 0, "/app");
	add_proc(&p, 11, "small", 40000, 100, "/app");
	add_proc(&p, 12, "equal", 400000, 0, "/");
	add_proc(&p, 13, "never", 900000, -1000, "/");
	p.memcgs = calloc(2, sizeof *p.memcgs);
	p.nmemcgs = 2;
	strcpy(p.memcgs[0].path, "/");
	p.memcgs[0].oom_group = -1;
	strcpy(p.memcgs[1].path, "/app");
	p.memcgs[1].has_max = true;
	p.memcgs[1].max_bytes = (uint64_t)1 << 30;
	p.memcgs[1].oom_group = 1;
	cr_assert_eq(vt_oom_build(&p, &mi, 4096, VT_KERNEL_VERSION(6, 1, 0), &m, NULL), 0);
	cr_assert_eq(m.neligible, 3);
	cr_expect_eq(m.excluded[VT_OOM_EX_INIT], 1);
	cr_expect_eq(m.excluded[VT_OOM_EX_ADJ_MIN], 1);
	/* totalpages 1000000: small = 10000 + 100 * 1000 = 110000 first;
	 * big and equal tie at 100000, the lower pid first. */
	cr_expect_eq(m.entries[0].proc->pid, 11);
	cr_expect_eq(m.entries[1].proc->pid, 10);
	cr_expect_eq(m.entries[2].proc->pid, 12);
	cr_expect_eq(m.entries[0].badness, 110000);
	/* In /app's OOM totalpages is 262144: small = 10000 + 100 * 262. */
	cr_assert_eq(m.ngroups, 1);
	cr_expect_eq(m.groups[0].totalpages, 262144);
	cr_expect(m.groups[0].order_differs);
	cr_expect_eq(m.entries[m.groups[0].first].proc->pid, 10);
	cr_expect_eq(m.entries[0].memcg_badness, 10000 + 100 * 262);
	cr_expect_eq(m.entries[0].memcg_rank, 2);
	cr_expect_not_null(m.entries[0].oom_group);
	cr_expect_null(m.entries[2].oom_group);
	cr_expect_eq(m.compared, 0);
	vt_oom_release(&m);
	vt_procs_release(&p);
}

Test(oom, kernel_scores_compared_and_inversions_counted)
{
	struct vt_meminfo mi;
	struct vt_procs p;
	struct vt_oom_model m;
	static const char meminfo[] = "MemTotal: 4000000 kB\n";

	cr_assert_eq(vt_meminfo_parse(meminfo, sizeof meminfo - 1, &mi, NULL), 0);
	vt_procs_init(&p);
	add_proc(&p, 20, "a", 800000, 0, "");   /* 200000 pages: (1000 + 200) * 2 / 3 = 800 */
	add_proc(&p, 21, "b", 400000, 0, "");   /* 100000: 733 */
	add_proc(&p, 1, "nsinit", 4000, 0, "");
	p.procs[0].has_oom_score = true, p.procs[0].oom_score = 800;
	p.procs[1].has_oom_score = true, p.procs[1].oom_score = 810;
	p.procs[2].has_oom_score = true, p.procs[2].oom_score = 667;
	cr_assert_eq(vt_oom_build(&p, &mi, 4096, VT_KERNEL_VERSION(6, 18, 0), &m, NULL), 0);
	cr_expect_eq(m.compared, 3);
	cr_expect_eq(m.mismatches, 1);
	cr_expect_eq(m.inversions, 1);
	cr_expect(m.entries[1].mismatch);
	cr_expect_not_null(strstr(m.entries[1].why, "changed"));
	/* A pid 1 the kernel scores is a pid namespace's init: ranked. */
	cr_expect_eq(m.neligible, 3);
	cr_expect(m.entries[2].pid1_ranked);
	vt_oom_release(&m);
	vt_procs_release(&p);
}
