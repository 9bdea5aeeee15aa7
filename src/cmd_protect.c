/* `vmtune protect`: sets oom_score_adj of running processes (lib/apply/
 * protect.c: all checked first, each write read back, the rest put back on
 * a failure), or writes the systemd drop-in that sets it at every start of
 * a service.  Exit codes as apply's: 0 done or nothing to do, 1 failed
 * (what was written put back), 2 refused before any write, 3 a dry run
 * that would change something.
 *
 * Test hook (never set it on a real machine): VMTUNE_TEST_FAULT, read here
 * only and ignored when setuid, is a comma-separated list of ACTION:K that
 * acts on the K-th oom_score_adj write of the process (restores count too):
 *   fail:K      the write fails (-EIO) without touching the file
 *   mismatch:K  the file gets the value plus one (a read-back that disagrees) */
#include "config.h"
#include "cli.h"
#include "test_fault.h"
#include "apply/protect.h"
#include "core/cause.h"
#include "core/strparse.h"
#include "core/xalloc.h"
#include "present/protect.h"
#include "probe/oomkillers.h"
#include "probe/procs.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct vt_protect_opts {
	bool has_adj;
	int64_t adj;
	const char *name;
	const char *systemd;
	bool force;
	bool dry_run;
	bool persist;
};

static int vt_protect_parse_adj(void *opts, const char *arg, char **cause)
{
	struct vt_protect_opts *o = opts;

	if (vt_parse_i64(arg, VT_OOM_ADJ_MIN, VT_OOM_ADJ_MAX, &o->adj, cause) < 0)
		return -1;
	o->has_adj = true;
	return 0;
}

static const struct vt_option vt_protect_options[] = {
	VT_OPT_CALLBACK("adj", "N", "the oom_score_adj to set, -1000..1000 (required)", vt_protect_parse_adj),
	VT_OPT_STRING("name", struct vt_protect_opts, name, "COMM",
		      "every process whose command name (comm) is exactly COMM"),
	VT_OPT_STRING("systemd", struct vt_protect_opts, systemd, "UNIT",
		      "print the drop-in that sets OOMScoreAdjust= for service UNIT"),
	VT_OPT_BOOL("persist", struct vt_protect_opts, persist,
		    "with --systemd: write the drop-in under etc/systemd/system/UNIT.d"),
	VT_OPT_BOOL("force", struct vt_protect_opts, force, "allow -1000 (never killed: see the manual)"),
	VT_OPT_BOOL("dry-run", struct vt_protect_opts, dry_run, "show what would change; write nothing"),
	VT_OPT_END,
};

static const struct vt_operand vt_protect_operands[] = {
	{ "PID", "a process to set, repeatable" },
	{ NULL, NULL },
};

/* The fault-injection hook (see the top of the file). */
static const char *const vt_protect_fault_actions[] = { "fail", "mismatch", NULL };

static int vt_protect_fault_write(void *ctx, const struct vt_root *root, const char *rel, const char *value,
				  char **cause)
{
	struct vt_test_fault *io = ctx;
	unsigned k;
	char other[32];

	switch (vt_test_fault_next(io, &k)) {
	case 'f':
		return vt_cause_set(cause, -EIO, "cannot write '%s': injected fault (VMTUNE_TEST_FAULT, "
				    "write %u)", rel, k);
	case 'm':
		snprintf(other, sizeof other, "%lld\n", strtoll(value, NULL, 10) + 1);
		return vt_root_write(root, rel, other, strlen(other), cause);
	}
	return vt_root_write(root, rel, value, strlen(value), cause);
}

/* --systemd UNIT [--persist]: the drop-in, printed or written. */
static int vt_protect_systemd(struct vt_cli *cli, const struct vt_protect_opts *o, struct vt_root *root)
{
	struct vt_oomkiller killers[VT_OOMKILLER_COUNT];
	struct vt_protect_unit_report rep;
	char unit[256], rel[400], *content = NULL, *shown = NULL, *cause = NULL;
	struct vt_procs procs;
	struct vt_buf old;
	int code = VT_EXIT_OK, err;
	bool oomd;

	if (vt_protect_unit_name(o->systemd, unit, sizeof unit, &cause) < 0) {
		code = vt_cli_error(cli, "--systemd: %s", cause);
		free(cause);
		return VT_EXIT_USAGE;
	}
	/* ManagedOOMPreference= only where systemd-oomd would read it. */
	if (vt_procs_read(root, &procs, &cause) < 0) {
		code = vt_cli_error(cli, "%s", cause);
		free(cause);
		return code;
	}
	vt_oomkillers_probe(root, &procs, killers);
	vt_procs_release(&procs);
	oomd = false;
	for (size_t i = 0; i < VT_OOMKILLER_COUNT; i++)
		if (strcmp(killers[i].name, "systemd-oomd") == 0)
			oomd = killers[i].running > 0 || killers[i].unit_state == VT_UNIT_ENABLED;
	vt_protect_dropin_path(unit, rel, sizeof rel);
	content = vt_protect_dropin(unit, o->adj, oomd);
	shown = vt_root_display(root, rel);
	rep = (struct vt_protect_unit_report){ .unit = unit, .path = shown, .content = content,
					       .status = "printed", .oomd_active = oomd };
	if (o->persist) {
		vt_buf_init(&old);
		err = vt_root_read_opt(root, rel, &old, (size_t)1 << 20, &cause);
		if (err < 0) {
			code = vt_cli_error(cli, "%s", cause);
		} else if (err == 1 && strcmp(old.data, content) == 0) {
			rep.status = "unchanged";
		} else if (o->dry_run) {
			rep.status = "would-write";
			code = VT_EXIT_PENDING;
		} else {
			char dir[400];

			snprintf(dir, sizeof dir, "etc/systemd/system/%s.d", unit);
			err = vt_root_mkdirs(root, dir, 0755, &cause);
			if (err == 0)
				err = vt_root_write_atomic(root, rel, content, strlen(content), 0644, &cause);
			if (err < 0)
				code = vt_cli_error(cli, "%s", cause);
			else
				rep.status = "written";
		}
		vt_buf_release(&old);
	}
	if (code == VT_EXIT_OK || code == VT_EXIT_PENDING) {
		if (cli->json) {
			int c = vt_cli_emit_json(cli, vt_protect_unit_to_json(&rep, o->adj));

			if (c != VT_EXIT_OK)
				code = c;
		} else {
			vt_protect_unit_print_text(vt_cli_text(cli), &rep);
		}
	}
	free(cause);
	free(shown);
	free(content);
	return code;
}

static int vt_protect_run(struct vt_cli *cli, const struct vt_command *self, void *options, int argc, char **argv)
{
	const struct vt_protect_opts o = *(const struct vt_protect_opts *)options;
	struct vt_test_fault fault;
	struct vt_protect_plan plan;
	struct vt_protect_io io = { NULL, NULL };
	const char *spec;
	struct vt_root root;
	char *cause = NULL;
	int code, err = 0;

	if (!o.has_adj)
		return vt_cli_usage_error(cli, self, "--adj N is required");
	if (o.systemd && (argc > 0 || o.name))
		return vt_cli_usage_error(cli, self, "--systemd takes no PID and no --name");
	if (!o.systemd && o.persist)
		return vt_cli_usage_error(cli, self, "--persist needs --systemd UNIT");
	if (!o.systemd && o.name && argc > 0)
		return vt_cli_usage_error(cli, self, "give PIDs or --name, not both");
	if (!o.systemd && !o.name && argc == 0)
		return vt_cli_usage_error(cli, self, "no process: give PIDs, --name COMM or --systemd UNIT");
	for (int i = 0; i < argc; i++) {
		unsigned id;

		if (!vt_parse_canonical_id(argv[i], strlen(argv[i]), INT32_MAX, &id) || id == 0)
			return vt_cli_usage_error(cli, self, "'%s' is not a process id", argv[i]);
	}
	if (vt_protect_check_adj(o.adj, o.force, &cause) < 0) {
		vt_cli_error(cli, "%s", cause);
		free(cause);
		return VT_EXIT_USAGE;
	}
	if (o.adj == VT_OOM_ADJ_MIN)
		vt_cli_warning(cli, "--force: %s", vt_protect_danger);
	spec = secure_getenv("VMTUNE_TEST_FAULT");
	if (spec && *spec) {
		if (vt_test_fault_parse(spec, vt_protect_fault_actions, false, &fault, &cause) < 0) {
			vt_cli_error(cli, "%s", cause);
			free(cause);
			return VT_EXIT_USAGE;
		}
		io.write = vt_protect_fault_write;
		io.ctx = &fault;
	}
	if (vt_cli_open_root(cli, &root) != 0)
		return VT_EXIT_ERROR;
	if (o.systemd) {
		code = vt_protect_systemd(cli, &o, &root);
		vt_root_release(&root);
		return code;
	}
	vt_protect_plan_init(&plan, o.adj);
	if (o.name) {
		size_t matched = 0;

		err = vt_protect_plan_add_name(&root, &plan, o.name, &matched, &cause);
		if (err == 0 && matched == 0) {
			char shown[VT_TEXT_ESCAPED_SIZE(256)];

			err = vt_cause_set(&cause, -ESRCH, "no process named '%s' (the name is the exact comm, "
					   "15 bytes at most)", vt_show(shown, sizeof shown, o.name));
		}
	}
	for (int i = 0; i < argc && err == 0; i++)
		err = vt_protect_plan_add_pid(&root, &plan, strtol(argv[i], NULL, 10), &cause);
	if (err < 0) {
		code = vt_cli_error(cli, "%s", cause ? cause : strerror(-err));
		goto out;
	}
	if (!o.dry_run && vt_protect_plan_changes(&plan) > 0)
		err = vt_protect_commit(&root, &plan, &io, &cause);
	if (cli->json)
		code = vt_cli_emit_json(cli, vt_protect_to_json(&plan, o.dry_run, o.name));
	else {
		vt_protect_print_text(vt_cli_text(cli), &plan, o.dry_run, o.name);
		code = VT_EXIT_OK;
	}
	if (err < 0)
		code = vt_cli_error(cli, "%s; the processes already changed were put back", cause);
	else if (code == VT_EXIT_OK && o.dry_run && vt_protect_plan_changes(&plan) > 0)
		code = VT_EXIT_PENDING;
out:
	free(cause);
	vt_protect_plan_release(&plan);
	vt_root_release(&root);
	return code;
}

const struct vt_command vt_cmd_protect = {
	.name = "protect", .run = vt_protect_run,
	.summary = "set oom_score_adj of processes (read back, undone on failure), or a unit's drop-in",
	.synopsis = "protect (PID... | --name COMM | --systemd UNIT [--persist]) --adj N [--force] [--dry-run] [--json]",
	.options = vt_protect_options, .opts_size = sizeof(struct vt_protect_opts),
	.operands = vt_protect_operands, .min_args = 0, .max_args = VT_ARGS_ANY,
	.flags = VT_CMD_WRITES,
};
