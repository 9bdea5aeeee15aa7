#include "config.h"
#include "cli.h"
#include "model/topology.h"
#include "present/format.h"
#include "present/numa.h"
#include "probe/numa.h"

#include <stdlib.h>
#include <string.h>

struct vt_numa_opts {
	bool numactl;
};

static const struct vt_option vt_numa_options[] = {
	VT_OPT_BOOL("numactl", struct vt_numa_opts, numactl,
		    "print exactly what 'numactl --hardware' prints for this tree"),
	VT_OPT_END,
};

static int vt_numa_run(struct vt_cli *cli, const struct vt_command *self, void *options,
		       int argc, char **argv)
{
	const struct vt_numa_opts opts = *(const struct vt_numa_opts *)options;
	struct vt_numa_probe probe;
	struct vt_topology topo;
	struct vt_root root;
	char *cause = NULL;
	int code, err;

	(void)argc, (void)argv;
	if (opts.numactl && cli->json)
		return vt_cli_usage_error(cli, self, "--numactl and --json exclude each other");
	if (vt_cli_open_root(cli, &root) != 0)
		return VT_EXIT_ERROR;
	vt_numa_probe_init(&probe);
	vt_topology_init(&topo);
	err = vt_numa_read(&root, &probe, &cause);
	if (err < 0) {
		code = vt_cli_error(cli, "%s", cause ? cause : strerror(-err));
		goto out;
	}
	err = vt_topology_build(&probe, &topo, &cause);
	if (err < 0) {
		code = vt_cli_error(cli, "%s", cause);
		goto out;
	}
	code = VT_EXIT_OK;
	if (opts.numactl) {
		/* Like numactl, exit 1 on a kernel without NUMA. */
		if (vt_numa_print_numactl(vt_cli_text(cli), &topo) != 0)
			code = VT_EXIT_ERROR;
	} else if (cli->json) {
		code = vt_cli_emit_json(cli, vt_numa_to_json(&topo));
	} else {
		vt_numa_print_text(vt_cli_text(cli), &topo);
	}
out:
	free(cause);
	vt_topology_release(&topo);
	vt_numa_probe_release(&probe);
	vt_root_release(&root);
	return code;
}

const struct vt_command vt_cmd_numa = {
	.name = "numa", .run = vt_numa_run,
	.summary = "NUMA topology: nodes, CPUs, memory, distances, memory-only nodes, tiers, numastat",
	.synopsis = "numa [--json | --numactl]",
	.options = vt_numa_options, .opts_size = sizeof(struct vt_numa_opts),
};
