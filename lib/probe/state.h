/* One moment of the system behind a root, gathered in one place: the
 * acquisition interface that status, watermarks, recommend, top and export
 * share (OpenBSD top's machine.h: calls that fill plain structs).
 *
 *	struct vt_state st;
 *
 *	vt_state_init(&st);
 *	vt_state_want_sysctl(&st, "vm.swappiness");     (only for VT_STATE_SYSCTL)
 *	err = vt_state_collect(root, VT_STATE_SYSTEM | VT_STATE_MEMINFO | VT_STATE_SYSCTL,
 *			       &st, &cause);
 *	... vt_state_has(&st, VT_STATE_SRC_MEMINFO), st.meminfo, vt_state_sysctl(&st, "vm.swappiness") ...
 *	vt_state_release(&st);
 *
 * `wanted` says which sources to read, so a command reads only what it
 * needs and a damaged file it does not use cannot fail it.  Each source
 * read carries its availability and a reason, decided as vt_root_read_opt
 * decides: the file was read (present), it does not exist on this kernel
 * (absent: an old kernel, a feature compiled out, PSI off at boot), or it
 * exists and cannot be read or parsed (an error, never taken for absent).
 *
 * A sysctl whose file is absent under a sosreport root is taken from the
 * report's sos_commands/kernel/sysctl_-a (probe/sos), and says so (from).
 *
 * Which sysctls to read is the caller's list (vt_state_want_sysctl): the
 * knob table that names them is the advisor's, a layer above, and a
 * command asks only for the knobs it uses.  Judgements (is a knob out of
 * range, is a missing one a problem on this kernel) are left to the model
 * and the advisor. */
#ifndef VT_PROBE_STATE_H
#define VT_PROBE_STATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/rootfs.h"
#include "probe/meminfo.h"
#include "probe/numa.h"
#include "probe/psi.h"
#include "probe/sos.h"
#include "probe/swaps.h"
#include "probe/system.h"
#include "probe/thp.h"
#include "probe/vmstat.h"
#include "probe/zoneinfo.h"

/* The sources, in the order vt_state_collect reads them. */
enum vt_state_src {
	VT_STATE_SRC_SYSTEM,    /* kernel release, host name, page size (probe/system) */
	VT_STATE_SRC_MEMINFO,   /* proc/meminfo */
	VT_STATE_SRC_VMSTAT,    /* proc/vmstat */
	VT_STATE_SRC_PSI,       /* proc/pressure/memory */
	VT_STATE_SRC_NUMA,      /* node sets, nodes, numastat, HMAT, tiers (probe/numa) */
	VT_STATE_SRC_ZONEINFO,  /* proc/zoneinfo, in numa.zoneinfo */
	VT_STATE_SRC_SYSCTL,    /* the sysctls asked for with vt_state_want_sysctl */
	VT_STATE_SRC_LOWMEM,    /* vm.lowmem_reserve_ratio (a vector) */
	VT_STATE_SRC_THP,       /* transparent_hugepage/enabled and hpage_pmd_size */
	VT_STATE_SRC_SWAPS,     /* proc/swaps, and zswap's enabled parameter */
	VT_STATE_SRC_CGROUPS,   /* proc/cgroups: a cgroup v1 memory controller */
	VT_STATE_SRC_COUNT
};

/* Bits of `wanted`. */
enum vt_state_want {
	VT_STATE_SYSTEM = 1u << VT_STATE_SRC_SYSTEM,
	VT_STATE_MEMINFO = 1u << VT_STATE_SRC_MEMINFO,
	VT_STATE_VMSTAT = 1u << VT_STATE_SRC_VMSTAT,
	VT_STATE_PSI = 1u << VT_STATE_SRC_PSI,
	/* The NUMA probe reads zoneinfo too (its topology needs the zones):
	 * with it, VT_STATE_SRC_ZONEINFO is filled whether asked for or not. */
	VT_STATE_NUMA = 1u << VT_STATE_SRC_NUMA,
	VT_STATE_ZONEINFO = 1u << VT_STATE_SRC_ZONEINFO,
	VT_STATE_SYSCTL = 1u << VT_STATE_SRC_SYSCTL,
	VT_STATE_LOWMEM = 1u << VT_STATE_SRC_LOWMEM,
	VT_STATE_THP = 1u << VT_STATE_SRC_THP,
	VT_STATE_SWAPS = 1u << VT_STATE_SRC_SWAPS,
	VT_STATE_CGROUPS = 1u << VT_STATE_SRC_CGROUPS,
	VT_STATE_ALL = (1u << VT_STATE_SRC_COUNT) - 1,
};

enum vt_avail {
	VT_AVAIL_UNREAD,        /* not wanted by the last collect */
	VT_AVAIL_PRESENT,       /* read and parsed */
	VT_AVAIL_ABSENT,        /* not on this kernel: the file does not exist, or PSI is off */
	VT_AVAIL_ERROR,         /* exists but cannot be read or parsed */
};

struct vt_state_source {
	enum vt_avail avail;
	int err;                /* ABSENT, ERROR: the -errno (-ENOENT, -EOPNOTSUPP, ...) */
	/* ABSENT, ERROR: what a reader that needed it would report, naming the
	 * file ("cannot read 'vm.min_free_kbytes': not available on this
	 * kernel"); owned, NULL otherwise. */
	char *reason;
};

struct vt_state_sysctl {
	const char *name;       /* dotted ("vm.swappiness"), borrowed from the caller */
	struct vt_state_source src;
	int64_t value;          /* when present */
	/* When present: NULL for the knob's own proc/sys file, else the file
	 * that stood in for it (VT_SOS_SYSCTL_PATH), to be said in the output. */
	const char *from;
};

/* lowmem_reserve_ratio holds one value per zone type (MAX_NR_ZONES). */
#define VT_STATE_LOWMEM_MAX (VT_ZONE_MAX + 1)

struct vt_state {
	/* The root read, borrowed: valid while it is open (its path names
	 * files in messages; its kind, decided when it opened, says live,
	 * snapshot, series or tree). */
	const struct vt_root *root;
	struct vt_state_source src[VT_STATE_SRC_COUNT];
	struct vt_system system;
	struct vt_meminfo meminfo;
	struct vt_vmstat vmstat;
	struct vt_psi psi;
	/* NUMA; and zoneinfo in numa.zoneinfo (numa.has_zoneinfo), whichever
	 * of the two sources read it. */
	struct vt_numa_probe numa;
	struct vt_state_sysctl *sysctls;        /* in the order asked for */
	size_t nsysctls;
	int64_t lowmem_reserve_ratio[VT_STATE_LOWMEM_MAX];
	size_t nlowmem;
	const char *lowmem_from;                /* as sysctls[i].from */
	/* A sosreport (root kind VT_ROOT_SOS) has no proc/sys/vm: its
	 * sysctl_-a, read once, the first time a knob's file is absent.
	 * sos_read: 0 not yet, 1 read, 2 the report has none, -errno. */
	struct vt_sos_sysctls sos;
	int sos_read;
	char *sos_why;
	struct vt_thp thp;                      /* thp.has_* say which file was there */
	struct vt_swaps swaps;
	int cgroup_v1_memory;                   /* 1, 0; -1 when proc/cgroups is absent */
};

void vt_state_init(struct vt_state *st);
void vt_state_release(struct vt_state *st);

/* Adds sysctl `name` (dotted; the string must outlive the state) to those
 * VT_STATE_SYSCTL reads; asking twice for one name keeps one entry. */
void vt_state_want_sysctl(struct vt_state *st, const char *name);
/* Where the present sysctls came from, for the output: NULL when each was
 * read from its proc/sys file, else the file that stood in for one. */
const char *vt_state_sysctls_from(const struct vt_state *st);
/* The entry of sysctl `name`, or NULL when it was not asked for. */
const struct vt_state_sysctl *vt_state_sysctl(const struct vt_state *st, const char *name);

static inline bool vt_state_has(const struct vt_state *st, enum vt_state_src src)
{
	return st->src[src].avail == VT_AVAIL_PRESENT;
}

/* Reads the `wanted` sources (enum vt_state_want) of `root` into `st`,
 * replacing what an earlier collect read, and leaves the others UNREAD.
 * Every wanted source is attempted, so a damaged file does not hide the
 * rest.  Returns 0 when each was read or is absent, else the first error
 * (in enum vt_state_src order) with a copy of its reason in *cause; the
 * sources keep their own.  VT_STATE_SRC_SYSCTL is an error when one of its
 * sysctls is, and present otherwise: per name, see sysctls[i].src.  The
 * system identity is never absent: without a kernel release it is an
 * error. */
int vt_state_collect(const struct vt_root *root, unsigned wanted, struct vt_state *st, char **cause);
/* What vt_state_collect returns, for the `wanted` sources only (NUMA
 * counts zoneinfo in): a caller that collected for two readers at once
 * tells each the errors of its own sources. */
int vt_state_first_error(const struct vt_state *st, unsigned wanted, char **cause);

#endif
