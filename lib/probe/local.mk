lib_libvmtune_a_SOURCES += \
	lib/probe/cgroups.c lib/probe/cgroups.h \
	lib/probe/manifest.c lib/probe/manifest.h \
	lib/probe/swaps.c lib/probe/swaps.h \
	lib/probe/meminfo.c lib/probe/meminfo.h \
	lib/probe/numa.c lib/probe/numa.h \
	lib/probe/snapshot.c lib/probe/snapshot.h \
	lib/probe/sos.c lib/probe/sos.h \
	lib/probe/state.c lib/probe/state.h \
	lib/probe/sysctl.c lib/probe/sysctl.h \
	lib/probe/system.c lib/probe/system.h \
	lib/probe/thp.c lib/probe/thp.h \
	lib/probe/zoneinfo.c lib/probe/zoneinfo.h
# sampler (stat/record)
lib_libvmtune_a_SOURCES += \
	lib/probe/vmstat.c lib/probe/vmstat.h \
	lib/probe/psi.c lib/probe/psi.h \
	lib/probe/numastat.c lib/probe/numastat.h \
	lib/probe/sample.c lib/probe/sample.h \
	lib/probe/record.c lib/probe/record.h \
	lib/probe/source.c lib/probe/source.h
# provenance: sysctl.d files and tuned's profile files (lib/apply/provenance.c)
lib_libvmtune_a_SOURCES += \
	lib/probe/sysctld.c lib/probe/sysctld.h \
	lib/probe/tuned.c lib/probe/tuned.h
# processes for the OOM ranking (oom, protect)
lib_libvmtune_a_SOURCES += \
	lib/probe/procs.c lib/probe/procs.h \
	lib/probe/oomkillers.c lib/probe/oomkillers.h
# top: the levels of each frame (meminfo, zoneinfo, knobs) on open files
lib_libvmtune_a_SOURCES += lib/probe/gauges.c lib/probe/gauges.h
