#!/bin/sh
# vmtune stat and record: hand-made time-stepped fixtures (their golden
# outputs are cases of golden.tap),
# replay of a record file, live sampling (cadence, Ctrl-C, flushing into a
# pipe), and the error paths.  Reads this machine's /proc; writes nothing
# but temporary files.
. "$(dirname "$0")/lib.sh"
DATA="$(cd "$(dirname "$0")" && pwd)/data"
export TZ=UTC LC_ALL=C
F=$VT_FIXTURES

# -- HAND-MADE 4.4 pair (per-zone reclaim lines, 10.00 s by uptime): the
# text of stat and stat --sar, every digit, is golden (golden.tap: the case
# stat-4.4-perzone-sar and the matrix's fixtures/handmade-4.4-stat-perzone).
# JSON lines: one object per interval plus the average; null, never 0, for
# what a 4.4 kernel does not have.
expect_exit 0 "$VMTUNE" --root "$F/handmade-4.4-stat-perzone" stat --json
[ "$(wc -l <"$VT_TMP/out")" -eq 2 ] && pass || fail "stat --json: expected 2 lines, got $(wc -l <"$VT_TMP/out")"
python3 - "$VT_TMP/out" <<'PY' && pass || fail "stat --json content"
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
assert [r["type"] for r in rows] == ["interval", "average"], rows
r = rows[0]
assert r["schema_version"] == 1 and r["interval_s"] == 10.0 and r["counter_reset"] is False
assert r["rates"]["pgscand_s"] == 200.0 and r["rates"]["sar_pgscand_s"] == 201.0
assert r["rates"]["oom_kill"] is None and r["rates"]["psi_some_avg10"] is None
assert r["rates"]["refault_anon_s"] is None and r["rates"]["refault_s"] == 100.0
assert r["vmeff_family"] == "kswapd_direct" and r["time"] is None
PY

expect_exit 0 "$VMTUNE" --root "$F/handmade-4.4-stat-perzone" stat --csv
[ "$(wc -l <"$VT_TMP/out")" -eq 3 ] && pass || fail "stat --csv: expected 3 lines"
expect_grep '^time,node,interval_s,counter_reset,pgpgin_s,' "$VT_TMP/out"
expect_grep '^Average,,10.000,0,500.00,' "$VT_TMP/out"

# -- HAND-MADE reset series: the interval with a counter going backwards
# shows '-' and the Average leaves it out.
expect_exit 0 "$VMTUNE" --root "$F/handmade-6.1-stat-reset" stat --sar
expect_grep '^00:01:43            -         -         -         -         -         -         -         -         -$' "$VT_TMP/out"
expect_grep '^Average:         0.00      0.00   1500.00      0.00    550.00      0.00      0.00      0.00      0.00$' "$VT_TMP/out"
expect_exit 0 "$VMTUNE" --root "$F/handmade-6.1-stat-reset" stat --json
python3 - "$VT_TMP/out" <<'PY' && pass || fail "reset in JSON"
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
assert [r["counter_reset"] for r in rows] == [False, True, False, False], rows
assert rows[1]["reset_counter"] == "pgfault" and rows[1]["rates"]["fault_s"] is None
assert rows[3]["rates"]["psi_some_stall_us"] == 10000.0   # mean of 20000 and 0
PY

# -- HAND-MADE 6.1 pair without PSI, two nodes: per-node numa_miss/s.
expect_exit 0 "$VMTUNE" --root "$F/handmade-6.1-stat-nopsi" stat --node all
expect_grep '^00:08:24        0    500.00    100.00      0.00     75.00     25.00     50.00      0.00      0.00         -         -         -$' "$VT_TMP/out"
expect_grep '^Average:        1    125.00      0.00    100.00 ' "$VT_TMP/out"
expect_exit 0 "$VMTUNE" --root "$F/handmade-6.1-stat-nopsi" stat --node 1 --csv
[ "$(grep -c '^,1,\|^Average,1,' "$VT_TMP/out")" -eq 2 ] && pass || fail "--node 1 --csv rows"
expect_no_grep ',0,4.000' "$VT_TMP/out"
expect_exit 0 "$VMTUNE" --root "$F/handmade-6.1-stat-nopsi" stat --wide
expect_grep '   oomkill  pgprom/s ' "$VT_TMP/out"
expect_grep '^00:08:24 .*      1.00      0.00      0.00         -         -         -         -    625.00    100.00    100.00$' "$VT_TMP/out"

# -- real guest pair (issue 3's QEMU harness): direct reclaim moved.
if [ -d "$F/qemu-numa2-memhog/t1" ]; then
	expect_exit 0 "$VMTUNE" --root "$F/qemu-numa2-memhog" stat --json
	python3 - "$VT_TMP/out" <<'PY' && pass || fail "qemu-numa2-memhog rates"
import json, sys
r = json.loads(open(sys.argv[1]).readline())
x = r["rates"]
assert x["pgscand_s"] > 0 and x["allocstall_s"] > 0 and x["pgscank_s"] > 0, x
assert 0 < x["vmeff_pct"] <= 100 and r["vmeff_family"] == "anon_file"
assert x["sar_pgsteal_s"] > 1.9 * x["pgsteal_s"]   # sysstat 12.6 double count on 5.8+
assert set(r["nodes"]) == {"0", "1"} and r["nodes"]["1"]["rates"]["numa_miss_s"] is not None
PY
fi

# -- replay: a record file gives the same numbers as the fixture series.
expect_exit 0 "$VMTUNE" stat --sar --from "$DATA/record-4.4-perzone.jsonl"
"$VMTUNE" --root "$F/handmade-4.4-stat-perzone" stat --sar >"$VT_TMP/series"
cmp -s "$VT_TMP/out" "$VT_TMP/series" && pass || fail "replay differs from the fixture series"
expect_exit 0 "$VMTUNE" stat --from - --sar <"$DATA/record-4.4-perzone.jsonl"

# -- record live, then replay it.
# Samples at 0, 0.1, 0.2 and 0.3 s: 4, or fewer when a loaded machine made
# record skip a tick (--duration is wall time).
expect_exit 0 "$VMTUNE" record "$VT_TMP/rec.jsonl" --interval 0.1 --duration 0.3
nrec=$(($(wc -l <"$VT_TMP/rec.jsonl") - 1))
expect_grep "^recorded $nrec samples every 0.1 s to " "$VT_TMP/out"
[ "$nrec" -ge 2 ] && [ "$nrec" -le 4 ] && pass || fail "record: $nrec samples in 0.3 s at 0.1 s"
python3 - "$VT_TMP/rec.jsonl" <<'PY' && pass || fail "record file content"
import json, sys
lines = [json.loads(l) for l in open(sys.argv[1])]
h = lines[0]
assert h["type"] == "header" and h["schema_version"] == 1 and h["interval_s"] == 0.1
s = lines[1:]
assert all(x["type"] == "sample" for x in s)
assert all(b["monotonic_ns"] > a["monotonic_ns"] for a, b in zip(s, s[1:]))
assert "pgfault" in s[0]["vmstat"] and len(s[0]["vmstat"]) > 50   # raw, every line
PY
expect_exit 0 "$VMTUNE" stat --from "$VT_TMP/rec.jsonl" --json
[ "$(wc -l <"$VT_TMP/out")" -eq "$nrec" ] && pass || fail "replay: expected $((nrec - 1)) intervals + average"
expect_exit 0 "$VMTUNE" stat --from "$VT_TMP/rec.jsonl" 1 1
[ "$(grep -c '^[0-9][0-9]:' "$VT_TMP/out")" -eq 2 ] && pass || fail "replay COUNT 1: header + 1 row"
expect_exit 0 "$VMTUNE" record --json - --interval 0.05 --duration 0.05
[ "$(wc -l <"$VT_TMP/out")" -eq 3 ] && pass || fail "record to stdout"

# -- live: fractional interval, COUNT, Average, exit 0.
expect_exit 0 "$VMTUNE" stat 0.2 3
[ "$(grep -c '^[0-9][0-9]:[0-9][0-9]:[0-9][0-9] *[0-9]' "$VT_TMP/out")" -eq 3 ] && pass || fail "stat 0.2 3: 3 rows"
expect_grep '^Average: ' "$VT_TMP/out"
# Ctrl-C ends the run with the Average and exit 0.
"$VMTUNE" stat 0.2 >"$VT_TMP/int" 2>&1 &
pid=$!
sleep 1
kill -INT $pid
wait $pid
rc=$?
[ $rc -eq 0 ] && pass || fail "SIGINT: exit $rc"
tail -n 1 "$VT_TMP/int" | grep -q '^Average: ' && pass || fail "SIGINT: no Average line: $(tail -n 2 "$VT_TMP/int")"
# Flushed per sample into a file/pipe, not at exit.
"$VMTUNE" stat 0.3 10 >"$VT_TMP/flush" 2>&1 &
pid=$!
sleep 1
n=$(grep -c '^[0-9][0-9]:[0-9][0-9]:[0-9][0-9] *[0-9]' "$VT_TMP/flush")
kill -TERM $pid
wait $pid
[ "$n" -ge 2 ] && pass || fail "output not flushed per sample ($n rows after 1 s)"

# On a terminal the header comes again after every screenful, as sar does
# (window rows - 2 data lines: 6 with 8 rows); into a file it comes once.
if command -v script >/dev/null 2>&1; then
	script -qc "stty rows 8; '$VMTUNE' stat --sar 0.02 10" /dev/null </dev/null 2>/dev/null | tr -d '\r' >"$VT_TMP/tty"
	[ "$(grep -c 'pgpgin/s' "$VT_TMP/tty")" -eq 2 ] && pass || fail "terminal: header not repeated: $(cat "$VT_TMP/tty")"
	awk '/pgpgin/ { if (n) print n; n = 0; next } /^[0-9][0-9]:/ { n++ }' "$VT_TMP/tty" | grep -qx 6 && pass ||
		fail "terminal: expected 6 rows before the second header"
fi
"$VMTUNE" stat --sar 0.02 10 >"$VT_TMP/file"
[ "$(grep -c 'pgpgin/s' "$VT_TMP/file")" -eq 1 ] && pass || fail "file: header repeated"

# -- errors: precise message, documented exit code, no partial output.
expect_exit 1 "$VMTUNE" --root "$F/host-6.18-uma" stat
expect_grep "is one snapshot, and rates need two" "$VT_TMP/err"
[ -s "$VT_TMP/out" ] && fail "partial output on error" || pass
expect_exit 2 "$VMTUNE" stat 0
expect_grep "INTERVAL" "$VT_TMP/err"
expect_exit 2 "$VMTUNE" stat 1 0
expect_exit 2 "$VMTUNE" stat abc
expect_exit 2 "$VMTUNE" stat 1 2 3
expect_exit 2 "$VMTUNE" stat --sar --node 0
expect_exit 2 "$VMTUNE" stat --sar --csv
expect_exit 2 "$VMTUNE" stat --node x
expect_exit 1 "$VMTUNE" --root "$F/handmade-6.1-stat-nopsi" stat --node 7
expect_grep "node 7" "$VT_TMP/err"
expect_exit 1 "$VMTUNE" --root "$F/handmade-4.4-stat-perzone" stat --node all
expect_grep "has no per-node counters" "$VT_TMP/err"
[ -s "$VT_TMP/out" ] && fail "partial output on --node error" || pass
expect_exit 1 "$VMTUNE" stat --from "$VT_TMP/missing.jsonl"
expect_grep "cannot open" "$VT_TMP/err"
head -n 2 "$DATA/record-4.4-perzone.jsonl" >"$VT_TMP/bad.jsonl"
echo '{"type":"sample","monotonic_ns":5,"vmstat":{"pgfault":"lots"}}' >>"$VT_TMP/bad.jsonl"
expect_exit 1 "$VMTUNE" stat --from "$VT_TMP/bad.jsonl"
expect_grep "bad.jsonl: line 3: vmstat: line 1: bad value 'lots' for 'pgfault'" "$VT_TMP/err"
tail -n 1 "$DATA/record-4.4-perzone.jsonl" >"$VT_TMP/nohdr.jsonl"
expect_exit 1 "$VMTUNE" stat --from "$VT_TMP/nohdr.jsonl"
expect_grep "no header line" "$VT_TMP/err"
echo 'not json' >"$VT_TMP/notjson.jsonl"
expect_exit 1 "$VMTUNE" stat --from "$VT_TMP/notjson.jsonl"
expect_grep "line 1: not JSON" "$VT_TMP/err"
head -n 2 "$DATA/record-4.4-perzone.jsonl" >"$VT_TMP/one.jsonl"
expect_exit 1 "$VMTUNE" stat --from "$VT_TMP/one.jsonl"
expect_grep "rates need at least two samples" "$VT_TMP/err"
# A last line cut off mid-write (record killed, machine crashed): the rest
# replays, with a warning; a broken line with its newline is still an error.
cp "$DATA/record-4.4-perzone.jsonl" "$VT_TMP/cut.jsonl"
tail -n 1 "$DATA/record-4.4-perzone.jsonl" | head -c 60 >>"$VT_TMP/cut.jsonl"
expect_exit 0 "$VMTUNE" stat --sar --from "$VT_TMP/cut.jsonl"
cmp -s "$VT_TMP/out" "$VT_TMP/series" && pass || fail "a cut last line changed the replay"
expect_grep "cut.jsonl: line 4 is cut off (the recording was interrupted): ignored" "$VT_TMP/err"
echo >>"$VT_TMP/cut.jsonl"
expect_exit 1 "$VMTUNE" stat --sar --from "$VT_TMP/cut.jsonl"
expect_grep "cut.jsonl: line 4: not JSON" "$VT_TMP/err"
expect_exit 2 "$VMTUNE" record
expect_exit 2 "$VMTUNE" record "$VT_TMP/x" --interval 0
expect_exit 2 "$VMTUNE" record "$VT_TMP/x" --interval 1 --duration 0.5
expect_exit 1 "$VMTUNE" --root "$F/host-6.18-uma" record "$VT_TMP/x"
expect_exit 1 "$VMTUNE" record "$VT_TMP/no/such/dir/x" --duration 0.1 --interval 0.1
expect_grep "cannot create" "$VT_TMP/err"
finish
