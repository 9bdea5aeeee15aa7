/* `vmtune top`: the live dashboard.  Samples come from probe/source like
 * stat's and record's (the live system, a series root, a recording with
 * --replay); the rates and their history from model/series; the levels of
 * each moment (meminfo, zoneinfo, knobs) from probe/gauges through
 * model/levels; the advice once, at start-up.  present/frame composes the
 * screen as text; --batch prints it, the dashboard hands it to
 * present/tui.  Here: the options, the loop, the keys, the signals and the
 * exit code.  After start-up a live frame allocates nothing
 * (tests/cli/top.sh), and top never writes a knob. */
#include "config.h"
#include "cli.h"
#include "advice_input.h"
#include "core/cause.h"
#include "core/clock.h"
#include "core/strparse.h"
#include "model/levels.h"
#include "model/series.h"
#include "present/frame.h"
#include "present/tui.h"
#include "probe/gauges.h"
#include "probe/sample.h"
#include "probe/source.h"
#include "probe/system.h"

#include <errno.h>
#include <fcntl.h>
#include <langinfo.h>
#include <locale.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

/* The largest screen the frame is allocated for: a bigger terminal shows
 * it in its top-left corner. */
#define VT_TOP_MAX_COLS 400
#define VT_TOP_MAX_ROWS 150

/* Below any ordinary process (0 and up) and any the admin protected with
 * less, but not -1000: that would exempt top from the OOM killer even if
 * it ran away with memory itself.  The badness of a process is its pages
 * plus adj/1000 of all memory, so -900 keeps a top that uses more than 90 %
 * of memory killable.  (atop takes -999; systemd gives sshd -1000.) */
#define VT_TOP_OOM_SCORE_ADJ "-900"

/* The longest wait for a key before the loop looks at its signal flag. */
#define VT_TOP_WAIT_MS 200

struct vt_top_opts {
	double interval;        /* 0: not given */
	uint64_t iterations;    /* 0: until q */
	bool iterations_set;
	const char *replay;
	bool batch;
	unsigned cols, rows;    /* --size */
	bool size_set;
	const char *keys;
};

static int vt_top_parse_iterations(void *opts, const char *arg, char **cause)
{
	struct vt_top_opts *o = opts;

	o->iterations_set = true;
	return vt_parse_u64(arg, 1, UINT32_MAX, &o->iterations, cause) < 0 ? -1 : 0;
}

static int vt_top_parse_size(void *opts, const char *arg, char **cause)
{
	struct vt_top_opts *o = opts;
	const char *x = strchr(arg, 'x');
	uint64_t c, r;

	if (x == NULL || vt_parse_u64n(arg, (size_t)(x - arg), 20, VT_TOP_MAX_COLS, &c, NULL) < 0 ||
	    vt_parse_u64(x + 1, 5, VT_TOP_MAX_ROWS, &r, NULL) < 0) {
		vt_cause_set(cause, -EINVAL, "'%s' is not COLSxROWS (20x5 to %ux%u)", arg, VT_TOP_MAX_COLS,
			     VT_TOP_MAX_ROWS);
		return -1;
	}
	o->cols = (unsigned)c;
	o->rows = (unsigned)r;
	o->size_set = true;
	return 0;
}

static const struct vt_option vt_top_options[] = {
	VT_OPT_DOUBLE("interval", struct vt_top_opts, interval, "S",
		      "seconds between frames, fractions allowed (default 1)", 0.01, 3600),
	VT_OPT_CALLBACK("iterations", "N", "stop after N frames", vt_top_parse_iterations),
	VT_OPT_STRING("replay", struct vt_top_opts, replay, "FILE",
		      "play a file written by 'vmtune record' ('-': stdin)"),
	VT_OPT_BOOL("batch", struct vt_top_opts, batch, "print the frames as text, without curses"),
	VT_OPT_CALLBACK("size", "COLSxROWS", "--batch: the frame's size (default 80x24)", vt_top_parse_size),
	VT_OPT_STRING("keys", struct vt_top_opts, keys, "KEYS",
		      "--batch: a key before each frame ('.' none, 't' tab)"),
	VT_OPT_END,
};

/* SIGINT, SIGTERM, SIGHUP: the loop ends, the terminal is restored, and
 * the signal is raised again so that the caller sees how top ended. */
static volatile sig_atomic_t vt_top_signal;

static void vt_top_on_signal(int sig)
{
	vt_top_signal = sig;
}

static void vt_top_catch_signals(void)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP };
	struct sigaction sa;
	sigset_t set;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = vt_top_on_signal;
	sigemptyset(&sa.sa_mask);
	sigemptyset(&set);
	/* No SA_RESTART: a wait for a key or a tick ends at once. */
	for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++) {
		sigaction(sigs[i], &sa, NULL);
		sigaddset(&set, sigs[i]);
	}
	sigprocmask(SIG_UNBLOCK, &set, NULL);
}

struct vt_top {
	struct vt_cli *cli;
	struct vt_top_opts *o;
	bool batch;             /* --batch or --json: frames on stdout */
	double interval;
	struct vt_source src;
	struct vt_sample s;
	struct vt_series series;
	bool one_moment;                /* a single snapshot: one sample, no rates */
	bool no_counters;               /* ... and not even that: no proc/vmstat */
	bool ended;                     /* the source has no more samples */
	unsigned long page_size;
	/* live: the levels' files, open for the whole run */
	struct vt_gauge_reader reader;
	bool reader_open;
	struct vt_gauges gauges;
	bool have_gauges;
	struct vt_levels levels;
	/* advice, once */
	struct vt_advice_state adv;
	struct vt_advice advice;
	bool have_advice;
	char *advice_error;
	/* the screen */
	struct vt_frame frame;
	struct vt_frame_input in;
	bool have_rates;
	char source_label[300];
	char time_label[48];
	char iso[40];
};

/* The levels of a root: its gauges now. */
static int vt_top_gauges_of(struct vt_top *t, const struct vt_root *root, char **cause)
{
	struct vt_gauge_reader r;
	int err = vt_gauge_reader_open(&r, root, cause);

	if (err == 0)
		err = vt_gauge_reader_take(&r, &t->gauges, cause);
	vt_gauge_reader_close(&r);
	return err;
}

/* The moment's levels, once per sample (a redraw for a key reuses them). */
static void vt_top_levels(struct vt_top *t)
{
	vt_levels_compute(t->gauges.have_meminfo ? &t->gauges.meminfo : NULL,
			  t->gauges.have_zoneinfo ? &t->gauges.zoneinfo : NULL, &t->levels);
}

/* The next moment: 1, 0 at the end of the source, or <0 with *cause. */
static int vt_top_step(struct vt_top *t, char **cause)
{
	struct vt_root tn;
	char rel[32];
	int rc;

	if (t->ended)
		return 0;
	if (t->one_moment) {
		struct vt_sampler sp;

		if (t->src.taken > 0) {
			t->ended = true;
			return 0;
		}
		/* A tree without proc/vmstat (made for the watermarks) still
		 * has its zones and knobs to show. */
		t->no_counters = vt_root_exists(&t->src.root, "proc/vmstat") == -ENOENT;
		rc = t->no_counters ? 0 : vt_sampler_open(&sp, &t->src.root, cause);
		if (rc == 0 && !t->no_counters) {
			vt_sampler_prepare(&sp, &t->s);
			rc = vt_sampler_take(&sp, &t->s, cause);
			vt_sampler_close(&sp);
		}
		if (rc == 0)
			rc = vt_top_gauges_of(t, &t->src.root, cause);
		t->src.taken++;
		if (rc < 0)
			return rc;
		vt_top_levels(t);
		return 1;
	}
	rc = vt_source_next(&t->src, &t->s, &vt_top_signal, cause);
	if (rc <= 0) {
		t->ended = rc == 0;
		return rc;
	}
	switch (t->src.kind) {
	case VT_SOURCE_LIVE:
		rc = vt_gauge_reader_take(&t->reader, &t->gauges, cause);
		break;
	case VT_SOURCE_SERIES:
		/* The snapshot the sample came from. */
		snprintf(rel, sizeof rel, "t%u", t->src.next_t - 1);
		rc = vt_root_open_below(&tn, &t->src.root, rel, cause);
		if (rc == 0) {
			rc = vt_top_gauges_of(t, &tn, cause);
			vt_root_release(&tn);
		}
		break;
	default:
		rc = 0;
		break;
	}
	if (rc < 0)
		return rc;
	if (t->src.kind != VT_SOURCE_FILE)
		vt_top_levels(t);
	if (vt_series_feed(&t->series, &t->s) == 1) {
		t->have_rates = true;
		vt_frame_push(&t->frame, t->series.system.reset ? NULL : &t->series.system);
	}
	return 1;
}

/* The time of the moment: local time of day (UTC in the tests). */
static void vt_top_labels(struct vt_top *t)
{
	time_t secs = (time_t)(t->s.real_ns / 1000000000u);
	struct tm tm;
	char hms[16] = "";

	if (t->s.real_ns != 0 && localtime_r(&secs, &tm) != NULL)
		strftime(hms, sizeof hms, "%H:%M:%S", &tm);
	if (t->src.kind == VT_SOURCE_SERIES)
		snprintf(t->time_label, sizeof t->time_label, "t%u %s", t->src.next_t - 1, hms);
	else
		snprintf(t->time_label, sizeof t->time_label, "%s", hms);
	t->iso[0] = '\0';
	if (t->s.real_ns != 0 && gmtime_r(&secs, &tm) != NULL &&
	    strftime(t->iso, 32, "%Y-%m-%dT%H:%M:%S", &tm) != 0)
		snprintf(t->iso + strlen(t->iso), sizeof t->iso - strlen(t->iso), ".%03uZ",
			 (unsigned)(t->s.real_ns / 1000000u % 1000));
}

/* The frame's data from the last step. */
static void vt_top_input(struct vt_top *t)
{
	struct vt_frame_input *in = &t->in;
	bool recording = t->src.kind == VT_SOURCE_FILE;

	vt_top_labels(t);
	in->hostname = t->src.identity.hostname;
	in->kernel = t->src.identity.kernel_release;
	in->have_uptime = t->s.mono_ns != 0;
	in->uptime_s = t->s.mono_ns / 1000000000u;
	/* The interval is top's on the live system, and a replay's pace on
	 * the dashboard; a series and a printed replay go by their times. */
	in->interval_s = t->src.kind == VT_SOURCE_LIVE || (recording && !t->batch) ? t->interval : 0;
	in->source = t->source_label;
	in->time = t->time_label;
	in->ended = t->ended;
	in->levels = recording ? NULL : &t->levels;
	in->psi = t->s.have_psi ? &t->s.psi : NULL;
	in->gauges = recording ? NULL : &t->gauges;
	in->zones_missing = recording ? "a recording holds counters only: no zones" :
			    !t->gauges.have_zoneinfo ? "no /proc/zoneinfo under the root" : NULL;
	in->page_size = t->page_size;
	in->rates = t->have_rates ? &t->series.system : NULL;
	in->rates_missing = t->no_counters ? "rates: no /proc/vmstat under the root" :
			    t->one_moment ? "rates: need two samples (this root is one snapshot)" :
			    "rates: need two samples";
	in->nnodes = t->have_rates ? t->series.nnodes : 0;
	in->node_ids = t->series.node_ids;
	in->node_rates = t->series.nodes;
	in->advice = t->have_advice ? &t->advice : NULL;
	in->advice_missing = recording ? "not available: a recording holds no knobs or zones" :
			     t->advice_error ? t->advice_error : "not available";
}

/* Opens what --replay or --root names; a single snapshot is one moment. */
static int vt_top_open(struct vt_top *t, char **cause)
{
	struct vt_system sys;
	int err;

	t->page_size = 4096;
	if (t->o->replay != NULL) {
		snprintf(t->source_label, sizeof t->source_label, "recording %s", t->o->replay);
		return vt_source_open_file(&t->src, t->o->replay, cause);
	}
	err = vt_source_open_root(&t->src, t->cli->root_path, cause);
	if (err < 0)
		return err;
	if (vt_system_probe(&t->src.root, &sys, NULL) == 0)
		t->page_size = sys.page_size;
	switch (t->src.kind) {
	case VT_SOURCE_LIVE:
		snprintf(t->source_label, sizeof t->source_label, "live");
		break;
	case VT_SOURCE_SERIES:
		snprintf(t->source_label, sizeof t->source_label, "series %s", t->src.name);
		break;
	default:
		snprintf(t->source_label, sizeof t->source_label, "%s %s", vt_root_kind_name(t->src.root.kind),
			 t->src.name);
		t->one_moment = true;
		snprintf(t->src.identity.kernel_release, sizeof t->src.identity.kernel_release, "%s",
			 sys.kernel.release);
		snprintf(t->src.identity.hostname, sizeof t->src.identity.hostname, "%s", sys.hostname);
		return 0;
	}
	err = vt_source_start(&t->src, t->interval, 0, cause);
	if (err == 0 && t->src.kind == VT_SOURCE_LIVE) {
		err = vt_gauge_reader_open(&t->reader, &t->src.root, cause);
		t->reader_open = true;
	}
	return err;
}

static void vt_top_advise(struct vt_top *t)
{
	if (t->src.kind == VT_SOURCE_FILE)
		return;
	t->have_advice = vt_advice_run_quiet(t->cli, &t->adv, &t->advice, &t->advice_error) == 0;
}

/* CAP_IPC_LOCK in the effective set (/proc/self/status "CapEff:"): the
 * lock limit does not apply.  The process's own file, read only here. */
static bool vt_top_can_lock_all(void)
{
	char line[256];
	bool yes = false;
	FILE *st = fopen("/proc/self/status", "re");

	if (st == NULL)
		return false;
	while (fgets(line, sizeof line, st) != NULL)
		if (strncmp(line, "CapEff:", 7) == 0) {
			unsigned long long caps = strtoull(line + 7, NULL, 16);

			yes = (caps >> 14) & 1;	/* CAP_IPC_LOCK */
			break;
		}
	fclose(st);
	return yes;
}

/* Keeps top's pages in memory and lowers its OOM score, on the live
 * system only: the monitor must outlive the crisis it watches.  Both may
 * fail (no privilege): top runs on, as it would have. */
static void vt_top_protect(struct vt_top *t)
{
	struct rlimit rl;
	bool all;
	int fd;

	if (t->src.kind != VT_SOURCE_LIVE)
		return;
	/* MCL_FUTURE only where no lock limit applies: under one, a later
	 * mapping (curses, stdio) past it would fail, and a dashboard that
	 * cannot allocate is worse than one that pages.  Otherwise what is
	 * mapped now, which is all a frame uses. */
	all = (getrlimit(RLIMIT_MEMLOCK, &rl) == 0 && rl.rlim_cur == RLIM_INFINITY) || vt_top_can_lock_all();
	if (!all || mlockall(MCL_CURRENT | MCL_FUTURE) < 0)
		(void)vt_clock_lock_memory();
	/* The process's own file, not a file of the root: only on "/". */
	fd = open("/proc/self/oom_score_adj", O_WRONLY | O_CLOEXEC);
	if (fd >= 0) {
		(void)!write(fd, VT_TOP_OOM_SCORE_ADJ, strlen(VT_TOP_OOM_SCORE_ADJ));
		close(fd);
	}
}

static int vt_top_error(struct vt_top *t, char *cause)
{
	int code = vt_cli_error(t->cli, "%s", cause ? cause : "cannot read a sample");

	free(cause);
	return code;
}

/* +/-: the next interval up or down this ladder. */
static double vt_top_next_interval(double now, int dir)
{
	static const double ladder[] = { 0.1, 0.2, 0.5, 1, 2, 5, 10, 30, 60 };
	size_t n = sizeof ladder / sizeof ladder[0];

	if (dir > 0) {
		for (size_t i = 0; i < n; i++)
			if (ladder[i] > now + 1e-9)
				return ladder[i];
		return now;
	}
	for (size_t i = n; i-- > 0;)
		if (ladder[i] < now - 1e-9)
			return ladder[i];
	return now;
}

/* --batch and --json: frames on stdout, one per step. */
static int vt_top_batch(struct vt_top *t)
{
	const char *keys = t->o->keys ? t->o->keys : "";
	uint64_t frames = 0;
	char *cause = NULL;
	int rc;

	for (;;) {
		if (t->o->iterations_set && frames >= t->o->iterations)
			break;
		/* Paused with no key left to press, the frame never changes
		 * again: the batch is over. */
		if (t->frame.paused && frames >= strlen(keys))
			break;
		if (frames < strlen(keys) && keys[frames] != '.') {
			enum vt_frame_action a = vt_frame_key(&t->frame, keys[frames] == 't' ? VT_KEY_TAB :
							      keys[frames]);

			if (a == VT_FA_QUIT)
				break;
			if (a == VT_FA_SLOWER || a == VT_FA_FASTER) {
				t->interval = vt_top_next_interval(t->interval, a == VT_FA_SLOWER ? 1 : -1);
				vt_source_set_interval(&t->src, t->interval);
			}
		}
		if (!t->frame.paused || frames == 0 || (frames < strlen(keys) && keys[frames] == 's')) {
			rc = vt_top_step(t, &cause);
			if (rc < 0)
				return vt_top_error(t, cause);
			if (rc == 0 && frames == 0)
				return vt_cli_error(t->cli, "%s: no samples", t->src.name);
			if (rc == 0 || vt_top_signal)
				break;
		}
		vt_top_input(t);
		if (t->cli->json) {
			rc = vt_frame_write_json(t->cli->out, &t->in, t->s.mono_ns, t->iso[0] ? t->iso : NULL);
		} else {
			vt_frame_compose(&t->frame, &t->in);
			if (frames > 0)
				fputc('\n', t->cli->out);
			rc = vt_frame_write_text(&t->frame, t->cli->out);
		}
		fflush(t->cli->out);
		if (rc < 0 || ferror(t->cli->out))
			return VT_EXIT_ERROR;
		frames++;
		if (frames == 1)
			vt_top_protect(t);
	}
	return VT_EXIT_OK;
}

#ifdef HAVE_NCURSES
static void vt_top_draw(struct vt_top *t)
{
	vt_top_input(t);
	vt_frame_compose(&t->frame, &t->in);
	vt_tui_draw(&t->frame);
}

/* The dashboard: waits for keys until the next frame is due. */
static int vt_top_interactive(struct vt_top *t)
{
	uint64_t frames = 0, due = 0;
	unsigned cols, rows;
	char *cause = NULL;
	int rc, code = VT_EXIT_OK;

	if (vt_tui_open(t->cli->color, &cause) < 0)
		return vt_top_error(t, cause);
	vt_tui_size(&cols, &rows);
	vt_frame_resize(&t->frame, cols, rows);
	rc = vt_top_step(t, &cause);
	if (rc <= 0) {
		vt_tui_close();
		if (rc == 0)
			return vt_cli_error(t->cli, "%s: no samples", t->src.name);
		return vt_top_error(t, cause);
	}
	vt_top_draw(t);
	frames = 1;
	vt_top_protect(t);
	while (!vt_top_signal) {
		uint64_t now = vt_clock_monotonic_ns();
		bool step = false;
		int key, wait_ms;

		if (t->o->iterations_set && frames >= t->o->iterations)
			break;
		if (due == 0 && !t->frame.paused && !t->ended) {
			due = vt_source_due(&t->src);
			if (due == 0)	/* a series, a recording: paced by the interval */
				due = now + (uint64_t)(t->interval * 1e9);
		}
		/* curses resumes a wait that a signal cut short: waits of at
		 * most VT_TOP_WAIT_MS let the loop see SIGTERM in time. */
		wait_ms = t->frame.paused || t->ended || due == 0 ? VT_TOP_WAIT_MS :
			  due > now ? (int)((due - now + 999999) / 1000000) : 0;
		if (wait_ms > VT_TOP_WAIT_MS)
			wait_ms = VT_TOP_WAIT_MS;
		key = vt_tui_key(wait_ms);
		if (key == VT_TUI_RESIZE) {
			vt_tui_size(&cols, &rows);
			vt_frame_resize(&t->frame, cols, rows);
			vt_top_draw(t);
			continue;
		}
		if (key != VT_TUI_TIMEOUT) {
			enum vt_frame_action a = vt_frame_key(&t->frame, key);

			switch (a) {
			case VT_FA_QUIT:
				goto out;
			case VT_FA_STEP:
				step = true;
				break;
			case VT_FA_PAUSE:
				due = 0;
				break;
			case VT_FA_SLOWER:
			case VT_FA_FASTER:
				t->interval = vt_top_next_interval(t->interval, a == VT_FA_SLOWER ? 1 : -1);
				vt_source_set_interval(&t->src, t->interval);
				due = 0;
				break;
			case VT_FA_REDRAW:
			case VT_FA_NONE:
				break;
			}
			if (!step) {
				vt_top_draw(t);
				continue;
			}
		}
		if (!step && (t->frame.paused || t->ended || vt_clock_monotonic_ns() < due))
			continue;
		due = 0;
		rc = vt_top_step(t, &cause);
		if (rc < 0) {
			vt_tui_close();
			return vt_top_error(t, cause);
		}
		if (rc > 0)
			frames++;	/* at the end, the last frame stays, marked */
		vt_top_draw(t);
	}
out:
	vt_tui_close();
	return code;
}
#endif

static void vt_top_release(struct vt_top *t)
{
	if (t->reader_open)
		vt_gauge_reader_close(&t->reader);
	vt_source_close(&t->src);
	vt_sample_release(&t->s);
	vt_series_release(&t->series);
	vt_gauges_release(&t->gauges);
	vt_levels_release(&t->levels);
	if (t->have_advice)
		vt_advice_release(&t->advice);
	vt_advice_state_release(&t->adv);
	free(t->advice_error);
	vt_frame_release(&t->frame);
}

static int vt_top_run(struct vt_cli *cli, const struct vt_command *self, void *options, int argc, char **argv)
{
	struct vt_top_opts o = *(const struct vt_top_opts *)options;
	bool batch = o.batch || cli->json;
	struct vt_top t;
	char *cause = NULL;
	const char *cs;
	bool unicode;
	int code;

	(void)argc, (void)argv;
	if ((o.size_set || o.keys) && !o.batch)
		return vt_cli_usage_error(cli, self, "--size and --keys go with --batch");
	if (cli->json && (o.size_set || o.keys))
		return vt_cli_usage_error(cli, self, "--json writes figures, not a screen: no --size or --keys");
	if (!batch && (!isatty(STDOUT_FILENO) || !isatty(STDIN_FILENO)))
		return vt_cli_error(cli, "top: the dashboard needs a terminal on standard input and output: "
				    "use --batch or --json to print frames");
#ifndef HAVE_NCURSES
	if (!batch)
		return vt_cli_error(cli, "top: this vmtune was built without ncurses (configure "
				    "--without-ncurses): install libncurses-dev and build it again for the dashboard, "
				    "or use 'vmtune top --batch'");
#endif
	memset(&t, 0, sizeof t);
	t.cli = cli;
	t.o = &o;
	t.batch = batch;
	t.interval = o.interval > 0 ? o.interval : 1.0;
	vt_sample_init(&t.s);
	vt_series_init(&t.series, VT_SERIES_ALL_NODES);
	vt_gauges_init(&t.gauges);
	vt_levels_init(&t.levels);
	/* Block and line glyphs only where the locale says UTF-8. */
	setlocale(LC_CTYPE, "");
	cs = nl_langinfo(CODESET);
	unicode = cs != NULL && strcmp(cs, "UTF-8") == 0;
	if (batch)
		vt_frame_init(&t.frame, o.size_set ? o.cols : 80, o.size_set ? o.rows : 24, o.size_set ? o.cols : 80,
			      o.size_set ? o.rows : 24, unicode);
	else
		vt_frame_init(&t.frame, VT_TOP_MAX_COLS, VT_TOP_MAX_ROWS, 80, 24, unicode);
	if (vt_top_open(&t, &cause) < 0) {
		code = vt_top_error(&t, cause);
		vt_top_release(&t);
		return code;
	}
	vt_top_advise(&t);
	/* After the advisor, which sets its own handlers for a window. */
	vt_top_catch_signals();
#ifdef HAVE_NCURSES
	code = batch ? vt_top_batch(&t) : vt_top_interactive(&t);
#else
	code = vt_top_batch(&t);
#endif
	if (t.src.cut_line)
		vt_cli_warning(cli, "%s: line %u is cut off (the recording was interrupted): ignored", t.src.name,
			       t.src.cut_line);
	vt_top_release(&t);
	if (vt_top_signal) {
		/* Die of it, as the signal meant, with the terminal restored. */
		fflush(cli->out);
		signal(vt_top_signal, SIG_DFL);
		raise(vt_top_signal);
	}
	return code;
}

const struct vt_command vt_cmd_top = {
	.name = "top", .run = vt_top_run,
	.summary = "live dashboard: pressure, zones against watermarks, reclaim, NUMA, advice",
	.synopsis = "top [--interval S] [--iterations N] [--replay FILE] [--batch [--size COLSxROWS] "
		    "[--keys KEYS]] [--json]",
	.options = vt_top_options, .opts_size = sizeof(struct vt_top_opts),
	.flags = VT_CMD_TERMINAL,
};
