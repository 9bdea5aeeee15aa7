# `make bench`: benchmarks, never part of `make check`.  Each benchmark is a
# program (or script) listed in VT_BENCHES; `make bench` builds and runs them
# all in order and prints their results.  See bench/README.
VT_BENCHES =
VT_BENCH_SHELL =
EXTRA_DIST += bench/README bench/lib.sh
# vt-rusage: wall time, CPU and peak RSS of a command from wait4()
noinst_PROGRAMS += bench/vt-rusage
bench_vt_rusage_SOURCES = bench/vt-rusage.c
bench_vt_rusage_LDADD =

# Each benchmark's output is also kept in bench/out/NAME.txt, where the last
# one, table.sh, reads the figures of the others (one table from one run).
bench: $(VT_BENCHES) bench/vt-rusage
	@set -e; mkdir -p bench/out; \
	for b in $(VT_BENCHES); do echo "=== $$b"; ./$$b >bench/out/$${b##*/}.txt; cat bench/out/$${b##*/}.txt; done; \
	for s in $(VT_BENCH_SHELL); do echo "=== $$s"; VMTUNE=$(abs_top_builddir)/src/vmtune VT_SRCDIR=$(abs_top_srcdir) VT_BUILDDIR=$(abs_top_builddir) VT_BENCH_OUT=$(abs_top_builddir)/bench/out sh $(srcdir)/$$s >bench/out/$${s##*/}.txt; cat bench/out/$${s##*/}.txt; done
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
# scale: generated 64, 256 and 1024-node machines, time and peak RSS per
# command and the per-node slope
VT_BENCH_SHELL += bench/scale.sh
EXTRA_DIST += bench/scale.sh
# table: one table from this run (last): per-sample ratio, start-up against
# numactl/sysctl/sar, peak RSS, top against htop
VT_BENCH_SHELL += bench/table.sh
EXTRA_DIST += bench/table.sh
