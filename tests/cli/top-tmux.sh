#!/bin/sh
# The real dashboard on a terminal: vmtune top inside tmux (a private
# server, no configuration), driven with send-keys and read back with
# capture-pane, as tmux's own regress tests do.  It starts and shows its
# panels; p, s, n, ? and a resize change what it shows; q and SIGTERM end
# it with the terminal given back (stty settings as before, the shell's
# screen again); NO_COLOR leaves colour out; on the live system it lowers
# its oom_score_adj and a frame after start-up allocates nothing (curses
# included).  Read only: fixtures and the live /proc.  Skipped without tmux.
. "$(dirname "$0")/lib.sh"
export LC_ALL=C TZ=UTC
FIX="$VT_FIXTURES/qemu-numa2-memhog"
SHIM="$VT_BUILDDIR/tests/cli/vt-malloc-count.so"

if ! command -v tmux >/dev/null 2>&1; then
	echo "SKIP: tmux is not installed (apt-get install tmux)"
	exit 77
fi
# One tmux server per start, so that a server still going away never
# meets the next one.
SOCK="vt-top-$$-0"
nstart=0
T() { tmux -L "$SOCK" -f /dev/null "$@"; }
trap 'T kill-server 2>/dev/null; rm -rf "$VT_TMP"' EXIT

# wait_for PATTERN: polls the pane until it shows PATTERN; a bound of 30 s
# only turns a hang into a failure.
wait_for() {
	i=0
	while [ $i -lt 300 ]; do
		T capture-pane -p -t top >"$VT_TMP/pane" 2>/dev/null
		grep -q -e "$1" "$VT_TMP/pane" && { pass; return 0; }
		sleep 0.1
		i=$((i + 1))
	done
	fail "the pane never showed '$1'; it shows: $(cat "$VT_TMP/pane")"
	return 1
}

# start ARGS...: a 100x30 window whose shell saves its stty settings, runs
# vmtune top ARGS (its pid in $VT_TMP/pid; VT_ENV: its environment), then
# prints its exit status and the settings after, and waits.
start() {
	cat >"$VT_TMP/run.sh" <<EOF
stty -g >"$VT_TMP/stty.before"
sh -c 'echo \$\$ >"$VT_TMP/pid"; exec env ${VT_ENV:-} "\$@"' top "$VMTUNE" "\$@"
rc=\$?
stty -g >"$VT_TMP/stty.after"
echo "EXIT:\$rc"
sleep 600
EOF
	rm -f "$VT_TMP/pid" "$VT_TMP/stty.before" "$VT_TMP/stty.after"
	T kill-server 2>/dev/null
	nstart=$((nstart + 1))
	SOCK="vt-top-$$-$nstart"
	T new-session -d -s top -x 100 -y 30 "env TERM=xterm-256color sh $VT_TMP/run.sh $*"
}

restored() {
	wait_for "EXIT:$1" || return
	[ -s "$VT_TMP/stty.after" ] && cmp -s "$VT_TMP/stty.before" "$VT_TMP/stty.after" && pass ||
		fail "stty settings differ after top: $(cat "$VT_TMP/stty.before") / $(cat "$VT_TMP/stty.after" 2>/dev/null)"
	# The alternate screen is left: the dashboard is gone from the pane.
	T capture-pane -p -t top >"$VT_TMP/pane"
	expect_no_grep 'q quit  p pause' "$VT_TMP/pane"
}

# Built without ncurses (configure --without-ncurses): on a terminal the
# dashboard says how to get it, exit 1; nothing else to test here.
if ! grep -q '^#define HAVE_NCURSES 1' "$VT_BUILDDIR/config.h"; then
	start --root "$FIX" top
	wait_for "built without ncurses"
	expect_grep "vmtune top --batch" "$VT_TMP/pane"
	restored 1
	finish
fi

# A series: the panels, then the keys.  A long interval keeps it on t0
# until s steps.
start --root "$FIX" top --interval 60
wait_for 'q quit  p pause'
for w in MemAvailable ' Zones ' 'Reclaim' ' NUMA ' ' Advice ' 'N1 DMA32' 'rates: need two samples' 'VMT-WSF-001'; do
	expect_grep "$w" "$VT_TMP/pane"
done
T send-keys -t top p
wait_for '\[paused\]'
T send-keys -t top s
wait_for 'pgscand/s *1367.0'
T send-keys -t top n
wait_for 'node 0 (n: next)'
expect_no_grep 'N1 DMA32' "$VT_TMP/pane"
T send-keys -t top Tab
wait_for '\[ NUMA \]'
T send-keys -t top '?'
wait_for 'Help: every figure on screen'
expect_grep 'allocstall/s    direct reclaim entries' "$VT_TMP/pane"
T send-keys -t top Escape
wait_for 'q quit  p pause'
T resize-window -t top -x 50 -y 12
wait_for 'terminal too small: 50x12'
T resize-window -t top -x 120 -y 40
wait_for 'allocstall/s'
# at 120x40 the figures take one column, and the title lines 120 cells
awk 'length($0) == 120 && /Zones/ { found = 1 } END { exit !found }' "$VT_TMP/pane" && pass ||
	fail "no 120-wide Zones line after the resize: $(cat "$VT_TMP/pane")"
T send-keys -t top q
restored 0

# Colour on a terminal, none with NO_COLOR: SGR colour codes in the pane.
start --root "$FIX" top --interval 60
wait_for 'q quit  p pause'
T capture-pane -e -p -t top >"$VT_TMP/pane.esc"
grep -q "$(printf '\033')\[3[0-7]m\|$(printf '\033')\[[0-9;]*3[0-7]m" "$VT_TMP/pane.esc" && pass ||
	fail "no colour on a colour terminal"
T send-keys -t top q
restored 0
VT_ENV=NO_COLOR=1 start --root "$FIX" top --interval 60
wait_for 'q quit  p pause'
T capture-pane -e -p -t top >"$VT_TMP/pane.esc"
grep -q "$(printf '\033')\[[0-9;]*3[0-7]m" "$VT_TMP/pane.esc" && fail "colour despite NO_COLOR" || pass
grep -q "$(printf '\033')\[[0-9;]*7m" "$VT_TMP/pane.esc" && pass || fail "monochrome: no reverse video for the key line"
T send-keys -t top q
restored 0

# SIGTERM: the terminal restored, then death by the same signal (143).
start --root "$FIX" top --interval 60
wait_for 'q quit  p pause'
kill -TERM "$(cat "$VT_TMP/pid")"
restored 143

# The live system: a replay-free run lowers top's own oom_score_adj when
# it may (root), and frames after start-up allocate nothing, curses
# included (5 frames against 40).
if [ -r /proc/vmstat ]; then
	start top --interval 60
	wait_for 'q quit  p pause'
	adj=$(cat "/proc/$(cat "$VT_TMP/pid")/oom_score_adj")
	# Lowering it needs CAP_SYS_RESOURCE (bit 24 of CapEff).
	caps=$(awk '/^CapEff:/ { print $2 }' /proc/self/status)
	if [ $(( (0x$caps >> 24) & 1 )) = 1 ]; then
		[ "$adj" = -900 ] && pass || fail "oom_score_adj is $adj on the live system, expected -900"
	else
		echo "note: no CAP_SYS_RESOURCE here: oom_score_adj stays $adj"
		[ "$adj" = "$(cat /proc/self/oom_score_adj)" ] && pass || fail "oom_score_adj $adj"
	fi
	T send-keys -t top q
	restored 0
	if ldd "$VT_VMTUNE_BIN" 2>/dev/null | grep -q 'libasan\|libclang_rt.asan' ||
	   nm "$VT_VMTUNE_BIN" 2>/dev/null | grep -q '__asan_init'; then
		echo "note: AddressSanitizer build: allocation count skipped"
	else
		for n in 5 40; do
			VT_ENV="VT_MALLOC_COUNT_OUT=$VT_TMP/count.$n LD_PRELOAD=$SHIM" start top --interval 0.01 --iterations $n
			restored 0
		done
		c5=$(cat "$VT_TMP/count.5"); c40=$(cat "$VT_TMP/count.40")
		echo "dashboard: $c5 allocations for 5 frames, $c40 for 40"
		[ -n "$c5" ] && [ "$c5" = "$c40" ] && pass || fail "dashboard: $c5 allocations for 5 frames, $c40 for 40"
	fi
	# A fixture root is never the live system: oom_score_adj as inherited.
	start --root "$FIX" top --interval 60
	wait_for 'q quit  p pause'
	adj=$(cat "/proc/$(cat "$VT_TMP/pid")/oom_score_adj")
	[ "$adj" = "$(cat /proc/self/oom_score_adj)" ] && pass || fail "oom_score_adj $adj under a fixture root"
	T send-keys -t top q
	restored 0
fi
finish
