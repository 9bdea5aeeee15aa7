# Host side of the QEMU guest harness, sourced by tests/vm/check-vm,
# tests/vm/capture-fixtures and tests/vm/boot.  See tests/vm/README.
#
# Inputs (environment):
#   VT_SRCDIR     source tree (default: two levels above this file)
#   VT_BUILDDIR   build tree holding src/vmtune and tests/vm/vt-* (default: .)
#   VT_VM_CACHE   where the Debian kernel is unpacked
#                 (default: ${XDG_CACHE_HOME:-$HOME/.cache}/vmtune-vm)
#   VT_VM_SERIES  a Debian kernel series (6.12: linux-image-6.12-amd64) to boot
#                 instead of the one linux-image-amd64 depends on (6.1)
#   VT_VM_KERNEL  a kernel image to use instead of Debian's linux-image-amd64
#   VT_VM_TIMEOUT seconds one boot may take before it is killed (default 300;
#                 at least a minute more than its longest # vm-timeout)
#   VT_VM_KEEP    non-empty: keep the staging directories
#   VT_VM_QEMU    the QEMU binary (default qemu-system-x86_64)

vm_die() {
	echo "vm: error: $*" >&2
	exit 1
}

vm_log() {
	echo "vm: $*" >&2
}

: "${VT_SRCDIR:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${VT_BUILDDIR:=$(pwd)}"
: "${VT_VM_CACHE:=${XDG_CACHE_HOME:-$HOME/.cache}/vmtune-vm}"
: "${VT_VM_TIMEOUT:=300}"
VM_DIR="$VT_SRCDIR/tests/vm"
VM_QEMU=${VT_VM_QEMU:-qemu-system-x86_64}

# Tools copied into every guest, with the shared libraries ldd names, when
# the host has them: oracles for exactness tests (numactl, numastat, sar) and
# the test tools built with vmtune.
VM_HOST_TOOLS="/usr/bin/numactl /usr/bin/numastat /usr/bin/sar /usr/lib/sysstat/sadc /usr/bin/vmstat"
# Modules the guests load, by module name (guest-lib.sh's vt_zram_swap: swap
# on zram, the only swap a guest without disks can have).  The modules they
# depend on come along; those built into the kernel are left out.
VM_MODULES="zram"

# Why QEMU cannot run here, or nothing.
vm_cannot_run() {
	command -v "$VM_QEMU" >/dev/null 2>&1 ||
		{ echo "$VM_QEMU is not installed (script/bootstrap installs qemu-system-x86)"; return; }
	command -v busybox >/dev/null 2>&1 && busybox --list 2>/dev/null | grep -qx ash ||
		{ echo "busybox is not installed (script/bootstrap installs busybox-static)"; return; }
	command -v cpio >/dev/null 2>&1 || { echo "cpio is not installed"; return; }
}

# Kernel series that Debian 12 does not carry, and the older suite that
# does: 5.10 is Debian 11's (bullseye main: linux-image-amd64 depends on
# 5.10.0-32, 5.10.223, since the last point release).
vm_series_suite() {
	case $1 in
	5.10) echo bullseye ;;
	esac
}

# vm_apt_suite SUITE: sets VM_APT_OPTS to an apt configuration of its own
# for SUITE (sources, lists and cache under $VT_VM_CACHE/apt-SUITE), so that
# the machine's sources stay as they are: the suite serves the download only.
# Its lists are fetched once a day.
vm_apt_suite() {
	local d="$VT_VM_CACHE/apt-$1"
	VM_APT_OPTS="-o Dir::Etc::SourceList=$d/sources.list -o Dir::Etc::SourceParts=$d/none
 -o Dir::State::Lists=$d/lists -o Dir::Cache=$d/cache -o APT::Get::List-Cleanup=0"
	mkdir -p "$d/lists/partial" "$d/cache/archives/partial" "$d/none" ||
		vm_die "cannot create $d"
	echo "deb http://deb.debian.org/debian $1 main" >"$d/sources.list"
	[ -n "$(find "$d/lists" -maxdepth 1 -name '*_Packages' -mtime -1 2>/dev/null)" ] && return 0
	vm_log "fetching Debian $1's package lists into $d"
	# shellcheck disable=SC2086
	apt-get $VM_APT_OPTS update >"$d/update.log" 2>&1 ||
		vm_die "apt-get update for Debian $1 failed: $(tail -n 3 "$d/update.log")"
}

# The kernel package that Debian meta package $1 depends on (apt-cache).
vm_kernel_depends() {
	# shellcheck disable=SC2086
	apt-cache ${VM_APT_OPTS:-} depends "$1" 2>/dev/null |
		sed -n 's/^ *Depends: \(linux-image-[0-9][^ ]*\)$/\1/p' | head -n 1
}

# vm_kernel_module TREE NAME OUTDIR: copies module NAME from the unpacked
# module tree TREE (lib/modules/<release>) to OUTDIR/NAME.ko, uncompressed
# (Debian's 6.12 ships .ko.xz), after the modules its modinfo "depends="
# names, and appends NAME to OUTDIR/load-order: the order insmod needs.
# Modules built in (modules.builtin) are skipped: 6.12 has zsmalloc built in.
vm_kernel_module() {
	local tree="$1" name="$2" out="$3" pat file dep
	grep -qx "$name" "$out/load-order" && return 0
	# Module names say _ where file names may say -.
	pat=$(echo "$name" | sed 's/[-_]/[-_]/g')
	grep -q "/$pat\.ko\$" "$tree/modules.builtin" 2>/dev/null && return 0
	file=$(find "$tree/kernel" -name '*.ko*' | grep "/$pat\.ko\(\.xz\|\.zst\|\.gz\)\{0,1\}\$" | head -n 1)
	[ -n "$file" ] || { echo "vm: error: no module $name in $tree" >&2; return 1; }
	case $file in
	*.xz) xz -dc "$file" ;;
	*.zst) zstd -dcq "$file" ;;
	*.gz) gzip -dc "$file" ;;
	*) cat "$file" ;;
	esac >"$out/$name.ko" || { echo "vm: error: cannot uncompress $file" >&2; return 1; }
	for dep in $(tr '\0' '\n' <"$out/$name.ko" | sed -n 's/^depends=//p' | head -n 1 | tr , ' '); do
		vm_kernel_module "$tree" "$dep" "$out" || return 1
	done
	echo "$name" >>"$out/load-order"
}

# Is cache entry $1 complete (in this layout: modules with their load order)?
vm_kernel_cached() {
	[ -f "$1/complete" ] && [ -f "$1/modules/load-order" ]
}

# The release the $VM_PREFIX-* fixtures were captured on, from their boot
# trees ("" when there are none).
vm_fixture_release() {
	cat "$VT_SRCDIR"/tests/fixtures/"$VM_PREFIX"-*-boot/proc/sys/kernel/osrelease 2>/dev/null |
		LC_ALL=C sort -u | head -n 1
}

# vm_kernel_pin PKG: sets pkg to the kernel package the fixtures were
# captured on while the archive still serves it (Debian replaces a series'
# build every few weeks; the fixtures should not follow its schedule), else
# leaves PKG and says so.  VM_FIXTURE_RELEASE is set either way, and
# VM_PINNED says whether the guest boots it.  VT_VM_PIN=0 (capture-fixtures)
# boots the current build.
vm_kernel_pin() {
	VM_FIXTURE_RELEASE=$(vm_fixture_release)
	VM_PINNED=no
	[ -n "$VM_FIXTURE_RELEASE" ] || return 0
	if [ "linux-image-$VM_FIXTURE_RELEASE" = "$1" ]; then
		VM_PINNED=yes
		return 0
	fi
	[ "${VT_VM_PIN:-1}" = 1 ] || return 0
	# shellcheck disable=SC2086
	if LC_ALL=C apt-cache $VM_APT_OPTS show "linux-image-$VM_FIXTURE_RELEASE" >/dev/null 2>&1; then
		vm_log "booting $VM_FIXTURE_RELEASE, the release the $VM_PREFIX-* fixtures were captured on (the archive's current one is ${1#linux-image-})"
		pkg=linux-image-$VM_FIXTURE_RELEASE
		VM_PINNED=yes
	else
		vm_log "linux-image-$VM_FIXTURE_RELEASE (the $VM_PREFIX-* fixtures' release) is gone from the archive: booting ${1#linux-image-}; fixture-match compares what does not depend on the build"
	fi
}

# Sets VM_KERNEL (image), VM_KVER (release), VM_KMODS (modules and their
# load-order), VM_SERIES (the VT_VM_SERIES booted, e.g. 6.12; empty for the
# default kernel) and VM_PREFIX (fixture trees: qemu for the default kernel,
# qemu612 for 6.12).  The default is the kernel Debian's linux-image-amd64
# depends on; VT_VM_SERIES=6.12 (make VM_KERNEL=6.12) takes the one
# linux-image-6.12-amd64 depends on instead.  Each release is downloaded and
# unpacked once into its own cache entry.  Only apt is used: the CI machine
# reaches nothing else.
vm_kernel() {
	local pkg meta dir tmp msg m suite
	VM_SERIES=
	VM_PREFIX=qemu
	if [ -n "${VT_VM_KERNEL:-}" ]; then
		[ -f "$VT_VM_KERNEL" ] || vm_die "VT_VM_KERNEL=$VT_VM_KERNEL: no such file"
		VM_KERNEL=$VT_VM_KERNEL
		VM_KVER=$(basename "$VT_VM_KERNEL" | sed 's/^vmlinuz-//')
		VM_KMODS=$(dirname "$VT_VM_KERNEL")/modules
		return 0
	fi
	VM_APT_OPTS=
	suite=$(vm_series_suite "${VT_VM_SERIES:-}")
	[ -z "$suite" ] || vm_apt_suite "$suite"
	pkg=$(vm_kernel_depends linux-image-amd64)
	[ -n "$pkg" ] || vm_die "cannot resolve linux-image-amd64 to a kernel package (apt-cache depends linux-image-amd64 failed; run apt-get update)"
	case ${VT_VM_SERIES:-} in
	'') ;;
	"$(echo "$pkg" | sed -n 's/^linux-image-\([0-9]*\.[0-9]*\)\..*/\1/p')")
		# Another suite's default kernel (5.10 from bullseye).
		if [ -n "$suite" ]; then
			VM_SERIES=$VT_VM_SERIES
			VM_PREFIX=qemu$(echo "$VT_VM_SERIES" | tr -d .)
		fi
		;;
	*[!0-9.]*|.*|*.|*..*|*.*.*) vm_die "VM_KERNEL=$VT_VM_SERIES: want a kernel series such as 6.12" ;;
	*.*)
		# The default kernel's own series is the default, fixtures and all.
		case $pkg in
		linux-image-"$VT_VM_SERIES".*) ;;
		*)
			meta=linux-image-$VT_VM_SERIES-amd64
			pkg=$(vm_kernel_depends "$meta")
			[ -n "$pkg" ] || vm_die "VM_KERNEL=$VT_VM_SERIES: cannot resolve $meta to a kernel package (apt-cache depends $meta found none; run apt-get update)"
			VM_SERIES=$VT_VM_SERIES
			VM_PREFIX=qemu$(echo "$VT_VM_SERIES" | tr -d .)
			;;
		esac
		;;
	*) vm_die "VM_KERNEL=$VT_VM_SERIES: want a kernel series such as 6.12" ;;
	esac
	vm_kernel_pin "$pkg"
	VM_KVER=${pkg#linux-image-}
	dir="$VT_VM_CACHE/$VM_KVER"
	VM_KERNEL="$dir/vmlinuz"
	VM_KMODS="$dir/modules"
	vm_kernel_cached "$dir" && return 0
	vm_log "fetching $pkg with apt-get download into $dir"
	# Unpack beside the cache entry and rename it into place at the end, so
	# that two runs at once (or an interrupted one) never see half a kernel.
	mkdir -p "$VT_VM_CACHE" || vm_die "cannot create $VT_VM_CACHE"
	tmp=$(mktemp -d "$VT_VM_CACHE/.fetch.XXXXXX") || vm_die "cannot create a directory in $VT_VM_CACHE"
	mkdir "$tmp/deb"
	# shellcheck disable=SC2086
	(cd "$tmp/deb" && apt-get $VM_APT_OPTS download "$pkg" >/dev/null 2>"$tmp/apt.err") ||
		{ msg=$(tail -n 3 "$tmp/apt.err"); rm -rf "$tmp"; vm_die "apt-get download $pkg failed: $msg"; }
	dpkg -x "$tmp"/deb/*.deb "$tmp/x" || { rm -rf "$tmp"; vm_die "dpkg -x of $pkg failed"; }
	cp "$tmp/x/boot/vmlinuz-$VM_KVER" "$tmp/vmlinuz" ||
		{ rm -rf "$tmp"; vm_die "$pkg has no boot/vmlinuz-$VM_KVER"; }
	cp "$tmp/x/boot/config-$VM_KVER" "$tmp/config"
	mkdir -p "$tmp/modules"
	: >"$tmp/modules/load-order"
	for m in $VM_MODULES; do
		vm_kernel_module "$tmp/x/lib/modules/$VM_KVER" "$m" "$tmp/modules" ||
			{ rm -rf "$tmp"; vm_die "cannot take module $m from $pkg"; }
	done
	# The unpacked package is 400 MB of modules; keep only what is used.
	rm -rf "$tmp/x" "$tmp/deb" "$tmp/apt.err"
	touch "$tmp/complete"
	chmod 755 "$tmp"
	# Another run may have won the race: then its copy is as good as ours.
	vm_kernel_cached "$dir" || { rm -rf "$dir"; mv -T "$tmp" "$dir"; } 2>/dev/null
	rm -rf "$tmp"
	vm_kernel_cached "$dir" || vm_die "cannot install the kernel into $dir"
}

# Copies binary $1 into staging root $2 at path $3 (default: the same path),
# with every shared library ldd names (static binaries need none).
vm_copy_binary() {
	local dest="${3:-$1}" lib
	mkdir -p "$2$(dirname "$dest")" && cp -L "$1" "$2$dest" || vm_die "cannot copy $1"
	ldd "$1" 2>/dev/null | sed -n 's/.*=> \(\/[^ ]*\) .*/\1/p; s/^[[:space:]]*\(\/[^ ]*\) (.*/\1/p' |
	while read -r lib; do
		[ -f "$2$lib" ] && continue
		mkdir -p "$2$(dirname "$lib")" && cp -L "$lib" "$2$lib" || exit 1
	done || vm_die "cannot copy the libraries of $1"
}

# Builds the part of the initramfs shared by every boot into $1:
# busybox, init, the guest library, vmtune and the test tools, host tools,
# zram modules.
vm_base_initramfs() {
	local out="$1" stage="$1.d" busybox_path applet tool
	rm -rf "$stage" && mkdir -p "$stage" || vm_die "cannot create $stage"
	for d in bin dev proc sys tmp out vt/run vt/modules etc; do mkdir -p "$stage/$d"; done
	busybox_path=$(command -v busybox)
	LC_ALL=C ldd "$busybox_path" 2>&1 | grep -q 'not a dynamic executable' ||
		vm_die "$busybox_path is not statically linked (install busybox-static)"
	cp "$busybox_path" "$stage/bin/busybox"
	for applet in $(busybox --list); do
		[ -e "$stage/bin/$applet" ] || ln -s busybox "$stage/bin/$applet"
	done
	cp "$VM_DIR/init" "$stage/init" && chmod 755 "$stage/init"
	cp "$VM_DIR/guest-lib.sh" "$stage/vt/guest-lib.sh"
	# The capture scripts, for tests that check the fixtures still hold.
	mkdir -p "$stage/vt/capture" && cp "$VM_DIR"/capture/*.guest "$stage/vt/capture/"
	# The shipped profiles, for VMTUNE_PROFILE_DIR=/vt/profiles.
	mkdir -p "$stage/vt/profiles" && cp "$VT_SRCDIR"/profiles/*.json "$stage/vt/profiles/"
	for tool in src/vmtune tests/vm/vt-sysctl tests/vm/vt-memhog tests/vm/vt-boost; do
		[ -x "$VT_BUILDDIR/$tool" ] || vm_die "$VT_BUILDDIR/$tool is not built (run make check-vm, which builds it)"
		vm_copy_binary "$VT_BUILDDIR/$tool" "$stage" "/bin/$(basename "$tool")"
	done
	# Same paths as on the host: sar runs sadc from its compiled-in path.
	for tool in $VM_HOST_TOOLS; do
		[ -x "$tool" ] && vm_copy_binary "$tool" "$stage"
	done
	cp "$VM_KMODS"/*.ko "$stage/vt/modules/" || vm_die "no kernel modules in $VM_KMODS"
	# A VT_VM_KERNEL directory may come without a load order: 6.1's.
	if [ -f "$VM_KMODS/load-order" ]; then
		cp "$VM_KMODS/load-order" "$stage/vt/modules/"
	else
		printf 'zsmalloc\nzram\n' >"$stage/vt/modules/load-order"
	fi
	echo "$VM_KVER" >"$stage/vt/kernel-release"
	(cd "$stage" && find . | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet) | gzip -1 >"$out" ||
		vm_die "cpio of $stage failed"
	[ -n "${VT_VM_KEEP:-}" ] || rm -rf "$stage"
}

# Reads topology $1 and sets VM_QEMU_ARGS, VM_CPUS, VM_MEM (MiB), VM_APPEND.
vm_topology() {
	local topo_file="$VM_DIR/topologies/$1"
	[ -f "$topo_file" ] || vm_die "unknown topology '$1' (no $topo_file)"
	eval "$(awk -v file="$topo_file" '
		function mib(s,   n) {
			n = s + 0
			if (s ~ /^[0-9]+G$/) return n * 1024
			if (s ~ /^[0-9]+M$/) return n
			printf "vm_die \"%s:%d: bad size %s (want <n>G or <n>M)\"\n", file, NR, s
			exit 1
		}
		function bad(   ) {
			printf "vm_die \"%s:%d: cannot parse: %s\"\n", file, NR, $0
			exit 1
		}
		/^[ \t]*(#|$)/ { next }
		$1 == "cpus" && NF == 2 { cpus = $2; next }
		$1 == "memory" && NF == 2 { mem = mib($2); next }
		$1 == "machine" && NF == 2 && $2 ~ /^hmat=(on|off)$/ { args = args " -machine " $2; next }
		$1 == "node" && NF >= 3 && NF <= 5 {
			m = mib($3); total += m
			args = args sprintf(" -object memory-backend-ram,id=mem%s,size=%dM -numa node,nodeid=%s,memdev=mem%s", $2, m, $2, $2)
			# [CPUS] [initiator=N]: the CPU node attached to this
			# memory in the HMAT (topologies.sh wants it on CPU-less
			# nodes of HMAT topologies).
			for (i = 4; i <= NF; i++) {
				if (i == 4 && $i ~ /^[0-9]+(-[0-9]+)?$/) args = args ",cpus=" $i
				else if (i == NF && $i ~ /^initiator=[0-9]+$/) args = args "," $i
				else bad()
			}
			next
		}
		$1 == "distance" && NF == 4 {
			args = args sprintf(" -numa dist,src=%s,dst=%s,val=%s", $2, $3, $4); next
		}
		# hmat-lb INITIATOR TARGET TYPE VALUE: one HMAT latency (ns) or
		# bandwidth (<n>M or <n>G bytes/s, QEMU binary units) entry.
		$1 == "hmat-lb" && NF == 5 && $2 ~ /^[0-9]+$/ && $3 ~ /^[0-9]+$/ {
			if ($4 ~ /^(access|read|write)-latency$/ && $5 ~ /^[0-9]+$/) what = "latency"
			else if ($4 ~ /^(access|read|write)-bandwidth$/ && $5 ~ /^[0-9]+[MG]$/) what = "bandwidth"
			else bad()
			args = args sprintf(" -numa hmat-lb,initiator=%s,target=%s,hierarchy=memory,data-type=%s,%s=%s", $2, $3, $4, what, $5)
			next
		}
		$1 == "append" { sub(/^[ \t]*append[ \t]+/, ""); append = append " " $0; next }
		{ bad() }
		END {
			if (total) mem = total
			if (!cpus || !mem) { printf "vm_die \"%s: needs cpus and memory or node lines\"\n", file; exit 1 }
			printf "VM_CPUS=%d\nVM_MEM=%d\nVM_QEMU_ARGS=\"%s\"\nVM_APPEND=\"%s\"\n", cpus, mem, args, append
		}' "$topo_file")" || vm_die "cannot read $topo_file"
}

# Header field $2 ("# vm-<field>: words") of guest script $1.
vm_header() {
	sed -n "s/^# vm-$2:[[:space:]]*//p" "$1" | head -n 1
}

# Does guest script $1 run in topology $2?  $3 names the header that lists
# the topologies: "topologies" (the default) or, for the runs the suite adds
# under another kernel, "topologies-6.12".
vm_runs_in() {
	local t
	if [ -n "${VT_VM_TESTS:-}" ]; then
		case " $VT_VM_TESTS " in
		*" $(basename "$1" .guest) "*) ;;
		*) return 1 ;;
		esac
	fi
	for t in $(vm_header "$1" "${3:-topologies}"); do
		[ "$t" = all ] || [ "$t" = "$2" ] && return 0
	done
	return 1
}

# Scripts that need extra kernel parameters ("# vm-append: TEXT") get a boot
# of their own per distinct TEXT.  vm_appends SCRIPT... prints each distinct
# TEXT once, "-" standing for none; vm_with_append TEXT SCRIPT... prints the
# scripts that asked for TEXT.
vm_appends() {
	local s
	for s in "$@"; do
		a=$(vm_header "$s" append)
		echo "${a:--}"
	done | LC_ALL=C sort -u
}

vm_with_append() {
	local want="$1" s a
	shift
	for s in "$@"; do
		a=$(vm_header "$s" append)
		[ "${a:--}" = "$want" ] && echo "$s"
	done
}

vm_topologies() {
	local f
	for f in "$VM_DIR"/topologies/*; do
		[ -f "$f" ] && basename "$f"
	done
}

# vm_boot TOPOLOGY BASE_INITRD OUTDIR SCRIPT...
# Boots TOPOLOGY once, runs each SCRIPT in the guest in order (as
# /vt/run/NN-<name>), and unpacks what the guest wrote into OUTDIR:
#   OUTDIR/NN-<name>/      the script's $OUT
#   OUTDIR/NN-<name>.log   its stdout and stderr
#   OUTDIR/NN-<name>.rc    its exit status
#   OUTDIR/guest-info      kernel release, uptime at init and at the end
#   OUTDIR/console.log     the serial console (kernel messages)
#   OUTDIR/qemu-command    the QEMU command line
# VM_EXTRA_APPEND, when set, is added to the kernel command line.
# Sets VM_BOOT_SECONDS.  Returns 1 (with a message) when the guest did not
# bring its results back.
vm_boot() {
	local topo="$1" base="$2" outdir="$3" n=0 s name start rc limit=$VT_VM_TIMEOUT t
	shift 3
	vm_topology "$topo"
	rm -rf "$outdir" && mkdir -p "$outdir/stage/vt/run" || vm_die "cannot create $outdir"
	for s in "$@"; do
		n=$((n + 1))
		# A test allowed longer than the boot (# vm-timeout) gets its time
		# and a minute for the boot around it.
		t=$(vm_header "$s" timeout)
		[ -n "$t" ] && [ $((t + 60)) -gt "$limit" ] && limit=$((t + 60))
		name=$(printf '%02d-%s' "$n" "$(basename "$s" .guest)")
		cp "$s" "$outdir/stage/vt/run/$name" || vm_die "cannot copy $s"
	done
	echo "$topo" >"$outdir/stage/vt/topology"
	(cd "$outdir/stage" && find . | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet) | gzip -1 >"$outdir/run.cpio.gz"
	# The kernel unpacks concatenated archives in order: base, then this boot.
	cat "$base" "$outdir/run.cpio.gz" >"$outdir/initrd"
	rm -rf "$outdir/stage" "$outdir/run.cpio.gz"
	# nokaslr: with a randomized physical load address the kernel image
	# lands on a different node each boot and the zones' managed pages
	# (hence the fixtures) would change from boot to boot.
	# shellcheck disable=SC2086
	set -- "$VM_QEMU" -accel tcg -nodefaults -no-user-config -display none -monitor none \
		-no-reboot -smp "$VM_CPUS" -m "${VM_MEM}M" $VM_QEMU_ARGS \
		-kernel "$VM_KERNEL" -initrd "$outdir/initrd" \
		-append "console=ttyS0 panic=-1 quiet loglevel=4 nokaslr vt.topology=$topo$VM_APPEND${VM_EXTRA_APPEND:+ $VM_EXTRA_APPEND}" \
		-serial "file:$outdir/console.log" -serial "file:$outdir/data.txt"
	echo "$*" >"$outdir/qemu-command"
	start=$(date +%s.%N)
	timeout -k 10 "$limit" "$@" >"$outdir/qemu.out" 2>&1
	rc=$?
	VM_BOOT_SECONDS=$(echo "$start $(date +%s.%N)" | awk '{ printf "%.1f", $2 - $1 }')
	rm -f "$outdir/initrd"
	if [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then
		echo "vm: $topo: QEMU killed after ${limit}s; console tail:" >&2
		tail -n 20 "$outdir/console.log" >&2
		return 1
	fi
	if [ "$rc" -ne 0 ]; then
		echo "vm: $topo: QEMU exited with status $rc:" >&2
		cat "$outdir/qemu.out" >&2
		return 1
	fi
	if ! grep -q '^VT-DATA-END' "$outdir/data.txt" 2>/dev/null; then
		echo "vm: $topo: the guest did not send its results; console tail:" >&2
		tail -n 20 "$outdir/console.log" >&2
		return 1
	fi
	tr -d '\r' <"$outdir/data.txt" | sed -n '/^VT-DATA-BEGIN$/,/^VT-DATA-END$/{/^VT-DATA-/d;p}' |
		base64 -d | tar -xzf - -C "$outdir" ||
		{ echo "vm: $topo: the guest's result stream is corrupt" >&2; return 1; }
	rm -f "$outdir/data.txt"
	return 0
}
