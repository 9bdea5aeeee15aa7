#!/bin/sh
# The sampling loops allocate nothing after start-up (DESIGN §4).  An
# LD_PRELOAD shim (malloc-count.c) counts every malloc, calloc, realloc and
# memalign of the process; `vmtune stat` (every format) runs with 5 and with
# 60 intervals, `vmtune record` for 0.05 and 0.6 s: the counts must be
# equal, so no interval allocates.
# Live /proc, read only.  Skipped under ASan (it owns malloc).
. "$(dirname "$0")/lib.sh"
SHIM="$VT_BUILDDIR/tests/cli/vt-malloc-count.so"
export TZ=UTC

if [ ! -r /proc/vmstat ]; then
	echo "SKIP: no /proc/vmstat"
	exit 77
fi
if ldd "$VT_VMTUNE_BIN" 2>/dev/null | grep -q 'libasan\|libclang_rt.asan' ||
   nm "$VT_VMTUNE_BIN" 2>/dev/null | grep -q '__asan_init'; then
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

for mode in "" --sar --wide --csv --json "--node all" "--json --node all"; do
	# shellcheck disable=SC2086
	short=$(count stat $mode 0.01 5)
	# shellcheck disable=SC2086
	long=$(count stat $mode 0.01 60)
	echo "stat $mode: $short allocations for 5 intervals, $long for 60"
	[ -n "$short" ] && [ "$short" -gt 0 ] && pass || fail "the shim counted nothing (not preloaded?)"
	[ "$short" = "$long" ] && pass || fail "stat $mode: $short allocations for 5 intervals but $long for 60"
done
# record's loop too: 0.05 s against 0.6 s of 0.01 s samples (up to 6 and
# 61; --duration is wall time, so a loaded machine skips ticks).
short=$(count record - --interval 0.01 --duration 0.05)
long=$(count record - --interval 0.01 --duration 0.6)
samples=$(grep -c '"type":"sample"' "$VT_TMP/run.out")
echo "record: $short allocations for 0.05 s, $long for 0.6 s ($samples samples)"
[ "$samples" -gt 10 ] && [ "$samples" -le 61 ] && pass || fail "record wrote $samples samples in 0.6 s at 0.01 s"
[ -n "$short" ] && [ "$short" = "$long" ] && pass || fail "record: $short allocations for 6 samples but $long for 61"
# The shim itself works: a JSON document built with jansson allocates per
# node, so numa --json on a bigger tree allocates more.
small=$(count --root "$VT_FIXTURES/qemu-uma-2g-boot" numa --json)
big=$(count --root "$VT_FIXTURES/qemu-numa4-memonly-boot" numa --json)
echo "numa --json: $small allocations for 1 node, $big for 4"
[ -n "$small" ] && [ "$big" -gt "$small" ] && pass || fail "shim does not see jansson's allocations"
# The cadence is proven on a fake clock (tests/unit/test_clock.c) and under
# load in the guest suite (stat-pressure): no timing asserts here.
finish
