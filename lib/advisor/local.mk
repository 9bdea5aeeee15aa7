lib_libvmtune_a_SOURCES += \
	lib/advisor/knobs.c lib/advisor/knobs.h \
	lib/advisor/status.c lib/advisor/status.h
