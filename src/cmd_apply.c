/* `vmtune apply` and `vmtune rollback`: the transaction of lib/apply/
 * driven from the command line, its report, and exit codes: 0 done (or
 * nothing to do), 1 failed (everything written put back), 2 refused before
 * any write (unknown key, bad value, safety rail), 3 a dry run that would
 * change something.
 *
 * Test hook (never set it on a real machine): VMTUNE_TEST_FAULT, read here
 * only and ignored when setuid, is a comma-separated list of ACTION:K that
 * acts on the K-th knob write of the process (restores count too):
 *   fail:K      the write fails (-EIO) without touching the file
 *   mismatch:K  the file gets the value plus one (a kernel that clamps)
 *   kill:K      the write happens, then the process dies (SIGKILL)
 *   stop:K      the write happens, then the process stops (SIGSTOP)
 * and, at the other points of a transaction, kill:journal (the journal is
 * on disk, no knob written yet) and kill:dropin (the drop-in renamed into
 * place, the journal not yet marked done).
 * tests/cli/apply.sh and apply-faults.sh inject each at every K. */
#include "config.h"
#include "advice_input.h"
#include "test_fault.h"
#include "apply/apply.h"
#include "apply/persist.h"
#include "advisor/profile.h"
#include "core/cause.h"
#include "core/clock.h"
#include "core/xalloc.h"
#include "present/apply.h"
#include "probe/sysctl.h"
#include "probe/system.h"

#include <errno.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct vt_apply_opts {
	struct vt_advice_opts advice;   /* first: the advice options' parsers take its address */
	bool recommended;
	const char *profile;
	const char *profile_file;       /* --profile-file: the file naming the profile */
	bool dry_run;
	bool force;
	bool persist;
	const char *persist_file;
	bool emit;
};

/* The advice options, parsed by recommend's own parsers. */
static int vt_apply_advice_option(const char *name, void *opts, const char *arg, char **cause)
{
	for (const struct vt_option *e = vt_advice_options; e->name; e++)
		if (strcmp(e->name, name) == 0 && e->parse)
			return e->parse(opts, arg, cause);
	return vt_cause_set(cause, -EINVAL, "internal: no option %s", name);
}

static int vt_apply_parse_workload(void *opts, const char *arg, char **cause)
{
	return vt_apply_advice_option("workload", opts, arg, cause);
}

static int vt_apply_parse_ignore(void *opts, const char *arg, char **cause)
{
	return vt_apply_advice_option("ignore", opts, arg, cause);
}

static int vt_apply_parse_persist(void *opts, const char *arg, char **cause)
{
	struct vt_apply_opts *o = opts;

	o->persist = true;
	if (arg != NULL) {
		while (*arg == '/')	/* a path under the root, as the user would type it */
			arg++;
		if (vt_root_check_path(arg, cause) < 0)
			return -1;
		o->persist_file = arg;
	}
	return 0;
}

static const struct vt_option vt_apply_options[] = {
	VT_OPT_BOOL("recommended", struct vt_apply_opts, recommended,
		    "apply the advice's changes (as 'vmtune recommend' shows them)"),
	VT_OPT_STRING("profile", struct vt_apply_opts, profile, "NAME|FILE",
		      "apply a profile (vmtune-profile(5))"),
	VT_OPT_STRING("profile-file", struct vt_apply_opts, profile_file, "FILE",
		      "apply the profile FILE names, a path under the root (the boot unit's /etc/vmtune/profile)"),
	VT_OPT_BOOL("dry-run", struct vt_apply_opts, dry_run,
		    "show current -> new per knob; exit 3 if anything would change"),
	VT_OPT_BOOL("check", struct vt_apply_opts, dry_run, "same as --dry-run"),
	VT_OPT_BOOL("force", struct vt_apply_opts, force, "override the soft safety refusals"),
	VT_OPT_CALLBACK_OPTIONAL("persist", "FILE", "also write a sysctl.d drop-in (default "
				 "/etc/sysctl.d/60-vmtune.conf)", vt_apply_parse_persist),
	VT_OPT_BOOL("emit", struct vt_apply_opts, emit, "print the drop-in on stdout; change nothing"),
	VT_OPT_CALLBACK("workload", "W", "for --recommended: general (default), database, latency, "
			"throughput, desktop, virt-host, hpc", vt_apply_parse_workload),
	VT_OPT_DOUBLE("sample", struct vt_apply_opts, advice.sample_s, "SECONDS",
		      "for --recommended: sample the live system this long first", 1, 86400),
	VT_OPT_STRING("from", struct vt_apply_opts, advice.from, "FILE",
		      "for --recommended: the activity from a 'vmtune record' file"),
	VT_OPT_CALLBACK("ignore", "ID", "for --recommended: waive rule ID (repeatable)", vt_apply_parse_ignore),
	VT_OPT_STRING("waivers", struct vt_apply_opts, advice.waivers, "FILE",
		      "for --recommended: waiver file under the root (default etc/vmtune/waivers)"),
	VT_OPT_END,
};

static const struct vt_operand vt_apply_operands[] = {
	{ "KEY=VALUE", "a knob and its value (vm.swappiness=10), repeatable" },
	{ NULL, NULL },
};

/* The fault-injection hook (see the top of the file). */
static const char *const vt_apply_fault_actions[] = { "fail", "mismatch", "kill", "stop", NULL };

static int vt_fault_write(void *ctx, const struct vt_root *root, const struct vt_knob *knob, const char *value,
			  char **cause)
{
	struct vt_test_fault *io = ctx;
	unsigned k;
	char other[64], action = vt_test_fault_next(io, &k);
	int err;

	switch (action) {
	case 'f':
		return vt_cause_set(cause, -EIO, "cannot write '%s': injected fault (VMTUNE_TEST_FAULT, "
				    "write %u)", knob->name, k);
	case 'm':
		snprintf(other, sizeof other, "%lld", strtoll(value, NULL, 10) + 1);
		return vt_sysctl_write(root, knob->name, other, cause);
	case 'k':
	case 's':
		err = vt_sysctl_write(root, knob->name, value, cause);
		fflush(NULL);
		raise(action == 'k' ? SIGKILL : SIGSTOP);
		return err;
	}
	return vt_sysctl_write(root, knob->name, value, cause);
}

static void vt_fault_step(void *ctx, enum vt_apply_step step)
{
	struct vt_test_fault *io = ctx;

	if ((step == VT_APPLY_STEP_JOURNALED && io->kill_journaled) ||
	    (step == VT_APPLY_STEP_PERSISTED && io->kill_persisted)) {
		fflush(NULL);
		raise(SIGKILL);
	}
}

/* The io for this run: the real writes, or the test hook's. */
static int vt_apply_io_setup(struct vt_cli *cli, struct vt_apply_io *io, struct vt_test_fault *fault)
{
	const char *spec = secure_getenv("VMTUNE_TEST_FAULT");
	char *cause = NULL;

	io->write = NULL;
	io->step = NULL;
	io->ctx = NULL;
	if (spec == NULL || *spec == '\0')
		return 0;
	if (vt_test_fault_parse(spec, vt_apply_fault_actions, true, fault, &cause) < 0) {
		vt_cli_error(cli, "%s", cause);
		free(cause);
		return VT_EXIT_USAGE;
	}
	io->write = vt_fault_write;
	io->step = vt_fault_step;
	io->ctx = fault;
	return 0;
}

/* --profile: the profile resolved on this machine (fixed values, shares of
 * memory, "auto" through the advice) becomes the plan; validation, rails,
 * journal and report are then those of KEY=VALUE, and the knobs it skips
 * come back as plan->warnings. */
static int vt_apply_from_profile(struct vt_cli *cli, const struct vt_profile *p, struct vt_advice_state *st,
				 const struct vt_advice *advice, struct vt_apply_plan *plan)
{
	struct vt_profile_values values;
	char *cause = NULL;
	int code;

	if (vt_profile_resolve(p, &st->in, advice, &values, &cause) < 0 ||
	    vt_apply_plan_from_profile(plan, p, &values, &cause) < 0) {
		code = vt_cli_error(cli, "%s", cause);
		free(cause);
		return code;
	}
	return 0;
}

/* --profile-file: the profile NAME that FILE, under the root, holds (the
 * boot unit's /etc/vmtune/profile; the path was checked with the options).
 * 0 or an exit code, having printed. */
static int vt_apply_profile_file(struct vt_cli *cli, const struct vt_root *root, const char *file, char name[64])
{
	struct vt_buf buf;
	char *cause = NULL, *shown;
	int err;

	while (*file == '/')	/* a path under the root, as the user would type it */
		file++;
	vt_buf_init(&buf);
	err = vt_root_read(root, file, &buf, 4096, &cause);
	if (err == 0) {
		shown = vt_root_display(root, file);
		err = vt_profile_name_file_parse(buf.data, buf.len, shown, name, &cause);
		free(shown);
	}
	vt_buf_release(&buf);
	if (err < 0) {
		vt_cli_error(cli, "--profile-file: %s; nothing written", cause);
		free(cause);
		return VT_EXIT_ERROR;
	}
	return 0;
}

#define VT_APPLY_CLI_REASON "set on the command line"

/* KEY=VALUE: validated for this kernel; it overrides the advice's or the
 * profile's value for the knob, but not another KEY=VALUE. */
static int vt_apply_add_arg(struct vt_apply_plan *plan, const char *key, const char *value, char **cause)
{
	const struct vt_knob *knob = vt_knob_find(key);
	bool override = false;
	int64_t v;
	int err;

	if (knob == NULL)	/* the message names the key and the keys there are */
		return vt_apply_plan_add_text(plan, key, value, VT_APPLY_CLI_REASON, NULL, cause);
	err = vt_knob_parse(knob, value, plan->kernel, plan->release, &v, cause);
	if (err < 0)
		return err;
	for (size_t i = 0; i < plan->n; i++)
		if (plan->items[i].knob == knob && strcmp(plan->items[i].reason, VT_APPLY_CLI_REASON) != 0)
			override = true;
	return vt_apply_plan_add(plan, knob, v, VT_APPLY_CLI_REASON, NULL, override, cause);
}

static bool vt_apply_advice_given(const struct vt_advice_opts *a)
{
	return a->workload != VT_WL_GENERAL || a->sample_s > 0 || a->from || a->nignore || a->waivers;
}

/* Prints the refusals: all of them stop the apply unless --force and soft.
 * Returns 0 to go on, or VT_EXIT_USAGE. */
static int vt_apply_refusals(struct vt_cli *cli, const struct vt_apply_rails *rails, bool force)
{
	bool stop = false;

	for (size_t i = 0; i < rails->n; i++) {
		const struct vt_apply_refusal *r = &rails->items[i];

		if (force && !r->hard) {
			vt_cli_warning(cli, "--force: going on although %s", r->why);
			continue;
		}
		vt_cli_error(cli, "refused: %s%s", r->why, r->hard ? "" : " (--force overrides)");
		stop = true;
	}
	if (stop)
		vt_cli_error(cli, "nothing written");
	return stop ? VT_EXIT_USAGE : 0;
}

static int vt_apply_report(struct vt_cli *cli, const struct vt_apply_plan *plan, const struct vt_apply_outcome *oc)
{
	if (cli->json)
		return vt_cli_emit_json(cli, vt_apply_to_json(plan, oc));
	vt_apply_print_text(vt_cli_text(cli), plan, oc);
	return VT_EXIT_OK;
}

/* The drop-in of --persist and --emit, and what is there now. */
struct vt_apply_dropin {
	struct vt_dropin entries;
	char *previous;         /* the file now, NULL: none */
	char *content;          /* what would replace it */
	struct vt_apply_persist persist;
};

static void vt_apply_dropin_release(struct vt_apply_dropin *d)
{
	vt_dropin_release(&d->entries);
	free(d->previous);
	free(d->content);
	memset(d, 0, sizeof *d);
}

/* The drop-in this apply would write: vmtune's earlier one (if any) with
 * the plan merged in.  Also adds the rail against replacing a file vmtune
 * did not write.  0 or an exit code, having printed the error. */
static int vt_apply_dropin_prepare(struct vt_cli *cli, const struct vt_root *root, const struct vt_apply_opts *o,
				   const struct vt_apply_plan *plan, struct vt_apply_dropin *d,
				   struct vt_apply_rails *rails)
{
	const char *path = o->persist_file ? o->persist_file : VT_PERSIST_DEFAULT;
	char now[32], *cause = NULL;
	int err;

	vt_apply_dropin_release(d);
	err = vt_dropin_read(root, path, &d->previous, &cause);
	if (err == 0 && d->previous != NULL) {
		char *shown = vt_root_display(root, path);

		err = vt_dropin_parse(d->previous, strlen(d->previous), shown, &d->entries, &cause);
		free(shown);
		if (err == 0 && rails != NULL)
			vt_dropin_rail(path, &d->entries, rails);
	}
	if (err < 0) {
		vt_cli_error(cli, "%s; nothing written", cause);
		free(cause);
		return VT_EXIT_ERROR;
	}
	vt_dropin_merge(&d->entries, plan);
	vt_clock_format_utc(vt_clock_realtime_ns(), now);
	d->content = vt_dropin_format(&d->entries, plan->source, now, plan->release);
	d->persist.path = path;
	d->persist.content = d->content;
	d->persist.previous = d->previous;
	d->persist.unchanged = d->previous != NULL && vt_dropin_same_body(d->previous, d->content);
	return 0;
}

/* --persist: a warning per knob whose persisted value the next boot would
 * not keep (a later sysctl.d file, tuned, a drop-in nothing reads). */
static void vt_apply_persist_warnings(struct vt_cli *cli, const struct vt_apply_plan *plan,
				      const struct vt_provenance *prov)
{
	char why[800];

	if (prov->dropin_problem[0]) {
		vt_cli_warning(cli, "--persist: %s", prov->dropin_problem);
		return;
	}
	for (size_t i = 0; i < plan->n; i++)
		if (vt_provenance_persist_lost(prov, plan->items[i].knob, plan->items[i].new_text, why, sizeof why))
			vt_cli_warning(cli, "--persist: %s", why);
}

/* Reads the plan's current values; 0 or an exit code, having printed. */
static int vt_apply_read_current(struct vt_cli *cli, const struct vt_root *root, struct vt_apply_plan *plan)
{
	char *cause = NULL;
	int err = vt_apply_plan_read(root, plan, &cause);

	if (err == 0)
		return 0;
	vt_cli_error(cli, "%s; nothing written", cause);
	free(cause);
	/* a knob this kernel lacks is the command line's fault; an unreadable
	 * file is not */
	return err == -ENOENT ? VT_EXIT_USAGE : VT_EXIT_ERROR;
}

static int vt_apply_run(struct vt_cli *cli, const struct vt_command *self, void *options, int argc, char **argv)
{
	struct vt_apply_opts *o = options;
	struct vt_advice_state st;
	struct vt_advice advice;
	struct vt_apply_plan plan;
	struct vt_apply_rails rails;
	struct vt_apply_outcome oc = { .mode = o->dry_run ? VT_MODE_DRY_RUN : VT_MODE_APPLY };
	struct vt_apply_dropin dropin;
	struct vt_test_fault fault;
	struct vt_apply_io io;
	struct vt_journal j;
	struct vt_root root;
	char source[200], named[64], *cause = NULL;
	struct vt_advice_opts advice_opts = o->advice;
	struct vt_profile profile;
	struct vt_provenance prov;
	bool have_advice = false, have_profile = false, have_prov = false;
	int lockfd = -1, code, err = 0;

	vt_journal_init(&j);
	memset(&st, 0, sizeof st);
	memset(&dropin, 0, sizeof dropin);
	if (o->profile_file && (o->profile || o->recommended))
		return vt_cli_usage_error(cli, self, "--profile-file names the profile: it excludes --profile and "
					  "--recommended");
	if (o->profile_file) {	/* a path under the root, as --persist=FILE */
		const char *rel = o->profile_file + strspn(o->profile_file, "/");

		if (vt_root_check_path(rel, &cause) < 0) {
			code = vt_cli_usage_error(cli, self, "--profile-file: %s", cause);
			free(cause);
			return code;
		}
	}
	if (!o->recommended && o->profile == NULL && o->profile_file == NULL && argc == 0)
		return vt_cli_usage_error(cli, self, "nothing to apply: give KEY=VALUE, --recommended or --profile");
	if (o->recommended && o->profile)
		return vt_cli_usage_error(cli, self, "--recommended and --profile exclude each other");
	if (o->emit && (o->dry_run || o->persist || cli->json))
		return vt_cli_usage_error(cli, self, "--emit prints the drop-in instead of applying: it excludes "
					  "--dry-run, --persist and --json");
	if (!o->recommended && o->profile == NULL && o->profile_file == NULL && vt_apply_advice_given(&o->advice))
		return vt_cli_usage_error(cli, self, "--workload, --sample, --from, --ignore and --waivers go "
					  "with --recommended or --profile");
	for (int i = 0; i < argc; i++) {	/* the syntax first: nothing is read before it is right */
		char key[128];
		const char *value;

		if (vt_apply_split(argv[i], key, sizeof key, &value, &cause) < 0) {
			code = vt_cli_usage_error(cli, self, "%s", cause);
			free(cause);
			return code;
		}
	}
	code = vt_apply_io_setup(cli, &io, &fault);
	if (code != 0)
		return code;
	if (vt_cli_open_root(cli, &root) != 0)
		return VT_EXIT_ERROR;
	if (root.kind == VT_ROOT_SERIES) {
		code = vt_cli_error(cli, "'%s' is a series of snapshots: apply changes one tree", root.path);
		goto out;
	}
	if (root.kind == VT_ROOT_SOS) {
		/* Its knob values are sysctl -a's output: no file to write. */
		code = vt_cli_error(cli, "'%s' is a sosreport: its knobs are a record (sos_commands/kernel/sysctl_-a), "
				    "not files apply can change", root.path);
		goto out;
	}
	if (o->profile_file) {	/* from here on, as --profile NAME */
		code = vt_apply_profile_file(cli, &root, o->profile_file, named);
		if (code != 0)
			goto out;
		o->profile = named;
	}
	/* 1. Everything that can refuse, without writing anything: the machine
	 * as the advisor sees it (the rails need its watermark model and
	 * topology whatever the source), the plan, its values, the rails. */
	if (o->profile) {
		/* Loaded first: its workload hint steers the advice behind its
		 * "auto" settings, unless --workload says otherwise. */
		code = vt_profile_open(cli, &root, o->profile, &profile);
		if (code != 0)
			goto out;
		have_profile = true;
		if (!advice_opts.workload_set && profile.has_workload)
			advice_opts.workload = profile.workload;
	}
	if (o->recommended || o->profile) {
		code = vt_advice_run(cli, self, &advice_opts, &st, &advice);
		have_advice = code == 0;
	} else {
		code = vt_advice_gather(cli, &root, &o->advice, vt_cli_stop_on_signals(), &st);
	}
	if (code != 0)
		goto out;
	if (o->recommended)
		snprintf(source, sizeof source, "--recommended (workload %s)%s", vt_workload_name(o->advice.workload),
			 argc ? " and the command line" : "");
	else if (o->profile)
		snprintf(source, sizeof source, "profile %s%s", o->profile, argc ? " and the command line" : "");
	else
		snprintf(source, sizeof source, "command line");
	vt_apply_plan_init(&plan, st.in.kernel, st.in.release, source);
	if (o->recommended) {
		err = vt_apply_plan_from_advice(&plan, &advice, &cause);
	} else if (o->profile) {
		code = vt_apply_from_profile(cli, &profile, &st, &advice, &plan);
		if (code != 0)
			goto out;
	}
	for (int i = 0; err == 0 && i < argc; i++) {
		char key[128];
		const char *value;

		vt_apply_split(argv[i], key, sizeof key, &value, NULL);
		err = vt_apply_add_arg(&plan, key, value, &cause);
	}
	for (size_t i = 0; i < plan.nwarnings; i++)
		vt_cli_warning(cli, "%s", plan.warnings[i]);
	if (err < 0) {
		vt_cli_error(cli, "%s; nothing written", cause);
		code = VT_EXIT_USAGE;
		goto out;
	}
	code = vt_apply_read_current(cli, &root, &plan);
	if (code != 0)
		goto out;
	err = vt_apply_check_rails(&plan, &st.in, &rails, &cause);
	if (err < 0) {
		code = vt_cli_error(cli, "%s; nothing written", cause);
		goto out;
	}
	if (o->persist || o->emit) {
		code = vt_apply_dropin_prepare(cli, &root, o, &plan, &dropin, o->persist ? &rails : NULL);
		if (code != 0)
			goto out;
	}
	code = vt_apply_refusals(cli, &rails, o->force);
	if (code != 0)
		goto out;
	/* where the knobs come from at boot: a dry run shows it; --persist
	 * warns when the drop-in's values would not survive a reboot */
	if (o->dry_run || o->persist) {
		code = vt_provenance_gather(cli, &root, st.in.kernel, o->persist_file ? o->persist_file : VT_PERSIST_DEFAULT,
					    &prov);
		if (code != 0)
			goto out;
		have_prov = true;
		if (o->dry_run)
			oc.provenance = &prov;
		if (o->persist)
			vt_apply_persist_warnings(cli, &plan, &prov);
	}
	if (o->emit) {
		fputs(dropin.content, cli->out);
		goto out;
	}
	if (o->dry_run) {
		if (vt_apply_check_unfinished(&root, &cause) < 0)
			vt_cli_warning(cli, "%s", cause);
		if (o->persist) {
			snprintf(plan.persist_path, sizeof plan.persist_path, "%s", dropin.persist.path);
			plan.persist_status = dropin.persist.unchanged ? "unchanged" : "would-write";
		}
		code = vt_apply_report(cli, &plan, &oc);
		if (code == VT_EXIT_OK && vt_apply_changed(&plan, &oc))
			code = VT_EXIT_PENDING;
		goto out;
	}
	/* 2. Under the lock: no unfinished journal, the values read again (the
	 * ones journalled are the ones this apply replaces), the transaction. */
	err = vt_apply_lock(&root, &lockfd, &cause);
	if (err == 0)
		err = vt_apply_check_unfinished(&root, &cause);
	if (err < 0) {
		code = vt_cli_error(cli, "%s; nothing written", cause);
		goto out;
	}
	code = vt_apply_read_current(cli, &root, &plan);
	if (code == 0 && o->persist)
		code = vt_apply_dropin_prepare(cli, &root, o, &plan, &dropin, NULL);
	if (code != 0)
		goto out;
	err = vt_apply_commit(&root, &plan, &io, o->persist ? &dropin.persist : NULL, vt_clock_realtime_ns(),
			      (long)getpid(), &j, &cause);
	oc.journal = j.id[0] ? j.id : NULL;
	oc.failed = err < 0;
	code = vt_apply_report(cli, &plan, &oc);
	if (err < 0)
		code = vt_cli_error(cli, "%s", cause);
out:
	free(cause);
	vt_apply_dropin_release(&dropin);
	vt_journal_release(&j);
	if (have_prov)
		vt_provenance_release(&prov);
	if (have_advice)
		vt_advice_release(&advice);
	if (have_profile)
		vt_profile_release(&profile);
	vt_advice_state_release(&st);
	if (lockfd >= 0)
		close(lockfd);
	vt_root_release(&root);
	return code;
}

const struct vt_command vt_cmd_apply = {
	.name = "apply", .run = vt_apply_run,
	.summary = "set knobs (KEY=VALUE, the advice or a profile) as one transaction: validated first, "
		   "journalled, read back, undone on any failure",
	.synopsis = "apply [--json] [--dry-run] [--force] [--persist[=FILE] | --emit] "
		    "{KEY=VALUE... | --recommended [--workload W] [...] | --profile NAME|FILE}",
	.options = vt_apply_options, .opts_size = sizeof(struct vt_apply_opts),
	.operands = vt_apply_operands, .min_args = 0, .max_args = VT_ARGS_ANY,
	.flags = VT_CMD_WRITES,
};

struct vt_rollback_opts {
	bool list;
};

static const struct vt_option vt_rollback_options[] = {
	VT_OPT_BOOL("list", struct vt_rollback_opts, list, "list the journals, oldest first"),
	VT_OPT_END,
};

static const struct vt_operand vt_rollback_operands[] = {
	{ "ID", "the journal to restore (default: the last one not rolled back)" },
	{ NULL, NULL },
};

/* Whether a failed rollback got as far as writing. */
static bool vt_rollback_wrote(const struct vt_apply_plan *report)
{
	for (size_t i = 0; i < report->n; i++)
		if (report->items[i].status == VT_APPLY_RESTORED || report->items[i].status == VT_APPLY_RESTORE_FAILED)
			return true;
	return report->persist_status != NULL;
}

static int vt_rollback_run(struct vt_cli *cli, const struct vt_command *self, void *options, int argc,
			   char **argv)
{
	const struct vt_rollback_opts *o = options;
	struct vt_apply_outcome oc = { .mode = VT_MODE_ROLLBACK };
	struct vt_journal *list = NULL, j;
	struct vt_apply_plan report;
	struct vt_test_fault fault;
	struct vt_apply_io io;
	struct vt_system sys;
	struct vt_root root;
	size_t n = 0;
	char *cause = NULL;
	int lockfd = -1, code = VT_EXIT_OK, err;

	vt_journal_init(&j);
	if (o->list && argc > 0)
		return vt_cli_usage_error(cli, self, "--list takes no ID");
	if (argc > 0 && vt_journal_check_id(argv[0], &cause) < 0) {
		code = vt_cli_usage_error(cli, self, "%s", cause);
		free(cause);
		return code;
	}
	code = vt_apply_io_setup(cli, &io, &fault);
	if (code != 0)
		return code;
	if (vt_cli_open_root(cli, &root) != 0)
		return VT_EXIT_ERROR;
	if (o->list) {
		err = vt_journal_list(&root, &list, &n, &cause);
		if (err < 0)
			code = vt_cli_error(cli, "%s", cause);
		else if (cli->json)
			code = vt_cli_emit_json(cli, vt_journal_list_to_json(list, n));
		else
			vt_journal_print_list(vt_cli_text(cli), list, n);
		goto out;
	}
	err = vt_apply_lock(&root, &lockfd, &cause);
	if (err == 0)
		err = vt_system_probe(&root, &sys, &cause);
	if (err == 0 && argc > 0) {
		err = vt_journal_load(&root, argv[0], &j, &cause);
	} else if (err == 0) {
		err = vt_journal_list(&root, &list, &n, &cause);
		for (size_t i = n; err == 0 && i-- > 0;)
			if (list[i].state != VT_JOURNAL_ROLLED_BACK) {
				j = list[i];	/* moved: list[i] must not be released twice */
				vt_journal_init(&list[i]);
				break;
			}
		if (err == 0 && j.id[0] == '\0') {
			char *shown = vt_root_display(&root, VT_JOURNAL_DIR);

			if (n == 0)
				code = vt_cli_error(cli, "nothing to roll back: no journal in %s", shown);
			else if (cli->json)
				code = vt_cli_emit_json(cli, vt_apply_to_json(&(struct vt_apply_plan){ .source = "" }, &oc));
			else
				fprintf(cli->out, "nothing to roll back: every journal in %s is rolled back (the last: "
					"%s)\n", shown, list[n - 1].id);
			free(shown);
			goto out;
		}
	}
	if (err < 0) {
		code = vt_cli_error(cli, "%s", cause);
		goto out;
	}
	if (j.state == VT_JOURNAL_ROLLED_BACK) {
		if (cli->json)
			code = vt_cli_emit_json(cli, vt_apply_to_json(&(struct vt_apply_plan){ .source = "" }, &oc));
		else
			fprintf(cli->out, "journal %s was rolled back at %s: nothing to do\n", j.id, j.updated);
		goto out;
	}
	if (strcmp(j.release, sys.kernel.release) != 0)
		vt_cli_warning(cli, "journal %s was written on kernel %s; this is %s", j.id, j.release,
			       sys.kernel.release);
	err = vt_apply_rollback(&root, &j, &io, sys.kernel.code, sys.kernel.release, vt_clock_realtime_ns(),
				&report, &cause);
	if (err < 0 && !vt_rollback_wrote(&report)) {
		code = vt_cli_error(cli, "%s", cause);	/* refused before any write */
		goto out;
	}
	oc.journal = j.id;
	oc.time = j.time;
	oc.failed = err < 0;
	code = vt_apply_report(cli, &report, &oc);
	if (err < 0)
		code = vt_cli_error(cli, "%s", cause);
out:
	free(cause);
	vt_journal_list_free(list, n);
	vt_journal_release(&j);
	if (lockfd >= 0)
		close(lockfd);
	vt_root_release(&root);
	return code;
}

const struct vt_command vt_cmd_rollback = {
	.name = "rollback", .run = vt_rollback_run,
	.summary = "restore the values an apply changed, from its journal (the last one, or ID)",
	.synopsis = "rollback [--json] [--list | ID]",
	.options = vt_rollback_options, .opts_size = sizeof(struct vt_rollback_opts),
	.operands = vt_rollback_operands, .min_args = 0, .max_args = 1,
	.flags = VT_CMD_WRITES,
};
