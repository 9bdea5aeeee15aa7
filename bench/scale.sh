#!/bin/sh
# Generated whole machines of 64 nodes x 64 CPUs, 256 x 16 and 1024 x 4
# (tests/scale/gen-tree.sh; 4096 CPUs each): wall time (median of RUNS runs,
# start-up included) and peak RSS (wait4's rusage, from bench/vt-rusage) of
# status, watermarks --json, numa --json, recommend --json and export.
# Then the curve.  A machine's files do not grow linearly with its nodes:
# each node's distance row has one entry per node (n^2 numbers in all,
# 4 MiB at 1024), and numa --json prints them back as a matrix.  So the
# growth is judged against the bytes handled, read plus written: the
# marginal cost of one more MiB between 64 and 256 nodes and between 256
# and 1024, in time and in RSS.  Growth is called linear when the second
# slope is at most 1.5 times the first.  The per-node slopes are printed
# too, for reference: there the n^2 rows show.
# Run by `make bench` with VMTUNE, VT_SRCDIR, VT_BUILDDIR set.
set -eu
: "${VMTUNE:?}" "${VT_SRCDIR:?}" "${VT_BUILDDIR:?}"
RUNS=${RUNS:-7}
RUSAGE="$VT_BUILDDIR/bench/vt-rusage"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/vmtune-bench-scale.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
sizes="64x64 256x16 1024x4"
for s in $sizes; do
	sh "$VT_SRCDIR/tests/scale/gen-tree.sh" "$tmp/t${s%x*}" "${s%x*}" "${s#*x}"
done

: >"$tmp/rows"
printf 'generated machines, 4096 CPUs each; median of %d runs (start-up included), peak RSS from wait4:\n' "$RUNS"
printf '  %-18s' "nodes, input"
for s in $sizes; do
	kib=$(find "$tmp/t${s%x*}/proc" "$tmp/t${s%x*}/sys" -type f -exec cat {} + | wc -c | awk '{ printf "%d", $1 / 1024 }')
	echo "input|${s%x*}|$kib" >>"$tmp/rows"
	printf ' %4d nodes, %6d KiB' "${s%x*}" "$kib"
done
echo
for c in "status" "watermarks --json" "numa --json" "recommend --json" "export"; do
	printf '  %-18s' "$c"
	for s in $sizes; do
		n=${s%x*}
		# shellcheck disable=SC2086
		set -- $("$RUSAGE" "$RUNS" "$VMTUNE" --root "$tmp/t$n" $c)
		[ "$5" = 0 ] || { echo "vmtune $c on $n nodes exited $5"; exit 1; }
		printf ' %9.1f ms %6d KiB' "$(echo "$1" | awk '{ print $1 / 1000 }')" "$4"
		# shellcheck disable=SC2086
		out_kib=$("$VMTUNE" --root "$tmp/t$n" $c | wc -c | awk '{ printf "%.1f", $1 / 1024 }')
		echo "$c|$n|$1|$4|$out_kib" >>"$tmp/rows"
	done
	echo
done
echo "the curve: marginal cost per MiB handled (read + written) 64 -> 256 -> 1024 nodes; linear when the second slope <= 1.5 x the first:"
awk -F'|' '$1 == "input" { in_kib[$2] = $3; next }
{ t[$1, $2] = $3; r[$1, $2] = $4; o[$1, $2] = $5; if (!($1 in seen)) { seen[$1] = 1; order[++k] = $1 } }
END {
	for (i = 1; i <= k; i++) {
		c = order[i]
		for (j = 64; j <= 1024; j *= 4)
			b[j] = (in_kib[j] + o[c, j]) / 1024
		s1 = (t[c, 256] - t[c, 64]) / 1000 / (b[256] - b[64]); s2 = (t[c, 1024] - t[c, 256]) / 1000 / (b[1024] - b[256])
		m1 = (r[c, 256] - r[c, 64]) / 1024 / (b[256] - b[64]); m2 = (r[c, 1024] - r[c, 256]) / 1024 / (b[1024] - b[256])
		ts = s1 > 0 ? s2 / s1 : 0; ms = m1 > 0 ? m2 / m1 : 0
		printf "  %-18s %5.1f -> %5.1f -> %6.1f MiB; time %5.1f -> %5.1f ms/MiB (x%.2f); RSS %4.2f -> %4.2f MiB/MiB (x%.2f): %s\n",
			c, b[64], b[256], b[1024], s1, s2, ts, m1, m2, ms, (ts <= 1.5 && ms <= 1.5) ? "linear" : "NOT linear"
	}
	printf "per node instead (the n^2 distance rows included): marginal us and KiB per node, 64 -> 256 -> 1024:\n"
	for (i = 1; i <= k; i++) {
		c = order[i]
		s1 = (t[c, 256] - t[c, 64]) / 192; s2 = (t[c, 1024] - t[c, 256]) / 768
		m1 = (r[c, 256] - r[c, 64]) / 192; m2 = (r[c, 1024] - r[c, 256]) / 768
		printf "  %-18s time %7.1f -> %7.1f us/node (x%.2f), t1024/t64 %5.1f; RSS %6.1f -> %6.1f KiB/node (x%.2f), r1024/r64 %5.1f\n",
			c, s1, s2, (s1 > 0 ? s2 / s1 : 0), t[c, 1024] / t[c, 64], m1, m2, (m1 > 0 ? m2 / m1 : 0), r[c, 1024] / r[c, 64]
	}
}' "$tmp/rows"
