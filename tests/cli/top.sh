#!/bin/sh
# vmtune top without a terminal: --batch and --json on every fixture and
# recording, the figures of `?` in the manual, a frame after start-up
# allocates nothing, top writes nothing under its root, and its errors.
# The real dashboard on a terminal is top-tmux.sh's.
. "$(dirname "$0")/lib.sh"
export LC_ALL=C TZ=UTC
SHIM="$VT_BUILDDIR/tests/cli/vt-malloc-count.so"

# Every fixture (each series as a whole) and every recording: exit 0 with
# one frame per sample, as text and JSON lines.
for d in "$VT_FIXTURES"/*/; do
	d=${d%/}
	name=$(basename "$d")
	expect_exit 0 "$VMTUNE" --root "$d" top --batch --size 100x30
	frames=$(grep -c 'q quit  p pause' "$VT_TMP/out")
	if [ -d "$d/t0" ]; then
		nframes=$(find "$d" -maxdepth 1 -name 't[0-9]*' -type d | wc -l)
	else
		nframes=1
	fi
	[ "$frames" -eq "$nframes" ] && pass || fail "$name: $frames frames, expected $nframes"
	# Each frame is exactly 30 lines and no line is wider than 100.
	lines=$(wc -l <"$VT_TMP/out")
	[ "$lines" -eq $((nframes * 31 - 1)) ] && pass || fail "$name: $lines lines for $nframes frames of 30"
	awk 'length > 100 { exit 1 }' "$VT_TMP/out" && pass || fail "$name: a line wider than 100"
	expect_exit 0 "$VMTUNE" --root "$d" top --json
	[ "$(wc -l <"$VT_TMP/out")" -eq "$nframes" ] && pass || fail "$name: --json lines != $nframes"
	while IFS= read -r line; do
		printf '%s\n' "$line" >"$VT_TMP/line.json"
		json_valid "$VT_TMP/line.json" && pass || fail "$name: --json line is not JSON: $line"
	done <"$VT_TMP/out"
done
for f in "$VT_SRCDIR"/tests/cli/data/*.jsonl; do
	expect_exit 0 "$VMTUNE" top --batch --replay "$f"
	expect_grep 'a recording holds counters only' "$VT_TMP/out"
	expect_exit 0 "$VMTUNE" top --json --replay "$f"
done

# Every figure the `?` screen defines is in the manual's top section, and
# the screen names them all (a 150-row frame holds the whole list).
expect_exit 0 "$VMTUNE" --root "$VT_FIXTURES/host-6.18-uma" top --batch --size 120x40 --keys '?'
sed -n '/^\.SS top$/,/^\.SS /p' "$VT_SRCDIR/man/vmtune.8" | sed 's/\\-/-/g; s/\\(em/-/g' >"$VT_TMP/man"
[ -s "$VT_TMP/man" ] && pass || fail "no .SS top section in man/vmtune.8"
sed -n '2,$p' "$VT_TMP/out" | grep -v 'Esc: back' | cut -c1-15 | sed 's/ *$//' >"$VT_TMP/labels"
[ "$(wc -l <"$VT_TMP/labels")" -ge 20 ] && pass || fail "help screen lists $(wc -l <"$VT_TMP/labels") figures"
while IFS= read -r label; do
	[ -n "$label" ] || continue
	grep -qF -- "$label" "$VT_TMP/man" && pass || fail "figure '$label' of the ? screen is not in vmtune(8)'s top section"
done <"$VT_TMP/labels"

# Writes nothing under the root (a copy, compared byte for byte after).
cp -r "$VT_FIXTURES/qemu-numa2-memhog" "$VT_TMP/tree"
cp -r "$VT_TMP/tree" "$VT_TMP/tree.orig"
expect_exit 0 "$VMTUNE" --root "$VT_TMP/tree" top --batch --keys 'pnt?' --iterations 4
expect_exit 0 "$VMTUNE" --root "$VT_TMP/tree" top --json
diff -r "$VT_TMP/tree" "$VT_TMP/tree.orig" >/dev/null && pass || fail "top changed files under its root"

# Errors: usage (2), a damaged second snapshot after the first frame (1,
# naming the file), a missing recording (1).
expect_exit 2 "$VMTUNE" top --keys p
expect_exit 2 "$VMTUNE" top --json --batch --size 80x24
expect_exit 2 "$VMTUNE" top --batch --iterations 0
expect_exit 2 "$VMTUNE" top --batch --size 800x24
printf 'Node 0, zone   Normal\n  pages free 12\n' >"$VT_TMP/tree/t1/proc/zoneinfo"
expect_exit 1 "$VMTUNE" --root "$VT_TMP/tree" top --batch
expect_grep "^vmtune: error: $VT_TMP/tree/t1/proc/zoneinfo: " "$VT_TMP/err"
expect_exit 1 "$VMTUNE" top --batch --replay "$VT_TMP/missing.jsonl"
expect_grep "^vmtune: error: cannot open '$VT_TMP/missing.jsonl'" "$VT_TMP/err"
[ -s "$VT_TMP/out" ] && fail "stdout not empty for a missing recording" || pass

# + and - step the interval along its ladder (0.5 -> 1 s), live.
if [ -r /proc/vmstat ]; then
	expect_exit 0 "$VMTUNE" top --batch --interval 0.5 --iterations 3 --keys '.+-'
	[ "$(grep -o 'every [0-9.]*s' "$VT_TMP/out" | tr '\n' ' ')" = "every 0.5s every 1s every 0.5s " ] && pass ||
		fail "intervals after . + -: $(grep -o 'every [0-9.]*s' "$VT_TMP/out" | tr '\n' ' ')"
fi

# After start-up a frame allocates nothing: on the live system, 5 frames
# and 60 frames make as many allocations (text and JSON).  Skipped under
# ASan, which owns malloc.
if [ ! -r /proc/vmstat ]; then
	echo "note: no /proc/vmstat: allocation check skipped"
elif ldd "$VT_VMTUNE_BIN" 2>/dev/null | grep -q 'libasan\|libclang_rt.asan' ||
     nm "$VT_VMTUNE_BIN" 2>/dev/null | grep -q '__asan_init'; then
	echo "note: AddressSanitizer build: allocation check skipped"
else
	for mode in --batch --json; do
		for n in 5 60; do
			VT_MALLOC_COUNT_OUT="$VT_TMP/count" LD_PRELOAD="$SHIM" "$VMTUNE" top $mode --interval 0.01 \
				--iterations $n >"$VT_TMP/run.out" 2>"$VT_TMP/run.err" || fail "top $mode exited $?"
			eval "c$n=\$(cat \"\$VT_TMP/count\")"
		done
		echo "top $mode: $c5 allocations for 5 frames, $c60 for 60"
		[ -n "$c5" ] && [ "$c5" -gt 0 ] && pass || fail "the shim counted nothing"
		[ "$c5" = "$c60" ] && pass || fail "top $mode: $c5 allocations for 5 frames but $c60 for 60"
	done
fi
finish
