#!/bin/sh
# oom and protect on fixtures, and protect's writes, always on a temporary
# copy of a fixture, never on this machine's /proc: the real capture's
# predictions equal the kernel's oom_score; --top keeps the order; a dry run
# writes nothing; writes are read back and a failure at the k-th write puts
# every earlier one back, for every k; --name; the systemd drop-in written
# atomically and idempotent; refused processes are counted, not guessed.
# Faults come from VMTUNE_TEST_FAULT (src/cmd_protect.c).
. "$(dirname "$0")/lib.sh"
H="$VT_FIXTURES/handmade-procs-6.1"
T="$VT_TMP/t"

fresh() {
	rm -rf "$T"
	cp -r "${1:-$H}" "$T"
	chmod -R u+w "$T"
}

adj() {
	cat "$T/proc/$1/oom_score_adj"
}

# The real capture: every predicted oom_score equals the kernel's.
expect_exit 0 "$VMTUNE" --root "$VT_FIXTURES/host-6.18-procs" oom --json
python3 - "$VT_TMP/out" <<'PY' && pass || fail "host-6.18-procs: prediction differs from the kernel"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["compared"] == 7 and d["mismatches"] == 0 and d["agrees_with_kernel"], d
for p in d["processes"] + d["excluded"]:
    assert p["predicted_oom_score"] == p["oom_score"], p
PY

# --top N is the head of the full order.
expect_exit 0 "$VMTUNE" --root "$H" oom --json
cp "$VT_TMP/out" "$VT_TMP/full"
expect_exit 0 "$VMTUNE" --root "$H" oom --json --top 3
python3 - "$VT_TMP/full" "$VT_TMP/out" <<'PY' && pass || fail "--top 3 is not the head of the order"
import json, sys
full, top = (json.load(open(f)) for f in sys.argv[1:3])
assert [p["pid"] for p in top["processes"]] == [p["pid"] for p in full["processes"]][:3]
assert top["excluded"] == full["excluded"] and top["ranked"] == full["ranked"] == 8
PY

# A dry run writes nothing and exits 3.
fresh
expect_exit 3 "$VMTUNE" --root "$T" protect 1400 812 --adj 300 --dry-run
if diff -r --no-dereference "$H" "$T" >/dev/null; then pass; else fail "protect --dry-run changed the tree"; fi

# Written and read back; old -> new in the report.
expect_exit 0 "$VMTUNE" --root "$T" protect 1400 812 --adj 300 --json
[ "$(adj 1400)" = 300 ] && [ "$(adj 812)" = 300 ] && pass || fail "protect did not write 300: $(adj 1400) $(adj 812)"
python3 - "$VT_TMP/out" <<'PY' && pass || fail "protect --json report"
import json, sys
d = json.load(open(sys.argv[1]))
assert [(p["pid"], p["old"], p["new"], p["status"]) for p in d["processes"]] == \
    [(1400, 0, 300, "applied"), (812, -500, 300, "applied")], d
PY
# The ranking follows: memhog stays first, postgres moves up.
expect_exit 0 "$VMTUNE" --root "$T" oom --json --top 2
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert [p["pid"] for p in d["processes"]] == [1400, 812], d["processes"]' "$VT_TMP/out" && pass || fail "oom after protect"
# The same again: unchanged, exit 0.
expect_exit 0 "$VMTUNE" --root "$T" protect 1400 812 --adj 300
expect_grep 'unchanged' "$VT_TMP/out"

# A failed write (or a read-back that differs) at the k-th write: every
# process already written is put back, the rest are not written, exit 1.
for action in fail mismatch; do
	for k in 1 2 3; do
		fresh
		VMTUNE_TEST_FAULT=$action:$k expect_exit 1 "$VMTUNE" --root "$T" protect 1400 812 900 --adj 123
		if diff -r "$H/proc" "$T/proc" >/dev/null; then pass; else fail "$action:$k left a change: $(diff -r "$H/proc" "$T/proc" | head -c 300)"; fi
		expect_grep 'put back' "$VT_TMP/err"
	done
done
fresh
VMTUNE_TEST_FAULT=fail:2 expect_exit 1 "$VMTUNE" --root "$T" protect 1400 812 900 --adj 123
expect_grep '1400 .*restored' "$VT_TMP/out"
expect_grep '812 .*failed: cannot write' "$VT_TMP/out"
expect_grep '900 .*not-written' "$VT_TMP/out"

# A process that is gone at the time of the write: the others put back.
fresh
mv "$T/proc/812/oom_score_adj" "$T/proc/812/gone"
expect_exit 1 "$VMTUNE" --root "$T" protect 1400 812 --adj 5
expect_grep 'no process 812' "$VT_TMP/err"
[ "$(adj 1400)" = 0 ] && pass || fail "a missing pid: 1400 was written"

# --name: every exact match, -1000 only with --force (and its warning).
fresh
expect_exit 2 "$VMTUNE" --root "$T" protect --name postgres --adj -1000
expect_exit 0 "$VMTUNE" --root "$T" protect --name postgres --adj -1000 --force
expect_grep 'next-worst' "$VT_TMP/err"
[ "$(adj 812)" = -1000 ] && pass || fail "--name --force did not write"
expect_exit 0 "$VMTUNE" --root "$T" oom --json
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert 812 in [p["pid"] for p in d["excluded"] if p["excluded"] == "oom-score-adj-min"]' "$VT_TMP/out" && pass || fail "812 at -1000 not excluded"

# --systemd --persist: written atomically under the root, then unchanged.
fresh
D="$T/etc/systemd/system/postgresql.service.d/50-vmtune-oom.conf"
expect_exit 3 "$VMTUNE" --root "$T" protect --systemd postgresql --adj -500 --persist --dry-run
[ ! -e "$D" ] && pass || fail "--persist --dry-run wrote the drop-in"
expect_exit 0 "$VMTUNE" --root "$T" protect --systemd postgresql --adj -500 --persist
expect_grep 'daemon-reload' "$VT_TMP/out"
expect_grep '^OOMScoreAdjust=-500$' "$D"
expect_grep '^ManagedOOMPreference=avoid$' "$D"
ls "$T/etc/systemd/system/postgresql.service.d" | grep -qv '^50-vmtune-oom.conf$' && fail "a temporary file was left" || pass
expect_exit 0 "$VMTUNE" --root "$T" protect --systemd postgresql --adj -500 --persist --json
expect_grep '"status": "unchanged"' "$VT_TMP/out"
expect_exit 0 "$VMTUNE" --root "$T" protect --systemd postgresql --adj 100 --persist
expect_grep '^OOMScoreAdjust=100$' "$D"
expect_no_grep 'ManagedOOMPreference' "$D"
expect_exit 2 "$VMTUNE" --root "$T" protect --systemd a.slice --adj 1 --persist
expect_exit 2 "$VMTUNE" --root "$T" protect 1400 --adj 1 --persist

# Processes whose files are refused are counted, not guessed (as an
# unprivileged user, on a copy where one process is not readable).
if command -v setpriv >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
	fresh
	chmod -R a+rX "$T"
	chmod 700 "$T/proc/1300"
	chmod a+rx "$VT_TMP"
	setpriv --reuid=65534 --regid=65534 --clear-groups "$VT_VMTUNE_BIN" --root "$T" oom >"$VT_TMP/out" 2>"$VT_TMP/err"
	[ $? = 0 ] && pass || fail "oom as nobody: $(cat "$VT_TMP/err")"
	expect_grep 'Not readable: 1 process (permission denied, first pid 1300)' "$VT_TMP/out"
else
	echo "skipped: the unreadable-process check needs root and setpriv"
fi
finish
