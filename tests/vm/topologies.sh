#!/bin/sh
# make check (no QEMU): every topology file under tests/vm/topologies parses
# into consistent QEMU options, numa2's are exactly the expected ones, and a
# malformed file is refused with its name, line and the offending text.
set -u
: "${VT_SRCDIR:?run through make check}"
. "$VT_SRCDIR/tests/vm/lib.sh"
fails=0
fail() {
	echo "FAIL: $*"
	fails=$((fails + 1))
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
		have=$(awk '$1 == "node" && NF == 4 {
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
	echo "ok $topo: $cpus CPUs, $mem MiB, $nodes nodes"
done

want=" -object memory-backend-ram,id=mem0,size=1024M -numa node,nodeid=0,memdev=mem0,cpus=0 -object memory-backend-ram,id=mem1,size=1024M -numa node,nodeid=1,memdev=mem1,cpus=1 -numa dist,src=0,dst=1,val=21"
have=$(vm_topology numa2 && echo "$VM_QEMU_ARGS")
[ "$have" = "$want" ] || fail "numa2 options: '$have'"

# Malformed topologies, in a scratch source tree.
scratch=$(mktemp -d) || exit 1
trap 'rm -rf "$scratch"' EXIT
mkdir -p "$scratch/tests/vm/topologies"
printf 'cpus 2\nnode 0 1X 0\n' >"$scratch/tests/vm/topologies/badsize"
printf 'cpus 2\nnodes 0 1G\n' >"$scratch/tests/vm/topologies/badword"
printf '# no memory\ncpus 2\n' >"$scratch/tests/vm/topologies/nomem"
for case in "badsize:badsize:2: bad size 1X" "badword:badword:2: cannot parse: nodes 0 1G" \
	"nomem:nomem: needs cpus and memory or node lines" "missing:unknown topology 'missing'"; do
	name=${case%%:*}
	msg=${case#*:}
	out=$( (VM_DIR="$scratch/tests/vm"; vm_topology "$name") 2>&1) && fail "$name: accepted"
	case $out in
	"vm: error: "*"$msg"*) echo "ok $name refused: $out" ;;
	*) fail "$name: message '$out', want '$msg'" ;;
	esac
done
[ "$fails" -eq 0 ]
