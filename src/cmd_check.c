/* `vmtune check`: the live values against the advice, for CI and
 * configuration management: exit 0 compliant, 3 drift, 1 error. */
#include "config.h"
#include "advice_input.h"
#include "apply/persist.h"
#include "present/provenance.h"
#include "present/recommend.h"

#include <inttypes.h>

static int vt_check_run(struct vt_cli *cli, const struct vt_command *self, void *options,
			int argc, char **argv)
{
	const struct vt_advice_opts *o = options;
	struct vt_advice_state st;
	struct vt_advice advice;
	struct vt_provenance prov;
	int code;

	(void)argc, (void)argv;
	if (o->profile != NULL)
		return vt_check_profile_run(cli, self, o);
	code = vt_advice_run(cli, self, o, &st, &advice);
	if (code != 0) {
		vt_advice_state_release(&st);
		return code;
	}
	code = vt_provenance_gather(cli, NULL, st.in.kernel, VT_PERSIST_DEFAULT, &prov);
	if (code != 0) {
		vt_advice_release(&advice);
		vt_advice_state_release(&st);
		return code;
	}
	if (cli->json) {
		code = vt_cli_emit_json(cli, vt_check_to_json(&advice, &prov));
	} else {
		FILE *out = cli->out;

		for (size_t i = 0; i < advice.nrecs; i++) {
			const struct vt_recommendation *r = &advice.recs[i];

			if (r->action != VT_ACTION_CHANGE || r->waived)
				continue;
			fprintf(out, "drift %s: expected %" PRId64 "%s, actual %" PRId64 " (%s): %s\n",
				r->knob->name, r->recommended, r->floor ? " or more" : "", r->current, r->id,
				r->reason);
		}
		for (size_t i = 0; i < advice.nrecs; i++) {
			const struct vt_recommendation *r = &advice.recs[i];

			if (r->waived)
				fprintf(out, "waived %s (%s)%s%s: %s\n", r->knob->name, r->id,
					r->waiver_expires[0] ? " until " : "", r->waiver_expires, r->waiver_reason);
			else if (r->waiver_expired)
				fprintf(out, "expired waiver %s (%s) ended %s: %s\n", r->knob->name, r->id,
					r->waiver_expires, r->waiver_reason);
		}
		fprintf(out, "%s: %zu knob%s drift, %zu waived (evidence: %s)\n",
			advice.changes ? "drift" : "compliant", advice.changes, advice.changes == 1 ? "" : "s",
			advice.waived, advice.basis_source);
		vt_provenance_print_text(vt_cli_text(cli), &prov);
	}
	if (code == VT_EXIT_OK && advice.changes > 0)
		code = VT_EXIT_PENDING;
	vt_provenance_release(&prov);
	vt_advice_release(&advice);
	vt_advice_state_release(&st);
	return code;
}

const struct vt_command vt_cmd_check = {
	.name = "check", .run = vt_check_run,
	.summary = "compare the live values with the advice or a profile: exit 0 compliant, 3 drift",
	.synopsis = "check [--json] [--profile NAME|FILE] [--workload W] [--sample SECONDS | --from FILE] "
		    "[--ignore ID]... [--waivers FILE]",
	.options = vt_check_options, .opts_size = sizeof(struct vt_advice_opts),
};
