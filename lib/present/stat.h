/* Output of `vmtune stat`: sar-like text (a header repeated, an Average
 * line), exactly sar -B (sysstat 12.6) with --sar, CSV, and JSON lines.
 * Formatting only: every number comes from model/rates. */
#ifndef VT_PRESENT_STAT_H
#define VT_PRESENT_STAT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "model/rates.h"
#include "present/format.h"

enum vt_stat_format {
	VT_STAT_TEXT,           /* vmtune's columns */
	VT_STAT_WIDE,           /* every rate */
	VT_STAT_SAR,            /* sar -B of sysstat 12.6, column for column */
	VT_STAT_CSV,
	VT_STAT_JSON,
};

/* The first line sar prints:
 * "Linux 6.18.44 (vm) \t11/27/26 \t_x86_64_\t(2 CPU)". */
struct vt_stat_banner {
	const char *release;
	const char *hostname;
	const char *date;       /* "%x" in the C locale: "11/27/26" */
	const char *machine;    /* uname -m, or NULL when unknown (snapshots) */
	unsigned ncpus;         /* 0 when unknown */
};

void vt_stat_print_banner(const struct vt_out *out, const struct vt_stat_banner *b);

/* Text, wide and sar: a blank line, then the column names after `label`
 * (sar prints the time of the interval's start there).  CSV: the column
 * line.  JSON: nothing.  `per_node` adds a "node" column. */
void vt_stat_print_header(const struct vt_out *out, enum vt_stat_format fmt, bool per_node, const char *label);

/* One row.  `node` < 0 is the whole system.  For CSV, `label` is the ISO
 * time or "Average". */
void vt_stat_print_row(const struct vt_out *out, enum vt_stat_format fmt, bool per_node, const char *label,
		       int node, const struct vt_rates *r);

struct vt_stat_interval {
	bool average;
	const char *time;       /* ISO 8601 UTC, or NULL when unknown */
	uint64_t monotonic_ns;
	const struct vt_rates *system;
	size_t nnodes;
	const unsigned *node_ids;
	const struct vt_rates *nodes;
};

/* Writes one JSON line (schema_version, type, rates, nodes) straight into
 * `out`, allocating nothing.  0, or -EIO. */
int vt_stat_interval_write(FILE *out, const struct vt_stat_interval *iv);

/* The text columns of a format, for the manual and tests. */
size_t vt_stat_columns(enum vt_stat_format fmt, bool per_node, const enum vt_rate **cols);

#endif
