#include "config.h"
#include "model/oom.h"
#include "core/cause.h"
#include "core/kversion.h"
#include "core/xalloc.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* Inputs are clamped to 2^50 pages (4 EiB of 4 KiB pages), more than any
 * machine has, so that a hostile tree cannot overflow the products below
 * (adj * totalpages / 1000 and badness * 1000 stay under 2^61). */
#define VT_OOM_PAGES_MAX ((uint64_t)1 << 50)

static uint64_t vt_clamp_pages(uint64_t v)
{
	return v > VT_OOM_PAGES_MAX ? VT_OOM_PAGES_MAX : v;
}

const char *vt_oom_formula_name(enum vt_oom_formula f)
{
	switch (f) {
	case VT_OOM_F_5_9:
		return "5.9+";
	case VT_OOM_F_4_17:
		return "4.17-5.8";
	case VT_OOM_F_ROOT_BONUS:
		return "before 4.17";
	}
	return "?";
}

enum vt_oom_formula vt_oom_formula_for(uint32_t kernel)
{
	/* 9066e5cfb73c (5.9) made badness signed; 4.17 dropped the
	 * CAP_SYS_ADMIN bonus. */
	if (kernel >= VT_KERNEL_VERSION(5, 9, 0))
		return VT_OOM_F_5_9;
	if (kernel >= VT_KERNEL_VERSION(4, 17, 0))
		return VT_OOM_F_4_17;
	return VT_OOM_F_ROOT_BONUS;
}

const char *vt_oom_excl_name(enum vt_oom_excl e)
{
	static const char *const names[VT_OOM_EX_COUNT] = {
		[VT_OOM_ELIGIBLE] = "eligible",
		[VT_OOM_EX_INIT] = "init",
		[VT_OOM_EX_KTHREAD] = "kernel-thread",
		[VT_OOM_EX_NO_MM] = "no-memory",
		[VT_OOM_EX_ADJ_MIN] = "oom-score-adj-min",
	};

	return (unsigned)e < VT_OOM_EX_COUNT ? names[e] : "?";
}

int64_t vt_oom_badness(enum vt_oom_formula f, uint64_t rss, uint64_t swap, uint64_t pgtables,
		       int64_t adj, bool sys_admin, uint64_t totalpages)
{
	int64_t points;

	if (adj <= -1000)
		return VT_OOM_EXCLUDED;
	points = (int64_t)(vt_clamp_pages(rss) + vt_clamp_pages(swap) + vt_clamp_pages(pgtables));
	if (f == VT_OOM_F_ROOT_BONUS && sys_admin)
		points -= points * 3 / 100;
	/* The kernel divides first: adj *= totalpages / 1000. */
	points += adj * (int64_t)(vt_clamp_pages(totalpages) / 1000);
	if (f != VT_OOM_F_5_9 && points < 1)
		points = 1;     /* "never return 0 for an eligible task" */
	return points;
}

uint64_t vt_oom_score(enum vt_oom_formula f, int64_t badness, uint64_t totalpages)
{
	int64_t t = (int64_t)vt_clamp_pages(totalpages);

	if (badness == VT_OOM_EXCLUDED || t == 0)
		return 0;
	if (f == VT_OOM_F_5_9) {
		/* C division truncates toward zero, as the kernel's does. */
		int64_t s = (1000 + badness * 1000 / t) * 2 / 3;

		return s < 0 ? 0 : (uint64_t)s;
	}
	return (uint64_t)badness * 1000 / (uint64_t)t;
}

/* CAP_SYS_ADMIN is capability 21. */
#define VT_CAP_SYS_ADMIN 21

static uint64_t vt_kb_pages(uint64_t kb, unsigned long page_size)
{
	unsigned long pkb = page_size / 1024 ? page_size / 1024 : 1;

	return kb / pkb;
}

static enum vt_oom_excl vt_oom_exclusion(const struct vt_proc *p, bool *pid1_ranked)
{
	const struct vt_proc_status *st = &p->status;

	*pid1_ranked = false;
	/* oom_unkillable_task(): the global init and kernel threads.  A pid 1
	 * the kernel gives a score is a pid namespace's init, not the
	 * kernel's. */
	if (p->pid == 1) {
		if (!(p->has_oom_score && p->oom_score > 0))
			return VT_OOM_EX_INIT;
		*pid1_ranked = true;
	}
	if ((vt_status_has(st, VT_ST_KTHREAD) && st->value[VT_ST_KTHREAD] == 1) ||
	    (p->has_stat && (p->stat.flags & VT_PF_KTHREAD)))
		return VT_OOM_EX_KTHREAD;
	if (!vt_status_has(st, VT_ST_VM_RSS))
		return VT_OOM_EX_NO_MM;
	if (p->oom_score_adj <= -1000)
		return VT_OOM_EX_ADJ_MIN;
	return VT_OOM_ELIGIBLE;
}

static int vt_entry_cmp(const void *a, const void *b)
{
	const struct vt_oom_entry *x = a, *y = b;
	bool ex = x->excl != VT_OOM_ELIGIBLE, ey = y->excl != VT_OOM_ELIGIBLE;

	if (ex != ey)
		return ex ? 1 : -1;
	/* select_bad_process() keeps the first of equal badness it meets,
	 * walking tasks in fork order: the lower pid, as a rule. */
	if (!ex && x->badness != y->badness)
		return x->badness > y->badness ? -1 : 1;
	return (x->proc->pid > y->proc->pid) - (x->proc->pid < y->proc->pid);
}

static const char *vt_mismatch_why(const struct vt_oom_entry *e)
{
	if (e->predicted == 0 && e->excl != VT_OOM_ELIGIBLE)
		return "the kernel ranks a process vmtune takes for excluded";
	if (e->proc->oom_score == 0)
		return "the kernel excludes it now: it is exiting, being reaped (MMF_OOM_SKIP) or in vfork()";
	return "its memory changed between vmtune's reads of status and oom_score (or the kernel's "
	       "per-CPU RSS counters lag its status)";
}

/* The memory cgroup of a process: v1's memory hierarchy when the memory
 * controller is there (a hybrid layout keeps it out of cgroup2), else
 * cgroup2's. */
static const struct vt_memcg *vt_entry_memcg(const struct vt_procs *procs, const struct vt_proc *p)
{
	if (procs->cgroup1_memory_base[0] && p->memcg_v1[0])
		return vt_procs_memcg(procs, true, p->memcg_v1);
	if (procs->cgroup2_base[0] && p->cgroup[0])
		return vt_procs_memcg(procs, false, p->cgroup);
	return NULL;
}

/* "/a/b" -> "/a" -> "/"; false at the root. */
static bool vt_path_up(char *path)
{
	char *slash = strrchr(path, '/');

	if (slash == NULL || strcmp(path, "/") == 0)
		return false;
	if (slash == path)
		slash[1] = '\0';
	else
		*slash = '\0';
	return true;
}

/* mem_cgroup_get_oom_group() for a global OOM: the highest ancestor below
 * the root (or the cgroup itself) with memory.oom.group set. */
static const struct vt_memcg *vt_oom_group_of(const struct vt_procs *procs, const struct vt_memcg *m)
{
	const struct vt_memcg *found = NULL;
	char path[sizeof m->path];

	strcpy(path, m->path);
	while (strcmp(path, "/") != 0) {
		const struct vt_memcg *c = vt_procs_memcg(procs, m->v1, path);

		if (c && c->oom_group == 1)
			found = c;
		if (!vt_path_up(path))
			break;
	}
	return found;
}

/* The nearest cgroup, itself or an ancestor, with a memory limit. */
static const struct vt_memcg *vt_limit_of(const struct vt_procs *procs, const struct vt_memcg *m)
{
	char path[sizeof m->path];

	strcpy(path, m->path);
	do {
		const struct vt_memcg *c = vt_procs_memcg(procs, m->v1, path);

		if (c && c->has_max)
			return c;
	} while (vt_path_up(path));
	return NULL;
}

static int vt_memcg_order_cmp(const void *a, const void *b)
{
	const struct vt_oom_entry *x = *(struct vt_oom_entry *const *)a;
	const struct vt_oom_entry *y = *(struct vt_oom_entry *const *)b;

	if (x->memcg_badness != y->memcg_badness)
		return x->memcg_badness > y->memcg_badness ? -1 : 1;
	return (x->proc->pid > y->proc->pid) - (x->proc->pid < y->proc->pid);
}

static void vt_oom_groups(const struct vt_procs *procs, struct vt_oom_model *m)
{
	size_t cap = 0;
	struct vt_oom_entry **idx = vt_xcalloc(m->neligible ? m->neligible : 1, sizeof *idx);

	for (size_t i = 0; i < m->n; i++) {
		struct vt_oom_entry *e = &m->entries[i];
		const struct vt_memcg *lim;
		size_t g;

		e->group = -1;
		if (e->memcg == NULL || e->excl != VT_OOM_ELIGIBLE || (lim = vt_limit_of(procs, e->memcg)) == NULL)
			continue;
		for (g = 0; g < m->ngroups && m->groups[g].memcg != lim; g++)
			;
		if (g == m->ngroups) {
			uint64_t swap = m->swap_pages;

			if (m->ngroups == cap) {
				cap = cap ? cap * 2 : 8;
				m->groups = vt_xreallocarray(m->groups, cap, sizeof *m->groups);
			}
			memset(&m->groups[g], 0, sizeof m->groups[g]);
			m->groups[g].memcg = lim;
			/* mem_cgroup_get_max(): the limit plus the swap it
			 * may use, at most the machine's. */
			if (lim->has_swap_max && vt_kb_pages(lim->swap_max_bytes / 1024, m->page_size) < swap)
				swap = vt_kb_pages(lim->swap_max_bytes / 1024, m->page_size);
			m->groups[g].totalpages = vt_kb_pages(lim->max_bytes / 1024, m->page_size) + swap;
			m->groups[g].adj_step = m->groups[g].totalpages / 1000;
			m->ngroups++;
		}
		e->group = (int)g;
	}
	for (size_t g = 0; g < m->ngroups; g++) {
		struct vt_oom_group *grp = &m->groups[g];
		size_t k = 0;

		/* Its members in global order (entries are sorted). */
		for (size_t i = 0; i < m->neligible; i++) {
			struct vt_oom_entry *e = &m->entries[i];

			if (e->group != (int)g)
				continue;
			e->memcg_badness = vt_oom_badness(m->formula, e->rss, e->swap, e->pgtables,
							  e->proc->oom_score_adj,
							  vt_status_has(&e->proc->status, VT_ST_CAP_EFF) &&
							  (e->proc->status.value[VT_ST_CAP_EFF] >> VT_CAP_SYS_ADMIN & 1),
							  grp->totalpages);
			idx[k++] = e;
		}
		grp->members = k;
		/* Where the group's order first leaves the global one. */
		{
			struct vt_oom_entry **global = vt_xmalloc((k ? k : 1) * sizeof *global);

			memcpy(global, idx, k * sizeof *idx);
			qsort(idx, k, sizeof *idx, vt_memcg_order_cmp);
			for (size_t r = 0; r < k; r++) {
				idx[r]->memcg_rank = r + 1;
				if (!grp->order_differs && idx[r] != global[r]) {
					grp->order_differs = true;
					grp->a = (size_t)(global[r] - m->entries);
					grp->b = (size_t)(idx[r] - m->entries);
				}
			}
			grp->first = k ? (size_t)(idx[0] - m->entries) : 0;
			free(global);
		}
	}
	free(idx);
}

int vt_oom_build(const struct vt_procs *procs, const struct vt_meminfo *mi, unsigned long page_size,
		 uint32_t kernel, struct vt_oom_model *out, char **cause)
{
	memset(out, 0, sizeof *out);
	if (!vt_meminfo_has(mi, VT_MI_MEM_TOTAL))
		return vt_cause_set(cause, -EINVAL, "meminfo has no MemTotal: totalpages unknown");
	out->kernel = kernel;
	out->formula = vt_oom_formula_for(kernel);
	out->page_size = page_size;
	out->mem_total_kb = mi->value[VT_MI_MEM_TOTAL];
	out->swap_total_kb = vt_meminfo_has(mi, VT_MI_SWAP_TOTAL) ? mi->value[VT_MI_SWAP_TOTAL] : 0;
	/* totalram_pages() + total_swap_pages: what MemTotal and SwapTotal
	 * print, in pages. */
	out->ram_pages = vt_clamp_pages(vt_kb_pages(out->mem_total_kb, page_size));
	out->swap_pages = vt_clamp_pages(vt_kb_pages(out->swap_total_kb, page_size));
	out->totalpages = out->ram_pages + out->swap_pages;
	out->adj_step = out->totalpages / 1000;
	out->unreadable = procs->unreadable;
	out->unreadable_first = procs->unreadable_first;
	out->cgroups_available = procs->nmemcgs > 0;
	out->entries = vt_xcalloc(procs->n ? procs->n : 1, sizeof *out->entries);
	out->n = procs->n;
	for (size_t i = 0; i < procs->n; i++) {
		const struct vt_proc *p = &procs->procs[i];
		const struct vt_proc_status *st = &p->status;
		struct vt_oom_entry *e = &out->entries[i];

		e->proc = p;
		e->rss = vt_kb_pages(st->value[VT_ST_VM_RSS], page_size);
		e->swap = vt_kb_pages(st->value[VT_ST_VM_SWAP], page_size);
		/* VmPTE is mm_pgtables_bytes (4.14+); 4.4-4.13 print the PMD
		 * pages apart. */
		e->pgtables = vt_kb_pages(st->value[VT_ST_VM_PTE], page_size) +
			      vt_kb_pages(st->value[VT_ST_VM_PMD], page_size);
		e->excl = vt_oom_exclusion(p, &e->pid1_ranked);
		e->badness = e->excl == VT_OOM_ELIGIBLE ?
			vt_oom_badness(out->formula, e->rss, e->swap, e->pgtables, p->oom_score_adj,
				       vt_status_has(st, VT_ST_CAP_EFF) &&
				       (st->value[VT_ST_CAP_EFF] >> VT_CAP_SYS_ADMIN & 1),
				       out->totalpages) : VT_OOM_EXCLUDED;
		e->predicted = vt_oom_score(out->formula, e->badness, out->totalpages);
		if (p->has_oom_score) {
			out->compared++;
			if ((uint64_t)p->oom_score != e->predicted) {
				e->mismatch = true;
				e->why = vt_mismatch_why(e);
				out->mismatches++;
			}
		}
		e->memcg = vt_entry_memcg(procs, p);
		if (e->memcg && !e->memcg->v1)
			e->oom_group = vt_oom_group_of(procs, e->memcg);
		if (e->excl == VT_OOM_ELIGIBLE)
			out->neligible++;
		else
			out->excluded[e->excl]++;
	}
	qsort(out->entries, out->n, sizeof *out->entries, vt_entry_cmp);
	for (size_t i = 0; i < out->neligible; i++)
		out->entries[i].rank = i + 1;
	/* The kernel's oom_score along vmtune's order never rises, unless a
	 * prediction missed (the mismatches say why). */
	for (size_t i = 0, prev = (size_t)-1; i < out->neligible; i++) {
		if (!out->entries[i].proc->has_oom_score)
			continue;
		if (prev != (size_t)-1 && out->entries[i].proc->oom_score > out->entries[prev].proc->oom_score)
			out->inversions++;
		prev = i;
	}
	vt_oom_groups(procs, out);
	return 0;
}

void vt_oom_release(struct vt_oom_model *m)
{
	free(m->entries);
	free(m->groups);
	memset(m, 0, sizeof *m);
}
