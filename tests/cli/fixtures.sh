#!/bin/sh
# Every committed fixture works with `status` and `status --json`; the
# Pressure line on one with PSI and one without.
. "$(dirname "$0")/lib.sh"
n=0
for meta in $(find "$VT_FIXTURES" -name vmtune-snapshot.json | sort); do
	dir=$(dirname "$meta")
	n=$((n + 1))
	expect_exit 0 "$VMTUNE" --root "$dir" status
	expect_grep '^Kernel ' "$VT_TMP/out"
	expect_exit 0 "$VMTUNE" --root "$dir" status --json
	json_valid "$VT_TMP/out" && pass || fail "$dir: status --json is not valid JSON"
	release=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["kernel_release"])' "$meta")
	expect_grep "\"release\": \"$release\"" "$VT_TMP/out"
done
[ "$n" -ge 1 ] && pass || fail "no fixtures found under $VT_FIXTURES"

# The Pressure line is the file's numbers (a guest right after a memory hog),
# and "not available" where the kernel has no PSI file, never zeros.
expect_exit 0 "$VMTUNE" --root "$VT_FIXTURES/qemu-numa2-memhog/t1" status
expect_grep '^Pressure    memory some 58.97/17.69/4.06%, full 46.96/13.63/3.11% (avg10/60/300)$' "$VT_TMP/out"
expect_exit 0 "$VMTUNE" --root "$VT_FIXTURES/qemu-numa2-memhog/t1" status --json
python3 - "$VT_TMP/out" <<'PY' && pass || fail "status --json pressure"
import json, sys
p = json.load(open(sys.argv[1]))["pressure"]
assert p["some"] == {"avg10": 58.97, "avg60": 17.69, "avg300": 4.06, "total_us": 12268109}, p
assert p["full"]["total_us"] == 9451766, p
PY
expect_exit 0 "$VMTUNE" --root "$VT_FIXTURES/handmade-6.1-stat-nopsi/t0" status
expect_grep '^Pressure    not available' "$VT_TMP/out"
expect_exit 0 "$VMTUNE" --root "$VT_FIXTURES/handmade-6.1-stat-nopsi/t0" status --json
expect_grep '"pressure": null' "$VT_TMP/out"
echo "$n fixtures"
finish
