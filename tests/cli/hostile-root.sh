#!/bin/sh
# Hostile trees against the root handle: nothing outside --root is ever
# read, listed or copied; FIFOs never hang a command; an empty root is a
# usage error; an interrupted snapshot leaves nothing.  Every case runs with
# openat2 and again without it (vt-exec's seccomp filter answers ENOSYS, as
# kernels before 5.6 do), which takes the portable path walk.
. "$(dirname "$0")/lib.sh"
FIX="$VT_FIXTURES/qemu-numa2-boot"
SERIES="$VT_FIXTURES/qemu-numa2-memhog"
REAL_VMTUNE=$VMTUNE

# What a hostile tree tries to reach: a secret outside every root.
OUT="$VT_TMP/outside"
mkdir -p "$OUT"
printf 'root:$y$LEAKED-SECRET:19000:0:99999:7:::\n' >"$OUT/secret"
cp -r "$FIX" "$OUT/elsewhere"

run() {
	# run CODE ARGS...: vmtune under a generous limit (a hang is a failure)
	want=$1
	shift
	timeout 60 "$VMTUNE" "$@" >"$VT_TMP/out" 2>"$VT_TMP/err"
	got=$?
	if [ "$got" -eq 124 ]; then
		fail "[$mode] 'vmtune $*' hung (killed after 60 s)"
	elif [ "$got" -ne "$want" ]; then
		fail "[$mode] 'vmtune $*' exited $got, expected $want; stderr: $(head -c 300 "$VT_TMP/err")"
	else
		pass
	fi
}

no_leak() {
	if grep -q 'LEAKED-SECRET' "$VT_TMP/out" "$VT_TMP/err"; then
		fail "[$mode] $1: outside data reached the output"
	else
		pass
	fi
}

for mode in openat2 walk; do
	if [ $mode = walk ]; then
		printf '#!/bin/sh\nexec "%s" --no-openat2 "%s" "$@"\n' "$VT_EXEC" "$REAL_VMTUNE" >"$VT_TMP/vmtune-walk"
		chmod +x "$VT_TMP/vmtune-walk"
		VMTUNE="$VT_TMP/vmtune-walk"
	fi
	T="$VT_TMP/$mode"
	mkdir -p "$T"

	# stat on a series: t0/ must be opened inside the root.  t0 -> / is the
	# tree itself (no proc/vmstat there), never this machine's live counters.
	mkdir -p "$T/s1" && cp -r "$SERIES/t1" "$T/s1/t1" && ln -s / "$T/s1/t0"
	run 1 --root "$T/s1" stat
	expect_grep "s1/t0/proc/vmstat" "$VT_TMP/err"
	mkdir -p "$T/s2" && cp -r "$SERIES/t1" "$T/s2/t1" && ln -s ../outside/elsewhere "$T/s2/t0"
	run 1 --root "$T/s2" stat --json
	expect_grep "is one snapshot, and rates need two" "$VT_TMP/err"
	mkdir -p "$T/s3" && cp -r "$SERIES/t0" "$T/s3/t0" && ln -s "$OUT/elsewhere" "$T/s3/t1"
	run 1 --root "$T/s3" stat	# t1 is not in the tree: one sample
	expect_grep "rates need at least two samples" "$VT_TMP/err"

	# A file linked to a secret outside, absolute and climbing: not found
	# in the tree, and the secret is quoted nowhere.
	cp -r "$FIX" "$T/f1"
	# (osrelease: its parse error would quote what it read.)
	rel=proc/sys/kernel/osrelease
	rm "$T/f1/$rel" && ln -s "$OUT/secret" "$T/f1/$rel"
	run 1 --root "$T/f1" status
	expect_grep "$rel': No such file" "$VT_TMP/err"
	no_leak "absolute link"
	rm "$T/f1/$rel" && ln -s ../../../../../../../../../../outside/secret "$T/f1/$rel"
	run 1 --root "$T/f1" status --json
	no_leak "climbing link"
	run 0 --root "$T/f1" snapshot "$T/f1-snap"
	no_leak "snapshot of a link"
	[ -e "$T/f1-snap/$rel" ] && fail "[$mode] snapshot copied an outside file" || pass
	grep -rq LEAKED-SECRET "$T/f1-snap" && fail "[$mode] the secret is in the snapshot" || pass

	# Directory checks are confined too: a node linked to /etc, or to a host
	# directory, is no node of the tree.
	cp -r "$FIX" "$T/n1"
	ln -s /etc "$T/n1/sys/devices/system/node/node2"
	ln -s "$OUT/elsewhere/sys/devices/system/node/node1" "$T/n1/sys/devices/system/node/node3"
	run 0 --root "$T/n1" numa
	expect_no_grep '^ *[23]  ' "$VT_TMP/out"
	run 0 --root "$T/n1" status

	# snapshot keeps links that stay inside and refuses those that climb out.
	cp -r "$FIX" "$T/l1"
	# (HMAT initiator links are the links the manifest copies.)
	hmat=sys/devices/system/node/node0/access0/initiators
	mkdir -p "$T/l1/$hmat"
	ln -s ../../../node1 "$T/l1/$hmat/node1"
	ln -s ../../../../../../../../../outside/secret "$T/l1/$hmat/node5"
	run 0 --root "$T/l1" snapshot --json "$T/l1-snap"
	[ -L "$T/l1-snap/$hmat/node1" ] && pass || fail "[$mode] a link inside the tree was not copied"
	[ -L "$T/l1-snap/$hmat/node5" ] && fail "[$mode] a link out of the tree was copied" || pass
	expect_grep '"reason": "link leads out of the tree"' "$VT_TMP/out"

	# A FIFO stands where a kernel file should be: an error naming it, or
	# for snapshot a skipped file, never a read that blocks.
	cp -r "$FIX" "$T/p1"
	rm "$T/p1/proc/vmstat" && mkfifo "$T/p1/proc/vmstat"
	rm "$T/p1/proc/zoneinfo" && mkfifo "$T/p1/proc/zoneinfo"
	run 1 --root "$T/p1" status
	expect_grep "proc/zoneinfo': a FIFO" "$VT_TMP/err"
	run 1 --root "$T/p1" watermarks
	run 1 --root "$T/p1" numa --json
	run 0 --root "$T/p1" snapshot "$T/p1-snap"
	expect_grep "proc/vmstat: not a regular file" "$VT_TMP/out"
	mkdir -p "$T/p2" && cp -r "$SERIES/t0" "$SERIES/t1" "$T/p2/"
	rm "$T/p2/t1/proc/vmstat" && mkfifo "$T/p2/t1/proc/vmstat"
	run 1 --root "$T/p2" stat
	expect_grep "a FIFO" "$VT_TMP/err"
done
VMTUNE=$REAL_VMTUNE
mode=cli

# An empty root never means this machine.
run 2 --root "" status
expect_grep "^vmtune: error: --root is empty" "$VT_TMP/err"
run 2 status --root ""
VMTUNE_ROOT="" run 2 numa
expect_grep "^vmtune: error: VMTUNE_ROOT is empty" "$VT_TMP/err"

# A stop signal during snapshot leaves nothing under DEST (nor a partial
# tree beside it); here the signal is already pending when it starts.
timeout 60 "$VT_EXEC" --pending-term "$VMTUNE" --root "$FIX" snapshot "$VT_TMP/interrupted" \
	>"$VT_TMP/out" 2>"$VT_TMP/err"
rc=$?
[ $rc -eq 1 ] && pass || fail "interrupted snapshot exited $rc, expected 1"
expect_grep "interrupted by a signal" "$VT_TMP/err"
[ -e "$VT_TMP/interrupted" ] && fail "interrupted snapshot left DEST" || pass
ls -d "$VT_TMP"/interrupted.partial-* >/dev/null 2>&1 && fail "interrupted snapshot left a partial tree" || pass
# An existing empty DEST is kept (empty), not removed.
mkdir "$VT_TMP/empty-dest"
timeout 60 "$VT_EXEC" --pending-term "$VMTUNE" --root "$FIX" snapshot "$VT_TMP/empty-dest" >/dev/null 2>&1
[ -d "$VT_TMP/empty-dest" ] && [ -z "$(ls -A "$VT_TMP/empty-dest")" ] && pass || fail "empty DEST not left as it was"
finish
