#include "config.h"
#include "cli.h"
#include "advice_input.h"
#include "advisor/status.h"
#include "present/format.h"
#include "present/status.h"
#include "probe/state.h"

#include <stdlib.h>
#include <string.h>

/* The pending advice, over the state status collected; its errors (an
 * advice-only source among them) are shown in status's Advice line, not
 * as status's own. */
static void vt_status_advise(struct vt_cli *cli, struct vt_status *st, struct vt_state *state,
			     struct vt_advice_state *adv, struct vt_advice *advice, char **error)
{
	if (vt_advice_run_quiet_on(cli, state, &st->topology, adv, advice, error) == 0)
		st->advice = advice;
	else
		st->advice_error = *error;
}

static int vt_status_run(struct vt_cli *cli, const struct vt_command *self, void *opts,
			 int argc, char **argv)
{
	struct vt_advice_state adv;
	struct vt_advice advice;
	char *advice_error = NULL;
	struct vt_state state;
	struct vt_status st;
	struct vt_root root;
	char *cause = NULL;
	int code, err;

	(void)self, (void)opts, (void)argc, (void)argv;
	memset(&adv, 0, sizeof adv);
	if (vt_cli_open_root(cli, &root) != 0)
		return VT_EXIT_ERROR;
	vt_state_init(&state);
	vt_status_init(&st);
	/* A missing file degrades to "not available"; one that exists and
	 * cannot be read or parsed is an error, status's own only for its
	 * own sources.  One collection serves status and its advice: at 1024
	 * nodes the NUMA probe and topology are most of the memory. */
	vt_knobs_want(&state);
	(void)vt_state_collect(&root, VT_STATUS_SOURCES | VT_ADVICE_SOURCES, &state, NULL);
	err = vt_state_first_error(&state, VT_STATUS_SOURCES, &cause);
	if (err == 0)
		err = vt_status_build(&st, &state, &cause);
	if (err == 0)
		vt_status_advise(cli, &st, &state, &adv, &advice, &advice_error);
	if (err < 0)
		code = vt_cli_error(cli, "%s", cause ? cause : strerror(-err));
	else if (cli->json)
		code = vt_cli_emit_json(cli, vt_status_to_json(&st));
	else {
		vt_status_print_text(vt_cli_text(cli), &st);
		code = VT_EXIT_OK;
	}
	free(cause);
	if (st.advice != NULL)
		vt_advice_release(&advice);
	vt_advice_state_release(&adv);
	free(advice_error);
	vt_status_release(&st);
	vt_state_release(&state);
	vt_root_release(&root);
	return code;
}

const struct vt_command vt_cmd_status = {
	.name = "status", .run = vt_status_run,
	.summary = "one-screen overview: kernel, memory, vm knobs, NUMA",
	.synopsis = "status [--json]",
};
