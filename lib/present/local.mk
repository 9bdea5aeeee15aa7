lib_libvmtune_a_SOURCES += \
	lib/present/format.c lib/present/format.h \
	lib/present/status.c lib/present/status.h \
	lib/present/watermarks.c lib/present/watermarks.h
