/* The command-line layer: the command table, shared options, messages and
 * exit codes.  Only src/ prints to the terminal, reads the environment or
 * decides exit codes. */
#ifndef VT_SRC_CLI_H
#define VT_SRC_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <signal.h>
#include <stdio.h>

#include <jansson.h>

#include "core/rootfs.h"
#include "present/format.h"

enum vt_exit {
	VT_EXIT_OK = 0,         /* success */
	VT_EXIT_ERROR = 1,      /* runtime error: unreadable file, failed write, output error */
	VT_EXIT_USAGE = 2,      /* bad command line */
	VT_EXIT_PENDING = 3,    /* `check` found drift, `apply --dry-run` has changes */
};

struct vt_cli {
	const char *root_path;  /* --root, else VMTUNE_ROOT, else "/" */
	bool root_from_option;  /* root_path came from --root, not the environment */
	bool json;
	bool color;             /* stdout is a terminal, NO_COLOR unset, no --no-color */
	bool no_color;          /* --no-color */
	FILE *out;
	FILE *err;
	struct vt_out text;     /* what presenters draw into: vt_cli_text() */
	const struct vt_command *parent;        /* running one of its subcommands */
};

/* Options as data (git's parse-options, tmux's cmd_entry .args): one array
 * per command gives the parser, the --help block and the completion lists.
 * Each entry writes into the command's own options struct at `offset`. */
enum vt_option_type {
	VT_OPTION_BOOL,         /* sets a bool */
	VT_OPTION_STRING,       /* keeps the argument (const char *) */
	VT_OPTION_DOUBLE,       /* a number in [min, max] (double) */
	VT_OPTION_CALLBACK,     /* `parse` takes the argument */
	VT_OPTION_HELP,         /* prints the command's help and exits 0 */
};

struct vt_option {
	const char *name;       /* long name, without "--"; NULL ends the array */
	char short_name;        /* 0: none */
	enum vt_option_type type;
	size_t offset;          /* offsetof(struct ..._opts, field) */
	const char *argname;    /* "N", "FILE"; NULL when it takes no argument */
	const char *help;       /* one line for --help */
	double min, max;        /* VT_OPTION_DOUBLE */
	/* VT_OPTION_CALLBACK: gets the whole options struct; returns 0, or -1
	 * with *cause set ("'x' is not a node number or 'all'"). */
	int (*parse)(void *opts, const char *arg, char **cause);
	/* The value is optional: only "--name=value" gives one; "--name"
	 * alone passes NULL (VT_OPTION_CALLBACK, VT_OPTION_STRING). */
	bool optional_value;
};

/* Entries, in the manner of git's OPT_BOOL(): TYPE is the options struct. */
#define VT_OPT_BOOL(NAME, TYPE, FIELD, HELP) \
	{ .name = (NAME), .type = VT_OPTION_BOOL, .offset = offsetof(TYPE, FIELD), .help = (HELP) }
#define VT_OPT_STRING(NAME, TYPE, FIELD, ARG, HELP) \
	{ .name = (NAME), .type = VT_OPTION_STRING, .offset = offsetof(TYPE, FIELD), .argname = (ARG), \
	  .help = (HELP) }
#define VT_OPT_DOUBLE(NAME, TYPE, FIELD, ARG, HELP, MIN, MAX) \
	{ .name = (NAME), .type = VT_OPTION_DOUBLE, .offset = offsetof(TYPE, FIELD), .argname = (ARG), \
	  .help = (HELP), .min = (MIN), .max = (MAX) }
#define VT_OPT_CALLBACK(NAME, ARG, HELP, FN) \
	{ .name = (NAME), .type = VT_OPTION_CALLBACK, .argname = (ARG), .help = (HELP), .parse = (FN) }
/* "--persist[=FILE]": `parse` gets NULL when no value is given. */
#define VT_OPT_CALLBACK_OPTIONAL(NAME, ARG, HELP, FN) \
	{ .name = (NAME), .type = VT_OPTION_CALLBACK, .argname = (ARG), .help = (HELP), .parse = (FN), \
	  .optional_value = true }
#define VT_OPT_END { .name = NULL }

/* An operand, for --help ("INTERVAL  seconds between samples"). */
struct vt_operand {
	const char *name;
	const char *help;
};

enum vt_command_flags {
	VT_CMD_LIVE_ONLY = 1u << 0,     /* samples the running system: no snapshot root */
	VT_CMD_WRITES = 1u << 1,        /* changes files under the root */
	VT_CMD_TERMINAL = 1u << 2,      /* draws on a terminal (top) */
};

#define VT_ARGS_ANY ((unsigned)-1)

struct vt_command {
	const char *name;
	/* Runs the command with its parsed options and its operands (argv[0] is
	 * the first operand, not the command name). */
	int (*run)(struct vt_cli *cli, const struct vt_command *self, void *opts, int argc, char **argv);
	const char *summary;    /* one line, for `vmtune --help` */
	const char *synopsis;   /* "status [--json]" (without "vmtune ") */
	const struct vt_option *options;        /* NULL, or ended by { NULL } */
	size_t opts_size;                       /* the struct `options` fill */
	const struct vt_operand *operands;      /* NULL, or ended by { NULL } */
	unsigned min_args, max_args;            /* operand count; VT_ARGS_ANY */
	unsigned flags;                         /* enum vt_command_flags */
	/* `profile list|show|validate`: the first operand names one of these
	 * (ended by { NULL }), which then parses the rest. */
	const struct vt_command *subcommands;
};

/* The command table, in the manual's order (tmux's cmd_table): each entry
 * lives in its cmd_<name>.c. */
extern const struct vt_command *const vt_commands[];
extern const size_t vt_command_count;

const struct vt_command *vt_command_find(const struct vt_command *const *table, size_t count,
					 const char *name);

/* The options every command accepts after its name, as well as before it. */
extern const struct vt_option vt_common_options[];

enum vt_parse_status {
	VT_PARSE_OK,            /* go on */
	VT_PARSE_EXIT_OK,       /* help was printed: exit 0 */
	VT_PARSE_ERROR,         /* a usage error was printed: exit 2 */
};

/* Parses argv[1..] for `cmd`: options anywhere (long names may be
 * abbreviated while unambiguous; "--name=value" or "--name value"), "--"
 * ends them, "-" is an operand.  Common options go into `cli`, the
 * command's into `opts`.  The operands are moved to argv[1..*nargs], in
 * order.  `cmd` NULL parses vmtune's own options and stops at the first
 * operand (the command name).  Checks the operand count. */
enum vt_parse_status vt_cli_parse(struct vt_cli *cli, const struct vt_command *cmd, void *opts,
				  int argc, char **argv, int *nargs);

/* Runs `cmd` on argv (argv[0] its name): parses, then calls run. */
int vt_cli_run(struct vt_cli *cli, const struct vt_command *cmd, int argc, char **argv);

void vt_cli_usage(FILE *out, const struct vt_command *cmd);
void vt_cli_main_usage(FILE *out);

/* "vmtune: error: ..." on stderr; returns VT_EXIT_ERROR. */
int vt_cli_error(struct vt_cli *cli, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* "vmtune: error: ..." then "Try 'vmtune CMD --help'."; returns VT_EXIT_USAGE. */
int vt_cli_usage_error(struct vt_cli *cli, const struct vt_command *cmd, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void vt_cli_warning(struct vt_cli *cli, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* For the sampling loops: SIGINT and SIGTERM set the returned flag, without
 * SA_RESTART, so that a sleep ends at once and the loop can finish (print
 * its Average, report what it recorded). */
const volatile sig_atomic_t *vt_cli_stop_on_signals(void);

/* The text presenters' output: stdout, its width on a terminal, and
 * whether colour may be used. */
const struct vt_out *vt_cli_text(struct vt_cli *cli);

/* The running system's architecture (uname -m) into `out`, "" when unknown:
 * no file under a root has it, so only a live root's banner and recording
 * show it, and only src/ asks the running system. */
void vt_cli_machine(char *out, size_t size);

/* "--root" or "VMTUNE_ROOT": where root_path came from, for messages. */
const char *vt_cli_root_origin(const struct vt_cli *cli);

/* Prints a document built with core/json.h's checks (vt_json_emit):
 * VT_EXIT_OK, or VT_EXIT_ERROR with nothing on stdout when `doc` is NULL
 * (a builder failed) and a message. */
int vt_cli_emit_json(struct vt_cli *cli, json_t *doc);

/* Opens cli->root_path; prints the error itself.  Returns 0 or VT_EXIT_ERROR. */
int vt_cli_open_root(struct vt_cli *cli, struct vt_root *root);

/* Each command's entry, in cmd_<name>.c. */
extern const struct vt_command vt_cmd_status;
extern const struct vt_command vt_cmd_recommend;
extern const struct vt_command vt_cmd_check;
extern const struct vt_command vt_cmd_apply;
extern const struct vt_command vt_cmd_rollback;
extern const struct vt_command vt_cmd_watermarks;
extern const struct vt_command vt_cmd_stat;
extern const struct vt_command vt_cmd_record;
extern const struct vt_command vt_cmd_numa;
extern const struct vt_command vt_cmd_oom;
extern const struct vt_command vt_cmd_protect;
extern const struct vt_command vt_cmd_snapshot;
extern const struct vt_command vt_cmd_profile;
extern const struct vt_command vt_cmd_export;
extern const struct vt_command vt_cmd_help;
extern const struct vt_command vt_cmd_top;

#endif
