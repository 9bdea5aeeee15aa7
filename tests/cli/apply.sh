#!/bin/sh
# apply and rollback, always on a temporary copy of a fixture, never on this
# machine's /proc/sys: dry runs write nothing; apply then rollback gives the
# files back byte for byte; a second identical apply changes nothing; a
# write that fails (or reads back wrong) at the k-th knob leaves every knob
# as it was, for every k; a process killed between writes is undone by
# rollback; refused values write nothing; two applies never interleave; the
# drop-in is accepted by procps' own sysctl.  Faults come from the test hook
# VMTUNE_TEST_FAULT (src/cmd_apply.c).
. "$(dirname "$0")/lib.sh"
F="$VT_FIXTURES/qemu-numa2-boot"
UMA="$VT_FIXTURES/qemu-uma-2g-boot"
T="$VT_TMP/t"
J="$T/var/lib/vmtune/journal"
# Five knobs, all different from the fixture's values (60 67584 10 15000 0).
FIVE="vm.swappiness=10 vm.min_free_kbytes=90000 vm.watermark_scale_factor=200 vm.watermark_boost_factor=0 vm.zone_reclaim_mode=1"

# A fresh, writable copy of fixture $1 (default the 2-node guest) at $T.
fresh() {
	rm -rf "$T"
	cp -r "${1:-$F}" "$T"
	chmod -R u+w "$T"
	SRC=${1:-$F}
}

# The kernel files of $T are byte-identical to the fixture's.
same_kernel_files() {
	if diff -r "$SRC/proc" "$T/proc" >/dev/null && diff -r "$SRC/sys" "$T/sys" >/dev/null; then
		pass
	else
		fail "$1: the kernel files differ from the fixture: $(diff -r "$SRC/proc" "$T/proc" | head -c 300)"
	fi
}

# The whole tree is the fixture's: no file changed, none added.
same_tree() {
	if diff -r "$SRC" "$T" >/dev/null; then pass; else fail "$1: the tree changed: $(diff -r "$SRC" "$T" | head -c 300)"; fi
}

journals() {
	ls "$J" 2>/dev/null | grep -c '\.json$'
}

# py EXPR FILE: a Python assertion on the JSON document in FILE (as d).
py() {
	python3 -c "import json,sys; d=json.load(open(sys.argv[2])); assert $1, d" "$1" "$2" 2>/dev/null && pass ||
		fail "JSON check '$1' failed on $2: $(head -c 400 "$2")"
}

state_is() {
	python3 -c 'import json,sys,glob; s=[json.load(open(f))["state"] for f in sorted(glob.glob(sys.argv[1]+"/*.json"))]; assert s and s[-1]==sys.argv[2], s' \
		"$J" "$1" 2>/dev/null && pass || fail "last journal state is not $1: $(cat "$J"/*.json 2>/dev/null | grep state)"
}

# 1. Dry run: exit 3 with changes, 0 without; nothing written, not even the lock.
fresh
expect_exit 3 "$VMTUNE" --root "$T" apply --dry-run vm.swappiness=10 vm.min_free_kbytes=67584
expect_grep '^vm.swappiness  *60  *10  change$' "$VT_TMP/out"
expect_grep '^vm.min_free_kbytes  *67584  *67584  unchanged$' "$VT_TMP/out"
same_tree "dry run"
expect_exit 3 "$VMTUNE" --root "$T" apply --check --json $FIVE --persist
py 'd["changed"] is True and d["mode"] == "dry-run" and [k["status"] for k in d["knobs"]] == ["change"] * 5' "$VT_TMP/out"
py 'd["persist"]["status"] == "would-write" and d["journal"] is None' "$VT_TMP/out"
same_tree "dry run --json --persist"
expect_exit 0 "$VMTUNE" --root "$T" apply --dry-run --json vm.swappiness=60
py 'd["changed"] is False and d["knobs"][0]["old"] == 60 and d["knobs"][0]["new"] == 60' "$VT_TMP/out"
same_tree "dry run without change"

# 2. Apply, read the files, roll back: byte-identical again.
fresh
expect_exit 0 "$VMTUNE" --root "$T" apply --json $FIVE
py 'd["changed"] is True and d["journal"] and all(k["status"] == "applied" for k in d["knobs"])' "$VT_TMP/out"
[ "$(cat "$T/proc/sys/vm/swappiness" "$T/proc/sys/vm/min_free_kbytes" "$T/proc/sys/vm/zone_reclaim_mode" | tr '\n' ' ')" = "10 90000 1 " ] &&
	pass || fail "apply did not write the values"
[ "$(journals)" = 1 ] && pass || fail "expected one journal, found $(journals)"
state_is done
# 3. Idempotence: the same apply again changes nothing, keeps no journal.
expect_exit 0 "$VMTUNE" --root "$T" apply --json $FIVE
py 'd["changed"] is False and d["journal"] is None and all(k["status"] == "unchanged" for k in d["knobs"])' "$VT_TMP/out"
expect_exit 0 "$VMTUNE" --root "$T" apply $FIVE
expect_grep '^unchanged: every knob already has its value; nothing written' "$VT_TMP/out"
[ "$(journals)" = 1 ] && pass || fail "an apply without change kept a journal"
expect_exit 0 "$VMTUNE" --root "$T" rollback --json
py 'd["mode"] == "rollback" and d["changed"] is True and all(k["status"] == "restored" for k in d["knobs"])' "$VT_TMP/out"
same_kernel_files "apply then rollback"
state_is rolled-back
expect_exit 0 "$VMTUNE" --root "$T" rollback
expect_grep '^nothing to roll back' "$VT_TMP/out"
same_kernel_files "a second rollback"

# 4. A failed write, or a value read back wrong, at the k-th knob, for every
# k: exit 1, the report per knob, every knob as it was.
for action in fail mismatch; do
	for k in 1 2 3 4 5; do
		fresh
		expect_exit 1 env VMTUNE_TEST_FAULT=$action:$k "$VMTUNE" --root "$T" apply --json $FIVE
		same_kernel_files "$action at knob $k"
		state_is rolled-back
		py "[k['status'] for k in d['knobs']] == ['restored'] * ($k - 1) + ['failed'] + ['not-written'] * (5 - $k)" \
			"$VT_TMP/out"
		expect_grep "every knob written was restored" "$VT_TMP/err"
	done
done
# A restore that fails too: the journal says so, apply refuses to start
# again, rollback finishes the job.
fresh
expect_exit 1 env VMTUNE_TEST_FAULT=fail:3,fail:4 "$VMTUNE" --root "$T" apply $FIVE
expect_grep 'restore-failed' "$VT_TMP/out"
expect_grep "could not be restored: the system is half-changed, run 'vmtune rollback'" "$VT_TMP/err"
state_is failed
expect_exit 1 "$VMTUNE" --root "$T" apply vm.swappiness=30
expect_grep "run 'vmtune rollback' first" "$VT_TMP/err"
expect_exit 0 "$VMTUNE" --root "$T" rollback
same_kernel_files "rollback after a failed restore"
state_is rolled-back

# 5. Killed between writes (after the k-th): the journal stays "started",
# apply refuses to start on top of it, rollback restores every knob.
for k in 1 2 3 4 5; do
	fresh
	VMTUNE_TEST_FAULT=kill:$k "$VMTUNE" --root "$T" apply $FIVE >/dev/null 2>&1
	rc=$?
	[ "$rc" -gt 128 ] && pass || fail "kill:$k: exit $rc, expected death by signal"
	state_is started
	expect_exit 1 "$VMTUNE" --root "$T" apply vm.swappiness=30
	expect_exit 0 "$VMTUNE" --root "$T" rollback --json
	py "sum(k['status'] == 'restored' for k in d['knobs']) == $k" "$VT_TMP/out"
	same_kernel_files "killed after write $k, then rollback"
	state_is rolled-back
done
# A journal crafted by hand, as a crash would leave it: swappiness written,
# min_free_kbytes not yet.
fresh
mkdir -p "$J"
cat >"$J/20260101T000000.000000Z-1.json" <<'EOF'
{"schema_version": 1, "id": "20260101T000000.000000Z-1", "time": "2026-01-01T00:00:00Z",
 "updated": "2026-01-01T00:00:00Z", "source": "command line", "kernel_release": "6.1.0-56-amd64",
 "state": "started", "knobs": [{"knob": "vm.swappiness", "old": "60", "new": "10"},
 {"knob": "vm.min_free_kbytes", "old": "67584", "new": "90000"}]}
EOF
printf '10\n' >"$T/proc/sys/vm/swappiness"
expect_exit 0 "$VMTUNE" --root "$T" rollback
expect_grep '^vm.swappiness  *10  *60  restored$' "$VT_TMP/out"
expect_grep '^vm.min_free_kbytes  *67584  *67584  unchanged$' "$VT_TMP/out"
same_kernel_files "a crafted interrupted journal"
# A journal naming a file outside the knob table is refused whole.
fresh
mkdir -p "$J"
sed 's/vm.min_free_kbytes/kernel.panic/' >"$J/20260101T000000.000000Z-2.json" <<'EOF'
{"schema_version": 1, "id": "20260101T000000.000000Z-2", "time": "2026-01-01T00:00:00Z",
 "source": "command line", "kernel_release": "6.1.0-56-amd64", "state": "done",
 "knobs": [{"knob": "vm.swappiness", "old": "0", "new": "60"}, {"knob": "vm.min_free_kbytes", "old": "1", "new": "2"}]}
EOF
expect_exit 1 "$VMTUNE" --root "$T" rollback
expect_grep "'kernel.panic' is not a knob vmtune changes" "$VT_TMP/err"
same_kernel_files "a tampered journal"
expect_exit 2 "$VMTUNE" --root "$T" rollback ../../etc/passwd
expect_exit 1 "$VMTUNE" --root "$T" rollback 20990101T000000.000000Z-1
expect_grep "no journal '20990101T000000.000000Z-1'" "$VT_TMP/err"

# 6. Refusals before any write: the tree stays as it was, exit 2, and the
# message names key, value and range (or the rail's reason).
fresh
for bad in vm.swappiness=201 vm.swappiness=-1 vm.swappiness=ten vm.dirty_ratio=5 kernel.panic=1 \
	vm.watermark_scale_factor=0 vm.watermark_scale_factor=3001 "vm.swappiness=10 vm.swappiness=20"; do
	# shellcheck disable=SC2086
	expect_exit 2 "$VMTUNE" --root "$T" apply vm.min_free_kbytes=90000 $bad
	expect_grep 'nothing written' "$VT_TMP/err"
done
expect_exit 2 "$VMTUNE" --root "$T" apply vm.swappiness=201
expect_grep "^vmtune: error: 201 is out of range for vm.swappiness on kernel 6.1.0-56-amd64 (0..200); nothing written" "$VT_TMP/err"
expect_exit 2 "$VMTUNE" --root "$T" apply vm.min_free_kbytes=2000000
expect_grep 'would hold 99.2 % of memory below the min watermarks' "$VT_TMP/err"
expect_grep 'per-zone min: node 0 DMA [0-9]* kB, node 0 DMA32 [0-9]* kB, node 1 DMA32 [0-9]* kB' "$VT_TMP/err"
expect_exit 2 "$VMTUNE" --root "$T" apply --emit vm.min_free_kbytes=2000000
same_tree "refused values"
expect_exit 3 "$VMTUNE" --root "$T" apply --dry-run --force vm.min_free_kbytes=2000000
expect_grep '^vmtune: warning: --force: going on although vm.min_free_kbytes=2000000' "$VT_TMP/err"
same_tree "forced dry run"
fresh "$UMA"
expect_exit 2 "$VMTUNE" --root "$T" apply vm.zone_reclaim_mode=1
expect_grep 'on a machine with 1 NUMA node' "$VT_TMP/err"
same_tree "zone_reclaim_mode on one node"
expect_exit 0 "$VMTUNE" --root "$T" apply --force vm.zone_reclaim_mode=1
[ "$(cat "$T/proc/sys/vm/zone_reclaim_mode")" = 1 ] && pass || fail "--force did not apply"
# Swappiness above 100 before 5.8 is a hard error, --force or not.
fresh "$VT_FIXTURES/handmade-4.4-legacy"
expect_exit 2 "$VMTUNE" --root "$T" apply --force vm.swappiness=150
expect_grep "150 is out of range for vm.swappiness on kernel 4.4.0-148-generic (0..100)" "$VT_TMP/err"
same_tree "swappiness 150 on 4.4"

# 7. No two at once: a held lock refuses apply and rollback (exit 1); an
# apply stopped after its first write keeps a second one out until it ends.
fresh
mkdir -p "$T/run/vmtune"
# the holder: a shell that takes the lock on fd 9 and becomes `sleep`
sh -c 'exec 9>"$1" && flock 9 && exec sleep 30' sh "$T/run/vmtune/apply.lock" &
holder=$!
i=0
while flock -n "$T/run/vmtune/apply.lock" true 2>/dev/null && [ $i -lt 100 ]; do
	sleep 0.1	# until the holder has it
	i=$((i + 1))
done
expect_exit 1 "$VMTUNE" --root "$T" apply vm.swappiness=10
expect_grep "apply.lock' is locked: another vmtune is changing this system" "$VT_TMP/err"
expect_exit 1 "$VMTUNE" --root "$T" rollback
kill "$holder" 2>/dev/null
wait "$holder" 2>/dev/null
same_kernel_files "applies under a held lock"
VMTUNE_TEST_FAULT=stop:1 "$VMTUNE" --root "$T" apply vm.swappiness=10 vm.min_free_kbytes=90000 >"$VT_TMP/a.out" 2>&1 &
first=$!
i=0
until [ "$(cut -d' ' -f3 "/proc/$first/stat" 2>/dev/null)" = T ] || [ $i -ge 100 ]; do
	sleep 0.1
	i=$((i + 1))
done
expect_exit 1 "$VMTUNE" --root "$T" apply vm.swappiness=30 vm.min_free_kbytes=80000
expect_grep 'is locked' "$VT_TMP/err"
[ "$(cat "$T/proc/sys/vm/min_free_kbytes")" = 67584 ] && pass || fail "the second apply wrote while the first held the lock"
kill -CONT "$first"
wait "$first"
[ $? -eq 0 ] && pass || fail "the stopped apply did not finish: $(cat "$VT_TMP/a.out")"
[ "$(cat "$T/proc/sys/vm/swappiness" "$T/proc/sys/vm/min_free_kbytes" | tr '\n' ' ')" = "10 90000 " ] &&
	pass || fail "the first apply's values are not the ones left"
# Eight at once: each one either applies or is refused by the lock, and the
# journals form one chain (each old value is the previous one's new value).
fresh
pids=""
for v in 11 12 13 14 15 16 17 18; do
	"$VMTUNE" --root "$T" apply vm.swappiness=$v >/dev/null 2>"$VT_TMP/race.$v" &
	pids="$pids $!"
done
ok=0
for p in $pids; do
	if wait "$p"; then ok=$((ok + 1)); fi
done
for v in 11 12 13 14 15 16 17 18; do
	[ -s "$VT_TMP/race.$v" ] && { grep -q 'is locked' "$VT_TMP/race.$v" && pass || fail "race: $(cat "$VT_TMP/race.$v")"; }
done
[ "$ok" -ge 1 ] && [ "$(journals)" = "$ok" ] && pass || fail "race: $ok applies succeeded, $(journals) journals"
python3 - "$J" "$(cat "$T/proc/sys/vm/swappiness")" <<'EOF' && pass || fail "race: the journals do not form one chain"
import glob, json, sys
js = [json.load(open(f)) for f in sorted(glob.glob(sys.argv[1] + "/*.json"))]
prev = "60"
for j in js:
    assert j["state"] == "done" and j["knobs"][0]["old"] == prev, (j, prev)
    prev = j["knobs"][0]["new"]
assert prev == sys.argv[2], (prev, sys.argv[2])
EOF

# 8. The drop-in: written atomically with its header and a comment per key;
# merged with vmtune's own earlier one; not rewritten when its settings stay;
# rollback removes the file it created; a file vmtune did not write is not
# replaced without --force.
fresh "$VT_FIXTURES/handmade-6.1-numa2-misset"
D="$T/etc/sysctl.d/60-vmtune.conf"
expect_exit 0 "$VMTUNE" --root "$T" apply --recommended --workload database --persist
expect_grep '^drop-in etc/sysctl.d/60-vmtune.conf: written$' "$VT_TMP/out"
expect_grep '^# Written by vmtune apply; remove this file to stop setting these at boot.$' "$D"
expect_grep '^# source: --recommended (workload database)$' "$D"
expect_grep '^# time: 20[0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9:]*Z$' "$D"
expect_grep '^# kernel: 6.1.0-56-amd64$' "$D"
expect_grep '^# vm.swappiness: VMT-SWP-001: ' "$D"
expect_grep '^vm.swappiness = 10$' "$D"
expect_grep '^# vm.zone_reclaim_mode: VMT-ZRM-001: ' "$D"
expect_grep '^vm.zone_reclaim_mode = 0$' "$D"
ls -a "$T/etc/sysctl.d" | grep -q '\.tmp$' && fail "a temporary file was left" || pass
# The format, checked by a parser of sysctl.conf(5) lines: comments, or
# key = value with a table knob and a whole number.
awk '/^[#;]/ || /^$/ {next} !/^vm\.[a-z_]+ = -?[0-9]+$/ {bad=1; print "bad line: " $0} END {exit bad}' "$D" &&
	pass || fail "the drop-in has a line sysctl.conf(5) would not take"
cp "$D" "$VT_TMP/dropin.first"
expect_exit 0 "$VMTUNE" --root "$T" apply --recommended --workload database --persist --json
py 'd["changed"] is False and d["persist"]["status"] == "unchanged" and d["journal"] is None' "$VT_TMP/out"
cmp -s "$D" "$VT_TMP/dropin.first" && pass || fail "an unchanged drop-in was rewritten"
expect_exit 0 "$VMTUNE" --root "$T" apply vm.watermark_scale_factor=100 --persist
expect_grep '^vm.watermark_scale_factor = 100$' "$D"
expect_grep '^vm.swappiness = 10$' "$D"
expect_exit 0 "$VMTUNE" --root "$T" apply --emit vm.watermark_boost_factor=0
expect_grep '^vm.watermark_boost_factor = 0$' "$VT_TMP/out"
expect_grep '^vm.swappiness = 10$' "$VT_TMP/out"
grep -q 'watermark_boost_factor' "$D" && fail "--emit wrote the drop-in" || pass
# The real sysctl (procps) reads the drop-in: in a private mount namespace
# whose /proc/sys is this copy's (checked by a sentinel before anything
# runs), `sysctl -p` must take every line and write the values into the copy.
printf '60\n' >"$T/proc/sys/vm/swappiness"
touch "$T/proc/sys/.vmtune-test-sentinel"
if command -v sysctl >/dev/null && command -v unshare >/dev/null &&
	unshare -m sh -c 'mount --make-rprivate / && mount --bind "$1" /proc/sys && test -e /proc/sys/.vmtune-test-sentinel' \
		sh "$T/proc/sys" 2>/dev/null; then
	unshare -m sh -c 'mount --make-rprivate / && mount --bind "$1" /proc/sys && test -e /proc/sys/.vmtune-test-sentinel &&
		sysctl -p "$2"' sh "$T/proc/sys" "$D" >"$VT_TMP/sysctl.out" 2>"$VT_TMP/sysctl.err"
	[ $? -eq 0 ] && [ ! -s "$VT_TMP/sysctl.err" ] && pass || fail "sysctl -p refused the drop-in: $(cat "$VT_TMP/sysctl.err")"
	expect_grep '^vm.swappiness = 10$' "$VT_TMP/sysctl.out"
	expect_grep '^vm.watermark_scale_factor = 100$' "$VT_TMP/sysctl.out"
	[ "$(cat "$T/proc/sys/vm/swappiness")" = 10 ] && pass || fail "sysctl -p did not write the copy's swappiness"
	printf '10\n' >"$T/proc/sys/vm/swappiness"
else
	echo "# skipped: procps sysctl -p on the drop-in (no unshare/mount namespace here)" >&2
	printf '10\n' >"$T/proc/sys/vm/swappiness"
fi
rm -f "$T/proc/sys/.vmtune-test-sentinel"
# Three applies, three rollbacks: the drop-in and every knob as they were.
expect_exit 0 "$VMTUNE" --root "$T" rollback
expect_grep '^drop-in etc/sysctl.d/60-vmtune.conf: restored$' "$VT_TMP/out"
cmp -s "$D" "$VT_TMP/dropin.first" && pass || fail "rollback did not restore the earlier drop-in"
expect_exit 0 "$VMTUNE" --root "$T" rollback
expect_grep '^drop-in etc/sysctl.d/60-vmtune.conf: removed$' "$VT_TMP/out"
[ -e "$D" ] && fail "rollback left the drop-in it should remove" || pass
same_kernel_files "apply --persist twice, rollback twice"
rmdir "$T/etc/sysctl.d" && rm -rf "$T/var" "$T/run" && same_tree "after the rollbacks" || fail "etc/sysctl.d is not empty"
# Someone else's file: refused (exit 2), then merged with --force.
mkdir -p "$T/etc/sysctl.d"
printf 'vm.swappiness = 30\nkernel.panic = 10\n' >"$D"
expect_exit 2 "$VMTUNE" --root "$T" apply vm.swappiness=10 --persist
expect_grep 'was not written by vmtune' "$VT_TMP/err"
expect_exit 0 "$VMTUNE" --root "$T" apply vm.swappiness=10 --persist --force
expect_grep '^kernel.panic = 10$' "$D"
expect_grep '^vm.swappiness = 10$' "$D"
expect_exit 0 "$VMTUNE" --root "$T" apply vm.swappiness=20 --persist=/etc/sysctl.d/99-other.conf
expect_grep '^vm.swappiness = 20$' "$T/etc/sysctl.d/99-other.conf"
expect_exit 2 "$VMTUNE" --root "$T" apply vm.swappiness=20 --persist=../x.conf

# 9. The list, and the usage errors.
expect_exit 0 "$VMTUNE" --root "$T" rollback --list --json
py 'len(d["journals"]) == 2 and d["journals"][-1]["persist"] == "etc/sysctl.d/99-other.conf"' "$VT_TMP/out"
expect_exit 0 "$VMTUNE" --root "$T" rollback --list
expect_grep '^ID  *TIME  *STATE  *SOURCE: CHANGES$' "$VT_TMP/out"
expect_grep ' done  *command line: vm.swappiness 10->20, drop-in etc/sysctl.d/99-other.conf$' "$VT_TMP/out"
expect_exit 2 "$VMTUNE" --root "$T" rollback --list someid
expect_exit 2 "$VMTUNE" --root "$T" apply
expect_exit 2 "$VMTUNE" --root "$T" apply vm.swappiness
expect_exit 2 "$VMTUNE" --root "$T" apply --emit --persist vm.swappiness=10
expect_exit 2 "$VMTUNE" --root "$T" apply --workload database vm.swappiness=10
# --profile: the database profile (zone_reclaim_mode 0, the rest "auto")
# on a tree with three knobs set badly: the dry run lists the changes, the
# apply makes them and rollback undoes them, byte for byte.
P="$VT_TMP/profile-tree"
cp -r "$VT_FIXTURES/handmade-6.1-numa2-misset" "$P"
expect_exit 3 "$VMTUNE" --root "$P" apply --dry-run --profile database
expect_grep "vm.zone_reclaim_mode" "$VT_TMP/out"
expect_exit 0 "$VMTUNE" --root "$P" apply --profile database
[ "$(cat "$P/proc/sys/vm/zone_reclaim_mode")" = 0 ] && pass || fail "profile database: zone_reclaim_mode not 0"
[ "$(cat "$P/proc/sys/vm/min_free_kbytes")" -ge 65536 ] && pass || fail "profile database (the tree's local override: 1 %, at least 65536 kB): min_free_kbytes not raised"
expect_exit 0 "$VMTUNE" --root "$P" rollback
diff -r -x journal -x run "$VT_FIXTURES/handmade-6.1-numa2-misset/proc" "$P/proc" >/dev/null && pass ||
	fail "rollback after --profile did not restore proc/"
expect_exit 1 "$VMTUNE" --root "$P" apply --profile no-such-profile
expect_exit 2 env VMTUNE_TEST_FAULT=bogus "$VMTUNE" --root "$T" apply vm.swappiness=10
finish
