# libFuzzer targets, built with `CC=clang ./configure --enable-fuzzing`.
# Each target is tests/fuzz/fuzz_<parser>.c defining LLVMFuzzerTestOneInput;
# add it to VT_FUZZERS and give it _SOURCES/_CFLAGS/_LDFLAGS/_LDADD like the
# others.  `make fuzz-smoke` runs every target for a few seconds on its corpus.
VT_FUZZERS = \
	tests/fuzz/fuzz_meminfo \
	tests/fuzz/fuzz_idset \
	tests/fuzz/fuzz_kversion \
	tests/fuzz/fuzz_snapmeta \
	tests/fuzz/fuzz_zoneinfo
# provenance: sysctl.d and tuned.conf
VT_FUZZERS += tests/fuzz/fuzz_sysctld
# top: a zoneinfo parsed twice into one struct, its levels and a frame
VT_FUZZERS += tests/fuzz/fuzz_top
if ENABLE_FUZZING
noinst_PROGRAMS += $(VT_FUZZERS)
endif
VT_FUZZER_CFLAGS_COMMON = $(AM_CFLAGS) -fsanitize=fuzzer,address,undefined
VT_FUZZER_LINK_COMMON = -fsanitize=fuzzer,address,undefined

fuzz-smoke: $(VT_FUZZERS)
	@set -e; for f in $(VT_FUZZERS); do \
		n=$$(basename $$f); corpus=$(srcdir)/tests/fuzz/corpus/$${n#fuzz_}; \
		echo "=== $$n ($$corpus)"; mkdir -p $(builddir)/fuzz-work/$$n; \
		./$$f -max_total_time=$${FUZZ_SECONDS:-10} $(builddir)/fuzz-work/$$n $$corpus; done
.PHONY: fuzz-smoke

tests_fuzz_fuzz_meminfo_SOURCES = tests/fuzz/fuzz_meminfo.c
tests_fuzz_fuzz_meminfo_CFLAGS = $(VT_FUZZER_CFLAGS_COMMON)
tests_fuzz_fuzz_meminfo_LDFLAGS = $(VT_FUZZER_LINK_COMMON)
tests_fuzz_fuzz_meminfo_LDADD = $(VT_LIBS)
tests_fuzz_fuzz_idset_SOURCES = tests/fuzz/fuzz_idset.c
tests_fuzz_fuzz_idset_CFLAGS = $(VT_FUZZER_CFLAGS_COMMON)
tests_fuzz_fuzz_idset_LDFLAGS = $(VT_FUZZER_LINK_COMMON)
tests_fuzz_fuzz_idset_LDADD = $(VT_LIBS)
tests_fuzz_fuzz_kversion_SOURCES = tests/fuzz/fuzz_kversion.c
tests_fuzz_fuzz_kversion_CFLAGS = $(VT_FUZZER_CFLAGS_COMMON)
tests_fuzz_fuzz_kversion_LDFLAGS = $(VT_FUZZER_LINK_COMMON)
tests_fuzz_fuzz_kversion_LDADD = $(VT_LIBS)
tests_fuzz_fuzz_snapmeta_SOURCES = tests/fuzz/fuzz_snapmeta.c
tests_fuzz_fuzz_snapmeta_CFLAGS = $(VT_FUZZER_CFLAGS_COMMON)
tests_fuzz_fuzz_snapmeta_LDFLAGS = $(VT_FUZZER_LINK_COMMON)
tests_fuzz_fuzz_snapmeta_LDADD = $(VT_LIBS)
tests_fuzz_fuzz_zoneinfo_SOURCES = tests/fuzz/fuzz_zoneinfo.c
tests_fuzz_fuzz_zoneinfo_CFLAGS = $(VT_FUZZER_CFLAGS_COMMON)
tests_fuzz_fuzz_zoneinfo_LDFLAGS = $(VT_FUZZER_LINK_COMMON)
tests_fuzz_fuzz_zoneinfo_LDADD = $(VT_LIBS)
EXTRA_DIST += tests/fuzz/corpus
# sampler: vmstat/numastat/uptime, PSI and record-line parsers
VT_FUZZERS += tests/fuzz/fuzz_vmstat tests/fuzz/fuzz_psi
tests_fuzz_fuzz_vmstat_SOURCES = tests/fuzz/fuzz_vmstat.c
tests_fuzz_fuzz_vmstat_CFLAGS = $(VT_FUZZER_CFLAGS_COMMON)
tests_fuzz_fuzz_vmstat_LDFLAGS = $(VT_FUZZER_LINK_COMMON)
tests_fuzz_fuzz_vmstat_LDADD = $(VT_LIBS)
tests_fuzz_fuzz_psi_SOURCES = tests/fuzz/fuzz_psi.c
tests_fuzz_fuzz_psi_CFLAGS = $(VT_FUZZER_CFLAGS_COMMON)
tests_fuzz_fuzz_psi_LDFLAGS = $(VT_FUZZER_LINK_COMMON)
tests_fuzz_fuzz_psi_LDADD = $(VT_LIBS)
# numa: distance rows, topology model and presenters
VT_FUZZERS += tests/fuzz/fuzz_numa
tests_fuzz_fuzz_numa_SOURCES = tests/fuzz/fuzz_numa.c
tests_fuzz_fuzz_numa_CFLAGS = $(VT_FUZZER_CFLAGS_COMMON)
tests_fuzz_fuzz_numa_LDFLAGS = $(VT_FUZZER_LINK_COMMON)
tests_fuzz_fuzz_numa_LDADD = $(VT_LIBS)
# transparent_hugepage/enabled and hpage_pmd_size
VT_FUZZERS += tests/fuzz/fuzz_thp
tests_fuzz_fuzz_thp_SOURCES = tests/fuzz/fuzz_thp.c
tests_fuzz_fuzz_thp_CFLAGS = $(VT_FUZZER_CFLAGS_COMMON)
tests_fuzz_fuzz_thp_LDFLAGS = $(VT_FUZZER_LINK_COMMON)
tests_fuzz_fuzz_thp_LDADD = $(VT_LIBS)
# profiles: the loader and its error placement
VT_FUZZERS += tests/fuzz/fuzz_profile
tests_fuzz_fuzz_profile_SOURCES = tests/fuzz/fuzz_profile.c
tests_fuzz_fuzz_profile_CFLAGS = $(VT_FUZZER_CFLAGS_COMMON)
tests_fuzz_fuzz_profile_LDFLAGS = $(VT_FUZZER_LINK_COMMON)
tests_fuzz_fuzz_profile_LDADD = $(VT_LIBS)
tests_fuzz_fuzz_sysctld_SOURCES = tests/fuzz/fuzz_sysctld.c
tests_fuzz_fuzz_sysctld_CFLAGS = $(VT_FUZZER_CFLAGS_COMMON)
tests_fuzz_fuzz_sysctld_LDFLAGS = $(VT_FUZZER_LINK_COMMON)
tests_fuzz_fuzz_sysctld_LDADD = $(VT_LIBS)
# sosreports: sysctl_-a, uname_-a, proc/version
VT_FUZZERS += tests/fuzz/fuzz_sos
tests_fuzz_fuzz_sos_SOURCES = tests/fuzz/fuzz_sos.c
tests_fuzz_fuzz_sos_CFLAGS = $(VT_FUZZER_CFLAGS_COMMON)
tests_fuzz_fuzz_sos_LDFLAGS = $(VT_FUZZER_LINK_COMMON)
tests_fuzz_fuzz_sos_LDADD = $(VT_LIBS)
# the boot unit's profile name file (apply --profile-file)
VT_FUZZERS += tests/fuzz/fuzz_profile_name
tests_fuzz_fuzz_profile_name_SOURCES = tests/fuzz/fuzz_profile_name.c
tests_fuzz_fuzz_profile_name_CFLAGS = $(VT_FUZZER_CFLAGS_COMMON)
tests_fuzz_fuzz_profile_name_LDFLAGS = $(VT_FUZZER_LINK_COMMON)
tests_fuzz_fuzz_profile_name_LDADD = $(VT_LIBS)
# /proc/PID parsers (oom)
VT_FUZZERS += tests/fuzz/fuzz_procs
tests_fuzz_fuzz_procs_SOURCES = tests/fuzz/fuzz_procs.c
tests_fuzz_fuzz_procs_CFLAGS = $(VT_FUZZER_CFLAGS_COMMON)
tests_fuzz_fuzz_procs_LDFLAGS = $(VT_FUZZER_LINK_COMMON)
tests_fuzz_fuzz_procs_LDADD = $(VT_LIBS)
tests_fuzz_fuzz_top_SOURCES = tests/fuzz/fuzz_top.c
tests_fuzz_fuzz_top_CFLAGS = $(VT_FUZZER_CFLAGS_COMMON)
tests_fuzz_fuzz_top_LDFLAGS = $(VT_FUZZER_LINK_COMMON)
tests_fuzz_fuzz_top_LDADD = $(VT_LIBS)
# apply's journal (rollback reads it) and the waiver file
VT_FUZZERS += tests/fuzz/fuzz_journal tests/fuzz/fuzz_waivers
tests_fuzz_fuzz_journal_SOURCES = tests/fuzz/fuzz_journal.c
tests_fuzz_fuzz_journal_CFLAGS = $(VT_FUZZER_CFLAGS_COMMON)
tests_fuzz_fuzz_journal_LDFLAGS = $(VT_FUZZER_LINK_COMMON)
tests_fuzz_fuzz_journal_LDADD = $(VT_LIBS)
tests_fuzz_fuzz_waivers_SOURCES = tests/fuzz/fuzz_waivers.c
tests_fuzz_fuzz_waivers_CFLAGS = $(VT_FUZZER_CFLAGS_COMMON)
tests_fuzz_fuzz_waivers_LDFLAGS = $(VT_FUZZER_LINK_COMMON)
tests_fuzz_fuzz_waivers_LDADD = $(VT_LIBS)
# the advisor's small kernel files (swaps, cgroups, zswap) and vmtune's drop-in
VT_FUZZERS += tests/fuzz/fuzz_swaps tests/fuzz/fuzz_dropin
tests_fuzz_fuzz_swaps_SOURCES = tests/fuzz/fuzz_swaps.c
tests_fuzz_fuzz_swaps_CFLAGS = $(VT_FUZZER_CFLAGS_COMMON)
tests_fuzz_fuzz_swaps_LDFLAGS = $(VT_FUZZER_LINK_COMMON)
tests_fuzz_fuzz_swaps_LDADD = $(VT_LIBS)
tests_fuzz_fuzz_dropin_SOURCES = tests/fuzz/fuzz_dropin.c
tests_fuzz_fuzz_dropin_CFLAGS = $(VT_FUZZER_CFLAGS_COMMON)
tests_fuzz_fuzz_dropin_LDFLAGS = $(VT_FUZZER_LINK_COMMON)
tests_fuzz_fuzz_dropin_LDADD = $(VT_LIBS)
