#!/bin/sh
# The bench table, run last by `make bench`: one table from one run.
#  - per-sample cost of stat against the raw read() of the same files, from
#    bench_stat's output of this run (VT_BENCH_OUT/bench_stat.txt; target
#    <= 1.2);
#  - start-up to result on the live system of vmtune status, recommend
#    --json, watermarks and numa next to numactl --hardware, sysctl -a and
#    sar -B 1 1 (median of RUNS runs, wall time from fork to wait4, from
#    bench/vt-rusage); sar waits its 1 s interval, so its line also shows
#    the time minus 1 s, the part that is sar's own;
#  - peak RSS of each (wait4's ru_maxrss), then of every command as a
#    script would run it (dry runs where it would write);
#  - top's CPU per frame next to htop's, from top.sh's output of this run
#    (VT_BENCH_OUT/top.sh.txt).
# Run by `make bench` with VMTUNE, VT_BUILDDIR, VT_BENCH_OUT set; missing
# baselines are said, not skipped silently (apt-get install sysstat numactl
# procps htop tmux).
set -eu
: "${VMTUNE:?}" "${VT_BUILDDIR:?}"
out=${VT_BENCH_OUT:-$VT_BUILDDIR/bench/out}
RUNS=${RUNS:-21}
SAR_RUNS=${SAR_RUNS:-3}
RUSAGE="$VT_BUILDDIR/bench/vt-rusage"

echo "bench table, $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) CPUs,$(uptime | sed 's/.*load average/ load average/')"
echo
if [ -s "$out/bench_stat.txt" ]; then
	awk '/^stat per-sample cost/ { sub(/:$/, ""); what = $0 }
		/read only/ { r = $(NF - 5) } /read \+ parse/ { f = $(NF - 5) }
		/^  ratio: / && !done { done = 1
			printf "per-sample cost (%s)\n  read + parse + rates %s us / read() alone %s us = %s (target <= 1.2: %s)\n",
				what, f, r, $2, ($2 <= 1.2 ? "met" : "NOT MET") }' "$out/bench_stat.txt"
else
	echo "per-sample cost: no bench_stat output in $out (make bench runs it first)"
fi
echo

# row LABEL RUNS CMD...: one line of the start-up table.
row() {
	label=$1
	runs=$2
	shift 2
	if ! command -v "$1" >/dev/null 2>&1; then
		printf '  %-28s not installed\n' "$label"
		return
	fi
	set -- $("$RUSAGE" "$runs" "$@")
	printf '  %-28s %9.2f ms %9.2f ms %9.2f ms %8d KiB%s\n' "$label" \
		"$(awk -v v="$1" 'BEGIN { print v / 1000 }')" "$(awk -v v="$2" 'BEGIN { print v / 1000 }')" \
		"$(awk -v v="$3" 'BEGIN { print v / 1000 }')" "$4" "$([ "$5" = 0 ] || echo "  (exit $5)")"
	echo "$label|$1|$4" >>"$rows"
}
rows=$(mktemp "${TMPDIR:-/tmp}/vmtune-bench-table.XXXXXX")
trap 'rm -f "$rows"' EXIT
echo "start-up to result on this machine (median and best wall of $RUNS runs, sar $SAR_RUNS; CPU median; peak RSS):"
printf '  %-28s %12s %12s %12s %12s\n' "" "wall median" "wall best" "CPU" "peak RSS"
row "vmtune --version (start-up)" "$RUNS" "$VMTUNE" --version
row "vmtune status" "$RUNS" "$VMTUNE" status
row "vmtune recommend --json" "$RUNS" "$VMTUNE" recommend --json
row "vmtune watermarks" "$RUNS" "$VMTUNE" watermarks
row "vmtune numa" "$RUNS" "$VMTUNE" numa
row "numactl --hardware" "$RUNS" numactl --hardware
row "sysctl -a" "$RUNS" sysctl -a
row "sar -B 1 1" "$SAR_RUNS" sar -B 1 1
awk -F'|' '$1 == "sar -B 1 1" { printf "  %-28s %9.2f ms (sar -B 1 1 less its 1 s interval)\n", "sar -B, own part", ($2 - 1000000) / 1000 }' "$rows"
echo "ratios of the medians:"
awk -F'|' '{ t[$1] = $2 }
	function r(a, b) { return (a in t) && (b in t) ? sprintf("%.2f", t[a] / t[b]) : "-" }
	END {
		printf "  numa / numactl --hardware %s; recommend --json / numactl --hardware %s (target <= 2)\n",
			r("vmtune numa", "numactl --hardware"), r("vmtune recommend --json", "numactl --hardware")
		printf "  start-up of vmtune alone (--version: loader, jansson, curses) / numactl --hardware %s\n",
			r("vmtune --version (start-up)", "numactl --hardware")
		printf "  status / sysctl -a %s; watermarks / sysctl -a %s\n",
			r("vmtune status", "sysctl -a"), r("vmtune watermarks", "sysctl -a")
		if ("sar -B 1 1" in t)
			printf "  status / (sar -B 1 1 less 1 s) %.2f\n", t["vmtune status"] / (t["sar -B 1 1"] - 1000000)
	}' "$rows"
echo

# Peak RSS of every command, on this machine, each as a script would run it
# (none writes a knob: apply is a dry run of the current value, protect a
# dry run on this shell; snapshot and record write into a scratch dir).
scratch=$(mktemp -d "${TMPDIR:-/tmp}/vmtune-bench-rss.XXXXXX")
trap 'rm -f "$rows"; rm -rf "$scratch"' EXIT
swappiness=$(sysctl -n vm.swappiness 2>/dev/null || echo 60)
echo "peak RSS of every command (median of 3 runs; wall median; exit 3 is a check's drift or a dry run's change):"
rss() {
	label=$1
	shift
	set -- $("$RUSAGE" 3 "$@")
	printf '  %-44s %6d KiB %8.2f ms%s\n' "$label" "$4" "$(awk -v v="$1" 'BEGIN { print v / 1000 }')" \
		"$([ "$5" = 0 ] || echo "  (exit $5)")"
}
rss "status" "$VMTUNE" status
rss "recommend --json" "$VMTUNE" recommend --json
rss "check" "$VMTUNE" check
rss "apply --dry-run vm.swappiness=$swappiness" "$VMTUNE" apply --dry-run "vm.swappiness=$swappiness"
rss "rollback --list" "$VMTUNE" rollback --list
rss "watermarks" "$VMTUNE" watermarks
rss "stat 0.1 5" "$VMTUNE" stat 0.1 5
rss "record --interval 0.1 --duration 0.5" "$VMTUNE" record --interval 0.1 --duration 0.5 "$scratch/rec.jsonl"
rss "numa" "$VMTUNE" numa
rss "top --batch --iterations 5 --interval 0.1" "$VMTUNE" top --batch --iterations 5 --interval 0.1
rss "oom" "$VMTUNE" oom
rss "protect --dry-run (this shell) --adj 0" "$VMTUNE" protect --dry-run --adj 0 $$
rss "snapshot DIR" sh -c 'rm -rf "$1" && exec "$2" snapshot "$1"' sh "$scratch/snap" "$VMTUNE"
# The shipped profiles, from the source tree when vmtune is not installed.
rss "profile list" env VMTUNE_PROFILE_DIR="${VT_SRCDIR:-.}/profiles" "$VMTUNE" profile list
rss "export" "$VMTUNE" export
echo
if [ -s "$out/top.sh.txt" ]; then
	echo "top, CPU per frame (120x40 tmux pane, 60 frames at 0.1 s, from top.sh in this run):"
	grep -E '^  (vmtune top|htop)' "$out/top.sh.txt" || sed 's/^/  /' "$out/top.sh.txt"
	awk '/^  vmtune top/ { v = $3 } /^  htop/ { h = $3 }
		END { if (v != "" && h != "") printf "  vmtune top / htop: %.2f\n", h ? v / h : 0 }' "$out/top.sh.txt"
else
	echo "top: no top.sh output in $out (make bench runs it before this table)"
fi
