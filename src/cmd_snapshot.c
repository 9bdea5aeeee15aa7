#include "config.h"
#include "core/schema.h"
#include "cli.h"
#include "present/format.h"
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
	if (cli->json) {
		json_t *skipped = json_array();
		int err = 0;

		for (size_t i = 0; i < report.nskipped; i++)
			err |= json_array_append_new(skipped, json_pack("{s:o, s:o}",
				"path", vt_json_text(report.skipped[i].path),
				"reason", vt_json_text(report.skipped[i].reason)));
		code = vt_cli_emit_json(cli, json_pack("{s:i, s:o, s:o, s:I, s:I, s:I, s:o}",
			"schema_version", vt_schema_version(VT_DOC_SNAPSHOT), "directory", vt_json_text(dest),
			"source", vt_json_text(root.path), "files", (json_int_t)report.files,
			"links", (json_int_t)report.links, "bytes", (json_int_t)report.bytes,
			"skipped", vt_json_done(skipped, err)));
	} else {
		/* Paths are the user's and the tree's: any bytes. */
		char *from = vt_text_escape(root.path, strlen(root.path), 0);
		char *to = vt_text_escape(dest, strlen(dest), 0);

		fprintf(cli->out, "snapshot of %s written to %s: %zu files, %zu links, %llu bytes\n",
			from, to, report.files, report.links, (unsigned long long)report.bytes);
		free(from);
		free(to);
		if (report.nskipped > 0) {
			fprintf(cli->out, "skipped %zu unreadable file%s:\n", report.nskipped,
				report.nskipped == 1 ? "" : "s");
			for (size_t i = 0; i < report.nskipped; i++) {
				char *path = vt_text_escape(report.skipped[i].path, strlen(report.skipped[i].path), 0);

				fprintf(cli->out, "  %s: %s\n", path, report.skipped[i].reason);
				free(path);
			}
		}
	}
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
