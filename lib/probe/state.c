#include "config.h"
#include "probe/state.h"
#include "probe/cgroups.h"
#include "core/cause.h"
#include "core/xalloc.h"
#include "probe/sysctl.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static void vt_state_source_clear(struct vt_state_source *s)
{
	free(s->reason);
	memset(s, 0, sizeof *s);
}

void vt_state_init(struct vt_state *st)
{
	memset(st, 0, sizeof *st);
	vt_numa_probe_init(&st->numa);
	st->cgroup_v1_memory = -1;
	st->swaps.zswap = -1;
}

void vt_state_release(struct vt_state *st)
{
	for (size_t i = 0; i < VT_STATE_SRC_COUNT; i++)
		vt_state_source_clear(&st->src[i]);
	for (size_t i = 0; i < st->nsysctls; i++)
		vt_state_source_clear(&st->sysctls[i].src);
	free(st->sysctls);
	vt_sos_sysctls_release(&st->sos);
	free(st->sos_why);
	vt_numa_probe_release(&st->numa);
	memset(st, 0, sizeof *st);
}

void vt_state_want_sysctl(struct vt_state *st, const char *name)
{
	if (vt_state_sysctl(st, name) != NULL)
		return;
	st->sysctls = vt_xreallocarray(st->sysctls, st->nsysctls + 1, sizeof *st->sysctls);
	memset(&st->sysctls[st->nsysctls], 0, sizeof *st->sysctls);
	st->sysctls[st->nsysctls++].name = name;
}

const char *vt_state_sysctls_from(const struct vt_state *st)
{
	for (size_t i = 0; i < st->nsysctls; i++)
		if (st->sysctls[i].src.avail == VT_AVAIL_PRESENT && st->sysctls[i].from != NULL)
			return st->sysctls[i].from;
	return st->src[VT_STATE_SRC_LOWMEM].avail == VT_AVAIL_PRESENT ? st->lowmem_from : NULL;
}

const struct vt_state_sysctl *vt_state_sysctl(const struct vt_state *st, const char *name)
{
	for (size_t i = 0; i < st->nsysctls; i++)
		if (strcmp(st->sysctls[i].name, name) == 0)
			return &st->sysctls[i];
	return NULL;
}

/* Files a reader's result under `s`: 0 present; -ENOENT (and `absent_too`,
 * PSI's -EOPNOTSUPP) absent; anything else an error.  Takes `why`. */
static void vt_state_source_settle(struct vt_state_source *s, int err, char *why, int absent_too)
{
	vt_state_source_clear(s);
	if (err == 0) {
		s->avail = VT_AVAIL_PRESENT;
		free(why);
		return;
	}
	s->avail = err == -ENOENT || (absent_too != 0 && err == absent_too) ? VT_AVAIL_ABSENT :
		   VT_AVAIL_ERROR;
	s->err = err;
	/* Every reader names the file; this only guards a reader that did not. */
	s->reason = why ? why : vt_xstrdup(strerror(-err));
}

/* Copies `s` into `to` (a second source that shares the reading). */
static void vt_state_source_copy(struct vt_state_source *to, const struct vt_state_source *s)
{
	vt_state_source_clear(to);
	to->avail = s->avail;
	to->err = s->err;
	to->reason = s->reason ? vt_xstrdup(s->reason) : NULL;
}

/* The line of sysctl `name` in a sosreport's sysctl_-a, for a knob whose
 * proc/sys file is absent: 1 with *line, 0 when there is none (why says
 * so), -errno when sysctl_-a exists and cannot be read or parsed. */
static int vt_state_sos_line(const struct vt_root *root, struct vt_state *st, const char *name,
			     const struct vt_sos_sysctl **line, char **why)
{
	char *shown;

	*line = NULL;
	if (root->kind != VT_ROOT_SOS) {
		*why = vt_xasprintf("cannot read '%s': not available on this kernel", name);
		return 0;
	}
	if (st->sos_read == 0) {
		int err = vt_sos_sysctls_read(root, &st->sos, &st->sos_why);

		st->sos_read = err > 0 ? 1 : err == 0 ? 2 : err;
	}
	if (st->sos_read < 0) {
		*why = vt_xstrdup(st->sos_why);
		return st->sos_read;
	}
	shown = vt_root_display(root, VT_SOS_SYSCTL_PATH);
	if (st->sos_read == 2)
		*why = vt_xasprintf("cannot read '%s': not available (no proc/sys file, no %s)", name, shown);
	else if ((*line = vt_sos_sysctl_get(&st->sos, name)) == NULL)
		*why = vt_xasprintf("cannot read '%s': not available (no proc/sys file, not in %s)", name, shown);
	free(shown);
	return *line != NULL;
}

/* A parse failure of a sysctl_-a value names the file, line and key. */
static int vt_state_sos_fail(const struct vt_root *root, const struct vt_sos_sysctl *line, int err, char **why)
{
	vt_cause_prefix(why, err, "line %u: %s", line->line, line->name);
	return vt_root_fail(root, VT_SOS_SYSCTL_PATH, err, why);
}

static int vt_state_read_sysctl(const struct vt_root *root, struct vt_state *st, struct vt_state_sysctl *k,
				char **why)
{
	const struct vt_sos_sysctl *line;
	int err;

	k->value = 0;
	k->from = NULL;
	err = vt_sysctl_read_opt_i64(root, k->name, &k->value, why);
	if (err != 0)
		return err < 0 ? err : 0;
	err = vt_state_sos_line(root, st, k->name, &line, why);
	if (err <= 0)
		return err < 0 ? err : -ENOENT;
	err = vt_sysctl_value_i64(line->value, strlen(line->value), &k->value, why);
	if (err < 0)
		return vt_state_sos_fail(root, line, err, why);
	k->from = VT_SOS_SYSCTL_PATH;
	return 0;
}

static int vt_state_read_lowmem(const struct vt_root *root, struct vt_state *st, char **why)
{
	static const char name[] = "vm.lowmem_reserve_ratio";
	const struct vt_sos_sysctl *line;
	int err;

	st->nlowmem = 0;
	st->lowmem_from = NULL;
	err = vt_sysctl_read_opt_vec(root, name, st->lowmem_reserve_ratio, VT_STATE_LOWMEM_MAX,
				     &st->nlowmem, why);
	if (err != 0)
		return err < 0 ? err : 0;
	err = vt_state_sos_line(root, st, name, &line, why);
	if (err <= 0)
		return err < 0 ? err : -ENOENT;
	err = vt_sysctl_value_vec(line->value, strlen(line->value), st->lowmem_reserve_ratio,
				  VT_STATE_LOWMEM_MAX, &st->nlowmem, why);
	if (err < 0) {
		st->nlowmem = 0;
		return vt_state_sos_fail(root, line, err, why);
	}
	st->lowmem_from = VT_SOS_SYSCTL_PATH;
	return 0;
}

static void vt_state_read_sysctls(const struct vt_root *root, struct vt_state *st)
{
	struct vt_state_source *all = &st->src[VT_STATE_SRC_SYSCTL];

	vt_state_source_settle(all, 0, NULL, 0);
	for (size_t i = 0; i < st->nsysctls; i++) {
		struct vt_state_sysctl *k = &st->sysctls[i];
		char *why = NULL;
		int err;

		err = vt_state_read_sysctl(root, st, k, &why);

		vt_state_source_settle(&k->src, err, why, 0);
		if (k->src.avail == VT_AVAIL_ERROR && all->avail != VT_AVAIL_ERROR)
			vt_state_source_copy(all, &k->src);
	}
}

static void vt_state_read_thp(const struct vt_root *root, struct vt_state *st)
{
	struct vt_state_source *s = &st->src[VT_STATE_SRC_THP];
	char *why = NULL, *shown;
	int err = vt_thp_read(root, &st->thp, &why);

	vt_state_source_settle(s, err, why, 0);
	if (err == 0 && !st->thp.has_enabled && !st->thp.has_pmd_size) {
		/* Neither file: a kernel without CONFIG_TRANSPARENT_HUGEPAGE. */
		shown = vt_root_display(root, VT_THP_DIR);
		s->avail = VT_AVAIL_ABSENT;
		s->err = -ENOENT;
		s->reason = vt_xasprintf("%s: not available on this kernel", shown);
		free(shown);
	}
}

/* The NUMA probe reads zoneinfo on the way, and takes its absence quietly. */
static void vt_state_read_numa(const struct vt_root *root, struct vt_state *st)
{
	struct vt_state_source *z = &st->src[VT_STATE_SRC_ZONEINFO];
	char *why = NULL;
	int err = vt_numa_read(root, &st->numa, &why);

	vt_state_source_settle(&st->src[VT_STATE_SRC_NUMA], err, why, 0);
	if (st->numa.has_zoneinfo) {
		vt_state_source_settle(z, 0, NULL, 0);
	} else if (err < 0) {
		/* It failed before zoneinfo, or on it: the probe's error. */
		vt_state_source_copy(z, &st->src[VT_STATE_SRC_NUMA]);
	} else {
		why = NULL;
		err = vt_zoneinfo_missing(root, &why);
		vt_state_source_settle(z, err, why, 0);
	}
}

int vt_state_collect(const struct vt_root *root, unsigned wanted, struct vt_state *st, char **cause)
{
	struct vt_buf buf;
	char *why;
	int err;

	st->root = root;
	for (size_t i = 0; i < VT_STATE_SRC_COUNT; i++)
		vt_state_source_clear(&st->src[i]);
	/* sysctl_-a is read again, if needed, with this collect's root. */
	vt_sos_sysctls_release(&st->sos);
	free(st->sos_why);
	st->sos_why = NULL;
	st->sos_read = 0;
	vt_buf_init(&buf);
	if (wanted & VT_STATE_SYSTEM) {
		why = NULL;
		err = vt_system_probe(root, &st->system, &why);
		vt_state_source_settle(&st->src[VT_STATE_SRC_SYSTEM], err, why, 0);
		/* No kernel release is never "an old kernel". */
		if (err < 0)
			st->src[VT_STATE_SRC_SYSTEM].avail = VT_AVAIL_ERROR;
	}
	if (wanted & VT_STATE_MEMINFO) {
		why = NULL;
		memset(&st->meminfo, 0, sizeof st->meminfo);
		err = vt_meminfo_read(root, "proc/meminfo", &buf, &st->meminfo, &why);
		vt_state_source_settle(&st->src[VT_STATE_SRC_MEMINFO], err, why, 0);
	}
	if (wanted & VT_STATE_VMSTAT) {
		why = NULL;
		memset(&st->vmstat, 0, sizeof st->vmstat);
		err = vt_vmstat_read(root, "proc/vmstat", &buf, &st->vmstat, &why);
		vt_state_source_settle(&st->src[VT_STATE_SRC_VMSTAT], err, why, 0);
	}
	if (wanted & VT_STATE_PSI) {
		/* Missing before 4.20 or without CONFIG_PSI; with psi=0 the file
		 * is there and reads fail with EOPNOTSUPP. */
		why = NULL;
		memset(&st->psi, 0, sizeof st->psi);
		err = vt_psi_read(root, "proc/pressure/memory", &buf, &st->psi, &why);
		vt_state_source_settle(&st->src[VT_STATE_SRC_PSI], err, why, -EOPNOTSUPP);
	}
	if (wanted & VT_STATE_NUMA) {
		vt_state_read_numa(root, st);
	} else if (wanted & VT_STATE_ZONEINFO) {
		vt_numa_probe_release(&st->numa);
		vt_numa_probe_init(&st->numa);
		why = NULL;
		err = vt_zoneinfo_read(root, &buf, &st->numa.zoneinfo, &why);
		st->numa.has_zoneinfo = err == 0;
		vt_state_source_settle(&st->src[VT_STATE_SRC_ZONEINFO], err, why, 0);
	}
	if (wanted & VT_STATE_SYSCTL)
		vt_state_read_sysctls(root, st);
	if (wanted & VT_STATE_LOWMEM) {
		why = NULL;
		err = vt_state_read_lowmem(root, st, &why);
		vt_state_source_settle(&st->src[VT_STATE_SRC_LOWMEM], err, why, 0);
	}
	if (wanted & VT_STATE_THP)
		vt_state_read_thp(root, st);
	if (wanted & VT_STATE_SWAPS) {
		bool avail = false;

		why = NULL;
		err = vt_swaps_read(root, &st->swaps, &avail, &why);
		if (err == 0 && !avail) {
			err = -ENOENT;
			why = vt_root_display(root, VT_SWAPS_PATH);
		}
		vt_state_source_settle(&st->src[VT_STATE_SRC_SWAPS], err, why, 0);
	}
	if (wanted & VT_STATE_CGROUPS) {
		why = NULL;
		err = vt_cgroups_read(root, &st->cgroup_v1_memory, &why);
		if (err == 0 && st->cgroup_v1_memory < 0) {
			err = -ENOENT;
			why = vt_root_display(root, VT_CGROUPS_PATH);
		}
		vt_state_source_settle(&st->src[VT_STATE_SRC_CGROUPS], err, why, 0);
	}
	vt_buf_release(&buf);
	return vt_state_first_error(st, VT_STATE_ALL, cause);
}

int vt_state_first_error(const struct vt_state *st, unsigned wanted, char **cause)
{
	if (wanted & VT_STATE_NUMA)
		wanted |= VT_STATE_ZONEINFO;
	for (size_t i = 0; i < VT_STATE_SRC_COUNT; i++) {
		const struct vt_state_source *s = &st->src[i];

		if ((wanted & (1u << i)) && s->avail == VT_AVAIL_ERROR) {
			vt_cause_set(cause, s->err, "%s", s->reason);
			return s->err;
		}
	}
	return 0;
}
