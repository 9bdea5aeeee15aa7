#!/bin/sh
# The bash completion (completion/vmtune) run in bash as bash would run it
# on TAB, against the built binary: every command of --help, every option of
# a command's --help, knob names for apply's KEY=VALUE, profile names (the
# shipped ones and a root's local ones) after --profile, directories after
# --root, and the words of `help --completion` that drive it all.
. "$(dirname "$0")/lib.sh"
COMPLETION="${VT_SRCDIR:-$(dirname "$0")/../..}/completion/vmtune"
F="$VT_FIXTURES/handmade-6.1-numa2-misset"     # has local profiles: site-db

command -v bash >/dev/null || { echo "SKIP: no bash"; exit 77; }

# comp WORD...: what TAB offers for the last WORD (the one at the cursor),
# sorted, one per line, in $VT_TMP/comp.
comp() {
	bash -c '. "$1" || exit 1; shift
		COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}
		_vmtune 2>/dev/null; rc=$?
		[ ${#COMPREPLY[@]} -eq 0 ] || printf "%s\n" "${COMPREPLY[@]}"
		exit $rc' _ "$COMPLETION" "$VMTUNE" "$@" | sort >"$VT_TMP/comp"
}

# offers WORD...: each WORD is among the candidates.
offers() {
	for w in "$@"; do
		grep -qxF -e "$w" "$VT_TMP/comp" && pass || fail "completion does not offer '$w': $(tr '\n' ' ' <"$VT_TMP/comp" | head -c 300)"
	done
}

# only WORD...: the candidates are exactly these.
only() {
	if [ $# -eq 0 ]; then : >"$VT_TMP/want"; else printf '%s\n' "$@" | sort >"$VT_TMP/want"; fi
	cmp -s "$VT_TMP/want" "$VT_TMP/comp" && pass ||
		fail "completion offers '$(tr '\n' ' ' <"$VT_TMP/comp")', expected '$*'"
}

# 1. The table the script reads: the commands of --help, then vmtune's options
# and the knobs; a command's options are those of its --help.
expect_exit 0 "$VMTUNE" --help
commands=$(sed -n '/^Commands:/,/^$/p' "$VT_TMP/out" | awk 'NF && !/^Commands:/ {print $1}')
[ -n "$commands" ] && pass || fail "no commands in --help"
expect_exit 0 "$VMTUNE" help --completion
[ "$(awk -F '\t' '$1 == "command" {print $2}' "$VT_TMP/out")" = "$commands" ] && pass ||
	fail "help --completion's commands differ from --help's"
expect_grep "$(printf '^option\t--root\tDIR$')" "$VT_TMP/out"
expect_grep "$(printf '^knob\tvm.swappiness$')" "$VT_TMP/out"
expect_exit 0 "$VMTUNE" help --completion apply
expect_grep "$(printf '^option\t--persist\t\\[FILE\\]$')" "$VT_TMP/out"
expect_grep "$(printf '^operand\tKEY=VALUE$')" "$VT_TMP/out"
expect_exit 0 "$VMTUNE" help --completion profile show
expect_grep "$(printf '^operand\tNAME|FILE$')" "$VT_TMP/out"
expect_exit 2 "$VMTUNE" help --completion no-such-command

# 2. Commands: all of them at the start, a prefix narrows.
comp ""
only $commands
comp --root /tmp ""
only $commands
for cmd in $commands; do
	comp "$(printf '%s' "$cmd" | cut -c1-3)"
	offers "$cmd"
	# Every option line of the command's --help (its own and the common ones).
	"$VMTUNE" "$cmd" --help >"$VT_TMP/cmd-help" 2>&1
	comp "$cmd" --
	for opt in $(sed -n 's/^  \(-., \)\{0,1\}\(--[a-z][a-z-]*\).*/\2/p' "$VT_TMP/cmd-help" | sort -u); do
		offers "$opt"
	done
done
comp st
only stat status
comp --j
only --json

# 3. apply's options and its KEY=VALUE: the knob names, with '='.
comp apply --pro
only --profile --profile-file
comp apply vm.
offers vm.swappiness= vm.min_free_kbytes= vm.watermark_scale_factor= vm.watermark_boost_factor= vm.zone_reclaim_mode=
comp apply vm.swappiness=10 vm.w
only vm.watermark_boost_factor= vm.watermark_scale_factor=
comp apply --dry-run vm.z
only vm.zone_reclaim_mode=
comp apply vm.swappiness = ""   # bash splits "vm.swappiness=" at '=': the value is the user's
only

# 4. Profile names after --profile (and for profile show/validate): the
# shipped ones, and the local ones of the --root given on the line.
shipped=$(cd "$VMTUNE_PROFILE_DIR" && ls *.json | sed 's/\.json$//')
[ -n "$shipped" ] && pass || fail "no shipped profiles in $VMTUNE_PROFILE_DIR"
mkdir "$VT_TMP/empty" && cd "$VT_TMP/empty" || exit 1  # no file here competes with the names
comp apply --profile ""
offers $shipped
comp check --profile d
offers database desktop
comp profile show ""
offers $shipped
comp --root "$F" apply --profile si
only site-db
comp --root = "$F" profile validate si
only site-db
comp apply --root "$F" --profile si
only site-db
VMTUNE_ROOT=$F comp apply --profile si
only site-db

# 5. Subcommands and help's operands.
comp profile ""
only list show validate
comp profile --json s
only show
comp help prof
only profile
comp help profile ""
only list show validate

# 6. Values: a directory after --root, files after --from; nothing for a number.
mkdir -p "$VT_TMP/d/alpha" "$VT_TMP/d/beta"
: >"$VT_TMP/d/afile"
comp --root "$VT_TMP/d/a"
only "$VT_TMP/d/alpha"
comp status --root = "$VT_TMP/d/b"
only "$VT_TMP/d/beta"
comp stat --from "$VT_TMP/d/af"
only "$VT_TMP/d/afile"
comp stat --node ""
only
comp apply --sample ""
only
finish
