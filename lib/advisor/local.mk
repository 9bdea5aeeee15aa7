lib_libvmtune_a_SOURCES += \
	lib/advisor/knobs.c lib/advisor/knobs.h \
	lib/advisor/status.c lib/advisor/status.h
# the advisor: engine, rule table, one file per rule
lib_libvmtune_a_SOURCES += \
	lib/advisor/advise.c lib/advisor/advise.h \
	lib/advisor/rules.c lib/advisor/rules.h \
	lib/advisor/rule_swappiness.c \
	lib/advisor/rule_min_free.c \
	lib/advisor/rule_scale.c \
	lib/advisor/rule_boost.c \
	lib/advisor/rule_zone_reclaim.c
# profiles: the loader, inheritance, resolution and the search (vmtune-profile(5))
lib_libvmtune_a_SOURCES += lib/advisor/profile.c lib/advisor/profile.h
