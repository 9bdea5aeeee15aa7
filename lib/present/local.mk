lib_libvmtune_a_SOURCES += \
	lib/present/format.c lib/present/format.h \
	lib/present/report.c lib/present/report.h \
	lib/present/status.c lib/present/status.h \
	lib/present/watermarks.c lib/present/watermarks.h
# sampler (stat/record)
lib_libvmtune_a_SOURCES += \
	lib/present/stat.c lib/present/stat.h
# NUMA topology (numa)
lib_libvmtune_a_SOURCES += \
	lib/present/numa.c lib/present/numa.h
# advice (recommend, check)
lib_libvmtune_a_SOURCES += \
	lib/present/recommend.c lib/present/recommend.h
# apply and rollback
lib_libvmtune_a_SOURCES += \
	lib/present/apply.c lib/present/apply.h
# profiles (profile list/show/validate, check --profile)
lib_libvmtune_a_SOURCES += lib/present/profile.c lib/present/profile.h
# provenance of the knobs (check, apply --dry-run)
lib_libvmtune_a_SOURCES += lib/present/provenance.c lib/present/provenance.h
# Prometheus metrics (export)
lib_libvmtune_a_SOURCES += lib/present/prom.c lib/present/prom.h
# OOM ranking and oom_score_adj (oom, protect)
lib_libvmtune_a_SOURCES += \
	lib/present/oom.c lib/present/oom.h \
	lib/present/protect.c lib/present/protect.h
# top: the frame as text, and the only file with <curses.h>
lib_libvmtune_a_SOURCES += lib/present/frame.c lib/present/frame.h lib/present/tui.h
if HAVE_NCURSES
lib_libvmtune_a_SOURCES += lib/present/tui.c
endif
