/* The command table: the single source for dispatch, `vmtune --help` and
 * `vmtune help CMD` (tested against man/vmtune.8), in the manual's order.
 * Each entry, with its options, lives in its cmd_<name>.c.
 *
 * Adding a command:
 *  1. src/cmd_<name>.c: an options struct, a `struct vt_option` array, the
 *     run function and `const struct vt_command vt_cmd_<name>`;
 *  2. declare the entry in cli.h and list it below (the manual's order);
 *  3. src/local.mk: the file;
 *  4. man/vmtune.8: a `.SS <name>` section with every option
 *     (tests/cli/help.sh checks both);
 *  5. golden cases (tests/cli/cases, tests/cli/README) for text and --json. */
#include "config.h"
#include "cli.h"

#include <string.h>

const struct vt_command *const vt_commands[] = {
	&vt_cmd_status,
	&vt_cmd_recommend,
	&vt_cmd_check,
	&vt_cmd_apply,
	&vt_cmd_rollback,
	&vt_cmd_watermarks,
	&vt_cmd_stat,
	&vt_cmd_record,
	&vt_cmd_numa,
	&vt_cmd_top,
	&vt_cmd_oom,
	&vt_cmd_protect,
	&vt_cmd_snapshot,
	&vt_cmd_profile,
	&vt_cmd_export,
	&vt_cmd_help,
};

const size_t vt_command_count = sizeof vt_commands / sizeof vt_commands[0];

const struct vt_command *vt_command_find(const struct vt_command *const *table, size_t count,
					 const char *name)
{
	for (size_t i = 0; i < count; i++)
		if (strcmp(table[i]->name, name) == 0)
			return table[i];
	return NULL;
}
