#include "config.h"
#include "cli.h"
#include "core/text.h"
#include "core/xalloc.h"
#include "present/format.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

void vt_cli_main_usage(FILE *out)
{
	fputs("usage: vmtune [--root DIR] [--json] [--no-color] COMMAND [ARGS]\n"
	      "       vmtune --help | --version | help COMMAND\n\n"
	      "Reads the kernel's memory-management numbers and turns them into tuning decisions.\n\n"
	      "Commands:\n", out);
	for (size_t i = 0; i < vt_command_count; i++)
		fprintf(out, "  %-12s %s\n", vt_commands[i].name, vt_commands[i].summary);
	fputs("\nOptions:\n" VT_COMMON_OPTIONS_HELP
	      "  --version         print the version\n\n"
	      "Exit status: 0 success, 1 runtime error, 2 usage error, 3 changes pending.\n"
	      "Environment: VMTUNE_ROOT (like --root; ignored when setuid), NO_COLOR.\n"
	      "See vmtune(8).\n", out);
}

void vt_cli_usage(FILE *out, const struct vt_command *cmd)
{
	fprintf(out, "usage: vmtune %s\n\n%s.\n\nOptions:\n%s" VT_COMMON_OPTIONS_HELP,
		cmd->synopsis, cmd->summary, cmd->options);
}

/* Messages quote file contents, names from the tree and arguments: every
 * control character in them (newlines too: a message is one line) is
 * escaped, so that nothing read can drive the terminal or fake a line. */
__attribute__((format(printf, 3, 0)))
static void vt_cli_vmsg(struct vt_cli *cli, const char *kind, const char *fmt, va_list ap)
{
	char *text = vt_xvasprintf(fmt, ap);
	char *shown = vt_text_escape(text, strlen(text), 0);

	fflush(cli->out);
	fprintf(cli->err, "vmtune: %s: %s\n", kind, shown);
	free(shown);
	free(text);
}

int vt_cli_error(struct vt_cli *cli, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vt_cli_vmsg(cli, "error", fmt, ap);
	va_end(ap);
	return VT_EXIT_ERROR;
}

static volatile sig_atomic_t vt_cli_stop;

static void vt_cli_on_stop_signal(int sig)
{
	(void)sig;
	vt_cli_stop = 1;
}

const volatile sig_atomic_t *vt_cli_stop_on_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = vt_cli_on_stop_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	return &vt_cli_stop;
}

void vt_cli_warning(struct vt_cli *cli, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vt_cli_vmsg(cli, "warning", fmt, ap);
	va_end(ap);
}

int vt_cli_usage_error(struct vt_cli *cli, const struct vt_command *cmd, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vt_cli_vmsg(cli, "error", fmt, ap);
	va_end(ap);
	if (cmd)
		fprintf(cli->err, "usage: vmtune %s\nTry 'vmtune %s --help'.\n", cmd->synopsis, cmd->name);
	else
		fputs("Try 'vmtune --help'.\n", cli->err);
	return VT_EXIT_USAGE;
}

int vt_cli_common_option(struct vt_cli *cli, const struct vt_command *cmd, int opt)
{
	switch (opt) {
	case VT_OPT_ROOT:
		cli->root_path = optarg;
		return 1;
	case VT_OPT_JSON:
		cli->json = true;
		return 1;
	case VT_OPT_NO_COLOR:
		cli->color = false;
		return 1;
	case VT_OPT_HELP:
	case 'h':
		if (cmd)
			vt_cli_usage(cli->out, cmd);
		else
			vt_cli_main_usage(cli->out);
		return -1;
	default:
		return 0;
	}
}

bool vt_cli_parse(struct vt_cli *cli, const struct vt_command *cmd, int argc, char **argv,
		  const char *shortopts, const struct option *longopts,
		  vt_option_handler handle, void *ctx, int *exit_code)
{
	static const struct option common[] = { VT_COMMON_LONG_OPTIONS };
	size_t nlong = 0, ncommon = sizeof common / sizeof common[0];
	struct option *all;
	char *shorts;
	int opt;
	bool ok = true;

	while (longopts && longopts[nlong].name)
		nlong++;
	all = calloc(nlong + ncommon + 1, sizeof *all);
	shorts = malloc(strlen(shortopts ? shortopts : "") + 4);
	if (all == NULL || shorts == NULL) {
		free(all);
		free(shorts);
		*exit_code = vt_cli_error(cli, "out of memory");
		return false;
	}
	memcpy(all, common, sizeof common);
	if (nlong)
		memcpy(all + ncommon, longopts, nlong * sizeof *all);
	/* '+': stop at the first operand, so "stat 1 -5" is not read as an option;
	 * ':': report a missing argument distinctly. */
	strcpy(shorts, "+:h");
	strcat(shorts, shortopts ? shortopts : "");
	optind = 1;
	opterr = 0;
	*exit_code = VT_EXIT_OK;
	while (ok && (opt = getopt_long(argc, argv, shorts, all, NULL)) != -1) {
		int rc;

		if (opt == '?') {
			if (optopt)
				*exit_code = vt_cli_usage_error(cli, cmd, "unknown option '-%c'", optopt);
			else
				*exit_code = vt_cli_usage_error(cli, cmd, "unknown option '%s'", argv[optind - 1]);
			ok = false;
			break;
		}
		if (opt == ':') {
			*exit_code = vt_cli_usage_error(cli, cmd, "option '%s' needs a value", argv[optind - 1]);
			ok = false;
			break;
		}
		rc = vt_cli_common_option(cli, cmd, opt);
		if (rc < 0) {
			*exit_code = VT_EXIT_OK;	/* help was printed */
			ok = false;
		} else if (rc == 0) {
			rc = handle ? handle(cli, ctx, opt, optarg) : VT_EXIT_USAGE + 1000;
			if (rc >= 1000) {
				*exit_code = rc - 1000;
				ok = false;
			}
		}
	}
	free(all);
	free(shorts);
	return ok;
}

int vt_cli_open_root(struct vt_cli *cli, struct vt_root *root)
{
	char *cause = NULL;

	if (vt_root_open(root, cli->root_path, &cause) < 0) {
		vt_cli_error(cli, "%s", cause);
		free(cause);
		return VT_EXIT_ERROR;
	}
	return 0;
}

int vt_cli_emit_json(struct vt_cli *cli, json_t *doc)
{
	int err = vt_json_emit(cli->out, doc);

	if (err == -EINVAL)
		return vt_cli_error(cli, "cannot build the JSON output (out of memory, or a value JSON cannot hold)");
	/* A failed write is reported once, by main's final check of stdout. */
	return err < 0 ? VT_EXIT_ERROR : VT_EXIT_OK;
}
