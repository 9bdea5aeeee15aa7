/* `vmtune stat [INTERVAL [COUNT]]`: the sampler.  Samples come from
 * probe/source: the live system (CLOCK_MONOTONIC cadence), a fixture series
 * (t0/, t1/, ... under --root) or a `vmtune record` file (--from); the
 * intervals and the Average from model/series.  Here: the options, the
 * presenter, the loop and the exit code.  The loop allocates nothing after
 * the first interval (tests/cli/stat-alloc.sh). */
#include "config.h"
#include "cli.h"
#include "core/cause.h"
#include "core/clock.h"
#include "model/series.h"
#include "probe/source.h"
#include "present/format.h"
#include "present/stat.h"
#include "core/strparse.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

struct vt_stat_opts {
	bool sar, wide, csv;
	bool per_node, all_nodes;
	unsigned node;
	const char *from;
};

static int vt_stat_parse_node(void *opts, const char *arg, char **cause)
{
	struct vt_stat_opts *o = opts;
	uint64_t v;

	o->per_node = true;
	o->all_nodes = strcmp(arg, "all") == 0;
	if (o->all_nodes)
		return 0;
	if (vt_parse_u64(arg, 0, VT_IDSET_MAX_ID, &v, NULL) < 0) {
		vt_cause_set(cause, -EINVAL, "'%s' is not a node number or 'all'", arg);
		return -1;
	}
	o->node = (unsigned)v;
	return 0;
}

static const struct vt_option vt_stat_options[] = {
	VT_OPT_BOOL("sar", struct vt_stat_opts, sar, "exactly sar -B's columns and layout (sysstat 12.6)"),
	VT_OPT_BOOL("wide", struct vt_stat_opts, wide, "every rate vmtune computes"),
	VT_OPT_BOOL("csv", struct vt_stat_opts, csv, "comma-separated values, every rate"),
	VT_OPT_CALLBACK("node", "N|all", "per-node rows for node N or for every node", vt_stat_parse_node),
	VT_OPT_STRING("from", struct vt_stat_opts, from, "FILE",
		      "replay a file written by 'vmtune record' ('-': stdin)"),
	VT_OPT_END,
};

static const struct vt_operand vt_stat_operands[] = {
	{ "INTERVAL", "seconds between samples, fractions allowed (default 1)" },
	{ "COUNT", "number of intervals (default: until interrupted)" },
	{ .name = NULL },
};

/* Local time of day as sar prints it in the C locale (%X); for a source
 * without wall-clock time, the monotonic time in the same shape. */
static void vt_stat_label(const struct vt_sample *s, char out[32])
{
	time_t secs;
	struct tm tm;

	if (s->real_ns == 0) {
		uint64_t t = s->mono_ns / 1000000000u;

		snprintf(out, 32, "%02u:%02u:%02u", (unsigned)(t / 3600 % 100), (unsigned)(t / 60 % 60),
			 (unsigned)(t % 60));
		return;
	}
	secs = (time_t)(s->real_ns / 1000000000u);
	if (localtime_r(&secs, &tm) == NULL || strftime(out, 32, "%H:%M:%S", &tm) == 0)
		snprintf(out, 32, "?");
}

/* ISO 8601 UTC with milliseconds, for CSV and JSON. */
static void vt_stat_iso(const struct vt_sample *s, char out[40])
{
	time_t secs = (time_t)(s->real_ns / 1000000000u);
	struct tm tm;
	char base[32];

	if (s->real_ns == 0 || gmtime_r(&secs, &tm) == NULL ||
	    strftime(base, sizeof base, "%Y-%m-%dT%H:%M:%S", &tm) == 0) {
		out[0] = '\0';
		return;
	}
	snprintf(out, 40, "%s.%03uZ", base, (unsigned)(s->real_ns / 1000000u % 1000));
}

static void vt_stat_date(const struct vt_sample *s, char out[32])
{
	time_t secs = (time_t)(s->real_ns / 1000000000u);
	struct tm tm;

	/* sar's %x in the C locale: two-digit year, as it prints it. */
	if (s->real_ns == 0 || localtime_r(&secs, &tm) == NULL)
		out[0] = '\0';	/* unknown: the banner leaves it out */
	else
		snprintf(out, 32, "%02d/%02d/%02d", tm.tm_mon + 1, tm.tm_mday, tm.tm_year % 100);
}

/* Data lines between headers: sar repeats its header every screenful on a
 * terminal (window rows - 2) and prints it once otherwise. */
static unsigned vt_stat_page_lines(FILE *out)
{
	struct winsize ws;
	int fd = fileno(out);

	if (fd < 0 || !isatty(fd) || ioctl(fd, TIOCGWINSZ, &ws) < 0 || ws.ws_row < 4)
		return 0;
	return ws.ws_row - 2u;
}

struct vt_stat_run {
	struct vt_cli *cli;
	struct vt_stat_opts *o;
	enum vt_stat_format fmt;
	unsigned page, lines;
	struct vt_series series;
	struct vt_stat_banner banner;
	bool started;                           /* banner and header printed */
	const volatile sig_atomic_t *stop;      /* Ctrl-C: end with the Average */
};

static void vt_stat_header(struct vt_stat_run *run, const char *label)
{
	vt_stat_print_header(vt_cli_text(run->cli), run->fmt, run->o->per_node, label);
	run->lines = 0;
}

/* The series' rows: the interval ending at `mono_ns`, or the Average. */
static void vt_stat_emit(struct vt_stat_run *run, uint64_t mono_ns, const char *label, const char *iso,
			 bool average)
{
	const struct vt_series *ser = &run->series;
	FILE *out = run->cli->out;

	if (run->fmt == VT_STAT_JSON) {
		struct vt_stat_interval iv = {
			.average = average, .time = iso[0] ? iso : NULL, .monotonic_ns = mono_ns,
			.system = &ser->system, .nnodes = ser->nnodes, .node_ids = ser->node_ids,
			.nodes = ser->nodes,
		};

		vt_stat_interval_write(out, &iv);
		return;
	}
	if (!run->o->per_node) {
		vt_stat_print_row(&run->cli->text, run->fmt, false, run->fmt == VT_STAT_CSV ? iso : label, -1,
				  &ser->system);
		run->lines++;
		return;
	}
	for (size_t i = 0; i < ser->nnodes; i++) {
		vt_stat_print_row(&run->cli->text, run->fmt, true, run->fmt == VT_STAT_CSV ? iso : label,
				  (int)ser->node_ids[i], &ser->nodes[i]);
		run->lines++;
	}
}

/* Prints the interval the series just computed, which ends at `cur`. */
static void vt_stat_interval(struct vt_stat_run *run, const struct vt_sample *cur, char *prev_label)
{
	char label[32], iso[40];
	size_t rows = run->o->per_node ? run->series.nnodes : 1;

	vt_stat_label(cur, label);
	iso[0] = '\0';
	if (run->fmt == VT_STAT_CSV || run->fmt == VT_STAT_JSON)
		vt_stat_iso(cur, iso);
	if (run->page && run->lines + rows > run->page &&
	    (run->fmt == VT_STAT_TEXT || run->fmt == VT_STAT_WIDE || run->fmt == VT_STAT_SAR))
		vt_stat_header(run, prev_label);
	vt_stat_emit(run, cur->mono_ns, label, iso, false);
	fflush(run->cli->out);
	memcpy(prev_label, label, 32);
}

static void vt_stat_average(struct vt_stat_run *run)
{
	vt_series_average(&run->series);
	vt_stat_emit(run, run->series.last.mono_ns, "Average:", "Average", true);
	fflush(run->cli->out);
}

/* The banner (text formats) and the column header.  A recording's identity
 * is known once its header line was read, before its first sample. */
static void vt_stat_start(struct vt_stat_run *run, const struct vt_source *src, const char *label)
{
	const struct vt_source_identity *id = &src->identity;

	if (run->fmt == VT_STAT_TEXT || run->fmt == VT_STAT_WIDE || run->fmt == VT_STAT_SAR) {
		run->banner.release = id->kernel_release[0] ? id->kernel_release : NULL;
		run->banner.hostname = id->hostname[0] ? id->hostname : NULL;
		run->banner.machine = id->machine[0] ? id->machine : NULL;
		run->banner.ncpus = id->ncpus;
		vt_stat_print_banner(vt_cli_text(run->cli), &run->banner);
	}
	vt_stat_header(run, label);
	fflush(run->cli->out);
	run->started = true;
}

static int vt_stat_run_loop(struct vt_stat_run *run, struct vt_source *src, uint64_t count)
{
	struct vt_sample s;
	char prev_label[32], date[32];
	char *cause = NULL;
	bool live = src->kind == VT_SOURCE_LIVE;
	int rc, code = VT_EXIT_OK;

	vt_sample_init(&s);
	rc = vt_source_next(src, &s, run->stop, &cause);
	if (rc == 0 && *run->stop)
		goto out;	/* stopped before the first sample: nothing to average */
	if (rc <= 0) {
		code = vt_cli_error(run->cli, "%s", rc < 0 ? cause : "no samples");
		goto out;
	}
	if (run->o->per_node && s.nnodes == 0) {
		code = vt_cli_error(run->cli, "--node: %s has no per-node counters (kernel without NUMA, or "
				    "no nodeN/vmstat and nodeN/numastat)", src->name);
		goto out;
	}
	if (run->o->per_node && !run->o->all_nodes && vt_sample_node(&s, run->o->node) == NULL) {
		code = vt_cli_error(run->cli, "node %u: no such node with counters in %s", run->o->node,
				    src->name);
		goto out;
	}
	vt_series_feed(&run->series, &s);
	vt_stat_label(&s, prev_label);
	if (run->fmt == VT_STAT_TEXT || run->fmt == VT_STAT_WIDE || run->fmt == VT_STAT_SAR) {
		vt_stat_date(&s, date);
		run->banner.date = date;
	}
	/* Live, the header shows at once; a replay prints it with its first
	 * row, so that a file with one sample or a bad second one leaves
	 * nothing partial on stdout. */
	if (live) {
		vt_stat_start(run, src, prev_label);
		(void)vt_clock_lock_memory();
	}
	while (count == 0 || run->series.intervals < count) {
		rc = vt_source_next(src, &s, run->stop, &cause);
		if (rc < 0) {
			code = vt_cli_error(run->cli, "%s", cause);
			goto out;
		}
		if (rc == 0)
			break;
		if (!run->started)
			vt_stat_start(run, src, prev_label);
		vt_series_feed(&run->series, &s);
		vt_stat_interval(run, &s, prev_label);
		/* A full disk must stop an endless sampler, not let it run on
		 * writing nothing; main() reports the error. */
		if (ferror(run->cli->out)) {
			code = VT_EXIT_ERROR;
			goto out;
		}
		if (*run->stop)
			break;
	}
	if (src->cut_line)
		vt_cli_warning(run->cli, "%s: line %u is cut off (the recording was interrupted): ignored",
			       src->name, src->cut_line);
	if (run->series.intervals > 0)
		vt_stat_average(run);
	else if (!live && !*run->stop)
		code = vt_cli_error(run->cli, "%s: rates need at least two samples", src->name);
out:
	free(cause);
	vt_sample_release(&s);
	return code;
}

/* Opens what --from or --root names.  A single snapshot is refused here,
 * in the CLI's words, before anything is read from it. */
static int vt_stat_open(struct vt_cli *cli, struct vt_source *src, const char *from, double interval,
			char **cause)
{
	int err;

	if (from != NULL)
		return vt_source_open_file(src, from, cause);
	err = vt_source_open_root(src, cli->root_path, cause);
	if (err < 0)
		return err;
	if (src->kind == VT_SOURCE_SNAPSHOT)
		return vt_cause_set(cause, -EINVAL, "'%s' is one snapshot, and rates need two: use a tree with "
				    "t0/ and t1/ snapshots, or a file from 'vmtune record' with --from", src->name);
	err = vt_source_start(src, interval, 0, cause);
	if (err == 0 && src->kind == VT_SOURCE_LIVE)
		vt_cli_machine(src->identity.machine, sizeof src->identity.machine);
	return err;
}

static int vt_stat_run_command(struct vt_cli *cli, const struct vt_command *self, void *options,
			       int argc, char **argv)
{
	struct vt_stat_opts o = *(const struct vt_stat_opts *)options;
	struct vt_stat_run run = { 0 };
	struct vt_source src;
	double interval = 1.0;
	uint64_t count = 0;
	char *cause = NULL;
	int code, nfmt;

	if (argc > 0 && vt_parse_double(argv[0], 0.01, 86400, &interval, &cause) < 0) {
		code = vt_cli_usage_error(cli, self, "INTERVAL: %s", cause);
		free(cause);
		return code;
	}
	if (argc > 1 && vt_parse_u64(argv[1], 1, UINT32_MAX, &count, &cause) < 0) {
		code = vt_cli_usage_error(cli, self, "COUNT: %s", cause);
		free(cause);
		return code;
	}
	nfmt = (int)o.sar + (int)o.wide + (int)o.csv + (int)cli->json;
	if (nfmt > 1)
		return vt_cli_usage_error(cli, self, "--sar, --wide, --csv and --json exclude each other");
	if (o.sar && o.per_node)
		return vt_cli_usage_error(cli, self, "--sar has no per-node view (sar -B is system-wide)");
	run.cli = cli;
	run.o = &o;
	run.fmt = o.sar ? VT_STAT_SAR : o.wide ? VT_STAT_WIDE : o.csv ? VT_STAT_CSV :
		  cli->json ? VT_STAT_JSON : VT_STAT_TEXT;
	run.page = vt_stat_page_lines(cli->out);
	vt_cli_text(cli);	/* once: the rows reuse it */
	if (vt_stat_open(cli, &src, o.from, interval, &cause) < 0) {
		code = vt_cli_error(cli, "%s", cause);
		free(cause);
		/* A failed open leaves what it got so far (its name, the root,
		 * the sampler) for close to release. */
		vt_source_close(&src);
		return code;
	}
	run.stop = vt_cli_stop_on_signals();
	vt_series_init(&run.series, o.per_node && !o.all_nodes ? (int)o.node : VT_SERIES_ALL_NODES);
	code = vt_stat_run_loop(&run, &src, count);
	vt_source_close(&src);
	vt_series_release(&run.series);
	return code;
}

const struct vt_command vt_cmd_stat = {
	.name = "stat", .run = vt_stat_run_command,
	.summary = "sample paging, reclaim, swap, PSI and NUMA rates like sar -B, and more",
	.synopsis = "stat [--json | --csv | --sar | --wide] [--node N|all] [--from FILE] [INTERVAL [COUNT]]",
	.options = vt_stat_options, .opts_size = sizeof(struct vt_stat_opts),
	.operands = vt_stat_operands, .max_args = 2,
};
