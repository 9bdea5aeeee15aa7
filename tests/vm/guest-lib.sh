# Helpers for guest scripts, sourced before each one runs (busybox sh, with
# -e and -u).  The script's working directory is $OUT; everything it leaves
# there comes back to the host.  See tests/vm/README.

vt_fail() {
	echo "FAIL: $*" >&2
	exit 1
}

# Number of online NUMA nodes.
vt_nodes() {
	ls -d /sys/devices/system/node/node[0-9]* | wc -l
}

# vt_snapshot DIR: `vmtune snapshot DIR`, plus numactl-hardware.txt at the top
# of DIR on multi-node guests (the oracle for NUMA tests).  numactl prints
# each node's free memory in MB, which drifts while the snapshot is written:
# numactl runs just before the snapshot, and the capture is retried until the
# sizes and free amounts it printed are those of the node meminfo files in
# the tree (kB / 1024, rounded down, as numactl computes them).
vt_snapshot() {
	local try=0
	while :; do
		try=$((try + 1))
		[ "$(vt_nodes)" -gt 1 ] && { numactl --hardware >"$1.numactl" || vt_fail "numactl --hardware failed"; }
		vmtune snapshot "$1" >"$1.out" || { cat "$1.out" >&2; vt_fail "vmtune snapshot $1 failed"; }
		rm -f "$1.out"
		[ "$(vt_nodes)" -gt 1 ] || return 0
		for m in "$1"/sys/devices/system/node/node[0-9]*/meminfo; do
			awk '$3 == "MemTotal:" { printf "node %d size: %d MB\n", $2, int($4 / 1024) }
			     $3 == "MemFree:" { printf "node %d free: %d MB\n", $2, int($4 / 1024) }' "$m"
		done >"$1.tree"
		if grep -E '^node [0-9]+ (size|free):' "$1.numactl" | cmp -s - "$1.tree"; then
			mv "$1.numactl" "$1/numactl-hardware.txt"
			rm -f "$1.tree"
			return 0
		fi
		[ "$try" -lt 20 ] || vt_fail "numactl --hardware never agreed with the snapshot of $1"
		echo "vt_snapshot $1: free memory moved during the snapshot, retrying" >&2
		rm -rf "$1" "$1.numactl" "$1.tree"
	done
}

# vt_vmstat NAME: a counter from /proc/vmstat (0 when the kernel has none).
vt_vmstat() {
	awk -v k="$1" '$1 == k { print $2; found = 1 } END { if (!found) print 0 }' /proc/vmstat
}

# vt_vmstat_sum PREFIX: the sum of every /proc/vmstat counter starting with
# PREFIX (allocstall_ has one per zone type).
vt_vmstat_sum() {
	awk -v p="$1" 'index($1, p) == 1 { s += $2 } END { print s + 0 }' /proc/vmstat
}

# vt_zram_swap MIB: swap on a zram device of MIB mebibytes (the kernel's
# default compressor: lzo-rle on 6.1, lz4 on Debian's 6.12), the only swap a
# guest without disks can have.  Loads the modules once, in the order the
# host found their dependencies in (zsmalloc is built into 6.12).
vt_zram_swap() {
	local m
	if [ ! -e /sys/block/zram0 ]; then
		for m in $(cat /vt/modules/load-order); do
			insmod "/vt/modules/$m.ko" || vt_fail "cannot load module $m for zram"
		done
	fi
	# An earlier test of the same boot may have set it up: start afresh
	# (disksize can only be set on a reset device).
	if grep -q '^/dev/zram0 ' /proc/swaps; then
		swapoff /dev/zram0 || vt_fail "cannot swapoff the zram device an earlier test left"
	fi
	[ "$(cat /sys/block/zram0/disksize)" = 0 ] || echo 1 >/sys/block/zram0/reset
	echo "${1}M" >/sys/block/zram0/disksize
	mkswap /dev/zram0 >/dev/null
	swapon /dev/zram0
}

# vt_predict_writes MFK:WSF...: for each pair, `vmtune watermarks --json`
# predicts the watermarks (predict-N.json), the pair is written through the
# root handle, the kernel's printout is kept (zoneinfo-N, pair-N), and vmtune
# must then call its printout exact, not stale (after-N.json).  For
# watermarks-predict.host.
vt_predict_writes() {
	local i=0 pair mfk wsf
	for pair in "$@"; do
		mfk=${pair%:*}
		wsf=${pair#*:}
		i=$((i + 1))
		vmtune watermarks --json --min-free-kbytes "$mfk" --watermark-scale-factor "$wsf" \
			>"predict-$i.json" || vt_fail "vmtune watermarks (prediction $mfk/$wsf) failed"
		vt-sysctl set vm.min_free_kbytes "$mfk" >/dev/null
		vt-sysctl set vm.watermark_scale_factor "$wsf" >/dev/null
		cp /proc/zoneinfo "zoneinfo-$i"
		echo "$mfk $wsf" >"pair-$i"
		vmtune watermarks --json >"after-$i.json" || vt_fail "vmtune watermarks after $mfk/$wsf failed"
		grep -q '"stale": false' "after-$i.json" || vt_fail "printout differs from the model after writing $mfk/$wsf"
	done
}

# vt_runs_here SCRIPT: does SCRIPT's "# vm-topologies:" line name this guest's
# topology (or all)?
vt_runs_here() {
	local t
	for t in $(sed -n 's/^# vm-topologies:[[:space:]]*//p' "$1"); do
		[ "$t" = all ] || [ "$t" = "$VT_TOPOLOGY" ] && return 0
	done
	return 1
}

# vt_recapture PARAMS: rerun, into ./cap, the fixture capture scripts meant
# for this topology whose "# vm-append:" is PARAMS ("" for none), except the
# memory hog, whose counters are not reproducible.  For fixture-match tests.
vt_recapture() {
	local s a
	mkdir -p cap
	for s in /vt/capture/*.guest; do
		case $s in *memhog*) continue ;; esac
		vt_runs_here "$s" || continue
		a=$(sed -n 's/^# vm-append:[[:space:]]*//p' "$s" | head -n 1)
		[ "$a" = "$1" ] || continue
		(cd cap && . "$s") || vt_fail "$s failed"
	done
}
