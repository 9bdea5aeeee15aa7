#!/bin/sh
# vmtune-apply.service as built (systemd/vmtune-apply.service.in with
# @sbindir@): oneshot, after systemd-sysctl, conditional on
# /etc/vmtune/profile; `systemd-analyze verify` accepts it without a word
# (skipped only when systemd-analyze is missing); and its ExecStart, run
# against a copy of a fixture, applies the profile the file names, then
# changes nothing the second time.
. "$(dirname "$0")/lib.sh"
U="$VT_BUILDDIR/systemd/vmtune-apply.service"
F="$VT_FIXTURES/handmade-6.1-numa2-misset"
T="$VT_TMP/t"

[ -f "$U" ] && pass || { fail "$U was not built"; finish; }
key() {
	sed -n "s/^$1=//p" "$U"
}
[ "$(key Type)" = oneshot ] && pass || fail "Type is '$(key Type)', not oneshot"
[ "$(key RemainAfterExit)" = yes ] && pass || fail "RemainAfterExit is not yes"
[ "$(key ConditionPathExists)" = /etc/vmtune/profile ] && pass || fail "ConditionPathExists is '$(key ConditionPathExists)'"
key After | grep -qw systemd-sysctl.service && pass || fail "not ordered after systemd-sysctl.service: '$(key After)'"
key Before | grep -qw sysinit.target && pass || fail "not ordered before sysinit.target: '$(key Before)'"
[ "$(key WantedBy)" = sysinit.target ] && pass || fail "WantedBy is '$(key WantedBy)'"
exec_start=$(key ExecStart)
case $exec_start in
/*/vmtune\ apply\ *) pass ;;
*) fail "ExecStart '$exec_start' does not run an absolute vmtune apply" ;;
esac
expect_no_grep '@' "$U"

# systemd-analyze prints its complaints and still exits 0 for many of
# them (an unknown Type= among them): silence is the pass.
if command -v systemd-analyze >/dev/null; then
	mkdir -p "$VT_TMP/unit"
	sed "s|^ExecStart=[^ ]*|ExecStart=$VT_VMTUNE_BIN|" "$U" >"$VT_TMP/unit/vmtune-apply.service"
	expect_exit 0 systemd-analyze verify --man=no "$VT_TMP/unit/vmtune-apply.service"
	[ ! -s "$VT_TMP/out" ] && [ ! -s "$VT_TMP/err" ] && pass ||
		fail "systemd-analyze verify: $(cat "$VT_TMP/out" "$VT_TMP/err" | head -c 400)"
else
	echo "systemd-analyze not found: verify skipped"
fi

# The ExecStart's arguments, on a copy of a fixture whose profile file
# names database (its local database.json: zone_reclaim_mode 0).
cp -r "$F" "$T" && chmod -R u+w "$T"
printf '# applied at boot\ndatabase\n' >"$T/etc/vmtune/profile"
args=${exec_start#* }
# shellcheck disable=SC2086
expect_exit 0 env VMTUNE_ROOT="$T" "$VMTUNE" $args
expect_grep '^applied: ' "$VT_TMP/out"
[ "$(cat "$T/proc/sys/vm/zone_reclaim_mode")" = 0 ] && pass || fail "zone_reclaim_mode is not 0 after the unit's apply"
# shellcheck disable=SC2086
expect_exit 0 env VMTUNE_ROOT="$T" "$VMTUNE" $args
expect_grep '^unchanged: ' "$VT_TMP/out"
# A file that names no profile is an error, naming the file.
printf '# nothing here\n' >"$T/etc/vmtune/profile"
# shellcheck disable=SC2086
expect_exit 1 env VMTUNE_ROOT="$T" "$VMTUNE" $args
expect_grep "etc/vmtune/profile: names no profile" "$VT_TMP/err"
finish
