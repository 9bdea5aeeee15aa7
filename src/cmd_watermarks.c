#include "config.h"
#include "cli.h"
#include "advisor/knobs.h"
#include "core/kversion.h"
#include "model/watermarks.h"
#include "present/format.h"
#include "present/watermarks.h"
#include "probe/state.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct vt_wm_opts {
	bool pages;
	const char *mfk, *wsf, *kernel;
};

/* The what-if values are checked against the modelled kernel's range once
 * the kernel is known, after parsing. */
static const struct vt_option vt_wm_options[] = {
	VT_OPT_BOOL("pages", struct vt_wm_opts, pages, "page counts instead of MiB"),
	VT_OPT_STRING("min-free-kbytes", struct vt_wm_opts, mfk, "N",
		      "show the watermarks vm.min_free_kbytes=N would give"),
	VT_OPT_STRING("watermark-scale-factor", struct vt_wm_opts, wsf, "N",
		      "show the watermarks vm.watermark_scale_factor=N would give"),
	VT_OPT_STRING("kernel", struct vt_wm_opts, kernel, "VERSION",
		      "model kernel VERSION's formula (e.g. 4.4: legacy ratios)"),
	VT_OPT_END,
};

/* A what-if value: a number in the knob's range on the modelled kernel. */
static int vt_wm_whatif_value(struct vt_cli *cli, const struct vt_command *self, const char *option,
			      const char *knob_name, const char *text, const struct vt_kversion *kv,
			      int64_t *out)
{
	char *cause = NULL;
	int code;

	if (vt_knob_parse(vt_knob_find(knob_name), text, kv->code, kv->release, out, &cause) == 0)
		return 0;
	code = vt_cli_usage_error(cli, self, "%s: %s", option, cause);
	free(cause);
	return code;
}

static int vt_wm_run(struct vt_cli *cli, const struct vt_command *self, void *options,
		     int argc, char **argv)
{
	const struct vt_wm_opts o = *(const struct vt_wm_opts *)options;
	struct vt_wm_inputs in;
	struct vt_wm_report report;
	struct vt_wm_view view = { 0 };
	struct vt_kversion target;
	struct vt_state state;
	struct vt_root root;
	char *cause = NULL;
	int code, err;

	(void)argc, (void)argv;
	if (o.kernel && vt_kversion_parse(o.kernel, strlen(o.kernel), &target, &cause) < 0) {
		code = vt_cli_usage_error(cli, self, "--kernel: %s", cause);
		free(cause);
		return code;
	}
	if (vt_cli_open_root(cli, &root) != 0)
		return VT_EXIT_ERROR;
	vt_state_init(&state);
	vt_wm_want(&state);
	code = VT_EXIT_ERROR;
	/* The inputs report a damaged or a needed but missing source in the
	 * order the model takes them (a missing zoneinfo before a damaged THP
	 * file), which collect's first error alone would not: its result is
	 * in the sources. */
	(void)vt_state_collect(&root, VT_WM_SOURCES, &state, NULL);
	err = vt_wm_inputs_from_state(&state, &in, &cause);
	/* A knob value the running kernel could not hold (its sysctl refuses
	 * it) means a damaged file, not a setting to model. */
	if (err == 0)
		err = vt_knobs_check_state(&state, &cause);
	if (err == 0)
		err = vt_wm_inputs_check(&in, &state, &cause);
	if (err < 0) {
		vt_cli_error(cli, "%s", cause);
		goto out;
	}
	if (!o.kernel)
		target = state.system.kernel;
	in.whatif = o.mfk || o.wsf || o.kernel;
	if (o.mfk && vt_wm_whatif_value(cli, self, "--min-free-kbytes", "vm.min_free_kbytes", o.mfk,
					&target, &in.new_min_free_kbytes) != 0) {
		code = VT_EXIT_USAGE;
		goto out;
	}
	if (o.wsf && vt_wm_whatif_value(cli, self, "--watermark-scale-factor", "vm.watermark_scale_factor",
					o.wsf, &target, &in.new_watermark_scale_factor) != 0) {
		code = VT_EXIT_USAGE;
		goto out;
	}
	if (o.kernel)
		in.new_kernel = target.code;
	err = vt_wm_report_build(&in, &report, &cause);
	if (err < 0) {
		vt_root_fail(&root, "proc/zoneinfo", err, &cause);
		vt_cli_error(cli, "%s", cause);
		goto out;
	}
	view.report = &report;
	view.in = &in;
	view.release = state.system.kernel.release;
	view.page_size = state.system.page_size;
	view.knobs_from = vt_state_sysctls_from(&state);
	view.pages = o.pages;
	if (o.kernel)
		snprintf(view.whatif_kernel, sizeof view.whatif_kernel, "%s", target.release);
	code = VT_EXIT_OK;
	if (cli->json)
		code = vt_cli_emit_json(cli, vt_wm_to_json(&view));
	else
		vt_wm_print_text(vt_cli_text(cli), &view);
	vt_wm_report_release(&report);
out:
	free(cause);
	vt_state_release(&state);
	vt_root_release(&root);
	return code;
}

const struct vt_command vt_cmd_watermarks = {
	.name = "watermarks", .run = vt_wm_run,
	.summary = "per-zone min/low/high/promo: the kernel's printout vs the model; what-if",
	.synopsis = "watermarks [--json] [--pages] [--min-free-kbytes N] [--watermark-scale-factor N] [--kernel VERSION]",
	.options = vt_wm_options, .opts_size = sizeof(struct vt_wm_opts),
};
