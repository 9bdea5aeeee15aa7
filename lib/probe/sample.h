/* One sample of every counter `vmtune stat` uses, and the sampler that
 * takes them.  The sampler opens its files once and re-reads them with
 * pread() into buffers it keeps, so that after the first sample the loop
 * makes no allocation (DESIGN §4; tested by tests/cli/stat-alloc.sh).
 *
 * Time: on the live system CLOCK_MONOTONIC (and CLOCK_REALTIME for the
 * timestamp).  On a snapshot the times recorded in vmtune-snapshot.json;
 * on a hand-made tree without metadata, proc/uptime (what sar uses). */
#ifndef VT_PROBE_SAMPLE_H
#define VT_PROBE_SAMPLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/rootfs.h"
#include "probe/numastat.h"
#include "probe/psi.h"
#include "probe/vmstat.h"

enum vt_time_source {
	VT_TIME_MONOTONIC,      /* live: clock_gettime(CLOCK_MONOTONIC) */
	VT_TIME_SNAPSHOT,       /* vmtune-snapshot.json monotonic_ns */
	VT_TIME_UPTIME,         /* proc/uptime (10 ms resolution) */
	VT_TIME_RECORDED,       /* a `vmtune record` file */
	VT_TIME_NONE,           /* a sosreport: one moment, no clock (sos copies no uptime) */
};

struct vt_sample_node {
	unsigned id;
	bool have_vmstat;
	bool have_numastat;
	struct vt_vmstat vm;
	struct vt_numastat ns;
};

struct vt_sample {
	uint64_t mono_ns;       /* interval base */
	uint64_t real_ns;       /* wall clock for timestamps; 0 when unknown */
	enum vt_time_source time_source;
	struct vt_vmstat vm;
	bool have_psi;          /* /proc/pressure/memory readable */
	struct vt_psi psi;
	size_t nnodes;
	size_t cap_nodes;
	struct vt_sample_node *nodes;   /* sorted by id */
};

void vt_sample_init(struct vt_sample *s);
void vt_sample_release(struct vt_sample *s);
/* Makes room for `n` nodes (called at start-up, not in the loop). */
void vt_sample_reserve(struct vt_sample *s, size_t n);
/* Copies `src` into `dst` without allocating when dst has room. */
void vt_sample_copy(struct vt_sample *dst, const struct vt_sample *src);
const struct vt_sample_node *vt_sample_node(const struct vt_sample *s, unsigned id);

struct vt_sampler_file {
	int fd;                 /* -1: not available */
	char *display;          /* for messages */
	struct vt_buf buf;      /* last contents read (record keeps them raw) */
};

struct vt_sampler_node {
	unsigned id;
	struct vt_sampler_file vmstat;
	struct vt_sampler_file numastat;
};

struct vt_sampler {
	const struct vt_root *root;
	enum vt_time_source time_source;
	uint64_t snap_mono_ns, snap_real_ns;
	struct vt_sampler_file vmstat;
	struct vt_sampler_file psi;
	struct vt_sampler_file uptime;
	size_t nnodes;
	struct vt_sampler_node *nodes;
	char *psi_unavailable;  /* why PSI is not available, or NULL */
};

/* Opens every file.  /proc/vmstat is required; PSI and the node files are
 * optional ("not available" when missing or when PSI is disabled). */
int vt_sampler_open(struct vt_sampler *sp, const struct vt_root *root, char **cause);
void vt_sampler_close(struct vt_sampler *sp);
/* Prepares `s` for this sampler's nodes (allocates; call before the loop). */
void vt_sampler_prepare(const struct vt_sampler *sp, struct vt_sample *s);
/* Reads and parses everything into `s`.  Allocates nothing once the
 * buffers have grown to the files' sizes. */
int vt_sampler_take(struct vt_sampler *sp, struct vt_sample *s, char **cause);

/* Pure: "2213.28 4352.11" -> 2213280000000 ns. */
int vt_uptime_parse(const char *buf, size_t len, uint64_t *ns, char **cause);

#endif
