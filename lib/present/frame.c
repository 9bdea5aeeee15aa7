#include "config.h"
#include "present/frame.h"
#include "core/jsonw.h"
#include "core/schema.h"
#include "core/xalloc.h"
#include "present/format.h"

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/* The reclaim panel's figures: the rate each one shows, its label. */
static const struct {
	enum vt_rate rate;
	const char *label;
} vt_trends[VT_TREND_COUNT] = {
	[VT_TREND_PGSCANK] = { VT_RATE_PGSCANK, "pgscank/s" },
	[VT_TREND_PGSCAND] = { VT_RATE_PGSCAND, "pgscand/s" },
	[VT_TREND_PGSTEAL] = { VT_RATE_PGSTEAL, "pgsteal/s" },
	[VT_TREND_VMEFF] = { VT_RATE_VMEFF, "%vmeff" },
	[VT_TREND_ALLOCSTALL] = { VT_RATE_ALLOCSTALL, "allocstall/s" },
	[VT_TREND_PSWPIN] = { VT_RATE_PSWPIN, "pswpin/s" },
	[VT_TREND_PSWPOUT] = { VT_RATE_PSWPOUT, "pswpout/s" },
	[VT_TREND_REFAULT] = { VT_RATE_REFAULT, "refault/s" },
	[VT_TREND_PSI_SOME] = { VT_RATE_PSI_SOME_AVG10, "PSI some" },
	[VT_TREND_PSI_FULL] = { VT_RATE_PSI_FULL_AVG10, "PSI full" },
};

/* The header's knob labels (short: `?` gives the sysctl). */
static const char *const vt_knob_labels[VT_GK_COUNT] = {
	[VT_GK_MIN_FREE_KBYTES] = "min_free_kbytes",
	[VT_GK_WATERMARK_SCALE_FACTOR] = "wsf",
	[VT_GK_WATERMARK_BOOST_FACTOR] = "boost",
	[VT_GK_SWAPPINESS] = "swappiness",
	[VT_GK_ZONE_RECLAIM_MODE] = "zone_reclaim",
};

/* Every figure on screen, in screen order: the one table `?` and the
 * manual's list come from. */
static const struct vt_figure vt_figures[] = {
	{ "MemAvailable", "memory that can be allocated without swapping: free plus reclaimable (meminfo)" },
	{ "PSI some", "share of the last 10 s in which some task stalled on memory (avg10, %)" },
	{ "PSI full", "share of the last 10 s in which every non-idle task stalled on memory (avg10, %)" },
	{ "swap", "swap in use (SwapTotal - SwapFree) of the swap there is" },
	{ "min_free_kbytes", "vm.min_free_kbytes: the reserve the min watermarks are cut from (kB)" },
	{ "wsf", "vm.watermark_scale_factor: the gap min->low->high, 1/10000 of a zone" },
	{ "boost", "vm.watermark_boost_factor: watermark boost after fragmentation (1/10000 of high)" },
	{ "swappiness", "vm.swappiness: reclaim's cost of anon against file pages (0-200)" },
	{ "zone_reclaim", "vm.zone_reclaim_mode: reclaim on the local node before falling back (bits)" },
	{ "zone bar", "free pages; m l h p: the min, low, high, promo marks; scale 0..2x the top mark" },
	{ "zone state", "above high: kswapd sleeps; kswapd range: below high; below min: direct reclaim" },
	{ "pgscank/s", NULL },
	{ "pgscand/s", NULL },
	{ "pgsteal/s", NULL },
	{ "%vmeff", NULL },
	{ "allocstall/s", NULL },
	{ "pswpin/s", NULL },
	{ "pswpout/s", NULL },
	{ "refault/s", NULL },
	{ "node free", "a node's free pages of its managed pages, summed over its zones" },
	{ "numa_miss/s", NULL },
	{ "advice", "the advisor's pending changes (vmtune recommend), as of start-up" },
};

#define VT_NFIGURES (sizeof vt_figures / sizeof vt_figures[0])

/* The definitions the rate table already has (model/rates.c). */
static const struct vt_figure *vt_figures_resolved(void)
{
	static struct vt_figure resolved[VT_NFIGURES];
	static bool done;

	if (done)
		return resolved;
	for (size_t i = 0; i < VT_NFIGURES; i++) {
		resolved[i] = vt_figures[i];
		if (resolved[i].definition != NULL)
			continue;
		if (strcmp(resolved[i].label, "numa_miss/s") == 0) {
			resolved[i].definition = vt_rate_info(VT_RATE_NUMA_MISS)->what;
			continue;
		}
		for (unsigned t = 0; t < VT_TREND_COUNT; t++)
			if (strcmp(resolved[i].label, vt_trends[t].label) == 0)
				resolved[i].definition = vt_rate_info(vt_trends[t].rate)->what;
	}
	done = true;
	return resolved;
}

size_t vt_frame_figures(const struct vt_figure **figures)
{
	*figures = vt_figures_resolved();
	return VT_NFIGURES;
}

void vt_frame_init(struct vt_frame *f, unsigned max_cols, unsigned max_rows, unsigned cols, unsigned rows,
		   bool unicode)
{
	memset(f, 0, sizeof *f);
	f->max_cols = max_cols;
	f->max_rows = max_rows;
	f->cells = vt_xcalloc((size_t)max_cols * max_rows, sizeof *f->cells);
	f->unicode = unicode;
	f->focus = VT_PANEL_RECLAIM;
	f->hist_cap = max_cols;
	f->hist = vt_xcalloc((size_t)VT_TREND_COUNT * f->hist_cap, sizeof *f->hist);
	/* One line of the widest screen, each character up to 4 bytes of
	 * UTF-8, and the newline. */
	f->line_cap = (size_t)max_cols * 4 + 2;
	f->line = vt_xmalloc(f->line_cap);
	vt_frame_resize(f, cols, rows);
}

void vt_frame_release(struct vt_frame *f)
{
	free(f->cells);
	free(f->hist);
	free(f->line);
	memset(f, 0, sizeof *f);
}

void vt_frame_resize(struct vt_frame *f, unsigned cols, unsigned rows)
{
	f->cols = cols < f->max_cols ? cols : f->max_cols;
	f->rows = rows < f->max_rows ? rows : f->max_rows;
}

void vt_frame_push(struct vt_frame *f, const struct vt_rates *rates)
{
	unsigned at;

	if (f->hist_cap == 0)
		return;
	at = (f->hist_head + f->hist_len) % f->hist_cap;
	if (f->hist_len == f->hist_cap)
		f->hist_head = (f->hist_head + 1) % f->hist_cap;
	else
		f->hist_len++;
	for (unsigned t = 0; t < VT_TREND_COUNT; t++)
		f->hist[(size_t)t * f->hist_cap + at] =
			rates != NULL && vt_rates_has(rates, vt_trends[t].rate) ? rates->value[vt_trends[t].rate] : NAN;
}

/* --- drawing into the grid ------------------------------------------- */

static struct vt_cell *vt_cell_at(struct vt_frame *f, unsigned row, unsigned col)
{
	return &f->cells[(size_t)row * f->max_cols + col];
}

static void vt_put_ch(struct vt_frame *f, unsigned row, unsigned col, uint32_t ch, enum vt_cell_attr attr)
{
	if (row >= f->rows || col >= f->cols)
		return;
	vt_cell_at(f, row, col)->ch = ch;
	vt_cell_at(f, row, col)->attr = (uint8_t)attr;
}

/* Text at (row, col), cut at column `end`; bytes outside printable ASCII
 * show as '?' (what reaches here was escaped by vt_show, or is ours).
 * Returns the column after the text. */
static unsigned vt_put(struct vt_frame *f, unsigned row, unsigned col, unsigned end, enum vt_cell_attr attr,
		       const char *s)
{
	if (end > f->cols)
		end = f->cols;
	for (; *s && col < end; s++, col++)
		vt_put_ch(f, row, col, (unsigned char)*s >= 0x20 && (unsigned char)*s < 0x7f ?
			  (unsigned char)*s : '?', attr);
	return col;
}

static unsigned vt_putf(struct vt_frame *f, unsigned row, unsigned col, unsigned end, enum vt_cell_attr attr,
			const char *fmt, ...) __attribute__((format(printf, 6, 7)));

static unsigned vt_putf(struct vt_frame *f, unsigned row, unsigned col, unsigned end, enum vt_cell_attr attr,
			const char *fmt, ...)
{
	char buf[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	return vt_put(f, row, col, end, attr, buf);
}

static void vt_fill_row(struct vt_frame *f, unsigned row, uint32_t ch, enum vt_cell_attr attr)
{
	for (unsigned c = 0; c < f->cols; c++)
		vt_put_ch(f, row, c, ch, attr);
}

static void vt_clear(struct vt_frame *f)
{
	for (unsigned r = 0; r < f->rows; r++)
		vt_fill_row(f, r, ' ', VT_ATTR_NORMAL);
}

static uint32_t vt_glyph_hline(const struct vt_frame *f)
{
	return f->unicode ? 0x2500 : '-';       /* ─ */
}

/* "12.3", "4.56M": a rate in at most 8 characters. */
static void vt_format_rate(double v, char out[16])
{
	if (v < 1e6)
		snprintf(out, 16, "%.1f", v);
	else if (v < 1e9)
		snprintf(out, 16, "%.2fM", v / 1e6);
	else
		snprintf(out, 16, "%.2fG", v / 1e9);
}

/* A panel's title line: "-- Zones -- extra -----". */
static void vt_title(struct vt_frame *f, unsigned row, enum vt_panel p, const char *name, const char *extra)
{
	enum vt_cell_attr attr = f->focus == p ? VT_ATTR_FOCUS : VT_ATTR_TITLE;
	unsigned col;

	/* The focus shows in plain text too: "[ Zones ]". */
	vt_fill_row(f, row, vt_glyph_hline(f), VT_ATTR_TITLE);
	col = vt_putf(f, row, 2, f->cols, attr, f->focus == p ? "[ %s ]" : " %s ", name);
	if (extra && *extra)
		vt_putf(f, row, col + 1, f->cols, VT_ATTR_TITLE, " %s ", extra);
}

/* --- header ---------------------------------------------------------- */

/* Four lines: who and when; the headline (pressure, not "used %"); swap
 * and where the frames come from; the knobs. */
#define VT_HEADER_ROWS 4

static void vt_header(struct vt_frame *f, const struct vt_frame_input *in)
{
	const struct vt_levels *lv = in->levels;
	char host[96], a[32], b[32];
	unsigned col;

	col = vt_put(f, 0, 0, f->cols, VT_ATTR_BOLD, vt_show(host, sizeof host, *in->hostname ? in->hostname : "?"));
	col = vt_putf(f, 0, col, f->cols, VT_ATTR_NORMAL, "  %s", *in->kernel ? in->kernel : "kernel ?");
	if (in->have_uptime && in->uptime_s >= 86400)
		col = vt_putf(f, 0, col, f->cols, VT_ATTR_NORMAL, "  up %" PRIu64 "d %02u:%02u", in->uptime_s / 86400,
			      (unsigned)(in->uptime_s / 3600 % 24), (unsigned)(in->uptime_s / 60 % 60));
	else if (in->have_uptime)
		col = vt_putf(f, 0, col, f->cols, VT_ATTR_NORMAL, "  up %02u:%02u:%02u", (unsigned)(in->uptime_s / 3600),
			      (unsigned)(in->uptime_s / 60 % 60), (unsigned)(in->uptime_s % 60));
	vt_putf(f, 0, col, f->cols, VT_ATTR_NORMAL, "  %s", in->time ? in->time : "");
	if (in->ended)
		vt_put(f, 0, f->cols >= 6 ? f->cols - 5 : 0, f->cols, VT_ATTR_WARN, "[end]");
	else if (f->paused)
		vt_put(f, 0, f->cols >= 9 ? f->cols - 8 : 0, f->cols, VT_ATTR_WARN, "[paused]");

	col = vt_put(f, 1, 0, f->cols, VT_ATTR_NORMAL, "MemAvailable ");
	if (lv && lv->have_mem) {
		vt_format_kb(lv->mem_available_kb, a, sizeof a);
		vt_format_kb(lv->mem_total_kb, b, sizeof b);
		col = vt_put(f, 1, col, f->cols, VT_ATTR_BOLD, a);
		col = vt_putf(f, 1, col, f->cols, VT_ATTR_NORMAL, " of %s", b);
	} else {
		col = vt_put(f, 1, col, f->cols, VT_ATTR_DIM, "n/a");
	}
	col = vt_put(f, 1, col, f->cols, VT_ATTR_NORMAL, "   PSI some ");
	if (in->psi && in->psi->some.present) {
		col = vt_putf(f, 1, col, f->cols, in->psi->some.avg10 > 0 ? VT_ATTR_WARN : VT_ATTR_BOLD, "%.2f%%",
			      in->psi->some.avg10);
		col = vt_put(f, 1, col, f->cols, VT_ATTR_NORMAL, "  full ");
		if (in->psi->full.present)
			vt_putf(f, 1, col, f->cols, in->psi->full.avg10 > 0 ? VT_ATTR_CRIT : VT_ATTR_BOLD, "%.2f%%",
				in->psi->full.avg10);
		else
			vt_put(f, 1, col, f->cols, VT_ATTR_DIM, "n/a");
	} else {
		vt_put(f, 1, col, f->cols, VT_ATTR_DIM, "n/a");
	}

	col = vt_put(f, 2, 0, f->cols, VT_ATTR_NORMAL, "swap ");
	if (lv && lv->have_swap && lv->swap_total_kb == 0) {
		col = vt_put(f, 2, col, f->cols, VT_ATTR_NORMAL, "none");
	} else if (lv && lv->have_swap) {
		vt_format_kb(lv->swap_used_kb, a, sizeof a);
		vt_format_kb(lv->swap_total_kb, b, sizeof b);
		col = vt_putf(f, 2, col, f->cols, VT_ATTR_NORMAL, "%s of %s", a, b);
	} else {
		col = vt_put(f, 2, col, f->cols, VT_ATTR_DIM, "n/a");
	}
	if (in->interval_s > 0)
		col = vt_putf(f, 2, col, f->cols, VT_ATTR_NORMAL, "   every %gs", in->interval_s);
	vt_putf(f, 2, col, f->cols, VT_ATTR_DIM, "   %s", in->source);

	col = 0;
	for (unsigned k = 0; k < VT_GK_COUNT; k++) {
		col = vt_putf(f, 3, col, f->cols, VT_ATTR_NORMAL, "%s%s ", k ? "  " : "", vt_knob_labels[k]);
		if (in->gauges && in->gauges->have_knob[k])
			col = vt_putf(f, 3, col, f->cols, VT_ATTR_BOLD, "%" PRId64, in->gauges->knob[k]);
		else
			col = vt_put(f, 3, col, f->cols, VT_ATTR_DIM, "n/a");
	}
}

/* --- panels ---------------------------------------------------------- */

/* The node the panels show, or -1 for all. */
static long vt_node_shown(const struct vt_frame *f, const struct vt_levels *lv)
{
	if (f->node_sel == 0 || lv == NULL || f->node_sel > lv->nnodes)
		return -1;
	return (long)lv->nodes[f->node_sel - 1].id;
}

static size_t vt_zones_shown(const struct vt_frame *f, const struct vt_frame_input *in)
{
	long node = vt_node_shown(f, in->levels);
	size_t n = 0;

	if (in->levels == NULL)
		return 0;
	for (size_t i = 0; i < in->levels->nzones; i++)
		n += node < 0 || in->levels->zones[i].zone->node == (unsigned)node;
	return n;
}

static size_t vt_advice_lines(const struct vt_advice *adv)
{
	size_t n = 0;

	if (adv == NULL)
		return 0;
	for (size_t i = 0; i < adv->nrecs; i++)
		n += adv->recs[i].action == VT_ACTION_CHANGE && !adv->recs[i].waived;
	return n;
}

static void vt_more(struct vt_frame *f, unsigned row, size_t more)
{
	vt_putf(f, row, 2, f->cols, VT_ATTR_DIM, "... %zu more (a taller terminal, or tab to focus)", more);
}

static const char *vt_state_short(enum vt_wm_state s)
{
	switch (s) {
	case VT_WM_EMPTY: return "empty";
	case VT_WM_OK: return "above high";
	case VT_WM_KSWAPD: return "kswapd range";
	case VT_WM_LOW: return "kswapd range";
	case VT_WM_MIN: return "below min";
	}
	return "?";
}

static enum vt_cell_attr vt_state_attr(enum vt_wm_state s)
{
	switch (s) {
	case VT_WM_OK: return VT_ATTR_OK;
	case VT_WM_KSWAPD:
	case VT_WM_LOW: return VT_ATTR_WARN;
	case VT_WM_MIN: return VT_ATTR_CRIT;
	case VT_WM_EMPTY: break;
	}
	return VT_ATTR_DIM;
}

/* One zone: "N0 Normal  [####m#l#h###     >]  1.2 GiB  above high".  The
 * bar spans 0 to twice the zone's top mark, so that the marks stay apart
 * at any zone size; '>' says free goes beyond. */
static void vt_zone_line(struct vt_frame *f, unsigned row, const struct vt_level_zone *lz,
			 unsigned long page_size)
{
	const struct vt_zone *z = lz->zone;
	uint64_t marks[4] = { z->value[VT_ZF_MIN], z->value[VT_ZF_LOW], z->value[VT_ZF_HIGH],
			      vt_zone_has(z, VT_ZF_PROMO) ? z->value[VT_ZF_PROMO] : 0 };
	static const char mark_ch[4] = { 'm', 'l', 'h', 'p' };
	uint64_t top = marks[2] > marks[3] ? marks[2] : marks[3], span = top * 2, free = z->value[VT_ZF_FREE];
	char name[VT_TEXT_ESCAPED_SIZE(16)], amount[32];
	enum vt_cell_attr attr = vt_state_attr(lz->state);
	unsigned bar0 = 12, tail = 26, width, filled;

	vt_putf(f, row, 0, bar0, VT_ATTR_NORMAL, "N%u %s", z->node, vt_show(name, sizeof name, z->name));
	width = f->cols > bar0 + tail + 2 ? f->cols - bar0 - tail - 2 : 1;
	if (span == 0)
		span = 1;
	filled = free >= span ? width : (unsigned)((double)free / (double)span * width);
	vt_put_ch(f, row, bar0, '[', VT_ATTR_NORMAL);
	for (unsigned i = 0; i < width; i++)
		vt_put_ch(f, row, bar0 + 1 + i, i < filled ? (f->unicode ? 0x2588 : '#') : ' ', attr);
	if (free > span)
		vt_put_ch(f, row, bar0 + width, '>', VT_ATTR_BOLD);
	for (unsigned m = 0; m < 4; m++) {
		unsigned at;

		if (marks[m] == 0)
			continue;
		at = (unsigned)((double)marks[m] / (double)span * width);
		if (at >= width)
			at = width - 1;
		vt_put_ch(f, row, bar0 + 1 + at, (uint32_t)mark_ch[m], VT_ATTR_BOLD);
	}
	vt_put_ch(f, row, bar0 + 1 + width, ']', VT_ATTR_NORMAL);
	vt_format_pages(free, page_size, amount, sizeof amount);
	vt_putf(f, row, bar0 + width + 3, f->cols, VT_ATTR_NORMAL, "%10s  ", amount);
	vt_put(f, row, bar0 + width + 15, f->cols, attr, vt_state_short(lz->state));
}

static void vt_panel_zones(struct vt_frame *f, const struct vt_frame_input *in, unsigned row, unsigned nrows)
{
	long node = vt_node_shown(f, in->levels);
	size_t total = vt_zones_shown(f, in), shown = 0;
	char extra[64];

	if (node < 0)
		snprintf(extra, sizeof extra, "every node");
	else
		snprintf(extra, sizeof extra, "node %ld (n: next)", node);
	vt_title(f, row, VT_PANEL_ZONES, "Zones", in->levels && in->levels->nnodes > 1 ? extra : NULL);
	row++, nrows--;
	if (total == 0) {
		vt_put(f, row, 2, f->cols, VT_ATTR_DIM, in->zones_missing ? in->zones_missing : "no zones");
		return;
	}
	for (size_t i = 0; i < in->levels->nzones && shown < nrows; i++) {
		const struct vt_level_zone *lz = &in->levels->zones[i];

		if (node >= 0 && lz->zone->node != (unsigned)node)
			continue;
		if (shown + 1 == nrows && total > nrows) {
			vt_more(f, row + (unsigned)shown, total - shown);
			return;
		}
		vt_zone_line(f, row + (unsigned)shown, lz, in->page_size);
		shown++;
	}
}

/* The history of trend t in `width` cells, newest on the right, scaled to
 * the largest value shown (percentages to 100). */
static void vt_sparkline(struct vt_frame *f, unsigned row, unsigned col, unsigned width, unsigned t)
{
	static const uint32_t blocks[8] = { 0x2581, 0x2582, 0x2583, 0x2584, 0x2585, 0x2586, 0x2587, 0x2588 };
	static const char ascii[8] = { '_', '.', ':', '-', '=', '+', '*', '#' };
	unsigned n = f->hist_len < width ? f->hist_len : width;
	const double *h = &f->hist[(size_t)t * f->hist_cap];
	double max = vt_trends[t].rate == VT_RATE_VMEFF ? 100.0 : 0.0;

	for (unsigned i = 0; i < n; i++) {
		double v = h[(f->hist_head + f->hist_len - n + i) % f->hist_cap];

		if (!isnan(v) && v > max)
			max = v;
	}
	for (unsigned i = 0; i < n; i++) {
		double v = h[(f->hist_head + f->hist_len - n + i) % f->hist_cap];
		unsigned level;

		if (isnan(v)) {
			vt_put_ch(f, row, col + width - n + i, ' ', VT_ATTR_DIM);
			continue;
		}
		/* 0 is the lowest glyph alone; anything above it at least the
		 * second, so that one scanned page shows. */
		level = v <= 0 || max <= 0 ? 0 : 1 + (unsigned)(v / max * 6.999);
		if (level > 7)
			level = 7;
		vt_put_ch(f, row, col + width - n + i, f->unicode ? blocks[level] : (uint32_t)ascii[level],
			  VT_ATTR_DIM);
	}
}

/* Direct reclaim and stalls are the alarm; kswapd's work is not. */
static enum vt_cell_attr vt_trend_attr(unsigned t, double v)
{
	if (v <= 0)
		return VT_ATTR_NORMAL;
	switch (t) {
	case VT_TREND_PGSCAND:
	case VT_TREND_ALLOCSTALL:
	case VT_TREND_PSI_FULL:
		return VT_ATTR_CRIT;
	case VT_TREND_PSI_SOME:
	case VT_TREND_PSWPIN:
	case VT_TREND_REFAULT:
		return VT_ATTR_WARN;
	default:
		return VT_ATTR_NORMAL;
	}
}

static void vt_panel_reclaim(struct vt_frame *f, const struct vt_frame_input *in, unsigned row, unsigned nrows,
			     unsigned ncol)
{
	/* Figure t goes to column t / per_col, row t % per_col. */
	unsigned per_col = (VT_TREND_COUNT + ncol - 1) / ncol, colw = f->cols / ncol, per = per_col;

	vt_title(f, row, VT_PANEL_RECLAIM, "Reclaim", in->rates ? "last interval, history" : NULL);
	row++, nrows--;
	if (in->rates == NULL && f->hist_len == 0) {
		vt_put(f, row, 2, f->cols, VT_ATTR_DIM, in->rates_missing ? in->rates_missing : "rates: need two samples");
		return;
	}
	if (nrows < per)
		per = nrows;
	for (unsigned t = 0; t < VT_TREND_COUNT; t++) {
		unsigned r = t % per_col, x = t / per_col * colw, spark = colw > 26 ? colw - 25 : 0;
		enum vt_rate rate = vt_trends[t].rate;
		char val[16];

		if (r >= per)
			continue;
		vt_put(f, row + r, x, x + 13, VT_ATTR_NORMAL, vt_trends[t].label);
		if (in->rates && vt_rates_has(in->rates, rate)) {
			double v = in->rates->value[rate];
			bool pct = vt_rate_info(rate)->kind == VT_RK_PERCENT || vt_rate_info(rate)->kind == VT_RK_LEVEL;
			char shown[20];

			vt_format_rate(v, val);
			snprintf(shown, sizeof shown, "%s%s", val, pct ? "%" : "");
			vt_putf(f, row + r, x + 13, x + 22, vt_trend_attr(t, v), "%8s", shown);
		} else {
			vt_putf(f, row + r, x + 13, x + 22, VT_ATTR_DIM, "%8s", "n/a");
		}
		if (spark)
			vt_sparkline(f, row + r, x + 23, spark, t);
	}
	if (in->rates && in->rates->reset && per < nrows)
		vt_putf(f, row + per, 2, f->cols, VT_ATTR_WARN, "counter reset (%s): no rates for this interval",
			in->rates->reset_counter ? in->rates->reset_counter : "?");
}

static const struct vt_rates *vt_node_rates(const struct vt_frame_input *in, unsigned id)
{
	for (size_t i = 0; i < in->nnodes; i++)
		if (in->node_ids[i] == id)
			return &in->node_rates[i];
	return NULL;
}

static void vt_panel_numa(struct vt_frame *f, const struct vt_frame_input *in, unsigned row, unsigned nrows)
{
	const struct vt_levels *lv = in->levels;
	long node = vt_node_shown(f, lv);

	vt_title(f, row, VT_PANEL_NUMA, "NUMA", NULL);
	row++, nrows--;
	for (size_t i = 0, shown = 0; i < lv->nnodes && shown < nrows; i++, shown++) {
		const struct vt_level_node *n = &lv->nodes[i];
		const struct vt_rates *r = vt_node_rates(in, n->id);
		char a[32], b[32], val[16];
		unsigned col;

		if (shown + 1 == nrows && lv->nnodes - i > 1) {
			vt_more(f, row + (unsigned)shown, lv->nnodes - i);
			return;
		}
		vt_format_pages(n->free_pages, in->page_size, a, sizeof a);
		vt_format_pages(n->managed_pages, in->page_size, b, sizeof b);
		/* '>': the node the zones panel shows. */
		col = vt_putf(f, row + (unsigned)shown, 0, f->cols, node == (long)n->id ? VT_ATTR_BOLD : VT_ATTR_NORMAL,
			      "%cnode%-3u free %10s of %10s", node == (long)n->id ? '>' : ' ', n->id, a, b);
		col = vt_put(f, row + (unsigned)shown, col, f->cols, VT_ATTR_NORMAL, "   numa_miss/s ");
		if (r && vt_rates_has(r, VT_RATE_NUMA_MISS)) {
			vt_format_rate(r->value[VT_RATE_NUMA_MISS], val);
			vt_putf(f, row + (unsigned)shown, col, f->cols,
				r->value[VT_RATE_NUMA_MISS] > 0 ? VT_ATTR_WARN : VT_ATTR_NORMAL, "%s", val);
		} else {
			vt_put(f, row + (unsigned)shown, col, f->cols, VT_ATTR_DIM, "n/a");
		}
	}
}

static void vt_panel_advice(struct vt_frame *f, const struct vt_frame_input *in, unsigned row, unsigned nrows)
{
	size_t total = vt_advice_lines(in->advice), shown = 0;

	vt_title(f, row, VT_PANEL_ADVICE, "Advice", NULL);
	row++, nrows--;
	if (in->advice == NULL) {
		vt_put(f, row, 2, f->cols, VT_ATTR_DIM, in->advice_missing ? in->advice_missing : "not available");
		return;
	}
	if (total == 0) {
		vt_put(f, row, 2, f->cols, VT_ATTR_OK, "no pending advice");
		return;
	}
	for (size_t i = 0; i < in->advice->nrecs && shown < nrows; i++) {
		const struct vt_recommendation *rec = &in->advice->recs[i];
		unsigned col;

		if (rec->action != VT_ACTION_CHANGE || rec->waived)
			continue;
		if (shown + 1 == nrows && total > nrows) {
			vt_more(f, row + (unsigned)shown, total - shown);
			return;
		}
		col = vt_putf(f, row + (unsigned)shown, 0, f->cols,
			      rec->severity >= VT_SEVERITY_HIGH ? VT_ATTR_CRIT :
			      rec->severity >= VT_SEVERITY_MEDIUM ? VT_ATTR_WARN : VT_ATTR_BOLD, "%s", rec->id);
		col = vt_putf(f, row + (unsigned)shown, col, f->cols, VT_ATTR_NORMAL, " %s %" PRId64 " -> %" PRId64 ": ",
			      rec->knob->name, rec->current, rec->recommended);
		vt_put(f, row + (unsigned)shown, col, f->cols, VT_ATTR_NORMAL, rec->reason);
		shown++;
	}
}

/* --- layout ---------------------------------------------------------- */

static void vt_keys_line(struct vt_frame *f)
{
	vt_fill_row(f, f->rows - 1, ' ', VT_ATTR_KEYS);
	vt_put(f, f->rows - 1, 0, f->cols, VT_ATTR_KEYS, f->help ?
	       " ? or Esc: back   q quit" :
	       " q quit  p pause  s step  +/- interval  n node  tab focus  ? help");
}

static void vt_help_screen(struct vt_frame *f)
{
	const struct vt_figure *figs = vt_figures_resolved();
	unsigned row = 1;

	vt_title(f, 0, VT_PANEL_COUNT, "Help: every figure on screen", NULL);
	for (size_t i = 0; i < VT_NFIGURES && row + 1 < f->rows; i++, row++) {
		if (row + 2 == f->rows && i + 1 < VT_NFIGURES) {
			vt_putf(f, row, 0, f->cols, VT_ATTR_DIM, "... %zu more in vmtune(8), or a taller terminal",
				VT_NFIGURES - i);
			break;
		}
		vt_put(f, row, 0, 15, VT_ATTR_BOLD, figs[i].label);
		vt_put(f, row, 16, f->cols, VT_ATTR_NORMAL, figs[i].definition);
	}
}

void vt_frame_compose(struct vt_frame *f, const struct vt_frame_input *in)
{
	bool numa = in->levels && in->levels->nnodes > 1;
	unsigned need[VT_PANEL_COUNT], got[VT_PANEL_COUNT], avail, row, ncol;
	static const enum vt_panel order[VT_PANEL_COUNT] = {
		VT_PANEL_RECLAIM, VT_PANEL_ZONES, VT_PANEL_NUMA, VT_PANEL_ADVICE,
	};
	size_t nzones = vt_zones_shown(f, in), nadv = vt_advice_lines(in->advice);

	f->nnodes_seen = in->levels ? in->levels->nnodes : 0;
	if (f->node_sel > f->nnodes_seen)
		f->node_sel = 0;
	if (f->focus == VT_PANEL_NUMA && !numa)
		f->focus = VT_PANEL_ADVICE;
	vt_clear(f);
	if (f->cols < VT_FRAME_MIN_COLS || f->rows < VT_FRAME_MIN_ROWS) {
		unsigned r = f->rows / 2;

		vt_putf(f, r > 0 ? r - 1 : 0, 0, f->cols, VT_ATTR_WARN, "terminal too small: %ux%u", f->cols, f->rows);
		vt_putf(f, r, 0, f->cols, VT_ATTR_NORMAL, "top needs %ux%u", VT_FRAME_MIN_COLS, VT_FRAME_MIN_ROWS);
		vt_put(f, r + 1, 0, f->cols, VT_ATTR_NORMAL, "q quits");
		return;
	}
	if (f->help) {
		vt_help_screen(f);
		vt_keys_line(f);
		return;
	}
	vt_header(f, in);
	need[VT_PANEL_ZONES] = 1 + (unsigned)(nzones ? nzones : 1);
	need[VT_PANEL_NUMA] = numa ? 1 + (unsigned)in->levels->nnodes : 0;
	need[VT_PANEL_ADVICE] = 1 + (unsigned)(nadv ? nadv : 1);
	/* The figures side by side on a wide screen, unless it is tall
	 * enough for one column of longer history. */
	ncol = f->cols >= 76 && f->rows < VT_HEADER_ROWS + 1 + need[VT_PANEL_ZONES] + need[VT_PANEL_NUMA] +
					   need[VT_PANEL_ADVICE] + 2 + VT_TREND_COUNT ? 2 : 1;
	need[VT_PANEL_RECLAIM] = 1 + (VT_TREND_COUNT + ncol - 1) / ncol + (in->rates && in->rates->reset);
	/* Each panel its title and a line, then the focused one all it
	 * wants, then the others in order of urgency. */
	avail = f->rows - VT_HEADER_ROWS - 1;
	for (unsigned p = 0; p < VT_PANEL_COUNT; p++) {
		got[p] = need[p] ? 2 : 0;
		avail -= got[p];
	}
	if (need[f->focus] > got[f->focus]) {
		unsigned more = need[f->focus] - got[f->focus];

		more = more < avail ? more : avail;
		got[f->focus] += more;
		avail -= more;
	}
	for (unsigned i = 0; i < VT_PANEL_COUNT; i++) {
		enum vt_panel p = order[i];
		unsigned more = need[p] > got[p] ? need[p] - got[p] : 0;

		more = more < avail ? more : avail;
		got[p] += more;
		avail -= more;
	}
	row = VT_HEADER_ROWS;
	vt_panel_zones(f, in, row, got[VT_PANEL_ZONES]);
	row += got[VT_PANEL_ZONES];
	vt_panel_reclaim(f, in, row, got[VT_PANEL_RECLAIM], ncol);
	row += got[VT_PANEL_RECLAIM];
	if (numa) {
		vt_panel_numa(f, in, row, got[VT_PANEL_NUMA]);
		row += got[VT_PANEL_NUMA];
	}
	vt_panel_advice(f, in, row, got[VT_PANEL_ADVICE]);
	vt_keys_line(f);
}

enum vt_frame_action vt_frame_key(struct vt_frame *f, int key)
{
	switch (key) {
	case 'q':
	case 'Q':
		return VT_FA_QUIT;
	case 'p':
	case ' ':
		f->paused = !f->paused;
		return VT_FA_PAUSE;
	case 's':
		return VT_FA_STEP;
	case '+':
		return VT_FA_SLOWER;
	case '-':
		return VT_FA_FASTER;
	case 'n':
		f->node_sel = f->nnodes_seen > 1 ? (f->node_sel + 1) % (f->nnodes_seen + 1) : 0;
		return VT_FA_REDRAW;
	case VT_KEY_TAB:
		do
			f->focus = (enum vt_panel)((f->focus + 1) % VT_PANEL_COUNT);
		while (f->focus == VT_PANEL_NUMA && f->nnodes_seen <= 1);
		return VT_FA_REDRAW;
	case '?':
	case 'h':
		f->help = !f->help;
		return VT_FA_REDRAW;
	case VT_KEY_ESC:
		f->help = false;
		return VT_FA_REDRAW;
	}
	return VT_FA_NONE;
}

/* --- writers --------------------------------------------------------- */

static size_t vt_utf8(uint32_t ch, char *out)
{
	if (ch < 0x80) {
		out[0] = (char)ch;
		return 1;
	}
	if (ch < 0x800) {
		out[0] = (char)(0xc0 | ch >> 6);
		out[1] = (char)(0x80 | (ch & 0x3f));
		return 2;
	}
	if (ch < 0x10000) {
		out[0] = (char)(0xe0 | ch >> 12);
		out[1] = (char)(0x80 | (ch >> 6 & 0x3f));
		out[2] = (char)(0x80 | (ch & 0x3f));
		return 3;
	}
	out[0] = (char)(0xf0 | ch >> 18);
	out[1] = (char)(0x80 | (ch >> 12 & 0x3f));
	out[2] = (char)(0x80 | (ch >> 6 & 0x3f));
	out[3] = (char)(0x80 | (ch & 0x3f));
	return 4;
}

int vt_frame_write_text(const struct vt_frame *f, FILE *out)
{
	for (unsigned r = 0; r < f->rows; r++) {
		const struct vt_cell *c = vt_frame_row(f, r);
		size_t len = 0, keep = 0;

		for (unsigned i = 0; i < f->cols; i++) {
			len += vt_utf8(c[i].ch ? c[i].ch : ' ', f->line + len);
			if (c[i].ch != ' ' && c[i].ch != 0)
				keep = len;
		}
		f->line[keep] = '\n';
		if (fwrite(f->line, 1, keep + 1, out) != keep + 1)
			return -EIO;
	}
	return 0;
}

/* JSON keys of the reclaim figures, sorted as jansson sorts them. */
static const enum vt_rate vt_json_rates[] = {
	VT_RATE_ALLOCSTALL, VT_RATE_PGSCAND, VT_RATE_PGSCANK, VT_RATE_PGSTEAL, VT_RATE_PSI_FULL_AVG10,
	VT_RATE_PSI_SOME_AVG10, VT_RATE_PSWPIN, VT_RATE_PSWPOUT, VT_RATE_REFAULT, VT_RATE_VMEFF,
};

/* Knobs sorted by name. */
static const enum vt_gauge_knob vt_json_knobs[VT_GK_COUNT] = {
	VT_GK_MIN_FREE_KBYTES, VT_GK_SWAPPINESS, VT_GK_WATERMARK_BOOST_FACTOR, VT_GK_WATERMARK_SCALE_FACTOR,
	VT_GK_ZONE_RECLAIM_MODE,
};

static void vt_json_opt_uint(struct vt_jsonw *w, const char *key, bool have, uint64_t v)
{
	if (have)
		vt_jsonw_int(w, key, (int64_t)v);
	else
		vt_jsonw_null(w, key);
}

static void vt_json_nodes(struct vt_jsonw *w, const struct vt_frame_input *in)
{
	const struct vt_levels *lv = in->levels;
	unsigned ids[VT_JSONW_MAX_IDS];
	uint16_t order[VT_JSONW_MAX_IDS];
	size_t n = lv ? (lv->nnodes < VT_JSONW_MAX_IDS ? lv->nnodes : VT_JSONW_MAX_IDS) : 0;

	if (lv == NULL || lv->nnodes == 0) {
		vt_jsonw_null(w, "nodes");
		return;
	}
	for (size_t i = 0; i < n; i++)
		ids[i] = lv->nodes[i].id;
	vt_jsonw_id_order(ids, n, order);
	vt_jsonw_open(w, "nodes");
	for (size_t k = 0; k < n; k++) {
		const struct vt_level_node *node = &lv->nodes[order[k]];
		const struct vt_rates *r = vt_node_rates(in, node->id);
		char id[16];

		snprintf(id, sizeof id, "%u", node->id);
		vt_jsonw_open(w, id);
		vt_jsonw_int(w, "free_pages", (int64_t)node->free_pages);
		vt_jsonw_int(w, "managed_pages", (int64_t)node->managed_pages);
		if (r && vt_rates_has(r, VT_RATE_NUMA_MISS))
			vt_jsonw_real(w, "numa_miss_s", r->value[VT_RATE_NUMA_MISS]);
		else
			vt_jsonw_null(w, "numa_miss_s");
		/* Zones in the kernel's order. */
		vt_jsonw_open_data(w, "zones");
		for (size_t i = 0; i < lv->nzones; i++) {
			const struct vt_level_zone *lz = &lv->zones[i];
			const struct vt_zone *z = lz->zone;

			if (z->node != node->id)
				continue;
			vt_jsonw_open(w, z->name);
			vt_jsonw_int(w, "free", (int64_t)z->value[VT_ZF_FREE]);
			vt_jsonw_int(w, "high", (int64_t)z->value[VT_ZF_HIGH]);
			vt_jsonw_int(w, "low", (int64_t)z->value[VT_ZF_LOW]);
			vt_jsonw_int(w, "managed", (int64_t)z->value[VT_ZF_MANAGED]);
			vt_jsonw_int(w, "min", (int64_t)z->value[VT_ZF_MIN]);
			vt_json_opt_uint(w, "promo", vt_zone_has(z, VT_ZF_PROMO), z->value[VT_ZF_PROMO]);
			vt_jsonw_string(w, "state", vt_wm_state_name(lz->state));
			vt_jsonw_close(w);
		}
		vt_jsonw_close(w);
		vt_jsonw_close(w);
	}
	vt_jsonw_close(w);
}

int vt_frame_write_json(FILE *out, const struct vt_frame_input *in, uint64_t monotonic_ns, const char *time)
{
	const struct vt_levels *lv = in->levels;
	struct vt_jsonw w;

	vt_jsonw_init(&w, out);
	vt_jsonw_open(&w, NULL);
	if (in->advice == NULL) {
		vt_jsonw_null(&w, "advice");
	} else {
		/* Keyed by rule ID, in the rule table's order. */
		vt_jsonw_open_data(&w, "advice");
		for (size_t i = 0; i < in->advice->nrecs; i++) {
			const struct vt_recommendation *rec = &in->advice->recs[i];

			if (rec->action != VT_ACTION_CHANGE || rec->waived)
				continue;
			vt_jsonw_open(&w, rec->id);
			vt_jsonw_int(&w, "current", rec->current);
			vt_jsonw_string(&w, "knob", rec->knob->name);
			vt_jsonw_int(&w, "recommended", rec->recommended);
			vt_jsonw_close(&w);
		}
		vt_jsonw_close(&w);
	}
	vt_jsonw_string(&w, "hostname", *in->hostname ? in->hostname : NULL);
	if (in->interval_s > 0)
		vt_jsonw_real(&w, "interval_s", in->interval_s);
	else
		vt_jsonw_null(&w, "interval_s");
	vt_jsonw_string(&w, "kernel", *in->kernel ? in->kernel : NULL);
	if (in->gauges == NULL) {
		vt_jsonw_null(&w, "knobs");
	} else {
		vt_jsonw_open(&w, "knobs");
		for (unsigned i = 0; i < VT_GK_COUNT; i++) {
			enum vt_gauge_knob k = vt_json_knobs[i];

			if (in->gauges->have_knob[k])
				vt_jsonw_int(&w, vt_gauge_knob_name(k), in->gauges->knob[k]);
			else
				vt_jsonw_null(&w, vt_gauge_knob_name(k));
		}
		vt_jsonw_close(&w);
	}
	vt_jsonw_open(&w, "memory");
	vt_json_opt_uint(&w, "mem_available_kb", lv && lv->have_mem, lv ? lv->mem_available_kb : 0);
	vt_json_opt_uint(&w, "mem_total_kb", lv && lv->have_mem, lv ? lv->mem_total_kb : 0);
	vt_json_opt_uint(&w, "swap_total_kb", lv && lv->have_swap, lv ? lv->swap_total_kb : 0);
	vt_json_opt_uint(&w, "swap_used_kb", lv && lv->have_swap, lv ? lv->swap_used_kb : 0);
	vt_jsonw_close(&w);
	vt_jsonw_int(&w, "monotonic_ns", (int64_t)monotonic_ns);
	vt_json_nodes(&w, in);
	if (in->psi == NULL || !in->psi->some.present) {
		vt_jsonw_null(&w, "psi");
	} else {
		vt_jsonw_open(&w, "psi");
		if (in->psi->full.present)
			vt_jsonw_real(&w, "full_avg10", in->psi->full.avg10);
		else
			vt_jsonw_null(&w, "full_avg10");
		vt_jsonw_real(&w, "some_avg10", in->psi->some.avg10);
		vt_jsonw_close(&w);
	}
	if (in->rates == NULL) {
		vt_jsonw_null(&w, "rates");
	} else {
		vt_jsonw_open(&w, "rates");
		for (size_t i = 0; i < sizeof vt_json_rates / sizeof vt_json_rates[0]; i++) {
			enum vt_rate r = vt_json_rates[i];

			if (vt_rates_has(in->rates, r))
				vt_jsonw_real(&w, vt_rate_info(r)->key, in->rates->value[r]);
			else
				vt_jsonw_null(&w, vt_rate_info(r)->key);
		}
		vt_jsonw_close(&w);
	}
	vt_jsonw_int(&w, "schema_version", vt_schema_version(VT_DOC_TOP));
	vt_jsonw_string(&w, "source", in->source);
	vt_jsonw_string(&w, "time", time);
	vt_jsonw_string(&w, "type", "frame");
	vt_jsonw_close(&w);
	return vt_jsonw_end_line(&w);
}
