#!/bin/sh
# vmtune oom on this machine's live /proc (read only): helper processes of
# our own touch 16, 64, 128 and 32 MiB, with oom_score_adj raised by choom
# (raising needs no privilege and writes no sysctl) to 500, 0, 0 and 200.
# vmtune's predicted oom_score of each helper must equal what the kernel
# prints in /proc/PID/oom_score, read here independently, and vmtune's order
# of the helpers must be the kernel's.  A helper's memory can move between
# the two reads (a page fault, the per-CPU RSS counters): then the round is
# run again, up to 5 times.  No timing is asserted.
. "$(dirname "$0")/lib.sh"
unset VMTUNE_ROOT
for tool in perl choom python3; do
	command -v $tool >/dev/null 2>&1 || { echo "skipped: no $tool"; exit 77; }
done
[ -r /proc/self/oom_score ] || { echo "skipped: no /proc/self/oom_score"; exit 77; }

pids=""
trap 'kill $pids 2>/dev/null; rm -rf "$VT_TMP"' EXIT
for spec in 16:500 64:0 128:0 32:200; do
	mib=${spec%%:*}
	adj=${spec#*:}
	# Touches every page, says so, then sleeps until killed.
	choom -n "$adj" -- perl -e '$x = "a" x ($ARGV[0] * 1048576); open(F, ">", $ARGV[1]); close F; sleep 600' \
		"$mib" "$VT_TMP/ready.$mib" &
	pids="$pids $!"
done
# Wait (at most a minute: a hang becomes a failure, not a timing assert).
n=0
while [ "$(ls "$VT_TMP"/ready.* 2>/dev/null | wc -l)" -lt 4 ] && [ $n -lt 600 ]; do
	sleep 0.1
	n=$((n + 1))
done
[ "$(ls "$VT_TMP"/ready.* 2>/dev/null | wc -l)" = 4 ] && pass || { fail "helpers did not start"; finish; }

round=0
while :; do
	round=$((round + 1))
	timeout 60 "$VMTUNE" oom --json >"$VT_TMP/out" 2>"$VT_TMP/err" || { fail "vmtune oom: $(cat "$VT_TMP/err")"; break; }
	for p in $pids; do
		echo "$p $(cat /proc/$p/oom_score)"
	done >"$VT_TMP/kernel"
	if python3 - "$VT_TMP/out" "$VT_TMP/kernel" $pids >"$VT_TMP/why" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1]))
kernel = dict(tuple(map(int, l.split())) for l in open(sys.argv[2]))
helpers = [int(p) for p in sys.argv[3:]]
ranked = {p["pid"]: p for p in doc["processes"]}
bad = []
for pid in helpers:
    p = ranked.get(pid)
    if p is None:
        bad.append("helper %d not ranked" % pid)
    elif p["predicted_oom_score"] != kernel[pid] or p["oom_score"] != kernel[pid]:
        bad.append("helper %d: predicted %d, vmtune read %s, kernel now %d"
                   % (pid, p["predicted_oom_score"], p["oom_score"], kernel[pid]))
order = [p["pid"] for p in doc["processes"] if p["pid"] in helpers]
scores = [kernel[p] for p in order]
if scores != sorted(scores, reverse=True):
    bad.append("vmtune's order %s has kernel oom_scores %s" % (order, scores))
# adj 500 on 16 MiB outranks 128 MiB at adj 0 (one adj step is
# totalpages/1000 pages), whatever the machine's size.
if order and order[0] != helpers[0]:
    bad.append("the 16 MiB helper at adj 500 is not first: %s" % order)
print("; ".join(bad))
sys.exit(1 if bad else 0)
PY
	then
		pass
		echo "round $round: $(cat "$VT_TMP/kernel" | tr '\n' ' ')"
		break
	fi
	if [ $round -ge 5 ]; then
		fail "after $round rounds: $(cat "$VT_TMP/why")"
		break
	fi
done
finish
