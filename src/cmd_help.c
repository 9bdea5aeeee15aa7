#include "config.h"
#include "cli.h"

static const struct vt_operand vt_help_operands[] = {
	{ "COMMAND", "the command to describe (default: vmtune itself)" },
	{ .name = NULL },
};

static int vt_help_run(struct vt_cli *cli, const struct vt_command *self, void *opts,
		       int argc, char **argv)
{
	const struct vt_command *cmd;

	(void)opts;
	if (argc == 0) {
		vt_cli_main_usage(cli->out);
		return VT_EXIT_OK;
	}
	cmd = vt_command_find(vt_commands, vt_command_count, argv[0]);
	if (cmd == NULL)
		return vt_cli_usage_error(cli, self, "'%s' is not a vmtune command", argv[0]);
	vt_cli_usage(cli->out, cmd);
	return VT_EXIT_OK;
}

const struct vt_command vt_cmd_help = {
	.name = "help", .run = vt_help_run,
	.summary = "show help for vmtune or for one command",
	.synopsis = "help [COMMAND]",
	.operands = vt_help_operands, .max_args = 1,
};
