#!/bin/sh
# `vmtune numa`: numactl --hardware to the byte (captured guest output and
# the live machine), text and JSON on the guest and HAND-MADE trees, bad
# input, usage errors, and the NUMA line of `status`.
. "$(dirname "$0")/lib.sh"

# 1. Every fixture with the guest's own `numactl --hardware` output.
n=0
for ref in $(find "$VT_FIXTURES" -name numactl-hardware.txt | sort); do
	dir=$(dirname "$ref")
	n=$((n + 1))
	expect_exit 0 "$VMTUNE" --root "$dir" numa --numactl
	cmp -s "$VT_TMP/out" "$ref" && pass ||
		fail "$dir: numa --numactl differs from the guest's numactl --hardware: $(diff "$ref" "$VT_TMP/out" | head -5)"
	[ -s "$VT_TMP/err" ] && fail "$dir: stderr not empty: $(head -c 200 "$VT_TMP/err")" || pass
done
[ "$n" -ge 2 ] && pass || fail "expected at least 2 fixtures with numactl-hardware.txt, found $n"
echo "$n fixtures compared with the guest's numactl --hardware"

# 2. The live machine against the real numactl.
# Free memory moves while other programs run (builds, the sanitizers' own
# shadow memory): pass when, in one of up to 50 tries, numactl printed the
# same before and after vmtune and vmtune printed exactly that; every line
# but the "free" ones must agree on every try.
if command -v numactl >/dev/null 2>&1 && numactl --hardware >"$VT_TMP/live-numactl" 2>"$VT_TMP/live-numactl.err"; then
	tries=0
	matched=no
	bracketed=no
	while [ "$tries" -lt 50 ] && [ "$matched" = no ]; do
		tries=$((tries + 1))
		numactl --hardware >"$VT_TMP/live-before" 2>/dev/null
		"$VMTUNE" numa --numactl >"$VT_TMP/live-vt" 2>"$VT_TMP/live-vt.err" ||
			{ fail "live: numa --numactl failed: $(head -c 200 "$VT_TMP/live-vt.err")"; break; }
		numactl --hardware >"$VT_TMP/live-after" 2>/dev/null
		grep -v ' free: ' "$VT_TMP/live-before" >"$VT_TMP/live-b"
		grep -v ' free: ' "$VT_TMP/live-vt" >"$VT_TMP/live-v"
		cmp -s "$VT_TMP/live-v" "$VT_TMP/live-b" ||
			{ fail "live: numa --numactl differs from numactl --hardware: $(diff "$VT_TMP/live-b" "$VT_TMP/live-v" | head -5)"; break; }
		if cmp -s "$VT_TMP/live-before" "$VT_TMP/live-after" && cmp -s "$VT_TMP/live-vt" "$VT_TMP/live-before"; then
			matched=yes
		elif [ "$bracketed" = no ] && paste -d ' ' "$VT_TMP/live-before" "$VT_TMP/live-vt" "$VT_TMP/live-after" |
			awk '$3 == "free:" { b = $4; v = $9; a = $14; lo = (b < a) ? b : a; hi = (b < a) ? a : b;
				if (v < lo || v > hi) bad = 1; n++ } END { exit !(n > 0 && !bad) }'; then
			# Under load free memory rarely holds still for three reads; a value
			# read between two numactl runs must lie between their values.
			bracketed=yes
		fi
	done
	if [ "$matched" = yes ]; then
		pass
		echo "live oracle: byte-identical after $tries tr$( [ "$tries" -eq 1 ] && echo y || echo ies)"
	elif [ "$bracketed" = yes ]; then
		pass
		echo "live oracle: all lines identical; free memory never held still in $tries tries, but vmtune's free lay between numactl's before and after"
	else
		fail "live: never byte-identical to numactl --hardware in $tries tries: $(diff "$VT_TMP/live-before" "$VT_TMP/live-vt" | head -5)"
	fi
else
	echo "SKIP live oracle: numactl is not installed (or failed); install the numactl package"
fi

# 3. Text on the 4-node guest: memory-only node 3, distances beyond 30.
G4="$VT_FIXTURES/qemu-numa4-memonly-boot"
expect_exit 0 "$VMTUNE" --root "$G4" numa
cp "$VT_TMP/out" "$VT_TMP/g4.txt"
expect_grep '^NUMA        4 nodes online (0-3), 3 CPUs' "$VT_TMP/g4.txt"
expect_grep '^Memory-only 3 (' "$VT_TMP/g4.txt"
expect_grep '^Node sets   possible 0-3, online 0-3, has_memory 0-3, has_normal_memory 0-3,$' "$VT_TMP/g4.txt"
expect_grep '^            has_high_memory (not available), has_cpu 0-2, has_generic_initiator (none)$' "$VT_TMP/g4.txt"
expect_grep '^    3  memory-only .*     4  Normal  *-$' "$VT_TMP/g4.txt"
expect_grep '^    0    10   21   21   32$' "$VT_TMP/g4.txt"
expect_grep '^Matrix      4x4, symmetric, local distance 10 on every node$' "$VT_TMP/g4.txt"
expect_grep 'largest 48 (node 2 -> 3) > RECLAIM_DISTANCE 30: 3 node pairs beyond it$' "$VT_TMP/g4.txt"
expect_grep '^Tiers       memory_tier4: nodes 0-3' "$VT_TMP/g4.txt"
expect_grep '^ node        numa_hit' "$VT_TMP/g4.txt"

# 4. JSON: valid, and the model's facts.
expect_exit 0 "$VMTUNE" --root "$G4" numa --json
json_valid "$VT_TMP/out" && pass || fail "numa --json is not valid JSON"
python3 - "$VT_TMP/out" <<'PY' && pass || fail "numa --json facts on the 4-node guest"
import json, sys
j = json.load(open(sys.argv[1]))
assert j["schema_version"] == 1
assert j["numa_available"] is True
assert j["node_count"] == 4 and j["cpu_count"] == 3
assert j["memory_only_nodes"] == "3" and j["cpu_only_nodes"] == ""
assert j["sets"]["has_cpu"] == "0-2" and j["sets"]["has_high_memory"] is None
d = j["distance"]
assert d["square"] and d["symmetric"] and d["local_ok"]
assert d["max_remote"] == 48 and d["exceeds_reclaim_distance"] is True
assert d["pairs_beyond_reclaim_distance"] == 3 and d["remote_classes"] == [21, 32, 40, 48]
assert d["matrix"][3] == [32, 40, 48, 10]
n3 = j["nodes"][3]
assert n3["memory_only"] and n3["kind"] == "memory-only" and n3["cpus"] == "" and n3["tier"] == 4
assert n3["numastat"]["numa_hit"] > 0 and n3["hmat"] == {}
assert [z["name"] for z in n3["zones"] if z["populated"]] == ["Normal"]
assert [z["name"] for z in j["nodes"][0]["zones"] if z["populated"]] == ["DMA", "DMA32"]
assert j["tiers"] == [{"id": 4, "nodes": "0-3"}]
PY

# 4b. The real kernel's HMAT (numa3-hmat: QEMU's figures, see the fixtures
# README): each CPU node is target and initiator at once; its figures follow
# its initiators, its targets come after a semicolon.
G3="$VT_FIXTURES/qemu-numa3-hmat-boot"
expect_exit 0 "$VMTUNE" --root "$G3" numa
expect_grep '^  node 1 access0: initiators 1, read 19456 MB/s, write 17408 MB/s, read 73 ns, write 89 ns; targets 1-2$' "$VT_TMP/out"
expect_grep '^  node 2 access1: initiators 1, read 5120 MB/s, write 6144 MB/s, read 239 ns, write 277 ns$' "$VT_TMP/out"
expect_grep '^Tiers       memory_tier4: nodes 0-2 ' "$VT_TMP/out"
expect_grep '^Memory-only 2 (' "$VT_TMP/out"
expect_exit 0 "$VMTUNE" --root "$G3" numa --json
python3 - "$VT_TMP/out" <<'PY' && pass || fail "numa --json HMAT facts on qemu-numa3-hmat-boot"
import json, sys
j = json.load(open(sys.argv[1]))
n = j["nodes"]
assert n[0]["hmat"]["access1"] == {"initiators": "0", "targets": "0", "read_bandwidth": 20480,
                                   "write_bandwidth": 18432, "read_latency": 71, "write_latency": 83}
assert n[2]["hmat"]["access0"] == {"initiators": "1", "targets": "", "read_bandwidth": 5120,
                                   "write_bandwidth": 6144, "read_latency": 239, "write_latency": 277}
assert n[1]["hmat"]["access0"]["targets"] == "1-2"
assert j["memory_only_nodes"] == "2" and j["tiers"] == [{"id": 4, "nodes": "0-2"}]
assert j["distance"]["matrix"] == [[10, 21, 42], [21, 10, 32], [42, 32, 10]]
PY

# 5. HAND-MADE trees.
H="$VT_FIXTURES"
expect_exit 0 "$VMTUNE" --root "$H/handmade-numa-sparse" numa
expect_grep '^NUMA        2 nodes online (0,2), 4 CPUs, 8.0 GiB, sparse node ids$' "$VT_TMP/out"
expect_grep '^Offline     1 (possible, not online)$' "$VT_TMP/out"
expect_grep '^ node     0    2$' "$VT_TMP/out"
expect_exit 0 "$VMTUNE" --root "$H/handmade-numa-asym" numa
expect_grep 'ASYMMETRIC in 1 pair (node 0 -> 1 is 20, 1 -> 0 is 40)' "$VT_TMP/out"
expect_grep 'largest 40 (node 1 -> 0) > RECLAIM_DISTANCE 30' "$VT_TMP/out"
expect_exit 0 "$VMTUNE" --root "$H/handmade-numa-cxl" numa
expect_grep '^    2  memory-only .*   22  ?  *-$' "$VT_TMP/out"
expect_grep '^  node 2 access0: initiators 0, read 20000 MB/s, write 15000 MB/s, read 250 ns, write 300 ns$' "$VT_TMP/out"
expect_grep '^  node 0 access1: targets 0,2$' "$VT_TMP/out"
expect_exit 0 "$VMTUNE" --root "$H/handmade-numa-cxl" numa --json
python3 - "$VT_TMP/out" <<'PY' && pass || fail "numa --json HMAT/tier facts on handmade-numa-cxl"
import json, sys
j = json.load(open(sys.argv[1]))
a1 = j["nodes"][2]["hmat"]["access1"]
assert a1 == {"initiators": "0", "targets": "", "read_bandwidth": 19000, "write_bandwidth": 14000,
              "read_latency": 260, "write_latency": 310}, a1
assert j["nodes"][0]["hmat"]["access0"]["read_latency"] is None
assert [t["id"] for t in j["tiers"]] == [4, 22]
PY
expect_exit 0 "$VMTUNE" --root "$H/handmade-numa-none" numa
expect_grep '^NUMA        not available (no /sys/devices/system/node): 1 node$' "$VT_TMP/out"
expect_grep '^    0  cpu+memory .* 8.0 GiB .* 0-1$' "$VT_TMP/out"
expect_exit 0 "$VMTUNE" --root "$H/handmade-numa-none" numa --json
python3 - "$VT_TMP/out" <<'PY' && pass || fail "numa --json without NUMA"
import json, sys
j = json.load(open(sys.argv[1]))
assert j["numa_available"] is False and j["node_count"] == 1
assert all(v is None for v in j["sets"].values())
assert j["distance"]["available"] is False and j["distance"]["max_remote"] is None
assert j["tiers"] is None and j["offline_nodes"] is None
PY
# numactl on a kernel without NUMA: this line and exit status 1.
expect_exit 1 "$VMTUNE" --root "$H/handmade-numa-none" numa --numactl
[ "$(cat "$VT_TMP/out")" = "No NUMA available on this system" ] && pass || fail "no-NUMA --numactl text: $(cat "$VT_TMP/out")"

# 6. Bad input: precise message, exit 1, nothing on stdout.
cp -R "$H/handmade-numa-asym" "$VT_TMP/bad"
printf '40 ten\n' >"$VT_TMP/bad/sys/devices/system/node/node1/distance"
for mode in "" --json --numactl; do
	expect_exit 1 "$VMTUNE" --root "$VT_TMP/bad" numa $mode
	expect_grep "^vmtune: error: $VT_TMP/bad/sys/devices/system/node/node1/distance: entry 2: bad distance 'ten'\$" "$VT_TMP/err"
	[ -s "$VT_TMP/out" ] && fail "partial output on error ($mode)" || pass
done
cp -R "$H/handmade-numa-asym" "$VT_TMP/bad2"
printf 'Node 1 MemTotal: 12 MB\n' >"$VT_TMP/bad2/sys/devices/system/node/node1/meminfo"
expect_exit 1 "$VMTUNE" --root "$VT_TMP/bad2" numa
expect_grep "node1/meminfo: line 1: bad value for 'MemTotal'" "$VT_TMP/err"
expect_exit 1 "$VMTUNE" --root "$VT_TMP/bad2" status
expect_grep "node1/meminfo: line 1: bad value for 'MemTotal'" "$VT_TMP/err"

# 7. Usage errors.
expect_exit 2 "$VMTUNE" numa --numactl --json
expect_grep 'exclude each other' "$VT_TMP/err"
expect_exit 2 "$VMTUNE" numa extra
expect_exit 2 "$VMTUNE" numa --bogus

# 8. The NUMA line of status.
expect_exit 0 "$VMTUNE" --root "$G4" status
expect_grep '^NUMA        4 nodes online (0-3), memory-only 3, max distance 48 > RECLAIM_DISTANCE 30$' "$VT_TMP/out"
expect_exit 0 "$VMTUNE" --root "$H/handmade-numa-sparse" status
expect_grep '^NUMA        2 nodes online (0,2), offline 1, max distance 20 <= RECLAIM_DISTANCE 30$' "$VT_TMP/out"
expect_exit 0 "$VMTUNE" --root "$G4" status --json
python3 - "$VT_TMP/out" <<'PY' && pass || fail "status --json numa keys"
import json, sys
n = json.load(open(sys.argv[1]))["numa"]
assert n["memory_only"] == "3" and n["max_distance"] == 48
assert n["exceeds_reclaim_distance"] is True and n["symmetric"] is True and n["node_count"] == 4
PY

# 9. Golden text and JSON on every tree (the HAND-MADE ones checked by hand
# once: sizes, distances, flags; see tests/fixtures/README) are matrix cases
# of golden.tap: tests/cli/golden/matrix/fixtures/*/numa.{txt,json}.

# 10. A snapshot of a tree keeps everything numa reads (HMAT links, tiers).
expect_exit 0 "$VMTUNE" --root "$H/handmade-numa-cxl" snapshot "$VT_TMP/snap"
expect_exit 0 "$VMTUNE" --root "$H/handmade-numa-cxl" numa
cp "$VT_TMP/out" "$VT_TMP/cxl-orig"
expect_exit 0 "$VMTUNE" --root "$VT_TMP/snap" numa
cmp -s "$VT_TMP/out" "$VT_TMP/cxl-orig" && pass || fail "numa differs on a snapshot of handmade-numa-cxl"
finish
