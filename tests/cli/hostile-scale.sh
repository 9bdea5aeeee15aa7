#!/bin/sh
# Hostile inputs sized to blow up time or memory: each case is one check, run
# under `timeout 60` so that a cost that grows too fast fails instead of
# hanging the suite.  The inputs are made in $VT_TMP and removed after use.
. "$(dirname "$0")/lib.sh"
F=$VT_FIXTURES

# scale_case WHAT SCRIPT ARGS...: SCRIPT (sh -c, with ARGS as $1...) must
# succeed within 60 s.
scale_case() {
	what=$1
	shift
	if timeout 60 sh -c "$@" >"$VT_TMP/case.out" 2>&1; then
		pass
	else
		fail "$what: $(head -c 400 "$VT_TMP/case.out")"
	fi
}

# -- cpulist: 64 KiB of "0-65535," repeated (one node holding every CPU, so
# the tree stays consistent).  Expanding each item cost 65536 ids, the lot
# minutes; merged as ranges it is one range.
T="$VT_TMP/cpulist"
cp -r "$F/host-6.18-uma" "$T"
awk 'BEGIN { for (i = 0; i < 8191; i++) printf "%s0-65535", i ? "," : ""; print "" }' >"$T/sys/devices/system/cpu/online"
cp "$T/sys/devices/system/cpu/online" "$T/sys/devices/system/node/node0/cpulist"
awk 'BEGIN { for (i = 0; i < 2048; i++) printf "%sffffffff", i ? "," : ""; print "" }' >"$T/sys/devices/system/node/node0/cpumap"
scale_case "64 KiB cpulists of repeated wide ranges" '
	"$1" --root "$2" numa --json | grep -q "\"cpu_count\": 65536," &&
	"$1" --root "$2" numa >/dev/null && "$1" --root "$2" status >/dev/null' sh "$VMTUNE" "$T"
rm -rf "$T"

# -- watermarks before 6.6: 65536 nodes of six zones (HighMem empty, so
# Movable is not clamped) and a what-if.  The HighMem check ran per zone
# over every zone: 65536 x 393216 per computation.
T="$VT_TMP/zones"
cp -r "$F/qemu-numa2-16g-movablecore4g-boot" "$T"
awk 'BEGIN {
	split("DMA DMA32 Normal HighMem Movable Device", k, " ")
	for (n = 0; n < 65536; n++)
		for (i = 1; i <= 6; i++) {
			p = (k[i] == "Normal" || k[i] == "Movable") ? 4096 : 0
			printf "Node %d, zone %s\npages free 900\nmin 1\nlow 2\nhigh 3\nspanned %d\npresent %d\nmanaged %d\nprotection: (0,0,0,0,0,0)\n", n, k[i], p, p, p
		}
}' >"$T/proc/zoneinfo"
scale_case "watermarks on 393216 zones of a 6.1 kernel" '
	"$1" --root "$2" watermarks --min-free-kbytes 1024 | tail -n 1 | grep -q "^The new min watermarks reserve 8.0 GiB"' \
	sh "$VMTUNE" "$T"
rm -rf "$T"

# -- 20000 empty nodeN directories: the kernel has at most 1024 nodes
# (MAX_NUMNODES), and the distance matrix grows with the square.  The
# first directory beyond the limit is named, nothing is printed.
T="$VT_TMP/nodes"
cp -r "$F/host-6.18-uma" "$T"
(cd "$T/sys/devices/system/node" && seq 1 19999 | sed 's/^/node/' | xargs mkdir)
scale_case "20000 node directories are refused" '
	"$1" --root "$2" numa >"$3/out" 2>"$3/err"
	[ $? -eq 1 ] && [ ! -s "$3/out" ] &&
	grep -q "^vmtune: error: $2/sys/devices/system/node/node1024: node 1024 is beyond the kernel.s limit of 1024 nodes" "$3/err"' \
	sh "$VMTUNE" "$T" "$VT_TMP"
# ... and node1023 is still a node (ids 0-1023).
(cd "$T/sys/devices/system/node" && seq 1024 19999 | sed 's/^/node/' | xargs rmdir)
scale_case "1024 node directories are taken" '
	"$1" --root "$2" numa --json | grep -q "\"node_count\": 1024,"' sh "$VMTUNE" "$T"
rm -rf "$T"

# The sampler (stat, record) lists the node directories too.
T="$VT_TMP/series"
cp -r "$F/qemu-numa2-memhog" "$T"
mkdir "$T/t0/sys/devices/system/node/node1024"
scale_case "stat refuses node1024" '
	"$1" --root "$2" stat >"$3/out" 2>"$3/err"
	[ $? -eq 1 ] && grep -q "^vmtune: error: $2/t0/sys/devices/system/node/node1024: node 1024 is beyond" "$3/err"' \
	sh "$VMTUNE" "$T" "$VT_TMP"
rm -rf "$T"

# -- stat --from: a 100 MB line after a good header.  It was read whole
# (a 1 GiB line took 3 GB); now refused at the bound, with file and line.
R="$VT_TMP/long.jsonl"
head -n 1 "$(dirname "$0")/data/record-4.4-perzone.jsonl" >"$R"
head -c 100000000 /dev/zero | tr '\0' x >>"$R"
echo >>"$R"
scale_case "stat --from with a 100 MB line" '
	"$1" stat --from "$2" >"$3/out" 2>"$3/err"
	[ $? -eq 1 ] && [ ! -s "$3/out" ] &&
	grep -q "^vmtune: error: $2: line 2: longer than 64 MiB" "$3/err"' sh "$VMTUNE" "$R" "$VT_TMP"
rm -f "$R"
finish
