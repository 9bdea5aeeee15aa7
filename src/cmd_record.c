/* `vmtune record FILE [--interval S] [--duration S]`: raw counters as JSON
 * lines (probe/record.h), one line per sample, flushed as it is written so
 * that an interrupted recording keeps every complete sample. */
#include "config.h"
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

enum {
	VT_OPT_INTERVAL = 0x2100,
	VT_OPT_DURATION,
};

struct vt_record_opts {
	double interval;
	double duration;        /* 0: until interrupted */
};

static int vt_record_option(struct vt_cli *cli, void *ctx, int opt, const char *arg)
{
	const struct vt_command *self = vt_command_find("record");
	struct vt_record_opts *o = ctx;
	char *cause = NULL;
	int code;

	switch (opt) {
	case VT_OPT_INTERVAL:
		if (vt_parse_double(arg, 0.01, 86400, &o->interval, &cause) == 0)
			return 0;
		code = vt_cli_usage_error(cli, self, "--interval: %s", cause);
		break;
	case VT_OPT_DURATION:
		if (vt_parse_double(arg, 0.01, 366.0 * 86400, &o->duration, &cause) == 0)
			return 0;
		code = vt_cli_usage_error(cli, self, "--duration: %s", cause);
		break;
	default:
		return 1000 + vt_cli_usage_error(cli, self, "unknown option");
	}
	free(cause);
	return 1000 + code;
}

/* 0, -EINVAL when the line could not be built (nothing written), -EIO. */
static int vt_record_write(FILE *f, json_t *obj)
{
	int err = vt_json_emit_line(f, obj);

	if (err == 0 && fflush(f) != 0)
		err = -EIO;
	return err;
}

int vt_cmd_record(struct vt_cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "interval", required_argument, NULL, VT_OPT_INTERVAL },
		{ "duration", required_argument, NULL, VT_OPT_DURATION },
		{ NULL, 0, NULL, 0 },
	};
	const struct vt_command *self = vt_command_find("record");
	struct vt_record_opts o = { .interval = 1.0, .duration = 0 };
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

	if (!vt_cli_parse(cli, self, argc, argv, "", longopts, vt_record_option, &o, &code))
		return code;
	if (optind >= argc)
		return vt_cli_usage_error(cli, self, "missing FILE");
	/* Options may also follow FILE ("record FILE --interval 0.5"): parse
	 * the rest with FILE in the place of the program name. */
	argc -= optind;
	argv += optind;
	path = argv[0];
	if (!vt_cli_parse(cli, self, argc, argv, "", longopts, vt_record_option, &o, &code))
		return code;
	if (optind < argc)
		return vt_cli_usage_error(cli, self, "unexpected argument '%s'", argv[optind]);
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
							       VT_JSON_SCHEMA_VERSION, "file", vt_json_text(path),
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
