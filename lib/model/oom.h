/* The kernel OOM killer's ranking, computed as mm/oom_kill.c computes it
 * (kernel-facts §11), and the /proc/PID/oom_score each process should show
 * (fs/proc/base.c proc_oom_score), so that the prediction can be checked
 * against the kernel's own number, exactly.
 *
 *   badness = rss + swap entries + page-table pages + adj * (totalpages / 1000)
 *
 * (totalpages / 1000 first, as an integer).  totalpages is MemTotal +
 * SwapTotal in pages for a global OOM and oom_score; a memory-cgroup OOM
 * uses the group's limit instead, which can change the order when
 * oom_score_adj is not 0 everywhere.  Pure: no I/O. */
#ifndef VT_MODEL_OOM_H
#define VT_MODEL_OOM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "probe/meminfo.h"
#include "probe/procs.h"

/* Which oom_badness()/proc_oom_score() pair the kernel runs. */
enum vt_oom_formula {
	VT_OOM_F_5_9,           /* 5.9+: signed, LONG_MIN excluded, score (1000 + b*1000/T)*2/3 */
	VT_OOM_F_4_17,          /* 4.17-5.8: clamped to >= 1, score b*1000/T */
	VT_OOM_F_ROOT_BONUS,    /* 3.14-4.16: as 4.17, and CAP_SYS_ADMIN takes 3 % off rss */
};

const char *vt_oom_formula_name(enum vt_oom_formula f);
enum vt_oom_formula vt_oom_formula_for(uint32_t kernel);

/* Why the kernel never picks a process. */
enum vt_oom_excl {
	VT_OOM_ELIGIBLE,
	VT_OOM_EX_INIT,         /* the global init */
	VT_OOM_EX_KTHREAD,      /* PF_KTHREAD */
	VT_OOM_EX_NO_MM,        /* no memory: a zombie, or exiting */
	VT_OOM_EX_ADJ_MIN,      /* oom_score_adj -1000 */
	VT_OOM_EX_COUNT
};

const char *vt_oom_excl_name(enum vt_oom_excl e);

#define VT_OOM_EXCLUDED INT64_MIN       /* the kernel's LONG_MIN */

/* oom_badness() of a process with `pages` = rss + swap + page tables.
 * VT_OOM_EXCLUDED for adj -1000.  sys_admin matters only for
 * VT_OOM_F_ROOT_BONUS. */
int64_t vt_oom_badness(enum vt_oom_formula f, uint64_t rss, uint64_t swap, uint64_t pgtables,
		       int64_t adj, bool sys_admin, uint64_t totalpages);
/* What /proc/PID/oom_score prints for that badness (0 when excluded). */
uint64_t vt_oom_score(enum vt_oom_formula f, int64_t badness, uint64_t totalpages);

struct vt_oom_entry {
	const struct vt_proc *proc;
	/* pages */
	uint64_t rss, swap, pgtables;
	enum vt_oom_excl excl;
	int64_t badness;        /* VT_OOM_EXCLUDED when excluded */
	uint64_t predicted;     /* oom_score as the kernel should print it */
	bool mismatch;          /* the kernel's oom_score was read and differs */
	const char *why;        /* for a mismatch: the likely reason */
	size_t rank;            /* 1-based among the eligible; 0 excluded */
	int group;              /* index in model.groups of its limited memcg, -1 none */
	int64_t memcg_badness;  /* badness in that group's OOM */
	size_t memcg_rank;      /* 1-based in that group; 0 none */
	const struct vt_memcg *memcg;           /* its own memory cgroup, NULL unknown */
	const struct vt_memcg *oom_group;       /* dies with this whole group, NULL none */
	bool pid1_ranked;       /* pid 1 that the kernel ranks (a pid namespace's init) */
};

/* A memory cgroup with a limit (memory.max), where a cgroup OOM ranks its
 * members by totalpages = limit + swap it may use. */
struct vt_oom_group {
	const struct vt_memcg *memcg;
	uint64_t totalpages;
	uint64_t adj_step;      /* pages one oom_score_adj step weighs here */
	size_t members;         /* eligible processes in it or below */
	size_t first;           /* entry index of its first victim */
	bool order_differs;     /* its order is not the global order */
	size_t a, b;            /* the first pair: a before b globally, b first here */
};

struct vt_oom_model {
	struct vt_oom_entry *entries;   /* eligible by badness (desc, then pid), then excluded by pid */
	size_t n, neligible;
	size_t excluded[VT_OOM_EX_COUNT];
	enum vt_oom_formula formula;
	uint32_t kernel;
	unsigned long page_size;
	uint64_t ram_pages, swap_pages, totalpages;
	uint64_t adj_step;      /* totalpages / 1000: the pages one oom_score_adj step weighs */
	uint64_t mem_total_kb, swap_total_kb;
	size_t compared;        /* entries with the kernel's oom_score */
	size_t mismatches;
	size_t inversions;      /* adjacent pairs the kernel's oom_score orders the other way */
	struct vt_oom_group *groups;
	size_t ngroups;
	bool cgroups_available; /* memory cgroup files were found */
	size_t unreadable;
	long unreadable_first;
};

/* Ranks `procs` (which must outlive the model) for a global OOM on a
 * machine with meminfo `mi`.  -EINVAL when MemTotal is missing. */
int vt_oom_build(const struct vt_procs *procs, const struct vt_meminfo *mi, unsigned long page_size,
		 uint32_t kernel, struct vt_oom_model *out, char **cause);
void vt_oom_release(struct vt_oom_model *m);

#endif
