#include "config.h"
#include "present/oom.h"
#include "core/schema.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

/* Untrusted names: a comm holds 15 bytes, a cgroup path up to 511. */
#define VT_COMM_SHOWN VT_TEXT_ESCAPED_SIZE(63)
#define VT_PATH_SHOWN VT_TEXT_ESCAPED_SIZE(511)

static void vt_pages_text(const struct vt_oom_model *m, uint64_t pages, char *buf, size_t size)
{
	vt_format_pages(pages, m->page_size, buf, size);
}

static void vt_print_head(FILE *f, const struct vt_oom_model *m, const char *release)
{
	char mem[32], swap[32], step[32];

	vt_format_kb(m->mem_total_kb, mem, sizeof mem);
	vt_format_kb(m->swap_total_kb, swap, sizeof swap);
	vt_pages_text(m, m->adj_step, step, sizeof step);
	fprintf(f, "OOM ranking for a global OOM (kernel %s, badness formula %s)\n", release,
		vt_oom_formula_name(m->formula));
	fprintf(f, "totalpages %" PRIu64 " = MemTotal %s + SwapTotal %s in %lu KiB pages; "
		"one oom_score_adj step weighs %" PRIu64 " pages (%s)\n\n", m->totalpages, mem, swap,
		m->page_size / 1024, m->adj_step, step);
}

static void vt_print_row(FILE *f, const struct vt_oom_model *m, const struct vt_oom_entry *e)
{
	const struct vt_proc_status *st = &e->proc->status;
	char rss[32], anon[32], file[32], shmem[32], swap[32], pte[32], kernel[16];
	char comm[VT_COMM_SHOWN], path[VT_PATH_SHOWN];

	vt_pages_text(m, e->rss, rss, sizeof rss);
	if (vt_status_has(st, VT_ST_RSS_ANON)) {
		vt_format_kb(st->value[VT_ST_RSS_ANON], anon, sizeof anon);
		vt_format_kb(st->value[VT_ST_RSS_FILE], file, sizeof file);
		vt_format_kb(st->value[VT_ST_RSS_SHMEM], shmem, sizeof shmem);
	} else {
		strcpy(anon, "-");
		strcpy(file, "-");
		strcpy(shmem, "-");
	}
	vt_pages_text(m, e->swap, swap, sizeof swap);
	vt_pages_text(m, e->pgtables, pte, sizeof pte);
	if (e->proc->has_oom_score)
		snprintf(kernel, sizeof kernel, "%" PRId64 "%s", e->proc->oom_score, e->mismatch ? "!" : "");
	else
		strcpy(kernel, "-");
	fprintf(f, "%4zu %7ld  %-15s %9s %9s %9s %9s %9s %8s %5" PRId64 " %10" PRId64 " %5" PRIu64 " %6s  %s%s\n",
		e->rank, e->proc->pid, vt_show(comm, sizeof comm, st->name), rss, anon, file, shmem, swap, pte,
		e->proc->oom_score_adj, e->badness, e->predicted, kernel,
		e->memcg ? vt_show(path, sizeof path, e->memcg->path) : "-", e->oom_group ? " [oom.group]" : "");
}

static void vt_print_excluded(FILE *f, const struct vt_oom_model *m)
{
	static const char *const what[VT_OOM_EX_COUNT][2] = {
		[VT_OOM_EX_INIT] = { "init", "init" },
		[VT_OOM_EX_KTHREAD] = { "kernel thread", "kernel threads" },
		[VT_OOM_EX_NO_MM] = { "without memory (a zombie, or exiting)", "without memory (zombies, exiting)" },
		[VT_OOM_EX_ADJ_MIN] = { "with oom_score_adj -1000", "with oom_score_adj -1000" },
	};
	bool any = false;
	size_t shown = 0;

	fputs("Never chosen:", f);
	for (int x = VT_OOM_EX_INIT; x < VT_OOM_EX_COUNT; x++) {
		if (m->excluded[x] == 0)
			continue;
		fprintf(f, "%s %zu %s", any ? "," : "", m->excluded[x], what[x][m->excluded[x] != 1]);
		any = true;
	}
	if (!any)
		fputs(" none", f);
	fputc('\n', f);
	for (size_t i = m->neligible; i < m->n; i++) {
		const struct vt_oom_entry *e = &m->entries[i];
		char comm[VT_COMM_SHOWN];

		if (e->excl != VT_OOM_EX_ADJ_MIN)
			continue;
		if (shown++ == 10) {
			fprintf(f, "  ... and %zu more\n", m->excluded[VT_OOM_EX_ADJ_MIN] - 10);
			break;
		}
		fprintf(f, "  %ld %s: oom_score_adj -1000 (if it leaks, the next-worst process dies instead)\n",
			e->proc->pid, vt_show(comm, sizeof comm, e->proc->status.name));
	}
	for (size_t i = 0; i < m->neligible; i++)
		if (m->entries[i].pid1_ranked)
			fputs("  pid 1 is ranked: the kernel gives it a score, so it is a pid namespace's init, "
			      "not the kernel's\n", f);
}

static void vt_print_check(FILE *f, const struct vt_oom_model *m)
{
	if (m->unreadable)
		fprintf(f, "Not readable: %zu process%s (permission denied, first pid %ld): run as root to rank them\n",
			m->unreadable, m->unreadable == 1 ? "" : "es", m->unreadable_first);
	if (m->compared == 0) {
		fputs("Kernel check: no oom_score files in this tree: the prediction is not checked\n", f);
		return;
	}
	if (m->mismatches == 0) {
		fprintf(f, "Kernel check: every predicted oom_score equals the kernel's (%zu processes), "
			"so the order is the kernel's\n", m->compared);
		return;
	}
	fprintf(f, "Kernel check: %zu of %zu oom_score differ from the prediction, %zu order inversion%s (marked !):\n",
		m->mismatches, m->compared, m->inversions, m->inversions == 1 ? "" : "s");
	for (size_t i = 0; i < m->n; i++) {
		const struct vt_oom_entry *e = &m->entries[i];
		char comm[VT_COMM_SHOWN];

		if (!e->mismatch)
			continue;
		fprintf(f, "  %ld %s: predicted %" PRIu64 ", kernel %" PRId64 ": %s\n", e->proc->pid,
			vt_show(comm, sizeof comm, e->proc->status.name), e->predicted, e->proc->oom_score, e->why);
	}
}

static void vt_print_groups(FILE *f, const struct vt_oom_model *m)
{
	if (!m->cgroups_available) {
		fputs("Memory cgroups: not available (no cgroup files under the root)\n", f);
		return;
	}
	if (m->ngroups == 0) {
		fputs("Memory cgroups: none with a limit: only a global OOM can pick these processes\n", f);
	} else {
		fputs("Memory cgroups with a limit (their OOM ranks only their members, with totalpages from the limit):\n", f);
	}
	for (size_t g = 0; g < m->ngroups; g++) {
		const struct vt_oom_group *grp = &m->groups[g];
		const struct vt_oom_entry *first = &m->entries[grp->first];
		char path[VT_PATH_SHOWN], comm[VT_COMM_SHOWN], lim[32];

		vt_format_kb(grp->memcg->max_bytes / 1024, lim, sizeof lim);
		fprintf(f, "  %s: %s %s, totalpages %" PRIu64 ", %zu process%s, first victim %ld %s\n",
			vt_show(path, sizeof path, grp->memcg->path),
			grp->memcg->v1 ? "memory.limit_in_bytes" : "memory.max", lim, grp->totalpages,
			grp->members, grp->members == 1 ? "" : "es", first->proc->pid,
			vt_show(comm, sizeof comm, first->proc->status.name));
		if (grp->order_differs) {
			const struct vt_oom_entry *a = &m->entries[grp->a], *b = &m->entries[grp->b];
			char ca[VT_COMM_SHOWN];

			fprintf(f, "    its order differs from the global one: %ld %s (adj %" PRId64 ") goes before "
				"%ld %s (adj %" PRId64 "): an adj step weighs %" PRIu64 " pages here, %" PRIu64
				" globally\n", b->proc->pid, vt_show(comm, sizeof comm, b->proc->status.name),
				b->proc->oom_score_adj, a->proc->pid, vt_show(ca, sizeof ca, a->proc->status.name),
				a->proc->oom_score_adj, grp->adj_step, m->adj_step);
		}
	}
	for (size_t i = 0; i < m->neligible; i++) {
		const struct vt_oom_entry *e = &m->entries[i];
		char path[VT_PATH_SHOWN], comm[VT_COMM_SHOWN];

		if (e->oom_group == NULL)
			continue;
		fprintf(f, "  %ld %s dies with every process of %s (memory.oom.group 1)\n", e->proc->pid,
			vt_show(comm, sizeof comm, e->proc->status.name), vt_show(path, sizeof path, e->oom_group->path));
	}
}

static void vt_print_killers(FILE *f, const struct vt_oomkiller k[VT_OOMKILLER_COUNT])
{
	size_t running = 0, known = 0;

	for (size_t i = 0; i < VT_OOMKILLER_COUNT; i++) {
		running += k[i].running > 0;
		known += k[i].running > 0 || k[i].unit_state != VT_UNIT_ABSENT;
	}
	if (running == 0)
		fputs("User-space OOM killers: none running: the kernel's OOM killer decides, in this order\n", f);
	else
		fputs("User-space OOM killers: running ones act before the kernel, by their own rules:\n", f);
	for (size_t i = 0; i < VT_OOMKILLER_COUNT && known; i++) {
		if (k[i].running == 0 && k[i].unit_state == VT_UNIT_ABSENT)
			continue;
		if (k[i].running)
			fprintf(f, "  %s: running (pid %ld), unit %s %s: %s\n", k[i].name, k[i].pid, k[i].unit,
				vt_unit_state_name(k[i].unit_state), k[i].acts);
		else
			fprintf(f, "  %s: not running, unit %s %s\n", k[i].name, k[i].unit,
				vt_unit_state_name(k[i].unit_state));
	}
}

void vt_oom_print_text(const struct vt_out *o, const struct vt_oom_model *m, const char *release,
		       const struct vt_oomkiller killers[VT_OOMKILLER_COUNT], size_t top)
{
	FILE *f = o->stream;
	size_t shown = top && top < m->neligible ? top : m->neligible;

	vt_print_head(f, m, release);
	fprintf(f, "%4s %7s  %-15s %9s %9s %9s %9s %9s %8s %5s %10s %5s %6s  %s\n", "RANK", "PID", "COMMAND",
		"RSS", "ANON", "FILE", "SHMEM", "SWAP", "PGTABLES", "ADJ", "BADNESS", "SCORE", "KERNEL", "CGROUP");
	for (size_t i = 0; i < shown; i++)
		vt_print_row(f, m, &m->entries[i]);
	if (shown < m->neligible)
		fprintf(f, "  ... %zu more ranked (--top %zu)\n", m->neligible - shown, top);
	if (m->neligible == 0)
		fputs("  (no process the kernel could choose)\n", f);
	fputc('\n', f);
	vt_print_excluded(f, m);
	vt_print_check(f, m);
	vt_print_groups(f, m);
	vt_print_killers(f, killers);
}

static json_t *vt_json_status_kb(const struct vt_proc_status *st, enum vt_status_field fld)
{
	return vt_status_has(st, fld) ? vt_json_count(st->value[fld]) : json_null();
}

static json_t *vt_json_entry(const struct vt_oom_model *m, const struct vt_oom_entry *e)
{
	const struct vt_proc *p = e->proc;
	const struct vt_proc_status *st = &p->status;
	json_t *o = json_object();
	int err = 0;

	err |= json_object_set_new(o, "pid", json_integer(p->pid));
	err |= json_object_set_new(o, "comm", vt_json_text(st->name));
	err |= json_object_set_new(o, "rank", e->rank ? json_integer((json_int_t)e->rank) : json_null());
	err |= json_object_set_new(o, "excluded", e->excl == VT_OOM_ELIGIBLE ? json_null() :
				   json_string(vt_oom_excl_name(e->excl)));
	err |= json_object_set_new(o, "rss_kb", vt_json_status_kb(st, VT_ST_VM_RSS));
	err |= json_object_set_new(o, "rss_anon_kb", vt_json_status_kb(st, VT_ST_RSS_ANON));
	err |= json_object_set_new(o, "rss_file_kb", vt_json_status_kb(st, VT_ST_RSS_FILE));
	err |= json_object_set_new(o, "rss_shmem_kb", vt_json_status_kb(st, VT_ST_RSS_SHMEM));
	err |= json_object_set_new(o, "swap_kb", vt_json_status_kb(st, VT_ST_VM_SWAP));
	err |= json_object_set_new(o, "page_tables_kb", vt_json_status_kb(st, VT_ST_VM_PTE));
	err |= json_object_set_new(o, "rss_pages", vt_json_count(e->rss));
	err |= json_object_set_new(o, "swap_pages", vt_json_count(e->swap));
	err |= json_object_set_new(o, "page_table_pages", vt_json_count(e->pgtables));
	err |= json_object_set_new(o, "oom_score_adj", json_integer(p->oom_score_adj));
	err |= json_object_set_new(o, "badness", e->badness == VT_OOM_EXCLUDED ? json_null() :
				   json_integer(e->badness));
	err |= json_object_set_new(o, "predicted_oom_score", vt_json_count(e->predicted));
	err |= json_object_set_new(o, "oom_score", p->has_oom_score ? json_integer(p->oom_score) : json_null());
	err |= json_object_set_new(o, "matches_kernel", p->has_oom_score ? json_boolean(!e->mismatch) : json_null());
	err |= json_object_set_new(o, "mismatch_reason", e->mismatch ? json_string(e->why) : json_null());
	err |= json_object_set_new(o, "cgroup", e->memcg ? vt_json_text(e->memcg->path) : json_null());
	err |= json_object_set_new(o, "oom_group", e->oom_group ? vt_json_text(e->oom_group->path) : json_null());
	err |= json_object_set_new(o, "memcg_limit_group", e->group >= 0 ?
				   vt_json_text(m->groups[e->group].memcg->path) : json_null());
	err |= json_object_set_new(o, "memcg_badness", e->group >= 0 ? json_integer(e->memcg_badness) : json_null());
	err |= json_object_set_new(o, "memcg_rank", e->group >= 0 ? json_integer((json_int_t)e->memcg_rank) :
				   json_null());
	err |= json_object_set_new(o, "pid_namespace_init", json_boolean(e->pid1_ranked));
	return vt_json_done(o, err);
}

static json_t *vt_json_groups(const struct vt_oom_model *m)
{
	json_t *a = json_array();
	int err = 0;

	for (size_t g = 0; g < m->ngroups; g++) {
		const struct vt_oom_group *grp = &m->groups[g];
		json_t *o = json_object();
		int oerr = 0;

		oerr |= json_object_set_new(o, "path", vt_json_text(grp->memcg->path));
		oerr |= json_object_set_new(o, "cgroup_v1", json_boolean(grp->memcg->v1));
		oerr |= json_object_set_new(o, "limit_bytes", vt_json_count(grp->memcg->max_bytes));
		oerr |= json_object_set_new(o, "swap_limit_bytes", grp->memcg->has_swap_max ?
					    vt_json_count(grp->memcg->swap_max_bytes) : json_null());
		oerr |= json_object_set_new(o, "totalpages", vt_json_count(grp->totalpages));
		oerr |= json_object_set_new(o, "members", json_integer((json_int_t)grp->members));
		oerr |= json_object_set_new(o, "first_victim", json_integer(m->entries[grp->first].proc->pid));
		oerr |= json_object_set_new(o, "oom_group", grp->memcg->oom_group < 0 ? json_null() :
					    json_boolean(grp->memcg->oom_group == 1));
		oerr |= json_object_set_new(o, "order_differs", json_boolean(grp->order_differs));
		oerr |= json_object_set_new(o, "order_differs_pair", grp->order_differs ?
					    json_pack("[I, I]", (json_int_t)m->entries[grp->b].proc->pid,
						      (json_int_t)m->entries[grp->a].proc->pid) : json_null());
		err |= json_array_append_new(a, vt_json_done(o, oerr));
	}
	return vt_json_done(a, err);
}

static json_t *vt_json_killers(const struct vt_oomkiller k[VT_OOMKILLER_COUNT])
{
	json_t *a = json_array();
	int err = 0;

	for (size_t i = 0; i < VT_OOMKILLER_COUNT; i++)
		err |= json_array_append_new(a, json_pack("{s:s, s:b, s:o, s:s, s:s, s:s}", "name", k[i].name,
							  "running", k[i].running > 0,
							  "pid", k[i].running ? json_integer(k[i].pid) : json_null(),
							  "unit", k[i].unit,
							  "unit_state", vt_unit_state_name(k[i].unit_state),
							  "acts", k[i].acts));
	return vt_json_done(a, err);
}

json_t *vt_oom_to_json(const struct vt_oom_model *m, const char *release,
		       const struct vt_oomkiller killers[VT_OOMKILLER_COUNT], size_t top)
{
	json_t *root = json_object(), *procs = json_array(), *excl = json_array(), *counts = json_object();
	size_t shown = top && top < m->neligible ? top : m->neligible;
	int err = 0, perr = 0, xerr = 0, cerr = 0;
	bool any_running = false;

	for (size_t i = 0; i < VT_OOMKILLER_COUNT; i++)
		any_running |= killers[i].running > 0;
	err |= json_object_set_new(root, "schema_version", json_integer(vt_schema_version(VT_DOC_OOM)));
	err |= json_object_set_new(root, "kernel", vt_json_text(release));
	err |= json_object_set_new(root, "formula", json_string(vt_oom_formula_name(m->formula)));
	err |= json_object_set_new(root, "page_size", json_integer((json_int_t)m->page_size));
	err |= json_object_set_new(root, "mem_total_kb", vt_json_count(m->mem_total_kb));
	err |= json_object_set_new(root, "swap_total_kb", vt_json_count(m->swap_total_kb));
	err |= json_object_set_new(root, "totalpages", vt_json_count(m->totalpages));
	err |= json_object_set_new(root, "adj_step_pages", vt_json_count(m->adj_step));
	err |= json_object_set_new(root, "ranked", json_integer((json_int_t)m->neligible));
	err |= json_object_set_new(root, "top", top ? json_integer((json_int_t)top) : json_null());
	for (size_t i = 0; i < shown; i++)
		perr |= json_array_append_new(procs, vt_json_entry(m, &m->entries[i]));
	err |= json_object_set_new(root, "processes", vt_json_done(procs, perr));
	for (size_t i = m->neligible; i < m->n; i++)
		xerr |= json_array_append_new(excl, vt_json_entry(m, &m->entries[i]));
	err |= json_object_set_new(root, "excluded", vt_json_done(excl, xerr));
	for (int x = VT_OOM_EX_INIT; x < VT_OOM_EX_COUNT; x++)
		cerr |= json_object_set_new(counts, vt_oom_excl_name((enum vt_oom_excl)x),
					    json_integer((json_int_t)m->excluded[x]));
	err |= json_object_set_new(root, "excluded_counts", vt_json_done(counts, cerr));
	err |= json_object_set_new(root, "unreadable", json_integer((json_int_t)m->unreadable));
	err |= json_object_set_new(root, "compared", json_integer((json_int_t)m->compared));
	err |= json_object_set_new(root, "mismatches", json_integer((json_int_t)m->mismatches));
	err |= json_object_set_new(root, "inversions", json_integer((json_int_t)m->inversions));
	err |= json_object_set_new(root, "agrees_with_kernel", m->compared ?
				   json_boolean(m->inversions == 0) : json_null());
	err |= json_object_set_new(root, "cgroups_available", json_boolean(m->cgroups_available));
	err |= json_object_set_new(root, "memcg_limits", vt_json_groups(m));
	err |= json_object_set_new(root, "oom_killers", vt_json_killers(killers));
	err |= json_object_set_new(root, "user_space_killer_running", json_boolean(any_running));
	return vt_json_done(root, err);
}
