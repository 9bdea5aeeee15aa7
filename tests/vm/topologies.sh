#!/bin/sh
# make check (no QEMU): every topology file under tests/vm/topologies parses
# into consistent QEMU options (HMAT tables complete and unambiguous),
# numa2's and the HMAT directives' are exactly the expected ones, and a
# malformed file is refused with its name, line and the offending text.
set -u
: "${VT_SRCDIR:?run through make check}"
. "$VT_SRCDIR/tests/vm/lib.sh"
fails=0
fail() {
	echo "FAIL: $*"
	fails=$((fails + 1))
}

# HMAT (machine hmat=on): QEMU 7.2 itself only insists that initiators
# have CPUs and no pair is given twice; a pair left out becomes a 0
# ("not provided") entry.  Here every CPU-less node names its
# initiator, every data type used covers each (CPU node, node) pair
# once, and no two latencies (or bandwidths) are equal, so that a
# test cannot pass with initiator and target or read and write mixed up.
hmat_check() {
	awk -v f="$1" '
		function err(m) { print "FAIL: " f ": " m }
		$1 == "machine" && $2 == "hmat=on" { on = 1 }
		$1 == "node" {
			node[$2] = 1
			if ($NF ~ /^initiator=/) { init[$2] = substr($NF, 11); ninit++ }
			if (NF >= 4 && $4 !~ /^initiator=/) cpu[$2] = 1
		}
		$1 == "hmat-lb" {
			lines++
			if (!($2 in cpu)) err("hmat-lb initiator " $2 " has no CPUs")
			if (!($3 in node)) err("hmat-lb target " $3 " is no node")
			k = $4 " " $2 " " $3
			if (k in seen) err("hmat-lb " k " twice")
			seen[k] = 1; types[$4] = 1
			kind = ($4 ~ /latency$/) ? "latency" : "bandwidth"
			if ((kind, $5) in value) err("two " kind " entries of " $5)
			value[kind, $5] = 1
		}
		END {
			if (!on) {
				if (lines || ninit) err("hmat-lb or initiator= without machine hmat=on")
				exit
			}
			for (id in node) {
				if (!(id in cpu) && !(id in init)) err("CPU-less node " id " names no initiator")
				if ((id in init) && !(init[id] in cpu)) err("initiator of node " id " has no CPUs")
			}
			for (t in types) for (i in cpu) for (id in node)
				if (!((t " " i " " id) in seen)) err("no hmat-lb " i " " id " " t)
			if (!lines) err("machine hmat=on without hmat-lb lines")
			printf "%d hmat-lb entries\n", lines
		}' "$2"
}

for topo in $(vm_topologies); do
	out=$( (vm_topology "$topo" && printf '%s\n%s\n%s\n' "$VM_CPUS" "$VM_MEM" "$VM_QEMU_ARGS") 2>&1) ||
		{ fail "$topo: $out"; continue; }
	cpus=$(echo "$out" | sed -n 1p)
	mem=$(echo "$out" | sed -n 2p)
	args=$(echo "$out" | sed -n 3p)
	file="$VT_SRCDIR/tests/vm/topologies/$topo"
	nodes=$(grep -c '^node ' "$file" || :)
	[ "$cpus" -gt 0 ] && [ "$mem" -ge 512 ] || fail "$topo: $cpus CPUs, $mem MiB"
	[ "$(echo "$args" | grep -o -- '-numa node,' | wc -l)" -eq "$nodes" ] ||
		fail "$topo: $nodes node lines but QEMU options: $args"
	[ "$(echo "$args" | grep -o -- '-object memory-backend-ram' | wc -l)" -eq "$nodes" ] ||
		fail "$topo: one memory backend per node expected: $args"
	if [ "$nodes" -gt 0 ]; then
		# Every vCPU belongs to exactly one node (QEMU only warns otherwise).
		have=$(awk '$1 == "node" && NF >= 4 && $4 !~ /^initiator=/ {
			n = split($4, parts, ",")
			for (i = 1; i <= n; i++) {
				if (split(parts[i], r, "-") == 2) { for (c = r[1]; c <= r[2]; c++) print c }
				else print parts[i]
			}
		}' "$file" | sort -n | tr '\n' ' ')
		want=$(seq 0 $((cpus - 1)) | tr '\n' ' ')
		[ "$have" = "$want" ] || fail "$topo: CPUs in nodes are '$have', want '$want'"
		total=$(awk '$1 == "node" { s += ($3 ~ /G$/) ? $3 * 1024 : $3 + 0 } END { print s }' "$file")
		[ "$total" -eq "$mem" ] || fail "$topo: nodes add up to $total MiB, -m is $mem"
		# Distances: between existing nodes, each pair once, above 10.
		awk -v f="$topo" '$1 == "node" { node[$2] = 1 }
			$1 == "distance" {
				if (!($2 in node) || !($3 in node) || $2 == $3) print "FAIL: " f ": bad pair " $2 " " $3
				if ($4 <= 10 || $4 > 254) print "FAIL: " f ": distance " $4
				k = ($2 < $3) ? $2 "-" $3 : $3 "-" $2
				if (k in seen) print "FAIL: " f ": pair " k " twice"
				seen[k] = 1
			}' "$file" >"${TMPDIR:-/tmp}/vt-topo.$$"
		[ ! -s "${TMPDIR:-/tmp}/vt-topo.$$" ] || { cat "${TMPDIR:-/tmp}/vt-topo.$$"; fails=$((fails + 1)); }
		rm -f "${TMPDIR:-/tmp}/vt-topo.$$"
	fi
	hmat=$(hmat_check "$topo" "$file")
	case $hmat in
	*FAIL:*) echo "$hmat" | grep FAIL; fails=$((fails + 1)) ;;
	?*) echo "ok $topo: HMAT, $hmat" ;;
	esac
	[ "$(echo "$args" | grep -o -- '-numa hmat-lb,' | wc -l)" -eq "$(grep -c '^hmat-lb ' "$file")" ] ||
		fail "$topo: hmat-lb lines and QEMU options differ: $args"
	echo "ok $topo: $cpus CPUs, $mem MiB, $nodes nodes"
done

want=" -object memory-backend-ram,id=mem0,size=1024M -numa node,nodeid=0,memdev=mem0,cpus=0 -object memory-backend-ram,id=mem1,size=1024M -numa node,nodeid=1,memdev=mem1,cpus=1 -numa dist,src=0,dst=1,val=21"
have=$(vm_topology numa2 && echo "$VM_QEMU_ARGS")
[ "$have" = "$want" ] || fail "numa2 options: '$have'"

# Malformed topologies, in a scratch source tree.
scratch=$(mktemp -d) || exit 1
trap 'rm -rf "$scratch"' EXIT
mkdir -p "$scratch/tests/vm/topologies"
# The HMAT directives, exactly.
printf 'machine hmat=on\ncpus 1\nnode 0 1G 0\nnode 1 512M initiator=0\ndistance 0 1 31\nhmat-lb 0 1 access-latency 90\nhmat-lb 0 0 write-bandwidth 2G\n' \
	>"$scratch/tests/vm/topologies/hmat"
want=" -machine hmat=on -object memory-backend-ram,id=mem0,size=1024M -numa node,nodeid=0,memdev=mem0,cpus=0 -object memory-backend-ram,id=mem1,size=512M -numa node,nodeid=1,memdev=mem1,initiator=0 -numa dist,src=0,dst=1,val=31 -numa hmat-lb,initiator=0,target=1,hierarchy=memory,data-type=access-latency,latency=90 -numa hmat-lb,initiator=0,target=0,hierarchy=memory,data-type=write-bandwidth,bandwidth=2G"
have=$( (VM_DIR="$scratch/tests/vm"; vm_topology hmat && echo "$VM_QEMU_ARGS") 2>&1)
[ "$have" = "$want" ] && echo "ok hmat directives" || fail "hmat options: '$have'"
# hmat_check on broken copies of numa3-hmat.
hm="$VT_SRCDIR/tests/vm/topologies/numa3-hmat"
for case in "/^hmat-lb 1 0 read-latency/d:no hmat-lb 1 0 read-latency" \
	"s/ 6144M/ 5120M/:two bandwidth entries of 5120M" \
	"s/ 239\$/ 73/:two latency entries of 73" \
	"s/ initiator=1//:CPU-less node 2 names no initiator" \
	"s/ initiator=1/ initiator=2/:initiator of node 2 has no CPUs" \
	"/^machine/d:hmat-lb or initiator= without machine hmat=on" \
	"s/^hmat-lb 1 1 write-latency 89/&\\n&/:hmat-lb write-latency 1 1 twice"; do
	sed "${case%%:*}" "$hm" >"$scratch/hmat-bad"
	out=$(hmat_check bad "$scratch/hmat-bad")
	case $out in
	*"FAIL: bad: ${case#*:}"*) echo "ok hmat_check refused: ${case#*:}" ;;
	*) fail "hmat_check accepted ${case%%:*}: $out" ;;
	esac
done
printf 'cpus 1\nnode 0 1G 0\nnode 1 1G initiator=x\n' >"$scratch/tests/vm/topologies/badinit"
printf 'cpus 1\nnode 0 1G 0\nhmat-lb 0 0 read-bandwidth 100\n' >"$scratch/tests/vm/topologies/badbw"
printf 'cpus 1\nnode 0 1G 0\nhmat-lb 0 0 read-latency 5M\n' >"$scratch/tests/vm/topologies/badlat"
printf 'cpus 1\nmachine hmat=yes\nnode 0 1G 0\n' >"$scratch/tests/vm/topologies/badmachine"
printf 'cpus 2\nnode 0 1X 0\n' >"$scratch/tests/vm/topologies/badsize"
printf 'cpus 2\nnodes 0 1G\n' >"$scratch/tests/vm/topologies/badword"
printf '# no memory\ncpus 2\n' >"$scratch/tests/vm/topologies/nomem"
for case in "badsize:badsize:2: bad size 1X" "badword:badword:2: cannot parse: nodes 0 1G" \
	"nomem:nomem: needs cpus and memory or node lines" "missing:unknown topology 'missing'" \
	"badinit:badinit:3: cannot parse: node 1 1G initiator=x" \
	"badbw:badbw:3: cannot parse: hmat-lb 0 0 read-bandwidth 100" \
	"badlat:badlat:3: cannot parse: hmat-lb 0 0 read-latency 5M" \
	"badmachine:badmachine:2: cannot parse: machine hmat=yes"; do
	name=${case%%:*}
	msg=${case#*:}
	out=$( (VM_DIR="$scratch/tests/vm"; vm_topology "$name") 2>&1) && fail "$name: accepted"
	case $out in
	"vm: error: "*"$msg"*) echo "ok $name refused: $out" ;;
	*) fail "$name: message '$out', want '$msg'" ;;
	esac
done
[ "$fails" -eq 0 ]
