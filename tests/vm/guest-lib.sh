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
# free memory per node, which drifts: the capture is retried until numactl
# printed the same text just before and just after the snapshot, so that the
# file agrees with the node meminfo files in the tree.
vt_snapshot() {
	local try=0
	while :; do
		try=$((try + 1))
		[ "$(vt_nodes)" -gt 1 ] && numactl --hardware >"$1.before"
		vmtune snapshot "$1" >"$1.out" || { cat "$1.out" >&2; vt_fail "vmtune snapshot $1 failed"; }
		rm -f "$1.out"
		[ "$(vt_nodes)" -gt 1 ] || return 0
		numactl --hardware >"$1/numactl-hardware.txt" || vt_fail "numactl --hardware failed"
		if cmp -s "$1.before" "$1/numactl-hardware.txt"; then
			rm -f "$1.before"
			return 0
		fi
		[ "$try" -lt 20 ] || vt_fail "numactl --hardware kept changing around the snapshot of $1"
		rm -rf "$1" "$1.before"
		sleep 1
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

# vt_zram_swap MIB: swap on a zram device of MIB mebibytes (lzo-rle), the only
# swap a guest without disks can have.  Loads the modules once.
vt_zram_swap() {
	[ -e /sys/block/zram0 ] || {
		insmod /vt/modules/zsmalloc.ko && insmod /vt/modules/zram.ko
	} || vt_fail "cannot load zram"
	echo "${1}M" >/sys/block/zram0/disksize
	mkswap /dev/zram0 >/dev/null
	swapon /dev/zram0
}
