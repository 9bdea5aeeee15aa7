#include "config.h"
#include "cli.h"
#include "model/topology.h"
#include "present/format.h"
#include "present/numa.h"
#include "probe/numa.h"

#include <stdlib.h>
#include <string.h>

enum { VT_OPT_NUMACTL = 0x2000 };

struct vt_numa_opts {
	bool numactl;
};

static int vt_numa_option(struct vt_cli *cli, void *ctx, int opt, const char *arg)
{
	struct vt_numa_opts *o = ctx;

	(void)cli;
	(void)arg;
	if (opt != VT_OPT_NUMACTL)
		return VT_EXIT_USAGE + 1000;
	o->numactl = true;
	return 0;
}

int vt_cmd_numa(struct vt_cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "numactl", no_argument, NULL, VT_OPT_NUMACTL },
		{ NULL, 0, NULL, 0 },
	};
	const struct vt_command *self = vt_command_find("numa");
	struct vt_numa_opts opts = { .numactl = false };
	struct vt_numa_probe probe;
	struct vt_topology topo;
	struct vt_root root;
	char *cause = NULL;
	int code, err;

	if (!vt_cli_parse(cli, self, argc, argv, "", longopts, vt_numa_option, &opts, &code))
		return code;
	if (optind < argc)
		return vt_cli_usage_error(cli, self, "unexpected argument '%s'", argv[optind]);
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
		if (vt_numa_print_numactl(cli->out, &topo) != 0)
			code = VT_EXIT_ERROR;
	} else if (cli->json) {
		code = vt_cli_emit_json(cli, vt_numa_to_json(&topo));
	} else {
		vt_numa_print_text(cli->out, &topo);
	}
out:
	free(cause);
	vt_topology_release(&topo);
	vt_numa_probe_release(&probe);
	vt_root_release(&root);
	return code;
}
