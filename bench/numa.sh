#!/bin/sh
# `vmtune numa --json` on a generated 64-node, 1024-CPU tree against the
# 1-node host fixture: wall time per run (best and median of RUNS batches of
# BATCH runs) and the ratio.  Run by `make bench` with VMTUNE, VT_SRCDIR set.
set -eu
: "${VMTUNE:?}" "${VT_SRCDIR:?}"
RUNS=${RUNS:-7}
BATCH=${BATCH:-20}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/vmtune-bench-numa.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
sh "$VT_SRCDIR/tests/scale/gen-numa-tree.sh" "$tmp/big" 64 16
small="$VT_SRCDIR/tests/fixtures/host-6.18-uma"

. "$VT_SRCDIR/bench/lib.sh"

"$VMTUNE" --root "$tmp/big" numa --json >"$tmp/big.json"
bytes=$(wc -c <"$tmp/big.json")
set -- $(measure "$VMTUNE" --root "$small" numa --json)
s_best=$1 s_med=$2
set -- $(measure "$VMTUNE" --root "$tmp/big" numa --json)
b_best=$1 b_med=$2
echo "numa --json, $RUNS x $BATCH runs each (process start included):"
printf '  host-6.18-uma (1 node, 2 CPUs):          best %6d us, median %6d us\n' "$s_best" "$s_med"
printf '  generated (64 nodes, 1024 CPUs, %s B JSON): best %6d us, median %6d us\n' "$bytes" "$b_best" "$b_med"
awk -v a="$b_med" -v b="$s_med" 'BEGIN { printf "  ratio 64-node / 1-node (median): %.2f\n", b ? a / b : 0 }'
