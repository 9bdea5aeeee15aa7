#!/bin/sh
# `vmtune recommend --json` (static: one moment's state, the counters since
# boot) against `numactl --hardware`, start to result, on the live system,
# measured in the same run: wall time per run (best and median of RUNS
# batches of BATCH runs) and the ratio; the target is at most 2x.
# Run by `make bench` with VMTUNE set.
set -eu
: "${VMTUNE:?}" "${VT_SRCDIR:?}"
RUNS=${RUNS:-7}
BATCH=${BATCH:-20}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/vmtune-bench-recommend.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
if ! command -v numactl >/dev/null 2>&1; then
	echo "numactl not installed: no baseline (apt-get install numactl)"
	exit 0
fi

. "$VT_SRCDIR/bench/lib.sh"

"$VMTUNE" recommend --json >"$tmp/advice.json"
set -- $(measure numactl --hardware)
n_best=$1 n_med=$2
set -- $(measure "$VMTUNE" recommend --json)
r_best=$1 r_med=$2
echo "live system, $RUNS x $BATCH runs each (process start included):"
printf '  numactl --hardware:        best %6d us, median %6d us\n' "$n_best" "$n_med"
printf '  vmtune recommend --json:   best %6d us, median %6d us (%s B)\n' "$r_best" "$r_med" \
	"$(wc -c <"$tmp/advice.json")"
awk -v r="$r_med" -v n="$n_med" 'BEGIN { printf "  ratio (medians): %.2f (target <= 2)\n", r / n }'
