# `make bench`: benchmarks, never part of `make check`.  Each benchmark is a
# program (or script) listed in VT_BENCHES; `make bench` builds and runs them
# all in order and prints their results.  See bench/README.
VT_BENCHES =
VT_BENCH_SHELL =
EXTRA_DIST += bench/README bench/lib.sh

bench: $(VT_BENCHES)
	@set -e; for b in $(VT_BENCHES); do echo "=== $$b"; ./$$b; done; \
	for s in $(VT_BENCH_SHELL); do echo "=== $$s"; VMTUNE=$(abs_top_builddir)/src/vmtune VT_SRCDIR=$(abs_top_srcdir) VT_BUILDDIR=$(abs_top_builddir) sh $(srcdir)/$$s; done
.PHONY: bench
# stat: per-sample read+parse+rates vs read only
VT_BENCHES += bench/bench_stat
noinst_PROGRAMS += bench/bench_stat
bench_bench_stat_SOURCES = bench/bench_stat.c
bench_bench_stat_LDADD = $(VT_LIBS)
# numa: --json on a generated 64-node, 1024-CPU tree vs the 1-node fixture
VT_BENCH_SHELL += bench/numa.sh
EXTRA_DIST += bench/numa.sh
# recommend: --json (static) start to result vs numactl --hardware
VT_BENCH_SHELL += bench/recommend.sh
EXTRA_DIST += bench/recommend.sh
# top: CPU per frame and peak RSS in a 120x40 tmux pane vs htop
VT_BENCH_SHELL += bench/top.sh
EXTRA_DIST += bench/top.sh
