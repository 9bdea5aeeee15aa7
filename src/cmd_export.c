/* `vmtune export`: one moment of the root as Prometheus metrics, on
 * standard output or, with --textfile DIR, in DIR/vmtune.prom for
 * node_exporter's textfile collector. */
#include "config.h"
#include "cli.h"
#include "advice_input.h"
#include "advisor/knobs.h"
#include "present/prom.h"
#include "probe/state.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define VT_EXPORT_FILE "vmtune.prom"

struct vt_export_opts {
	const char *textfile;   /* --textfile DIR */
};

static const struct vt_option vt_export_options[] = {
	VT_OPT_STRING("textfile", struct vt_export_opts, textfile, "DIR",
		      "write DIR/" VT_EXPORT_FILE " atomically (node_exporter's "
		      "--collector.textfile.directory) instead of standard output"),
	VT_OPT_END,
};

/* The advice as recommend makes it with its defaults; its failure leaves
 * vmtune_advice_up at 0 and is a warning, not the export's own. */
static bool vt_export_advise(struct vt_cli *cli, struct vt_advice_state *adv, struct vt_advice *advice)
{
	static const struct vt_advice_opts defaults;
	struct vt_cli quiet = *cli;
	char *msg = NULL;
	size_t len = 0;
	FILE *err;
	bool ok;

	memset(adv, 0, sizeof *adv);
	err = open_memstream(&msg, &len);
	if (err == NULL)
		return false;
	quiet.err = err;
	ok = vt_advice_run(&quiet, &vt_cmd_recommend, &defaults, adv, advice) == 0;
	fclose(err);
	if (!ok && msg != NULL && strncmp(msg, "vmtune: error: ", 15) == 0) {
		msg[strcspn(msg, "\n")] = '\0';
		vt_cli_warning(cli, "no advice in the metrics: %s", msg + 15);
	}
	free(msg);
	return ok;
}

/* DIR/vmtune.prom through a root at DIR: a hidden temporary file beside it
 * (".vmtune.prom.PID.N.tmp", which the collector's *.prom glob skips),
 * fsynced and renamed over it. */
static int vt_export_write(struct vt_cli *cli, const char *dir, const char *text, size_t len)
{
	struct vt_root out;
	char *cause = NULL;
	int err;

	err = vt_root_open(&out, dir, &cause);
	if (err == 0) {
		err = vt_root_write_atomic(&out, VT_EXPORT_FILE, text, len, 0644, &cause);
		vt_root_release(&out);
	}
	if (err < 0) {
		vt_cli_error(cli, "--textfile: %s", cause ? cause : strerror(-err));
		free(cause);
		return VT_EXIT_ERROR;
	}
	return VT_EXIT_OK;
}

static int vt_export_run(struct vt_cli *cli, const struct vt_command *self, void *options,
			 int argc, char **argv)
{
	const struct vt_export_opts *o = options;
	struct vt_advice_state adv;
	struct vt_advice advice;
	struct vt_metrics m;
	struct vt_state state;
	struct vt_root root;
	char *cause = NULL, *text;
	bool advised = false;
	size_t len = 0;
	int code, err;

	(void)self, (void)argc, (void)argv;
	if (o->textfile != NULL && *o->textfile == '\0')
		return vt_cli_usage_error(cli, self, "--textfile needs a directory");
	if (vt_cli_open_root(cli, &root) != 0)
		return VT_EXIT_ERROR;
	vt_state_init(&state);
	vt_metrics_init(&m);
	vt_knobs_want(&state);
	err = vt_state_collect(&root, VT_EXPORT_SOURCES, &state, &cause);
	if (err == 0) {
		advised = vt_export_advise(cli, &adv, &advice);
		err = vt_metrics_build(&m, &state, advised ? &advice : NULL, &cause);
	}
	if (err < 0) {
		code = vt_cli_error(cli, "%s", cause ? cause : strerror(-err));
	} else if (cli->json) {
		code = vt_cli_emit_json(cli, vt_prom_to_json(&m));
	} else if ((text = vt_prom_format(&m, &len)) == NULL) {
		code = vt_cli_error(cli, "cannot format the metrics: out of memory");
	} else {
		if (o->textfile != NULL)
			code = vt_export_write(cli, o->textfile, text, len);
		else
			code = fwrite(text, 1, len, cli->out) == len ? VT_EXIT_OK :
			       vt_cli_error(cli, "cannot write the metrics: %s", strerror(errno));
		free(text);
	}
	free(cause);
	if (advised)
		vt_advice_release(&advice);
	if (advised || err == 0)
		vt_advice_state_release(&adv);
	vt_metrics_release(&m);
	vt_state_release(&state);
	vt_root_release(&root);
	return code;
}

const struct vt_command vt_cmd_export = {
	.name = "export", .run = vt_export_run,
	.summary = "Prometheus metrics (node_exporter textfile collector): counters, levels, "
		   "watermarks, knobs, pending advice",
	.synopsis = "export [--json] [--textfile DIR]",
	.options = vt_export_options, .opts_size = sizeof(struct vt_export_opts),
};
