#include "config.h"
#include "advice_input.h"
#include "core/cause.h"
#include "core/clock.h"
#include "core/strparse.h"
#include "core/xalloc.h"
#include "advisor/knobs.h"
#include "advisor/status.h"
#include "probe/source.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static int vt_advice_parse_ignore(void *opts, const char *arg, char **cause)
{
	struct vt_advice_opts *o = opts;

	if (o->nignore == sizeof o->ignore / sizeof o->ignore[0]) {
		vt_cause_set(cause, -E2BIG, "at most %zu", sizeof o->ignore / sizeof o->ignore[0]);
		return -1;
	}
	o->ignore[o->nignore++] = arg;
	return 0;
}

static int vt_advice_parse_workload(void *opts, const char *arg, char **cause)
{
	struct vt_advice_opts *o = opts;

	if (vt_workload_parse(arg, &o->workload) == 0) {
		o->workload_set = true;
		return 0;
	}
	vt_cause_set(cause, -EINVAL, "'%s' is not one of general, database, latency, throughput, "
		     "desktop, virt-host, hpc", arg);
	return -1;
}

#define VT_ADVICE_OPTIONS \
	VT_OPT_CALLBACK("workload", "W", "general (default), database, latency, throughput, desktop, " \
			"virt-host, hpc", vt_advice_parse_workload), \
	VT_OPT_DOUBLE("sample", struct vt_advice_opts, sample_s, "SECONDS", \
		      "sample the live system this long first (reclaim activity)", 1, 86400), \
	VT_OPT_STRING("from", struct vt_advice_opts, from, "FILE", \
		      "take the activity from a 'vmtune record' file"), \
	VT_OPT_BOOL("explain", struct vt_advice_opts, explain, "the reasoning and sources of each rule"), \
	VT_OPT_CALLBACK("ignore", "ID", "waive rule ID (repeatable)", vt_advice_parse_ignore), \
	VT_OPT_STRING("waivers", struct vt_advice_opts, waivers, "FILE", \
		      "waiver file under the root (default etc/vmtune/waivers)")

const struct vt_option vt_advice_options[] = {
	VT_ADVICE_OPTIONS,
	VT_OPT_END,
};

const struct vt_option vt_check_options[] = {
	VT_ADVICE_OPTIONS,
	VT_OPT_STRING("profile", struct vt_advice_opts, profile, "NAME|FILE",
		      "compare with a profile's values instead (\"auto\" ones through the advice)"),
	VT_OPT_END,
};

void vt_advice_today(char out[11])
{
	time_t now = time(NULL);
	struct tm tm;

	if (gmtime_r(&now, &tm) == NULL || strftime(out, 11, "%Y-%m-%d", &tm) == 0)
		snprintf(out, 11, "0000-00-00");
}

int vt_advice_waivers(struct vt_cli *cli, const struct vt_root *root, const struct vt_advice_opts *o,
		      struct vt_waivers *w)
{
	const char *rel = o->waivers ? o->waivers : "etc/vmtune/waivers";
	struct vt_buf buf;
	char *cause = NULL;
	int err;

	memset(w, 0, sizeof *w);
	for (size_t i = 0; i < o->nignore; i++)
		if (vt_waivers_add(w, o->ignore[i], &cause) < 0) {
			err = vt_cli_error(cli, "--ignore: %s", cause);
			free(cause);
			return VT_EXIT_USAGE;
		}
	while (*rel == '/')	/* a path under the root, as the user would type it */
		rel++;
	vt_buf_init(&buf);
	err = vt_root_read_opt(root, rel, &buf, (size_t)1 << 20, &cause);
	if (err > 0) {
		err = vt_waivers_parse(buf.data, buf.len, w, &cause);
		if (err < 0)
			vt_root_fail(root, rel, err, &cause);
	} else if (err == 0 && o->waivers != NULL) {
		err = vt_cause_set(&cause, -ENOENT, "waiver file '%s' does not exist", o->waivers);
	}
	vt_buf_release(&buf);
	if (err < 0) {
		vt_cli_error(cli, "%s", cause);
		free(cause);
		return VT_EXIT_ERROR;
	}
	return 0;
}

/* Sums the intervals of a series or a recording, skipping those with a
 * counter reset (a reboot inside a recording): the window is what is left. */
static int vt_advice_walk(struct vt_cli *cli, const char *from, enum vt_basis basis,
			  const volatile sig_atomic_t *stop, struct vt_activity *act)
{
	struct vt_source src;
	struct vt_sample prev, cur;
	struct vt_delta acc;
	struct vt_activity peaks = { .basis = VT_BASIS_NONE };
	char *cause = NULL;
	unsigned n = 0;
	int rc, code = 0;

	vt_sample_init(&prev);
	vt_sample_init(&cur);
	vt_delta_init(&acc);
	memset(act, 0, sizeof *act);
	rc = from ? vt_source_open_file(&src, from, &cause) : vt_source_open_root(&src, cli->root_path, &cause);
	if (rc == 0 && from == NULL)
		rc = vt_source_start(&src, 1.0, 0, &cause);
	if (rc < 0) {
		code = vt_cli_error(cli, "%s", cause);
		free(cause);
		vt_source_close(&src);
		return code;
	}
	while ((rc = vt_source_next(&src, &cur, stop, &cause)) > 0) {
		if (n++ > 0) {
			struct vt_activity one;

			if (vt_activity_between(&prev, &cur, basis, &one) == 0) {
				vt_delta_add(&acc, &one.delta);
				vt_activity_peak(&peaks, &one);
			}
		}
		vt_sample_copy(&prev, &cur);
	}
	if (rc < 0) {
		code = vt_cli_error(cli, "%s", cause);
		free(cause);
	} else if (n < 2) {
		code = vt_cli_error(cli, "%s: activity needs two samples, found %u", src.name, n);
	} else {
		act->basis = basis;
		act->delta = acc;
		act->window_s = acc.dt_s;
		vt_rates_from_delta(&acc, &act->rates);
		/* One interval has no peak apart from its average. */
		if (n > 2) {
			act->peak_direct_steal_s = peaks.peak_direct_steal_s;
			act->peak_allocstall_s = peaks.peak_allocstall_s;
		}
		snprintf(act->source, sizeof act->source, "%s, %u samples over %.1f s", src.name, n, acc.dt_s);
	}
	vt_source_close(&src);
	vt_sample_release(&prev);
	vt_sample_release(&cur);
	return code;
}

/* One sample of the root now, or two `seconds` apart on the live system. */
static int vt_advice_sample(struct vt_cli *cli, const struct vt_root *root, double seconds,
			    const volatile sig_atomic_t *stop, struct vt_activity *act)
{
	struct vt_sampler sp;
	struct vt_sample a, b, prev;
	char *cause = NULL;
	int code = 0;

	int err = vt_sampler_open(&sp, root, &cause);

	/* A sosreport's vmstat has no clock to time it by: its levels only. */
	if (err == 0 && sp.time_source == VT_TIME_NONE) {
		vt_sampler_close(&sp);
		err = -ENOENT;
	}
	if (err < 0) {
		/* A tree without /proc/vmstat (hand-made, or an old capture) still
		 * gets the advice that levels and topology allow. */
		if (seconds == 0 && !root->live) {
			free(cause);
			act->basis = VT_BASIS_NONE;
			/* A sosreport has vmstat but no uptime to time it by. */
			snprintf(act->source, sizeof act->source, "one moment's levels (no /proc/%s)",
				 vt_root_exists(root, "proc/vmstat") == 0 ? "uptime to time /proc/vmstat" : "vmstat");
			return 0;
		}
		code = vt_cli_error(cli, "%s", cause);
		free(cause);
		return code;
	}
	vt_sample_init(&a);
	vt_sample_init(&b);
	vt_sample_init(&prev);
	vt_sampler_prepare(&sp, &a);
	vt_sampler_prepare(&sp, &b);
	vt_sampler_prepare(&sp, &prev);
	if (vt_sampler_take(&sp, &a, &cause) < 0) {
		code = vt_cli_error(cli, "%s", cause);
		free(cause);
	} else if (seconds > 0) {
		/* A sample every second inside the window: the worst second is
		 * what a burst costs, which the window's average hides. */
		uint64_t start = vt_clock_monotonic_ns(), until = start + (uint64_t)(seconds * 1e9);
		struct vt_activity peaks = { .basis = VT_BASIS_SAMPLED }, one;

		vt_sample_copy(&prev, &a);
		for (uint64_t tick = start + 1000000000u; code == 0; tick += 1000000000u) {
			vt_clock_sleep_until(tick < until ? tick : until, stop);
			if (vt_sampler_take(&sp, &b, &cause) < 0) {
				code = vt_cli_error(cli, "%s", cause);
				free(cause);
				break;
			}
			vt_activity_between(&prev, &b, VT_BASIS_SAMPLED, &one);
			vt_activity_peak(&peaks, &one);
			vt_sample_copy(&prev, &b);
			if (tick >= until || (stop && *stop))
				break;
		}
		if (code == 0) {
			vt_activity_between(&a, &b, VT_BASIS_SAMPLED, act);
			act->peak_direct_steal_s = peaks.peak_direct_steal_s;
			act->peak_allocstall_s = peaks.peak_allocstall_s;
			snprintf(act->source, sizeof act->source, "%.1f s sampled live, every second%s",
				 act->window_s, stop && *stop ? " (cut short by a signal)" : "");
		}
	} else {
		vt_activity_since_boot(&a, act);
		snprintf(act->source, sizeof act->source, "counters since boot, %.0f s ago (averages hide "
			 "bursts)", act->window_s);
	}
	vt_sample_release(&a);
	vt_sample_release(&b);
	vt_sample_release(&prev);
	vt_sampler_close(&sp);
	return code;
}

static int vt_advice_gather_at(struct vt_cli *cli, const struct vt_root *root, const struct vt_root *series,
			       const struct vt_advice_opts *o, const volatile sig_atomic_t *stop,
			       struct vt_advice_state *st);

/* A series has no kernel files of its own: its state is its last tN. */
static int vt_advice_last_snapshot(struct vt_cli *cli, const struct vt_root *series, struct vt_root *last)
{
	char rel[16], *cause = NULL;
	unsigned n = 0;
	int code;

	for (;; n++) {
		snprintf(rel, sizeof rel, "t%u", n + 1);
		if (vt_root_is_dir(series, rel) != 1)
			break;
	}
	snprintf(rel, sizeof rel, "t%u", n);
	if (vt_root_open_below(last, series, rel, &cause) < 0) {
		code = vt_cli_error(cli, "%s", cause);
		free(cause);
		return code;
	}
	return 0;
}

int vt_advice_gather(struct vt_cli *cli, const struct vt_root *root, const struct vt_advice_opts *o,
		     const volatile sig_atomic_t *stop, struct vt_advice_state *st)
{
	const struct vt_root *series = NULL;
	struct vt_root last;
	int code;

	memset(st, 0, sizeof *st);
	vt_topology_init(&st->topology);
	if (root->kind == VT_ROOT_SERIES) {
		code = vt_advice_last_snapshot(cli, root, &last);
		if (code != 0)
			return code;
		series = root;
		root = &last;
	}
	code = vt_advice_gather_at(cli, root, series, o, stop, st);
	if (series != NULL)
		vt_root_release(&last);
	return code;
}

static int vt_advice_gather_at(struct vt_cli *cli, const struct vt_root *root, const struct vt_root *series,
			       const struct vt_advice_opts *o, const volatile sig_atomic_t *stop,
			       struct vt_advice_state *st)
{
	struct vt_advice_input *in = &st->in;
	char *cause = NULL;
	int err, code;

	/* One moment of the root through the state collector: every source
	 * the rules read, each present, absent (the advice degrades) or an
	 * error (fatal, naming the file). */
	if (o->state != NULL && series == NULL) {
		st->state = o->state;
		err = vt_state_first_error(st->state, VT_ADVICE_SOURCES, &cause);
	} else {
		st->state = &st->own_state;
		vt_state_init(st->state);
		vt_knobs_want(st->state);
		err = vt_state_collect(root, VT_ADVICE_SOURCES, st->state, &cause);
	}
	if (err == 0)
		err = vt_knobs_check_state(st->state, &cause);
	if (err < 0) {
		code = vt_cli_error(cli, "%s", cause);
		free(cause);
		return code;
	}
	in->kernel = st->state->system.kernel.code;
	in->release = st->state->system.kernel.release;
	in->page_shift = st->state->system.page_shift;
	in->workload = o->workload;
	in->meminfo = vt_state_has(st->state, VT_STATE_SRC_MEMINFO) ? &st->state->meminfo : NULL;
	in->swaps = vt_state_has(st->state, VT_STATE_SRC_SWAPS) ? &st->state->swaps : NULL;
	in->cgroup_v1_memory = st->state->cgroup_v1_memory;
	in->knobs_from = vt_state_sysctls_from(st->state);
	for (size_t i = 0; i < vt_knob_count && i < VT_KNOB_MAX; i++) {
		const struct vt_state_sysctl *k = vt_state_sysctl(st->state, vt_knobs[i].name);

		in->knobs[i].available = k != NULL && k->src.avail == VT_AVAIL_PRESENT;
		in->knobs[i].value = in->knobs[i].available ? k->value : 0;
	}
	if (vt_state_has(st->state, VT_STATE_SRC_NUMA) && o->topology != NULL && st->state == o->state) {
		in->topology = o->topology;
	} else if (vt_state_has(st->state, VT_STATE_SRC_NUMA)) {
		err = vt_topology_build(&st->state->numa, &st->topology, &cause);
		if (err < 0) {
			code = vt_cli_error(cli, "%s", cause);
			free(cause);
			return code;
		}
		st->have_topology = true;
		in->topology = &st->topology;
	}
	/* The watermark model, when the tree has what it needs; without
	 * zoneinfo or min_free_kbytes the watermark rules say so. */
	if (vt_state_has(st->state, VT_STATE_SRC_ZONEINFO) && in->knobs[vt_knob_find("vm.min_free_kbytes") -
									  vt_knobs].available) {
		err = vt_wm_inputs_from_state(st->state, &st->wm, &cause);
		if (err == 0)
			err = vt_wm_inputs_check(&st->wm, st->state, &cause);
		if (err == 0)
			err = vt_wm_report_build(&st->wm, &st->wm_report, &cause);
		if (err < 0) {
			code = vt_cli_error(cli, "%s", cause);
			free(cause);
			return code;
		}
		st->have_wm = true;
		in->wm = &st->wm;
		in->wm_report = &st->wm_report;
	}
	/* The activity: a recording, a live window, a series' intervals, or
	 * the counters since boot. */
	if (o->from) {
		code = vt_advice_walk(cli, o->from, VT_BASIS_RECORDING, stop, &st->activity);
	} else if (series != NULL) {
		code = vt_advice_walk(cli, NULL, VT_BASIS_SERIES, stop, &st->activity);
	} else if (o->sample_s > 0 && !root->live) {
		return vt_cli_error(cli, "--sample samples the live system; '%s' is a tree (use a series "
				    "or --from FILE)", root->path);
	} else {
		code = vt_advice_sample(cli, root, o->sample_s, stop, &st->activity);
	}
	if (code != 0)
		return code;
	st->have_activity = true;
	in->activity = &st->activity;
	return 0;
}

void vt_advice_state_release(struct vt_advice_state *st)
{
	if (st->have_wm)
		vt_wm_report_release(&st->wm_report);
	vt_topology_release(&st->topology);
	if (st->state == &st->own_state)
		vt_state_release(&st->own_state);
	memset(st, 0, sizeof *st);
}

int vt_provenance_gather(struct vt_cli *cli, const struct vt_root *root, uint32_t kernel, const char *dropin,
			 struct vt_provenance *p)
{
	struct vt_root own, last;
	char *cause = NULL;
	int err = 0, code = 0;

	if (root == NULL) {
		if (vt_cli_open_root(cli, &own) != 0)
			return VT_EXIT_ERROR;
		root = &own;
	}
	/* a series: the files of its last snapshot, as the advice takes */
	if (root->kind == VT_ROOT_SERIES) {
		code = vt_advice_last_snapshot(cli, root, &last);
		if (code == 0) {
			err = vt_provenance_collect(&last, kernel, dropin, p, &cause);
			vt_root_release(&last);
		}
	} else {
		err = vt_provenance_collect(root, kernel, dropin, p, &cause);
	}
	if (code == 0 && err < 0)
		code = vt_cli_error(cli, "%s", cause);
	free(cause);
	if (root == &own)
		vt_root_release(&own);
	return code;
}

int vt_advice_run_quiet(struct vt_cli *cli, struct vt_advice_state *adv, struct vt_advice *advice,
			char **error)
{
	return vt_advice_run_quiet_on(cli, NULL, NULL, adv, advice, error);
}

int vt_advice_run_quiet_on(struct vt_cli *cli, struct vt_state *state, const struct vt_topology *topology,
			   struct vt_advice_state *adv, struct vt_advice *advice, char **error)
{
	struct vt_advice_opts defaults = { .state = state, .topology = topology };
	struct vt_cli quiet = *cli;
	size_t len = 0;
	FILE *err;
	int rc;

	*error = NULL;
	memset(adv, 0, sizeof *adv);
	err = open_memstream(error, &len);
	if (err == NULL)
		return -1;
	quiet.err = err;
	rc = vt_advice_run(&quiet, &vt_cmd_recommend, &defaults, adv, advice);
	fclose(err);
	if (rc == 0) {
		free(*error);
		*error = NULL;
		return 0;
	}
	if (*error == NULL || **error == '\0') {
		free(*error);
		*error = NULL;	/* failed without a word */
		return -1;
	}
	/* "vmtune: error: X\n" -> "X" */
	if (strncmp(*error, "vmtune: error: ", 15) == 0)
		memmove(*error, *error + 15, strlen(*error + 15) + 1);
	(*error)[strcspn(*error, "\n")] = '\0';
	return -1;
}
