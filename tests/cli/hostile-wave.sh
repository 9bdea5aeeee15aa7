#!/bin/sh
# Hostile trees against every command the second wave added (recommend,
# check, apply --dry-run, profile validate, rollback --list, top, oom,
# protect --dry-run, export), text and --json, and against their own inputs:
# profiles, journals, waiver files, sysctl.d files, /proc/PID trees and
# sosreports.  Each tree holds links to a secret outside the root (absolute
# and climbing), FIFOs where files should be, bytes that are no text, empty
# files and numbers past 64 bits.  Every run must end with exit 0, 1, 2 or 3
# within 60 s (no crash, no hang), never show the secret, give valid JSON
# with --json when it succeeds, and say `vmtune: error:` when it fails.
# Every case runs with openat2 and again without it (the portable walk); CI
# runs this file under ASan and UBSan too.
. "$(dirname "$0")/lib.sh"
REAL_VMTUNE=$VMTUNE
FIX="$VT_FIXTURES/qemu-numa2-boot"
SOS="$VT_FIXTURES/sos-shaped-numa2"
PROCS="$VT_FIXTURES/handmade-procs-6.1"
export VMTUNE_PROFILE_DIR="$VT_FIXTURES/../../profiles"

OUT="$VT_TMP/outside"
mkdir -p "$OUT"
printf 'LEAKED-SECRET 1\nvm.swappiness = 1\n' >"$OUT/secret"

# Bytes that are no text: control characters, invalid UTF-8, a NUL.
junk() {
	printf '\001\033[31m\377\376 vm.swappiness = \300\200 9\000 \n%s\n' "$1" >"$2"
}

# hostile TREE: every kind of damage, spread over the files each command
# reads (meminfo and vmstat stay readable so that commands get past them
# and meet the rest).
hostile() {
	t=$1
	rm -f "$t/proc/zoneinfo" && mkfifo "$t/proc/zoneinfo"
	if [ -d "$t/proc/sys/vm" ]; then	# (a sosreport has none)
		rm -f "$t/proc/sys/vm/swappiness" && ln -s "$OUT/secret" "$t/proc/sys/vm/swappiness"
		rm -f "$t/proc/sys/vm/watermark_scale_factor" &&
			ln -s ../../../../../../../../../outside/secret "$t/proc/sys/vm/watermark_scale_factor"
	fi
	[ -e "$t/proc/sys/vm/zone_reclaim_mode" ] &&
		printf '99999999999999999999999\n' >"$t/proc/sys/vm/zone_reclaim_mode"
	[ -e "$t/proc/pressure/memory" ] && junk 'some avg10=1e999' "$t/proc/pressure/memory"
	[ -e "$t/proc/buddyinfo" ] && : >"$t/proc/buddyinfo"
	return 0
}

# own TREE: the inputs of the wave's commands, damaged.
own() {
	t=$1
	mkdir -p "$t/etc/vmtune/profiles" "$t/var/lib/vmtune/journal" "$t/etc/sysctl.d" "$t/etc/tuned"
	junk '{"name": "bad", "settings": {"vm.swappiness": {"value": 1e999}}}' "$t/etc/vmtune/profiles/junk.json"
	mkfifo "$t/etc/vmtune/profiles/fifo.json"
	ln -s "$OUT/secret" "$t/etc/vmtune/profiles/leak.json"
	printf '{"name": "deep", "inherits": "deep", "settings": {}}\n' >"$t/etc/vmtune/profiles/deep.json"
	junk 'VMT-SWP-001 until 9999-99-99' "$t/etc/vmtune/waivers"
	junk '{"state": "started", "knobs": [{"knob": "vm.swappiness", "old": "1e999"}]}' \
		"$t/var/lib/vmtune/journal/20260101T000000.000000Z-1.json"
	mkfifo "$t/var/lib/vmtune/journal/20260101T000000.000001Z-2.json"
	ln -s "$OUT/secret" "$t/var/lib/vmtune/journal/20260101T000000.000002Z-3.json"
	junk 'vm.min_free_kbytes = 99999999999999999999999' "$t/etc/sysctl.d/10-junk.conf"
	mkfifo "$t/etc/sysctl.d/20-fifo.conf"
	ln -s "$OUT/secret" "$t/etc/sysctl.d/30-leak.conf"
	ln -s "$OUT/secret" "$t/etc/tuned/active_profile"
	# /proc/PID: a FIFO status, a stat of junk, a score linked outside.
	set -- $(cd "$t/proc" && ls -d [0-9]* 2>/dev/null)
	if [ $# -ge 3 ]; then
		rm -f "$t/proc/$1/status" && mkfifo "$t/proc/$1/status"
		junk "$2 (x) R 1 99999999999999999999999" "$t/proc/$2/stat"
		rm -f "$t/proc/$3/oom_score" && ln -s "$OUT/secret" "$t/proc/$3/oom_score"
	fi
	return 0
}

# check NAME CMD...: one run, judged.
check() {
	name=$1
	shift
	timeout 60 "$VMTUNE" "$@" >"$VT_TMP/out" 2>"$VT_TMP/err" </dev/null
	rc=$?
	runs=$((runs + 1))
	case $rc in
	0 | 1 | 2 | 3) pass ;;
	124) fail "[$mode] $name: 'vmtune $*' hung (killed after 60 s)"; return ;;
	*) fail "[$mode] $name: 'vmtune $*' exited $rc: $(head -c 300 "$VT_TMP/err")"; return ;;
	esac
	if grep -aq 'LEAKED-SECRET' "$VT_TMP/out" "$VT_TMP/err"; then
		fail "[$mode] $name: 'vmtune $*': the secret outside the root reached the output"
	else
		pass
	fi
	# A failure says why: an error (or, for profile list, a warning per
	# invalid profile) on stderr, or with --json a document on stdout
	# (profile validate's "valid": false).
	if [ "$rc" -eq 1 ] || [ "$rc" -eq 2 ]; then
		if grep -aq '^vmtune: error: \|^vmtune: warning: \|^usage: ' "$VT_TMP/err"; then
			pass
		elif [ -s "$VT_TMP/out" ] && case " $* " in *" --json "*) true ;; *) false ;; esac; then
			pass
		else
			fail "[$mode] $name: 'vmtune $*' exited $rc without a message: $(head -c 300 "$VT_TMP/err")"
		fi
	fi
	case " $* " in
	*" --json "*)
		[ -s "$VT_TMP/out" ] || [ "$rc" -eq 0 ] || [ "$rc" -eq 3 ] || return
		python3 -c 'import json,sys
t = open(sys.argv[1], encoding="utf-8").read()
lines = [l for l in t.splitlines() if l.strip()]
try:
    json.loads(t)
except ValueError:
    assert lines, "empty"
    for l in lines:
        json.loads(l)' "$VT_TMP/out" 2>/dev/null && pass ||
			fail "[$mode] $name: 'vmtune $*' printed invalid JSON: $(head -c 300 "$VT_TMP/out")"
		;;
	esac
}

# Every command of the wave on root $1, text and JSON.
every_command() {
	r=$1
	n=$2
	for j in "" --json; do
		check "$n" --root "$r" recommend $j
		check "$n" --root "$r" check $j
		check "$n" --root "$r" check --profile junk $j
		check "$n" --root "$r" check --profile deep $j
		check "$n" --root "$r" apply --dry-run vm.swappiness=10 $j
		check "$n" --root "$r" apply --dry-run --persist vm.min_free_kbytes=90112 $j
		check "$n" --root "$r" apply --dry-run --profile fifo $j
		check "$n" --root "$r" apply --dry-run --profile leak $j
		check "$n" --root "$r" apply --dry-run --recommended $j
		check "$n" --root "$r" rollback --list $j
		check "$n" --root "$r" profile list $j
		check "$n" --root "$r" profile validate "$r/etc/vmtune/profiles/junk.json" $j
		check "$n" --root "$r" profile validate "$r/etc/vmtune/profiles/fifo.json" $j
		check "$n" --root "$r" oom $j
		check "$n" --root "$r" protect --dry-run --adj 100 1 $j
		check "$n" --root "$r" export $j
		check "$n" --root "$r" status $j
	done
	check "$n" --root "$r" top --batch --iterations 2
	check "$n" --root "$r" top --json --iterations 2
	check "$n" --root "$r" export --textfile "$VT_TMP/prom"
}

runs=0
mkdir -p "$VT_TMP/prom"
for mode in openat2 walk; do
	if [ $mode = walk ]; then
		printf '#!/bin/sh\nexec "%s" --no-openat2 "%s" "$@"\n' "$VT_EXEC" "$REAL_VMTUNE" >"$VT_TMP/vmtune-walk"
		chmod +x "$VT_TMP/vmtune-walk"
		VMTUNE="$VT_TMP/vmtune-walk"
	fi
	T="$VT_TMP/$mode"
	mkdir -p "$T"
	# The kernel's files damaged, the commands' own inputs intact.
	cp -r "$FIX" "$T/kernel" && chmod -R u+w "$T/kernel" && hostile "$T/kernel"
	every_command "$T/kernel" kernel-files
	# The commands' own inputs damaged, the kernel's files intact.
	cp -r "$PROCS" "$T/inputs" && chmod -R u+w "$T/inputs" && own "$T/inputs"
	every_command "$T/inputs" own-inputs
	# Both at once, on a sosreport (its sysctl_-a and uname_-a too).
	cp -r "$SOS" "$T/sos" && chmod -R u+w "$T/sos" && hostile "$T/sos" && own "$T/sos"
	junk 'vm.min_free_kbytes = 1e999' "$T/sos/sos_commands/kernel/sysctl_-a"
	rm -f "$T/sos/sos_commands/kernel/uname_-a" && mkfifo "$T/sos/sos_commands/kernel/uname_-a"
	every_command "$T/sos" sosreport
done
echo "# $runs runs" >&2
finish
