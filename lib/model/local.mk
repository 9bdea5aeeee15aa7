lib_libvmtune_a_SOURCES += \
	lib/model/status.c lib/model/status.h
