#!/bin/sh
# The sampling loop allocates nothing after start-up (DESIGN §4), and keeps
# its cadence.  An LD_PRELOAD shim (malloc-count.c) counts every malloc,
# calloc, realloc and memalign of the process; `vmtune stat` runs with 5 and
# with 60 intervals: the counts must be equal, so no interval allocates.
# Live /proc, read only.  Skipped under ASan (it owns malloc).
. "$(dirname "$0")/lib.sh"
SHIM="$(dirname "$VMTUNE")/../tests/cli/vt-malloc-count.so"
export TZ=UTC

if [ ! -r /proc/vmstat ]; then
	echo "SKIP: no /proc/vmstat"
	exit 77
fi
if ldd "$VMTUNE" 2>/dev/null | grep -q 'libasan\|libclang_rt.asan' ||
   nm "$VMTUNE" 2>/dev/null | grep -q '__asan_init'; then
	echo "SKIP: built with AddressSanitizer, which replaces malloc"
	exit 77
fi
[ -r "$SHIM" ] && pass || { fail "no shim at $SHIM"; finish; }

count() {
	# count OUT ARGS...: allocations of one run, output to a file (stdio
	# then allocates its buffer once, as it would for a pipe).
	VT_MALLOC_COUNT_OUT="$VT_TMP/count" LD_PRELOAD="$SHIM" "$VMTUNE" "$@" >"$VT_TMP/run.out" 2>"$VT_TMP/run.err"
	rc=$?
	[ $rc -eq 0 ] || fail "'vmtune $*' exited $rc: $(head -c 300 "$VT_TMP/run.err")"
	cat "$VT_TMP/count"
}

for mode in "" --sar --wide --csv "--node all"; do
	# shellcheck disable=SC2086
	short=$(count stat $mode 0.01 5)
	# shellcheck disable=SC2086
	long=$(count stat $mode 0.01 60)
	echo "stat $mode: $short allocations for 5 intervals, $long for 60"
	[ -n "$short" ] && [ "$short" -gt 0 ] && pass || fail "the shim counted nothing (not preloaded?)"
	[ "$short" = "$long" ] && pass || fail "stat $mode: $short allocations for 5 intervals but $long for 60"
done
# The shim itself works: --json allocates per line (jansson), documented.
short=$(count stat --json 0.01 5)
long=$(count stat --json 0.01 60)
echo "stat --json: $short allocations for 5 intervals, $long for 60 (jansson, allocates per line)"
[ "$long" -gt "$short" ] && pass || fail "shim does not see jansson's allocations"

# Cadence: intervals are the requested length, and the schedule does not
# drift (deadlines are absolute, CLOCK_MONOTONIC).
"$VMTUNE" stat --json 0.1 20 >"$VT_TMP/cadence"
python3 - "$VT_TMP/cadence" <<'PY' && pass || fail "cadence"
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
iv = [r for r in rows if r["type"] == "interval"]
assert len(iv) == 20, len(iv)
dts = [r["interval_s"] for r in iv]
span = (iv[-1]["monotonic_ns"] - iv[0]["monotonic_ns"]) / 1e9
print("intervals: min %.4f s, max %.4f s; 19 intervals span %.4f s (ideal 1.9)" % (min(dts), max(dts), span))
assert all(0.05 < d < 0.2 for d in dts), dts
assert abs(span - 1.9) < 0.1, span
PY
finish
