#!/bin/sh
# Profiles on the command line: the subcommand dispatcher (options before
# and after the subcommand's name, usage errors), where profiles are looked
# for (VMTUNE_PROFILE_DIR, the root's etc/vmtune/profiles, FILE paths),
# what check --profile compares, and files that must not be read.
. "$(dirname "$0")/lib.sh"
SRC=${VT_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
VMTUNE_PROFILE_DIR="$SRC/profiles"
export VMTUNE_PROFILE_DIR
MISSET="$VT_FIXTURES/handmade-6.1-numa2-misset"
NUMA16="$VT_FIXTURES/qemu-numa2-16g-boot"

# 1. The dispatcher: the same output wherever the options stand.
expect_exit 0 "$VMTUNE" --root "$MISSET" profile list --json
cp "$VT_TMP/out" "$VT_TMP/list"
json_valid "$VT_TMP/list" && pass || fail "profile list --json is not JSON"
for args in "profile --json list" "--json profile list" "profile --root=$MISSET --json list" \
	"profile --json -- list"; do
	# shellcheck disable=SC2086
	expect_exit 0 "$VMTUNE" --root "$MISSET" $args
	cmp -s "$VT_TMP/out" "$VT_TMP/list" && pass || fail "'$args' differs from 'profile list --json'"
done
# --root DIR before the subcommand: DIR is the option's value, not the subcommand.
expect_exit 0 "$VMTUNE" profile --root "$MISSET" list --json
cmp -s "$VT_TMP/out" "$VT_TMP/list" && pass || fail "'profile --root DIR list' differs"
expect_exit 0 "$VMTUNE" profile --ro "$MISSET" --json list
cmp -s "$VT_TMP/out" "$VT_TMP/list" && pass || fail "'profile --ro DIR list' (abbreviated) differs"
expect_exit 2 "$VMTUNE" profile
expect_grep "^vmtune: error: missing command$" "$VT_TMP/err"
expect_exit 2 "$VMTUNE" profile --json
expect_grep "^vmtune: error: missing command$" "$VT_TMP/err"
expect_exit 2 "$VMTUNE" profile nosuch
expect_grep "^vmtune: error: 'nosuch' is not a 'profile' command$" "$VT_TMP/err"
expect_exit 2 "$VMTUNE" profile list extra
expect_grep "^Try 'vmtune profile list --help'.$" "$VT_TMP/err"
expect_exit 2 "$VMTUNE" profile show
expect_grep "^vmtune: error: missing NAME|FILE$" "$VT_TMP/err"
expect_exit 2 "$VMTUNE" profile show --nosuch database
expect_grep "unknown option '--nosuch'" "$VT_TMP/err"
expect_exit 2 "$VMTUNE" profile list --workload database
expect_grep "unknown option '--workload'" "$VT_TMP/err"
expect_exit 0 "$VMTUNE" profile --help
expect_grep "^  validate " "$VT_TMP/out"
expect_exit 0 "$VMTUNE" profile show --help
expect_grep "^usage: vmtune profile show NAME|FILE" "$VT_TMP/out"
expect_exit 2 "$VMTUNE" help profile nosuch
expect_grep "'nosuch' is not a 'profile' command" "$VT_TMP/err"
expect_exit 2 "$VMTUNE" help status extra
expect_grep "unexpected argument 'extra'" "$VT_TMP/err"

# 2. The shipped directory: VMTUNE_PROFILE_DIR, else the installation's,
# named in the message when a profile is not there.
expect_exit 1 env VMTUNE_PROFILE_DIR="$VT_TMP/none" "$VMTUNE" --root "$NUMA16" profile list
expect_grep "^vmtune: error: cannot open the profile directory '$VT_TMP/none': No such file or directory$" "$VT_TMP/err"
expect_exit 1 env -u VMTUNE_PROFILE_DIR "$VMTUNE" --root "$NUMA16" profile validate no-such-profile
expect_grep "/share/vmtune/profiles" "$VT_TMP/err"

# 3. Local profiles through the root: a copy of a fixture with its own
# profiles; one that hides and extends a shipped one; a broken one makes
# list exit 1 with a warning and still list the rest.
ROOT="$VT_TMP/root"
cp -R "$NUMA16" "$ROOT"
mkdir -p "$ROOT/etc/vmtune/profiles"
cat >"$ROOT/etc/vmtune/profiles/latency.json" <<'EOF'
{"name": "latency", "description": "ours", "inherits": "latency",
 "settings": {"vm.watermark_scale_factor": {"value": 200, "why": "site"}}}
EOF
expect_exit 0 "$VMTUNE" --root "$ROOT" profile show latency --json
python3 - "$VT_TMP/out" <<'EOF' && pass || fail "local latency: $(head -c 300 "$VT_TMP/out")"
import json, sys
d = json.load(open(sys.argv[1]))
s = {x["knob"]: x for x in d["settings"]}
assert d["description"] == "ours" and d["path"].endswith("/etc/vmtune/profiles/latency.json")
assert s["vm.watermark_scale_factor"]["kind"] == "fixed" and s["vm.watermark_scale_factor"]["value"] == 200
assert s["vm.swappiness"]["kind"] == "auto", "inherited from the shipped latency"
assert d["workload"] == "latency" and d["workload_from"] == "profile"
EOF
expect_exit 3 "$VMTUNE" --root "$ROOT" check --profile latency
expect_grep "^drift vm.watermark_scale_factor: expected 200, actual 10 (fixed): site$" "$VT_TMP/out"
printf '{"name": "broken",' >"$ROOT/etc/vmtune/profiles/broken.json"
expect_exit 1 "$VMTUNE" --root "$ROOT" profile list
expect_grep "^vmtune: warning: .*/etc/vmtune/profiles/broken.json: line 1, column " "$VT_TMP/err"
expect_grep "^broken  *local  *-  *invalid: see 'vmtune profile validate " "$VT_TMP/out"
expect_grep "^latency  *override  *latency  *ours$" "$VT_TMP/out"
expect_grep "^balanced  *shipped " "$VT_TMP/out"

# 4. check --profile: --workload replaces the hint; a share resolves to
# MemTotal x pct / 100 clamped; the verdict in the exit status.
cat >"$VT_TMP/share.json" <<'EOF'
{"name": "share", "description": "d", "settings": {
  "vm.min_free_kbytes": {"share_of_memory_pct": 1, "min_kb": 1024, "max_kb": 1048576}}}
EOF
memtotal=$(awk '$1 == "MemTotal:" {print $2}' "$NUMA16/proc/meminfo")
share_kb=$((memtotal / 100))
expect_exit 3 "$VMTUNE" --root "$NUMA16" check --profile "$VT_TMP/share.json" --json
python3 - "$VT_TMP/out" "$share_kb" <<'EOF' && pass || fail "share: $(head -c 400 "$VT_TMP/out")"
import json, sys
d = json.load(open(sys.argv[1]))
k = d["knobs"][0]
assert k["knob"] == "vm.min_free_kbytes" and k["expected"] == int(sys.argv[2]) and k["floor"] is True
assert k["status"] == "drift" and d["compliant"] is False and d["drifting"] == 1
assert d["workload"] == "general" and d["workload_from"] == "default"
EOF
expect_exit 3 "$VMTUNE" --root "$MISSET" check --profile database --workload hpc --json
expect_grep '"workload_from": "--workload"' "$VT_TMP/out"
expect_grep '"workload": "hpc"' "$VT_TMP/out"
# Without --profile, check is the advice's, unchanged.
expect_exit 3 "$VMTUNE" --root "$MISSET" check --workload database
expect_grep "(VMT-ZRM-001)" "$VT_TMP/out"

# 5. Files that must not be read: a FIFO (nothing blocks), a directory, a
# file too large; a FIFO under the root.
mkfifo "$VT_TMP/fifo.json"
expect_exit 1 timeout 10 "$VMTUNE" profile validate "$VT_TMP/fifo.json"
expect_grep "is not a regular file" "$VT_TMP/err"
expect_exit 1 "$VMTUNE" profile validate "$VT_TMP/"
expect_grep "is not a regular file" "$VT_TMP/err"
head -c 1100000 /dev/zero | tr '\0' ' ' >"$VT_TMP/big.json"
expect_exit 1 "$VMTUNE" profile validate "$VT_TMP/big.json"
expect_grep "larger than 1048576 bytes" "$VT_TMP/err"
rm "$ROOT/etc/vmtune/profiles/broken.json"
mkfifo "$ROOT/etc/vmtune/profiles/fifo.json"
expect_exit 1 timeout 10 "$VMTUNE" --root "$ROOT" profile show fifo
expect_exit 1 timeout 10 "$VMTUNE" --root "$ROOT" profile list
# A name is a name: no way out of the directory.
expect_exit 1 "$VMTUNE" --root "$ROOT" profile show ..
expect_grep "'..' is not a profile name" "$VT_TMP/err"

# 6. validate: exit 0 or 1, the message on stderr (JSON on stdout with --json).
for f in "$SRC"/profiles/*.json; do
	expect_exit 0 "$VMTUNE" --root "$NUMA16" profile validate "$f"
done
expect_exit 1 "$VMTUNE" --root "$NUMA16" profile validate "$SRC/tests/cli/data/profiles/unknown-knob.json" --json
python3 - "$VT_TMP/out" <<'EOF' && pass || fail "validate --json: $(head -c 300 "$VT_TMP/out")"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["valid"] is False and "line 5, column 5: unknown knob 'vm.swapiness'" in d["error"]
EOF
[ -s "$VT_TMP/err" ] && fail "validate --json wrote to stderr" || pass
finish
