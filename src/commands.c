/* The command table: one entry per command, the single source for dispatch,
 * `vmtune --help` and `vmtune help CMD` (tested against man/vmtune.8). */
#include "config.h"
#include "cli.h"

#include <string.h>

const struct vt_command vt_commands[] = {
	{
		.name = "status", .run = vt_cmd_status,
		.summary = "one-screen overview: kernel, memory, vm knobs, NUMA",
		.synopsis = "status [--json]",
		.options = "",
	},
	{
		.name = "watermarks", .run = vt_cmd_watermarks,
		.summary = "per-zone min/low/high/promo: the kernel's printout vs the model; what-if",
		.synopsis = "watermarks [--json] [--pages] [--min-free-kbytes N] [--watermark-scale-factor N] [--kernel VERSION]",
		.options = "  --pages           page counts instead of MiB\n"
			   "  --min-free-kbytes N\n"
			   "                    show the watermarks vm.min_free_kbytes=N would give\n"
			   "  --watermark-scale-factor N\n"
			   "                    show the watermarks vm.watermark_scale_factor=N would give\n"
			   "  --kernel VERSION  model kernel VERSION's formula (e.g. 4.4: legacy ratios)\n",
	},
	{
		.name = "stat", .run = vt_cmd_stat,
		.summary = "sample paging, reclaim, swap, PSI and NUMA rates like sar -B, and more",
		.synopsis = "stat [--json | --csv | --sar | --wide] [--node N|all] [--from FILE] [INTERVAL [COUNT]]",
		.options = "  --sar             exactly sar -B's columns and layout (sysstat 12.6)\n"
			   "  --wide            every rate vmtune computes\n"
			   "  --csv             comma-separated values, every rate\n"
			   "  --node N|all      per-node rows for node N or for every node\n"
			   "  --from FILE       replay a file written by 'vmtune record' ('-': stdin)\n"
			   "  INTERVAL          seconds between samples, fractions allowed (default 1)\n"
			   "  COUNT             number of intervals (default: until interrupted)\n",
	},
	{
		.name = "record", .run = vt_cmd_record,
		.summary = "record raw counters as JSON lines, for stat --from",
		.synopsis = "record [--json] [--interval S] [--duration S] FILE",
		.options = "  --interval S      seconds between samples, fractions allowed (default 1)\n"
			   "  --duration S      stop after S seconds (default: until interrupted)\n"
			   "  FILE              where to write ('-': standard output)\n",
	},
	{
		.name = "numa", .run = vt_cmd_numa,
		.summary = "NUMA topology: nodes, CPUs, memory, distances, memory-only nodes, tiers, numastat",
		.synopsis = "numa [--json | --numactl]",
		.options = "  --numactl         print exactly what 'numactl --hardware' prints for this tree\n",
	},
	{
		.name = "snapshot", .run = vt_cmd_snapshot,
		.summary = "copy every file vmtune reads into DIR, for use with --root",
		.synopsis = "snapshot [--json] DIR",
		.options = "",
	},
	{
		.name = "help", .run = vt_cmd_help,
		.summary = "show help for vmtune or for one command",
		.synopsis = "help [COMMAND]",
		.options = "",
	},
};

const size_t vt_command_count = sizeof vt_commands / sizeof vt_commands[0];

const struct vt_command *vt_command_find(const char *name)
{
	for (size_t i = 0; i < vt_command_count; i++)
		if (strcmp(vt_commands[i].name, name) == 0)
			return &vt_commands[i];
	return NULL;
}
