#!/bin/sh
# Hostile inputs sized to blow up time or memory: each case is one check, run
# under `timeout 60` so that a cost that grows too fast fails instead of
# hanging the suite.  The inputs are made in $VT_TMP and removed after use.
. "$(dirname "$0")/lib.sh"
F=$VT_FIXTURES

# scale_case WHAT SCRIPT ARGS...: SCRIPT (sh -c, with ARGS as $1...) must
# succeed within 60 s.
scale_case() {
	what=$1
	shift
	if timeout 60 sh -c "$@" >"$VT_TMP/case.out" 2>&1; then
		pass
	else
		fail "$what: $(head -c 400 "$VT_TMP/case.out")"
	fi
}

# -- cpulist: 64 KiB of "0-65535," repeated (one node holding every CPU, so
# the tree stays consistent).  Expanding each item cost 65536 ids, the lot
# minutes; merged as ranges it is one range.
T="$VT_TMP/cpulist"
cp -r "$F/host-6.18-uma" "$T"
awk 'BEGIN { for (i = 0; i < 8191; i++) printf "%s0-65535", i ? "," : ""; print "" }' >"$T/sys/devices/system/cpu/online"
cp "$T/sys/devices/system/cpu/online" "$T/sys/devices/system/node/node0/cpulist"
awk 'BEGIN { for (i = 0; i < 2048; i++) printf "%sffffffff", i ? "," : ""; print "" }' >"$T/sys/devices/system/node/node0/cpumap"
scale_case "64 KiB cpulists of repeated wide ranges" '
	"$1" --root "$2" numa --json | grep -q "\"cpu_count\": 65536," &&
	"$1" --root "$2" numa >/dev/null && "$1" --root "$2" status >/dev/null' sh "$VMTUNE" "$T"
rm -rf "$T"
finish
