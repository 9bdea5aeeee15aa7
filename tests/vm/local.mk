# QEMU guest tests (`make check-vm`) and fixture capture (`make vm-fixtures`):
# see tests/vm/README.  The guest tools are check programs so that every
# `make check` compiles them; only the guest suite runs them.
check_PROGRAMS += tests/vm/vt-sysctl tests/vm/vt-memhog tests/vm/vt-boost
tests_vm_vt_sysctl_SOURCES = tests/vm/vt-sysctl.c
tests_vm_vt_sysctl_LDADD = $(VT_LIBS)
tests_vm_vt_memhog_SOURCES = tests/vm/vt-memhog.c
# Empty: not the unit tests' default LDADD (tests/unit/local.mk).
tests_vm_vt_memhog_LDADD =
tests_vm_vt_boost_SOURCES = tests/vm/vt-boost.c
tests_vm_vt_boost_LDADD =

# The topology files are checked by every make check, without QEMU.
TESTS += tests/vm/topologies.sh
EXTRA_DIST += tests/vm/topologies.sh tests/vm/README tests/vm/lib.sh tests/vm/init tests/vm/guest-lib.sh \
	tests/vm/check-vm tests/vm/capture-fixtures tests/vm/boot \
	tests/vm/topologies tests/vm/tests tests/vm/capture

VT_VM_DEPS = src/vmtune tests/vm/vt-sysctl tests/vm/vt-memhog tests/vm/vt-boost
VT_VM_ENV = VT_SRCDIR='$(abs_top_srcdir)' VT_BUILDDIR='$(abs_top_builddir)' \
	VMTUNE='$(abs_top_builddir)/src/vmtune' LC_ALL=C TZ=UTC

check-vm: $(VT_VM_DEPS)
	@$(VT_VM_ENV) VT_VM_TESTS='$(VM_TESTS)' VT_VM_SERIES='$(VM_KERNEL)' $(SHELL) $(srcdir)/tests/vm/check-vm $(VM_TOPOLOGIES)
vm-fixtures: $(VT_VM_DEPS)
	@$(VT_VM_ENV) VM_CAPTURE='$(VM_CAPTURE)' VT_VM_SERIES='$(VM_KERNEL)' $(SHELL) $(srcdir)/tests/vm/capture-fixtures $(VM_TOPOLOGIES)
.PHONY: check-vm vm-fixtures
CLEANFILES += tests/vm/test-suite.log tests/vm/skip-reason
clean-local: clean-vm
clean-vm:
	-rm -rf tests/vm/results tests/vm/fixture-capture
.PHONY: clean-vm
