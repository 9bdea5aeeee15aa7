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
	static const struct option longopts[] = {
		VT_COMMON_LONG_OPTIONS,
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	struct vt_cli cli = {
		.out = stdout,
		.err = stderr,
		/* VMTUNE_ROOT redirects every kernel read and write, so a setuid
		 * vmtune must not take it from the caller's environment. */
		.root_path = secure_getenv("VMTUNE_ROOT"),
		.color = isatty(STDOUT_FILENO) && getenv("NO_COLOR") == NULL,
	};
	const struct vt_command *cmd;
	int opt, rc;

	opterr = 0;
	while ((opt = getopt_long(argc, argv, "+:h", longopts, NULL)) != -1) {
		if (opt == 'V') {
			printf("vmtune %s\n", PACKAGE_VERSION);
			return vt_finish(&cli, VT_EXIT_OK);
		}
		if (opt == '?') {
			if (optopt)
				return vt_cli_usage_error(&cli, NULL, "unknown option '-%c'", optopt);
			return vt_cli_usage_error(&cli, NULL, "unknown option '%s'", argv[optind - 1]);
		}
		if (opt == ':')
			return vt_cli_usage_error(&cli, NULL, "option '%s' needs a value", argv[optind - 1]);
		rc = vt_cli_common_option(&cli, NULL, opt);
		if (rc < 0)
			return vt_finish(&cli, VT_EXIT_OK);
	}
	if (cli.root_path != NULL && *cli.root_path == '\0')
		return vt_cli_usage_error(&cli, NULL, "%s is empty (use '/' for this machine)",
					  vt_cli_root_origin(&cli));
	if (optind >= argc) {
		vt_cli_main_usage(stderr);
		return VT_EXIT_USAGE;
	}
	cmd = vt_command_find(argv[optind]);
	if (cmd == NULL)
		return vt_cli_usage_error(&cli, NULL, "'%s' is not a vmtune command", argv[optind]);
	rc = cmd->run(&cli, argc - optind, argv + optind);
	return vt_finish(&cli, rc);
}
