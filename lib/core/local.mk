lib_libvmtune_a_SOURCES += \
	lib/core/bitset.h \
	lib/core/cause.c lib/core/cause.h \
	lib/core/clock.c lib/core/clock.h \
	lib/core/keytab.c lib/core/keytab.h \
	lib/core/json.c lib/core/json.h \
	lib/core/jsonw.c lib/core/jsonw.h \
	lib/core/kversion.c lib/core/kversion.h \
	lib/core/lines.h \
	lib/core/rootfs.c lib/core/rootfs.h \
	lib/core/schema.c lib/core/schema.h \
	lib/core/strparse.c lib/core/strparse.h \
	lib/core/text.c lib/core/text.h \
	lib/core/xalloc.c lib/core/xalloc.h
