/* Where `vmtune stat` and `vmtune record` get samples: the live system (or
 * any root, read now), a fixture series (t0/, t1/, ... under --root: one
 * sample per snapshot, timed by its recorded clock), or a record file. */
#ifndef VT_SRC_STAT_SOURCE_H
#define VT_SRC_STAT_SOURCE_H

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "cli.h"
#include "present/stat.h"
#include "probe/record.h"
#include "probe/sample.h"

enum vt_stat_source_kind {
	VT_SRC_ROOT,
	VT_SRC_SERIES,
	VT_SRC_FILE,
};

struct vt_stat_source {
	enum vt_stat_source_kind kind;
	bool live;              /* sample on a clock, sleeping between samples */
	char *name;             /* for messages */
	struct vt_root root;
	bool root_open;
	struct vt_sampler sampler;
	bool sampler_open;
	unsigned next_t;        /* series: next tN */
	FILE *file;             /* record file */
	char *line;
	size_t line_cap;
	unsigned lineno;
	unsigned cut_line;      /* a last line cut off mid-write, ignored; 0: none */
	/* Set by the caller: when it reads non-zero (SIGINT, SIGTERM), a replay
	 * ends as at the end of the file, also inside a read from a stalled
	 * pipe (the handler has no SA_RESTART). */
	const volatile sig_atomic_t *stop;
	struct vt_buf scratch;
	struct vt_record_header header;
	struct vt_stat_banner banner;
};

/* `from` is a record file ("-" for stdin) or NULL for cli->root_path.  After
 * a failure too, vt_stat_source_close releases what was opened. */
int vt_stat_source_open(struct vt_stat_source *src, struct vt_cli *cli, const char *from,
			double interval, char **cause);
/* 1: a sample, 0: the end, <0: error (with *cause). */
int vt_stat_source_next(struct vt_stat_source *src, struct vt_sample *s, char **cause);
void vt_stat_source_close(struct vt_stat_source *src);

/* Fills the banner data of a root (release, host, CPUs, machine if live). */
void vt_stat_root_identity(const struct vt_root *root, struct vt_record_header *h);


#endif
