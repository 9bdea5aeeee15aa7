# sbin: it changes kernel settings, like sysctl(8)
sbin_PROGRAMS += src/vmtune
src_vmtune_SOURCES = \
	src/main.c src/cli.c src/cli.h src/commands.c \
	src/cmd_help.c \
	src/cmd_numa.c \
	src/cmd_snapshot.c \
	src/cmd_status.c \
	src/cmd_watermarks.c
# sampler (stat/record)
src_vmtune_SOURCES += \
	src/cmd_record.c \
	src/cmd_stat.c
src_vmtune_LDADD = $(VT_LIBS)
if STATIC_BINARY
src_vmtune_LDFLAGS = -static
endif
# advice (recommend, check)
src_vmtune_SOURCES += \
	src/cmd_recommend.c src/cmd_check.c \
	src/advice_input.c src/advice_input.h
# apply and rollback
src_vmtune_SOURCES += src/cmd_apply.c
# the test hook VMTUNE_TEST_FAULT (apply, rollback, protect)
src_vmtune_SOURCES += src/test_fault.c src/test_fault.h
# profiles (profile list/show/validate, check --profile)
src_vmtune_SOURCES += src/cmd_profile.c
# Prometheus metrics (export)
src_vmtune_SOURCES += src/cmd_export.c
# OOM ranking and oom_score_adj (oom, protect)
src_vmtune_SOURCES += src/cmd_oom.c src/cmd_protect.c
# top: the dashboard (lib/present/tui.c needs ncurses when it is there)
src_vmtune_SOURCES += src/cmd_top.c
src_vmtune_LDADD += $(NCURSES_LIBS)
