#!/bin/sh
# vmtune watermarks on the 6.18 host fixture, what-if, usage and runtime
# errors, and every fixture.  The whole outputs are golden cases
# (tests/cli/cases/watermarks-*.case, run by golden.tap).
. "$(dirname "$0")/lib.sh"
FIX="$VT_FIXTURES/host-6.18-uma"

# The model equals the kernel's printout on all five zones.
expect_exit 0 "$VMTUNE" --root "$FIX" watermarks --pages
expect_grep 'equal the model on all 5 zones' "$VT_TMP/out"
expect_exit 0 "$VMTUNE" --root "$FIX" watermarks
expect_grep '^  Normal *1792.0 *1410.6 *24.5 *30.6 *36.8 *42.9  exact *+1379.9  above high$' "$VT_TMP/out"

# What-if.
expect_exit 0 "$VMTUNE" --root "$FIX" watermarks --pages --min-free-kbytes 131072 --watermark-scale-factor 200
# Normal: tmp = 32768*458752/1235507 = 12166, gap = 458752*200/10000 = 9175
expect_grep '^    min *6273 *12166 *+5893$' "$VT_TMP/out"
expect_grep '^    promo *10977 *39691 *+28714$' "$VT_TMP/out"
# The legacy rule: low = min + min/4, high = min + min/2, no promo.
expect_exit 0 "$VMTUNE" --root "$FIX" watermarks --pages --kernel 4.4
expect_grep 'rule of kernel 4.4: <= 4.5' "$VT_TMP/out"
expect_grep '^    high *9409 *9409 *+0$' "$VT_TMP/out"
expect_grep '^    low *7841 *7841 *+0$' "$VT_TMP/out"
expect_exit 0 "$VMTUNE" --root "$FIX" watermarks --pages --kernel 4.4 --min-free-kbytes 100000
expect_grep '^    promo *10977 *-$' "$VT_TMP/out"

# JSON: same content, valid, nulls where the kernel prints nothing.
expect_exit 0 "$VMTUNE" --root "$FIX" watermarks --json --min-free-kbytes 131072
json_valid "$VT_TMP/out" && pass || fail "watermarks --json is not valid JSON"
python3 - "$VT_TMP/out" <<'PY' && pass || fail "watermarks JSON content"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["schema_version"] == 1
assert d["zones_matching"] == 5 and d["stale"] is False
z = d["zones"][2]
assert z["zone"] == "Normal" and z["printed"] == z["model"] == {"min": 6273, "low": 7841, "high": 9409, "promo": 10977}
assert z["protection"]["matches"] is True and z["state"] == "above_high"
assert d["zones"][3]["headroom_pages"] is None
assert d["what_if"]["min_free_kbytes"] == 131072
assert d["what_if"]["zones"][2]["new"]["min"] == 12166
assert d["min_free_kbytes_defaults"]["khugepaged"]["recommended_kb"] == 67584
PY

# Usage errors: exit 2, nothing on stdout.
for args in "--watermark-scale-factor 0" "--watermark-scale-factor 3001" "--min-free-kbytes -1" \
	"--min-free-kbytes 2147483648" "--min-free-kbytes abc" "--kernel 4.4 --watermark-scale-factor 10" \
	"--kernel 5.4 --watermark-scale-factor 2000" "--kernel nonsense" "extra"; do
	# shellcheck disable=SC2086
	expect_exit 2 "$VMTUNE" --root "$FIX" watermarks $args
	[ -s "$VT_TMP/out" ] && fail "stdout not empty for '$args'" || pass
done
expect_exit 2 "$VMTUNE" --root "$FIX" watermarks --watermark-scale-factor 3001
expect_grep "^vmtune: error: --watermark-scale-factor: 3001 is out of range for vm.watermark_scale_factor on kernel 6.18.44-fc-v669 (1..3000)" "$VT_TMP/err"
expect_exit 2 "$VMTUNE" --root "$FIX" watermarks --kernel 4.4 --watermark-scale-factor 10
expect_grep "vm.watermark_scale_factor does not exist on kernel 4.4" "$VT_TMP/err"

# Runtime errors: a tree without zoneinfo, truncated or garbled zoneinfo.
cp -r "$FIX" "$VT_TMP/tree"
rm "$VT_TMP/tree/proc/zoneinfo"
expect_exit 1 "$VMTUNE" --root "$VT_TMP/tree" watermarks
expect_grep "^vmtune: error: $VT_TMP/tree/proc/zoneinfo: not available" "$VT_TMP/err"
[ -s "$VT_TMP/out" ] && fail "stdout not empty without zoneinfo" || pass
expect_exit 0 "$VMTUNE" --root "$VT_TMP/tree" status
expect_grep '^Zones       not available' "$VT_TMP/out"
head -c 3000 "$FIX/proc/zoneinfo" >"$VT_TMP/tree/proc/zoneinfo"
expect_exit 1 "$VMTUNE" --root "$VT_TMP/tree" watermarks
expect_grep "proc/zoneinfo: line .*file truncated" "$VT_TMP/err"
expect_exit 1 "$VMTUNE" --root "$VT_TMP/tree" status
sed 's/^        min      10569$/        min      lots/' "$FIX/proc/zoneinfo" >"$VT_TMP/tree/proc/zoneinfo"
expect_exit 1 "$VMTUNE" --root "$VT_TMP/tree" watermarks
expect_grep "zone DMA32): bad value 'lots' for 'min'" "$VT_TMP/err"
sed 's/managed  [0-9]*/managed  0/' "$FIX/proc/zoneinfo" >"$VT_TMP/tree/proc/zoneinfo"
expect_exit 1 "$VMTUNE" --root "$VT_TMP/tree" watermarks
expect_grep "no managed pages in any lowmem zone" "$VT_TMP/err"

# status: one zone line per node.
expect_exit 0 "$VMTUNE" --root "$FIX" status
expect_grep '^Zones       node 0: 3 of 5 zones populated, free 4.3 GiB of 4.7 GiB, min/low/high 66.1/82.6/99.1 MiB, all above high$' "$VT_TMP/out"

# Two nodes in different states (HAND-MADE 5.10 layout, no promo, no boost).
H510="$VT_FIXTURES/handmade-5.10-numa2"
expect_exit 0 "$VMTUNE" --root "$H510" status
expect_grep '^Zones       node 0: 3 of 5 zones populated, .*, Normal min..low (kswapd woken)$' "$VT_TMP/out"
expect_grep '^            node 1: 1 of 5 zones populated, free 11.7 MiB of 7.9 GiB, .*, Normal below min (direct reclaim)$' "$VT_TMP/out"
expect_exit 0 "$VMTUNE" --root "$H510" status --json
python3 -c 'import json,sys; z=json.load(open(sys.argv[1]))["zones"]; sys.exit(0 if [x["state"] for x in z] == ["min_to_low", "below_min"] and z[1]["free_pages"] == 3000 else 1)' \
	"$VT_TMP/out" && pass || fail "status --json zones on handmade-5.10-numa2"
expect_exit 0 "$VMTUNE" --root "$H510" watermarks --pages
expect_grep '^  Normal *2064384 *3000 *9961 *51248 *92535 *-  exact *-48248  below min (direct reclaim)$' "$VT_TMP/out"
expect_grep '^Rule        4.6-5.17' "$VT_TMP/out"
expect_exit 0 "$VMTUNE" --root "$VT_FIXTURES/handmade-4.4-legacy" watermarks --pages
expect_grep '^Rule        <= 4.5' "$VT_TMP/out"
expect_grep 'no vm.watermark_scale_factor before 4.6' "$VT_TMP/out"
expect_grep 'equal the model on all 3 zones' "$VT_TMP/out"

# Every fixture: exit 0, valid JSON; captured after a write: exact.
n=0
for zi in $(find "$VT_FIXTURES" -path '*/proc/zoneinfo' | sort); do
	dir=${zi%/proc/zoneinfo}
	n=$((n + 1))
	expect_exit 0 "$VMTUNE" --root "$dir" watermarks --json
	json_valid "$VT_TMP/out" && pass || fail "$dir: invalid JSON"
	case "$dir" in
	*-mfk*|*-wsf*)
		python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); sys.exit(0 if not d["stale"] and d["zones_matching"] == d["zones_compared"] else 1)' \
			"$VT_TMP/out" && pass || fail "$dir: model differs from the printout after a write"
		;;
	esac
	expect_exit 0 "$VMTUNE" --root "$dir" status
	expect_grep '^Zones       node ' "$VT_TMP/out"
done
[ "$n" -ge 4 ] && pass || fail "only $n fixtures with zoneinfo"

# A real boost (qemu*-numa2-boosted, tests/vm/tests/watermark-boost): 5.10
# adds it unprinted and vmtune infers it from the offset alone; 6.1 prints
# it.  Either way every zone matches the model.
for tree in qemu510-numa2-boosted:1:18309 qemu-numa2-boosted:0:18282; do
	expect_exit 0 "$VMTUNE" --root "$VT_FIXTURES/${tree%%:*}" watermarks --json
	python3 - "$VT_TMP/out" "${tree#*:}" <<'PY' && pass || fail "${tree%%:*}: the boost"
import json, sys
d = json.load(open(sys.argv[1]))
inferred, boost = (int(x) for x in sys.argv[2].split(":"))
assert d["zones_matching"] == d["zones_compared"] == 10 and not d["stale"], d["zones_matching"]
z = [z for z in d["zones"] if z["node"] == 0 and z["zone"] == "DMA32"][0]
assert z["boost"] == boost and z["boost_inferred"] == bool(inferred), z
PY
done
expect_exit 0 "$VMTUNE" --root "$VT_FIXTURES/qemu510-numa2-boosted" watermarks
expect_grep '^    boosted by 18309 pages: printed - model is the same on min, low and high,$' "$VT_TMP/out"

# Across captures of one guest boot: the what-if computed from one capture
# ("-mfkA-wsfB") must be exactly what the kernel printed in another capture
# after writing those values ("-mfkC-wsfD"), read from the raw zoneinfo.
pairs=0
for src in "$VT_FIXTURES"/qemu*-mfk*-wsf*; do
	for dst in "$VT_FIXTURES"/qemu*-mfk*-wsf*; do
		[ "$src" != "$dst" ] && [ "${src%-mfk*}" = "${dst%-mfk*}" ] || continue
		mfk=${dst##*-mfk}
		wsf=${mfk##*-wsf}
		mfk=${mfk%%-wsf*}
		pairs=$((pairs + 1))
		expect_exit 0 "$VMTUNE" --root "$src" watermarks --json --min-free-kbytes "$mfk" --watermark-scale-factor "$wsf"
		python3 - "$VT_TMP/out" "$dst/proc/zoneinfo" <<'PY' && pass || fail "what-if from $src differs from $dst"
import json, re, sys
pred = json.load(open(sys.argv[1]))["what_if"]["zones"]
got, cur = [], None
for line in open(sys.argv[2]):
    m = re.match(r"Node (\d+), zone\s+(\S+)$", line.rstrip("\n"))
    if m:
        cur = {"node": int(m.group(1)), "zone": m.group(2)}
        got.append(cur)
        continue
    t = line.split()
    if cur is not None and len(t) == 2 and t[0] in ("min", "low", "high", "promo", "boost") and t[0] not in cur:
        cur[t[0]] = int(t[1])
assert len(got) == len(pred), (len(got), len(pred))
for p, z in zip(pred, got):
    b = z.get("boost", 0)
    assert (p["node"], p["zone"]) == (z["node"], z["zone"])
    assert [p["new"][k] for k in ("min", "low", "high")] == [z[k] - b for k in ("min", "low", "high")], (p, z)
    if "promo" in z:                    # printed from 6.12
        assert p["new"]["promo"] == z["promo"] - b, (p, z)
PY
	done
done
[ "$pairs" -ge 6 ] && pass || fail "only $pairs cross-capture predictions"
echo "$pairs cross-capture what-if predictions"
finish
