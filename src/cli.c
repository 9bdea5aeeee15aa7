#include "config.h"
#include "cli.h"
#include "core/text.h"
#include "core/xalloc.h"
#include "present/format.h"

#include "core/strparse.h"

#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/utsname.h>
#include <unistd.h>

const struct vt_option vt_common_options[] = {
	VT_OPT_STRING("root", struct vt_cli, root_path, "DIR",
		      "read the kernel files under DIR (a snapshot) instead of /"),
	VT_OPT_BOOL("json", struct vt_cli, json, "machine-readable output"),
	VT_OPT_BOOL("no-color", struct vt_cli, no_color, "no colour, even on a terminal"),
	{ .name = "help", .short_name = 'h', .type = VT_OPTION_HELP, .help = "this help" },
	VT_OPT_END,
};

/* One help line: the option in a 20-column field, or on a line of its own
 * when it does not fit, then the text. */
static void vt_cli_help_line(FILE *out, const char *left, const char *text)
{
	if (strlen(left) <= 18)
		fprintf(out, "%-20s%s\n", left, text);
	else
		fprintf(out, "%s\n%20s%s\n", left, "", text);
}

static void vt_cli_options_help(FILE *out, const struct vt_option *opts)
{
	char left[64];

	for (const struct vt_option *o = opts; o && o->name; o++) {
		int n = snprintf(left, sizeof left, "  %s%c%s--%s", o->short_name ? "-" : "",
				 o->short_name ? o->short_name : ' ', o->short_name ? ", " : "", o->name);

		if (!o->short_name)	/* "  --name", not "   --name" */
			n = snprintf(left, sizeof left, "  --%s", o->name);
		if (o->argname)
			snprintf(left + n, sizeof left - (size_t)n, o->optional_value ? "[=%s]" : " %s", o->argname);
		vt_cli_help_line(out, left, o->help);
	}
}

void vt_cli_main_usage(FILE *out)
{
	fputs("usage: vmtune [--root DIR] [--json] [--no-color] COMMAND [ARGS]\n"
	      "       vmtune --help | --version | help COMMAND\n\n"
	      "Reads the kernel's memory-management numbers and turns them into tuning decisions.\n\n"
	      "Commands:\n", out);
	for (size_t i = 0; i < vt_command_count; i++)
		fprintf(out, "  %-12s %s\n", vt_commands[i]->name, vt_commands[i]->summary);
	fputs("\nOptions:\n", out);
	vt_cli_options_help(out, vt_common_options);
	fputs("  --version         print the version\n\n"
	      "Exit status: 0 success, 1 runtime error, 2 usage error, 3 changes pending.\n"
	      "Environment: VMTUNE_ROOT (like --root; ignored when setuid), NO_COLOR.\n"
	      "See vmtune(8).\n", out);
}

void vt_cli_usage(FILE *out, const struct vt_command *cmd)
{
	char left[64];

	fprintf(out, "usage: vmtune %s\n\n%s.\n", cmd->synopsis, cmd->summary);
	if (cmd->subcommands) {
		fputs("\nCommands:\n", out);
		for (const struct vt_command *sub = cmd->subcommands; sub->name; sub++)
			fprintf(out, "  %-12s %s\n", sub->name, sub->summary);
	}
	fputs("\nOptions:\n", out);
	vt_cli_options_help(out, cmd->options);
	for (const struct vt_operand *op = cmd->operands; op && op->name; op++) {
		snprintf(left, sizeof left, "  %s", op->name);
		vt_cli_help_line(out, left, op->help);
	}
	vt_cli_options_help(out, vt_common_options);
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
	/* A stop signal blocked by whoever started us and already pending is
	 * delivered now, to the handler: it asked us to stop, not to run on. */
	sigemptyset(&sa.sa_mask);
	sigaddset(&sa.sa_mask, SIGINT);
	sigaddset(&sa.sa_mask, SIGTERM);
	sigprocmask(SIG_UNBLOCK, &sa.sa_mask, NULL);
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
		fprintf(cli->err, "usage: vmtune %s\nTry 'vmtune %s%s%s --help'.\n", cmd->synopsis,
			cli->parent && cli->parent != cmd ? cli->parent->name : "",
			cli->parent && cli->parent != cmd ? " " : "", cmd->name);
	else
		fputs("Try 'vmtune --help'.\n", cli->err);
	return VT_EXIT_USAGE;
}

const struct vt_out *vt_cli_text(struct vt_cli *cli)
{
	struct winsize ws;
	int fd = fileno(cli->out);

	cli->text.stream = cli->out;
	cli->text.color = cli->color;
	cli->text.width = fd >= 0 && isatty(fd) && ioctl(fd, TIOCGWINSZ, &ws) == 0 ? ws.ws_col : 0;
	return &cli->text;
}

void vt_cli_machine(char *out, size_t size)
{
	struct utsname un;

	if (uname(&un) == 0)
		snprintf(out, size, "%s", un.machine);
	else if (size > 0)
		out[0] = '\0';
}

const char *vt_cli_root_origin(const struct vt_cli *cli)
{
	return cli->root_from_option ? "--root" : "VMTUNE_ROOT";
}

/* Finds --name (or an unambiguous abbreviation of it) in `table`.
 * Returns the entry, NULL when absent; *ambiguous when several match. */
static const struct vt_option *vt_option_find(const struct vt_option *table, const char *name,
					      size_t len, bool *ambiguous)
{
	const struct vt_option *found = NULL;

	for (const struct vt_option *o = table; o && o->name; o++) {
		if (strncmp(o->name, name, len) != 0)
			continue;
		if (o->name[len] == '\0')
			return o;	/* exact */
		if (found)
			*ambiguous = true;
		found = o;
	}
	return found;
}

/* Applies one option.  Returns VT_PARSE_OK, or a status after printing. */
static enum vt_parse_status vt_option_apply(struct vt_cli *cli, const struct vt_command *cmd,
					    const struct vt_option *o, void *base, const char *arg)
{
	char *dest = (char *)base + o->offset, *cause = NULL;

	switch (o->type) {
	case VT_OPTION_BOOL:
		*(bool *)dest = true;
		break;
	case VT_OPTION_STRING:
		*(const char **)dest = arg;
		break;
	case VT_OPTION_DOUBLE:
		if (vt_parse_double(arg, o->min, o->max, (double *)dest, &cause) < 0)
			goto bad;
		break;
	case VT_OPTION_CALLBACK:
		if (o->parse(base, arg, &cause) < 0)
			goto bad;
		break;
	case VT_OPTION_HELP:
		if (cmd)
			vt_cli_usage(cli->out, cmd);
		else
			vt_cli_main_usage(cli->out);
		return VT_PARSE_EXIT_OK;
	}
	return VT_PARSE_OK;
bad:
	vt_cli_usage_error(cli, cmd, "--%s: %s", o->name, cause);
	free(cause);
	return VT_PARSE_ERROR;
}

enum vt_parse_status vt_cli_parse(struct vt_cli *cli, const struct vt_command *cmd, void *opts,
				  int argc, char **argv, int *nargs)
{
	enum vt_parse_status st = VT_PARSE_OK;
	bool options_end = false;
	int i, n = 1;

	for (i = 1; i < argc && st == VT_PARSE_OK; i++) {
		const struct vt_option *o = NULL;
		const char *arg = argv[i], *name, *value = NULL;
		void *base = opts;
		bool ambiguous = false;
		size_t len;

		if (options_end || arg[0] != '-' || arg[1] == '\0') {
			if (cmd == NULL)	/* vmtune's own options end at the command */
				break;
			argv[n++] = argv[i];	/* an operand: n <= i, nothing unread is lost */
			continue;
		}
		if (strcmp(arg, "--") == 0) {
			options_end = true;
			if (cmd == NULL) {
				i++;
				break;
			}
			continue;
		}
		if (arg[1] == '-') {
			name = arg + 2;
			len = strcspn(name, "=");
			if (name[len] == '=')
				value = name + len + 1;
			/* One name space: an abbreviation matching in both tables
			 * ("--no": --node, --no-color) is ambiguous. */
			o = vt_option_find(cmd ? cmd->options : NULL, name, len, &ambiguous);
			if (o == NULL || o->name[len] != '\0') {
				const struct vt_option *c = vt_option_find(vt_common_options, name, len, &ambiguous);

				if (c != NULL && c->name[len] == '\0') {
					o = c;	/* exact */
					base = cli;
					ambiguous = false;
				} else if (c != NULL && o != NULL) {
					ambiguous = true;
				} else if (c != NULL) {
					o = c;
					base = cli;
				}
			}
			if (o == NULL && cmd == NULL && strncmp("version", name, len) == 0 && len > 0 &&
			    name[len] == '\0') {
				printf("vmtune %s\n", PACKAGE_VERSION);
				st = VT_PARSE_EXIT_OK;
				break;
			}
			if (ambiguous) {
				st = VT_PARSE_ERROR;
				vt_cli_usage_error(cli, cmd, "option '--%.*s' is ambiguous", (int)len, name);
				break;
			}
		} else {
			/* Short options: only -h today; "-5" and the like are unknown. */
			for (const struct vt_option *t = cmd ? cmd->options : NULL; t && t->name && !o; t++)
				if (t->short_name == arg[1] && arg[2] == '\0')
					o = t;
			for (const struct vt_option *t = vt_common_options; t->name && !o; t++)
				if (t->short_name == arg[1] && arg[2] == '\0') {
					o = t;
					base = cli;
				}
		}
		if (o == NULL) {
			st = VT_PARSE_ERROR;
			if (arg[1] == '-' && value)
				vt_cli_usage_error(cli, cmd, "unknown option '%.*s'", (int)(value - arg - 1), arg);
			else
				vt_cli_usage_error(cli, cmd, "unknown option '%s'", arg);
			break;
		}
		if (o->argname == NULL && value != NULL) {
			st = VT_PARSE_ERROR;
			vt_cli_usage_error(cli, cmd, "option '--%s' takes no value", o->name);
			break;
		}
		if (o->argname != NULL && value == NULL && !o->optional_value) {
			if (i + 1 >= argc) {
				st = VT_PARSE_ERROR;
				vt_cli_usage_error(cli, cmd, "option '--%s' needs a value", o->name);
				break;
			}
			value = argv[++i];
		}
		st = vt_option_apply(cli, cmd, o, base, value);
		if (o == &vt_common_options[0])	/* --root */
			cli->root_from_option = true;
	}
	if (cmd == NULL) {
		*nargs = i;	/* the index of the command name */
	} else {
		*nargs = n - 1;
	}
	if (st != VT_PARSE_OK)
		return st;
	if (cli->no_color)
		cli->color = false;
	if (cli->root_path != NULL && *cli->root_path == '\0') {
		vt_cli_usage_error(cli, cmd, "%s is empty (use '/' for this machine)", vt_cli_root_origin(cli));
		return VT_PARSE_ERROR;
	}
	if (cmd != NULL && *nargs < (int)cmd->min_args) {
		const struct vt_operand *op = cmd->operands;

		for (int k = 0; op && op->name && k < *nargs; k++)
			op++;
		vt_cli_usage_error(cli, cmd, "missing %s", op && op->name ? op->name : "argument");
		return VT_PARSE_ERROR;
	}
	if (cmd != NULL && cmd->max_args != VT_ARGS_ANY && *nargs > (int)cmd->max_args) {
		vt_cli_usage_error(cli, cmd, "unexpected argument '%s'", argv[1 + cmd->max_args]);
		return VT_PARSE_ERROR;
	}
	return VT_PARSE_OK;
}

/* The index of the first operand of argv[1..] (argc when there is none),
 * stepping over options and the values of those that take one, as
 * vt_cli_parse would read them. */
static int vt_cli_first_operand(const struct vt_command *cmd, int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		const char *arg = argv[i], *name = arg + 2;
		const struct vt_option *o;
		bool ambiguous = false;
		size_t len;

		if (strcmp(arg, "--") == 0)
			return i + 1;
		if (arg[0] != '-' || arg[1] == '\0')
			return i;
		if (arg[1] != '-')
			continue;	/* -h */
		len = strcspn(name, "=");
		if (name[len] == '=')
			continue;
		o = vt_option_find(cmd->options, name, len, &ambiguous);
		if (o == NULL || o->name[len] != '\0') {
			const struct vt_option *c = vt_option_find(vt_common_options, name, len, &ambiguous);

			if (c != NULL)
				o = c;
		}
		if (o != NULL && o->argname != NULL && !ambiguous)
			i++;	/* its value */
	}
	return argc;
}

int vt_cli_run(struct vt_cli *cli, const struct vt_command *cmd, int argc, char **argv)
{
	enum vt_parse_status st;
	void *opts;
	int nargs, code;

	/* `vmtune profile [OPTIONS] list [ARGS]`: the first operand names the
	 * subcommand, which parses everything else, options given before its
	 * name included (they are moved after it). */
	if (cmd->subcommands != NULL) {
		int at = vt_cli_first_operand(cmd, argc, argv);

		if (at < argc) {
			char *name = argv[at];

			for (const struct vt_command *sub = cmd->subcommands; sub->name; sub++)
				if (strcmp(sub->name, name) == 0) {
					memmove(&argv[2], &argv[1], (size_t)(at - 1) * sizeof *argv);
					argv[1] = name;
					cli->parent = cmd;
					return vt_cli_run(cli, sub, argc - 1, argv + 1);
				}
			return vt_cli_usage_error(cli, cmd, "'%s' is not a '%s' command", name, cmd->name);
		}
	}
	opts = vt_xcalloc(1, cmd->opts_size ? cmd->opts_size : 1);
	st = vt_cli_parse(cli, cmd, opts, argc, argv, &nargs);
	if (st == VT_PARSE_EXIT_OK)
		code = VT_EXIT_OK;
	else if (st == VT_PARSE_ERROR)
		code = VT_EXIT_USAGE;
	else if (cmd->run == NULL)	/* a command of subcommands, without one */
		code = vt_cli_usage_error(cli, cmd, "missing command");
	else
		code = cmd->run(cli, cmd, opts, nargs, argv + 1);
	free(opts);
	return code;
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
