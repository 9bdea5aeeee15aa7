/* `vmtune top`'s screen as a plain grid of cells (a character and an
 * attribute each), composed from model data before anything draws it
 * (tmux's screen-write.c against tty.c): --batch prints it as text, the
 * golden tests compare that text, and present/tui.c only copies the cells
 * to the terminal.  Pure: no curses, no I/O but the writers at the end.
 *
 * The grid, the sparkline history and the panels' room are allocated once,
 * by vt_frame_init, for the largest size the frame will take; a resize
 * lays the panels out again in the same cells, and composing a frame
 * allocates nothing.
 *
 * Panels are functions drawing into a region (a first row, a number of
 * rows, the width): Zones, Reclaim, NUMA (hidden on one node), Advice,
 * under a three-line header and above the key line.  What the keys change
 * (focus, help, pause, the node shown) is the frame's state. */
#ifndef VT_PRESENT_FRAME_H
#define VT_PRESENT_FRAME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "advisor/advise.h"
#include "model/levels.h"
#include "model/rates.h"
#include "probe/gauges.h"
#include "probe/psi.h"

/* What a cell means; the terminal layer picks the colour or, in
 * monochrome, the video attribute. */
enum vt_cell_attr {
	VT_ATTR_NORMAL,
	VT_ATTR_BOLD,           /* a headline figure, a watermark mark */
	VT_ATTR_DIM,            /* not available, history */
	VT_ATTR_TITLE,          /* a panel's title line */
	VT_ATTR_FOCUS,          /* the focused panel's title */
	VT_ATTR_KEYS,           /* the key line */
	VT_ATTR_OK,             /* above high */
	VT_ATTR_WARN,           /* kswapd range, pressure */
	VT_ATTR_CRIT,           /* below min, direct reclaim */
	VT_ATTR_COUNT
};

struct vt_cell {
	uint32_t ch;            /* a Unicode code point; ASCII unless `unicode` */
	uint8_t attr;           /* enum vt_cell_attr */
};

enum vt_panel {
	VT_PANEL_ZONES,
	VT_PANEL_RECLAIM,
	VT_PANEL_NUMA,
	VT_PANEL_ADVICE,
	VT_PANEL_COUNT
};

/* The reclaim panel's figures, each with a sparkline, in its order. */
enum vt_trend {
	VT_TREND_PGSCANK, VT_TREND_PGSCAND, VT_TREND_PGSTEAL, VT_TREND_VMEFF, VT_TREND_ALLOCSTALL,
	VT_TREND_PSWPIN, VT_TREND_PSWPOUT, VT_TREND_REFAULT, VT_TREND_PSI_SOME, VT_TREND_PSI_FULL,
	VT_TREND_COUNT
};

/* Every figure the screen shows, with its one-line definition: the `?`
 * screen and the manual's list (tests/cli/top.sh checks the manual has
 * each label). */
struct vt_figure {
	const char *label;
	const char *definition;
};

size_t vt_frame_figures(const struct vt_figure **figures);

/* The smallest screen the panels fit: below it the frame says so. */
#define VT_FRAME_MIN_COLS 60
#define VT_FRAME_MIN_ROWS 16

/* One frame's data, all computed before (model, advisor); NULL or false
 * members are not available and show as such, with the reason when one is
 * given. */
struct vt_frame_input {
	/* header */
	const char *hostname;           /* "" unknown */
	const char *kernel;             /* release, "" unknown */
	bool have_uptime;
	uint64_t uptime_s;
	double interval_s;              /* 0: the source's own (a series, a recording) */
	const char *source;             /* "live", "series DIR", "snapshot DIR", "recording FILE" */
	const char *time;               /* "12:03:04", "t1" */
	bool ended;                     /* the source has no more samples */
	/* headline */
	const struct vt_levels *levels; /* memory, swap, zones, nodes */
	const struct vt_psi *psi;       /* NULL: no PSI */
	const struct vt_gauges *gauges; /* the knobs; NULL: none (a recording) */
	const char *zones_missing;      /* why there are no zones, or NULL */
	unsigned long page_size;
	/* rates of the last interval */
	const struct vt_rates *rates;   /* NULL: no interval yet */
	const char *rates_missing;      /* why not ("need two samples") */
	size_t nnodes;                  /* per-node rates */
	const unsigned *node_ids;
	const struct vt_rates *node_rates;
	/* advice */
	const struct vt_advice *advice; /* NULL: see advice_missing */
	const char *advice_missing;
};

struct vt_frame {
	unsigned max_cols, max_rows;
	unsigned cols, rows;            /* the size laid out */
	struct vt_cell *cells;          /* max_cols * max_rows, row-major by max_cols */
	bool unicode;                   /* block and line characters; else ASCII */
	/* state the keys change */
	enum vt_panel focus;
	bool help;
	bool paused;
	size_t node_sel;                /* 0: every node; k: the k-th node of the levels */
	size_t nnodes_seen;             /* nodes of the last frame, for `n` */
	/* sparkline history: trend t's values at hist[t * hist_cap + i] */
	unsigned hist_cap, hist_len, hist_head;
	double *hist;                   /* NAN: not available in that interval */
	/* scratch for one line of text */
	char *line;
	size_t line_cap;
};

/* Allocates for screens up to max_cols x max_rows (and a history as long
 * as the widest sparkline), laid out at cols x rows. */
void vt_frame_init(struct vt_frame *f, unsigned max_cols, unsigned max_rows, unsigned cols, unsigned rows,
		   bool unicode);
void vt_frame_release(struct vt_frame *f);
/* A new size, clamped to the maximum. */
void vt_frame_resize(struct vt_frame *f, unsigned cols, unsigned rows);
/* Appends one interval's rates (NULL: a gap, a reset) to the history. */
void vt_frame_push(struct vt_frame *f, const struct vt_rates *rates);
/* Draws every cell of the frame from `in`. */
void vt_frame_compose(struct vt_frame *f, const struct vt_frame_input *in);

static inline const struct vt_cell *vt_frame_row(const struct vt_frame *f, unsigned row)
{
	return &f->cells[(size_t)row * f->max_cols];
}

/* What a key asks of the loop, after the frame changed its own state. */
enum vt_frame_action {
	VT_FA_NONE,             /* not a key of top's */
	VT_FA_REDRAW,           /* compose again from the same data */
	VT_FA_QUIT,
	VT_FA_PAUSE,            /* paused toggled (see f->paused) */
	VT_FA_STEP,             /* one sample now, paused or not */
	VT_FA_SLOWER,           /* a longer interval */
	VT_FA_FASTER,
};

/* The key codes beyond characters that the frame knows. */
#define VT_KEY_TAB '\t'
#define VT_KEY_ESC 27

enum vt_frame_action vt_frame_key(struct vt_frame *f, int key);

/* The frame as text: each row's characters (UTF-8 when `unicode`),
 * trailing blanks cut.  0 or -EIO. */
int vt_frame_write_text(const struct vt_frame *f, FILE *out);
/* The frame's figures as one JSON line (schema "top"), written without
 * allocating.  `time` ISO 8601 or NULL; 0, -EIO, or -EPROTO on a key
 * order bug. */
int vt_frame_write_json(FILE *out, const struct vt_frame_input *in, uint64_t monotonic_ns, const char *time);

#endif
