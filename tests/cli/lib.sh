# Shared helpers for the CLI tests; sourced.  Each test runs in its own
# temporary directory and never touches this machine's /proc/sys.
set -u
: "${VMTUNE:?VMTUNE must point at the built binary (run through make check)}"
: "${VT_FIXTURES:=$(cd "$(dirname "$0")/../fixtures" && pwd)}"
VT_TMP=$(mktemp -d "${TMPDIR:-/tmp}/vmtune-cli.XXXXXX")
trap 'rm -rf "$VT_TMP"' EXIT
: "${VT_BUILDDIR:=$(cd "$(dirname "$VMTUNE")/.." && pwd)}"
VT_EXEC="$VT_BUILDDIR/tests/cli/vt-exec"
VT_VMTUNE_BIN=$VMTUNE   # the binary itself, even when VMTUNE becomes a wrapper
# VT_NO_OPENAT2=1 runs every vmtune of the test without openat2 (a seccomp
# filter answers ENOSYS, as kernels before 5.6 do): the portable path walk.
if [ "${VT_NO_OPENAT2:-0}" = 1 ]; then
	printf '#!/bin/sh\nexec "%s" --no-openat2 "%s" "$@"\n' "$VT_EXEC" "$VMTUNE" >"$VT_TMP/vmtune"
	chmod +x "$VT_TMP/vmtune"
	VMTUNE="$VT_TMP/vmtune"
fi
vt_failures=0
vt_count=0

fail() {
	echo "FAIL: $*" >&2
	vt_failures=$((vt_failures + 1))
}

pass() {
	vt_count=$((vt_count + 1))
}

# expect_exit CODE CMD...: runs CMD, stdout -> $VT_TMP/out, stderr -> $VT_TMP/err
expect_exit() {
	want=$1
	shift
	"$@" >"$VT_TMP/out" 2>"$VT_TMP/err"
	got=$?
	if [ "$got" -ne "$want" ]; then
		fail "'$*' exited $got, expected $want; stderr: $(head -c 400 "$VT_TMP/err")"
	else
		pass
	fi
}

expect_grep() {
	pattern=$1
	file=$2
	if grep -q -e "$pattern" "$file"; then pass; else fail "'$pattern' not in $file: $(head -c 400 "$file")"; fi
}

expect_no_grep() {
	pattern=$1
	file=$2
	if grep -q -e "$pattern" "$file"; then fail "'$pattern' unexpectedly in $file"; else pass; fi
}

# Validates JSON with python3 if present (it is on Debian), else with jq.
json_valid() {
	python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$1" 2>/dev/null
}

finish() {
	if [ "$vt_failures" -ne 0 ]; then
		echo "$vt_failures of $((vt_count + vt_failures)) checks failed" >&2
		exit 1
	fi
	echo "$vt_count checks passed"
	exit 0
}
