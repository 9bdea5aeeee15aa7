#include "config.h"
#include "cli.h"
#include "advisor/status.h"
#include "present/format.h"
#include "present/status.h"
#include "probe/sysctl.h"
#include "core/xalloc.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* Fills `st` from the probes.  Only a missing kernel release is fatal; the
 * rest degrades to "not available". */
static int vt_status_collect(struct vt_cli *cli, const struct vt_root *root, struct vt_status *st)
{
	struct vt_buf buf;
	char *cause = NULL;
	int err;

	st->root_path = root->path;
	st->live = root->live;
	err = vt_system_probe(root, &st->system, &cause);
	if (err < 0)
		goto fail;
	vt_buf_init(&buf);
	err = vt_meminfo_read(root, "proc/meminfo", &buf, &st->meminfo, &cause);
	if (err == 0) {
		st->have_meminfo = true;
	} else if (err != -ENOENT) {
		vt_buf_release(&buf);
		goto fail;
	} else {
		free(cause);
		cause = NULL;
	}
	/* Missing before 4.20, without CONFIG_PSI or with psi=0: not available. */
	err = vt_psi_read(root, "proc/pressure/memory", &buf, &st->psi, &cause);
	vt_buf_release(&buf);
	if (err == 0) {
		st->have_psi = true;
	} else if (err != -ENOENT && err != -EOPNOTSUPP) {
		goto fail;
	} else {
		free(cause);
		cause = NULL;
	}
	/* Node sets, nodes and /proc/zoneinfo, read once for the NUMA and zone lines. */
	err = vt_numa_read(root, &st->numa, &cause);
	if (err < 0)
		goto fail;
	for (size_t i = 0; i < st->nknobs; i++) {
		struct vt_status_knob *k = &st->knobs[i];

		err = vt_sysctl_read_i64(root, k->knob->name, &k->value, &cause);
		if (err == 0) {
			k->available = true;
		} else if (err == -ENOENT) {
			k->unavailable_reason = vt_xstrdup((k->knob->flags & VT_KNOB_NUMA_ONLY) && !st->numa.numa_available ?
							   "not available (kernel without NUMA)" :
							   "not available on this kernel");
		} else {
			goto fail;
		}
		free(cause);
		cause = NULL;
	}
	err = vt_status_derive(st, &cause);
	if (err < 0)
		goto fail;
	return 0;
fail:
	vt_cli_error(cli, "%s", cause ? cause : strerror(-err));
	free(cause);
	return VT_EXIT_ERROR;
}

static int vt_status_run(struct vt_cli *cli, const struct vt_command *self, void *opts,
			 int argc, char **argv)
{
	struct vt_status st;
	struct vt_root root;
	int code;

	(void)self, (void)opts, (void)argc, (void)argv;
	if (vt_cli_open_root(cli, &root) != 0)
		return VT_EXIT_ERROR;
	vt_status_init(&st);
	code = vt_status_collect(cli, &root, &st);
	if (code == 0) {
		if (cli->json)
			code = vt_cli_emit_json(cli, vt_status_to_json(&st));
		else
			vt_status_print_text(vt_cli_text(cli), &st);
	}
	vt_status_release(&st);
	vt_root_release(&root);
	return code;
}

const struct vt_command vt_cmd_status = {
	.name = "status", .run = vt_status_run,
	.summary = "one-screen overview: kernel, memory, vm knobs, NUMA",
	.synopsis = "status [--json]",
};
