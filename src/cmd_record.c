/* `vmtune record FILE [--interval S] [--duration S]`: raw counters as JSON
 * lines (probe/record.h), one line per sample, flushed as it is written so
 * that an interrupted recording keeps every complete sample. */
#include "config.h"
#include "core/schema.h"
#include "cli.h"
#include "present/report.h"
#include "core/clock.h"
#include "core/cause.h"
#include "probe/source.h"
#include "present/format.h"
#include "probe/record.h"
#include "core/strparse.h"
#include "core/text.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct vt_record_opts {
	double interval;        /* 0: the default, 1 s */
	double duration;        /* 0: until interrupted */
};

static const struct vt_option vt_record_options[] = {
	VT_OPT_DOUBLE("interval", struct vt_record_opts, interval, "S",
		      "seconds between samples, fractions allowed (default 1)", 0.01, 86400),
	VT_OPT_DOUBLE("duration", struct vt_record_opts, duration, "S",
		      "stop after S seconds (default: until interrupted)", 0.01, 366.0 * 86400),
	VT_OPT_END,
};

static const struct vt_operand vt_record_operands[] = {
	{ "FILE", "where to write ('-': standard output)" },
	{ .name = NULL },
};

/* 0, -EINVAL when the line could not be built (nothing written), -EIO. */
static int vt_record_write(FILE *f, json_t *obj)
{
	int err = vt_json_emit_line(f, obj);

	if (err == 0 && fflush(f) != 0)
		err = -EIO;
	return err;
}

/* The header line's data: who the samples are from, and how often. */
static void vt_record_header_of(const struct vt_source *src, double interval, struct vt_record_header *h)
{
	const struct vt_source_identity *id = &src->identity;

	memset(h, 0, sizeof *h);
	snprintf(h->kernel_release, sizeof h->kernel_release, "%s", id->kernel_release);
	snprintf(h->hostname, sizeof h->hostname, "%s", id->hostname);
	snprintf(h->machine, sizeof h->machine, "%s", id->machine);
	h->ncpus = id->ncpus;
	h->interval_s = interval;
}

static int vt_record_run(struct vt_cli *cli, const struct vt_command *self, void *options,
			 int argc, char **argv)
{
	struct vt_record_opts o = *(const struct vt_record_opts *)options;
	struct vt_record_header h;
	struct vt_source src;
	struct vt_sample s;
	const volatile sig_atomic_t *stop;
	const char *path;
	char *cause = NULL;
	uint64_t samples = 0;
	bool to_stdout;
	FILE *f;
	int code = VT_EXIT_OK, err;

	(void)argc;
	if (o.interval == 0)
		o.interval = 1.0;
	path = argv[0];
	to_stdout = strcmp(path, "-") == 0;
	if (o.duration > 0 && o.duration < o.interval)
		return vt_cli_usage_error(cli, self, "--duration %g is shorter than --interval %g",
					  o.duration, o.interval);
	err = vt_source_open_root(&src, cli->root_path, &cause);
	if (err == 0 && src.kind != VT_SOURCE_LIVE)
		err = vt_cause_set(&cause, -EINVAL, "'%s' is a snapshot: record samples the live system (use "
				   "--root only for a live mount of another root)", src.name);
	if (err == 0)
		err = vt_source_start(&src, o.interval, o.duration, &cause);
	if (err < 0) {
		code = vt_cli_error(cli, "%s", cause);
		free(cause);
		vt_source_close(&src);
		return code;
	}
	f = to_stdout ? cli->out : fopen(path, "we");
	if (f == NULL) {
		code = vt_cli_error(cli, "cannot create '%s': %s", path, strerror(errno));
		vt_source_close(&src);
		return code;
	}
	vt_cli_machine(src.identity.machine, sizeof src.identity.machine);
	vt_record_header_of(&src, o.interval, &h);
	stop = vt_cli_stop_on_signals();
	vt_sample_init(&s);
	err = vt_record_write(f, vt_record_header_json(&h, src.name));
	if (err == -EINVAL) {
		code = vt_cli_error(cli, "cannot build the header line (out of memory?)");
		goto out;
	}
	if (err < 0) {
		code = vt_cli_error(cli, "cannot write '%s': %s", path, strerror(errno ? errno : EIO));
		goto out;
	}
	(void)vt_clock_lock_memory();
	while (!*stop) {
		err = vt_source_next(&src, &s, stop, &cause);
		if (err < 0) {
			code = vt_cli_error(cli, "%s", cause);
			free(cause);
			goto out;
		}
		if (err == 0)
			break;
		if (vt_record_sample_write(f, &src.sampler, &s) < 0 || fflush(f) != 0) {
			code = vt_cli_error(cli, "cannot write '%s': %s", path, strerror(errno ? errno : EIO));
			goto out;
		}
		samples++;
	}
	if (!to_stdout) {
		if (cli->json)
			code = vt_cli_emit_json(cli, vt_record_to_json(path, samples, o.interval));
		else
			vt_record_print_text(vt_cli_text(cli), path, samples, o.interval);
	}
out:
	vt_sample_release(&s);
	if (!to_stdout && fclose(f) != 0 && code == VT_EXIT_OK)
		code = vt_cli_error(cli, "cannot write '%s': %s", path, strerror(errno));
	vt_source_close(&src);
	return code;
}

const struct vt_command vt_cmd_record = {
	.name = "record", .run = vt_record_run,
	.summary = "record raw counters as JSON lines, for stat --from",
	.synopsis = "record [--json] [--interval S] [--duration S] FILE",
	.options = vt_record_options, .opts_size = sizeof(struct vt_record_opts),
	.operands = vt_record_operands, .min_args = 1, .max_args = 1,
	.flags = VT_CMD_LIVE_ONLY,
};
