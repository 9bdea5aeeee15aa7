#!/bin/sh
# `make install DESTDIR=...` from the build directory: the binary in sbin
# (it changes kernel settings, like sysctl), the manual pages in sections 5
# and 8, the shipped profiles, the bash completion, the boot unit (its
# @sbindir@ replaced) and the examples, and nothing else; `make uninstall`
# then leaves no file behind.  The directories are the configured ones
# (Makefile.am passes them as VT_INSTALL_DIRS).
. "$(dirname "$0")/lib.sh"
: "${VT_INSTALL_DIRS:?VT_INSTALL_DIRS must come from make check}"
SRC="${VT_SRCDIR:-$(dirname "$0")/../..}"
D="$VT_TMP/destdir"

for kv in $VT_INSTALL_DIRS; do
	case ${kv%%=*} in
	sbindir | man5dir | man8dir | pkgdatadir | bashcompletiondir | systemdsystemunitdir | examplesdir)
		eval "${kv%%=*}=\${kv#*=}" ;;
	*) fail "unexpected VT_INSTALL_DIRS entry '$kv'" ;;
	esac
done

# make, as from a shell: not as a job of the make running this test.
mk() {
	env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make -s -C "$VT_BUILDDIR" "$@" >"$VT_TMP/make.out" 2>&1 ||
		{ fail "make $*: $(tail -n 20 "$VT_TMP/make.out")"; return 1; }
	pass
}

tree() {
	(cd "$D" && find . \( -type f -o -type l \) | sed 's|^\.||' | sort)
}

{
	echo "$sbindir/vmtune"
	echo "$man5dir/vmtune-profile.5"
	echo "$man8dir/vmtune.8"
	for p in "$SRC"/profiles/*.json; do echo "$pkgdatadir/profiles/${p##*/}"; done
	[ "$bashcompletiondir" = no ] || echo "$bashcompletiondir/vmtune"
	[ "$systemdsystemunitdir" = no ] || echo "$systemdsystemunitdir/vmtune-apply.service"
	for e in "$SRC"/docs/examples/*; do echo "$examplesdir/${e##*/}"; done
} | sed 's|//*|/|g' | sort >"$VT_TMP/want"

mk install DESTDIR="$D"
tree >"$VT_TMP/got"
if cmp -s "$VT_TMP/want" "$VT_TMP/got"; then pass; else
	fail "installed tree differs from the expected one: $(diff "$VT_TMP/want" "$VT_TMP/got" | head -n 20)"
fi
case $sbindir in */sbin) pass ;; *) fail "sbindir '$sbindir' is not a sbin directory" ;; esac
[ -x "$D$sbindir/vmtune" ] && pass || fail "$D$sbindir/vmtune is not executable"
expect_exit 0 "$D$sbindir/vmtune" --version
expect_grep '^vmtune [0-9]' "$VT_TMP/out"
if [ "$bashcompletiondir" != no ]; then
	cmp -s "$SRC/completion/vmtune" "$D$bashcompletiondir/vmtune" && pass ||
		fail "the installed completion differs from completion/vmtune"
fi
for p in "$SRC"/profiles/*.json; do
	cmp -s "$p" "$D$pkgdatadir/profiles/${p##*/}" && pass || fail "installed ${p##*/} differs"
done
if [ "$systemdsystemunitdir" != no ]; then
	U="$D$systemdsystemunitdir/vmtune-apply.service"
	expect_grep "^ExecStart=$sbindir/vmtune apply --profile-file /etc/vmtune/profile\$" "$U"
	expect_no_grep '@' "$U"
fi
# Installed, not enabled: no link into a .wants directory.
expect_no_grep '\.wants/' "$VT_TMP/got"

mk uninstall DESTDIR="$D"
tree >"$VT_TMP/left"
[ ! -s "$VT_TMP/left" ] && pass || fail "make uninstall left: $(head -n 20 "$VT_TMP/left")"
finish
