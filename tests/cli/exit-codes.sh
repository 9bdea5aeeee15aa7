#!/bin/sh
# Exit codes 0/1/2 and error message format, per DESIGN.md.
. "$(dirname "$0")/lib.sh"
FIX="$VT_FIXTURES/host-6.18-uma"

# 2: usage errors, message on stderr, nothing on stdout.
expect_exit 2 "$VMTUNE"
expect_grep '^usage: vmtune' "$VT_TMP/err"
expect_exit 2 "$VMTUNE" frobnicate
expect_grep "^vmtune: error: 'frobnicate' is not a vmtune command" "$VT_TMP/err"
[ -s "$VT_TMP/out" ] && fail "stdout not empty on usage error" || pass
expect_exit 2 "$VMTUNE" --bogus
expect_grep "unknown option '--bogus'" "$VT_TMP/err"
expect_exit 2 "$VMTUNE" status --bogus
expect_grep "Try 'vmtune status --help'" "$VT_TMP/err"
expect_exit 2 "$VMTUNE" status extra
expect_exit 2 "$VMTUNE" --root
expect_exit 2 "$VMTUNE" snapshot
expect_exit 2 "$VMTUNE" help nosuchcommand

# 1: runtime errors name the path.
expect_exit 1 "$VMTUNE" --root "$VT_TMP/does-not-exist" status
expect_grep "^vmtune: error: cannot open root '$VT_TMP/does-not-exist': No such file or directory" "$VT_TMP/err"
mkdir -p "$VT_TMP/empty"
expect_exit 1 "$VMTUNE" --root "$VT_TMP/empty" status
expect_grep "^vmtune: error: cannot read '$VT_TMP/empty/proc/sys/kernel/osrelease': No such file or directory" "$VT_TMP/err"
# Malformed input: a clear message, exit 1, nothing on stdout.
cp -r "$FIX" "$VT_TMP/bad"
printf 'MemTotal: lots kB\n' >"$VT_TMP/bad/proc/meminfo"
expect_exit 1 "$VMTUNE" --root "$VT_TMP/bad" status
expect_grep "proc/meminfo: line 1: bad value for 'MemTotal'" "$VT_TMP/err"
[ -s "$VT_TMP/out" ] && fail "partial output on error" || pass
# A source only the advice reads (status collects it once for both): the
# advice's error, on status's Advice line; status itself succeeds.
cp -r "$FIX" "$VT_TMP/badswaps"
printf 'Filename Type\ngarbage here\n' >"$VT_TMP/badswaps/proc/swaps"
expect_exit 0 "$VMTUNE" --root "$VT_TMP/badswaps" status
expect_grep "^Advice      not available: $VT_TMP/badswaps/proc/swaps: line " "$VT_TMP/out"
expect_grep '^Memory ' "$VT_TMP/out"
expect_exit 0 "$VMTUNE" --root "$VT_TMP/badswaps" status --json
expect_grep '"error": ".*/badswaps/proc/swaps: line ' "$VT_TMP/out"
expect_exit 1 "$VMTUNE" --root "$VT_TMP/badswaps" recommend
expect_grep "^vmtune: error: $VT_TMP/badswaps/proc/swaps: line " "$VT_TMP/err"
printf 'not a version\n' >"$VT_TMP/bad/proc/sys/kernel/osrelease"
expect_exit 1 "$VMTUNE" --root "$VT_TMP/bad" status
# The message names the file with the root, as every other one does.
expect_grep "^vmtune: error: $VT_TMP/bad/proc/sys/kernel/osrelease: invalid kernel release 'not a version'" "$VT_TMP/err"

# 1: output errors (stdout is /dev/full).
if [ -w /dev/full ]; then
	"$VMTUNE" --root "$FIX" status >/dev/full 2>"$VT_TMP/err"
	rc=$?
	[ "$rc" -eq 1 ] && pass || fail "status >/dev/full exited $rc, expected 1"
	expect_grep "cannot write to standard output: No space left on device" "$VT_TMP/err"
	"$VMTUNE" --help >/dev/full 2>/dev/null
	rc=$?
	[ "$rc" -eq 1 ] && pass || fail "--help >/dev/full exited $rc, expected 1"
	# An endless sampler stops at the first failed write (timeout only
	# guards the suite against the bug this tests).
	for fmt in "" --json --csv; do
		# shellcheck disable=SC2086
		timeout 60 "$VMTUNE" stat $fmt 0.05 >/dev/full 2>"$VT_TMP/err"
		rc=$?
		[ "$rc" -eq 1 ] && pass || fail "endless stat $fmt >/dev/full exited $rc, expected 1"
		expect_grep "cannot write to standard output: No space left on device" "$VT_TMP/err"
	done
fi

# VMTUNE_ROOT works like --root, and --root wins.
VMTUNE_ROOT="$FIX" "$VMTUNE" status --json >"$VT_TMP/out" 2>"$VT_TMP/err" && pass || fail "VMTUNE_ROOT run failed"
expect_grep '"snapshot": true' "$VT_TMP/out"
VMTUNE_ROOT="$VT_TMP/does-not-exist" "$VMTUNE" --root "$FIX" status >/dev/null 2>&1 && pass || fail "--root did not override VMTUNE_ROOT"
# Global options after the command.
expect_exit 0 "$VMTUNE" status --root "$FIX" --json
json_valid "$VT_TMP/out" && pass || fail "status --json is not valid JSON"
finish
