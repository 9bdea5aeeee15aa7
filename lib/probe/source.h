/* Where samples come from, for `stat` and `record` (and later `top` and
 * `recommend --sample`): the live system, sampled on a clock; a series root
 * (t0/, t1/, ... under it: one sample per snapshot, timed by its recorded
 * clock); or a `vmtune record` file.
 *
 * vt_source_next is the one step of every sampling loop: on the live
 * system it sleeps until the next tick of the interval's grid, skips the
 * ticks a stall made it miss (core/clock.h), and ends when the stop flag is
 * set while it waits or the duration is over; then it takes the sample.
 * After start-up it allocates nothing (tests/cli/stat-alloc.sh).
 *
 * No printing, no environment: the caller passes the root path, the file
 * and the stop flag, words its own refusals from `kind`, and fills what only
 * the running system can say (the machine, from uname). */
#ifndef VT_PROBE_SOURCE_H
#define VT_PROBE_SOURCE_H

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "core/rootfs.h"
#include "probe/record.h"
#include "probe/sample.h"

enum vt_source_kind {
	VT_SOURCE_LIVE,         /* a root of kind VT_ROOT_LIVE: sampled now, on a clock */
	VT_SOURCE_SERIES,       /* a root of kind VT_ROOT_SERIES: t0/, t1/, ... */
	VT_SOURCE_SNAPSHOT,     /* one snapshot or another tree: one moment, no series */
	VT_SOURCE_FILE,         /* a `vmtune record` file */
};

/* Who the samples are from, for a banner or a recording's header.  An empty
 * string or 0 is unknown. */
struct vt_source_identity {
	char kernel_release[128];
	char hostname[256];
	/* uname -m.  No file under a root has it: a recording's header carries
	 * it, and for a live source the caller, which may ask the running
	 * system, fills it in. */
	char machine[64];
	unsigned ncpus;         /* online CPUs */
};

struct vt_source {
	enum vt_source_kind kind;
	char *name;             /* the root's path or the file's name, for messages */
	/* Filled by vt_source_start; for a file, when its header line is read
	 * (by the first vt_source_next). */
	struct vt_source_identity identity;
	unsigned cut_line;      /* file: a last line cut off mid-write, ignored; 0: none */
	/* Live: the sampler, whose raw buffers `record` writes out. */
	struct vt_sampler sampler;
	bool sampler_open;

	/* The rest is the source's own. */
	struct vt_root root;
	bool root_open;
	uint64_t step_ns;       /* live: the interval */
	uint64_t span_ticks;    /* live: intervals until the end; 0: no end */
	uint64_t origin_ns;     /* live: the first sample's time, the grid's origin */
	uint64_t deadline_ns;   /* live: the tick of the last sample (or, when
				 * due_set, of the next one) */
	bool due_set;           /* live: vt_source_due fixed the next tick */
	uint64_t taken;         /* samples returned so far */
	unsigned next_t;        /* series: the next tN/ */
	FILE *file;             /* record file */
	char *line;
	size_t line_cap;
	unsigned lineno;
	struct vt_buf scratch;
	struct vt_record_header header;
};

/* Opens the root at `root_path` (NULL: "/") and sets kind from the root's
 * kind; reads no sample yet, so that the caller can refuse a kind first.
 * After a failure too, vt_source_close releases what was opened. */
int vt_source_open_root(struct vt_source *src, const char *root_path, char **cause);
/* Readies a live or series source for vt_source_next: reads the identity
 * (a series: of t0/) and opens the live sampler.  Live samples are
 * `interval_s` apart; `duration_s` > 0 ends them when the next tick would
 * pass that many seconds after the first sample (ticks skipped in a stall
 * count), 0 never.  A series takes its times from its snapshots and
 * ignores both; a file is ready as it is.  -EINVAL for a snapshot source. */
int vt_source_start(struct vt_source *src, double interval_s, double duration_s, char **cause);
/* Opens a `vmtune record` file ("-": standard input), ready for
 * vt_source_next.  After a failure too, vt_source_close releases it. */
int vt_source_open_file(struct vt_source *src, const char *path, char **cause);

/* The next sample into `s`: 1, 0 at the end, or <0 with *cause.
 * - live: the first sample at once; each later one at the next tick
 *   (vt_clock_next_tick); the end when *stop is set while waiting, or
 *   when the duration is over;
 * - series: the next tN/, the end after the last;
 * - file: the next sample line (the header line is read on the way); the
 *   end at the end of the file, at a last line cut off mid-write (cut_line
 *   says which), or when *stop is set, also inside a read from a stalled
 *   pipe (the signal handler must not set SA_RESTART).
 * `stop` is set by the caller's signal handler (SIGINT, SIGTERM); NULL: never. */
int vt_source_next(struct vt_source *src, struct vt_sample *s, const volatile sig_atomic_t *stop,
		   char **cause);
void vt_source_close(struct vt_source *src);

/* For a loop that waits by itself (top reads keys while it waits): the
 * CLOCK_MONOTONIC time of the next live sample, fixed by this call as
 * vt_source_next would fix it, so that vt_source_next then takes it at
 * once when called at or after that time.  0 when the source does not
 * sample on a clock (series, file, no sample taken yet). */
uint64_t vt_source_due(struct vt_source *src);
/* Live: samples `interval_s` apart from the last one on (top's +/-). */
void vt_source_set_interval(struct vt_source *src, double interval_s);

#endif
