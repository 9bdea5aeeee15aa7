/* The command-line layer: the command table, shared options, messages and
 * exit codes.  Only src/ prints to the terminal, reads the environment or
 * decides exit codes. */
#ifndef VT_SRC_CLI_H
#define VT_SRC_CLI_H

#include <getopt.h>
#include <stdbool.h>
#include <signal.h>
#include <stdio.h>

#include <jansson.h>

#include "core/rootfs.h"

enum vt_exit {
	VT_EXIT_OK = 0,         /* success */
	VT_EXIT_ERROR = 1,      /* runtime error: unreadable file, failed write, output error */
	VT_EXIT_USAGE = 2,      /* bad command line */
	VT_EXIT_PENDING = 3,    /* `check` found drift, `apply --dry-run` has changes */
};

struct vt_cli {
	const char *root_path;  /* --root, else VMTUNE_ROOT, else "/" */
	bool json;
	bool color;
	FILE *out;
	FILE *err;
};

struct vt_command {
	const char *name;
	int (*run)(struct vt_cli *cli, int argc, char **argv);
	const char *summary;    /* one line, for `vmtune --help` */
	const char *synopsis;   /* "status [--json]" (without "vmtune ") */
	const char *options;    /* option help lines, "" if none */
};

extern const struct vt_command vt_commands[];
extern const size_t vt_command_count;

const struct vt_command *vt_command_find(const char *name);

/* Options every command accepts after its name, as well as before it. */
enum {
	VT_OPT_ROOT = 0x1000,
	VT_OPT_JSON,
	VT_OPT_NO_COLOR,
	VT_OPT_HELP,
};

#define VT_COMMON_LONG_OPTIONS \
	{ "root", required_argument, NULL, VT_OPT_ROOT }, \
	{ "json", no_argument, NULL, VT_OPT_JSON }, \
	{ "no-color", no_argument, NULL, VT_OPT_NO_COLOR }, \
	{ "help", no_argument, NULL, VT_OPT_HELP }

#define VT_COMMON_OPTIONS_HELP \
	"  --root DIR        read the kernel files under DIR (a snapshot) instead of /\n" \
	"  --json            machine-readable output\n" \
	"  --no-color        no colour, even on a terminal\n" \
	"  -h, --help        this help\n"

/* Handles a common option.  Returns 1 when handled, 0 when `opt` is not a
 * common one, or -1 when help was printed and the caller must exit 0. */
int vt_cli_common_option(struct vt_cli *cli, const struct vt_command *cmd, int opt);

/* Runs getopt_long over argv with the command's options plus the common
 * ones; calls `handle` for the others (return 0 ok, or an exit code + 1000
 * to stop).  On return *exit_code is set when parsing must stop. */
typedef int (*vt_option_handler)(struct vt_cli *cli, void *ctx, int opt, const char *arg);
bool vt_cli_parse(struct vt_cli *cli, const struct vt_command *cmd, int argc, char **argv,
		  const char *shortopts, const struct option *longopts,
		  vt_option_handler handle, void *ctx, int *exit_code);

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

/* Prints a document built with core/json.h's checks (vt_json_emit):
 * VT_EXIT_OK, or VT_EXIT_ERROR with nothing on stdout when `doc` is NULL
 * (a builder failed) and a message. */
int vt_cli_emit_json(struct vt_cli *cli, json_t *doc);

/* Opens cli->root_path; prints the error itself.  Returns 0 or VT_EXIT_ERROR. */
int vt_cli_open_root(struct vt_cli *cli, struct vt_root *root);

/* Each command, in cmd_<name>.c. */
int vt_cmd_status(struct vt_cli *cli, int argc, char **argv);
int vt_cmd_snapshot(struct vt_cli *cli, int argc, char **argv);
int vt_cmd_numa(struct vt_cli *cli, int argc, char **argv);
int vt_cmd_stat(struct vt_cli *cli, int argc, char **argv);
int vt_cmd_record(struct vt_cli *cli, int argc, char **argv);
int vt_cmd_watermarks(struct vt_cli *cli, int argc, char **argv);
int vt_cmd_help(struct vt_cli *cli, int argc, char **argv);

#endif
