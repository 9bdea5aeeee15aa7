#include "config.h"
#include "cli.h"

#include <string.h>

static const struct vt_operand vt_help_operands[] = {
	{ "COMMAND", "the command to describe (default: vmtune itself)" },
	{ "SUBCOMMAND", "one of its subcommands (help profile list)" },
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
	if (argc > 1 && cmd->subcommands == NULL)
		return vt_cli_usage_error(cli, self, "unexpected argument '%s'", argv[1]);
	if (argc > 1) {
		const struct vt_command *sub = cmd->subcommands;

		while (sub && sub->name && strcmp(sub->name, argv[1]) != 0)
			sub++;
		if (sub == NULL || sub->name == NULL)
			return vt_cli_usage_error(cli, self, "'%s' is not a '%s' command", argv[1], cmd->name);
		cmd = sub;
	}
	vt_cli_usage(cli->out, cmd);
	return VT_EXIT_OK;
}

const struct vt_command vt_cmd_help = {
	.name = "help", .run = vt_help_run,
	.summary = "show help for vmtune or for one command",
	.synopsis = "help [COMMAND [SUBCOMMAND]]",
	.operands = vt_help_operands, .max_args = 2,
};
