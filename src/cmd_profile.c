/* `vmtune profile list|show|validate` and `vmtune check --profile`.
 *
 * The shipped profiles live in VT_PROFILE_DIR ($(pkgdatadir)/profiles);
 * VMTUNE_PROFILE_DIR replaces it (tests point it at the source tree's
 * profiles/; ignored when setuid, like VMTUNE_ROOT).  Local profiles are
 * <root>/etc/vmtune/profiles/NAME.json, read through the root handle. */
#include "config.h"
#include "advice_input.h"
#include "advisor/profile.h"
#include "apply/persist.h"
#include "present/profile.h"
#include "present/provenance.h"

#include <stdlib.h>
#include <string.h>

#ifndef VT_PROFILE_DIR
#define VT_PROFILE_DIR "/usr/local/share/vmtune/profiles"
#endif

static const char *vt_profile_dir(void)
{
	const char *env = secure_getenv("VMTUNE_PROFILE_DIR");

	return env != NULL && *env != '\0' ? env : VT_PROFILE_DIR;
}

/* Loads NAME|FILE with the root's local profiles.  0 or an exit code. */
int vt_profile_open(struct vt_cli *cli, const struct vt_root *root, const char *arg, struct vt_profile *p)
{
	struct vt_profile_search s = { .root = root, .dir = vt_profile_dir() };
	char *cause = NULL;

	if (vt_profile_load(&s, arg, p, &cause) < 0) {
		vt_cli_error(cli, "%s", cause);
		free(cause);
		return VT_EXIT_ERROR;
	}
	return 0;
}

/* The profile, the advice on the root for its workload (unless
 * --workload), and its values resolved.  0 or an exit code. */
static int vt_profile_prepare(struct vt_cli *cli, const struct vt_command *self, const struct vt_advice_opts *o,
			      const char *arg, struct vt_profile *p, struct vt_advice_state *st,
			      struct vt_advice *advice, struct vt_profile_values *values, const char **from)
{
	struct vt_advice_opts opts = *o;
	struct vt_root root;
	char *cause = NULL;
	int code;

	if (vt_cli_open_root(cli, &root) != 0)
		return VT_EXIT_ERROR;
	code = vt_profile_open(cli, &root, arg, p);
	vt_root_release(&root);
	if (code != 0)
		return code;
	*from = o->workload_set ? "--workload" : p->has_workload ? "profile" : "default";
	if (!o->workload_set)
		opts.workload = p->has_workload ? p->workload : VT_WL_GENERAL;
	code = vt_advice_run(cli, self, &opts, st, advice);
	if (code != 0) {
		vt_advice_state_release(st);
		vt_profile_release(p);
		return code;
	}
	if (vt_profile_resolve(p, &st->in, advice, values, &cause) < 0) {
		code = vt_cli_error(cli, "%s", cause);
		free(cause);
		vt_advice_release(advice);
		vt_advice_state_release(st);
		vt_profile_release(p);
		return code;
	}
	return 0;
}

static void vt_profile_finish(struct vt_profile *p, struct vt_advice_state *st, struct vt_advice *advice)
{
	vt_advice_release(advice);
	vt_advice_state_release(st);
	vt_profile_release(p);
}

/* --- list ----------------------------------------------------------------- */

static int vt_profile_list_run(struct vt_cli *cli, const struct vt_command *self, void *options,
			       int argc, char **argv)
{
	struct vt_profile_search s = { .dir = vt_profile_dir() };
	struct vt_profile_entry *e;
	struct vt_root root;
	size_t n, bad = 0;
	char *cause = NULL, *local;
	int code;

	(void)self, (void)options, (void)argc, (void)argv;
	if (vt_cli_open_root(cli, &root) != 0)
		return VT_EXIT_ERROR;
	s.root = &root;
	if (vt_profile_list(&s, &e, &n, &cause) < 0) {
		code = vt_cli_error(cli, "%s", cause);
		free(cause);
		vt_root_release(&root);
		return code;
	}
	for (size_t i = 0; i < n; i++)
		if (!e[i].ok) {
			vt_cli_warning(cli, "%s", e[i].error);
			bad++;
		}
	local = vt_root_display(&root, VT_PROFILE_LOCAL_DIR);
	if (cli->json)
		code = vt_cli_emit_json(cli, vt_profile_list_to_json(e, n, s.dir, local));
	else {
		vt_profile_print_list(vt_cli_text(cli), e, n);
		code = VT_EXIT_OK;
	}
	free(local);
	vt_profile_list_free(e, n);
	vt_root_release(&root);
	return code == VT_EXIT_OK && bad ? VT_EXIT_ERROR : code;
}

/* --- show ----------------------------------------------------------------- */

static const struct vt_operand vt_profile_name_operand[] = {
	{ "NAME|FILE", "a profile name, or a file (a path with a slash, or ending in .json)" },
	{ .name = NULL },
};

static int vt_profile_show_run(struct vt_cli *cli, const struct vt_command *self, void *options,
			       int argc, char **argv)
{
	const struct vt_advice_opts *o = options;
	struct vt_profile p;
	struct vt_advice_state st;
	struct vt_advice advice;
	struct vt_profile_values values;
	struct vt_profile_view view;
	const char *from;
	int code;

	(void)argc;
	code = vt_profile_prepare(cli, self, o, argv[0], &p, &st, &advice, &values, &from);
	if (code != 0)
		return code;
	vt_profile_view_build(&view, &p, &values, &st.in, &advice, from);
	if (cli->json)
		code = vt_cli_emit_json(cli, vt_profile_show_to_json(&view));
	else
		vt_profile_print_show(vt_cli_text(cli), &view, o->explain);
	vt_profile_finish(&p, &st, &advice);
	return code;
}

/* --- validate --------------------------------------------------------------- */

static int vt_profile_validate_run(struct vt_cli *cli, const struct vt_command *self, void *options,
				   int argc, char **argv)
{
	struct vt_profile_search s = { .dir = vt_profile_dir() };
	struct vt_profile p;
	struct vt_root root;
	char *cause = NULL;
	int err, code;

	(void)self, (void)options, (void)argc;
	if (vt_cli_open_root(cli, &root) != 0)
		return VT_EXIT_ERROR;
	s.root = &root;
	err = vt_profile_load(&s, argv[0], &p, &cause);
	vt_root_release(&root);
	if (cli->json) {
		code = vt_cli_emit_json(cli, vt_profile_validate_to_json(argv[0], err == 0 ? &p : NULL, cause));
		if (code == VT_EXIT_OK && err < 0)
			code = VT_EXIT_ERROR;
	} else if (err < 0) {
		code = vt_cli_error(cli, "%s", cause);
	} else {
		char path[VT_TEXT_ESCAPED_SIZE(512)];

		fprintf(cli->out, "%s: valid profile %s, %zu knob%s%s%s\n", vt_show(path, sizeof path, p.path),
			p.name, p.nsettings, p.nsettings == 1 ? "" : "s", p.inherits[0] ? ", inherits " : "",
			p.inherits);
		code = VT_EXIT_OK;
	}
	free(cause);
	if (err == 0)
		vt_profile_release(&p);
	return code;
}

/* --- check --profile ------------------------------------------------------ */

int vt_check_profile_run(struct vt_cli *cli, const struct vt_command *self, const struct vt_advice_opts *o)
{
	struct vt_profile p;
	struct vt_advice_state st;
	struct vt_advice advice;
	struct vt_profile_values values;
	struct vt_profile_view view;
	struct vt_provenance prov;
	const char *from;
	int code;

	code = vt_profile_prepare(cli, self, o, o->profile, &p, &st, &advice, &values, &from);
	if (code != 0)
		return code;
	code = vt_provenance_gather(cli, NULL, st.in.kernel, VT_PERSIST_DEFAULT, &prov);
	if (code != 0) {
		vt_profile_finish(&p, &st, &advice);
		return code;
	}
	vt_profile_view_build(&view, &p, &values, &st.in, &advice, from);
	if (cli->json) {
		code = vt_cli_emit_json(cli, vt_profile_check_to_json(&view, &prov));
	} else {
		vt_profile_print_check(vt_cli_text(cli), &view);
		vt_provenance_print_text(vt_cli_text(cli), &prov);
	}
	if (code == VT_EXIT_OK && view.drifting > 0)
		code = VT_EXIT_PENDING;
	vt_provenance_release(&prov);
	vt_profile_finish(&p, &st, &advice);
	return code;
}

/* --- the command ------------------------------------------------------------ */

static const struct vt_command vt_profile_subcommands[] = {
	{
		.name = "list", .run = vt_profile_list_run,
		.summary = "the shipped profiles and the local ones (<root>/etc/vmtune/profiles), which win",
		.synopsis = "profile list [--json]",
	},
	{
		.name = "show", .run = vt_profile_show_run,
		.summary = "a profile's values resolved on this root, with the reasons",
		.synopsis = "profile show NAME|FILE [--json] [--explain] [--workload W] [--sample SECONDS | "
			    "--from FILE] [--ignore ID]... [--waivers FILE]",
		.options = vt_advice_options, .opts_size = sizeof(struct vt_advice_opts),
		.operands = vt_profile_name_operand, .min_args = 1, .max_args = 1,
	},
	{
		.name = "validate", .run = vt_profile_validate_run,
		.summary = "load a profile and its parents: exit 0 valid, 1 with the loader's message",
		.synopsis = "profile validate NAME|FILE [--json]",
		.operands = vt_profile_name_operand, .min_args = 1, .max_args = 1,
	},
	{ .name = NULL },
};

const struct vt_command vt_cmd_profile = {
	.name = "profile",
	.summary = "profiles: list them, show one resolved on this root, validate a file",
	.synopsis = "profile list|show|validate [ARGS]",
	.subcommands = vt_profile_subcommands,
};
