#!/bin/sh
# Hostile inputs whose meaning was bent rather than refused: optional files
# that exist but cannot be read, signals during a replay from a pipe,
# non-canonical node ids in recordings, outputs that contradict themselves,
# duplicate keys, and the error paths of stat and record (CI runs this under
# ASan with detect_leaks=1: a leak report on one of them fails a check).
# Every tree is a damaged copy of a fixture in $VT_TMP.  The sections carry
# the numbers of the issue's classes, in the order their data builds up.
. "$(dirname "$0")/lib.sh"
export TZ=UTC LC_ALL=C
F=$VT_FIXTURES
HOST=$F/host-6.18-uma
THP=sys/kernel/mm/transparent_hugepage

# A fresh copy of $HOST as $VT_TMP/$1.
tree() {
	rm -rf "${VT_TMP:?}/$1"
	cp -r "$HOST" "$VT_TMP/$1"
}

# exit 1 and no sanitizer report: LeakSanitizer exits 1 too, so on a path
# that already exits 1 only its report tells a leak.
expect_error() {
	expect_exit 1 "$@"
	expect_no_grep 'Sanitizer' "$VT_TMP/err"
}

# The same, and nothing on stdout.
expect_refused() {
	expect_error "$@"
	[ -s "$VT_TMP/out" ] && fail "'$*': output despite the error: $(head -c 200 "$VT_TMP/out")" || pass
}

# -- 1. optional inputs of `watermarks`: absent is "not available", present
# but unreadable (a directory: root reads a mode-0000 file) or unparsable is
# an error naming the file.
expect_exit 0 "$VMTUNE" --root "$HOST" watermarks
expect_grep 'the kernel would choose 67584 kB' "$VT_TMP/out"

tree thp-dir
rm "$VT_TMP/thp-dir/$THP/enabled" && mkdir "$VT_TMP/thp-dir/$THP/enabled"
expect_refused "$VMTUNE" --root "$VT_TMP/thp-dir" watermarks
expect_grep "^vmtune: error: cannot read '$VT_TMP/thp-dir/$THP/enabled': Is a directory" "$VT_TMP/err"
tree thp-gone
rm -r "$VT_TMP/thp-gone/$THP"
expect_exit 0 "$VMTUNE" --root "$VT_TMP/thp-gone" watermarks
expect_grep 'no THP state in this tree' "$VT_TMP/out"
tree thp-nobracket
printf 'always madvise never\n' >"$VT_TMP/thp-nobracket/$THP/enabled"
expect_refused "$VMTUNE" --root "$VT_TMP/thp-nobracket" watermarks
expect_grep "^vmtune: error: $VT_TMP/thp-nobracket/$THP/enabled: expected the modes with the chosen one in brackets" "$VT_TMP/err"
tree thp-never
printf 'always madvise [never]\n' >"$VT_TMP/thp-never/$THP/enabled"
expect_exit 0 "$VMTUNE" --root "$VT_TMP/thp-never" watermarks
expect_grep 'the kernel would choose 8892 kB' "$VT_TMP/out"
tree pmd-bad
printf '2M\n' >"$VT_TMP/pmd-bad/$THP/hpage_pmd_size"
expect_refused "$VMTUNE" --root "$VT_TMP/pmd-bad" watermarks
expect_grep "^vmtune: error: $VT_TMP/pmd-bad/$THP/hpage_pmd_size: " "$VT_TMP/err"
tree pmd-dir
rm "$VT_TMP/pmd-dir/$THP/hpage_pmd_size" && mkdir "$VT_TMP/pmd-dir/$THP/hpage_pmd_size"
expect_refused "$VMTUNE" --root "$VT_TMP/pmd-dir" watermarks
expect_grep "hpage_pmd_size': Is a directory" "$VT_TMP/err"
for knob in lowmem_reserve_ratio watermark_boost_factor; do
	tree "$knob-dir"
	rm "$VT_TMP/$knob-dir/proc/sys/vm/$knob" && mkdir "$VT_TMP/$knob-dir/proc/sys/vm/$knob"
	expect_refused "$VMTUNE" --root "$VT_TMP/$knob-dir" watermarks
	expect_grep "^vmtune: error: cannot read '$VT_TMP/$knob-dir/proc/sys/vm/$knob': Is a directory" "$VT_TMP/err"
	tree "$knob-bad"
	printf '1 x\n' >"$VT_TMP/$knob-bad/proc/sys/vm/$knob"
	expect_refused "$VMTUNE" --root "$VT_TMP/$knob-bad" watermarks
	expect_grep "^vmtune: error: $VT_TMP/$knob-bad/proc/sys/vm/$knob: " "$VT_TMP/err"
	tree "$knob-gone"
	rm "$VT_TMP/$knob-gone/proc/sys/vm/$knob"
	expect_exit 0 "$VMTUNE" --root "$VT_TMP/$knob-gone" watermarks
done
# The knob values are blamed on their files, not on /proc/zoneinfo.
tree mfk-neg
printf -- '-5\n' >"$VT_TMP/mfk-neg/proc/sys/vm/min_free_kbytes"
expect_refused "$VMTUNE" --root "$VT_TMP/mfk-neg" watermarks
expect_grep "^vmtune: error: $VT_TMP/mfk-neg/proc/sys/vm/min_free_kbytes: -5 is out of range for vm.min_free_kbytes" "$VT_TMP/err"
expect_no_grep zoneinfo "$VT_TMP/err"
tree mfk-word
printf 'lots\n' >"$VT_TMP/mfk-word/proc/sys/vm/min_free_kbytes"
expect_refused "$VMTUNE" --root "$VT_TMP/mfk-word" watermarks
expect_grep "^vmtune: error: $VT_TMP/mfk-word/proc/sys/vm/min_free_kbytes: invalid number 'lots'" "$VT_TMP/err"
tree wsf-zero
printf '0\n' >"$VT_TMP/wsf-zero/proc/sys/vm/watermark_scale_factor"
expect_refused "$VMTUNE" --root "$VT_TMP/wsf-zero" watermarks
expect_grep "proc/sys/vm/watermark_scale_factor: 0 is out of range" "$VT_TMP/err"
tree ratio-short
printf '256\t32\n' >"$VT_TMP/ratio-short/proc/sys/vm/lowmem_reserve_ratio"
expect_refused "$VMTUNE" --root "$VT_TMP/ratio-short" watermarks
expect_grep "^vmtune: error: $VT_TMP/ratio-short/proc/sys/vm/lowmem_reserve_ratio: 2 values, but .*zoneinfo has 5 zones per node" "$VT_TMP/err"

# -- 3. node ids in recordings: one spelling per node ("0", never "00" or
# "+0", which made two rows and two JSON keys for node 0), below
# MAX_NUMNODES (1024), and a node at most once per sample.
DATA="$(cd "$(dirname "$0")" && pwd)/data"
# mkrec OUT ID...: the 4.4 recording with nodes ID... in every sample.
mkrec() {
	python3 - "$DATA/record-4.4-perzone.jsonl" "$@" <<'PY'
import json, sys
src, out, ids = sys.argv[1], sys.argv[2], sys.argv[3:]
lines = open(src).read().splitlines()
with open(out, "w") as f:
    f.write(lines[0] + "\n")
    for i, line in enumerate(lines[1:]):
        assert '"nodes":{}' in line
        nodes = ",".join('"%s":{"numastat":{"numa_hit":%d}}' % (k, 100 * (i + 1)) for k in ids)
        f.write(line.replace('"nodes":{}', '"nodes":{%s}' % nodes) + "\n")
PY
}
mkrec "$VT_TMP/nodes-ok.jsonl" 0 1
expect_exit 0 "$VMTUNE" stat --from "$VT_TMP/nodes-ok.jsonl" --node all --json
python3 - "$VT_TMP/out" <<'PY' && pass || fail "stat --json: nodes 0 and 1 in every row"
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
assert [sorted(r["nodes"]) for r in rows] == [["0", "1"], ["0", "1"]], rows
PY
for ids in "0 00" "+0 1" "01" "1024" "-1" "0x1" "1.0"; do
	# shellcheck disable=SC2086
	mkrec "$VT_TMP/nodes-bad.jsonl" $ids
	expect_refused "$VMTUNE" stat --from "$VT_TMP/nodes-bad.jsonl" --node all
	expect_grep "^vmtune: error: $VT_TMP/nodes-bad.jsonl: line 2: nodes: bad node id '[^']*' (expected 0..1023, written without sign or leading zeros)" "$VT_TMP/err"
done
mkrec "$VT_TMP/nodes-dup.jsonl" 0 1 0
expect_refused "$VMTUNE" stat --from "$VT_TMP/nodes-dup.jsonl"
expect_grep "^vmtune: error: $VT_TMP/nodes-dup.jsonl: line 2: duplicate object key near '\"0\"'" "$VT_TMP/err"

# -- 2. a stop signal during `stat --from -` on a pipe whose writer stalls
# ends the replay like the end of the file (man: Average, exit 0); it was
# "read error", exit 1 (the read returned EINTR).
# sig_replay NAME SIGNAL WAIT_FOR: feeds $VT_TMP/NAME.in into a FIFO, keeps
# the writer open, waits for WAIT_FOR on stdout ("" for none), signals.
sig_replay() {
	rm -f "$VT_TMP/fifo" "$VT_TMP/out" "$VT_TMP/err"
	mkfifo "$VT_TMP/fifo"
	# stdout first: the FIFO blocks until the writer below opens it.  No
	# timeout(1) in between: the signal goes to vmtune itself, and the
	# bounded loops below turn a hang into a failure.
	"$VMTUNE" stat --from - >"$VT_TMP/out" 2>"$VT_TMP/err" <"$VT_TMP/fifo" &
	pid=$!
	exec 3>"$VT_TMP/fifo"
	cat "$VT_TMP/$1.in" >&3
	i=0
	while [ -n "$3" ] && ! grep -q -e "$3" "$VT_TMP/out" && [ $i -lt 600 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	# Then until it catches SIGTERM (bit 14 of SigCgt) and sleeps in its read.
	i=0
	while [ $i -lt 600 ]; do
		st=$(cat "/proc/$pid/status" 2>/dev/null) || break
		cgt=$(printf '%s\n' "$st" | sed -n 's/^SigCgt:[[:space:]]*//p')
		state=$(printf '%s\n' "$st" | sed -n 's/^State:[[:space:]]*\(.\).*/\1/p')
		[ "$(( 0x${cgt:-0} >> 14 & 1 ))" -eq 1 ] && [ "$state" = S ] && break
		sleep 0.1
		i=$((i + 1))
	done
	kill "-$2" "$pid"
	# The writer stays open until vmtune is gone: its end of file must not
	# be what stops it.
	i=0
	while kill -0 "$pid" 2>/dev/null && [ $i -lt 600 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	kill -0 "$pid" 2>/dev/null && { fail "SIG$2 did not stop stat --from a stalled pipe ($1)"; kill -KILL "$pid"; }
	wait "$pid"
	rc=$?
	exec 3>&-
	[ "$rc" -eq 0 ] && pass || fail "stat --from a stalled pipe ($1), SIG$2: exit $rc; stderr: $(cat "$VT_TMP/err")"
	[ -s "$VT_TMP/err" ] && fail "stat --from a stalled pipe ($1), SIG$2: stderr: $(cat "$VT_TMP/err")" || pass
}
cp "$VT_TMP/nodes-ok.jsonl" "$VT_TMP/whole.in"
for sig in TERM INT; do
	sig_replay whole "$sig" '^00:16:50 '
	expect_grep '^Average: .* 500\.00 ' "$VT_TMP/out"
done
# A line cut by the stall is not a sample, nor worth a warning.
{ cat "$VT_TMP/nodes-ok.jsonl"; head -c 100 "$VT_TMP/nodes-ok.jsonl" | tail -c 50; } >"$VT_TMP/cut.in"
sig_replay cut TERM '^00:16:50 '
expect_grep '^Average: .* 500\.00 ' "$VT_TMP/out"
# Stopped before a second sample: no rows, nothing to average, still exit 0.
head -n 2 "$VT_TMP/nodes-ok.jsonl" >"$VT_TMP/one.in"
sig_replay one TERM ''
[ -s "$VT_TMP/out" ] && fail "stopped before a second sample, yet output: $(cat "$VT_TMP/out")" || pass

# -- 5. error paths of stat and record once their source is open: exit 1
# and the message; under ASan (CI: detect_leaks=1) a leak on any of them
# fails the exit code check.
mkdir -p "$VT_TMP/emptyroot"
expect_refused "$VMTUNE" --root "$HOST" stat
expect_grep "is one snapshot, and rates need two" "$VT_TMP/err"
expect_refused "$VMTUNE" --root "$VT_TMP/emptyroot" stat
expect_refused "$VMTUNE" stat --from "$VT_TMP/does-not-exist.jsonl"
expect_grep "^vmtune: error: cannot open '$VT_TMP/does-not-exist.jsonl': No such file or directory" "$VT_TMP/err"
expect_refused "$VMTUNE" stat --from "$VT_TMP/emptyroot"
expect_grep "^vmtune: error: $VT_TMP/emptyroot: read error: Is a directory" "$VT_TMP/err"
: >"$VT_TMP/empty.jsonl"
expect_refused "$VMTUNE" stat --from "$VT_TMP/empty.jsonl"
{ cat "$VT_TMP/nodes-ok.jsonl"; echo '{"type":"sample"}'; } >"$VT_TMP/bad-line.jsonl"
for fmt in "" --json --csv "--node all" --wide; do
	# shellcheck disable=SC2086
	expect_error "$VMTUNE" stat --from "$VT_TMP/bad-line.jsonl" $fmt
	expect_grep "bad-line.jsonl: line 4: monotonic_ns: expected a non-negative integer" "$VT_TMP/err"
done
expect_refused "$VMTUNE" stat --from "$VT_TMP/nodes-ok.jsonl" --node 7
expect_grep "^vmtune: error: node 7: no such node with counters in" "$VT_TMP/err"
expect_refused "$VMTUNE" stat --from "$DATA/record-4.4-perzone.jsonl" --node all
head -n 2 "$VT_TMP/nodes-ok.jsonl" >"$VT_TMP/one.jsonl"
expect_refused "$VMTUNE" stat --from "$VT_TMP/one.jsonl"
expect_grep "rates need at least two samples" "$VT_TMP/err"
{ cat "$VT_TMP/nodes-ok.jsonl"; head -n 1 "$VT_TMP/nodes-ok.jsonl"; } >"$VT_TMP/two-headers.jsonl"
expect_error "$VMTUNE" stat --from "$VT_TMP/two-headers.jsonl"
expect_grep "line 4: header not on the first line" "$VT_TMP/err"
cp -r "$F/handmade-6.1-stat-reset" "$VT_TMP/series"
echo garbage >"$VT_TMP/series/t2/proc/vmstat"
expect_error "$VMTUNE" --root "$VT_TMP/series" stat
expect_grep "series/t2/proc/vmstat: line 1: expected 'name value'" "$VT_TMP/err"
expect_refused "$VMTUNE" --root "$VT_TMP/series" stat --node 3
rm "$VT_TMP/series/t0/proc/vmstat"
expect_refused "$VMTUNE" --root "$VT_TMP/series" stat
expect_grep "cannot open '$VT_TMP/series/t0/proc/vmstat'" "$VT_TMP/err"
expect_refused "$VMTUNE" --root "$HOST" record "$VT_TMP/rec.jsonl"
expect_refused "$VMTUNE" record "$VT_TMP/no/such/dir/rec.jsonl" --interval 0.01 --duration 0.02
expect_grep "cannot create '$VT_TMP/no/such/dir/rec.jsonl'" "$VT_TMP/err"

# -- 4. no output contradicts itself.
N2=$F/qemu-numa2-boot
NODE=sys/devices/system/node
# A node whose memory is unknown (no has_memory, no meminfo, no zoneinfo)
# is not "cpu-only".
rm -rf "$VT_TMP/memunknown" && cp -r "$N2" "$VT_TMP/memunknown"
rm "$VT_TMP/memunknown/$NODE/has_memory" "$VT_TMP/memunknown/$NODE/node1/meminfo" "$VT_TMP/memunknown/proc/zoneinfo"
expect_exit 0 "$VMTUNE" --root "$VT_TMP/memunknown" numa
expect_grep '^CPU-only    none$' "$VT_TMP/out"
expect_grep '^    1  unknown ' "$VT_TMP/out"
expect_exit 0 "$VMTUNE" --root "$VT_TMP/memunknown" numa --json
python3 - "$VT_TMP/out" <<'PY' && pass || fail "numa --json: node 1 memory unknown"
import json, sys
d = json.load(open(sys.argv[1]))
n = d["nodes"][1]
assert (n["kind"], n["has_memory"], n["cpu_only"], n["has_cpu"]) == ("unknown", None, False, True), n
assert d["cpu_only_nodes"] == "", d["cpu_only_nodes"]
PY
# Without meminfo but with zoneinfo, a populated zone is memory.
rm -rf "$VT_TMP/memzones" && cp -r "$N2" "$VT_TMP/memzones"
rm "$VT_TMP/memzones/$NODE/has_memory" "$VT_TMP/memzones/$NODE/node1/meminfo"
expect_exit 0 "$VMTUNE" --root "$VT_TMP/memzones" numa
expect_grep '^    1  cpu+memory ' "$VT_TMP/out"
# A missing distance row makes the matrix incomplete, not asymmetric.
rm -rf "$VT_TMP/norow" && cp -r "$N2" "$VT_TMP/norow"
rm "$VT_TMP/norow/$NODE/node1/distance"
expect_exit 0 "$VMTUNE" --root "$VT_TMP/norow" status
expect_grep '^NUMA .*distance matrix incomplete' "$VT_TMP/out"
expect_no_grep 'asymmetric' "$VT_TMP/out"
expect_exit 0 "$VMTUNE" --root "$VT_TMP/norow" status --json
python3 -c 'import json,sys; v = json.load(open(sys.argv[1]))["numa"]["symmetric"]; assert v is None, v' "$VT_TMP/out" &&
	pass || fail "status --json: symmetric must be null with a missing row"
expect_exit 0 "$VMTUNE" --root "$VT_TMP/norow" numa --json
python3 -c 'import json,sys; d = json.load(open(sys.argv[1]))["distance"]; assert d["symmetric"] is None and d["square"] is False, d' "$VT_TMP/out" &&
	pass || fail "numa --json: symmetric must be null with a missing row"
# ... while a real asymmetry stays one.
expect_exit 0 "$VMTUNE" --root "$F/handmade-numa-asym" status
expect_grep '^NUMA .*distances asymmetric' "$VT_TMP/out"
# The node count is the nodeN directories; an online set naming other
# nodes is said to disagree, in text and JSON.
rm -rf "$VT_TMP/online" && cp -r "$F/handmade-numa-offline" "$VT_TMP/online"
echo 0-1 >"$VT_TMP/online/$NODE/online"
expect_exit 0 "$VMTUNE" --root "$VT_TMP/online" numa
expect_grep '^NUMA        3 nodes (directories 0-2; online 0-1 disagrees), ' "$VT_TMP/out"
expect_exit 0 "$VMTUNE" --root "$VT_TMP/online" status
expect_grep '^NUMA        3 nodes (directories 0-2; online 0-1 disagrees)' "$VT_TMP/out"
expect_exit 0 "$VMTUNE" --root "$VT_TMP/online" status --json
python3 -c 'import json,sys; n = json.load(open(sys.argv[1]))["numa"]; assert (n["node_count"], n["online"], n["online_matches_nodes"]) == (3, "0-1", False), n' "$VT_TMP/out" &&
	pass || fail "status --json: node_count 3, online 0-1, online_matches_nodes false"
expect_exit 0 "$VMTUNE" --root "$VT_TMP/online" numa --json
python3 -c 'import json,sys; d = json.load(open(sys.argv[1])); assert (d["node_count"], d["online_matches_nodes"]) == (3, False), d["node_count"]' "$VT_TMP/out" &&
	pass || fail "numa --json: online_matches_nodes false"
expect_exit 0 "$VMTUNE" --root "$F/handmade-numa-offline" numa
expect_grep '^NUMA        3 nodes online (0-2), ' "$VT_TMP/out"
# A key twice is a damaged file (last-wins gave "available 185558.8 %");
# zoneinfo's per-zone keys were refused already (tests/unit/test_zoneinfo.c).
tree meminfo-dup
echo 'MemAvailable:   9999999999 kB' >>"$VT_TMP/meminfo-dup/proc/meminfo"
expect_refused "$VMTUNE" --root "$VT_TMP/meminfo-dup" status
n=$(wc -l <"$VT_TMP/meminfo-dup/proc/meminfo")
expect_grep "^vmtune: error: $VT_TMP/meminfo-dup/proc/meminfo: line $n: 'MemAvailable' printed twice" "$VT_TMP/err"
rm -rf "$VT_TMP/nodemem-dup" && cp -r "$N2" "$VT_TMP/nodemem-dup"
echo 'Node 0 MemFree:          1 kB' >>"$VT_TMP/nodemem-dup/$NODE/node0/meminfo"
expect_refused "$VMTUNE" --root "$VT_TMP/nodemem-dup" numa
expect_grep "^vmtune: error: $VT_TMP/nodemem-dup/$NODE/node0/meminfo: line [0-9]*: 'MemFree' printed twice" "$VT_TMP/err"
rm -rf "$VT_TMP/numastat-dup" && cp -r "$N2" "$VT_TMP/numastat-dup"
echo 'numa_miss 7' >>"$VT_TMP/numastat-dup/$NODE/node1/numastat"
expect_refused "$VMTUNE" --root "$VT_TMP/numastat-dup" numa
expect_grep "^vmtune: error: $VT_TMP/numastat-dup/$NODE/node1/numastat: line 7: 'numa_miss' printed twice" "$VT_TMP/err"
for line in 'pgfault 1' 'allocstall_normal 5'; do
	rm -rf "$VT_TMP/vmstat-dup" && cp -r "$F/handmade-6.1-stat-nopsi" "$VT_TMP/vmstat-dup"
	echo "$line" >>"$VT_TMP/vmstat-dup/t1/proc/vmstat"
	expect_refused "$VMTUNE" --root "$VT_TMP/vmstat-dup" stat
	expect_grep "^vmtune: error: $VT_TMP/vmstat-dup/t1/proc/vmstat: line [0-9]*: '${line% *}' printed twice" "$VT_TMP/err"
done
tree psi-dup
sed '1s/$/ avg10=99.00/' "$HOST/proc/pressure/memory" >"$VT_TMP/psi-dup/proc/pressure/memory"
expect_refused "$VMTUNE" --root "$VT_TMP/psi-dup" status
expect_grep "proc/pressure/memory: line 1 (some): 'avg10' twice" "$VT_TMP/err"

finish
