# criterion unit tests: one program per module.
if HAVE_CRITERION
VT_UNIT_TESTS = \
	tests/unit/test_rootfs \
	tests/unit/test_strparse \
	tests/unit/test_clock \
	tests/unit/test_jsonw \
	tests/unit/test_kversion \
	tests/unit/test_meminfo \
	tests/unit/test_snapshot \
	tests/unit/test_sysctl \
	tests/unit/test_thp \
	tests/unit/test_knobs \
	tests/unit/test_zoneinfo \
	tests/unit/test_watermarks
check_PROGRAMS += $(VT_UNIT_TESTS)
TESTS += $(VT_UNIT_TESTS)
VT_UNIT_CFLAGS = $(AM_CFLAGS) $(CRITERION_CFLAGS)
VT_UNIT_LDADD = $(VT_LIBS) $(CRITERION_LIBS)
tests_unit_test_rootfs_SOURCES = tests/unit/test_rootfs.c tests/unit/helpers.c tests/unit/helpers.h
tests_unit_test_rootfs_CFLAGS = $(VT_UNIT_CFLAGS)
tests_unit_test_rootfs_LDADD = $(VT_UNIT_LDADD)
tests_unit_test_strparse_SOURCES = tests/unit/test_strparse.c
tests_unit_test_strparse_CFLAGS = $(VT_UNIT_CFLAGS)
tests_unit_test_strparse_LDADD = $(VT_UNIT_LDADD)
tests_unit_test_clock_SOURCES = tests/unit/test_clock.c
tests_unit_test_clock_CFLAGS = $(VT_UNIT_CFLAGS)
tests_unit_test_clock_LDADD = $(VT_UNIT_LDADD)
tests_unit_test_jsonw_SOURCES = tests/unit/test_jsonw.c
tests_unit_test_jsonw_CFLAGS = $(VT_UNIT_CFLAGS)
tests_unit_test_jsonw_LDADD = $(VT_UNIT_LDADD)
tests_unit_test_kversion_SOURCES = tests/unit/test_kversion.c
tests_unit_test_kversion_CFLAGS = $(VT_UNIT_CFLAGS)
tests_unit_test_kversion_LDADD = $(VT_UNIT_LDADD)
tests_unit_test_meminfo_SOURCES = tests/unit/test_meminfo.c tests/unit/helpers.c tests/unit/helpers.h
tests_unit_test_meminfo_CFLAGS = $(VT_UNIT_CFLAGS)
tests_unit_test_meminfo_LDADD = $(VT_UNIT_LDADD)
tests_unit_test_snapshot_SOURCES = tests/unit/test_snapshot.c tests/unit/helpers.c tests/unit/helpers.h
tests_unit_test_snapshot_CFLAGS = $(VT_UNIT_CFLAGS)
tests_unit_test_snapshot_LDADD = $(VT_UNIT_LDADD)
tests_unit_test_sysctl_SOURCES = tests/unit/test_sysctl.c tests/unit/helpers.c tests/unit/helpers.h
tests_unit_test_sysctl_CFLAGS = $(VT_UNIT_CFLAGS)
tests_unit_test_sysctl_LDADD = $(VT_UNIT_LDADD)
tests_unit_test_thp_SOURCES = tests/unit/test_thp.c tests/unit/helpers.c tests/unit/helpers.h
tests_unit_test_thp_CFLAGS = $(VT_UNIT_CFLAGS)
tests_unit_test_thp_LDADD = $(VT_UNIT_LDADD)
tests_unit_test_knobs_SOURCES = tests/unit/test_knobs.c
tests_unit_test_knobs_CFLAGS = $(VT_UNIT_CFLAGS)
tests_unit_test_knobs_LDADD = $(VT_UNIT_LDADD)
tests_unit_test_zoneinfo_SOURCES = tests/unit/test_zoneinfo.c tests/unit/helpers.c tests/unit/helpers.h
tests_unit_test_zoneinfo_CFLAGS = $(VT_UNIT_CFLAGS)
tests_unit_test_zoneinfo_LDADD = $(VT_UNIT_LDADD)
tests_unit_test_watermarks_SOURCES = tests/unit/test_watermarks.c tests/unit/helpers.c tests/unit/helpers.h
tests_unit_test_watermarks_CFLAGS = $(VT_UNIT_CFLAGS)
tests_unit_test_watermarks_LDADD = $(VT_UNIT_LDADD)
# sampler (stat/record)
VT_STAT_UNIT_TESTS = tests/unit/test_vmstat tests/unit/test_psi tests/unit/test_rates
check_PROGRAMS += $(VT_STAT_UNIT_TESTS)
TESTS += $(VT_STAT_UNIT_TESTS)
tests_unit_test_vmstat_SOURCES = tests/unit/test_vmstat.c tests/unit/helpers.c tests/unit/helpers.h
tests_unit_test_vmstat_CFLAGS = $(VT_UNIT_CFLAGS)
tests_unit_test_vmstat_LDADD = $(VT_UNIT_LDADD)
tests_unit_test_psi_SOURCES = tests/unit/test_psi.c tests/unit/helpers.c tests/unit/helpers.h
tests_unit_test_psi_CFLAGS = $(VT_UNIT_CFLAGS)
tests_unit_test_psi_LDADD = $(VT_UNIT_LDADD)
tests_unit_test_rates_SOURCES = tests/unit/test_rates.c tests/unit/helpers.c tests/unit/helpers.h
tests_unit_test_rates_CFLAGS = $(VT_UNIT_CFLAGS)
tests_unit_test_rates_LDADD = $(VT_UNIT_LDADD)
# NUMA topology (numa)
VT_NUMA_UNIT_TESTS = tests/unit/test_numa tests/unit/test_topology
check_PROGRAMS += $(VT_NUMA_UNIT_TESTS)
TESTS += $(VT_NUMA_UNIT_TESTS)
tests_unit_test_numa_SOURCES = tests/unit/test_numa.c tests/unit/helpers.c tests/unit/helpers.h
tests_unit_test_numa_CFLAGS = $(VT_UNIT_CFLAGS)
tests_unit_test_numa_LDADD = $(VT_UNIT_LDADD)
tests_unit_test_topology_SOURCES = tests/unit/test_topology.c tests/unit/helpers.c tests/unit/helpers.h
tests_unit_test_topology_CFLAGS = $(VT_UNIT_CFLAGS)
tests_unit_test_topology_LDADD = $(VT_UNIT_LDADD)
else
check-local: vt-no-criterion
vt-no-criterion:
	@echo "criterion is missing: install libcriterion-dev (script/bootstrap does) and re-run configure" >&2; exit 1
endif
