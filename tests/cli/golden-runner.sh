#!/bin/sh
# The golden runner itself (golden.tap) on a small copy of the source tree:
# a changed, missing or stale golden file, a wrong exit status and invalid
# JSON each fail with the reason; VT_UPDATE_GOLDEN=1 repairs what a rerun
# can repair, and only that.
. "$(dirname "$0")/lib.sh"
SRC=${VT_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
RUNNER="$SRC/tests/cli/golden.tap"
unset VT_UPDATE_GOLDEN    # set per run below, not by `VT_UPDATE_GOLDEN=1 make check`

# A source tree with two fixtures (one series), the recordings, the real
# cases and the golden files that belong to them.
T="$VT_TMP/src"
mkdir -p "$T/tests/fixtures" "$T/tests/cli/golden/matrix/fixtures"
cp -R "$VT_FIXTURES/host-6.18-uma" "$VT_FIXTURES/handmade-4.4-stat-perzone" "$T/tests/fixtures/"
cp -R "$SRC/tests/cli/cases" "$SRC/tests/cli/data" "$T/tests/cli/"
cp -R "$SRC/profiles" "$T/"
for c in "$T"/tests/cli/cases/*.case; do
	f=$(sed -n 's/^fixture: *//p' "$c")
	if [ -n "$f" ] && [ ! -d "$T/tests/fixtures/$f" ]; then
		rm "$c"
	else
		for g in $(sed -n 's/^\(stdout\|stderr\): *//p' "$c"); do cp "$SRC/tests/cli/golden/$g" "$T/tests/cli/golden/"; done
	fi
done
cp -R "$SRC/tests/cli/golden/matrix/fixtures/host-6.18-uma" "$SRC/tests/cli/golden/matrix/fixtures/handmade-4.4-stat-perzone" \
	"$T/tests/cli/golden/matrix/fixtures/"
cp -R "$SRC/tests/cli/golden/matrix/data" "$T/tests/cli/golden/matrix/"
grep -E '^(fixtures/(host-6.18-uma|handmade-4.4-stat-perzone)|data)/' "$SRC/tests/cli/golden/matrix/exit-status" \
	>"$T/tests/cli/golden/matrix/exit-status"
snap() { (cd "$T/tests/cli/golden" && find . -type f | sort | xargs cat | cksum); }

# runner [ENV=VALUE...]: runs it on the copy; TAP in $VT_TMP/out, exit status in $rc.
runner() {
	env VT_SRCDIR="$T" VT_FIXTURES="$T/tests/fixtures" "$@" timeout 60 "$RUNNER" >"$VT_TMP/out" 2>"$VT_TMP/err"
	rc=$?
}
# failed_are [DESCRIPTION...]: exactly these TAP lines failed (none: all passed).
failed_are() {
	sed -n 's/^not ok [0-9]* - //p' "$VT_TMP/out" >"$VT_TMP/failed"
	{ [ $# -eq 0 ] || printf '%s\n' "$@"; } | cmp -s - "$VT_TMP/failed" && pass ||
		fail "expected to fail: $*; failed: $(cat "$VT_TMP/failed"); $(grep '^#' "$VT_TMP/out" | head -20)"
}

# 1. As committed: all pass, one TAP line per case, exit 0.
runner
failed_are
[ "$rc" -eq 0 ] && pass || fail "runner exited $rc on a clean copy"
n=$(grep -c '^ok ' "$VT_TMP/out")
plan=$(sed -n 's/^1\.\.//p' "$VT_TMP/out")
[ "$n" = "$plan" ] && pass || fail "plan 1..$plan, $n ok lines"
[ "$n" -gt 20 ] && pass || fail "only $n cases"
before=$(snap)

# 2. A changed golden file: not ok with a diff; update restores the bytes.
G="$T/tests/cli/golden/matrix/fixtures/host-6.18-uma"
sed 's/^Kernel /Kernal /' "$G/status.txt" >"$VT_TMP/x" && mv "$VT_TMP/x" "$G/status.txt"
runner
failed_are "matrix: vmtune --root tests/fixtures/host-6.18-uma status"
[ "$rc" -eq 1 ] && pass || fail "runner exited $rc with a failure"
expect_grep '^# output differs from tests/cli/golden/matrix/fixtures/host-6.18-uma/status.txt:$' "$VT_TMP/out"
expect_grep '^#   -Kernal ' "$VT_TMP/out"
expect_grep '^#   +Kernel ' "$VT_TMP/out"
runner VT_UPDATE_GOLDEN=1
failed_are
expect_grep '^#   tests/cli/golden/matrix/fixtures/host-6.18-uma/status.txt$' "$VT_TMP/out"
[ "$(snap)" = "$before" ] && pass || fail "update did not restore the golden files"

# 3. A new fixture: its cases fail as missing, with the hint; update writes
# them (an empty stderr file is not written) and the next run passes.
cp -R "$VT_FIXTURES/handmade-numa-asym" "$T/tests/fixtures/new-tree"
runner
expect_grep '^not ok [0-9]* - matrix: vmtune --root tests/fixtures/new-tree numa --json$' "$VT_TMP/out"
expect_grep '^# missing golden tests/cli/golden/matrix/fixtures/new-tree/numa.json: .*VT_UPDATE_GOLDEN=1 make check' "$VT_TMP/out"
[ "$(grep -c '^not ok' "$VT_TMP/out")" -eq 8 ] && pass || fail "a new tree: $(grep -c '^not ok' "$VT_TMP/out") failures, expected 8"
runner VT_UPDATE_GOLDEN=1
failed_are
runner
failed_are
[ -f "$T/tests/cli/golden/matrix/fixtures/new-tree/numa.json" ] && pass || fail "numa.json not written"
[ -f "$T/tests/cli/golden/matrix/fixtures/new-tree/numa.json.stderr" ] && fail "empty stderr written" || pass
grep -q '^fixtures/new-tree/watermarks.txt 1$' "$T/tests/cli/golden/matrix/exit-status" && pass || fail "exit status 1 not recorded"
expect_grep 'zoneinfo: not available' "$T/tests/cli/golden/matrix/fixtures/new-tree/watermarks.txt.stderr"

# 4. The fixture goes: its files are stale; update removes them.
rm -r "$T/tests/fixtures/new-tree"
runner
failed_are "no golden file without a case"
expect_grep '^# tests/cli/golden/matrix/fixtures/new-tree/numa.json: no case uses it$' "$VT_TMP/out"
expect_grep '^# tests/cli/golden/matrix/exit-status: fixtures/new-tree/numa.json names no case$' "$VT_TMP/out"
runner VT_UPDATE_GOLDEN=1
failed_are
[ "$(snap)" = "$before" ] && pass || fail "update did not remove the stale files"
[ -e "$T/tests/cli/golden/matrix/fixtures/new-tree" ] && fail "empty directory left" || pass

# 5. An expected exit status or stderr that differs, and an unused
# hand-written golden file: update cannot repair the first and third.
sed 's/^exit: 2$/exit: 1/' "$T/tests/cli/cases/watermarks-wsf-out-of-range.case" >"$VT_TMP/x"
mv "$VT_TMP/x" "$T/tests/cli/cases/watermarks-wsf-out-of-range.case"
echo "other" >"$T/tests/cli/golden/stat-one-snapshot.stderr"
echo "left over" >"$T/tests/cli/golden/orphan.txt"
runner VT_UPDATE_GOLDEN=1
failed_are "watermarks-wsf-out-of-range" "no golden file without a case"
expect_grep '^# exit status 2, expected 1; ' "$VT_TMP/out"
expect_grep '^# tests/cli/golden/orphan.txt: no case uses it; remove it$' "$VT_TMP/out"
expect_grep '^vmtune: error: ' "$T/tests/cli/golden/stat-one-snapshot.stderr"
rm "$T/tests/cli/golden/orphan.txt"
cp "$SRC/tests/cli/cases/watermarks-wsf-out-of-range.case" "$T/tests/cli/cases/"
runner
failed_are

# 6. A binary that breaks the matrix's rules: exit 3, invalid JSON, exit 1
# with stdout.  Nothing of it is written by update.
cat >"$VT_TMP/fake" <<EOF
#!/bin/sh
case "\$*" in
*"host-6.18-uma status --json") echo '{"a": NaN}' ;;
*"host-6.18-uma numa --json") printf '{"a": 1}\n{' ;;
*"handmade-4.4-stat-perzone stat --json") printf '{"a": 1}\n{"b": 2}' ;;
*"host-6.18-uma watermarks") exit 3 ;;
*"host-6.18-uma numa") echo partial; echo "vmtune: error: x" >&2; exit 1 ;;
*) exec "$VMTUNE" "\$@" ;;
esac
EOF
chmod +x "$VT_TMP/fake"
runner VMTUNE="$VT_TMP/fake" VT_UPDATE_GOLDEN=1
failed_are "matrix: vmtune --root tests/fixtures/handmade-4.4-stat-perzone stat --json" \
	"matrix: vmtune --root tests/fixtures/host-6.18-uma status --json" \
	"matrix: vmtune --root tests/fixtures/host-6.18-uma watermarks" \
	"matrix: vmtune --root tests/fixtures/host-6.18-uma numa" \
	"matrix: vmtune --root tests/fixtures/host-6.18-uma numa --json"
expect_grep '^# stdout is not valid JSON (lines): the last line does not end with a newline$' "$VT_TMP/out"
expect_grep '^# stdout is not valid JSON (document): NaN is not JSON$' "$VT_TMP/out"
expect_grep '^# exit status 3, expected 0 or 1; ' "$VT_TMP/out"
expect_grep '^# exit status 1 needs an empty stdout' "$VT_TMP/out"
expect_grep '^# stdout is not valid JSON (document): Extra data' "$VT_TMP/out"
[ "$(snap)" = "$before" ] && pass || fail "update wrote output that failed a check"

# 7. Exit status changes between 0 and 1 are caught, and recorded by update.
sed 's|^\(fixtures/host-6.18-uma/status.txt\) 0$|\1 1|' "$T/tests/cli/golden/matrix/exit-status" >"$VT_TMP/x"
mv "$VT_TMP/x" "$T/tests/cli/golden/matrix/exit-status"
runner
failed_are "matrix: vmtune --root tests/fixtures/host-6.18-uma status"
expect_grep '^# exit status 0, tests/cli/golden/matrix/exit-status says 1$' "$VT_TMP/out"
runner VT_UPDATE_GOLDEN=1
[ "$(snap)" = "$before" ] && pass || fail "update did not restore the exit status"

# 8. A malformed case file stops the run.
echo "fixture host-6.18-uma" >"$T/tests/cli/cases/bad.case"
runner
expect_grep '^Bail out! tests/cli/cases/bad.case: line 1: ' "$VT_TMP/out"
[ "$rc" -ne 0 ] && pass || fail "bail out with exit 0"
finish
