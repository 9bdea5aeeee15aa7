#!/bin/sh
# Options as data: accepted anywhere after the command, "--" ends them,
# unambiguous abbreviations, "--name=value", and the usage errors.
. "$(dirname "$0")/lib.sh"
FIX="$VT_FIXTURES/host-6.18-uma"
SERIES="$VT_FIXTURES/qemu-numa2-memhog"

# The same output wherever an option stands.
expect_exit 0 "$VMTUNE" --root "$SERIES" stat --json 1 2
cp "$VT_TMP/out" "$VT_TMP/before"
for args in "stat 1 2 --json" "stat 1 --json 2" "--json stat 1 2"; do
	# shellcheck disable=SC2086
	expect_exit 0 "$VMTUNE" --root "$SERIES" $args
	cmp -s "$VT_TMP/out" "$VT_TMP/before" && pass || fail "'$args' differs from 'stat --json 1 2'"
done
expect_exit 0 "$VMTUNE" stat 1 2 --root="$SERIES" --js
cmp -s "$VT_TMP/out" "$VT_TMP/before" && pass || fail "--root=DIR and --js differ"
expect_exit 0 "$VMTUNE" snapshot "$VT_TMP/snap" --json --root "$FIX"
expect_grep '"files":' "$VT_TMP/out"
expect_exit 0 "$VMTUNE" --root "$FIX" watermarks --min-free-kbytes=16384 --json
expect_grep '"min_free_kbytes": 16384' "$VT_TMP/out"

# "--" ends the options: what follows is an operand.
expect_exit 2 "$VMTUNE" --root "$FIX" status -- --json
expect_grep "unexpected argument '--json'" "$VT_TMP/err"
(cd "$VT_TMP" && "$VMTUNE" --root "$FIX" snapshot -- --odd-name >/dev/null 2>&1)
[ -f "$VT_TMP/--odd-name/proc/meminfo" ] && pass || fail "snapshot -- --odd-name wrote no tree"

# Usage errors, each naming the option.
expect_exit 2 "$VMTUNE" --root "$FIX" stat --no
expect_grep "option '--no' is ambiguous" "$VT_TMP/err"
expect_exit 2 "$VMTUNE" --root "$FIX" watermarks --pages=1
expect_grep "option '--pages' takes no value" "$VT_TMP/err"
expect_exit 2 "$VMTUNE" --root "$FIX" watermarks --kernel
expect_grep "option '--kernel' needs a value" "$VT_TMP/err"
expect_exit 2 "$VMTUNE" --root "$FIX" stat --nosuch=3
expect_grep "unknown option '--nosuch'" "$VT_TMP/err"
expect_exit 2 "$VMTUNE" record --interval 0 out.jsonl
expect_grep "^vmtune: error: --interval: " "$VT_TMP/err"
expect_exit 2 "$VMTUNE" --root "$SERIES" stat --node x
expect_grep "^vmtune: error: --node: 'x' is not a node number or 'all'" "$VT_TMP/err"
expect_exit 2 "$VMTUNE" record
expect_grep "missing FILE" "$VT_TMP/err"
expect_exit 2 "$VMTUNE" snapshot
expect_grep "missing DIR" "$VT_TMP/err"
expect_exit 2 "$VMTUNE" help status extra
expect_grep "unexpected argument 'extra'" "$VT_TMP/err"
# Help anywhere wins, and prints the command's own help.
expect_exit 0 "$VMTUNE" stat 1 --help
expect_grep '^usage: vmtune stat' "$VT_TMP/out"
finish
