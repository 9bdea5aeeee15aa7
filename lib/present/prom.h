/* `vmtune export`: one moment as Prometheus metrics, for node_exporter's
 * textfile collector (text exposition format 0.0.4) and as JSON.
 *
 * The metric set is data (struct vt_metrics): families with a name, a type
 * and help, each with its samples (labels and a value).  vt_metrics_build
 * fills it from the state collector's moment and the advice; the writers
 * only format it.  Conventions (prometheus.io/docs/practices/naming):
 *
 *  - every name starts with "vmtune_", is snake_case and ends in its base
 *    unit: kB and pages become _bytes, microseconds _seconds, percent a
 *    0..1 _ratio;
 *  - counters (vmstat's event counts, PSI's stall time) end in _total;
 *    levels, states and settings are gauges;
 *  - a label is a dimension whose sum means something (node, zone, the PSI
 *    line); quantities that do not add up (min, low, high; one knob and
 *    another) are families of their own;
 *  - each family is printed once with its HELP and TYPE, no series twice;
 *    a source that is not available prints no samples, never a zero.
 *
 * Values are decimal fixed point (num / 10^decimals), so that every number
 * is printed exactly: byte counts, microseconds as seconds with six
 * decimals, PSI's two-decimal percentages as four-decimal ratios. */
#ifndef VT_PRESENT_PROM_H
#define VT_PRESENT_PROM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "advisor/advise.h"
#include "probe/state.h"

enum vt_metric_type {
	VT_METRIC_COUNTER,
	VT_METRIC_GAUGE,
};

#define VT_METRIC_LABELS 4

struct vt_metric_sample {
	size_t nlabels;
	const char *label[VT_METRIC_LABELS];    /* names, static strings */
	char *value[VT_METRIC_LABELS];          /* owned, valid UTF-8 */
	int64_t num;
	unsigned decimals;
};

struct vt_metric_family {
	char *name;
	const char *help;       /* static */
	enum vt_metric_type type;
	struct vt_metric_sample *samples;
	size_t nsamples;
};

struct vt_metrics {
	struct vt_metric_family **families;     /* each allocated once: pointers stay valid */
	size_t nfamilies;
};

void vt_metrics_init(struct vt_metrics *m);
void vt_metrics_release(struct vt_metrics *m);

/* A metric or label name by the exposition format: [a-zA-Z_:][a-zA-Z0-9_:]*
 * (label names without ':'). */
bool vt_prom_name_ok(const char *name, bool label);

/* Adds family `name` (copied; -EINVAL when not a valid name, -EEXIST when
 * the set has it already).  Returns it through *out. */
int vt_metrics_family(struct vt_metrics *m, const char *name, enum vt_metric_type type, const char *help,
		      struct vt_metric_family **out, char **cause);
/* Adds a sample of value num / 10^decimals with `nlabels` labels (names
 * static, values copied as valid UTF-8).  -EEXIST when the family has a
 * sample with the same labels. */
int vt_metrics_add(struct vt_metric_family *f, int64_t num, unsigned decimals, size_t nlabels,
		   const char *const *names, const char *const *values, char **cause);

/* The metric set of one moment: `st` collected with VT_EXPORT_SOURCES and
 * the knobs of the table; `advice` NULL when it could not be made (then
 * vmtune_advice_up is 0 and no recommendation is listed). */
#define VT_EXPORT_SOURCES (VT_STATE_SYSTEM | VT_STATE_MEMINFO | VT_STATE_VMSTAT | VT_STATE_PSI | \
			   VT_STATE_ZONEINFO | VT_STATE_SYSCTL)
int vt_metrics_build(struct vt_metrics *m, const struct vt_state *st, const struct vt_advice *advice,
		     char **cause);

/* The text exposition format, NUL-terminated; *len its length.  Caller frees. */
char *vt_prom_format(const struct vt_metrics *m, size_t *len);
/* The same metrics as a JSON document (schema "export"). */
json_t *vt_prom_to_json(const struct vt_metrics *m);

#endif
