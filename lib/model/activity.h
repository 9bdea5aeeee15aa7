/* Reclaim activity over a window, from samples: what the advisor's
 * activity rules read.  Pure: the caller takes the samples (a live window,
 * the ends of a series, or one sample whose counters run since boot). */
#ifndef VT_MODEL_ACTIVITY_H
#define VT_MODEL_ACTIVITY_H

#include "model/rates.h"
#include "probe/sample.h"

/* What the figures cover, from thinnest to best. */
enum vt_basis {
	VT_BASIS_NONE,          /* levels only: no counters over time */
	VT_BASIS_SINCE_BOOT,    /* counters since boot over the uptime: bursts averaged away */
	VT_BASIS_SERIES,        /* the first and last snapshots of a tree (t0/, t1/, ...) */
	VT_BASIS_SAMPLED,       /* a window sampled live (--sample) */
	VT_BASIS_RECORDING,     /* a `vmtune record` file (--from) */
};

const char *vt_basis_name(enum vt_basis basis);

struct vt_activity {
	enum vt_basis basis;
	double window_s;
	struct vt_delta delta;  /* system-wide */
	struct vt_rates rates;  /* from the delta */
	/* The worst interval of the window (its samples' own intervals, a
	 * second apart when sampled live): bursts that the average hides.
	 * 0 when the window is one interval. */
	double peak_direct_steal_s;     /* pgsteal_direct per second */
	double peak_allocstall_s;
	char source[160];       /* for people: "60.0 s sampled live" */
};

/* Takes one interval of the window (`one`, from vt_activity_between) into
 * the peaks of `act`. */
void vt_activity_peak(struct vt_activity *act, const struct vt_activity *one);

/* prev -> cur, system-wide.  0, or 1 when a counter went backwards (a
 * reboot between them): the activity is then empty, rates.reset set. */
int vt_activity_between(const struct vt_sample *prev, const struct vt_sample *cur, enum vt_basis basis,
			struct vt_activity *out);
/* The counters of one sample against zero over its time since boot
 * (mono_ns: CLOCK_MONOTONIC, a snapshot's, or the uptime). */
int vt_activity_since_boot(const struct vt_sample *cur, struct vt_activity *out);

#endif
