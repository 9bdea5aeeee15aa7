/* `vmtune record FILE [--interval S] [--duration S]`: raw counters as JSON
 * lines (probe/record.h), one line per sample, flushed as it is written so
 * that an interrupted recording keeps every complete sample. */
#include "config.h"
#include "core/schema.h"
#include "cli.h"
#include "core/clock.h"
#include "stat_source.h"
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

static int vt_record_run(struct vt_cli *cli, const struct vt_command *self, void *options,
			 int argc, char **argv)
{
	struct vt_record_opts o = *(const struct vt_record_opts *)options;
	struct vt_record_header h;
	struct vt_sampler sp;
	struct vt_sample s;
	struct vt_root root;
	const volatile sig_atomic_t *stop;
	const char *path;
	char *cause = NULL;
	uint64_t step, start, deadline, samples = 0, span_ticks = 0;
	bool to_stdout;
	FILE *f;
	int code = VT_EXIT_OK, err;

	(void)argc;
	if (o.interval == 0)
		o.interval = 1.0;
	path = argv[0];
	to_stdout = strcmp(path, "-") == 0;
	if (o.duration > 0) {
		if (o.duration < o.interval)
			return vt_cli_usage_error(cli, self, "--duration %g is shorter than --interval %g",
						  o.duration, o.interval);
		/* Samples at 0, S, 2S, ... up to the duration: duration/S whole
		 * intervals of wall time (ticks skipped in a stall count). */
		span_ticks = (uint64_t)(o.duration / o.interval + 1e-9);
	}
	if (vt_cli_open_root(cli, &root) != 0)
		return VT_EXIT_ERROR;
	if (!root.live) {
		code = vt_cli_error(cli, "'%s' is a snapshot: record samples the live system (use --root only "
				    "for a live mount of another root)", root.path);
		vt_root_release(&root);
		return code;
	}
	if (vt_sampler_open(&sp, &root, &cause) < 0) {
		code = vt_cli_error(cli, "%s", cause);
		free(cause);
		vt_root_release(&root);
		return code;
	}
	f = to_stdout ? cli->out : fopen(path, "we");
	if (f == NULL) {
		code = vt_cli_error(cli, "cannot create '%s': %s", path, strerror(errno));
		goto out_sampler;
	}
	vt_stat_root_identity(&root, &h);
	h.interval_s = o.interval;
	stop = vt_cli_stop_on_signals();
	vt_sample_init(&s);
	vt_sampler_prepare(&sp, &s);
	err = vt_record_write(f, vt_record_header_json(&h, root.path));
	if (err == -EINVAL) {
		code = vt_cli_error(cli, "cannot build the header line (out of memory?)");
		goto out_file;
	}
	if (err < 0) {
		code = vt_cli_error(cli, "cannot write '%s': %s", path, strerror(errno ? errno : EIO));
		goto out_file;
	}
	step = (uint64_t)(o.interval * 1e9);
	(void)vt_clock_lock_memory();
	deadline = start = vt_clock_monotonic_ns();
	while (!*stop) {
		if (samples > 0) {
			deadline = vt_clock_next_tick(deadline, step, vt_clock_monotonic_ns());
			if (span_ticks > 0 && deadline - start > span_ticks * step)
				break;
			if (vt_clock_sleep_until(deadline, stop) != 0)
				break;
		}
		err = vt_sampler_take(&sp, &s, &cause);
		if (err < 0) {
			code = vt_cli_error(cli, "%s", cause);
			free(cause);
			goto out_file;
		}
		if (vt_record_sample_write(f, &sp, &s) < 0 || fflush(f) != 0) {
			code = vt_cli_error(cli, "cannot write '%s': %s", path, strerror(errno ? errno : EIO));
			goto out_file;
		}
		samples++;
	}
	if (!to_stdout) {
		if (cli->json) {
			code = vt_cli_emit_json(cli, json_pack("{s:i, s:o, s:I, s:f}", "schema_version",
							       vt_schema_version(VT_DOC_RECORD_REPORT), "file", vt_json_text(path),
							       "samples", (json_int_t)samples, "interval_s", o.interval));
		} else {
			char *shown = vt_text_escape(path, strlen(path), 0);

			fprintf(cli->out, "recorded %llu sample%s every %g s to %s\n", (unsigned long long)samples,
				samples == 1 ? "" : "s", o.interval, shown);
			free(shown);
		}
	}
out_file:
	vt_sample_release(&s);
	if (!to_stdout && fclose(f) != 0 && code == VT_EXIT_OK)
		code = vt_cli_error(cli, "cannot write '%s': %s", path, strerror(errno));
out_sampler:
	vt_sampler_close(&sp);
	vt_root_release(&root);
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
