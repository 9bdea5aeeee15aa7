#include "config.h"
#include "advisor/rules.h"

#include <string.h>

const struct vt_rule vt_rules[] = {
	{
		.id = "VMT-SWP-001", .knob = "vm.swappiness", .run = vt_rule_swappiness,
		.summary = "swappiness for the swap this machine has (none, disk, zram) and the workload",
		.sources = "vm.rst (default 60, 0-200 from 5.8, 133 for in-memory swap); tuned profiles "
			   "(10 servers, 3 postgresql, 30 virtual-guest); MongoDB, MS SQL, Kafka, "
			   "Elasticsearch (1); resctl-demo (>= 60 under resource control)",
	},
	{
		.id = "VMT-MFK-001", .knob = "vm.min_free_kbytes", .run = vt_rule_min_free_kbytes,
		.summary = "min_free_kbytes against the kernel's own value (sqrt rule, khugepaged's raise)",
		.sources = "vm.rst (< 1024 kB deadlocks, too high OOMs at once); mm/page_alloc.c "
			   "calculate_min_free_kbytes; khugepaged set_recommended_min_free_kbytes; "
			   "RHEL 6 tuning guide (5-10 % of memory is fatal); 795ae7a0de6b (not a kswapd knob)",
	},
	{
		.id = "VMT-WSF-001", .knob = "vm.watermark_scale_factor", .run = vt_rule_watermark_scale_factor,
		.summary = "watermark_scale_factor raised only when kswapd falls behind (direct reclaim, "
			   "allocation stalls, memory pressure)",
		.sources = "vm.rst (allocstall, kswapd_low_wmark_hit_quickly); 795ae7a0de6b (gap = "
			   "managed x factor / 10000); 39c65a94cd96 (max 3000); oled-tools memstate (> 100 "
			   "flagged)",
	},
	{
		.id = "VMT-WBF-001", .knob = "vm.watermark_boost_factor", .run = vt_rule_watermark_boost_factor,
		.summary = "watermark_boost_factor kept at the kernel's default unless it is off",
		.sources = "1c30844d2dfe (15000, fragmentation events -49 %); vm.rst (0 disables); "
			   "14f69140ff9c (small zones)",
	},
	{
		.id = "VMT-ZRM-001", .knob = "vm.zone_reclaim_mode", .run = vt_rule_zone_reclaim_mode,
		.summary = "zone_reclaim_mode 0 unless one node, or a node-partitioned HPC workload",
		.sources = "vm.rst (only when each partition fits a node); 4f9b16a64753 (default 0); "
			   "MongoDB, Cassandra, WiredTiger (0); tuned hpc-compute (1)",
	},
};

const size_t vt_rule_count = sizeof vt_rules / sizeof vt_rules[0];

const struct vt_rule *vt_rule_find(const char *id)
{
	for (size_t i = 0; i < vt_rule_count; i++)
		if (strcmp(vt_rules[i].id, id) == 0)
			return &vt_rules[i];
	return NULL;
}
