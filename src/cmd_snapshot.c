#include "config.h"
#include "core/schema.h"
#include "cli.h"
#include "present/format.h"
#include "present/report.h"
#include "probe/snapshot.h"

#include <stdlib.h>
#include <string.h>

static const struct vt_operand vt_snapshot_operands[] = {
	{ "DIR", "where to write the tree (created; must be missing or empty)" },
	{ .name = NULL },
};

static int vt_snapshot_run(struct vt_cli *cli, const struct vt_command *self, void *opts,
			   int argc, char **argv)
{
	struct vt_snapshot_report report;
	struct vt_root root;
	char *cause = NULL;
	const char *dest = argv[0];
	int code;

	(void)self, (void)opts, (void)argc;
	if (vt_cli_open_root(cli, &root) != 0)
		return VT_EXIT_ERROR;
	if (vt_snapshot_capture(&root, dest, vt_cli_stop_on_signals(), &report, &cause) < 0) {
		vt_cli_error(cli, "snapshot failed: %s", cause);
		free(cause);
		vt_root_release(&root);
		return VT_EXIT_ERROR;
	}
	code = VT_EXIT_OK;
	if (cli->json)
		code = vt_cli_emit_json(cli, vt_snapshot_to_json(&report, root.path, dest));
	else
		vt_snapshot_print_text(vt_cli_text(cli), &report, root.path, dest);
	vt_snapshot_report_release(&report);
	vt_root_release(&root);
	return code;
}

const struct vt_command vt_cmd_snapshot = {
	.name = "snapshot", .run = vt_snapshot_run,
	.summary = "copy every file vmtune reads into DIR, for use with --root",
	.synopsis = "snapshot [--json] DIR",
	.operands = vt_snapshot_operands, .min_args = 1, .max_args = 1,
	.flags = VT_CMD_WRITES,
};
