#!/bin/sh
# Help and version output, and help checked against the manual page.
. "$(dirname "$0")/lib.sh"
MAN="${VT_SRCDIR:-$(dirname "$0")/../..}/man/vmtune.8"

expect_exit 0 "$VMTUNE" --help
expect_grep '^usage: vmtune' "$VT_TMP/out"
cp "$VT_TMP/out" "$VT_TMP/main-help"
expect_exit 0 "$VMTUNE" -h
expect_exit 0 "$VMTUNE" help
cmp -s "$VT_TMP/out" "$VT_TMP/main-help" && pass || fail "'vmtune help' differs from 'vmtune --help'"
expect_exit 0 "$VMTUNE" --version
expect_grep '^vmtune [0-9]' "$VT_TMP/out"

# Every command in --help has its own help, and a section in the manual.
commands=$(sed -n '/^Commands:/,/^$/p' "$VT_TMP/main-help" | awk 'NF && !/^Commands:/ {print $1}')
[ -n "$commands" ] && pass || fail "no commands listed in --help"
for cmd in $commands; do
	expect_exit 0 "$VMTUNE" "$cmd" --help
	expect_grep "^usage: vmtune $cmd" "$VT_TMP/out"
	cp "$VT_TMP/out" "$VT_TMP/cmd-help"
	expect_exit 0 "$VMTUNE" help "$cmd"
	cmp -s "$VT_TMP/out" "$VT_TMP/cmd-help" && pass || fail "'help $cmd' differs from '$cmd --help'"
	grep -q "^\.SS $cmd\$" "$MAN" && pass || fail "man/vmtune.8 has no '.SS $cmd' section"
	# Every long option in the command's help appears in the manual.
	for opt in $(grep -o -e '--[a-z][a-z-]*' "$VT_TMP/cmd-help" | sort -u); do
		manopt=$(printf '%s' "$opt" | sed 's/-/\\\\-/g')
		grep -q -e "$manopt" "$MAN" && pass || fail "option $opt of '$cmd' missing from man/vmtune.8"
	done
	# A command of subcommands (profile list|show|validate): each has its
	# own help, the same from `help CMD SUB`, and its options in the manual.
	subs=$(sed -n '/^Commands:/,/^$/p' "$VT_TMP/cmd-help" | awk 'NF && !/^Commands:/ {print $1}')
	for sub in $subs; do
		expect_exit 0 "$VMTUNE" "$cmd" "$sub" --help
		expect_grep "^usage: vmtune $cmd $sub" "$VT_TMP/out"
		cp "$VT_TMP/out" "$VT_TMP/sub-help"
		expect_exit 0 "$VMTUNE" help "$cmd" "$sub"
		cmp -s "$VT_TMP/out" "$VT_TMP/sub-help" && pass || fail "'help $cmd $sub' differs from '$cmd $sub --help'"
		grep -q "^\.B vmtune $cmd $sub\$" "$MAN" && pass || fail "man/vmtune.8 has no '.B vmtune $cmd $sub' line"
		for opt in $(grep -o -e '--[a-z][a-z-]*' "$VT_TMP/sub-help" | sort -u); do
			manopt=$(printf '%s' "$opt" | sed 's/-/\\\\-/g')
			grep -q -e "$manopt" "$MAN" && pass || fail "option $opt of '$cmd $sub' missing from man/vmtune.8"
		done
	done
done
# The manual lists the commands in the order of the command table.
man_order=$(sed -n 's/^\.SS //p' "$MAN" | tr '\n' ' ')
help_order=$(printf '%s\n' $commands | tr '\n' ' ')
[ "$man_order" = "$help_order" ] && pass || fail "man sections '$man_order' not in --help order '$help_order'"
# And every .SS section in the manual is a real command.
for sec in $(sed -n 's/^\.SS //p' "$MAN"); do
	printf '%s\n' "$commands" | grep -qx "$sec" && pass || fail "man section '$sec' is not a command"
done
finish
