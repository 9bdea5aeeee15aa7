#include "config.h"
#include "probe/manifest.h"

/* Paths are relative to the root.  Globs are expanded by the snapshot walker,
 * component by component, through the root handle. */
const struct vt_manifest_entry vt_manifest[] = {
	/* identity */
	{ "proc/sys/kernel/osrelease", 0, "kernel version: formulas and ranges differ by release" },
	{ "proc/version", 0, "the upstream sublevel a distribution release hides (Debian)" },
	{ "proc/version_signature", 0, "the upstream sublevel a distribution release hides (Ubuntu)" },
	{ "proc/sys/kernel/hostname", 0, "status header" },
	{ "proc/sys/kernel/numa_balancing", 0, "NUMA balancing / memory tiering mode" },
	{ "proc/cmdline", 0, "boot parameters (movablecore, numa=off, transparent_hugepage=)" },
	{ "proc/uptime", 0, "interval base for rates, as sar uses it" },
	/* the vm knobs and their neighbours */
	{ "proc/sys/vm/*", 0, "every vm sysctl: current values of the tunables" },
	/* memory state */
	{ "proc/meminfo", 0, "memory totals" },
	{ "proc/vmstat", 0, "reclaim, paging and swap counters" },
	{ "proc/zoneinfo", 0, "per-zone managed pages and watermarks" },
	{ "proc/buddyinfo", 0, "free pages per order (fragmentation)" },
	{ "proc/swaps", 0, "swap devices (disk or zram)" },
	{ "sys/module/zswap/parameters/enabled", 0, "zswap, the compressed cache in front of swap" },
	{ "proc/cgroups", 0, "cgroup v1 memory controller (its own memory.swappiness)" },
	{ "proc/pressure/memory", 0, "PSI memory stall" },
	{ "proc/pressure/io", 0, "PSI io stall" },
	{ "proc/pressure/cpu", 0, "PSI cpu stall" },
	/* transparent huge pages (they raise min_free_kbytes) and MGLRU */
	{ "sys/kernel/mm/transparent_hugepage/enabled", 0, "THP mode" },
	{ "sys/kernel/mm/transparent_hugepage/defrag", 0, "THP defrag mode" },
	{ "sys/kernel/mm/transparent_hugepage/hpage_pmd_size", 0, "huge page size (pageblock order)" },
	{ "sys/kernel/mm/lru_gen/enabled", 0, "multi-gen LRU" },
	{ "sys/kernel/mm/numa/demotion_enabled", 0, "tier demotion" },
	/* NUMA topology */
	{ "sys/devices/system/node/possible", 0, "node sets" },
	{ "sys/devices/system/node/online", 0, "node sets" },
	{ "sys/devices/system/node/has_cpu", 0, "node sets" },
	{ "sys/devices/system/node/has_memory", 0, "node sets" },
	{ "sys/devices/system/node/has_normal_memory", 0, "node sets" },
	{ "sys/devices/system/node/has_high_memory", 0, "node sets" },
	{ "sys/devices/system/node/has_generic_initiator", 0, "node sets" },
	{ "sys/devices/system/node/node*/cpulist", 0, "CPUs per node" },
	{ "sys/devices/system/node/node*/cpumap", 0, "CPUs per node (numactl reads the mask)" },
	{ "sys/devices/system/node/node*/meminfo", 0, "memory per node" },
	{ "sys/devices/system/node/node*/numastat", 0, "NUMA hit/miss counters" },
	{ "sys/devices/system/node/node*/distance", 0, "SLIT distance row" },
	{ "sys/devices/system/node/node*/vmstat", 0, "per-node reclaim counters" },
	{ "sys/devices/system/node/node*/access*/initiators/*_bandwidth", 0, "HMAT performance" },
	{ "sys/devices/system/node/node*/access*/initiators/*_latency", 0, "HMAT performance" },
	{ "sys/devices/system/node/node*/access*/initiators/node*", VT_MF_LINK, "HMAT initiator nodes" },
	{ "sys/devices/system/node/node*/access*/targets/node*", VT_MF_LINK, "HMAT target nodes" },
	{ "sys/devices/system/node/node*/memory_side_cache/index*/size", 0, "memory-side cache" },
	{ "sys/devices/system/cpu/online", 0, "CPU sets" },
	{ "sys/devices/system/cpu/possible", 0, "CPU sets" },
	{ "sys/devices/system/cpu/present", 0, "CPU sets" },
	{ "sys/devices/virtual/memory_tiering/memory_tier*/nodelist", 0, "memory tiers" },
	/* where the knobs' boot values come from (provenance) */
	{ "etc/sysctl.d/*.conf", VT_MF_CONF, "sysctl.d files, systemd-sysctl's first directory" },
	{ "run/sysctl.d/*.conf", VT_MF_CONF, "sysctl.d files (runtime)" },
	{ "usr/local/lib/sysctl.d/*.conf", VT_MF_CONF, "sysctl.d files (local)" },
	{ "usr/lib/sysctl.d/*.conf", VT_MF_CONF, "sysctl.d files (vendor)" },
	{ "lib/sysctl.d/*.conf", VT_MF_CONF, "sysctl.d files (split /usr)" },
	{ "etc/sysctl.conf", VT_MF_CONF, "read by procps sysctl --system, and at boot through 99-sysctl.conf" },
	{ "etc/tuned/active_profile", 0, "tuned's active profile" },
	{ "etc/tuned/tuned-main.conf", 0, "tuned's reapply_sysctl" },
	{ "etc/tuned/*/tuned.conf", VT_MF_CONF, "tuned profiles (local)" },
	{ "etc/tuned/profiles/*/tuned.conf", VT_MF_CONF, "tuned profiles (local, tuned 2.23+)" },
	{ "usr/lib/tuned/*/tuned.conf", VT_MF_CONF, "tuned profiles (shipped)" },
	{ "usr/lib/tuned/profiles/*/tuned.conf", VT_MF_CONF, "tuned profiles (shipped, tuned 2.23+)" },
};

const size_t vt_manifest_count = sizeof vt_manifest / sizeof vt_manifest[0];
