#include "config.h"
#include "present/stat.h"
#include "present/format.h"

#include <string.h>

/* sar -B in sysstat 12.6 (pr_stats.c print_paging_stats): nine columns,
 * each " %9.2f", after the "%-11s" time; %vmeff is the last one (removed
 * in 12.7.5, which adds pgprom/s and pgdem/s instead). */
static const enum vt_rate vt_cols_sar[] = {
	VT_RATE_PGPGIN, VT_RATE_PGPGOUT, VT_RATE_FAULT, VT_RATE_MAJFLT, VT_RATE_PGFREE,
	VT_RATE_SAR_PGSCANK, VT_RATE_SAR_PGSCAND, VT_RATE_SAR_PGSTEAL, VT_RATE_SAR_VMEFF,
};

/* vmtune's default: the sar set with same-family reclaim numbers, then the
 * signals sar misses. */
static const enum vt_rate vt_cols_text[] = {
	VT_RATE_PGPGIN, VT_RATE_PGPGOUT, VT_RATE_FAULT, VT_RATE_MAJFLT, VT_RATE_PGFREE,
	VT_RATE_PGSCANK, VT_RATE_PGSCAND, VT_RATE_PGSTEAL, VT_RATE_VMEFF,
	VT_RATE_ALLOCSTALL, VT_RATE_PSWPIN, VT_RATE_PSWPOUT, VT_RATE_REFAULT, VT_RATE_PSI_SOME_AVG10,
};

static const enum vt_rate vt_cols_node[] = {
	VT_RATE_NUMA_HIT, VT_RATE_NUMA_MISS, VT_RATE_NUMA_FOREIGN,
	VT_RATE_REFAULT, VT_RATE_REFAULT_ANON, VT_RATE_REFAULT_FILE,
	VT_RATE_PGPROMOTE, VT_RATE_PGDEMOTE, VT_RATE_PGSCANK, VT_RATE_PGSCAND, VT_RATE_PGSTEAL,
};

static const enum vt_rate vt_cols_wide[] = {
	VT_RATE_PGPGIN, VT_RATE_PGPGOUT, VT_RATE_FAULT, VT_RATE_MAJFLT, VT_RATE_PGFREE,
	VT_RATE_PGSCANK, VT_RATE_PGSCAND, VT_RATE_PGSTEAL, VT_RATE_VMEFF,
	VT_RATE_ALLOCSTALL, VT_RATE_PSWPIN, VT_RATE_PSWPOUT,
	VT_RATE_REFAULT, VT_RATE_REFAULT_ANON, VT_RATE_REFAULT_FILE,
	VT_RATE_COMPACT_STALL, VT_RATE_OOM_KILL, VT_RATE_PGPROMOTE, VT_RATE_PGDEMOTE,
	VT_RATE_PSI_SOME_AVG10, VT_RATE_PSI_FULL_AVG10, VT_RATE_PSI_SOME_STALL, VT_RATE_PSI_FULL_STALL,
	VT_RATE_NUMA_HIT, VT_RATE_NUMA_MISS, VT_RATE_NUMA_FOREIGN,
};

#define VT_N(a) (sizeof a / sizeof a[0])

size_t vt_stat_columns(enum vt_stat_format fmt, bool per_node, const enum vt_rate **cols)
{
	switch (fmt) {
	case VT_STAT_SAR:
		*cols = vt_cols_sar;
		return VT_N(vt_cols_sar);
	case VT_STAT_TEXT:
		if (per_node) {
			*cols = vt_cols_node;
			return VT_N(vt_cols_node);
		}
		*cols = vt_cols_text;
		return VT_N(vt_cols_text);
	default:
		*cols = vt_cols_wide;
		return VT_N(vt_cols_wide);
	}
}

void vt_stat_print_banner(FILE *out, const struct vt_stat_banner *b)
{
	fprintf(out, "Linux %s (%s) \t", b->release ? b->release : "?", b->hostname ? b->hostname : "?");
	if (b->date && b->date[0])
		fprintf(out, "%s \t", b->date);
	if (b->machine)
		fprintf(out, "_%s_\t", b->machine);
	if (b->ncpus)
		fprintf(out, "(%u CPU)", b->ncpus);
	fputc('\n', out);
}

/* CSV and JSON carry every rate: vmtune's and sar's. */
static void vt_stat_csv_header(FILE *out)
{
	fputs("time,node,interval_s,counter_reset", out);
	for (int r = 0; r < VT_RATE_COUNT; r++)
		fprintf(out, ",%s", vt_rate_info((enum vt_rate)r)->key);
	fputc('\n', out);
}

void vt_stat_print_header(FILE *out, enum vt_stat_format fmt, bool per_node, const char *label)
{
	const enum vt_rate *cols;
	size_t n;

	if (fmt == VT_STAT_JSON)
		return;
	if (fmt == VT_STAT_CSV) {
		vt_stat_csv_header(out);
		return;
	}
	n = vt_stat_columns(fmt, per_node, &cols);
	fprintf(out, "\n%-11s", label);
	if (per_node)
		fprintf(out, " %5s", "node");
	for (size_t i = 0; i < n; i++)
		fprintf(out, " %9s", vt_rate_info(cols[i])->column);
	fputc('\n', out);
}

void vt_stat_print_row(FILE *out, enum vt_stat_format fmt, bool per_node, const char *label,
		       int node, const struct vt_rates *r)
{
	const enum vt_rate *cols;
	size_t n;

	if (fmt == VT_STAT_JSON)
		return;
	if (fmt == VT_STAT_CSV) {
		fprintf(out, "%s,", label);
		if (node >= 0)
			fprintf(out, "%d", node);
		fprintf(out, ",%.3f,%d", r->interval_s, r->reset ? 1 : 0);
		for (int i = 0; i < VT_RATE_COUNT; i++) {
			if (vt_rates_has(r, (enum vt_rate)i))
				fprintf(out, ",%.2f", r->value[i]);
			else
				fputc(',', out);
		}
		fputc('\n', out);
		return;
	}
	n = vt_stat_columns(fmt, per_node, &cols);
	fprintf(out, "%-11s", label);
	if (per_node)
		fprintf(out, " %5d", node);
	for (size_t i = 0; i < n; i++) {
		if (vt_rates_has(r, cols[i]))
			fprintf(out, " %9.2f", r->value[cols[i]]);
		else
			fprintf(out, " %9s", "-");
	}
	fputc('\n', out);
}

static json_t *vt_stat_rates_json(const struct vt_rates *r)
{
	json_t *obj = json_object();

	for (int i = 0; i < VT_RATE_COUNT; i++)
		json_object_set_new(obj, vt_rate_info((enum vt_rate)i)->key,
				    vt_rates_has(r, (enum vt_rate)i) ? json_real(r->value[i]) : json_null());
	return obj;
}

static json_t *vt_stat_scope_json(const struct vt_rates *r)
{
	json_t *obj = json_object();

	json_object_set_new(obj, "counter_reset", json_boolean(r->reset));
	json_object_set_new(obj, "reset_counter", r->reset_counter ? json_string(r->reset_counter) : json_null());
	json_object_set_new(obj, "vmeff_family", vt_rates_has(r, VT_RATE_VMEFF) ?
			    json_string(r->vmeff_by_type ? "anon_file" : "kswapd_direct") : json_null());
	json_object_set_new(obj, "rates", vt_stat_rates_json(r));
	return obj;
}

json_t *vt_stat_interval_json(const struct vt_stat_interval *iv)
{
	json_t *obj = vt_stat_scope_json(iv->system), *nodes = json_object();

	json_object_set_new(obj, "schema_version", json_integer(VT_JSON_SCHEMA_VERSION));
	json_object_set_new(obj, "type", json_string(iv->average ? "average" : "interval"));
	json_object_set_new(obj, "time", iv->time ? json_string(iv->time) : json_null());
	json_object_set_new(obj, "monotonic_ns", json_integer((json_int_t)iv->monotonic_ns));
	json_object_set_new(obj, "interval_s", json_real(iv->system->interval_s));
	for (size_t i = 0; i < iv->nnodes; i++) {
		char id[16];

		snprintf(id, sizeof id, "%u", iv->node_ids[i]);
		json_object_set_new(nodes, id, vt_stat_scope_json(&iv->nodes[i]));
	}
	json_object_set_new(obj, "nodes", nodes);
	return obj;
}
