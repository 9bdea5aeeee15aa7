/* Transparent hugepages as sysfs shows them: the mode of
 * sys/kernel/mm/transparent_hugepage/enabled and hpage_pmd_size.  A kernel
 * built without CONFIG_TRANSPARENT_HUGEPAGE has neither file: "not
 * available", never an error.  A file that exists but cannot be read or
 * parsed is an error naming it. */
#ifndef VT_PROBE_THP_H
#define VT_PROBE_THP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/rootfs.h"

#define VT_THP_DIR "sys/kernel/mm/transparent_hugepage"

enum vt_thp_mode {
	VT_THP_ALWAYS,
	VT_THP_MADVISE,
	VT_THP_NEVER,
	VT_THP_OTHER,           /* a mode this vmtune does not know (a later kernel) */
};

struct vt_thp {
	bool has_enabled;
	enum vt_thp_mode enabled;
	bool has_pmd_size;
	uint64_t hpage_pmd_size;        /* bytes */
};

/* Pure parser of `enabled`: the modes separated by spaces with the chosen
 * one in brackets, "always [madvise] never".  Exactly one bracketed word. */
int vt_thp_enabled_parse(const char *buf, size_t len, enum vt_thp_mode *out, char **cause);
/* Pure parser of `hpage_pmd_size`: a power of two, in bytes. */
int vt_thp_pmd_size_parse(const char *buf, size_t len, uint64_t *out, char **cause);

/* Reads both files through the root. */
int vt_thp_read(const struct vt_root *root, struct vt_thp *out, char **cause);

#endif
