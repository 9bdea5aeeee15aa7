/* `vmtune recommend`: the advisor's advice with its evidence; exit 0
 * whenever it produced advice (the verdict for scripts is `check`). */
#include "config.h"
#include "advice_input.h"
#include "advisor/rules.h"
#include "present/recommend.h"

#include <stdlib.h>

/* Runs the advisor on the root and applies the waivers.  0 or an exit code. */
int vt_advice_run(struct vt_cli *cli, const struct vt_command *self, const struct vt_advice_opts *o,
		  struct vt_advice_state *st, struct vt_advice *advice)
{
	struct vt_waivers w;
	struct vt_root root;
	char today[11], *cause = NULL;
	int code;

	if (o->from && o->sample_s > 0)
		return vt_cli_usage_error(cli, self, "--from and --sample exclude each other");
	if (vt_cli_open_root(cli, &root) != 0)
		return VT_EXIT_ERROR;
	code = vt_advice_gather(cli, &root, o, vt_cli_stop_on_signals(), st);
	if (code == 0)
		code = vt_advice_waivers(cli, &root, o, &w);
	vt_root_release(&root);
	if (code != 0)
		return code;
	if (vt_advise(&st->in, advice, &cause) < 0) {
		code = vt_cli_error(cli, "%s", cause);
		free(cause);
		vt_waivers_release(&w);
		return code;
	}
	vt_advice_today(today);
	vt_advice_apply_waivers(advice, &w, today);
	vt_waivers_release(&w);
	return 0;
}

static int vt_recommend_run(struct vt_cli *cli, const struct vt_command *self, void *options,
			    int argc, char **argv)
{
	const struct vt_advice_opts *o = options;
	struct vt_advice_state st;
	struct vt_advice advice;
	int code;

	(void)argc, (void)argv;
	code = vt_advice_run(cli, self, o, &st, &advice);
	if (code == 0) {
		if (cli->json)
			code = vt_cli_emit_json(cli, vt_recommend_to_json(&advice, st.in.page_shift));
		else
			vt_recommend_print_text(vt_cli_text(cli), &advice, st.in.page_shift, o->explain);
		vt_advice_release(&advice);
	}
	vt_advice_state_release(&st);
	return code;
}

const struct vt_command vt_cmd_recommend = {
	.name = "recommend", .run = vt_recommend_run,
	.summary = "advice for vm.swappiness, min_free_kbytes, watermark_scale_factor, "
		   "watermark_boost_factor and zone_reclaim_mode, with its evidence",
	.synopsis = "recommend [--json] [--explain] [--workload W] [--sample SECONDS | --from FILE] "
		    "[--ignore ID]... [--waivers FILE]",
	.options = vt_advice_options, .opts_size = sizeof(struct vt_advice_opts),
};
