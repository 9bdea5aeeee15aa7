#include "config.h"
#include "present/frame.h"
#include "model/levels.h"

#include <criterion/criterion.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* top's frame as text, on made-up model data: the panels, the zone
 * states and marks, the keys' state, the history ring, the layout when
 * space runs out, the writers. */

static struct vt_zone zones[4];
static struct vt_zoneinfo zi;
static struct vt_levels lv;
static struct vt_meminfo mi;
static struct vt_psi psi;
static struct vt_gauges gauges;

static void zone(struct vt_zone *z, unsigned node, const char *name, uint64_t free, uint64_t min,
		 uint64_t managed)
{
	memset(z, 0, sizeof *z);
	z->node = node;
	snprintf(z->name, sizeof z->name, "%s", name);
	z->value[VT_ZF_FREE] = free;
	z->value[VT_ZF_MIN] = min;
	z->value[VT_ZF_LOW] = min * 5 / 4;
	z->value[VT_ZF_HIGH] = min * 3 / 2;
	z->value[VT_ZF_MANAGED] = managed;
	z->has = 1u << VT_ZF_FREE | 1u << VT_ZF_MIN | 1u << VT_ZF_LOW | 1u << VT_ZF_HIGH | 1u << VT_ZF_MANAGED;
}

/* Node 0: Normal above high, DMA32 in kswapd's range; node 1: Normal
 * below min; an empty Movable zone that is not shown. */
static void setup_levels(void)
{
	zone(&zones[0], 0, "DMA32", 1150, 1000, 100000);
	zone(&zones[1], 0, "Normal", 90000, 1000, 200000);
	zone(&zones[2], 0, "Movable", 0, 0, 0);
	zone(&zones[3], 1, "Normal", 900, 1000, 200000);
	memset(&zi, 0, sizeof zi);
	zi.zones = zones;
	zi.nzones = 4;
	memset(&mi, 0, sizeof mi);
	mi.value[VT_MI_MEM_TOTAL] = 2000000;
	mi.value[VT_MI_MEM_AVAILABLE] = 500000;
	mi.value[VT_MI_SWAP_TOTAL] = 1048576;
	mi.value[VT_MI_SWAP_FREE] = 1048576 - 2048;
	vt_bit_set(mi.present, VT_MI_MEM_TOTAL);
	vt_bit_set(mi.present, VT_MI_MEM_AVAILABLE);
	vt_bit_set(mi.present, VT_MI_SWAP_TOTAL);
	vt_bit_set(mi.present, VT_MI_SWAP_FREE);
	vt_levels_init(&lv);
	vt_levels_compute(&mi, &zi, &lv);
	memset(&psi, 0, sizeof psi);
	psi.some.present = psi.full.present = true;
	psi.some.avg10 = 12.5;
	psi.full.avg10 = 3.25;
	memset(&gauges, 0, sizeof gauges);
	gauges.have_knob[VT_GK_MIN_FREE_KBYTES] = true;
	gauges.knob[VT_GK_MIN_FREE_KBYTES] = 67584;
}

static void teardown_levels(void)
{
	vt_levels_release(&lv);
}

static void input(struct vt_frame_input *in)
{
	memset(in, 0, sizeof *in);
	in->hostname = "host";
	in->kernel = "6.1.0";
	in->have_uptime = true;
	in->uptime_s = 90061;
	in->interval_s = 1;
	in->source = "live";
	in->time = "12:00:00";
	in->levels = &lv;
	in->psi = &psi;
	in->gauges = &gauges;
	in->page_size = 4096;
	in->advice_missing = "not available";
}

/* The frame as text in a malloc'ed string. */
static char *text(struct vt_frame *f)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);

	cr_assert_not_null(out);
	cr_assert_eq(vt_frame_write_text(f, out), 0);
	fclose(out);
	return buf;
}

static const char *line_with(const char *t, const char *needle, char *out, size_t size)
{
	const char *p = strstr(t, needle), *start, *end;

	if (p == NULL)
		return NULL;
	for (start = p; start > t && start[-1] != '\n'; start--)
		;
	end = strchr(p, '\n');
	snprintf(out, size, "%.*s", (int)(end - start), start);
	return out;
}

TestSuite(frame, .init = setup_levels, .fini = teardown_levels);

Test(frame, every_figure_has_a_definition)
{
	const struct vt_figure *figs;
	size_t n = vt_frame_figures(&figs);

	cr_assert_gt(n, 15);
	for (size_t i = 0; i < n; i++) {
		cr_expect_not_null(figs[i].definition, "%s", figs[i].label);
		cr_expect(figs[i].definition && strlen(figs[i].definition) > 10, "%s", figs[i].label);
	}
}

Test(frame, zones_show_their_state_and_marks_and_empty_zones_are_left_out)
{
	struct vt_frame f;
	struct vt_frame_input in;
	char *t, l[256];

	vt_frame_init(&f, 80, 24, 80, 24, false);
	input(&in);
	vt_frame_compose(&f, &in);
	t = text(&f);
	cr_expect_not_null(line_with(t, "N0 Normal", l, sizeof l));
	cr_expect_not_null(strstr(l, "above high"), "%s", l);
	cr_expect_not_null(strstr(l, ">]"), "free beyond twice high: %s", l);
	cr_expect_not_null(line_with(t, "N0 DMA32", l, sizeof l));
	cr_expect_not_null(strstr(l, "kswapd range"), "%s", l);
	cr_expect_not_null(strchr(l, 'm') && strchr(l, 'l') && strchr(l, 'h'), "%s", l);
	cr_expect_not_null(line_with(t, "N1 Normal", l, sizeof l));
	cr_expect_not_null(strstr(l, "below min"), "%s", l);
	cr_expect_null(strstr(t, "Movable"), "a zone without managed pages is not shown");
	cr_expect_not_null(strstr(t, "MemAvailable 488.3 MiB of 1.9 GiB"), "%s", t);
	cr_expect_not_null(strstr(t, "PSI some 12.50%  full 3.25%"), "%s", t);
	cr_expect_not_null(strstr(t, "swap 2.0 MiB of 1.0 GiB"), "%s", t);
	cr_expect_not_null(strstr(t, "up 1d 01:01"), "%s", t);
	cr_expect_not_null(strstr(t, "min_free_kbytes 67584  wsf n/a"), "%s", t);
	cr_expect_not_null(strstr(t, "rates: need two samples"), "%s", t);
	cr_expect_not_null(strstr(t, "-- NUMA --"), "two nodes: the NUMA panel shows");
	free(t);
	vt_frame_release(&f);
}

Test(frame, every_row_is_written_and_trailing_blanks_are_cut)
{
	struct vt_frame f;
	struct vt_frame_input in;
	char *t, *p;
	unsigned lines = 0;

	vt_frame_init(&f, 100, 30, 100, 30, false);
	input(&in);
	vt_frame_compose(&f, &in);
	t = text(&f);
	for (p = t; *p; p++) {
		if (*p != '\n')
			continue;
		lines++;
		cr_expect(p == t || p[-1] != ' ', "line %u ends in a blank", lines);
	}
	cr_expect_eq(lines, 30);
	free(t);
	vt_frame_release(&f);
}

Test(frame, a_small_terminal_is_told_so)
{
	struct vt_frame f;
	struct vt_frame_input in;
	char *t;

	vt_frame_init(&f, 200, 100, VT_FRAME_MIN_COLS - 1, 30, false);
	input(&in);
	vt_frame_compose(&f, &in);
	t = text(&f);
	cr_expect_not_null(strstr(t, "terminal too small: 59x30"), "%s", t);
	free(t);
	vt_frame_resize(&f, VT_FRAME_MIN_COLS, VT_FRAME_MIN_ROWS);
	vt_frame_compose(&f, &in);
	t = text(&f);
	cr_expect_null(strstr(t, "too small"), "%s", t);
	cr_expect_not_null(strstr(t, "q quit"), "%s", t);
	free(t);
	vt_frame_resize(&f, 500, 500);
	cr_expect_eq(f.cols, 200, "a resize is clamped to what was allocated");
	cr_expect_eq(f.rows, 100);
	vt_frame_release(&f);
}

Test(frame, keys_change_the_frames_state)
{
	struct vt_frame f;
	struct vt_frame_input in;
	char *t;

	vt_frame_init(&f, 80, 24, 80, 24, false);
	input(&in);
	vt_frame_compose(&f, &in);
	cr_expect_eq(vt_frame_key(&f, 'q'), VT_FA_QUIT);
	cr_expect_eq(vt_frame_key(&f, 'x'), VT_FA_NONE);
	cr_expect_eq(vt_frame_key(&f, '+'), VT_FA_SLOWER);
	cr_expect_eq(vt_frame_key(&f, '-'), VT_FA_FASTER);
	cr_expect_eq(vt_frame_key(&f, 's'), VT_FA_STEP);
	cr_expect_eq(vt_frame_key(&f, 'p'), VT_FA_PAUSE);
	cr_expect(f.paused);
	vt_frame_compose(&f, &in);
	t = text(&f);
	cr_expect_not_null(strstr(t, "[paused]"), "%s", t);
	free(t);
	/* n: node 0, node 1, every node */
	cr_expect_eq(vt_frame_key(&f, 'n'), VT_FA_REDRAW);
	vt_frame_compose(&f, &in);
	t = text(&f);
	cr_expect_not_null(strstr(t, "node 0 (n: next)"), "%s", t);
	cr_expect_null(strstr(t, "N1 Normal"), "%s", t);
	free(t);
	vt_frame_key(&f, 'n');
	vt_frame_compose(&f, &in);
	t = text(&f);
	cr_expect_null(strstr(t, "N0 Normal"), "%s", t);
	cr_expect_not_null(strstr(t, ">node1"), "%s", t);
	free(t);
	vt_frame_key(&f, 'n');
	cr_expect_eq(f.node_sel, 0);
	/* tab: Reclaim, NUMA, Advice, Zones */
	cr_expect_eq(f.focus, VT_PANEL_RECLAIM);
	vt_frame_key(&f, VT_KEY_TAB);
	cr_expect_eq(f.focus, VT_PANEL_NUMA);
	vt_frame_key(&f, VT_KEY_TAB);
	vt_frame_key(&f, VT_KEY_TAB);
	cr_expect_eq(f.focus, VT_PANEL_ZONES);
	vt_frame_compose(&f, &in);
	t = text(&f);
	cr_expect_not_null(strstr(t, "[ Zones ]"), "%s", t);
	free(t);
	/* ?: the definitions, Escape back */
	vt_frame_key(&f, '?');
	vt_frame_compose(&f, &in);
	t = text(&f);
	cr_expect_not_null(strstr(t, "Help: every figure"), "%s", t);
	cr_expect_not_null(strstr(t, "pgscand/s       pages scanned by direct reclaim"), "%s", t);
	free(t);
	vt_frame_key(&f, VT_KEY_ESC);
	cr_expect(!f.help);
	vt_frame_release(&f);
}

Test(frame, one_node_has_no_numa_panel_and_tab_skips_it)
{
	struct vt_frame f;
	struct vt_frame_input in;
	char *t;

	zi.nzones = 3;	/* node 0 only */
	vt_levels_compute(&mi, &zi, &lv);
	vt_frame_init(&f, 80, 24, 80, 24, false);
	input(&in);
	vt_frame_compose(&f, &in);
	t = text(&f);
	cr_expect_null(strstr(t, "NUMA"), "%s", t);
	free(t);
	vt_frame_key(&f, VT_KEY_TAB);
	cr_expect_eq(f.focus, VT_PANEL_ADVICE);
	vt_frame_key(&f, 'n');
	cr_expect_eq(f.node_sel, 0, "one node: nothing to cycle");
	vt_frame_release(&f);
}

Test(frame, the_history_ring_keeps_the_newest_and_gaps_stay_gaps)
{
	struct vt_frame f;
	struct vt_rates r;

	vt_frame_init(&f, 60, 16, 60, 16, false);
	memset(&r, 0, sizeof r);
	r.available = 1ull << VT_RATE_PGSCAND;
	for (unsigned i = 0; i < f.hist_cap + 3; i++) {
		r.value[VT_RATE_PGSCAND] = i;
		vt_frame_push(&f, &r);
	}
	cr_expect_eq(f.hist_len, f.hist_cap);
	cr_expect_eq(f.hist[VT_TREND_PGSCAND * f.hist_cap + (f.hist_head + f.hist_len - 1) % f.hist_cap],
		     f.hist_cap + 2.0, "the newest is last");
	cr_expect_eq(f.hist[VT_TREND_PGSCAND * f.hist_cap + f.hist_head], 3.0, "the oldest three went");
	cr_expect(isnan(f.hist[VT_TREND_PGSCANK * f.hist_cap + f.hist_head]), "not available is NAN");
	vt_frame_push(&f, NULL);
	cr_expect(isnan(f.hist[VT_TREND_PGSCAND * f.hist_cap + (f.hist_head + f.hist_len - 1) % f.hist_cap]));
	vt_frame_release(&f);
}

Test(frame, sparklines_scale_to_the_largest_value_shown)
{
	struct vt_frame f;
	struct vt_frame_input in;
	struct vt_rates r;
	static const double v[] = { 0, 0, 100, 50, 1 };
	char *t, l[256], *spark;

	vt_frame_init(&f, 80, 40, 80, 40, false);
	memset(&r, 0, sizeof r);
	r.available = 1ull << VT_RATE_PGSCAND;
	for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
		r.value[VT_RATE_PGSCAND] = v[i];
		vt_frame_push(&f, &r);
	}
	input(&in);
	in.rates = &r;
	vt_frame_compose(&f, &in);
	t = text(&f);
	cr_assert_not_null(line_with(t, "pgscand/s", l, sizeof l), "%s", t);
	cr_expect_not_null(strstr(l, "1.0"), "the last value: %s", l);
	spark = l + strlen(l) - 5;
	cr_expect_str_eq(spark, "__#=.", "zero, zero, max, half, a little: %s", l);
	cr_assert_not_null(line_with(t, "pgscank/s", l, sizeof l), "%s", t);
	cr_expect_not_null(strstr(l, "n/a"), "%s", l);
	free(t);
	vt_frame_release(&f);
}

Test(frame, a_short_panel_says_how_many_lines_it_left_out)
{
	struct vt_frame f;
	struct vt_frame_input in;
	struct vt_recommendation recs[12];
	struct vt_advice adv;
	struct vt_knob knob = { .name = "vm.swappiness" };
	char *t;

	memset(recs, 0, sizeof recs);
	for (size_t i = 0; i < 12; i++) {
		recs[i].id = "VMT-TST-001";
		recs[i].knob = &knob;
		recs[i].action = VT_ACTION_CHANGE;
		recs[i].current = 60;
		recs[i].recommended = 10;
		snprintf(recs[i].reason, sizeof recs[i].reason, "reason %zu", i);
	}
	memset(&adv, 0, sizeof adv);
	adv.recs = recs;
	adv.nrecs = 12;
	vt_frame_init(&f, 80, 24, 80, 24, false);
	input(&in);
	in.advice = &adv;
	vt_frame_compose(&f, &in);
	t = text(&f);
	cr_expect_not_null(strstr(t, "VMT-TST-001 vm.swappiness 60 -> 10: reason 0"), "%s", t);
	cr_expect_not_null(strstr(t, "more (a taller terminal, or tab to focus)"), "%s", t);
	free(t);
	vt_frame_release(&f);
}

Test(frame, a_json_line_holds_the_figures_with_sorted_keys)
{
	struct vt_frame_input in;
	struct vt_rates r;
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);
	json_t *doc;
	json_error_t err;

	memset(&r, 0, sizeof r);
	r.available = 1ull << VT_RATE_ALLOCSTALL;
	r.value[VT_RATE_ALLOCSTALL] = 4.5;
	input(&in);
	in.rates = &r;
	cr_assert_eq(vt_frame_write_json(out, &in, 123, "2026-01-01T00:00:00.000Z"), 0);
	fclose(out);
	doc = json_loads(buf, 0, &err);
	cr_assert_not_null(doc, "%s: %s", err.text, buf);
	cr_expect_str_eq(json_string_value(json_object_get(doc, "type")), "frame");
	cr_expect_eq(json_integer_value(json_object_get(doc, "schema_version")), 1);
	cr_expect_eq(json_real_value(json_object_get(json_object_get(doc, "rates"), "allocstall_s")), 4.5);
	cr_expect(json_is_null(json_object_get(json_object_get(doc, "rates"), "pgscand_s")));
	cr_expect_str_eq(json_string_value(json_object_get(json_object_get(json_object_get(
		json_object_get(json_object_get(doc, "nodes"), "1"), "zones"), "Normal"), "state")), "below_min");
	cr_expect(json_is_null(json_object_get(doc, "advice")));
	json_decref(doc);
	free(buf);
}
