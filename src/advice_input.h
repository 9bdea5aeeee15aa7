/* What `recommend` and `check` hand the advisor: one moment's state of the
 * root (through the probes) and the reclaim activity of a window. */
#ifndef VT_SRC_ADVICE_INPUT_H
#define VT_SRC_ADVICE_INPUT_H

#include <signal.h>

#include "advisor/advise.h"
#include "apply/provenance.h"
#include "cli.h"
#include "model/activity.h"
#include "probe/state.h"

struct vt_advice_opts {
	enum vt_workload workload;
	double sample_s;        /* --sample: a live window; 0 none */
	const char *from;       /* --from: a record file */
	bool explain;
	const char *waivers;    /* --waivers FILE (under the root); NULL the default */
	const char *ignore[32]; /* --ignore ID, repeatable */
	size_t nignore;
	bool workload_set;      /* --workload was given */
	const char *profile;    /* check --profile NAME|FILE */
	/* A state the caller collected with VT_ADVICE_SOURCES and every knob
	 * (status), and its topology: read instead of the files again.  The
	 * errors of these sources are still the advice's own. */
	struct vt_state *state;
	const struct vt_topology *topology;
};

/* The sources the advice reads, besides the activity (the sampler's). */
#define VT_ADVICE_SOURCES (VT_WM_SOURCES | VT_STATE_MEMINFO | VT_STATE_NUMA | VT_STATE_SWAPS | VT_STATE_CGROUPS)

/* Everything the input points to lives here. */
struct vt_advice_state {
	struct vt_state *state; /* the collector's moment: own_state, or the caller's */
	struct vt_state own_state;
	struct vt_topology topology;
	bool have_topology;
	struct vt_wm_inputs wm;
	struct vt_wm_report wm_report;
	bool have_wm;
	struct vt_activity activity;
	bool have_activity;
	struct vt_advice_input in;
};

/* Gathers the state of `root` and the activity the options ask for (a live
 * window, a series' ends, a recording, else the counters since boot).
 * Returns 0 or an exit code, having printed the error. */
int vt_advice_gather(struct vt_cli *cli, const struct vt_root *root, const struct vt_advice_opts *o,
		     const volatile sig_atomic_t *stop, struct vt_advice_state *st);
void vt_advice_state_release(struct vt_advice_state *st);

/* The waivers from --ignore and the waiver file; 0 or an exit code. */
int vt_advice_waivers(struct vt_cli *cli, const struct vt_root *root, const struct vt_advice_opts *o,
		      struct vt_waivers *w);
/* Today's date, UTC, "YYYY-MM-DD". */
void vt_advice_today(char out[11]);

/* Gathers, runs the advisor and applies the waivers (cmd_recommend.c).
 * 0 or an exit code, having printed the error. */
int vt_advice_run(struct vt_cli *cli, const struct vt_command *self, const struct vt_advice_opts *o,
		  struct vt_advice_state *st, struct vt_advice *advice);

/* The pending advice as `recommend` makes it with its defaults, for the
 * commands that show it beside their own output (status, top): 0, or -1
 * with *error the message the advisor would have printed ("vmtune:
 * error: " cut off; NULL when it printed none), which the caller frees.
 * Prints nothing. */
int vt_advice_run_quiet(struct vt_cli *cli, struct vt_advice_state *adv, struct vt_advice *advice,
			char **error);
/* The same over the state (and topology, when not NULL) the caller
 * collected of the same root with VT_ADVICE_SOURCES and every knob. */
int vt_advice_run_quiet_on(struct vt_cli *cli, struct vt_state *state, const struct vt_topology *topology,
			   struct vt_advice_state *adv, struct vt_advice *advice, char **error);

/* `check --profile`: the live values against a profile's (cmd_profile.c).
 * An exit code, having printed the result or the error. */
struct vt_profile;
/* Loads profile NAME|FILE (local under the root, else shipped) with its
 * parents (cmd_profile.c).  0 or an exit code, having printed the error. */
int vt_profile_open(struct vt_cli *cli, const struct vt_root *root, const char *arg, struct vt_profile *p);
int vt_check_profile_run(struct vt_cli *cli, const struct vt_command *self, const struct vt_advice_opts *o);

/* The provenance of every knob under `root` (NULL: the command's root,
 * opened here; a series: its last snapshot), with `dropin` as vmtune's
 * drop-in.  0 or an exit code, having printed the error. */
int vt_provenance_gather(struct vt_cli *cli, const struct vt_root *root, uint32_t kernel, const char *dropin,
			 struct vt_provenance *p);

/* The options both commands take, and their parsers; check's adds
 * --profile. */
extern const struct vt_option vt_advice_options[];
extern const struct vt_option vt_check_options[];

#endif
