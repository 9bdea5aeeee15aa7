/* /proc/cgroups: which controllers are bound to a cgroup v1 hierarchy.
 * The advisor needs one fact from it: a v1 memory controller keeps a
 * memory.swappiness per cgroup, inherited at creation, which the global
 * vm.swappiness does not reach (kernel-facts §4.3). */
#ifndef VT_PROBE_CGROUPS_H
#define VT_PROBE_CGROUPS_H

#include <stdbool.h>
#include <stddef.h>

#include "core/rootfs.h"

#define VT_CGROUPS_PATH "proc/cgroups"

/* Pure parser: "#subsys_name hierarchy num_cgroups enabled" rows.  *v1_memory
 * is 1 when the memory controller is enabled and bound to a v1 hierarchy
 * (hierarchy id not 0), 0 otherwise (cgroup v2, or disabled). */
int vt_cgroups_parse(const char *buf, size_t len, int *v1_memory, char **cause);
/* Through the root; *v1_memory -1 when the file is missing. */
int vt_cgroups_read(const struct vt_root *root, int *v1_memory, char **cause);

#endif
