#!/bin/sh
# Generates a whole synthetic machine for `vmtune --root`: the NUMA files of
# gen-numa-tree.sh (NODES nodes of CPN CPUs, e.g. 64x64, 256x16 or 1024x4 for
# 4096 CPUs) plus everything the other commands read: a 6.x osrelease, the vm
# knobs, proc/meminfo, proc/vmstat, proc/zoneinfo, per-node vmstat, PSI,
# uptime, swaps and THP.  Each node holds 16 GiB (node n has n*1536 kB more):
# node 0 has DMA, DMA32 and Normal, every other node only Normal; Movable and
# Device are empty everywhere, as on a machine booted without movablecore.
#
# The printed min/low/high/promo and protection arrays are computed here, in
# awk and independently of vmtune, with the kernel's 6.6+ integer arithmetic
# (docs kernel-facts.md 1.2 and 3.2), and written to DIR/expected-zones.txt:
#   node zone managed min low high promo p0 p1 p2 p3 p4
# min_free_kbytes is what the kernel would pick: its default int_sqrt(lowmem_kB
# * 16) clamped to [128, 262144], raised by khugepaged for THP; the share term
# and the watermark_scale_factor term each win in some zone.  DIR/expected-facts.txt gets the totals the tests check.
# Not generated: per-CPU pagesets in zoneinfo (4096 CPUs x 1026 zones would be
# 21 million lines; vmtune reads none of them), buddyinfo, cgroups, processes.
# mawk prints %d through a C long, but sums beyond 2^31 go through %.0f.
#
# usage: gen-tree.sh DIR [NODES [CPN]]
set -eu
dir=$1
nodes=${2:-64}
cpn=${3:-16}
sh "$(dirname "$0")/gen-numa-tree.sh" "$dir" "$nodes" "$cpn"
mkdir -p "$dir/proc/sys/vm" "$dir/proc/pressure" "$dir/sys/kernel/mm/transparent_hugepage"
awk -v root="$dir/" -v nodes="$nodes" -v cpn="$cpn" '
function isqrt(x,   s) {
	s = int(sqrt(x))
	while (s * s > x) s--
	while ((s + 1) * (s + 1) <= x) s++
	return s
}
# floor(a / b) for non-negative integers below 2^53, exact.
function idiv(a, b,   q) {
	q = int(a / b)
	while (q * b > a) q--
	while ((q + 1) * b <= a) q++
	return q
}
function put(f, s) { print s > f }
BEGIN {
	ncpu = nodes * cpn
	split("DMA DMA32 Normal Movable Device", zname, " ")
	nz = 5
	split("256 256 32 0 0", ratio, " ")
	wsf = 10; wbf = 15000
	lowmem = 0
	for (n = 0; n < nodes; n++) {
		pages = 4194304 + n * 384       # the node meminfo total of gen-numa-tree.sh
		freekb = int((16777216 + n * 1536) / 3) + n
		for (z = 1; z <= nz; z++) { man[n, z] = 0; fr[n, z] = 0; sp[n, z] = 0; pr[n, z] = 0; pfn[n, z] = 0 }
		if (n == 0) {
			man[0, 1] = 3840; pr[0, 1] = 3998; sp[0, 1] = 4095; pfn[0, 1] = 1; fr[0, 1] = 3776
			man[0, 2] = 770000; pr[0, 2] = 782288; sp[0, 2] = 1044480; pfn[0, 2] = 4096; fr[0, 2] = 700000
			man[0, 3] = pages - 3840 - 770000
			fr[0, 3] = int(freekb / 4) - 3776 - 700000
			pfn[0, 3] = 1048576
		} else {
			man[n, 3] = pages
			fr[n, 3] = int(freekb / 4)
			pfn[n, 3] = 1048576 + n * 4194304 + n * 384
		}
		pr[n, 3] = man[n, 3] + 16384; sp[n, 3] = pr[n, 3]
		for (z = 1; z <= nz; z++)
			if (zname[z] != "Movable" && zname[z] != "HighMem")
				lowmem += man[n, z]
	}
	mfk = isqrt(lowmem * 4 * 16)
	if (mfk < 128) mfk = 128
	if (mfk > 262144) mfk = 262144
	# THP is enabled (madvise), so khugepaged raises it to 11 pageblocks
	# (512 pages) per populated zone up to Normal (kernel-facts 2.3); its cap,
	# 5 % of free lowmem, is far off on these trees.
	rec = 512 * (nodes + 2) * 11 * 4
	if (rec > mfk) mfk = rec
	pmin = int(mfk / 4)

	vm = root "proc/sys/vm/"
	put(vm "min_free_kbytes", mfk)
	put(vm "watermark_scale_factor", wsf)
	put(vm "watermark_boost_factor", wbf)
	put(vm "swappiness", 60)
	put(vm "zone_reclaim_mode", 0)
	put(vm "lowmem_reserve_ratio", "256\t256\t32\t0\t0")
	put(vm "overcommit_memory", 0)
	put(vm "overcommit_ratio", 50)
	put(vm "vfs_cache_pressure", 100)
	put(vm "dirty_ratio", 20)
	put(vm "dirty_background_ratio", 10)
	put(vm "nr_hugepages", 0)
	put(vm "numa_stat", 1)
	put(root "proc/sys/kernel/numa_balancing", 0)
	put(root "proc/sys/kernel/hostname", "scale-" nodes "x" cpn)
	put(root "proc/uptime", "86400.00 " sprintf("%.2f", 86400 * ncpu * 0.9))
	put(root "proc/swaps", "Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority")
	put(root "proc/pressure/memory", "some avg10=0.00 avg60=0.00 avg300=0.00 total=1000\nfull avg10=0.00 avg60=0.00 avg300=0.00 total=500")
	put(root "proc/pressure/cpu", "some avg10=0.00 avg60=0.00 avg300=0.00 total=0\nfull avg10=0.00 avg60=0.00 avg300=0.00 total=0")
	put(root "proc/pressure/io", "some avg10=0.00 avg60=0.00 avg300=0.00 total=0\nfull avg10=0.00 avg60=0.00 avg300=0.00 total=0")
	put(root "sys/devices/system/cpu/possible", "0-" ncpu - 1)
	put(root "sys/devices/system/cpu/present", "0-" ncpu - 1)
	thp = root "sys/kernel/mm/transparent_hugepage/"
	put(thp "enabled", "always [madvise] never")
	put(thp "defrag", "always defer defer+madvise [madvise] never")
	put(thp "hpage_pmd_size", 2097152)

	zi = root "proc/zoneinfo"
	ez = root "expected-zones.txt"
	totfree = 0; totman = 0
	for (n = 0; n < nodes; n++) {
		first = 1
		nodefree = 0
		for (z = 1; z <= nz; z++) {
			m = man[n, z]
			tmp = idiv(pmin * m, lowmem)
			if (zname[z] == "Movable") {
				wmin = int(m / 1024)
				wmin = wmin < 32 ? 32 : wmin > 128 ? 128 : wmin
			} else
				wmin = tmp
			g1 = int(tmp / 4)
			g2 = int(m / 10000) * wsf + int((m % 10000) * wsf / 10000)
			gap = g1 > g2 ? g1 : g2
			lo = wmin + gap; hi = lo + gap; pro = hi + gap
			# protection, cumulative: zone z guards against zones above it.
			for (j = 1; j <= nz; j++) prot[j] = 0
			sum = 0
			clear = ratio[z] == 0 || m == 0
			for (j = z + 1; j <= nz; j++) {
				sum += man[n, j]
				prot[j] = clear ? 0 : int(sum / ratio[z])
			}
			ps = prot[1] ", " prot[2] ", " prot[3] ", " prot[4] ", " prot[5]
			printf "%d %s %d %d %d %d %d %d %d %d %d %d\n", n, zname[z], m, wmin, lo, hi, pro,
				prot[1], prot[2], prot[3], prot[4], prot[5] > ez
			printf "Node %d, zone %8s\n", n, zname[z] > zi
			if (m > 0 && first) {
				first = 0
				print "  per-node stats" > zi
				printf "      nr_inactive_anon %d\n      nr_active_anon %d\n      nr_inactive_file %d\n      nr_active_file %d\n      nr_unevictable 0\n      nr_slab_reclaimable %d\n      nr_slab_unreclaimable %d\n      nr_anon_pages %d\n      nr_file_pages %d\n      nr_dirty 0\n      nr_writeback 0\n      nr_shmem 0\n",
					1000 + n, 2048 + n, 4096 + n, 1024 + n, 300 + n, 900 + n, 2048 + n, 1024 + n > zi
			}
			printf "  pages free     %d\n        boost    0\n        min      %d\n        low      %d\n        high     %d\n        promo    %d\n        spanned  %d\n        present  %d\n        managed  %d\n        cma      0\n        protection: (%s)\n",
				fr[n, z], wmin, lo, hi, pro, sp[n, z], pr[n, z], m, ps > zi
			nodefree += fr[n, z]
			totman += m
			if (m == 0)
				continue
			printf "      nr_free_pages %d\n      nr_zone_inactive_anon 0\n      nr_zone_active_anon 0\n      nr_zone_inactive_file 0\n      nr_zone_active_file 0\n      nr_zone_unevictable 0\n      nr_zone_write_pending 0\n      nr_mlock     0\n      nr_bounce    0\n      nr_zspages   0\n      nr_free_cma  0\n      numa_hit     %d\n      numa_miss    %d\n      numa_foreign %d\n      numa_interleave 50\n      numa_local   %d\n      numa_other   1000\n",
				fr[n, z], 100000 + n, n, 2 * n, 99000 + n > zi
			print "  pagesets" > zi
			printf "  node_unreclaimable:  0\n  start_pfn:           %d\n", pfn[n, z] > zi
		}
		totfree += nodefree
		nv = root "sys/devices/system/node/node" n "/vmstat"
		printf "nr_free_pages %d\nnr_inactive_anon %d\nnr_active_anon %d\nnr_inactive_file %d\nnr_active_file %d\nnr_dirty 0\nnr_writeback 0\nworkingset_refault_anon %d\nworkingset_refault_file %d\npgpromote_success 0\npgdemote_kswapd 0\npgdemote_direct 0\npgdemote_khugepaged 0\npgsteal_kswapd %d\npgsteal_direct %d\npgscan_kswapd %d\npgscan_direct %d\n",
			nodefree, 1000 + n, 2048 + n, 4096 + n, 1024 + n, n, 2 * n, 5000 + n, 100 + n, 6000 + n, 200 + n > nv
		close(nv)
	}
	tot = totman * 4
	fk = totfree * 4
	mi = root "proc/meminfo"
	printf "MemTotal:       %.0f kB\nMemFree:        %.0f kB\nMemAvailable:   %.0f kB\nBuffers:               0 kB\nCached:         %.0f kB\nSwapCached:            0 kB\nActive:         %.0f kB\nInactive:       %.0f kB\nDirty:                 0 kB\nWriteback:             0 kB\nAnonPages:      %.0f kB\nShmem:                 0 kB\nSlab:           %.0f kB\nSReclaimable:   %.0f kB\nSUnreclaim:     %.0f kB\nSwapTotal:             0 kB\nSwapFree:              0 kB\nCommitLimit:    %.0f kB\nCommitted_AS:   %.0f kB\nAnonHugePages:         0 kB\nHugePages_Total:       0\nHugePages_Free:        0\nHugePages_Rsvd:        0\nHugePages_Surp:        0\nHugepagesize:       2048 kB\nHugetlb:               0 kB\n",
		tot, fk, fk + 16384 * nodes, 20480 * nodes, 12288 * nodes, 8192 * nodes, 8192 * nodes,
		4800 * nodes, 1200 * nodes, 3600 * nodes, tot / 2, 65536 * nodes > mi
	vs = root "proc/vmstat"
	printf "nr_free_pages %.0f\nnr_dirty 0\nnr_writeback 0\n", totfree > vs
	printf "numa_hit %.0f\nnuma_miss %.0f\nnuma_foreign %.0f\nnuma_interleave %.0f\nnuma_local %.0f\nnuma_other %.0f\n",
		nodes * 100000 + nodes * (nodes - 1) / 2, nodes * (nodes - 1) / 2, nodes * (nodes - 1),
		nodes * 50, nodes * 99000 + nodes * (nodes - 1) / 2, nodes * 1000 > vs
	printf "pgpgin 1000000\npgpgout 2000000\npswpin 0\npswpout 0\npgfault %.0f\npgmajfault %.0f\npgfree %.0f\npgactivate 10000\npgdeactivate 5000\n",
		nodes * 1000000, nodes * 100, nodes * 2000000 > vs
	printf "pgsteal_kswapd %.0f\npgsteal_direct %.0f\npgscan_kswapd %.0f\npgscan_direct %.0f\npgscan_direct_throttle 0\npgscan_anon 0\npgscan_file %.0f\npgsteal_anon 0\npgsteal_file %.0f\n",
		nodes * 5000, nodes * 100, nodes * 6000, nodes * 200, nodes * 6200, nodes * 5100 > vs
	printf "workingset_refault_anon 0\nworkingset_refault_file %.0f\nworkingset_activate_anon 0\nworkingset_activate_file 0\nworkingset_restore_anon 0\nworkingset_restore_file 0\n",
		nodes * (nodes - 1) > vs
	printf "pgpromote_success 0\npgdemote_kswapd 0\npgdemote_direct 0\npgdemote_khugepaged 0\nallocstall_dma 0\nallocstall_dma32 0\nallocstall_normal %d\nallocstall_movable 0\npageoutrun 100\ncompact_stall 10\ncompact_fail 2\ncompact_success 8\nkswapd_low_wmark_hit_quickly 5\nkswapd_high_wmark_hit_quickly 3\noom_kill 0\n",
		nodes > vs
	f = root "expected-facts.txt"
	printf "min_free_kbytes %d\nlowmem_pages %.0f\nmem_total_kb %.0f\nmem_free_kb %.0f\nzone_count %d\n",
		mfk, lowmem, tot, fk, nodes * nz >> f
}'
