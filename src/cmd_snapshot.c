#include "config.h"
#include "cli.h"
#include "present/format.h"
#include "probe/snapshot.h"

#include <stdlib.h>

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

	(void)self, (void)opts, (void)argc;
	if (vt_cli_open_root(cli, &root) != 0)
		return VT_EXIT_ERROR;
	if (vt_snapshot_capture(&root, dest, vt_cli_stop_on_signals(), &report, &cause) < 0) {
		vt_cli_error(cli, "snapshot failed: %s", cause);
		free(cause);
		vt_root_release(&root);
		return VT_EXIT_ERROR;
	}
	if (cli->json) {
		json_t *skipped = json_array();

		for (size_t i = 0; i < report.nskipped; i++)
			json_array_append_new(skipped, json_pack("{s:s, s:s}", "path", report.skipped[i].path,
								 "reason", report.skipped[i].reason));
		vt_json_emit(cli->out, json_pack("{s:i, s:s, s:s, s:I, s:I, s:I, s:o}",
			"schema_version", VT_JSON_SCHEMA_VERSION, "directory", dest, "source", root.path,
			"files", (json_int_t)report.files, "links", (json_int_t)report.links,
			"bytes", (json_int_t)report.bytes, "skipped", skipped));
	} else {
		fprintf(cli->out, "snapshot of %s written to %s: %zu files, %zu links, %llu bytes\n",
			root.path, dest, report.files, report.links, (unsigned long long)report.bytes);
		if (report.nskipped > 0) {
			fprintf(cli->out, "skipped %zu unreadable file%s:\n", report.nskipped,
				report.nskipped == 1 ? "" : "s");
			for (size_t i = 0; i < report.nskipped; i++)
				fprintf(cli->out, "  %s: %s\n", report.skipped[i].path, report.skipped[i].reason);
		}
	}
	vt_snapshot_report_release(&report);
	vt_root_release(&root);
	return VT_EXIT_OK;
}

const struct vt_command vt_cmd_snapshot = {
	.name = "snapshot", .run = vt_snapshot_run,
	.summary = "copy every file vmtune reads into DIR, for use with --root",
	.synopsis = "snapshot [--json] DIR",
	.operands = vt_snapshot_operands, .min_args = 1, .max_args = 1,
	.flags = VT_CMD_WRITES,
};
