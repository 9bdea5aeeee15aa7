# Shell tests of the real binary.
VT_CLI_TESTS = \
	tests/cli/help.sh \
	tests/cli/exit-codes.sh \
	tests/cli/snapshot.sh \
	tests/cli/fixtures.sh \
	tests/cli/numa.sh \
	tests/cli/numa-oracle.sh \
	tests/cli/numa-scale.sh \
	tests/cli/hostile-root.sh \
	tests/cli/options.sh
TESTS += $(VT_CLI_TESTS)
EXTRA_DIST += $(VT_CLI_TESTS) tests/cli/lib.sh tests/scale/gen-numa-tree.sh
# Golden cases (tests/cli/README): vmtune's output on fixed inputs, byte
# for byte, one TAP line per case; golden-runner.sh tests the runner.
TESTS += tests/cli/golden.tap tests/cli/golden-runner.sh
EXTRA_DIST += tests/cli/golden.tap tests/cli/golden-runner.sh tests/cli/cases tests/cli/README
# watermarks
TESTS += tests/cli/watermarks.sh
EXTRA_DIST += tests/cli/watermarks.sh tests/cli/golden
# sampler (stat/record)
TESTS += tests/cli/stat.sh
EXTRA_DIST += tests/cli/stat.sh tests/cli/data
TESTS += tests/cli/stat-sar-live.sh tests/cli/stat-alloc.sh
EXTRA_DIST += tests/cli/stat-sar-live.sh tests/cli/stat-alloc.sh
# hostile trees against the output layer (names, escapes, huge counts)
TESTS += tests/cli/hostile-output.sh
EXTRA_DIST += tests/cli/hostile-output.sh
# LD_PRELOAD allocation counter for stat-alloc.sh: a shared object, built
# without the sanitizer flags of AM_CFLAGS/AM_LDFLAGS.
check_PROGRAMS += tests/cli/vt-malloc-count.so
tests_cli_vt_malloc_count_so_SOURCES = tests/cli/malloc-count.c
tests_cli_vt_malloc_count_so_CFLAGS = -fPIC -Wall -Wextra
tests_cli_vt_malloc_count_so_LDFLAGS = -shared -fPIC
# Empty: not the unit tests' default LDADD (tests/unit/local.mk).
tests_cli_vt_malloc_count_so_LDADD =
# vt-exec: runs vmtune without openat2 (seccomp) or with a stop signal pending.
check_PROGRAMS += tests/cli/vt-exec
tests_cli_vt_exec_SOURCES = tests/cli/vt-exec.c
tests_cli_vt_exec_LDADD =
# hostile inputs: time and memory blow-ups
TESTS += tests/cli/hostile-scale.sh
EXTRA_DIST += tests/cli/hostile-scale.sh
# hostile inputs whose meaning was bent (optional files, signals, node ids,
# contradictions, duplicate keys, stat error paths)
TESTS += tests/cli/hostile-semantics.sh
EXTRA_DIST += tests/cli/hostile-semantics.sh
# apply and rollback on copies of fixtures (fault injection, locks, drop-in)
TESTS += tests/cli/apply.sh
TESTS += tests/cli/apply-faults.sh
EXTRA_DIST += tests/cli/apply.sh
EXTRA_DIST += tests/cli/apply-faults.sh
# profiles: the subcommand dispatcher, the search, check --profile
TESTS += tests/cli/profile.sh
EXTRA_DIST += tests/cli/profile.sh
# provenance: hostile sysctl.d trees, --persist warnings, procps' own order
TESTS += tests/cli/provenance.sh
EXTRA_DIST += tests/cli/provenance.sh
# export: exposition format (own parser, promtool when installed), --textfile
TESTS += tests/cli/export.sh
EXTRA_DIST += tests/cli/export.sh
# packaging: bash completion, make install/uninstall, the boot unit, the
# provisioning examples
TESTS += tests/cli/completion.sh tests/cli/install.sh tests/cli/systemd-unit.sh tests/cli/examples.sh
EXTRA_DIST += tests/cli/completion.sh tests/cli/install.sh tests/cli/systemd-unit.sh tests/cli/examples.sh
# oom and protect: fixtures, protect on copies, and the live ranking against
# the kernel's oom_score (helpers of our own, adj raised with choom)
TESTS += tests/cli/oom.sh tests/cli/oom-live.sh
EXTRA_DIST += tests/cli/oom.sh tests/cli/oom-live.sh
# top: --batch and --json on every input, the manual's figures, no
# allocation per frame; the real dashboard in tmux
TESTS += tests/cli/top.sh
EXTRA_DIST += tests/cli/top.sh
TESTS += tests/cli/top-tmux.sh
EXTRA_DIST += tests/cli/top-tmux.sh
# every command of the second wave, and its own inputs, on hostile trees
TESTS += tests/cli/hostile-wave.sh
EXTRA_DIST += tests/cli/hostile-wave.sh
# scale: whole generated machines of 64, 256 and 1024 nodes (4096 CPUs),
# every command against the generator's own numbers
TESTS += tests/cli/scale.sh
EXTRA_DIST += tests/cli/scale.sh tests/scale/gen-tree.sh
