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

enum {
	VT_OPT_PAGES = 0x2000,
	VT_OPT_MFK,
	VT_OPT_WSF,
	VT_OPT_KERNEL,
};

struct vt_wm_opts {
	bool pages;
	const char *mfk, *wsf, *kernel;
};

static int vt_wm_option(struct vt_cli *cli, void *ctx, int opt, const char *arg)
{
	struct vt_wm_opts *o = ctx;

	(void)cli;
	switch (opt) {
	case VT_OPT_PAGES: o->pages = true; return 0;
	case VT_OPT_MFK: o->mfk = arg; return 0;
	case VT_OPT_WSF: o->wsf = arg; return 0;
	case VT_OPT_KERNEL: o->kernel = arg; return 0;
	}
	return VT_EXIT_USAGE + 1000;
}

/* A what-if value: a number in the knob's range on the modelled kernel. */
static int vt_wm_whatif_value(struct vt_cli *cli, const struct vt_command *self, const char *option,
			      const char *knob_name, const char *text, const struct vt_kversion *kv,
			      int64_t *out)
{
	const struct vt_knob *knob = vt_knob_find(knob_name);
	int64_t min, max;

	if (vt_parse_i64(text, INT64_MIN, INT64_MAX, out, NULL) < 0)
		return vt_cli_usage_error(cli, self, "%s '%s': not a number", option, text);
	if (knob == NULL || !vt_knob_range(knob, kv->code, &min, &max))
		return vt_cli_usage_error(cli, self, "%s: %s does not exist on kernel %s", option, knob_name,
					  kv->release);
	if (*out < min || *out > max)
		return vt_cli_usage_error(cli, self, "%s %s: out of range for %s on kernel %s (%" PRId64
					  "..%" PRId64 ")", option, text, knob_name, kv->release, min, max);
	return 0;
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

int vt_cmd_watermarks(struct vt_cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "pages", no_argument, NULL, VT_OPT_PAGES },
		{ "min-free-kbytes", required_argument, NULL, VT_OPT_MFK },
		{ "watermark-scale-factor", required_argument, NULL, VT_OPT_WSF },
		{ "kernel", required_argument, NULL, VT_OPT_KERNEL },
		{ NULL, 0, NULL, 0 },
	};
	const struct vt_command *self = vt_command_find("watermarks");
	struct vt_wm_opts o = { 0 };
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

	if (!vt_cli_parse(cli, self, argc, argv, "", longopts, vt_wm_option, &o, &code))
		return code;
	if (optind < argc)
		return vt_cli_usage_error(cli, self, "unexpected argument '%s'", argv[optind]);
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
	if (cli->json)
		vt_json_emit(cli->out, vt_wm_to_json(&view));
	else
		vt_wm_print_text(cli->out, &view);
	vt_wm_report_release(&report);
	code = VT_EXIT_OK;
out:
	free(cause);
	vt_buf_release(&buf);
	vt_zoneinfo_release(&zi);
	vt_root_release(&root);
	return code;
}
