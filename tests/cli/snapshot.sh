#!/bin/sh
# Snapshot round trip: a snapshot of a root, read back with --root, gives the
# same status as the root itself, apart from time-varying fields.
. "$(dirname "$0")/lib.sh"

strip_volatile() {
	# memory.*, pressure.* and source.* legitimately differ between two reads.
	python3 - "$1" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
d.pop("source", None)
d["pressure"] = d.get("pressure") is not None   # the averages move; presence must not
for k in ("free_kb", "available_kb", "available_pct", "swap_free_kb", "swap_used_kb"):
    (d.get("memory") or {}).pop(k, None)
for z in d.get("zones") or []:          # free pages move between two reads
    for k in ("free_pages", "state", "state_zone"):
        z.pop(k, None)
print(json.dumps(d, sort_keys=True, indent=1))
PY
}

roundtrip() {
	label=$1
	shift
	expect_exit 0 "$VMTUNE" "$@" snapshot "$VT_TMP/snap-$label"
	expect_grep "^snapshot of .* written to $VT_TMP/snap-$label: [0-9]* files" "$VT_TMP/out"
	"$VMTUNE" "$@" status --json >"$VT_TMP/a.json" || fail "status on the source failed"
	"$VMTUNE" --root "$VT_TMP/snap-$label" status --json >"$VT_TMP/b.json" || fail "status on the snapshot failed"
	strip_volatile "$VT_TMP/a.json" >"$VT_TMP/a.cmp"
	strip_volatile "$VT_TMP/b.json" >"$VT_TMP/b.cmp"
	if diff -u "$VT_TMP/a.cmp" "$VT_TMP/b.cmp" >"$VT_TMP/diff"; then pass; else fail "$label round trip differs: $(cat "$VT_TMP/diff")"; fi
}

# From the live machine (reads only), then from a committed fixture.
roundtrip live
roundtrip fixture --root "$VT_FIXTURES/host-6.18-uma"
# The snapshot of a snapshot is byte-identical apart from its metadata.
expect_exit 0 "$VMTUNE" --root "$VT_TMP/snap-fixture" snapshot "$VT_TMP/snap-again"
if diff -r -x vmtune-snapshot.json "$VT_TMP/snap-fixture" "$VT_TMP/snap-again" >/dev/null; then pass; else fail "snapshot of a snapshot differs"; fi
# ... and keeps the original capture times (rates between copied t0/t1 stay right).
python3 - "$VT_FIXTURES/host-6.18-uma/vmtune-snapshot.json" "$VT_TMP/snap-again/vmtune-snapshot.json" <<'PY' && pass || fail "snapshot of a snapshot changed the capture time"
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
sys.exit(0 if all(a[k] == b[k] for k in ("monotonic_ns", "realtime_ns", "captured_at", "page_size", "kernel_release")) else 1)
PY

# Refuses a non-empty directory and leaves it alone.
mkdir -p "$VT_TMP/busy" && echo keep >"$VT_TMP/busy/file"
expect_exit 1 "$VMTUNE" snapshot "$VT_TMP/busy"
expect_grep "is not empty; refusing to overwrite" "$VT_TMP/err"
[ "$(ls "$VT_TMP/busy")" = "file" ] && pass || fail "non-empty directory was modified"

# JSON report.
expect_exit 0 "$VMTUNE" --root "$VT_FIXTURES/host-6.18-uma" snapshot --json "$VT_TMP/snap-json"
json_valid "$VT_TMP/out" && pass || fail "snapshot --json is not valid JSON"
expect_grep '"files":' "$VT_TMP/out"

# As a non-root user, unreadable files are skipped and listed (needs root to switch user).
if [ "$(id -u)" -eq 0 ] && command -v setpriv >/dev/null 2>&1; then
	cp -r "$VT_FIXTURES/host-6.18-uma" "$VT_TMP/src"
	chmod 0400 "$VT_TMP/src/proc/zoneinfo"
	chmod -R a+rX "$VT_TMP" && chmod 0400 "$VT_TMP/src/proc/zoneinfo"
	chmod a+rwx "$VT_TMP"
	setpriv --reuid=65534 --regid=65534 --clear-groups "$VMTUNE" --root "$VT_TMP/src" snapshot "$VT_TMP/nobody" >"$VT_TMP/out" 2>"$VT_TMP/err"
	rc=$?
	[ "$rc" -eq 0 ] && pass || fail "non-root snapshot exited $rc: $(cat "$VT_TMP/err")"
	expect_grep "proc/zoneinfo: Permission denied" "$VT_TMP/out"
	[ -e "$VT_TMP/nobody/proc/zoneinfo" ] && fail "unreadable file was copied" || pass
	grep -q '"path": "proc/zoneinfo"' "$VT_TMP/nobody/vmtune-snapshot.json" && pass || fail "skipped file not in metadata"
fi
finish
