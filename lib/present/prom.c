#include "config.h"
#include "present/prom.h"
#include "advisor/knobs.h"
#include "core/cause.h"
#include "core/json.h"
#include "core/schema.h"
#include "core/text.h"
#include "core/xalloc.h"

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void vt_metrics_init(struct vt_metrics *m)
{
	memset(m, 0, sizeof *m);
}

void vt_metrics_release(struct vt_metrics *m)
{
	for (size_t i = 0; i < m->nfamilies; i++) {
		struct vt_metric_family *f = m->families[i];

		for (size_t j = 0; j < f->nsamples; j++)
			for (size_t k = 0; k < f->samples[j].nlabels; k++)
				free(f->samples[j].value[k]);
		free(f->samples);
		free(f->name);
		free(f);
	}
	free(m->families);
	memset(m, 0, sizeof *m);
}

bool vt_prom_name_ok(const char *name, bool label)
{
	if (name[0] == '\0' || (name[0] >= '0' && name[0] <= '9'))
		return false;
	for (const char *p = name; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		      *p == '_' || (*p == ':' && !label)))
			return false;
	/* Names starting with "__" are reserved for Prometheus itself. */
	return !(label && name[0] == '_' && name[1] == '_');
}

int vt_metrics_family(struct vt_metrics *m, const char *name, enum vt_metric_type type, const char *help,
		      struct vt_metric_family **out, char **cause)
{
	struct vt_metric_family *f;

	*out = NULL;
	if (!vt_prom_name_ok(name, false))
		return vt_cause_set(cause, -EINVAL, "invalid metric name '%s'", name);
	for (size_t i = 0; i < m->nfamilies; i++)
		if (strcmp(m->families[i]->name, name) == 0)
			return vt_cause_set(cause, -EEXIST, "metric '%s' twice", name);
	m->families = vt_xreallocarray(m->families, m->nfamilies + 1, sizeof *m->families);
	f = m->families[m->nfamilies++] = vt_xcalloc(1, sizeof *f);
	f->name = vt_xstrdup(name);
	f->help = help;
	f->type = type;
	*out = f;
	return 0;
}

int vt_metrics_add(struct vt_metric_family *f, int64_t num, unsigned decimals, size_t nlabels,
		   const char *const *names, const char *const *values, char **cause)
{
	struct vt_metric_sample *s;

	if (nlabels > VT_METRIC_LABELS || decimals > 18)
		return vt_cause_set(cause, -EINVAL, "metric '%s': too many labels or decimals", f->name);
	for (size_t k = 0; k < nlabels; k++)
		if (!vt_prom_name_ok(names[k], true))
			return vt_cause_set(cause, -EINVAL, "metric '%s': invalid label name '%s'", f->name,
					    names[k]);
	for (size_t j = 0; j < f->nsamples; j++) {
		size_t same = 0;

		if (f->samples[j].nlabels != nlabels)
			continue;
		for (size_t k = 0; k < nlabels; k++)
			same += strcmp(f->samples[j].label[k], names[k]) == 0 &&
				strcmp(f->samples[j].value[k], values[k]) == 0;
		if (same == nlabels)
			return vt_cause_set(cause, -EEXIST, "metric '%s': the same series twice", f->name);
	}
	f->samples = vt_xreallocarray(f->samples, f->nsamples + 1, sizeof *f->samples);
	s = &f->samples[f->nsamples++];
	memset(s, 0, sizeof *s);
	s->nlabels = nlabels;
	for (size_t k = 0; k < nlabels; k++) {
		s->label[k] = names[k];
		s->value[k] = vt_text_utf8(values[k], strlen(values[k]));
	}
	s->num = num;
	s->decimals = decimals;
	return 0;
}

/* /proc/meminfo fields in kB, as vmtune_memory_<name>_bytes. */
static const struct {
	enum vt_meminfo_field field;
	const char *name;
	const char *help;
} vt_prom_meminfo[] = {
	{ VT_MI_MEM_TOTAL, "total", "MemTotal of /proc/meminfo: usable RAM" },
	{ VT_MI_MEM_FREE, "free", "MemFree of /proc/meminfo" },
	{ VT_MI_MEM_AVAILABLE, "available", "MemAvailable of /proc/meminfo: the kernel's estimate of "
	  "what can be allocated without swapping" },
	{ VT_MI_BUFFERS, "buffers", "Buffers of /proc/meminfo" },
	{ VT_MI_CACHED, "cached", "Cached of /proc/meminfo: page cache" },
	{ VT_MI_ACTIVE_ANON, "active_anon", "Active(anon) of /proc/meminfo" },
	{ VT_MI_INACTIVE_ANON, "inactive_anon", "Inactive(anon) of /proc/meminfo" },
	{ VT_MI_ACTIVE_FILE, "active_file", "Active(file) of /proc/meminfo" },
	{ VT_MI_INACTIVE_FILE, "inactive_file", "Inactive(file) of /proc/meminfo" },
	{ VT_MI_UNEVICTABLE, "unevictable", "Unevictable of /proc/meminfo" },
	{ VT_MI_DIRTY, "dirty", "Dirty of /proc/meminfo" },
	{ VT_MI_WRITEBACK, "writeback", "Writeback of /proc/meminfo" },
	{ VT_MI_ANON_PAGES, "anon_pages", "AnonPages of /proc/meminfo" },
	{ VT_MI_SHMEM, "shmem", "Shmem of /proc/meminfo" },
	{ VT_MI_SRECLAIMABLE, "slab_reclaimable", "SReclaimable of /proc/meminfo" },
	{ VT_MI_SUNRECLAIM, "slab_unreclaimable", "SUnreclaim of /proc/meminfo" },
	{ VT_MI_SWAP_TOTAL, "swap_total", "SwapTotal of /proc/meminfo" },
	{ VT_MI_SWAP_FREE, "swap_free", "SwapFree of /proc/meminfo" },
	{ VT_MI_COMMITTED_AS, "committed_as", "Committed_AS of /proc/meminfo" },
};

/* /proc/vmstat event counters, as vmtune_vmstat_<kernel name>_total. */
static const struct {
	enum vt_vmstat_field field;
	const char *help;
} vt_prom_vmstat[] = {
	{ VT_VM_PSWPIN, "pswpin of /proc/vmstat: pages swapped in" },
	{ VT_VM_PSWPOUT, "pswpout of /proc/vmstat: pages swapped out" },
	{ VT_VM_PGFAULT, "pgfault of /proc/vmstat: page faults" },
	{ VT_VM_PGMAJFAULT, "pgmajfault of /proc/vmstat: faults that needed I/O" },
	{ VT_VM_PGSCAN_KSWAPD, "pgscan_kswapd of /proc/vmstat: pages scanned by kswapd" },
	{ VT_VM_PGSCAN_DIRECT, "pgscan_direct of /proc/vmstat: pages scanned in direct reclaim" },
	{ VT_VM_PGSCAN_KHUGEPAGED, "pgscan_khugepaged of /proc/vmstat: pages scanned by khugepaged" },
	{ VT_VM_PGSCAN_DIRECT_THROTTLE, "pgscan_direct_throttle of /proc/vmstat: direct reclaimers throttled" },
	{ VT_VM_PGSTEAL_KSWAPD, "pgsteal_kswapd of /proc/vmstat: pages reclaimed by kswapd" },
	{ VT_VM_PGSTEAL_DIRECT, "pgsteal_direct of /proc/vmstat: pages reclaimed in direct reclaim" },
	{ VT_VM_PGSTEAL_KHUGEPAGED, "pgsteal_khugepaged of /proc/vmstat: pages reclaimed by khugepaged" },
	{ VT_VM_PGSCAN_ANON, "pgscan_anon of /proc/vmstat: anonymous pages scanned (5.8+)" },
	{ VT_VM_PGSCAN_FILE, "pgscan_file of /proc/vmstat: file pages scanned (5.8+)" },
	{ VT_VM_PGSTEAL_ANON, "pgsteal_anon of /proc/vmstat: anonymous pages reclaimed (5.8+)" },
	{ VT_VM_PGSTEAL_FILE, "pgsteal_file of /proc/vmstat: file pages reclaimed (5.8+)" },
	{ VT_VM_ALLOCSTALL, "allocstall of /proc/vmstat (summed over zones): allocations that entered "
	  "direct reclaim" },
	{ VT_VM_KSWAPD_LOW_WMARK_HIT_QUICKLY, "kswapd_low_wmark_hit_quickly of /proc/vmstat" },
	{ VT_VM_KSWAPD_HIGH_WMARK_HIT_QUICKLY, "kswapd_high_wmark_hit_quickly of /proc/vmstat" },
	{ VT_VM_WORKINGSET_REFAULT, "workingset_refault of /proc/vmstat (anon + file since 5.9): "
	  "evicted pages faulted back" },
	{ VT_VM_WORKINGSET_REFAULT_ANON, "workingset_refault_anon of /proc/vmstat (5.9+)" },
	{ VT_VM_WORKINGSET_REFAULT_FILE, "workingset_refault_file of /proc/vmstat (5.9+)" },
	{ VT_VM_WORKINGSET_ACTIVATE, "workingset_activate of /proc/vmstat (anon + file since 5.9)" },
	{ VT_VM_COMPACT_STALL, "compact_stall of /proc/vmstat: direct compaction runs" },
	{ VT_VM_COMPACT_FAIL, "compact_fail of /proc/vmstat" },
	{ VT_VM_COMPACT_SUCCESS, "compact_success of /proc/vmstat" },
	{ VT_VM_OOM_KILL, "oom_kill of /proc/vmstat: processes killed by the OOM killer" },
	{ VT_VM_NUMA_HIT, "numa_hit of /proc/vmstat" },
	{ VT_VM_NUMA_MISS, "numa_miss of /proc/vmstat: allocations placed off their preferred node" },
	{ VT_VM_NUMA_FOREIGN, "numa_foreign of /proc/vmstat" },
	{ VT_VM_PGPROMOTE_SUCCESS, "pgpromote_success of /proc/vmstat: pages promoted to a faster tier" },
	{ VT_VM_PGDEMOTE_KSWAPD, "pgdemote_kswapd of /proc/vmstat: pages demoted by kswapd" },
	{ VT_VM_PGDEMOTE_DIRECT, "pgdemote_direct of /proc/vmstat: pages demoted in direct reclaim" },
};

/* Zone fields in pages, as vmtune_zone_<name>_bytes{node, zone}. */
static const struct {
	enum vt_zone_field field;
	const char *name;
	const char *help;
} vt_prom_zone[] = {
	{ VT_ZF_MANAGED, "managed", "pages managed by the buddy allocator in the zone, in bytes (/proc/zoneinfo)" },
	{ VT_ZF_FREE, "free", "free pages in the zone, in bytes (/proc/zoneinfo)" },
	{ VT_ZF_MIN, "min", "the zone's min watermark as printed (boost included), in bytes: below it "
	  "allocations reclaim directly" },
	{ VT_ZF_LOW, "low", "the zone's low watermark as printed, in bytes: below it kswapd is woken" },
	{ VT_ZF_HIGH, "high", "the zone's high watermark as printed, in bytes: kswapd reclaims up to it" },
	{ VT_ZF_PROMO, "promo", "the zone's promo watermark (5.18+), in bytes: the target of tier promotion" },
};

static const char *const vt_zone_labels[] = { "node", "zone" };
static const char *const vt_rec_labels[] = { "id", "knob" };
static const char *const vt_info_labels[] = { "kernel", "source", "knobs_from" };

static int vt_prom_one(struct vt_metrics *m, const char *name, enum vt_metric_type type, const char *help,
		       int64_t num, unsigned decimals, char **cause)
{
	struct vt_metric_family *f;
	int err = vt_metrics_family(m, name, type, help, &f, cause);

	return err < 0 ? err : vt_metrics_add(f, num, decimals, 0, NULL, NULL, cause);
}

/* A count in units of `unit` bytes (1024 for kB, the page size) as bytes;
 * -ERANGE if it does not fit. */
static int vt_prom_bytes(uint64_t count, uint64_t unit, int64_t *out, char **cause)
{
	if (unit != 0 && count > (uint64_t)INT64_MAX / unit)
		return vt_cause_set(cause, -ERANGE, "%" PRIu64 " x %" PRIu64 " bytes is out of range", count, unit);
	*out = (int64_t)(count * unit);
	return 0;
}

static int vt_prom_meminfo_add(struct vt_metrics *m, const struct vt_meminfo *mi, char **cause)
{
	char name[96];
	int err = 0;

	for (size_t i = 0; err == 0 && i < sizeof vt_prom_meminfo / sizeof vt_prom_meminfo[0]; i++) {
		int64_t v = 0;

		if (!vt_meminfo_has(mi, vt_prom_meminfo[i].field))
			continue;
		snprintf(name, sizeof name, "vmtune_memory_%s_bytes", vt_prom_meminfo[i].name);
		err = vt_prom_bytes(mi->value[vt_prom_meminfo[i].field], 1024, &v, cause);
		if (err == 0)
			err = vt_prom_one(m, name, VT_METRIC_GAUGE, vt_prom_meminfo[i].help, v, 0, cause);
	}
	return err;
}

static int vt_prom_vmstat_add(struct vt_metrics *m, const struct vt_vmstat *vm, char **cause)
{
	char name[96];
	int err = 0;

	for (size_t i = 0; err == 0 && i < sizeof vt_prom_vmstat / sizeof vt_prom_vmstat[0]; i++) {
		enum vt_vmstat_field fld = vt_prom_vmstat[i].field;

		if (!vt_vmstat_has(vm, fld))
			continue;
		if (vm->value[fld] > (uint64_t)INT64_MAX)
			return vt_cause_set(cause, -ERANGE, "vmstat %s out of range", vt_vmstat_name(fld));
		snprintf(name, sizeof name, "vmtune_vmstat_%s_total", vt_vmstat_name(fld));
		err = vt_prom_one(m, name, VT_METRIC_COUNTER, vt_prom_vmstat[i].help, (int64_t)vm->value[fld], 0,
				  cause);
	}
	return err;
}

static int vt_prom_psi_line(struct vt_metrics *m, const struct vt_psi_line *l, const char *line, char **cause)
{
	char name[96];
	int err;

	if (!l->present)
		return 0;
	if (l->total_us > (uint64_t)INT64_MAX)
		return vt_cause_set(cause, -ERANGE, "PSI total out of range");
	snprintf(name, sizeof name, "vmtune_pressure_memory_%s_seconds_total", line);
	err = vt_prom_one(m, name, VT_METRIC_COUNTER, strcmp(line, "some") == 0 ?
			  "time at least one task stalled on memory (total of /proc/pressure/memory's some line)" :
			  "time all non-idle tasks stalled on memory at once (total of the full line)",
			  (int64_t)l->total_us, 6, cause);
	if (err < 0)
		return err;
	/* avg10 is a percentage with two decimals: a ratio with four. */
	snprintf(name, sizeof name, "vmtune_pressure_memory_%s_avg10_ratio", line);
	return vt_prom_one(m, name, VT_METRIC_GAUGE, strcmp(line, "some") == 0 ?
			   "share of the last 10 s some task stalled on memory (avg10 / 100)" :
			   "share of the last 10 s all non-idle tasks stalled on memory (avg10 / 100)",
			   (int64_t)llround(l->avg10 * 100.0), 4, cause);
}

static int vt_prom_zones_add(struct vt_metrics *m, const struct vt_state *st, char **cause)
{
	const struct vt_zoneinfo *zi = &st->numa.zoneinfo;
	char name[96];
	int err = 0;

	for (size_t i = 0; err == 0 && i < sizeof vt_prom_zone / sizeof vt_prom_zone[0]; i++) {
		struct vt_metric_family *f = NULL;

		for (size_t z = 0; err == 0 && z < zi->nzones; z++) {
			const struct vt_zone *zone = &zi->zones[z];
			const char *values[2];
			char node[16];
			int64_t v = 0;

			/* Unpopulated zones print zeros: no series. */
			if (!zone->populated || !vt_zone_has(zone, vt_prom_zone[i].field))
				continue;
			if (f == NULL) {
				snprintf(name, sizeof name, "vmtune_zone_%s_bytes", vt_prom_zone[i].name);
				err = vt_metrics_family(m, name, VT_METRIC_GAUGE, vt_prom_zone[i].help, &f, cause);
				if (err < 0)
					break;
			}
			snprintf(node, sizeof node, "%u", zone->node);
			values[0] = node;
			values[1] = zone->name;
			err = vt_prom_bytes(vt_zone_get(zone, vt_prom_zone[i].field), st->system.page_size, &v, cause);
			if (err == 0)
				err = vt_metrics_add(f, v, 0, 2, vt_zone_labels, values, cause);
		}
	}
	return err;
}

/* One family per knob: their values do not add up, and their units
 * differ.  The value is the sysctl's own (min_free_kbytes stays in kB, as
 * its name says), so an alert compares it with what `sysctl` prints. */
static int vt_prom_knobs_add(struct vt_metrics *m, const struct vt_state *st, char **cause)
{
	int err = 0;

	for (size_t i = 0; err == 0 && i < vt_knob_count; i++) {
		const struct vt_state_sysctl *k = vt_state_sysctl(st, vt_knobs[i].name);
		char name[96];

		if (k == NULL || k->src.avail != VT_AVAIL_PRESENT)
			continue;
		snprintf(name, sizeof name, "vmtune_sysctl_%s", vt_knobs[i].name);
		for (char *p = name; *p; p++)
			if (*p == '.' || *p == '-')
				*p = '_';
		err = vt_prom_one(m, name, VT_METRIC_GAUGE, vt_knobs[i].summary, k->value, 0, cause);
	}
	return err;
}

static int vt_prom_advice_add(struct vt_metrics *m, const struct vt_advice *a, char **cause)
{
	struct vt_metric_family *pending, *value;
	int err;

	err = vt_prom_one(m, "vmtune_advice_up", VT_METRIC_GAUGE,
			  "1 when the advice could be made (the recommendation series are complete), else 0",
			  a != NULL, 0, cause);
	if (err == 0)
		err = vt_metrics_family(m, "vmtune_recommendation_pending", VT_METRIC_GAUGE,
					"1 for each change vmtune recommend advises and no waiver covers",
					&pending, cause);
	if (err == 0)
		err = vt_metrics_family(m, "vmtune_recommendation_value", VT_METRIC_GAUGE,
					"the value a pending recommendation proposes for its knob", &value, cause);
	for (size_t i = 0; err == 0 && a != NULL && i < a->nrecs; i++) {
		const struct vt_recommendation *r = &a->recs[i];
		const char *values[2];

		if (r->action != VT_ACTION_CHANGE || r->waived || r->knob == NULL)
			continue;
		values[0] = r->id;
		values[1] = r->knob->name;
		err = vt_metrics_add(pending, 1, 0, 2, vt_rec_labels, values, cause);
		if (err == 0)
			err = vt_metrics_add(value, r->recommended, 0, 2, vt_rec_labels, values, cause);
	}
	return err;
}

int vt_metrics_build(struct vt_metrics *m, const struct vt_state *st, const struct vt_advice *advice,
		     char **cause)
{
	const char *from = vt_state_sysctls_from(st);
	const char *info[3] = { st->system.kernel.release, vt_root_kind_name(st->root->kind),
				from ? from : "proc/sys" };
	struct vt_metric_family *f;
	int err;

	vt_metrics_release(m);
	err = vt_metrics_family(m, "vmtune_info", VT_METRIC_GAUGE,
				"1, labelled with the kernel release, the kind of root read (live, snapshot, "
				"sosreport, tree) and where the knob values came from", &f, cause);
	if (err == 0)
		err = vt_metrics_add(f, 1, 0, 3, vt_info_labels, info, cause);
	if (err == 0)
		err = vt_prom_one(m, "vmtune_page_size_bytes", VT_METRIC_GAUGE, "the page size (assumed for a "
				  "tree without vmtune-snapshot.json)", (int64_t)st->system.page_size, 0, cause);
	if (err == 0 && vt_state_has(st, VT_STATE_SRC_MEMINFO))
		err = vt_prom_meminfo_add(m, &st->meminfo, cause);
	if (err == 0 && vt_state_has(st, VT_STATE_SRC_VMSTAT))
		err = vt_prom_vmstat_add(m, &st->vmstat, cause);
	if (err == 0 && vt_state_has(st, VT_STATE_SRC_PSI))
		err = vt_prom_psi_line(m, &st->psi.some, "some", cause);
	if (err == 0 && vt_state_has(st, VT_STATE_SRC_PSI))
		err = vt_prom_psi_line(m, &st->psi.full, "full", cause);
	if (err == 0 && vt_state_has(st, VT_STATE_SRC_ZONEINFO))
		err = vt_prom_zones_add(m, st, cause);
	if (err == 0)
		err = vt_prom_knobs_add(m, st, cause);
	if (err == 0)
		err = vt_prom_advice_add(m, advice, cause);
	if (err < 0)
		vt_metrics_release(m);
	return err;
}

/* HELP text escapes '\' and newline; label values '"' too. */
static void vt_prom_escape(FILE *out, const char *s, bool quote)
{
	for (; *s; s++) {
		if (*s == '\\')
			fputs("\\\\", out);
		else if (*s == '\n')
			fputs("\\n", out);
		else if (*s == '"' && quote)
			fputs("\\\"", out);
		else
			fputc(*s, out);
	}
}

/* num / 10^decimals, exactly. */
static void vt_prom_number(FILE *out, int64_t num, unsigned decimals)
{
	uint64_t mag = num < 0 ? (uint64_t)0 - (uint64_t)num : (uint64_t)num, scale = 1;

	if (decimals == 0) {
		fprintf(out, "%" PRId64, num);
		return;
	}
	for (unsigned i = 0; i < decimals; i++)
		scale *= 10;
	fprintf(out, "%s%" PRIu64 ".%0*" PRIu64, num < 0 ? "-" : "", mag / scale, (int)decimals, mag % scale);
}

char *vt_prom_format(const struct vt_metrics *m, size_t *len)
{
	char *text = NULL;
	FILE *out = open_memstream(&text, len);

	if (out == NULL)
		return NULL;
	for (size_t i = 0; i < m->nfamilies; i++) {
		const struct vt_metric_family *f = m->families[i];

		fprintf(out, "# HELP %s ", f->name);
		vt_prom_escape(out, f->help, false);
		fprintf(out, "\n# TYPE %s %s\n", f->name, f->type == VT_METRIC_COUNTER ? "counter" : "gauge");
		for (size_t j = 0; j < f->nsamples; j++) {
			const struct vt_metric_sample *s = &f->samples[j];

			fputs(f->name, out);
			for (size_t k = 0; k < s->nlabels; k++) {
				fprintf(out, "%s%s=\"", k ? "," : "{", s->label[k]);
				vt_prom_escape(out, s->value[k], true);
				fputc('"', out);
			}
			fputs(s->nlabels ? "} " : " ", out);
			vt_prom_number(out, s->num, s->decimals);
			fputc('\n', out);
		}
	}
	if (fclose(out) != 0) {
		free(text);
		return NULL;
	}
	return text;
}

json_t *vt_prom_to_json(const struct vt_metrics *m)
{
	json_t *root = json_object(), *metrics = json_array();
	int err = 0, merr = 0;

	for (size_t i = 0; i < m->nfamilies; i++) {
		const struct vt_metric_family *f = m->families[i];
		json_t *samples = json_array();
		int serr = 0;

		for (size_t j = 0; j < f->nsamples; j++) {
			const struct vt_metric_sample *s = &f->samples[j];
			json_t *labels = json_object();
			int lerr = 0;

			for (size_t k = 0; k < s->nlabels; k++)
				lerr |= json_object_set_new(labels, s->label[k], json_string(s->value[k]));
			serr |= json_array_append_new(samples, json_pack("{s:o, s:o}", "labels",
				vt_json_done(labels, lerr), "value", s->decimals == 0 ?
				json_integer((json_int_t)s->num) : json_real((double)s->num / pow(10, s->decimals))));
		}
		merr |= json_array_append_new(metrics, json_pack("{s:s, s:s, s:s, s:o}", "name", f->name,
			"type", f->type == VT_METRIC_COUNTER ? "counter" : "gauge", "help", f->help,
			"samples", vt_json_done(samples, serr)));
	}
	err |= json_object_set_new(root, "schema_version", json_integer(vt_schema_version(VT_DOC_EXPORT)));
	err |= json_object_set_new(root, "metrics", vt_json_done(metrics, merr));
	return vt_json_done(root, err);
}
