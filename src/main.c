/* vmtune: option parsing before the command, dispatch through the command
 * table, and the final check that everything printed reached stdout. */
#include "config.h"
#include "cli.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int vt_finish(struct vt_cli *cli, int code)
{
	/* A full disk or a closed pipe must not look like success (git does
	 * the same check after every builtin). */
	if (fflush(stdout) != 0 || ferror(stdout)) {
		int err = errno ? errno : EIO;

		fprintf(stderr, "vmtune: error: cannot write to standard output: %s\n", strerror(err));
		return code == VT_EXIT_OK || code == VT_EXIT_PENDING ? VT_EXIT_ERROR : code;
	}
	(void)cli;
	return code;
}

int main(int argc, char **argv)
{
	struct vt_cli cli = {
		.out = stdout,
		.err = stderr,
		/* VMTUNE_ROOT redirects every kernel read and write, so a setuid
		 * vmtune must not take it from the caller's environment. */
		.root_path = secure_getenv("VMTUNE_ROOT"),
		.color = isatty(STDOUT_FILENO) && getenv("NO_COLOR") == NULL,
	};
	const struct vt_command *cmd;
	int at;

	switch (vt_cli_parse(&cli, NULL, NULL, argc, argv, &at)) {
	case VT_PARSE_EXIT_OK:
		return vt_finish(&cli, VT_EXIT_OK);
	case VT_PARSE_ERROR:
		return VT_EXIT_USAGE;
	case VT_PARSE_OK:
		break;
	}
	if (at >= argc) {
		vt_cli_main_usage(stderr);
		return VT_EXIT_USAGE;
	}
	cmd = vt_command_find(vt_commands, vt_command_count, argv[at]);
	if (cmd == NULL)
		return vt_cli_usage_error(&cli, NULL, "'%s' is not a vmtune command", argv[at]);
	return vt_finish(&cli, vt_cli_run(&cli, cmd, argc - at, argv + at));
}
