#!/bin/sh
# A generated 64-node, 1024-CPU tree (tests/scale/gen-numa-tree.sh, made here,
# not committed): numactl text, JSON facts and the text header are right.
. "$(dirname "$0")/lib.sh"
T="$VT_TMP/big"
sh "${VT_SRCDIR:-$(dirname "$0")/../..}/tests/scale/gen-numa-tree.sh" "$T" 64 16
expect_exit 0 "$VMTUNE" --root "$T" numa --numactl
cmp -s "$VT_TMP/out" "$T/expected-numactl.txt" && pass ||
	fail "64-node --numactl differs from the generator's: $(diff "$T/expected-numactl.txt" "$VT_TMP/out" | head -5)"
expect_exit 0 "$VMTUNE" --root "$T" numa --json
python3 - "$VT_TMP/out" "$T/expected-facts.txt" <<'PY' && pass || fail "64-node JSON facts"
import json, sys
j = json.load(open(sys.argv[1]))
want = dict(l.split() for l in open(sys.argv[2]))
d = j["distance"]
assert j["node_count"] == int(want["node_count"]) == 64
assert j["cpu_count"] == int(want["cpu_count"]) == 1024
assert d["max_remote"] == int(want["max_remote"]) and d["exceeds_reclaim_distance"]
assert d["pairs_beyond_reclaim_distance"] == int(want["pairs_beyond"])
assert d["square"] and d["symmetric"] and d["local_ok"] and d["remote_classes"] == [16, 32]
assert [n["id"] for n in j["nodes"]] == list(range(64))
assert j["nodes"][63]["cpus"] == "1008-1023" and j["nodes"][10]["cpu_count"] == 16
assert j["nodes"][5]["mem_total_kb"] == 16777216 + 5 * 1536
assert j["memory_only_nodes"] == "" and j["tiers"] == [{"id": 4, "nodes": "0-63"}]
PY
expect_exit 0 "$VMTUNE" --root "$T" numa
expect_grep '^NUMA        64 nodes online (0-63), 1024 CPUs' "$VT_TMP/out"
expect_grep 'largest 32 (node 0 -> 8) > RECLAIM_DISTANCE 30: 1792 node pairs beyond it$' "$VT_TMP/out"
expect_grep '^   63  cpu+memory .*  1008-1023$' "$VT_TMP/out"
finish
