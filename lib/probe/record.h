/* The `vmtune record` file: JSON lines.  The first line is a header, each
 * following line one sample with the raw counters exactly as the kernel
 * printed them (every "name value" line of /proc/vmstat and of each node's
 * vmstat and numastat, and the parsed PSI memory lines), so that a replay
 * goes through the same parsers and normalisation as a live run:
 *
 *   {"type":"header","schema_version":1,"tool":"vmtune 0.1.0",...}
 *   {"type":"sample","monotonic_ns":...,"realtime_ns":...,"vmstat":{...},
 *    "pressure_memory":{"some":{...},"full":{...}}|null,
 *    "nodes":{"0":{"vmstat":{...},"numastat":{...}}}}
 *
 * Readers: `stat --from`, later `top --replay` and `recommend --from`. */
#ifndef VT_PROBE_RECORD_H
#define VT_PROBE_RECORD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "core/rootfs.h"
#include "probe/sample.h"


/* The longest line a reader takes, newline excluded.  A sample line holds
 * every counter of /proc/vmstat and of each node's vmstat and numastat,
 * compact: 6.3 KB measured on 6.18 with one node (192 + 68 + 6 counters,
 * 1.7 KB a node); 3.0 MB at 1024 nodes (MAX_NUMNODES) with every value at
 * 19 digits; some 14 MB if a node had 300 counters.  64 MiB (also the most
 * read of one kernel file) is well above that, and bounds what a corrupt
 * file costs: the line, then jansson's tree of it. */
#define VT_RECORD_LINE_MAX ((size_t)64 << 20)

/* Node ids are below the kernel's MAX_NUMNODES, 1 << CONFIG_NODES_SHIFT,
 * which no architecture allows above 10 bits. */
#define VT_RECORD_MAX_NODES 1024u

struct vt_record_header {
	int schema_version;
	char tool[64];
	char kernel_release[128];
	char hostname[256];
	char machine[64];       /* uname -m; "" when unknown */
	unsigned ncpus;         /* online CPUs; 0 when unknown */
	double interval_s;
};

/* The header line's object (tool and schema_version are filled in). */
json_t *vt_record_header_json(const struct vt_record_header *h, const char *source);
/* Writes one sample line from the sampler's raw buffers and the parsed
 * sample straight into `out`, allocating nothing (the counters in the
 * kernel's order).  0, or -EIO. */
int vt_record_sample_write(FILE *out, const struct vt_sampler *sp, const struct vt_sample *s);

enum vt_record_line {
	VT_RECORD_HEADER,
	VT_RECORD_SAMPLE,
};

/* Parses one line.  A sample fills `out` (nodes sorted by id; `scratch`
 * rebuilds the "name value" text for the probe parsers).  Errors name the
 * key and value.  Node ids are keys as `record` writes them ("0", "12":
 * no sign, no leading zero), so that one node cannot appear twice. */
int vt_record_parse_line(const char *line, size_t len, enum vt_record_line *kind,
			 struct vt_record_header *header, struct vt_sample *out,
			 struct vt_buf *scratch, char **cause);

#endif
