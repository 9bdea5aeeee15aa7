/* The levels `top` shows beside a sample's counters: proc/meminfo,
 * proc/zoneinfo and the vm knobs of its header.  Like the sampler's, the
 * files are opened once and re-read with pread() into buffers kept, so
 * that after start-up a frame allocates nothing (the zone array is reused
 * too: vt_zoneinfo_parse).  A file the root does not have is "not
 * available"; one that exists and cannot be read or parsed is an error. */
#ifndef VT_PROBE_GAUGES_H
#define VT_PROBE_GAUGES_H

#include <stdbool.h>
#include <stdint.h>

#include "core/rootfs.h"
#include "probe/meminfo.h"
#include "probe/zoneinfo.h"

/* The knobs of top's header, in its order: what moves the watermarks,
 * what steers reclaim between anon and file, and the NUMA reclaim switch. */
enum vt_gauge_knob {
	VT_GK_MIN_FREE_KBYTES,
	VT_GK_WATERMARK_SCALE_FACTOR,
	VT_GK_WATERMARK_BOOST_FACTOR,
	VT_GK_SWAPPINESS,
	VT_GK_ZONE_RECLAIM_MODE,
	VT_GK_COUNT
};

/* "vm.min_free_kbytes", ... */
const char *vt_gauge_knob_name(enum vt_gauge_knob k);

struct vt_gauges {
	bool have_meminfo;
	struct vt_meminfo meminfo;
	bool have_zoneinfo;
	struct vt_zoneinfo zoneinfo;    /* reused from one take to the next */
	bool have_knob[VT_GK_COUNT];
	int64_t knob[VT_GK_COUNT];
};

struct vt_gauge_file {
	int fd;                 /* -1: the root has no such file */
	char *display;
	struct vt_buf buf;
};

struct vt_gauge_reader {
	struct vt_gauge_file meminfo, zoneinfo, knob[VT_GK_COUNT];
	/* A sosreport has no proc/sys/vm: the knobs its sysctl_-a recorded,
	 * read once at open (one moment). */
	bool have_recorded[VT_GK_COUNT];
	int64_t recorded[VT_GK_COUNT];
};

void vt_gauges_init(struct vt_gauges *g);
void vt_gauges_release(struct vt_gauges *g);

/* Opens every file there is under `root`.  0, or -errno when one exists
 * but cannot be opened.  After a failure too, close releases it. */
int vt_gauge_reader_open(struct vt_gauge_reader *r, const struct vt_root *root, char **cause);
void vt_gauge_reader_close(struct vt_gauge_reader *r);
/* Reads and parses every open file into `g`; what is not open is not
 * available.  0, or -errno naming the file. */
int vt_gauge_reader_take(struct vt_gauge_reader *r, struct vt_gauges *g, char **cause);

/* Pure: one integer sysctl's text ("60\n").  0 or -EINVAL. */
int vt_gauge_knob_parse(const char *buf, size_t len, int64_t *out, char **cause);

#endif
