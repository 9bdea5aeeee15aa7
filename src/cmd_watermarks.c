#include "config.h"
#include "cli.h"
#include "advisor/knobs.h"
#include "core/kversion.h"
#include "core/strparse.h"
#include "model/watermarks.h"
#include "present/format.h"
#include "present/watermarks.h"
#include "probe/sysctl.h"
#include "probe/system.h"
#include "probe/thp.h"
#include "probe/zoneinfo.h"

#include <errno.h>
#include <inttypes.h>
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

/* A knob value the running kernel could not hold (its sysctl refuses it)
 * means a damaged file, not a setting to model: the error names the file. */
static int vt_wm_check_knob(struct vt_cli *cli, const struct vt_root *root, const char *name,
			    int64_t value, const struct vt_kversion *kv)
{
	const struct vt_knob *knob = vt_knob_find(name);
	char path[256], *shown;
	int64_t min, max;

	if (knob == NULL || !vt_knob_range(knob, kv->code, &min, &max) || (value >= min && value <= max))
		return 0;
	if (vt_sysctl_path(name, path, sizeof path, NULL) < 0)
		return VT_EXIT_ERROR;
	shown = vt_root_display(root, path);
	vt_cli_error(cli, "%s: %" PRId64 " is out of range for %s on kernel %s (%" PRId64 "..%" PRId64 ")",
		     shown, value, name, kv->release, min, max);
	free(shown);
	return VT_EXIT_ERROR;
}

static int vt_wm_run(struct vt_cli *cli, const struct vt_command *self, void *options,
		     int argc, char **argv)
{
	const struct vt_wm_opts o = *(const struct vt_wm_opts *)options;
	struct vt_wm_inputs in = { 0 };
	struct vt_wm_report report;
	struct vt_wm_view view = { 0 };
	struct vt_kversion target;
	struct vt_zoneinfo zi;
	struct vt_system sys;
	struct vt_thp thp;
	struct vt_root root;
	struct vt_buf buf;
	int64_t ratio[VT_ZONE_MAX + 1];
	size_t nratio = 0;
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
	vt_zoneinfo_init(&zi);
	vt_buf_init(&buf);
	code = VT_EXIT_ERROR;
	err = vt_system_probe(&root, &sys, &cause);
	if (err == 0)
		err = vt_zoneinfo_read(&root, &buf, &zi, &cause);
	if (err == 0)
		err = vt_sysctl_read_i64(&root, "vm.min_free_kbytes", &in.min_free_kbytes, &cause);
	if (err == 0) {
		err = vt_sysctl_read_i64(&root, "vm.watermark_scale_factor", &in.watermark_scale_factor, &cause);
		in.have_wsf = err == 0;
		/* Missing is normal before 4.6, an error after. */
		if (err == -ENOENT && sys.kernel.code < VT_KERNEL_VERSION(4, 6, 0))
			err = 0;
	}
	/* Needed only to recognise a boost that 5.0-5.15 do not print:
	 * missing before 5.0. */
	if (err == 0) {
		err = vt_sysctl_read_opt_i64(&root, "vm.watermark_boost_factor", &in.watermark_boost_factor,
					     &cause);
		if (err == 0)
			in.watermark_boost_factor = -1;
		err = err < 0 ? err : 0;
	}
	if (err == 0) {
		err = vt_sysctl_read_opt_vec(&root, "vm.lowmem_reserve_ratio", ratio, VT_ZONE_MAX + 1,
					     &nratio, &cause);
		if (err > 0) {
			in.lowmem_reserve_ratio = ratio;
			in.nratio = nratio;
		}
		err = err < 0 ? err : 0;
	}
	if (err == 0)
		err = vt_thp_read(&root, &thp, &cause);
	if (err < 0) {
		vt_cli_error(cli, "%s", cause);
		goto out;
	}
	if (vt_wm_check_knob(cli, &root, "vm.min_free_kbytes", in.min_free_kbytes, &sys.kernel) != 0 ||
	    (in.have_wsf && vt_wm_check_knob(cli, &root, "vm.watermark_scale_factor",
					     in.watermark_scale_factor, &sys.kernel) != 0) ||
	    (in.watermark_boost_factor >= 0 && vt_wm_check_knob(cli, &root, "vm.watermark_boost_factor",
								 in.watermark_boost_factor, &sys.kernel) != 0))
		goto out;
	/* lowmem_reserve_ratio has one value per zone (one fewer before 4.15):
	 * fewer than that is the file's fault, not zoneinfo's. */
	if (in.lowmem_reserve_ratio && in.nratio + 1 < zi.max_zones) {
		char *shown = vt_root_display(&root, "proc/sys/vm/lowmem_reserve_ratio");
		char *zshown = vt_root_display(&root, "proc/zoneinfo");

		vt_cli_error(cli, "%s: %zu value%s, but %s has %u zones per node", shown, in.nratio,
			     in.nratio == 1 ? "" : "s", zshown, zi.max_zones);
		free(zshown);
		free(shown);
		goto out;
	}
	if (!o.kernel)
		target = sys.kernel;
	in.zi = &zi;
	in.kernel = sys.kernel.code;
	in.page_shift = sys.page_shift;
	/* 1 when khugepaged runs (always or madvise), 0 never, -1 unknown. */
	in.thp_enabled = !thp.has_enabled || thp.enabled == VT_THP_OTHER ? -1 :
			 thp.enabled != VT_THP_NEVER;
	in.hpage_pmd_size = thp.has_pmd_size ? thp.hpage_pmd_size : 0;
	in.new_min_free_kbytes = -1;
	in.new_watermark_scale_factor = -1;
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
		char *shown = vt_root_display(&root, "proc/zoneinfo");

		vt_cli_error(cli, "%s: %s", shown, cause);
		free(shown);
		goto out;
	}
	view.report = &report;
	view.in = &in;
	view.release = sys.kernel.release;
	view.page_size = sys.page_size;
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
	vt_buf_release(&buf);
	vt_zoneinfo_release(&zi);
	vt_root_release(&root);
	return code;
}

const struct vt_command vt_cmd_watermarks = {
	.name = "watermarks", .run = vt_wm_run,
	.summary = "per-zone min/low/high/promo: the kernel's printout vs the model; what-if",
	.synopsis = "watermarks [--json] [--pages] [--min-free-kbytes N] [--watermark-scale-factor N] [--kernel VERSION]",
	.options = vt_wm_options, .opts_size = sizeof(struct vt_wm_opts),
};
