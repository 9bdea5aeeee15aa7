#include "config.h"
#include "core/schema.h"
#include "present/stat.h"
#include "present/format.h"
#include "core/jsonw.h"
#include "core/text.h"

#include <stdlib.h>
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

/* The fields come from the tree or a record file's header: any bytes. */
static void vt_stat_put(FILE *out, const char *s)
{
	char *shown = vt_text_escape(s, strlen(s), 0);

	fputs(shown, out);
	free(shown);
}

void vt_stat_print_banner(const struct vt_out *o, const struct vt_stat_banner *b)
{
	FILE *out = o->stream;

	fputs("Linux ", out);
	vt_stat_put(out, b->release ? b->release : "?");
	fputs(" (", out);
	vt_stat_put(out, b->hostname ? b->hostname : "?");
	fputs(") \t", out);
	if (b->date && b->date[0])
		fprintf(out, "%s \t", b->date);
	if (b->machine) {
		fputc('_', out);
		vt_stat_put(out, b->machine);
		fputs("_\t", out);
	}
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

void vt_stat_print_header(const struct vt_out *o, enum vt_stat_format fmt, bool per_node, const char *label)
{
	FILE *out = o->stream;

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

void vt_stat_print_row(const struct vt_out *o, enum vt_stat_format fmt, bool per_node, const char *label,
		       int node, const struct vt_rates *r)
{
	FILE *out = o->stream;

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

/* The rates' keys in strcmp order, as every vmtune JSON object prints its
 * keys; computed once, into static storage (the loop allocates nothing). */
static const enum vt_rate *vt_stat_sorted_rates(void)
{
	static enum vt_rate order[VT_RATE_COUNT];
	static bool done;

	if (!done) {
		/* Insertion sort: VT_RATE_COUNT is a few dozen, done once. */
		for (int i = 0; i < VT_RATE_COUNT; i++) {
			int j = i;

			while (j > 0 && strcmp(vt_rate_info(order[j - 1])->key, vt_rate_info((enum vt_rate)i)->key) > 0) {
				order[j] = order[j - 1];
				j--;
			}
			order[j] = (enum vt_rate)i;
		}
		done = true;
	}
	return order;
}

static void vt_stat_rates_write(struct vt_jsonw *w, const struct vt_rates *r)
{
	const enum vt_rate *order = vt_stat_sorted_rates();

	vt_jsonw_open(w, "rates");
	for (int i = 0; i < VT_RATE_COUNT; i++) {
		if (vt_rates_has(r, order[i]))
			vt_jsonw_real(w, vt_rate_info(order[i])->key, r->value[order[i]]);
		else
			vt_jsonw_null(w, vt_rate_info(order[i])->key);
	}
	vt_jsonw_close(w);
}

static const char *vt_stat_vmeff_family(const struct vt_rates *r)
{
	if (!vt_rates_has(r, VT_RATE_VMEFF))
		return NULL;
	return r->vmeff_by_type ? "anon_file" : "kswapd_direct";
}

int vt_stat_interval_write(FILE *out, const struct vt_stat_interval *iv)
{
	const struct vt_rates *sys = iv->system;
	struct vt_jsonw w;

	uint16_t order[VT_JSONW_MAX_IDS];
	size_t nnodes = iv->nnodes < VT_JSONW_MAX_IDS ? iv->nnodes : VT_JSONW_MAX_IDS;

	/* Keys sorted at every level as jansson sorts them ("10" before "2"). */
	vt_jsonw_id_order(iv->node_ids, nnodes, order);
	vt_jsonw_init(&w, out);
	vt_jsonw_open(&w, NULL);
	vt_jsonw_bool(&w, "counter_reset", sys->reset);
	vt_jsonw_real(&w, "interval_s", sys->interval_s);
	vt_jsonw_int(&w, "monotonic_ns", (int64_t)iv->monotonic_ns);
	vt_jsonw_open(&w, "nodes");
	for (size_t k = 0; k < nnodes; k++) {
		const struct vt_rates *node = &iv->nodes[order[k]];
		char id[16];

		snprintf(id, sizeof id, "%u", iv->node_ids[order[k]]);
		vt_jsonw_open(&w, id);
		vt_jsonw_bool(&w, "counter_reset", node->reset);
		vt_stat_rates_write(&w, node);
		vt_jsonw_string(&w, "reset_counter", node->reset_counter);
		vt_jsonw_string(&w, "vmeff_family", vt_stat_vmeff_family(node));
		vt_jsonw_close(&w);
	}
	vt_jsonw_close(&w);
	vt_stat_rates_write(&w, sys);
	vt_jsonw_string(&w, "reset_counter", sys->reset_counter);
	vt_jsonw_int(&w, "schema_version", vt_schema_version(VT_DOC_STAT));
	vt_jsonw_string(&w, "time", iv->time);
	vt_jsonw_string(&w, "type", iv->average ? "average" : "interval");
	vt_jsonw_string(&w, "vmeff_family", vt_stat_vmeff_family(sys));
	vt_jsonw_close(&w);
	return vt_jsonw_end_line(&w);
}
