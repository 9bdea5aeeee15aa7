#include "config.h"
#include "cli.h"

int vt_cmd_help(struct vt_cli *cli, int argc, char **argv)
{
	const struct vt_command *self = vt_command_find("help"), *cmd;
	int code;

	if (!vt_cli_parse(cli, self, argc, argv, "", NULL, NULL, NULL, &code))
		return code;
	if (optind >= argc) {
		vt_cli_main_usage(cli->out);
		return VT_EXIT_OK;
	}
	if (argc - optind > 1)
		return vt_cli_usage_error(cli, self, "too many arguments");
	cmd = vt_command_find(argv[optind]);
	if (cmd == NULL)
		return vt_cli_usage_error(cli, self, "'%s' is not a vmtune command", argv[optind]);
	vt_cli_usage(cli->out, cmd);
	return VT_EXIT_OK;
}
