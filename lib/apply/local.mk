# apply: the transaction (plan, safety rails, write, read back, undo), the
# journal rollback reads, the sysctl.d drop-in
lib_libvmtune_a_SOURCES += \
	lib/apply/apply.c lib/apply/apply.h \
	lib/apply/journal.c lib/apply/journal.h \
	lib/apply/persist.c lib/apply/persist.h
# provenance: which file, tuned profile or boot parameter sets each knob
lib_libvmtune_a_SOURCES += \
	lib/apply/provenance.c lib/apply/provenance.h
# apply.c includes the profile contract; the loader's branch lists it with
# profile.c, until then it is distributed from here
EXTRA_DIST += lib/advisor/profile.h
# oom_score_adj writes and the systemd drop-in (protect)
lib_libvmtune_a_SOURCES += \
	lib/apply/protect.c lib/apply/protect.h
