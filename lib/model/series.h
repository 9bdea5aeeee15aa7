/* Intervals and their Average over a series of samples: `vmtune stat`'s
 * rows (and later top's).  Feed the samples in order; each one after the
 * first gives the rates of the interval since the one before, for the
 * whole system and per node (model/rates), and vt_series_average gives the
 * rates over every interval fed.  Pure computation, no I/O.  Everything is
 * sized by the first sample, so that feeding allocates nothing after it
 * (a later sample with more nodes than any before grows the copy once).
 *
 * - A counter that went backwards (a reboot inside a recording, a wrapped
 *   counter) makes its interval a "reset" row with no rates; the Average
 *   leaves that interval out, as it sums the deltas of the others.
 * - Nodes: the rows are the current sample's nodes (or the one chosen),
 *   at most as many as the first sample had; the Average covers the nodes
 *   of the first sample.  A node without counters in the previous sample
 *   has a "node appeared" reset row. */
#ifndef VT_MODEL_SERIES_H
#define VT_MODEL_SERIES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/rates.h"
#include "probe/sample.h"

/* vt_series_init's `node`: a row for every node. */
#define VT_SERIES_ALL_NODES (-1)

struct vt_series_node {
	unsigned id;
	struct vt_delta sum;    /* every interval of this node, resets left out */
};

struct vt_series {
	int node;               /* the only node with rows, or VT_SERIES_ALL_NODES */
	bool started;           /* a first sample was fed */
	struct vt_sample last;  /* the sample fed last: where the next interval starts */
	unsigned intervals;     /* intervals fed, resets included */
	struct vt_delta system_sum;
	size_t nsums;
	struct vt_series_node *sums;    /* the first sample's nodes */

	/* The rows of the last interval fed, or of the Average. */
	struct vt_rates system;
	size_t nnodes;
	unsigned *node_ids;
	struct vt_rates *nodes;
};

/* `node`: the only node to give rows for, or VT_SERIES_ALL_NODES. */
void vt_series_init(struct vt_series *ser, int node);
void vt_series_release(struct vt_series *ser);
/* The next sample: 0 for the first (nothing to compare it with yet), 1
 * when the rows hold the interval from the previous sample to `s`. */
int vt_series_feed(struct vt_series *ser, const struct vt_sample *s);
/* The rows of the Average over every interval fed so far. */
void vt_series_average(struct vt_series *ser);

#endif
