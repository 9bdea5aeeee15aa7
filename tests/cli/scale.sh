#!/bin/sh
# Whole generated machines of 64 nodes x 64 CPUs, 256 x 16 and 1024 x 4
# (tests/scale/gen-tree.sh, made here, not committed): every command reads
# them and gives the numbers the generator computed on its own: watermarks and
# protection of every zone, numactl's text, NUMA facts, totals, the advice (all
# knobs as the kernel would set them: nothing to change), one zone row per
# populated zone in export and top, and a snapshot that reads back the same.
# `timeout 120` only turns a hang into a failure; nothing here is timed.
. "$(dirname "$0")/lib.sh"
GEN="${VT_SRCDIR:-$(dirname "$0")/../..}/tests/scale/gen-tree.sh"

# run NAME CODE ARGS...: vmtune ARGS under timeout, stdout kept in $VT_TMP/NAME
run() {
	name=$1
	code=$2
	shift 2
	expect_exit "$code" timeout 120 "$VMTUNE" "$@"
	cp "$VT_TMP/out" "$VT_TMP/$name"
}

for shape in 64x64 256x16 1024x4; do
	n=${shape%x*}
	cpn=${shape#*x}
	T="$VT_TMP/t$n"
	sh "$GEN" "$T" "$n" "$cpn" || fail "gen-tree.sh $n $cpn"
	mfk=$(awk '$1 == "min_free_kbytes" { print $2 }' "$T/expected-facts.txt")
	lowmem=$(awk '$1 == "lowmem_pages" { print $2 }' "$T/expected-facts.txt")

	run status.$n 0 --root "$T" status
	expect_grep "^NUMA        $n nodes online (0-$((n - 1))), max distance 32 > RECLAIM_DISTANCE 30$" "$VT_TMP/out"
	expect_grep "^            node $((n - 1)): 1 of 5 zones populated, free [0-9.]* GiB of [0-9.]* GiB, .* all above high$" "$VT_TMP/out"
	run status-json.$n 0 --root "$T" status --json

	run wm.$n 0 --root "$T" watermarks
	expect_grep "^Settings    vm.min_free_kbytes $mfk kB ($((mfk / 4)) pages over $lowmem lowmem pages), vm.watermark_scale_factor 10$" "$VT_TMP/out"
	expect_grep "^Node $((n - 1)) (MiB)$" "$VT_TMP/out"
	run wm-json.$n 0 --root "$T" watermarks --json

	run numactl.$n 0 --root "$T" numa --numactl
	cmp -s "$VT_TMP/out" "$T/expected-numactl.txt" && pass ||
		fail "$n nodes: --numactl differs from the generator's: $(diff "$T/expected-numactl.txt" "$VT_TMP/out" | head -5)"
	run numa.$n 0 --root "$T" numa
	expect_grep "^NUMA        $n nodes online (0-$((n - 1))), 4096 CPUs" "$VT_TMP/out"
	run numa-json.$n 0 --root "$T" numa --json

	run rec-json.$n 0 --root "$T" recommend --json
	run check.$n 0 --root "$T" check
	expect_grep '^compliant: 0 knobs drift, 0 waived' "$VT_TMP/out"
	run apply.$n 3 --root "$T" apply --dry-run vm.swappiness=10
	expect_grep '^vm.swappiness  *60  *10  change$' "$VT_TMP/out"
	expect_grep '^dry run: 1 of 1 knob would change; nothing written' "$VT_TMP/out"
	[ "$(cat "$T/proc/sys/vm/swappiness")" = 60 ] && pass || fail "$n nodes: a dry run wrote swappiness"

	# top: a tree is one moment, so one frame; 23 zone rows fit in 40 lines
	# and the rest are counted.
	run top.$n 0 --root "$T" top --batch --iterations 2 --size 120x40
	[ "$(grep -c '^N0 DMA ' "$VT_TMP/out")" = 1 ] && [ "$(wc -l <"$VT_TMP/out")" = 40 ] && pass ||
		fail "$n nodes: top did not draw one 40-line frame"
	expect_grep "^  \.\.\. $((n + 2 - 23)) more (a taller terminal, or tab to focus)$" "$VT_TMP/out"

	run export.$n 0 --root "$T" export
	wc -l <"$VT_TMP/out" >"$VT_TMP/export-lines.$n"

	rm -rf "$VT_TMP/snap"
	run snap.$n 0 --root "$T" snapshot "$VT_TMP/snap"
	expect_grep "^snapshot of $T written to $VT_TMP/snap: " "$VT_TMP/out"
	for c in "watermarks --json" "numa --json" "status --json" export; do
		# shellcheck disable=SC2086
		timeout 120 "$VMTUNE" --root "$VT_TMP/snap" $c >"$VT_TMP/back" 2>"$VT_TMP/err" || fail "$n nodes: $c on the snapshot: $(head -c 300 "$VT_TMP/err")"
		case $c in
		export) from=export.$n ;;
		status*) from=status-json.$n ;;
		numa*) from=numa-json.$n ;;
		*) from=wm-json.$n ;;
		esac
		# What may differ: the kind of root and its name.
		sed '/vmtune_info{/d; /"source": {/,/}/d' "$VT_TMP/$from" >"$VT_TMP/a"
		sed '/vmtune_info{/d; /"source": {/,/}/d' "$VT_TMP/back" >"$VT_TMP/b"
		cmp -s "$VT_TMP/a" "$VT_TMP/b" && pass ||
			fail "$n nodes: $c differs after a snapshot: $(diff "$VT_TMP/a" "$VT_TMP/b" | head -6)"
	done
	rm -rf "$VT_TMP/snap"

	python3 - "$VT_TMP" "$T" "$n" <<'PY' && pass || fail "$n nodes: JSON and export numbers"
import json, sys
tmp, tree, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
facts = dict(l.split() for l in open(tree + "/expected-facts.txt"))
want = {}
for l in open(tree + "/expected-zones.txt"):
    f = l.split()
    want[int(f[0]), f[1]] = dict(managed=int(f[2]), min=int(f[3]), low=int(f[4]),
                                 high=int(f[5]), promo=int(f[6]), prot=[int(x) for x in f[7:12]])
assert len(want) == 5 * n
def load(name):
    return json.load(open("%s/%s.%d" % (tmp, name, n)))

w = load("wm-json")
assert w["zones_compared"] == w["zones_matching"] == 5 * n, (w["zones_compared"], w["zones_matching"])
assert w["settings"]["min_free_kbytes"] == int(facts["min_free_kbytes"])
assert w["totals"]["lowmem_pages"] == int(facts["lowmem_pages"])
assert w["min_free_origin"] == "khugepaged" and not w["stale"]
assert len({z["node"] for z in w["zones"]}) == n
for z in w["zones"]:
    e = want[z["node"], z["zone"]]
    marks = {k: e[k] for k in ("min", "low", "high", "promo")}
    assert z["managed"] == e["managed"], z
    assert z["printed"] == marks and z["model"] == marks, (z, e)
    assert z["protection"]["printed"] == z["protection"]["model"] == e["prot"], (z, e)

j = load("numa-json")
assert j["node_count"] == int(facts["node_count"]) == n
assert j["cpu_count"] == int(facts["cpu_count"]) == 4096
assert j["distance"]["pairs_beyond_reclaim_distance"] == int(facts["pairs_beyond"])
assert j["distance"]["max_remote"] == 32 and j["distance"]["symmetric"]
assert [x["id"] for x in j["nodes"]] == list(range(n))
cpn = 4096 // n
assert j["nodes"][-1]["cpus"] == "%d-4095" % (4096 - cpn)
assert j["mem_total_kb"] == int(facts["mem_total_kb"])

s = load("status-json")
assert s["numa"]["node_count"] == n and s["memory"]["total_kb"] == int(facts["mem_total_kb"])
assert s["memory"]["free_kb"] == int(facts["mem_free_kb"])
assert [z["node"] for z in s["zones"]] == list(range(n))
for z in s["zones"]:
    mins = [want[z["node"], k]["min"] for k in ("DMA", "DMA32", "Normal", "Movable", "Device")]
    assert z["populated"] == (3 if z["node"] == 0 else 1) and z["state"] == "above_high", z
    assert z["min_pages"] == sum(mins), (z, mins)
assert s["advice"]["changes"] == 0

r = load("rec-json")
assert r["changes"] == 0
got = {x["knob"]: (x["action"], x["current"]) for x in r["recommendations"]}
assert got["vm.min_free_kbytes"] == ("keep", int(facts["min_free_kbytes"])), got
assert got["vm.swappiness"] == ("keep", 60) and got["vm.zone_reclaim_mode"] == ("keep", 0), got

mins = {}
for l in open("%s/export.%d" % (tmp, n)):
    if l.startswith("vmtune_zone_min_bytes{"):
        lab = dict(p.split("=") for p in l[l.index("{") + 1:l.index("}")].split(","))
        mins[int(lab["node"].strip('"')), lab["zone"].strip('"')] = int(l.split()[-1])
assert len(mins) == n + 2, len(mins)
for k, v in mins.items():
    assert v == want[k]["min"] * 4096, (k, v)
PY
done

# export: one block of six zone series per populated zone, so its length
# grows by exactly 6 lines per node.
l64=$(cat "$VT_TMP/export-lines.64")
l256=$(cat "$VT_TMP/export-lines.256")
l1024=$(cat "$VT_TMP/export-lines.1024")
[ $((l256 - l64)) -eq $((6 * 192)) ] && [ $((l1024 - l256)) -eq $((6 * 768)) ] && pass ||
	fail "export lines $l64, $l256, $l1024 for 64, 256, 1024 nodes: not 6 more per node"
finish
