/* `vmtune oom`: the kernel OOM killer's ranking of the processes now
 * (model/oom.c), checked against each process's own oom_score, with the
 * memory cgroups whose limits rank differently and the user-space killers
 * that act first. */
#include "config.h"
#include "cli.h"
#include "core/cause.h"
#include "core/strparse.h"
#include "model/oom.h"
#include "present/oom.h"
#include "probe/meminfo.h"
#include "probe/oomkillers.h"
#include "probe/procs.h"
#include "probe/system.h"

#include <stdlib.h>
#include <string.h>

struct vt_oom_opts {
	size_t top;
};

static int vt_oom_parse_top(void *opts, const char *arg, char **cause)
{
	uint64_t v;

	if (vt_parse_u64(arg, 1, 1000000, &v, cause) < 0)
		return -1;
	((struct vt_oom_opts *)opts)->top = (size_t)v;
	return 0;
}

static const struct vt_option vt_oom_options[] = {
	VT_OPT_CALLBACK("top", "N", "show only the N most likely victims", vt_oom_parse_top),
	VT_OPT_END,
};

static int vt_oom_run(struct vt_cli *cli, const struct vt_command *self, void *options, int argc, char **argv)
{
	const struct vt_oom_opts opts = *(const struct vt_oom_opts *)options;
	struct vt_oomkiller killers[VT_OOMKILLER_COUNT];
	struct vt_oom_model model;
	struct vt_meminfo mi;
	struct vt_system sys;
	struct vt_procs procs;
	struct vt_root root;
	struct vt_buf buf;
	char *cause = NULL;
	int code = VT_EXIT_ERROR, err;

	(void)self, (void)argc, (void)argv;
	if (vt_cli_open_root(cli, &root) != 0)
		return VT_EXIT_ERROR;
	vt_buf_init(&buf);
	vt_procs_init(&procs);
	memset(&model, 0, sizeof model);
	if ((err = vt_system_probe(&root, &sys, &cause)) < 0 ||
	    (err = vt_meminfo_read(&root, "proc/meminfo", &buf, &mi, &cause)) < 0 ||
	    (err = vt_procs_read(&root, &procs, &cause)) < 0 ||
	    (err = vt_oom_build(&procs, &mi, sys.page_size, sys.kernel.code, &model, &cause)) < 0) {
		vt_cli_error(cli, "%s", cause ? cause : strerror(-err));
		goto out;
	}
	vt_oomkillers_probe(&root, &procs, killers);
	if (cli->json) {
		code = vt_cli_emit_json(cli, vt_oom_to_json(&model, sys.kernel.release, killers, opts.top));
	} else {
		vt_oom_print_text(vt_cli_text(cli), &model, sys.kernel.release, killers, opts.top);
		code = VT_EXIT_OK;
	}
out:
	free(cause);
	vt_oom_release(&model);
	vt_procs_release(&procs);
	vt_buf_release(&buf);
	vt_root_release(&root);
	return code;
}

const struct vt_command vt_cmd_oom = {
	.name = "oom", .run = vt_oom_run,
	.summary = "the OOM killer's ranking now: badness by the kernel's formula, checked against oom_score",
	.synopsis = "oom [--top N] [--json]",
	.options = vt_oom_options, .opts_size = sizeof(struct vt_oom_opts),
};
