lib_libvmtune_a_SOURCES += \
	lib/probe/manifest.c lib/probe/manifest.h \
	lib/probe/meminfo.c lib/probe/meminfo.h \
	lib/probe/node.c lib/probe/node.h \
	lib/probe/snapshot.c lib/probe/snapshot.h \
	lib/probe/sysctl.c lib/probe/sysctl.h \
	lib/probe/system.c lib/probe/system.h \
	lib/probe/zoneinfo.c lib/probe/zoneinfo.h
