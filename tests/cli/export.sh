#!/bin/sh
# export: the exposition format checked by a parser of its own on every
# kind of tree (and by promtool when it is installed), names and types by
# the Prometheus conventions, label escaping, the JSON twin, and the
# --textfile write: atomic (the temporary file never has the .prom suffix
# the collector reads), an old vmtune.prom replaced whole, and an
# unwritable directory an error that leaves nothing behind.
. "$(dirname "$0")/lib.sh"
F="$VT_FIXTURES/qemu-numa2-boot"

# check_prom FILE: every line is HELP, TYPE or a sample of the text format
# 0.0.4; HELP and TYPE once per family, before its samples; samples belong
# to the family last typed; names vmtune_*, counters *_total, no series
# twice.  Prints the first violation and returns 1.
check_prom() {
	awk '
	function bad(why) { printf "line %d: %s: %s\n", NR, why, $0; err = 1; exit 1 }
	BEGIN { name_re = "^[a-zA-Z_:][a-zA-Z0-9_:]*$"; lname_re = "^[a-zA-Z_][a-zA-Z0-9_]*$"
		num_re = "^-?[0-9]+(\\.[0-9]+)?$" }
	/^# HELP / {
		if ($3 !~ name_re) bad("bad metric name")
		if ($3 in help) bad("HELP twice")
		if (NF < 4) bad("empty HELP")
		help[$3] = 1; cur_help = $3; next
	}
	/^# TYPE / {
		if (NF != 4 || ($4 != "counter" && $4 != "gauge")) bad("bad TYPE")
		if ($3 in type) bad("TYPE twice")
		if ($3 != cur_help) bad("TYPE without its HELP first")
		type[$3] = $4; cur = $3; next
	}
	/^#/ { bad("unknown comment") }
	{
		line = $0
		if (!match(line, /^[a-zA-Z_:][a-zA-Z0-9_:]*/)) bad("no metric name")
		name = substr(line, 1, RLENGTH); rest = substr(line, RLENGTH + 1)
		if (name != cur) bad("sample outside its family")
		if (name !~ /^vmtune_/) bad("name without the vmtune_ prefix")
		if (type[name] == "counter" && name !~ /_total$/) bad("counter without _total")
		if (type[name] == "gauge" && name ~ /_total$/) bad("gauge named _total")
		series = name
		if (substr(rest, 1, 1) == "{") {
			rest = substr(rest, 2)
			while (1) {
				if (!match(rest, /^[a-zA-Z_][a-zA-Z0-9_]*="/)) bad("bad label")
				rest = substr(rest, RLENGTH + 1)
				# the value: any char but \ " newline, or an escape \\ \" \n
				if (!match(rest, /^([^"\\]|\\\\|\\"|\\n)*"/)) bad("bad label value")
				rest = substr(rest, RLENGTH + 1)
				if (substr(rest, 1, 1) == ",") { rest = substr(rest, 2); continue }
				if (substr(rest, 1, 1) == "}") { rest = substr(rest, 2); break }
				bad("label list not closed")
			}
			series = name substr(line, length(name) + 1, length(line) - length(name) - length(rest))
		}
		if (substr(rest, 1, 1) != " ") bad("no space before the value")
		value = substr(rest, 2)
		if (value !~ num_re) bad("value not an exact decimal")
		if (series in seen) bad("series twice")
		seen[series] = 1; n++
	}
	END { if (!err && n == 0) { print "no samples"; exit 1 } }
	' "$1"
}

# The checker fails what it must fail.
printf '# HELP vmtune_x x\n# TYPE vmtune_x counter\nvmtune_x 1\n' >"$VT_TMP/bad1"
printf '# HELP vmtune_x x\n# TYPE vmtune_x gauge\nvmtune_x{a="1"} 1\nvmtune_x{a="1"} 2\n' >"$VT_TMP/bad2"
printf '# HELP vmtune_x x\n# TYPE vmtune_x gauge\nvmtune_x{a="q"q"} 1\n' >"$VT_TMP/bad3"
printf '# TYPE vmtune_x gauge\n# HELP vmtune_x x\nvmtune_x 1\n' >"$VT_TMP/bad4"
printf '# HELP vmtune_x x\n# TYPE vmtune_x gauge\nvmtune_y 1\n' >"$VT_TMP/bad5"
printf '# HELP vmtune_x x\n# TYPE vmtune_x gauge\nvmtune_x 1e3\n' >"$VT_TMP/bad6"
for b in 1 2 3 4 5 6; do
	check_prom "$VT_TMP/bad$b" >/dev/null && fail "the checker accepts bad$b" || pass
done
printf '# HELP vmtune_x x\n# TYPE vmtune_x gauge\nvmtune_x{a="q\\"q\\\\",b="\\n"} 1.50\n' >"$VT_TMP/good"
check_prom "$VT_TMP/good" >/dev/null && pass || fail "the checker refuses a good file"

PROMTOOL=$(command -v promtool || true)
[ -n "$PROMTOOL" ] || echo "promtool not installed: the parser check only" >&2

# Every kind of root: snapshot, series' t0, hand-made, sosreport, sos-shaped.
for fx in qemu-numa2-boot handmade-6.1-numa2-misset host-6.18-uma handmade-4.4-legacy \
	  qemu612-numa3-hmat-boot sos-debian12-host sos-shaped-numa2 handmade-6.1-stat-nopsi/t0; do
	expect_exit 0 "$VMTUNE" --root "$VT_FIXTURES/$fx" export
	check_prom "$VT_TMP/out" >"$VT_TMP/why" && pass || fail "$fx: $(cat "$VT_TMP/why")"
	if [ -n "$PROMTOOL" ]; then
		"$PROMTOOL" check metrics <"$VT_TMP/out" >"$VT_TMP/lint" 2>&1 && pass ||
			fail "$fx: promtool check metrics: $(head -c 400 "$VT_TMP/lint")"
	fi
	cp "$VT_TMP/out" "$VT_TMP/text"
	expect_exit 0 "$VMTUNE" --root "$VT_FIXTURES/$fx" export --json
	json_valid "$VT_TMP/out" && pass || fail "$fx: export --json is not JSON"
	# The JSON has the same families, in the same order.
	python3 -c 'import json,sys; [print(m["name"]) for m in json.load(open(sys.argv[1]))["metrics"]]' \
		"$VT_TMP/out" >"$VT_TMP/jnames"
	sed -n 's/^# TYPE \([^ ]*\) .*/\1/p' "$VT_TMP/text" >"$VT_TMP/tnames"
	cmp -s "$VT_TMP/jnames" "$VT_TMP/tnames" && pass || fail "$fx: --json and text list other metrics"
done

# What a sosreport lacks has no series (no zero): PSI in sos 4.0's report.
expect_exit 0 "$VMTUNE" --root "$VT_FIXTURES/sos-debian12-host" export
expect_no_grep '^vmtune_pressure' "$VT_TMP/out"
expect_grep '^vmtune_info{kernel="6.18.44-fc-v1147",source="sosreport",knobs_from="sos_commands/kernel/sysctl_-a"} 1$' "$VT_TMP/out"
expect_grep '^vmtune_sysctl_vm_min_free_kbytes 67584$' "$VT_TMP/out"
# Units: kB and pages in bytes, microseconds in seconds, percent as ratio.
expect_exit 0 "$VMTUNE" --root "$VT_FIXTURES/handmade-6.1-numa2-misset" export
expect_grep '^vmtune_memory_total_bytes 2065457152$' "$VT_TMP/out"
expect_grep '^vmtune_zone_min_bytes{node="0",zone="DMA32"} 33218560$' "$VT_TMP/out"
expect_grep '^vmtune_recommendation_pending{id="VMT-SWP-001",knob="vm.swappiness"} 1$' "$VT_TMP/out"
expect_grep '^vmtune_advice_up 1$' "$VT_TMP/out"
mkdir -p "$VT_TMP/psi" && cp -r "$F/." "$VT_TMP/psi"
printf 'some avg10=1.25 avg60=0.50 avg300=0.10 total=12345678\nfull avg10=0.07 avg60=0.00 avg300=0.00 total=1000001\n' \
	>"$VT_TMP/psi/proc/pressure/memory"
expect_exit 0 "$VMTUNE" --root "$VT_TMP/psi" export
expect_grep '^vmtune_pressure_memory_some_seconds_total 12.345678$' "$VT_TMP/out"
expect_grep '^vmtune_pressure_memory_some_avg10_ratio 0.0125$' "$VT_TMP/out"
expect_grep '^vmtune_pressure_memory_full_seconds_total 1.000001$' "$VT_TMP/out"
expect_grep '^vmtune_pressure_memory_full_avg10_ratio 0.0007$' "$VT_TMP/out"

# Label values are escaped: a kernel release with a quote and a backslash.
printf '6.1.0-a"b\\c\n' >"$VT_TMP/psi/proc/sys/kernel/osrelease"
expect_exit 0 "$VMTUNE" --root "$VT_TMP/psi" export
expect_grep '^vmtune_info{kernel="6.1.0-a\\"b\\\\c",' "$VT_TMP/out"
check_prom "$VT_TMP/out" >"$VT_TMP/why" && pass || fail "escaped release: $(cat "$VT_TMP/why")"
if [ -n "$PROMTOOL" ]; then
	"$PROMTOOL" check metrics <"$VT_TMP/out" >/dev/null 2>&1 && pass || fail "promtool refuses the escaped release"
fi

# --textfile: the same bytes in DIR/vmtune.prom, nothing on stdout.
D="$VT_TMP/textfile"
mkdir -p "$D"
expect_exit 0 "$VMTUNE" --root "$F" export
cp "$VT_TMP/out" "$VT_TMP/want"
expect_exit 0 "$VMTUNE" --root "$F" export --textfile "$D"
[ -s "$VT_TMP/out" ] && fail "--textfile also wrote to stdout" || pass
cmp -s "$D/vmtune.prom" "$VT_TMP/want" && pass || fail "vmtune.prom differs from the stdout export"
[ "$(ls -A "$D")" = vmtune.prom ] && pass || fail "files left in the directory: $(ls -A "$D")"
# An old file is replaced whole (a longer one: no tail of it survives).
awk '{ print; print "# padding padding padding" }' "$VT_TMP/want" >"$D/vmtune.prom"
expect_exit 0 "$VMTUNE" --root "$F" export --textfile "$D"
cmp -s "$D/vmtune.prom" "$VT_TMP/want" && pass || fail "the old vmtune.prom was not replaced whole"
# The file is replaced by rename, never rewritten in place: its inode changes.
before=$(stat -c %i "$D/vmtune.prom")
expect_exit 0 "$VMTUNE" --root "$F" export --textfile "$D"
[ "$(stat -c %i "$D/vmtune.prom")" != "$before" ] && pass || fail "vmtune.prom was written in place"
# The temporary file never ends in .prom (the collector reads *.prom): what
# vmtune creates, seen by strace when it is there, and by a watcher always.
if command -v strace >/dev/null 2>&1; then
	strace -f -e trace=openat,renameat,renameat2 -o "$VT_TMP/trace" \
		"$VT_VMTUNE_BIN" --root "$F" export --textfile "$D" >/dev/null 2>&1
	tmpname=$(sed -n 's/.*openat([^"]*"\([^"]*\)".*O_CREAT.*/\1/p' "$VT_TMP/trace" | head -n 1)
	case "$tmpname" in
	.vmtune.prom.*.tmp) pass ;;
	*) fail "temporary file '$tmpname' (want .vmtune.prom.PID.N.tmp)" ;;
	esac
	grep -q "rename.*\"$tmpname\".*\"vmtune.prom\"" "$VT_TMP/trace" && pass || fail "no rename of the temporary file"
fi
( i=0; while [ $i -lt 30 ]; do "$VT_VMTUNE_BIN" --root "$F" export --textfile "$D" >/dev/null 2>&1; i=$((i + 1)); done ) &
writer=$!
: >"$VT_TMP/seen"
while kill -0 "$writer" 2>/dev/null; do
	ls -A "$D" >>"$VT_TMP/seen"
	check_prom "$D/vmtune.prom" >/dev/null || echo "PARTIAL" >>"$VT_TMP/seen"
done
wait "$writer"
grep -v '^vmtune\.prom$' "$VT_TMP/seen" | grep -q '\.prom$' && fail "a second .prom file was visible: $(sort -u "$VT_TMP/seen")" || pass
grep -q PARTIAL "$VT_TMP/seen" && fail "a reader saw a partial vmtune.prom" || pass

# Errors: exit 1 naming the directory, stdout empty, nothing left behind,
# the old file untouched.
expect_exit 1 "$VMTUNE" --root "$F" export --textfile "$VT_TMP/missing"
expect_grep "^vmtune: error: --textfile: cannot open root '$VT_TMP/missing': No such file or directory" "$VT_TMP/err"
[ -s "$VT_TMP/out" ] && fail "output on error" || pass
[ -e "$VT_TMP/missing" ] && fail "the missing directory was created" || pass
expect_exit 2 "$VMTUNE" --root "$F" export --textfile ""
# Unwritable: as an unprivileged user (root writes anywhere) when we can.
U="$VT_TMP/ro"
mkdir -p "$U" && printf 'old\n' >"$U/vmtune.prom" && chmod 755 "$U" && chmod 644 "$U/vmtune.prom"
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null 2>&1; then
	chmod 755 "$VT_TMP"
	setpriv --reuid=65534 --regid=65534 --clear-groups "$VT_VMTUNE_BIN" --root "$F" export --textfile "$U" \
		>"$VT_TMP/out" 2>"$VT_TMP/err"
	rc=$?
elif [ "$(id -u)" != 0 ]; then
	chmod 555 "$U"
	"$VT_VMTUNE_BIN" --root "$F" export --textfile "$U" >"$VT_TMP/out" 2>"$VT_TMP/err"
	rc=$?
else
	rc=skip
fi
if [ "$rc" != skip ]; then
	[ "$rc" = 1 ] && pass || fail "unwritable directory: exit $rc, expected 1; $(cat "$VT_TMP/err")"
	expect_grep "^vmtune: error: --textfile: cannot write '$U/vmtune.prom': Permission denied" "$VT_TMP/err"
	[ "$(cat "$U/vmtune.prom")" = old ] && pass || fail "the old vmtune.prom changed"
	[ "$(ls -A "$U")" = vmtune.prom ] && pass || fail "files left behind: $(ls -A "$U")"
	chmod 755 "$U"
fi
finish
