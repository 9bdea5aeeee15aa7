# Shell tests of the real binary.
VT_CLI_TESTS = \
	tests/cli/help.sh \
	tests/cli/exit-codes.sh \
	tests/cli/snapshot.sh \
	tests/cli/fixtures.sh \
	tests/cli/numa.sh \
	tests/cli/numa-oracle.sh \
	tests/cli/numa-scale.sh
TESTS += $(VT_CLI_TESTS)
EXTRA_DIST += $(VT_CLI_TESTS) tests/cli/lib.sh tests/scale/gen-numa-tree.sh
# watermarks
TESTS += tests/cli/watermarks.sh
EXTRA_DIST += tests/cli/watermarks.sh tests/cli/golden
# sampler (stat/record)
TESTS += tests/cli/stat.sh
EXTRA_DIST += tests/cli/stat.sh tests/cli/data
TESTS += tests/cli/stat-sar-live.sh tests/cli/stat-alloc.sh
EXTRA_DIST += tests/cli/stat-sar-live.sh tests/cli/stat-alloc.sh
# LD_PRELOAD allocation counter for stat-alloc.sh: a shared object, built
# without the sanitizer flags of AM_CFLAGS/AM_LDFLAGS.
check_PROGRAMS += tests/cli/vt-malloc-count.so
tests_cli_vt_malloc_count_so_SOURCES = tests/cli/malloc-count.c
tests_cli_vt_malloc_count_so_CFLAGS = -fPIC -Wall -Wextra
tests_cli_vt_malloc_count_so_LDFLAGS = -shared -fPIC
# hostile inputs whose meaning was bent (optional files, signals, node ids,
# contradictions, duplicate keys, stat error paths)
TESTS += tests/cli/hostile-semantics.sh
EXTRA_DIST += tests/cli/hostile-semantics.sh
