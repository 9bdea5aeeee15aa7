#!/bin/sh
# `vmtune top --iterations 60 --interval 0.1` on the live system, drawn in
# a 120x40 tmux pane, against htop in the same pane for the same 60 frames
# at the same 0.1 s (htop -d 1, ended by timeout --foreground after 6 s:
# htop 3.2 has no -n; without --foreground it would stop on SIGTTIN): CPU
# time (user + system) per frame and peak RSS of each, taken from wait4()'s
# rusage of the process (and, for timeout, its child).
# The per-frame cost without start-up is (60 frames - 10 frames) / 50.
# Run by `make bench` with VMTUNE set; needs tmux (and htop for the
# baseline); bench/vt-rusage takes the rusage.
set -eu
: "${VMTUNE:?}" "${VT_SRCDIR:?}"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/vmtune-bench-top.XXXXXX")
sock="vt-bench-top-$$-0"
n=0
trap 'tmux -L "$sock" kill-server 2>/dev/null; rm -rf "$tmp"' EXIT
for tool in tmux; do
	if ! command -v "$tool" >/dev/null 2>&1; then
		echo "$tool not installed: no measure"
		exit 0
	fi
done

# A child's rusage alone, from bench/vt-rusage (a C parent: a child forked
# from python reports python's RSS as its peak).
RUSAGE="${VT_BUILDDIR:?}/bench/vt-rusage"

# run NAME CMD...: CMD in a fresh 120x40 pane until it exits.
run() {
	name=$1
	shift
	rm -f "$tmp/$name"
	# a server of its own: one going away never meets the next
	tmux -L "$sock" kill-server 2>/dev/null || true
	n=$((n + 1))
	sock="vt-bench-top-$$-$n"
	tmux -L "$sock" -f /dev/null new-session -d -x 120 -y 40 \
		"env TERM=xterm-256color $RUSAGE -k -o $tmp/$name 1 $*; sleep 600"
	i=0
	while [ ! -s "$tmp/$name" ] && [ $i -lt 1200 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	[ -s "$tmp/$name" ] || { echo "$name did not finish"; exit 1; }
	cat "$tmp/$name"
}

report() {
	# report LABEL FILE60 FILE10
	# vt-rusage: median_wall_us best_wall_us cpu_us max_rss_kb exit
	awk -v label="$1" 'NR == FNR { c60 = $3; rss = $4; next } { c10 = $3 }
		END { printf "  %-12s %6.2f ms CPU per frame (%.2f with start-up), peak RSS %6d KiB\n",
		      label, (c60 - c10) / 1000 / 50, c60 / 1000 / 60, rss }' "$2" "$3"
}

run top60 "$VMTUNE" top --iterations 60 --interval 0.1 >/dev/null
run top10 "$VMTUNE" top --iterations 10 --interval 0.1 >/dev/null
echo "live system ($(ps -e --no-headers | wc -l) processes), 120x40 tmux pane, 60 frames at 0.1 s:"
report "vmtune top" "$tmp/top60" "$tmp/top10"
if command -v htop >/dev/null 2>&1; then
	run htop60 timeout --foreground -s TERM 6 htop -d 1 >/dev/null
	run htop10 timeout --foreground -s TERM 1 htop -d 1 >/dev/null
	report "htop $(htop --version | awk '{ print $2; exit }')" "$tmp/htop60" "$tmp/htop10"
else
	echo "  htop not installed: no baseline (apt-get install htop)"
fi
