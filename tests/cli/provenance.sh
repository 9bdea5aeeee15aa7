#!/bin/sh
# Provenance (check, apply --dry-run) on temporary copies of the hand-made
# conflicting setup: hostile sysctl.d entries (a FIFO, links out of the
# root, a 100 MB file, 10000 files) are bounded warnings, never a hang or a
# read outside the root; apply --persist warns when a later file would undo
# the drop-in; and the order and winners agree with procps' own
# `sysctl --system --dry-run`, run in a private mount namespace over the
# copy (it writes nothing, and its /proc/sys is the copy's, checked by a
# sentinel first).
. "$(dirname "$0")/lib.sh"
F="$VT_FIXTURES/handmade-sysctld-conflict"
T="$VT_TMP/t"

fresh() {
	rm -rf "$T"
	cp -a "$F" "$T"
	chmod -R u+w "$T"
}

# py EXPR FILE: EXPR holds for p, the provenance object of FILE's JSON.
py() {
	if python3 -c 'import json,sys; p=json.load(open(sys.argv[2]))["provenance"]; sys.exit(0 if eval(sys.argv[1]) else 1)' \
		"$1" "$2"; then pass; else fail "$1"; fi
}

# The plain fixture: the winners and judgements of the issue's example.
expect_exit 0 timeout 60 "$VMTUNE" --root "$F" check --json
py "[k for k in p['knobs'] if k['knob'] == 'vm.swappiness'][0]['next_boot_from'] == 'tuned'" "$VT_TMP/out"
py "[k for k in p['knobs'] if k['knob'] == 'vm.swappiness'][0]['tuned_overrides']" "$VT_TMP/out"
py "[k for k in p['knobs'] if k['knob'] == 'vm.watermark_scale_factor'][0]['overridden']" "$VT_TMP/out"
py "[k for k in p['knobs'] if k['knob'] == 'vm.min_free_kbytes'][0]['sysctl_system_differs']" "$VT_TMP/out"

# reapply_sysctl on (tuned's default): /etc/sysctl.d's 10 is written again
# after the profile's 30.
fresh
rm "$T/etc/tuned/tuned-main.conf"
expect_exit 0 timeout 60 "$VMTUNE" --root "$T" check
expect_grep '^  vm.swappiness: runtime 30, next boot 10 (sysctl.d, written again by tuned' "$VT_TMP/out"
expect_grep 'written again by tuned (reapply_sysctl)' "$VT_TMP/out"

# Hostile entries: each is a warning naming the file; the rest still counts.
fresh
mkfifo "$T/etc/sysctl.d/20-fifo.conf"
ln -s ../../../../../../../../etc/passwd "$T/etc/sysctl.d/21-escape.conf"
ln -s /etc/hostname "$T/etc/sysctl.d/22-absolute.conf"
truncate -s 100M "$T/etc/sysctl.d/23-huge.conf"
expect_exit 0 timeout 60 "$VMTUNE" --root "$T" check
expect_grep 'warning: /etc/sysctl.d/20-fifo.conf: not a regular file' "$VT_TMP/out"
expect_grep 'warning: /etc/sysctl.d/21-escape.conf: .*not read' "$VT_TMP/out"
expect_grep 'warning: /etc/sysctl.d/22-absolute.conf: .*not read' "$VT_TMP/out"
expect_grep 'warning: /etc/sysctl.d/23-huge.conf: larger than 1 MiB' "$VT_TMP/out"
expect_grep '^    /etc/sysctl.d/80-override.conf:2 .*150  <- wins at boot' "$VT_TMP/out"
expect_no_grep 'root:' "$VT_TMP/out"

# 10000 files: bounded, with a message; still quick enough for `timeout`.
fresh
python3 -c '
import sys
for i in range(10000):
    open("%s/etc/sysctl.d/%05d-many.conf" % (sys.argv[1], i), "w").write("vm.swappiness = %d\n" % (i % 100))
' "$T"
expect_exit 0 timeout 60 "$VMTUNE" --root "$T" check
expect_grep 'warning: 10011 .conf files in the sysctl.d directories: only the first 1000 listed are read' "$VT_TMP/out"

# apply --persist warns (stderr) when a later file undoes the drop-in, and
# names both; a value the later file agrees with is not warned about.
expect_exit 3 "$VMTUNE" --root "$F" apply --dry-run --persist vm.watermark_scale_factor=120
expect_grep '80-override.conf:2 sets vm.watermark_scale_factor = 150 after /etc/sysctl.d/60-vmtune.conf' "$VT_TMP/err"
expect_exit 3 "$VMTUNE" --root "$F" apply --dry-run --persist vm.watermark_scale_factor=150
expect_no_grep 'warning: --persist' "$VT_TMP/err"
# a drop-in named after every other file is not overridden
expect_exit 3 "$VMTUNE" --root "$F" apply --dry-run --persist=etc/sysctl.d/99-zzz-vmtune.conf vm.watermark_scale_factor=120
expect_no_grep 'warning: --persist' "$VT_TMP/err"
# one outside sysctl.d is read by nothing
expect_exit 3 "$VMTUNE" --root "$F" apply --dry-run --persist=etc/vmtune.conf vm.watermark_scale_factor=120
expect_grep 'not in a sysctl.d directory: nothing reads it at boot' "$VT_TMP/err"

# procps' own order.  In a private mount namespace, the copy's sysctl.d
# directories, /etc/sysctl.conf and /proc/sys are bound over this machine's
# (the sentinel proves /proc/sys is the copy's before sysctl runs), and
# `sysctl --system --dry-run` prints the files it reads and every setting in
# order.  Debian 12's procps 4.0.2 writes nonetheless (seen: the copy's
# swappiness went 30 -> 10), so the bound copy is what makes this safe, as
# for apply.sh's `sysctl -p`; its writes become one more check.  Its file
# order must be vmtune's sysctl_system_order, and its last value of each
# knob (printed, and left in the copy) vmtune's wins_sysctl_system.
fresh
mkdir -p "$T/usr/local/lib/sysctl.d"
touch "$T/proc/sys/.vmtune-test-sentinel"
if command -v sysctl >/dev/null && command -v unshare >/dev/null && sysctl --help 2>&1 | grep -q -e '--dry-run' &&
	unshare -m sh -c 'mount --make-rprivate / && mount --bind "$1" /proc/sys && test -e /proc/sys/.vmtune-test-sentinel' \
		sh "$T/proc/sys" 2>/dev/null; then
	expect_exit 0 "$VMTUNE" --root "$T" check --json
	cp "$VT_TMP/out" "$VT_TMP/check.json"
	unshare -m sh -c 'set -e; t=$1; mount --make-rprivate /
		for d in etc/sysctl.d run/sysctl.d usr/local/lib/sysctl.d usr/lib/sysctl.d; do
			# a directory this machine lacks: a tmpfs over its parent,
			# in this namespace only, holds the mount point
			if [ ! -d "/$d" ]; then mount -t tmpfs vmtune-test "$(dirname "/$d")"; mkdir "/$d"; fi
			mount --bind "$t/$d" "/$d"; done
		# split /usr: /lib/sysctl.d is a directory of its own; empty it here
		if [ ! -L /lib ] && [ -d /lib/sysctl.d ]; then mkdir -p "$t/lib-empty"; mount --bind "$t/lib-empty" /lib/sysctl.d; fi
		mount --bind "$t/etc/sysctl.conf" /etc/sysctl.conf
		mount --bind "$t/proc/sys" /proc/sys
		test -e /proc/sys/.vmtune-test-sentinel
		sysctl --system --dry-run' sh "$T" >"$VT_TMP/procps.out" 2>"$VT_TMP/procps.err"
	[ $? -eq 0 ] && pass || fail "sysctl --system --dry-run failed: $(cat "$VT_TMP/procps.err")"
	python3 - "$VT_TMP/check.json" "$VT_TMP/procps.out" <<'EOF' && pass || fail "vmtune's order or winners differ from procps' sysctl --system"
import json, sys
p = json.load(open(sys.argv[1]))["provenance"]
lines = open(sys.argv[2]).read().splitlines()
applied = [l[len("* Applying "):-len(" ...")] for l in lines if l.startswith("* Applying ")]
ours = [f["path"] for f in sorted((f for f in p["files"] if f["sysctl_system_order"] is not None),
                                  key=lambda f: f["sysctl_system_order"])]
# /lib/sysctl.d is /usr/lib/sysctl.d on Debian 12 (merged /usr): a name
# there is the same file
applied = [a.replace("/lib/sysctl.d/", "/usr/lib/sysctl.d/") if a.startswith("/lib/") else a for a in applied]
assert applied == ours, (applied, ours)
last = {}
for l in lines:
    if " = " in l and not l.startswith("*"):
        k, v = l.split(" = ", 1)
        last[k] = v
for k in p["knobs"]:
    w = [s for s in k["sources"] if s["wins_sysctl_system"]]
    want = w[0]["value"] if w else None
    assert last.get(k["knob"]) == want, (k["knob"], last.get(k["knob"]), want)
print("procps order and winners agree: %d files, %d knobs" % (len(ours), len(p["knobs"])))
EOF
	# what it left in the copy is vmtune's sysctl --system winner, or the
	# fixture's value where no line sets the knob
	python3 - "$VT_TMP/check.json" "$T/proc/sys/vm" <<'EOF' && pass || fail "the copy's knobs are not procps' winners"
import json, sys
p = json.load(open(sys.argv[1]))["provenance"]
for k in p["knobs"]:
    w = [s for s in k["sources"] if s["wins_sysctl_system"]]
    now = open(sys.argv[2] + "/" + k["knob"].split(".", 1)[1]).read().strip()
    assert now == (w[0]["value"] if w else k["runtime"]), (k["knob"], now)
EOF
else
	echo "# skipped: procps sysctl --system --dry-run (no unshare/mount namespace or no --dry-run here)" >&2
fi
rm -f "$T/proc/sys/.vmtune-test-sentinel"

finish
