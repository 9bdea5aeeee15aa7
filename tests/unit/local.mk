# criterion unit tests: one program per module, one line each.  A name
# tests/unit/test_X builds tests/unit/test_X.c (automake's default source)
# with the shared helpers and criterion.
if HAVE_CRITERION
VT_UNIT_TESTS = \
	tests/unit/test_rootfs \
	tests/unit/test_bitset \
	tests/unit/test_strparse \
	tests/unit/test_text \
	tests/unit/test_record \
	tests/unit/test_thp \
	tests/unit/test_swaps \
	tests/unit/test_advise \
	tests/unit/test_apply \
	tests/unit/test_clock \
	tests/unit/test_jsonw \
	tests/unit/test_kversion \
	tests/unit/test_meminfo \
	tests/unit/test_snapshot \
	tests/unit/test_state \
	tests/unit/test_sysctl \
	tests/unit/test_knobs \
	tests/unit/test_zoneinfo \
	tests/unit/test_watermarks \
	tests/unit/test_vmstat \
	tests/unit/test_psi \
	tests/unit/test_rates \
	tests/unit/test_series \
	tests/unit/test_source \
	tests/unit/test_numa \
	tests/unit/test_topology \
	tests/unit/test_profile \
	tests/unit/test_sos \
	tests/unit/test_prom \
	tests/unit/test_procs \
	tests/unit/test_oom \
	tests/unit/test_protect
# provenance (sysctl.d, tuned)
VT_UNIT_TESTS += \
	tests/unit/test_sysctld \
	tests/unit/test_provenance
# top: the frame, its levels and gauges
VT_UNIT_TESTS += tests/unit/test_frame tests/unit/test_levels tests/unit/test_gauges
check_PROGRAMS += $(VT_UNIT_TESTS)
TESTS += $(VT_UNIT_TESTS)
check_LIBRARIES = tests/unit/libvthelpers.a
tests_unit_libvthelpers_a_SOURCES = tests/unit/helpers.c tests/unit/helpers.h
# The defaults for every program without its own _LDADD, and flags for every
# object: only the unit tests rely on them (every other program sets its
# _LDADD, and criterion's flags are harmless elsewhere).
LDADD = tests/unit/libvthelpers.a $(VT_LIBS) $(CRITERION_LIBS)
AM_CFLAGS += $(CRITERION_CFLAGS)
else
check-local: vt-no-criterion
vt-no-criterion:
	@echo "criterion is missing: install libcriterion-dev (script/bootstrap does) and re-run configure" >&2; exit 1
endif
