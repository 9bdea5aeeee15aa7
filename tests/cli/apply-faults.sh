#!/bin/sh
# apply under faults, always on a temporary copy of a fixture, never on this
# machine's /proc/sys: killed at every point of a transaction (journal on
# disk, after each knob write, drop-in renamed) rollback restores every
# value and the drop-in, and every journal stays readable; a read-only
# /proc/sys (a container), a full disk under the journal or the drop-in, a
# user who is not root and a knob the kernel lacks each give their exact
# message and exit code, with every file as it was.  Kills come from the
# test hook VMTUNE_TEST_FAULT (src/cmd_apply.c); the read-only and full
# filesystems are real mounts in a private mount namespace.
. "$(dirname "$0")/lib.sh"
F="$VT_FIXTURES/qemu-numa2-boot"
T="$VT_TMP/t"
J="$T/var/lib/vmtune/journal"
FIVE="vm.swappiness=10 vm.min_free_kbytes=90000 vm.watermark_scale_factor=200 vm.watermark_boost_factor=0 vm.zone_reclaim_mode=1"

fresh() {
	rm -rf "$T"
	cp -r "$F" "$T"
	chmod -R u+w "$T"
}

# The kernel files of $T are byte-identical to the fixture's, and no
# drop-in is left.
as_before() {
	if diff -r "$F/proc" "$T/proc" >/dev/null && diff -r "$F/sys" "$T/sys" >/dev/null &&
		[ ! -e "$T/etc/sysctl.d/60-vmtune.conf" ]; then
		pass
	else
		fail "$1: the tree differs from the fixture: $(diff -r "$F/proc" "$T/proc" | head -c 300)" \
			"$(ls "$T/etc/sysctl.d" 2>/dev/null)"
	fi
}

# Every journal is whole JSON with a known state; prints the states.
journals_whole() {
	python3 - "$J" "$1" <<'PY' && pass || fail "$2: a journal is lost or corrupt"
import glob, json, sys
files = sorted(glob.glob(sys.argv[1] + "/*.json"))
states = [json.load(open(f))["state"] for f in files]
assert len(files) == int(sys.argv[2]), (files, states)
assert all(s in ("started", "done", "rolled-back", "failed") for s in states), states
PY
}

# 1. Killed at every point: after the journal, after each of the five knob
# writes, after the drop-in's rename.  Then rollback: every knob and the
# drop-in as before, the journal "rolled-back".
scenarios=0
for point in journal 1 2 3 4 5 dropin; do
	fresh
	rc=0
	VMTUNE_TEST_FAULT=kill:$point "$VMTUNE" --root "$T" apply --persist $FIVE >/dev/null 2>&1 || rc=$?
	[ "$rc" -gt 128 ] && pass || fail "kill:$point: exit $rc, expected death by signal"
	journals_whole 1 "kill:$point"
	# A second apply refuses to start on top of the interrupted one.
	expect_exit 1 "$VMTUNE" --root "$T" apply vm.swappiness=20
	expect_exit 0 "$VMTUNE" --root "$T" rollback
	as_before "killed at $point, then rollback"
	journals_whole 1 "kill:$point, rollback"
	python3 -c 'import glob,json,sys; s=json.load(open(glob.glob(sys.argv[1]+"/*.json")[0]))["state"]; assert s=="rolled-back", s' \
		"$J" && pass || fail "kill:$point: the journal is not rolled-back after rollback"
	scenarios=$((scenarios + 1))
done
echo "# $scenarios kill points, each rolled back" >&2

# kill:dropin left the drop-in in place until rollback: check once that it
# was there, whole, before the rollback removed it.
fresh
VMTUNE_TEST_FAULT=kill:dropin "$VMTUNE" --root "$T" apply --persist $FIVE >/dev/null 2>&1
expect_grep '^vm.zone_reclaim_mode = 1$' "$T/etc/sysctl.d/60-vmtune.conf"
[ "$(cat "$T/proc/sys/vm/swappiness")" = 10 ] && pass || fail "kill:dropin: swappiness not written"
"$VMTUNE" --root "$T" rollback >"$VT_TMP/rb.out" 2>&1
expect_grep 'drop-in etc/sysctl.d/60-vmtune.conf: removed' "$VT_TMP/rb.out"

# The hook's own spelling is checked.
expect_exit 2 env VMTUNE_TEST_FAULT=kill:nowhere "$VMTUNE" --root "$T" apply vm.swappiness=10

# 2-4 need a private mount namespace (root, unshare): a real read-only
# mount and a real full filesystem.
if ! command -v unshare >/dev/null || ! unshare -m true 2>/dev/null; then
	echo "# skipped: read-only and full filesystems (no private mount namespace here)" >&2
	finish
fi

# in_ns SCRIPT ARGS...: runs sh -c SCRIPT in a private mount namespace with
# $1 = the tree, $2 = vmtune, then ARGS; its stdout and stderr to $VT_TMP/ns.*.
in_ns() {
	script=$1
	shift
	unshare -m sh -c "mount --make-rprivate / && $script" sh "$T" "$VMTUNE" "$@" \
		>"$VT_TMP/ns.out" 2>"$VT_TMP/ns.err"
}

# 2. A read-only /proc/sys: the first write fails with EROFS, nothing is
# changed, the journal says rolled-back.
fresh
rc=0
in_ns 'mount --bind "$1/proc/sys" "$1/proc/sys" && mount -o remount,ro,bind "$1/proc/sys" &&
	"$2" --root "$1" apply $3' "$FIVE" || rc=$?
[ "$rc" -eq 1 ] && pass || fail "read-only /proc/sys: exit $rc, expected 1"
expect_grep "^vmtune: error: cannot write 'vm.swappiness': Read-only file system; every knob written was restored" "$VT_TMP/ns.err"
as_before "read-only /proc/sys"
journals_whole 1 "read-only /proc/sys"

# 3. A full disk under the journal: nothing is written, no journal left
# half-written (no file at all).
fresh
mkdir -p "$T/var/lib/vmtune"
rc=0
in_ns 'mount -t tmpfs -o size=8k tmpfs "$1/var/lib/vmtune" &&
	{ dd if=/dev/zero of="$1/var/lib/vmtune/fill" bs=1k count=64 2>/dev/null; true; } &&
	"$2" --root "$1" apply $3; rc=$?; ls -A "$1/var/lib/vmtune/journal" >&2; exit $rc' "$FIVE" || rc=$?
[ "$rc" -eq 1 ] && pass || fail "full journal disk: exit $rc, expected 1"
expect_grep "^vmtune: error: nothing changed: cannot write the journal: cannot write '.*/var/lib/vmtune/journal/[^']*\.json': No space left on device$" "$VT_TMP/ns.err"
[ "$(grep -c '\.json' "$VT_TMP/ns.err")" = 1 ] && pass || fail "full journal disk: a journal file was left: $(cat "$VT_TMP/ns.err")"
as_before "full journal disk"

# 4. A full disk under sysctl.d: every knob put back, no drop-in, no temp
# file left, the journal rolled-back.
fresh
mkdir -p "$T/etc/sysctl.d"
rc=0
in_ns 'mount -t tmpfs -o size=8k tmpfs "$1/etc/sysctl.d" &&
	{ dd if=/dev/zero of="$1/etc/sysctl.d/fill" bs=1k count=64 2>/dev/null; true; } &&
	"$2" --root "$1" apply --persist $3; rc=$?; ls -A "$1/etc/sysctl.d" >&2; exit $rc' "$FIVE" || rc=$?
[ "$rc" -eq 1 ] && pass || fail "full sysctl.d: exit $rc, expected 1"
expect_grep "^vmtune: error: cannot write '.*/etc/sysctl.d/60-vmtune.conf': No space left on device; every knob written was restored" "$VT_TMP/ns.err"
[ "$(tail -n 1 "$VT_TMP/ns.err")" = fill ] && pass || fail "full sysctl.d: left behind: $(tail -n 2 "$VT_TMP/ns.err")"
as_before "full sysctl.d"
journals_whole 1 "full sysctl.d"

# 5. Not root: the first thing apply creates (the lock's directory) is
# refused; nothing written.  The tree is made readable to nobody.
if command -v setpriv >/dev/null; then
	fresh
	chmod -R a+rX "$T"
	d=$T
	while [ "$d" != / ]; do chmod a+x "$d" 2>/dev/null; d=$(dirname "$d"); done
	rc=0
	setpriv --reuid=65534 --regid=65534 --clear-groups "$VMTUNE" --root "$T" apply $FIVE \
		>"$VT_TMP/nobody.out" 2>"$VT_TMP/nobody.err" || rc=$?
	[ "$rc" -eq 1 ] && pass || fail "as nobody: exit $rc, expected 1: $(cat "$VT_TMP/nobody.err")"
	expect_grep "^vmtune: error: cannot create directory '.*': Permission denied; nothing written$" "$VT_TMP/nobody.err"
	as_before "as nobody"
	[ ! -e "$J" ] && pass || fail "as nobody: a journal was written"
fi

# 6. A knob the kernel lacks (watermark_boost_factor before 5.0): refused
# before anything is written, exit 2.
fresh
rm "$T/proc/sys/vm/watermark_boost_factor"
expect_exit 2 "$VMTUNE" --root "$T" apply $FIVE
expect_grep "^vmtune: error: cannot read 'vm.watermark_boost_factor': not available on this kernel; nothing written$" "$VT_TMP/err"
[ "$(cat "$T/proc/sys/vm/swappiness")" = 60 ] && pass || fail "missing knob: swappiness written"
[ ! -e "$J" ] && pass || fail "missing knob: a journal was written"
finish
