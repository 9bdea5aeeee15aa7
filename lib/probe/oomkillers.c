#include "config.h"
#include "probe/oomkillers.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct vt_oomkiller vt_oomkiller_table[VT_OOMKILLER_COUNT] = {
	{ .name = "earlyoom", .comm = "earlyoom", .unit = "earlyoom.service",
	  .acts = "kills the highest oom_score when MemAvailable and free swap are both below its thresholds" },
	{ .name = "systemd-oomd", .comm = "systemd-oomd", .unit = "systemd-oomd.service",
	  .acts = "kills whole cgroups of units with ManagedOOM*=kill, by memory pressure or swap use" },
	{ .name = "oomd", .comm = "oomd", .unit = "oomd.service",
	  .acts = "kills cgroups by its JSON rulesets (pressure, memory, swap)" },
	{ .name = "nohang", .comm = "nohang", .unit = "nohang.service",
	  .acts = "kills by its own badness (oom_score adjusted by regexes) on low memory, swap or PSI" },
	/* comm is cut to 15 bytes */
	{ .name = "low-memory-monitor", .comm = "low-memory-moni", .unit = "low-memory-monitor.service",
	  .acts = "asks applications to free memory, and can trigger the kernel's OOM killer (sysrq f)" },
};

const char *vt_unit_state_name(enum vt_unit_state s)
{
	switch (s) {
	case VT_UNIT_ABSENT:
		return "absent";
	case VT_UNIT_INSTALLED:
		return "installed";
	case VT_UNIT_ENABLED:
		return "enabled";
	}
	return "?";
}

static enum vt_unit_state vt_unit_state(const struct vt_root *root, const char *unit)
{
	static const char *const dirs[] = { "etc/systemd/system", "usr/lib/systemd/system", "lib/systemd/system" };
	enum vt_unit_state state = VT_UNIT_ABSENT;
	char rel[512], **names;
	size_t count;

	for (size_t i = 0; i < sizeof dirs / sizeof dirs[0] && state == VT_UNIT_ABSENT; i++) {
		snprintf(rel, sizeof rel, "%s/%s", dirs[i], unit);
		if (vt_root_exists(root, rel) == 0)
			state = VT_UNIT_INSTALLED;
	}
	if (vt_root_list(root, "etc/systemd/system", &names, &count, NULL) < 0)
		return state;
	for (size_t i = 0; i < count; i++) {
		size_t n = strlen(names[i]);

		if (n <= 6 || strcmp(names[i] + n - 6, ".wants") != 0)
			continue;
		snprintf(rel, sizeof rel, "etc/systemd/system/%s/%s", names[i], unit);
		/* A link to a unit file that is not there is not enabled. */
		if (vt_root_exists(root, rel) == 0) {
			state = VT_UNIT_ENABLED;
			break;
		}
	}
	vt_strv_free(names, count);
	return state;
}

void vt_oomkillers_probe(const struct vt_root *root, const struct vt_procs *procs,
			 struct vt_oomkiller out[VT_OOMKILLER_COUNT])
{
	for (size_t k = 0; k < VT_OOMKILLER_COUNT; k++) {
		out[k] = vt_oomkiller_table[k];
		for (size_t i = 0; i < procs->n; i++) {
			if (strcmp(procs->procs[i].status.name, out[k].comm) != 0)
				continue;
			if (out[k].running++ == 0)
				out[k].pid = procs->procs[i].pid;
		}
		out[k].unit_state = vt_unit_state(root, out[k].unit);
	}
}
