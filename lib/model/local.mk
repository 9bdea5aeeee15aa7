lib_libvmtune_a_SOURCES += \
	lib/model/watermarks.c lib/model/watermarks.h
# sampler (stat/record)
lib_libvmtune_a_SOURCES += \
	lib/model/rates.c lib/model/rates.h \
	lib/model/series.c lib/model/series.h
# NUMA topology (numa)
lib_libvmtune_a_SOURCES += \
	lib/model/topology.c lib/model/topology.h
# reclaim activity over a window (recommend)
lib_libvmtune_a_SOURCES += \
	lib/model/activity.c lib/model/activity.h
# OOM badness and oom_score (oom)
lib_libvmtune_a_SOURCES += \
	lib/model/oom.c lib/model/oom.h
# top: memory, swap, zone states and node sums of one moment
lib_libvmtune_a_SOURCES += lib/model/levels.c lib/model/levels.h
