#!/bin/sh
# Live comparison with sysstat: `sar -B 1 5` and `vmtune stat --sar 1 5` run
# side by side on this machine while a small load (fsynced writes, O_DIRECT
# reads, fork/exec) runs, so every sar -B column moves except the reclaim
# ones on a machine without memory pressure.  Reads /proc only.
#
# Checks: the banner and the column header are identical (the header's time
# aside), both print 5 rows and an Average line, and every Average column
# agrees within max(10 %, 20/s) (%vmeff: 5 points).  The two tools cannot
# sample at the same instants (they start a few milliseconds apart and sar
# times its interval by /proc/uptime in 1/100 s), which is what the
# tolerance covers.  Skipped when sysstat is absent or is not a release
# with sar -B's 12.6 layout (%vmeff was removed in 12.7.5).
. "$(dirname "$0")/lib.sh"
export LC_ALL=C

if ! command -v sar >/dev/null 2>&1; then
	echo "SKIP: sar (sysstat) is not installed"
	exit 77
fi
ver=$(sar -V 2>&1 | sed -n 's/^sysstat version \([0-9.]*\).*/\1/p')
case "$ver" in
12.[0-6].*|12.7.[0-4]) ;;
*)
	echo "SKIP: sysstat '$ver' does not print sar -B's 12.6 layout"
	exit 77
	;;
esac
if [ ! -r /proc/vmstat ]; then
	echo "SKIP: no /proc/vmstat"
	exit 77
fi

# The load runs in the build directory: /tmp may be tmpfs, which does no
# block I/O and so would leave pgpgin/pgpgout at 0.
LOAD=$(mktemp -d "./stat-sar-load.XXXXXX")
trap 'kill $loadpid 2>/dev/null; rm -rf "$LOAD" "$VT_TMP"' EXIT
dd if=/dev/urandom of="$LOAD/blk" bs=1M count=8 status=none conv=fsync
(
	end=$(($(date +%s) + 9))
	while [ "$(date +%s)" -lt "$end" ]; do
		dd if=/dev/zero of="$LOAD/w" bs=256k count=8 conv=fsync status=none
		dd if="$LOAD/blk" of=/dev/null bs=256k count=8 iflag=direct status=none 2>/dev/null ||
			dd if="$LOAD/blk" of=/dev/null bs=256k count=8 status=none
		sleep 0.05
	done
) &
loadpid=$!
sleep 1
sar -B 1 5 >"$VT_TMP/sar" 2>&1 &
sarpid=$!
"$VMTUNE" stat --sar 1 5 >"$VT_TMP/vt" 2>"$VT_TMP/vt.err"
rc=$?
wait $sarpid
[ $rc -eq 0 ] && pass || fail "vmtune stat --sar exited $rc: $(cat "$VT_TMP/vt.err")"

echo "--- sar -B 1 5 (sysstat $ver)"
cat "$VT_TMP/sar"
echo "--- vmtune stat --sar 1 5"
cat "$VT_TMP/vt"

python3 - "$VT_TMP/sar" "$VT_TMP/vt" <<'PY' && pass || fail "sar -B and vmtune stat --sar disagree (see above)"
import sys
sar, vt = (open(p).read().split("\n") for p in sys.argv[1:3])
ok = True
def bad(msg):
    global ok
    ok = False
    print("MISMATCH:", msg)
if sar[0] != vt[0]:
    bad("banner: %r vs %r" % (sar[0], vt[0]))
if sar[1] != "" or vt[1] != "":
    bad("no blank line after the banner")
if sar[2][11:] != vt[2][11:]:
    bad("header: %r vs %r" % (sar[2], vt[2]))
cols = sar[2][11:].split()
srows = [l for l in sar[3:] if l and not l.startswith("Average:")]
vrows = [l for l in vt[3:] if l and not l.startswith("Average:")]
if len(srows) != 5 or len(vrows) != 5:
    bad("rows: sar %d, vmtune %d" % (len(srows), len(vrows)))
for l in srows + vrows:
    if len(l) != 11 + 10 * len(cols):
        bad("row layout: %r" % l)
savg = [l for l in sar if l.startswith("Average:")]
vavg = [l for l in vt if l.startswith("Average:")]
if len(savg) != 1 or len(vavg) != 1:
    bad("Average lines: sar %d, vmtune %d" % (len(savg), len(vavg)))
else:
    worst = None
    for name, a, b in zip(cols, savg[0][11:].split(), vavg[0][11:].split()):
        a, b = float(a), float(b)
        d = abs(a - b)
        tol = 5.0 if name == "%vmeff" else max(0.10 * max(abs(a), abs(b)), 20.0)
        rel = d / max(abs(a), abs(b)) if max(abs(a), abs(b)) > 0 else 0.0
        print("%-10s sar %12.2f  vmtune %12.2f  diff %10.2f (%5.2f %%, tolerance %.2f)" % (name, a, b, d, 100 * rel, tol))
        if d > tol:
            bad("%s differs by %.2f (tolerance %.2f)" % (name, d, tol))
        if worst is None or rel > worst[1]:
            worst = (name, rel, d)
    print("worst column: %s, %.2f %% (%.2f)" % (worst[0], 100 * worst[1], worst[2]))
moving = [c for c, v in zip(cols, vavg[0][11:].split()) if float(v) > 0] if vavg else []
print("columns that moved:", " ".join(moving))
sys.exit(0 if ok else 1)
PY
finish
