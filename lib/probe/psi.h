/* Pressure stall information: /proc/pressure/{memory,io,cpu} and the cgroup
 * v2 *.pressure files (kernel-facts §9):
 *
 *   some avg10=0.00 avg60=0.00 avg300=0.00 total=0
 *   full avg10=0.00 avg60=0.00 avg300=0.00 total=0
 *
 * avgN are percentages of wall time over N seconds; total is the cumulative
 * stall time in microseconds.  PSI exists from 4.20 with CONFIG_PSI and can
 * be switched off at boot (psi=0: the files are missing or reads fail with
 * EOPNOTSUPP): vt_psi_read() then reports "not available", not zero. */
#ifndef VT_PROBE_PSI_H
#define VT_PROBE_PSI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/rootfs.h"

struct vt_psi_line {
	bool present;
	double avg10, avg60, avg300;    /* percent */
	uint64_t total_us;
};

struct vt_psi {
	struct vt_psi_line some;
	struct vt_psi_line full;        /* absent on old kernels' cpu file */
};

/* Pure parser.  The "some" line is required, "full" is optional; each line
 * needs all four fields (in any order; unknown fields are ignored).  Lines
 * of another kind are ignored.  Allocates nothing. */
int vt_psi_parse(const char *buf, size_t len, struct vt_psi *out, char **cause);

/* Reads and parses `rel`.  Returns -ENOENT (file missing) or -EOPNOTSUPP
 * (PSI disabled at boot) with a message for "not available"; other errors
 * are real failures. */
int vt_psi_read(const struct vt_root *root, const char *rel, struct vt_buf *scratch,
		struct vt_psi *out, char **cause);
/* Same for an already open fd (the sampler keeps its files open). */
int vt_psi_read_fd(int fd, const char *display, struct vt_buf *scratch, struct vt_psi *out,
		   char **cause);

#endif
