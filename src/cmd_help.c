#include "config.h"
#include "cli.h"
#include "advisor/knobs.h"

#include <string.h>

struct vt_help_opts {
	bool completion;
};

static const struct vt_option vt_help_options[] = {
	VT_OPT_BOOL("completion", struct vt_help_opts, completion,
		    "the words a shell completes, one per line (completion/vmtune)"),
	VT_OPT_END,
};

static const struct vt_operand vt_help_operands[] = {
	{ "COMMAND", "the command to describe (default: vmtune itself)" },
	{ "SUBCOMMAND", "one of its subcommands (help profile list)" },
	{ .name = NULL },
};

/* "option<TAB>--name[<TAB>ARG]": ARG is the value's name ("DIR", "NAME|FILE"),
 * in brackets when only "--name=value" gives one ("[FILE]"). */
static void vt_help_complete_options(FILE *out, const struct vt_option *opts)
{
	for (const struct vt_option *o = opts; o && o->name; o++) {
		fprintf(out, "option\t--%s", o->name);
		if (o->argname)
			fprintf(out, o->optional_value ? "\t[%s]" : "\t%s", o->argname);
		fputc('\n', out);
	}
}

/* The words for completion/vmtune, from the tables themselves so that a new
 * command, option or knob completes without touching the script (git's
 * --git-completion-helper): vmtune's commands, its own options and the
 * knob names; or a command's subcommands, options and operands, in order. */
static void vt_help_complete(FILE *out, const struct vt_command *cmd)
{
	if (cmd == NULL) {
		for (size_t i = 0; i < vt_command_count; i++)
			fprintf(out, "command\t%s\n", vt_commands[i]->name);
		vt_help_complete_options(out, vt_common_options);
		fputs("option\t--version\n", out);
		for (size_t i = 0; i < vt_knob_count; i++)
			fprintf(out, "knob\t%s\n", vt_knobs[i].name);
		return;
	}
	for (const struct vt_command *sub = cmd->subcommands; sub && sub->name; sub++)
		fprintf(out, "command\t%s\n", sub->name);
	vt_help_complete_options(out, cmd->options);
	vt_help_complete_options(out, vt_common_options);
	for (const struct vt_operand *op = cmd->operands; op && op->name; op++)
		fprintf(out, "operand\t%s\n", op->name);
}

static int vt_help_run(struct vt_cli *cli, const struct vt_command *self, void *opts,
		       int argc, char **argv)
{
	const struct vt_help_opts *o = opts;
	const struct vt_command *cmd;

	if (argc == 0) {
		if (o->completion)
			vt_help_complete(cli->out, NULL);
		else
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
	if (o->completion)
		vt_help_complete(cli->out, cmd);
	else
		vt_cli_usage(cli->out, cmd);
	return VT_EXIT_OK;
}

const struct vt_command vt_cmd_help = {
	.name = "help", .run = vt_help_run,
	.summary = "show help for vmtune or for one command",
	.synopsis = "help [--completion] [COMMAND [SUBCOMMAND]]",
	.options = vt_help_options, .opts_size = sizeof(struct vt_help_opts),
	.operands = vt_help_operands, .max_args = 2,
};
