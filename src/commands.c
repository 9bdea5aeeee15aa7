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
