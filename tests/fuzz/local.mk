# libFuzzer targets, built with `CC=clang ./configure --enable-fuzzing`.
# Each target is tests/fuzz/fuzz_<parser>.c defining LLVMFuzzerTestOneInput;
# add it to VT_FUZZERS and give it _SOURCES/_CFLAGS/_LDFLAGS/_LDADD like the
# others.  `make fuzz-smoke` runs every target for a few seconds on its corpus.
VT_FUZZERS =
if ENABLE_FUZZING
noinst_PROGRAMS += $(VT_FUZZERS)
endif
VT_FUZZ_CFLAGS = $(AM_CFLAGS) -fsanitize=fuzzer,address,undefined
VT_FUZZ_LDFLAGS = -fsanitize=fuzzer,address,undefined

fuzz-smoke: $(VT_FUZZERS)
	@set -e; for f in $(VT_FUZZERS); do \
		n=$$(basename $$f); corpus=$(srcdir)/tests/fuzz/corpus/$${n#fuzz_}; \
		echo "=== $$n ($$corpus)"; mkdir -p $(builddir)/fuzz-work/$$n; \
		./$$f -max_total_time=$${FUZZ_SECONDS:-10} $(builddir)/fuzz-work/$$n $$corpus; done
.PHONY: fuzz-smoke
