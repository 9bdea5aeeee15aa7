#!/bin/sh
# Generates a large NUMA tree for `vmtune --root`: NODES nodes of CPN CPUs
# each (default 64 x 16 = 1024 CPUs), in groups of 8 nodes ("sockets"):
# distance 10 local, 16 inside a group, 32 between groups (beyond
# RECLAIM_DISTANCE 30).  It also writes, computed here independently of
# vmtune, what `numactl --hardware` prints for it (DIR/expected-numactl.txt)
# and the facts the model must find (DIR/expected-facts.txt).
#
# usage: gen-numa-tree.sh DIR [NODES [CPN]]
set -eu
dir=$1
nodes=${2:-64}
cpn=${3:-16}
# A new directory only: an empty DIR would write this machine's /sys.
case $dir in
''|/) echo "gen-numa-tree.sh: DIR must name a new directory, not '$dir'" >&2; exit 2 ;;
esac
[ ! -e "$dir" ] || { echo "gen-numa-tree.sh: $dir exists" >&2; exit 1; }
# One mkdir for every node directory: a shell loop costs a process per node.
awk -v d="$dir/sys/devices/system/node/node" -v n="$nodes" \
	'BEGIN { for (i = 0; i < n; i++) print d i }' | xargs mkdir -p
mkdir -p "$dir/proc/sys/kernel" "$dir/sys/devices/system/cpu" "$dir/sys/devices/virtual/memory_tiering/memory_tier4"
echo "6.18.0-generated" >"$dir/proc/sys/kernel/osrelease"
awk -v dir="$dir" -v nodes="$nodes" -v cpn="$cpn" '
function hexword(v) { return sprintf("%08x", v) }
# A function, not an array: a million string-keyed cells cost seconds.
function dist(n, m) { return n == m ? 10 : int(n / 8) == int(m / 8) ? 16 : 32 }
BEGIN {
	base = dir "/sys/devices/system/node"
	ncpu = nodes * cpn
	last = nodes - 1
	printf "0-%d\n", last > (base "/possible")
	printf "0-%d\n", last > (base "/online")
	printf "0-%d\n", last > (base "/has_memory")
	printf "0-%d\n", last > (base "/has_normal_memory")
	printf "0-%d\n", last > (base "/has_cpu")
	printf "\n" > (base "/has_generic_initiator")
	printf "0-%d\n", ncpu - 1 > (dir "/sys/devices/system/cpu/online")
	printf "0-%d\n", last > (dir "/sys/devices/virtual/memory_tiering/memory_tier4/nodelist")
	words = int((ncpu + 31) / 32)
	outf = dir "/expected-numactl.txt"
	printf "available: %d nodes (0-%d)\n", nodes, last > outf
	for (n = 0; n < nodes; n++) {
		d = base "/node" n
		lo = n * cpn; hi = lo + cpn - 1
		printf "%d-%d\n", lo, hi > (d "/cpulist")
		# cpumap: 32-bit words, most significant first; each word holds
		# bits s..e of the node CPU range.  Lines are printed piecewise, as
		# string building costs quadratic time at 4096 CPUs.
		for (w = words - 1; w >= 0; w--) {
			s = lo > w * 32 ? lo - w * 32 : 0
			e = hi < w * 32 + 31 ? hi - w * 32 : 31
			v = (s <= e) ? 2 ^ (e + 1) - 2 ^ s : 0
			printf "%s%s", hexword(v), (w ? "," : "\n") > (d "/cpumap")
		}
		close(d "/cpumap")
		total = 16777216 + n * 1536
		free = int(total / 3) + n
		printf "Node %d MemTotal:       %d kB\n", n, total > (d "/meminfo")
		printf "Node %d MemFree:        %d kB\n", n, free > (d "/meminfo")
		printf "Node %d MemUsed:        %d kB\n", n, total - free > (d "/meminfo")
		printf "Node %d FilePages:      %d kB\n", n, 4096 + n > (d "/meminfo")
		printf "Node %d AnonPages:      %d kB\n", n, 8192 + n > (d "/meminfo")
		printf "Node %d HugePages_Total:     0\n", n > (d "/meminfo")
		printf "numa_hit %d\nnuma_miss %d\nnuma_foreign %d\ninterleave_hit %d\nlocal_node %d\nother_node %d\n",
			100000 + n, n, 2 * n, 50, 99000 + n, 1000 > (d "/numastat")
		for (m = 0; m < nodes; m++) {
			printf "%s%d", (m ? " " : ""), dist(n, m) > (d "/distance")
		}
		print "" > (d "/distance")
		close(d "/cpulist"); close(d "/meminfo"); close(d "/numastat"); close(d "/distance")
		printf "node %d cpus:", n > outf
		for (c = lo; c <= hi; c++)
			printf " %d", c > outf
		print "" > outf
		# numactl: kB << 10 >> 20, i.e. whole MiB rounded down.
		printf "node %d size: %d MB\n", n, int(total / 1024) > outf
		printf "node %d free: %d MB\n", n, int(free / 1024) > outf
	}
	print "node distances:" > outf
	printf "node " > outf
	for (m = 0; m < nodes; m++)
		printf "% 3d ", m > outf
	print "" > outf
	for (n = 0; n < nodes; n++) {
		printf "% 3d: ", n > outf
		for (m = 0; m < nodes; m++)
			printf "% 3d ", dist(n, m) > outf
		print "" > outf
	}
	groups = int((nodes + 7) / 8)
	pairs = 0
	for (n = 0; n < nodes; n++)
		for (m = n + 1; m < nodes; m++)
			if (dist(n, m) > 30)
				pairs++
	f = dir "/expected-facts.txt"
	printf "node_count %d\ncpu_count %d\nmax_remote %d\npairs_beyond %d\n", nodes, ncpu,
		(nodes > 8 ? 32 : 16), pairs > f
}'
