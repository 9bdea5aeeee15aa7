#!/bin/sh
# Hostile trees against the output layer: a host name (sethostname takes any
# bytes), zone and counter names that are not UTF-8 and carry terminal
# escapes, counts no kernel prints (above INT64_MAX), per-node sums past it.
# Every command in text and --json: the documented exit code, valid JSON,
# nothing raw from the tree on the terminal (no ESC byte on stdout or
# stderr), no negative count, and a recording that replays.
. "$(dirname "$0")/lib.sh"
F=$VT_FIXTURES
ESC=$(printf '\033')
HOST=$(printf '\377\376\033[31m')
FFFD=$(printf '\357\277\275')    # U+FFFD in UTF-8: what JSON shows for a byte that is not UTF-8

# no_esc WHAT: neither $VT_TMP/out nor $VT_TMP/err holds a raw ESC.
no_esc() {
	n=$(cat "$VT_TMP/out" "$VT_TMP/err" | grep -a -c "$ESC")
	[ "$n" -eq 0 ] && pass || fail "$1: $n lines with a raw ESC: $(grep -a -h "$ESC" "$VT_TMP/out" "$VT_TMP/err" | od -c | head -3)"
}

# json_ok WHAT [KEY...]: $VT_TMP/out is one valid JSON document (or JSON
# lines) with no negative number except under the keys named (signed
# quantities: headroom, deltas).
json_ok() {
	what=$1
	shift
	python3 - "$VT_TMP/out" "$@" <<'PY' && pass || fail "$what: $(head -c 300 "$VT_TMP/out")"
import json, sys
signed = set(sys.argv[2:])
text = open(sys.argv[1], 'rb').read().decode('utf-8')    # strict: valid UTF-8
docs = [json.loads(l) for l in text.splitlines() if l.strip()] if text.startswith('{"') else [json.loads(text)]
assert docs, "no output"
def walk(v, key):
    if isinstance(v, dict):
        for k, x in v.items():
            walk(x, k)
    elif isinstance(v, list):
        for x in v:
            walk(x, key)
    elif isinstance(v, (int, float)) and not isinstance(v, bool) and v < 0:
        assert key in signed, "negative %r under %r" % (v, key)
for d in docs:
    walk(d, None)
PY
}

# -- A: host name and a counter name of bytes that are not UTF-8, with ESC.
cp -r "$F/host-6.18-uma" "$VT_TMP/a"
printf '%s\n' "$HOST" >"$VT_TMP/a/proc/sys/kernel/hostname"
printf 'pgsteal_\377\033[2J 5\n' >>"$VT_TMP/a/proc/vmstat"
expect_exit 0 "$VMTUNE" --root "$VT_TMP/a" status
no_esc "status"
expect_grep '^Host        \\xff\\xfe\\x1b\[31m$' "$VT_TMP/out"
expect_exit 0 "$VMTUNE" --root "$VT_TMP/a" status --json
no_esc "status --json"
json_ok "status --json"
python3 - "$VT_TMP/out" <<'PY' && pass || fail "status --json: hostname or zones missing"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["hostname"] == "\ufffd\ufffd\x1b[31m", d.get("hostname")
assert d["zones"][0]["managed_pages"] > 0 and d["zones"][0]["state"] == "above_high"
PY
for cmd in watermarks numa; do
	expect_exit 0 "$VMTUNE" --root "$VT_TMP/a" $cmd
	no_esc "$cmd"
	expect_exit 0 "$VMTUNE" --root "$VT_TMP/a" $cmd --json
	no_esc "$cmd --json"
	json_ok "$cmd --json" headroom_pages
done
# snapshot: the metadata takes the host name; the copy reads back.
expect_exit 0 "$VMTUNE" --root "$VT_TMP/a" snapshot "$VT_TMP/snap"
no_esc "snapshot"
json_valid "$VT_TMP/snap/vmtune-snapshot.json" && pass || fail "snapshot metadata is not valid JSON"
expect_exit 0 "$VMTUNE" --root "$VT_TMP/snap" status --json
json_ok "status of the snapshot"
cmp -s "$VT_TMP/a/proc/sys/kernel/hostname" "$VT_TMP/snap/proc/sys/kernel/hostname" && pass ||
	fail "snapshot did not copy the host name byte for byte"
# A directory name that is not UTF-8 (the user's, or a tree's).
DIR="$VT_TMP/$(printf 'snap\377\033[31m')"
expect_exit 0 "$VMTUNE" --root "$VT_TMP/a" snapshot --json "$DIR"
no_esc "snapshot --json"
json_ok "snapshot --json"
expect_grep "\"directory\": \".*snap$FFFD\\\\u001B\\[31m\"" "$VT_TMP/out"
expect_exit 0 "$VMTUNE" --root "$DIR" snapshot "$VT_TMP/snap2"
no_esc "snapshot text with such paths"
expect_grep 'snap\\xff\\x1b\[31m written to' "$VT_TMP/out"

# -- B: a zone name that is not UTF-8, with ESC, and the worst zone.
cp -r "$F/host-6.18-uma" "$VT_TMP/b"
awk '/zone +Normal$/ { sub(/Normal$/, "N\377rm\033[0m") } { print }' "$F/host-6.18-uma/proc/zoneinfo" |
	awk '/zone +N/ { z = 1 } /zone +Movable/ { z = 0 } z && $1 == "pages" && $2 == "free" { $0 = "  pages free     10" } { print }' \
	>"$VT_TMP/b/proc/zoneinfo"
expect_exit 0 "$VMTUNE" --root "$VT_TMP/b" status
no_esc "status, zone name"
expect_grep 'N\\xffrm\\x1b\[0m below min' "$VT_TMP/out"
expect_exit 0 "$VMTUNE" --root "$VT_TMP/b" status --json
json_ok "status --json, zone name"
expect_grep "\"state_zone\": \"N${FFFD}rm\\\\u001B\\[0m\"" "$VT_TMP/out"
expect_exit 0 "$VMTUNE" --root "$VT_TMP/b" numa
no_esc "numa, zone name"
expect_exit 0 "$VMTUNE" --root "$VT_TMP/b" numa --json
json_ok "numa --json, zone name"
# The model does not know such a zone: an error that quotes it escaped.
expect_exit 1 "$VMTUNE" --root "$VT_TMP/b" watermarks
no_esc "watermarks, zone name"
expect_grep "unknown zone type 'N\\\\xffrm\\\\x1b\[0m'" "$VT_TMP/err"
expect_exit 1 "$VMTUNE" --root "$VT_TMP/b" watermarks --json
[ -s "$VT_TMP/out" ] && fail "watermarks --json: partial output on error" || pass

# -- C: counts above INT64_MAX: malformed, named by file, line and key.
for v in 18446744073709551615 9223372036854775808; do
	cp -r "$F/host-6.18-uma" "$VT_TMP/c$v"
	sed "1s/.*/MemTotal:       $v kB/" "$F/host-6.18-uma/proc/meminfo" >"$VT_TMP/c$v/proc/meminfo"
	for fmt in "" --json; do
		expect_exit 1 "$VMTUNE" --root "$VT_TMP/c$v" status $fmt
		expect_grep "proc/meminfo: line 1: bad value for 'MemTotal': '$v' is out of range \[0, 9223372036854775807\]" "$VT_TMP/err"
		[ -s "$VT_TMP/out" ] && fail "status $fmt: output beside the error" || pass
	done
	cp "$F/host-6.18-uma/proc/meminfo" "$VT_TMP/c$v/proc/meminfo"
	sed "s/^\(  *managed  *\)458752$/\1$v/" "$F/host-6.18-uma/proc/zoneinfo" >"$VT_TMP/c$v/proc/zoneinfo"
	for cmd in status watermarks numa; do
		expect_exit 1 "$VMTUNE" --root "$VT_TMP/c$v" $cmd --json
		expect_grep "proc/zoneinfo: line 154 (node 0, zone Normal): bad value '$v' for 'managed': out of range" "$VT_TMP/err"
		[ -s "$VT_TMP/out" ] && fail "$cmd --json: output beside the error" || pass
	done
done

# -- D: each count fits, the node's sum does not.  Free pages used to wrap
# into a small node "above high"; managed pages into a small machine.
cp -r "$F/host-6.18-uma" "$VT_TMP/d"
awk '/zone +(DMA32|Normal)$/ { z = 1 } /zone +Movable$/ { z = 0 }
     z && $1 == "pages" && $2 == "free" { $0 = "  pages free     5000000000000000000" }
     { print }' "$F/host-6.18-uma/proc/zoneinfo" >"$VT_TMP/d/proc/zoneinfo"
for fmt in "" --json; do
	expect_exit 1 "$VMTUNE" --root "$VT_TMP/d" status $fmt
	expect_grep "node 0: the page counts of its zones add up: out of range \[0, 9223372036854775807\]" "$VT_TMP/err"
	[ -s "$VT_TMP/out" ] && fail "status $fmt: output beside the error" || pass
done
awk '/zone +(DMA32|Normal)$/ { z = 1 } /zone +Movable$/ { z = 0 }
     z && $1 == "managed" { $0 = "        managed  5000000000000000000" }
     { print }' "$F/host-6.18-uma/proc/zoneinfo" >"$VT_TMP/d/proc/zoneinfo"
for fmt in "" --json; do
	for cmd in status numa; do
		expect_exit 1 "$VMTUNE" --root "$VT_TMP/d" $cmd $fmt
		expect_grep "node 0: the managed pages of its zones add up: out of range" "$VT_TMP/err"
		[ -s "$VT_TMP/out" ] && fail "$cmd $fmt: output beside the error" || pass
	done
	expect_exit 1 "$VMTUNE" --root "$VT_TMP/d" watermarks $fmt
	expect_grep "the managed pages of the zones add up: out of range" "$VT_TMP/err"
done
# Node MemTotal that add up past the bound across nodes.
cp -r "$F/qemu-numa2-boot" "$VT_TMP/d2"
for n in 0 1; do
	sed "s/MemTotal: .*/MemTotal:       5000000000000000000 kB/" "$F/qemu-numa2-boot/sys/devices/system/node/node$n/meminfo" \
		>"$VT_TMP/d2/sys/devices/system/node/node$n/meminfo"
done
expect_exit 1 "$VMTUNE" --root "$VT_TMP/d2" numa --json
expect_grep "the nodes' MemTotal add up: out of range" "$VT_TMP/err"
[ -s "$VT_TMP/out" ] && fail "numa --json: output beside the error" || pass

# -- E: error messages quote the file's bytes escaped.
cp -r "$F/host-6.18-uma" "$VT_TMP/e"
printf 'MemTotal: \033]0;pwned\007 kB\n' >"$VT_TMP/e/proc/meminfo"
expect_exit 1 "$VMTUNE" --root "$VT_TMP/e" status
no_esc "meminfo error"
expect_grep "bad value for 'MemTotal': invalid number '\\\\x1b\]0;pwned\\\\x07'" "$VT_TMP/err"
printf 'Node 0, zone \033[2J\n' >"$VT_TMP/e/proc/zoneinfo"
cp "$F/host-6.18-uma/proc/meminfo" "$VT_TMP/e/proc/meminfo"
expect_exit 1 "$VMTUNE" --root "$VT_TMP/e" watermarks
no_esc "zoneinfo error"
printf '6.1.0\033[31m\n' >"$VT_TMP/e/proc/sys/kernel/osrelease"
expect_exit 1 "$VMTUNE" --root "$VT_TMP/e" status
no_esc "osrelease error"
expect_grep "invalid kernel release '6.1.0\\\\x1b\[31m'" "$VT_TMP/err"
# The user's own arguments are echoed escaped too.
expect_exit 2 "$VMTUNE" status "$(printf 'x\033[31m')"
no_esc "usage error"
expect_exit 1 "$VMTUNE" --root "$(printf '/nonexistent\033[31m')" status
no_esc "root error"

# -- F: stat on a t0/t1 series (as tests/cli/stat.sh uses): the banner host
# name, counter names, and a count above INT64_MAX.
cp -r "$F/handmade-6.1-stat-nopsi" "$VT_TMP/s"
printf '%s\n' "$HOST" >"$VT_TMP/s/t0/proc/sys/kernel/hostname"
for t in t0 t1; do
	printf 'pgsteal_\377\033[2J 5\n' >>"$VT_TMP/s/$t/proc/vmstat"
	printf 'zz\377\033[0m 7\n' >>"$VT_TMP/s/$t/sys/devices/system/node/node1/vmstat"
done
for fmt in "" --sar --wide --csv "--node all" --json; do
	# shellcheck disable=SC2086
	expect_exit 0 "$VMTUNE" --root "$VT_TMP/s" stat $fmt
	no_esc "stat $fmt"
done
json_ok "stat --json"
expect_exit 0 "$VMTUNE" --root "$VT_TMP/s" stat --sar
expect_grep '^Linux 6.1.0-handmade (\\xff\\xfe\\x1b\[31m) ' "$VT_TMP/out"
sed 's/^pgfault .*/pgfault 9223372036854775808/' "$F/handmade-6.1-stat-nopsi/t1/proc/vmstat" >"$VT_TMP/s/t1/proc/vmstat"
for fmt in "" --json; do
	expect_exit 1 "$VMTUNE" --root "$VT_TMP/s" stat $fmt
	expect_grep "t1/proc/vmstat: line [0-9]*: bad value '9223372036854775808' for 'pgfault': out of range \[0, 9223372036854775807\]" "$VT_TMP/err"
done

# -- G: record.  Its FILE argument is any bytes.
REC="$VT_TMP/$(printf 'rec\377\033[31m.jsonl')"
expect_exit 0 "$VMTUNE" record --json "$REC" --interval 0.05 --duration 0.05
no_esc "record --json"
json_ok "record --json"
expect_exit 0 "$VMTUNE" record "$REC" --interval 0.05 --duration 0.05
no_esc "record"
expect_grep 'to .*rec\\xff\\x1b\[31m.jsonl$' "$VT_TMP/out"
# record samples only the live system: a private mount namespace puts a
# hostile host name and vmstat over /proc for it (the real files are not
# touched).  Not every sandbox allows one; the unit tests cover the same
# round trip through the library.
if unshare -rm true 2>/dev/null; then
	printf '%s\n' "$HOST" >"$VT_TMP/hostname"
	{ cat /proc/vmstat; printf 'pgsteal_\377\033[2J 5\nzz\377 1\nzz\376 2\nzz\tx\r 3\n'; } >"$VT_TMP/vmstat"
	# Counter names alone (the host name as it is), then both.
	for over in vmstat "vmstat sys/kernel/hostname"; do
		rm -f "$VT_TMP/rec.jsonl"
		# The inner script's variables are its own; $over is a list.
		# shellcheck disable=SC2016,SC2086
		unshare -rm sh -c 'dir=$1 vmtune=$2; shift 2
			for f; do mount --bind "$dir/${f##*/}" "/proc/$f" || exit 1; done
			exec "$vmtune" record "$dir/rec.jsonl" --interval 0.05 --duration 0.1' \
			sh "$VT_TMP" "$VMTUNE" $over >"$VT_TMP/out" 2>"$VT_TMP/err"
		rc=$?
		[ $rc -eq 0 ] && pass || fail "record under a hostile /proc ($over): exit $rc: $(cat "$VT_TMP/err")"
		python3 - "$VT_TMP/rec.jsonl" <<'PY' && pass || fail "the recording ($over) is not JSON lines"
import json, sys
lines = [json.loads(l) for l in open(sys.argv[1], 'rb').read().decode('utf-8').splitlines()]
assert lines[0]["type"] == "header" and len(lines) >= 2
assert lines[1]["vmstat"]["pgsteal_\\xff\x1b[2J"] == 5 and "pgfault" in lines[1]["vmstat"]
assert lines[1]["vmstat"]["zz\\xff"] == 1 and lines[1]["vmstat"]["zz\\xfe"] == 2
PY
		for fmt in "" --sar --json; do
			# shellcheck disable=SC2086
			expect_exit 0 "$VMTUNE" stat --from "$VT_TMP/rec.jsonl" $fmt
			no_esc "stat --from $fmt ($over)"
		done
	done
	expect_exit 0 "$VMTUNE" stat --from "$VT_TMP/rec.jsonl" --sar
	expect_grep "^Linux .* ($FFFD$FFFD\\\\x1b\\[31m) " "$VT_TMP/out"
fi
finish
