#!/bin/sh
# Every committed fixture works with `status` and `status --json`.
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
echo "$n fixtures"
finish
