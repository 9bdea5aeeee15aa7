#!/bin/sh
# The real numactl as the oracle on trees it cannot otherwise see: in a
# private mount namespace the tree's node directory is bind-mounted over
# /sys/devices/system/node, then `numactl --hardware` runs.  Nothing outside
# the namespace changes and nothing is written.  Needs root, unshare(1) and
# numactl; skipped (with the reason) otherwise.
. "$(dirname "$0")/lib.sh"
if ! command -v numactl >/dev/null 2>&1; then
	echo "SKIP: numactl is not installed"; exit 77
fi
if [ "$(id -u)" -ne 0 ] || ! unshare -m --propagation private true 2>/dev/null; then
	echo "SKIP: needs root and unshare -m (private mount namespace)"; exit 77
fi
if ! unshare -m --propagation private sh -c 'numactl --hardware' >/dev/null 2>&1; then
	echo "SKIP: numactl --hardware fails on this machine"; exit 77
fi

# real_numactl TREE: numactl --hardware with TREE's node directory.
real_numactl() {
	unshare -m --propagation private sh -c \
		'mount --bind "$1/sys/devices/system/node" /sys/devices/system/node && numactl --hardware' \
		sh "$1" >"$VT_TMP/real" 2>/dev/null
}

compare() {
	tree=$1
	real_numactl "$tree" || { fail "$tree: numactl --hardware failed in the namespace"; return; }
	"$VMTUNE" --root "$tree" numa --numactl >"$VT_TMP/vt" 2>"$VT_TMP/vt.err"
	cmp -s "$VT_TMP/real" "$VT_TMP/vt" && pass ||
		fail "$tree: differs from the real numactl: $(diff "$VT_TMP/real" "$VT_TMP/vt" | head -6)"
}

for tree in "$VT_FIXTURES"/handmade-numa-* "$VT_FIXTURES"/qemu-numa4-memonly-boot "$VT_FIXTURES"/qemu-numa2-boot \
	"$VT_FIXTURES"/qemu-numa3-hmat-boot; do
	[ -d "$tree/sys/devices/system/node" ] || continue    # no-NUMA: numa_available() path, see numa.sh
	compare "$tree"
done

# Degraded copies: a node without meminfo, cpumap and distance, a meminfo
# without MemFree, a short distance row; then the last node's row missing.
cp -R "$VT_FIXTURES/handmade-numa-offline" "$VT_TMP/deg"
N="$VT_TMP/deg/sys/devices/system/node"
rm "$N/node1/meminfo" "$N/node1/cpumap" "$N/node1/distance"
printf 'Node 2 MemTotal: 100 kB\n' >"$N/node2/meminfo"
printf '10 16\n' >"$N/node0/distance"
compare "$VT_TMP/deg"
rm "$N/node2/distance"
compare "$VT_TMP/deg"
grep -qx 'No distance information available.' "$VT_TMP/vt" && pass || fail "expected 'No distance information available.'"

# A node directory without any nodeN.
mkdir -p "$VT_TMP/empty/sys/devices/system/node"
compare "$VT_TMP/empty"

# A generated 16-node, 128-CPU tree (the host's libnuma cannot size a
# 1024-CPU mask, so the 64-node tree is checked in numa-scale.sh instead).
sh "${VT_SRCDIR:-$(dirname "$0")/../..}/tests/scale/gen-numa-tree.sh" "$VT_TMP/gen" 16 8
compare "$VT_TMP/gen"
cmp -s "$VT_TMP/real" "$VT_TMP/gen/expected-numactl.txt" && pass ||
	fail "gen-numa-tree.sh's expected text disagrees with the real numactl"
finish
