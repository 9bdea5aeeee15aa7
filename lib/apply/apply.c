#include "config.h"
#include "apply/apply.h"
#include "apply/persist.h"
#include "core/cause.h"
#include "core/clock.h"
#include "core/strparse.h"
#include "core/xalloc.h"
#include "probe/sysctl.h"

#include "advisor/profile.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const vt_apply_statuses[] = {
	[VT_APPLY_UNCHANGED] = "unchanged",
	[VT_APPLY_CHANGE] = "change",
	[VT_APPLY_APPLIED] = "applied",
	[VT_APPLY_NOT_WRITTEN] = "not-written",
	[VT_APPLY_FAILED] = "failed",
	[VT_APPLY_RESTORED] = "restored",
	[VT_APPLY_RESTORE_FAILED] = "restore-failed",
};

const char *vt_apply_status_name(enum vt_apply_status s)
{
	return vt_apply_statuses[s];
}

void vt_apply_plan_init(struct vt_apply_plan *p, uint32_t kernel, const char *release, const char *source)
{
	memset(p, 0, sizeof *p);
	p->kernel = kernel;
	snprintf(p->release, sizeof p->release, "%s", release);
	snprintf(p->source, sizeof p->source, "%s", source);
}

/* "vm.swappiness, vm.min_free_kbytes, ...": the keys apply takes. */
static void vt_apply_known_keys(char *out, size_t size)
{
	size_t n = 0;

	out[0] = '\0';
	for (size_t i = 0; i < vt_knob_count && n < size; i++)
		n += (size_t)snprintf(out + n, size - n, "%s%s", i ? ", " : "", vt_knobs[i].name);
}

int vt_apply_split(const char *arg, char *key, size_t ksize, const char **value, char **cause)
{
	const char *eq = strchr(arg, '=');
	size_t n;

	if (eq == NULL)
		return vt_cause_set(cause, -EINVAL, "'%s' is not KEY=VALUE", arg);
	n = (size_t)(eq - arg);
	while (n > 0 && (arg[n - 1] == ' ' || arg[n - 1] == '\t'))
		n--;
	if (n == 0 || n >= ksize)
		return vt_cause_set(cause, -EINVAL, "'%s' is not KEY=VALUE", arg);
	memcpy(key, arg, n);
	key[n] = '\0';
	*value = eq + 1;
	return 0;
}

int vt_apply_plan_add(struct vt_apply_plan *p, const struct vt_knob *knob, int64_t value,
		      const char *reason, const char *id, bool override, char **cause)
{
	struct vt_apply_item *it = NULL;
	int64_t min, max;

	if (!vt_knob_range(knob, p->kernel, &min, &max))
		return vt_cause_set(cause, -ENOENT, "%s does not exist on kernel %s", knob->name, p->release);
	if (value < min || value > max)
		return vt_cause_set(cause, -ERANGE, "%" PRId64 " is out of range for %s on kernel %s (%" PRId64
				    "..%" PRId64 ")", value, knob->name, p->release, min, max);
	for (size_t i = 0; i < p->n && it == NULL; i++)
		if (p->items[i].knob == knob)
			it = &p->items[i];
	if (it != NULL && !override && it->new_value != value)
		return vt_cause_set(cause, -EINVAL, "%s is given twice, as %" PRId64 " and %" PRId64,
				    knob->name, it->new_value, value);
	if (it == NULL) {
		if (p->n == VT_KNOB_MAX)
			return vt_cause_set(cause, -E2BIG, "more than %d knobs", VT_KNOB_MAX);
		it = &p->items[p->n++];
	}
	memset(it, 0, sizeof *it);
	it->knob = knob;
	it->new_value = value;
	vt_knob_format(knob, value, it->new_text, sizeof it->new_text);
	snprintf(it->reason, sizeof it->reason, "%s", reason ? reason : "");
	snprintf(it->id, sizeof it->id, "%s", id ? id : "");
	it->status = VT_APPLY_CHANGE;
	return 0;
}

int vt_apply_plan_add_text(struct vt_apply_plan *p, const char *key, const char *value,
			   const char *reason, const char *id, char **cause)
{
	const struct vt_knob *knob = vt_knob_find(key);
	char known[256];
	int64_t v;
	int err;

	if (knob == NULL) {
		vt_apply_known_keys(known, sizeof known);
		return vt_cause_set(cause, -ENOENT, "%s is not a knob vmtune changes (it changes %s)", key, known);
	}
	err = vt_knob_parse(knob, value, p->kernel, p->release, &v, cause);
	if (err < 0)
		return err;
	return vt_apply_plan_add(p, knob, v, reason, id, false, cause);
}

int vt_apply_plan_from_advice(struct vt_apply_plan *p, const struct vt_advice *advice, char **cause)
{
	for (size_t i = 0; i < advice->nrecs; i++) {
		const struct vt_recommendation *r = &advice->recs[i];
		int err;

		if (r->action != VT_ACTION_CHANGE || r->waived || r->knob == NULL)
			continue;
		err = vt_apply_plan_add(p, r->knob, r->recommended, r->reason, r->id, true, cause);
		if (err < 0)
			return vt_cause_prefix(cause, err, "%s", r->id);
	}
	return 0;
}

int vt_apply_plan_from_profile(struct vt_apply_plan *p, const struct vt_profile *profile,
			       const struct vt_profile_values *values, char **cause)
{
	for (size_t i = 0; i < vt_knob_count && i < VT_KNOB_MAX; i++) {
		char reason[320];
		const char *why = "";
		int err;

		for (size_t s = 0; s < profile->nsettings; s++)
			if (profile->settings[s].knob == &vt_knobs[i])
				why = profile->settings[s].why;
		if (!values->set[i]) {
			if (values->note[i][0] && p->nwarnings < VT_KNOB_MAX)
				snprintf(p->warnings[p->nwarnings++], sizeof p->warnings[0], "%s: %s",
					 vt_knobs[i].name, values->note[i]);
			continue;
		}
		snprintf(reason, sizeof reason, "profile %s: %s", profile->name, why[0] ? why : values->note[i]);
		err = vt_apply_plan_add(p, &vt_knobs[i], values->value[i], reason, "", true, cause);
		if (err < 0)
			return vt_cause_prefix(cause, err, "profile %s", profile->name);
	}
	return 0;
}

/* The knob's current text and value. */
static int vt_apply_read_knob(const struct vt_root *root, const struct vt_knob *knob, char *text,
			      size_t size, int64_t *value, char **cause)
{
	struct vt_buf buf;
	int err;

	vt_buf_init(&buf);
	err = vt_sysctl_read(root, knob->name, &buf, cause);
	if (err == 0 && buf.len >= size)
		err = vt_cause_set(cause, -EINVAL, "%s: '%.40s...' is too long for a value", knob->name, buf.data);
	if (err == 0 && vt_parse_i64n(buf.data, buf.len, INT64_MIN, INT64_MAX, value, NULL) < 0)
		err = vt_cause_set(cause, -EINVAL, "%s: '%s' is not a whole number", knob->name, buf.data);
	if (err == 0 && text != NULL)
		memcpy(text, buf.data, buf.len + 1);
	vt_buf_release(&buf);
	return err;
}

int vt_apply_plan_read(const struct vt_root *root, struct vt_apply_plan *p, char **cause)
{
	for (size_t i = 0; i < p->n; i++) {
		struct vt_apply_item *it = &p->items[i];
		int err = vt_apply_read_knob(root, it->knob, it->old_text, sizeof it->old_text, &it->old_value, cause);

		if (err < 0)
			return err;
		it->have_old = true;
		it->status = it->old_value == it->new_value ? VT_APPLY_UNCHANGED : VT_APPLY_CHANGE;
	}
	return 0;
}

size_t vt_apply_plan_changes(const struct vt_apply_plan *p)
{
	size_t n = 0;

	for (size_t i = 0; i < p->n; i++)
		n += p->items[i].status == VT_APPLY_CHANGE;
	return n;
}

static const struct vt_apply_item *vt_apply_plan_find(const struct vt_apply_plan *p, const char *name)
{
	for (size_t i = 0; i < p->n; i++)
		if (strcmp(p->items[i].knob->name, name) == 0)
			return &p->items[i];
	return NULL;
}

static struct vt_apply_refusal *vt_apply_refuse(struct vt_apply_rails *rails, const struct vt_knob *knob, bool hard)
{
	struct vt_apply_refusal *r = &rails->items[rails->n < VT_KNOB_MAX ? rails->n++ : VT_KNOB_MAX - 1];

	r->knob = knob;
	r->hard = hard;
	return r;
}

int vt_apply_check_rails(const struct vt_apply_plan *p, const struct vt_advice_input *in,
			 struct vt_apply_rails *out, char **cause)
{
	const struct vt_apply_item *mfk = vt_apply_plan_find(p, "vm.min_free_kbytes");
	const struct vt_apply_item *wsf = vt_apply_plan_find(p, "vm.watermark_scale_factor");
	const struct vt_apply_item *zrm = vt_apply_plan_find(p, "vm.zone_reclaim_mode");

	memset(out, 0, sizeof *out);
	/* A reserve too large starves the machine it is meant to protect. */
	if (mfk != NULL && in->wm != NULL) {
		struct vt_recommendation rec;
		int err;

		memset(&rec, 0, sizeof rec);
		err = vt_rec_zone_effect(&rec, in, mfk->new_value, wsf ? wsf->new_value : -1, cause);
		if (err < 0) {
			free(rec.zones);
			return err;
		}
		if (rec.reserve_share_pct > VT_APPLY_MFK_MAX_SHARE_PCT) {
			struct vt_apply_refusal *r = vt_apply_refuse(out, mfk->knob, false);
			int n = snprintf(r->why, sizeof r->why, "vm.min_free_kbytes=%" PRId64 " (now %" PRId64 ") "
					 "would hold %.1f %% of memory below the min watermarks (%.2f %% now; safe: up "
					 "to %.0f %%, above it the reserve itself starves the machine); per-zone min:",
					 mfk->new_value, mfk->have_old ? mfk->old_value : mfk->new_value,
					 rec.reserve_share_pct, rec.reserve_share_now_pct, VT_APPLY_MFK_MAX_SHARE_PCT);

			for (size_t z = 0; z < rec.nzones && n > 0 && (size_t)n < sizeof r->why; z++)
				n += snprintf(r->why + n, sizeof r->why - (size_t)n, "%s node %u %s %" PRIu64 " kB",
					      z ? "," : "", rec.zones[z].node, rec.zones[z].zone,
					      rec.zones[z].proposed.min << (in->page_shift - 10));
		}
		free(rec.zones);
	}
	/* Zone reclaim only ever prefers one node's memory over another's. */
	if (zrm != NULL && zrm->new_value != 0 && in->topology != NULL && in->topology->nnodes <= 1) {
		struct vt_apply_refusal *r = vt_apply_refuse(out, zrm->knob, false);

		snprintf(r->why, sizeof r->why, "vm.zone_reclaim_mode=%" PRId64 " on a machine with %zu NUMA "
			 "node: there is no remote memory to prefer local reclaim over, so it only makes "
			 "allocations reclaim page cache early", zrm->new_value, in->topology->nnodes);
	}
	return 0;
}

int vt_apply_lock(const struct vt_root *root, int *lockfd, char **cause)
{
	int err;

	*lockfd = -1;
	err = vt_root_mkdirs(root, VT_APPLY_LOCK_DIR, 0755, cause);
	if (err < 0)
		return err;
	return vt_root_lock(root, VT_APPLY_LOCK, lockfd, cause);
}

int vt_apply_check_unfinished(const struct vt_root *root, char **cause)
{
	struct vt_journal *list;
	size_t n;
	int err = vt_journal_list(root, &list, &n, cause);

	if (err < 0)
		return err;
	for (size_t i = n; i-- > 0;)
		if (list[i].state == VT_JOURNAL_STARTED || list[i].state == VT_JOURNAL_FAILED) {
			err = vt_cause_set(cause, -EBUSY, "journal %s was left %s: an earlier apply %s; run 'vmtune "
					   "rollback' first to restore its values", list[i].id,
					   vt_journal_state_name(list[i].state),
					   list[i].state == VT_JOURNAL_STARTED ? "was interrupted" :
					   "could not restore every knob");
			break;
		}
	vt_journal_list_free(list, n);
	return err;
}

static int vt_apply_write(const struct vt_apply_io *io, const struct vt_root *root, const struct vt_knob *knob,
			  const char *value, char **cause)
{
	char *why = NULL;
	int err;

	if (io == NULL || io->write == NULL)
		return vt_sysctl_write(root, knob->name, value, cause);
	err = io->write(io->ctx, root, knob, value, &why);
	if (err < 0 && why == NULL)	/* a writer that gave no reason */
		why = vt_xasprintf("cannot write '%s': %s", knob->name, strerror(-err));
	if (cause != NULL)
		*cause = why;
	else
		free(why);
	return err;
}

/* Writes `text` and reads the knob back: 0 when it holds `value`. */
static int vt_apply_write_check(const struct vt_root *root, const struct vt_apply_io *io,
				const struct vt_knob *knob, const char *text, int64_t value, char **cause)
{
	int64_t got;
	int err = vt_apply_write(io, root, knob, text, cause);

	if (err == 0)
		err = vt_apply_read_knob(root, knob, NULL, 64, &got, cause);
	if (err == 0 && got != value)
		err = vt_cause_set(cause, -EIO, "%s reads back %" PRId64 " after writing %s: the kernel did not "
				   "take the value", knob->name, got, text);
	return err;
}

static void vt_apply_error(struct vt_apply_item *it, const char *what, char *cause)
{
	size_t n = strlen(it->error);

	snprintf(it->error + n, sizeof it->error - n, "%s%s%s", n ? "; " : "", what, cause ? cause : "");
	free(cause);
}

/* Puts one touched knob back to its old value, if it is not there. */
static void vt_apply_restore_item(const struct vt_root *root, const struct vt_apply_io *io,
				  struct vt_apply_item *it)
{
	char *cause = NULL;
	int64_t now;
	int err;

	err = vt_apply_read_knob(root, it->knob, NULL, 64, &now, &cause);
	if (err == 0 && now == it->old_value) {
		if (it->status == VT_APPLY_APPLIED)
			it->status = VT_APPLY_RESTORED;
		return;
	}
	free(cause);
	cause = NULL;
	err = vt_apply_write_check(root, io, it->knob, it->old_text, it->old_value, &cause);
	if (err == 0) {
		if (it->status == VT_APPLY_APPLIED)
			it->status = VT_APPLY_RESTORED;
		return;
	}
	it->status = VT_APPLY_RESTORE_FAILED;
	vt_apply_error(it, "cannot restore: ", cause);
}

static void vt_apply_stamp(struct vt_journal *j, uint64_t now_ns)
{
	vt_clock_format_utc(now_ns, j->updated);
}

static int vt_apply_persist_write(const struct vt_root *root, const struct vt_apply_persist *persist,
				  char **cause)
{
	const char *slash = strrchr(persist->path, '/');
	int err = 0;

	if (slash != NULL) {
		char *parent = vt_xstrndup(persist->path, (size_t)(slash - persist->path));

		err = vt_root_mkdirs(root, parent, 0755, cause);
		free(parent);
	}
	if (err == 0)
		err = vt_root_write_atomic(root, persist->path, persist->content, strlen(persist->content), 0644,
					   cause);
	return err;
}

int vt_apply_commit(const struct vt_root *root, struct vt_apply_plan *p, const struct vt_apply_io *io,
		    const struct vt_apply_persist *persist, uint64_t now_ns, long pid,
		    struct vt_journal *j, char **cause)
{
	bool need_persist = persist != NULL && !persist->unchanged;
	struct vt_apply_item *failed = NULL;
	char *why = NULL, *jcause = NULL;
	size_t restore_failed = 0, last = 0;
	int err = 0;

	vt_journal_init(j);
	if (persist != NULL) {
		snprintf(p->persist_path, sizeof p->persist_path, "%s", persist->path);
		p->persist_status = need_persist ? "not-written" : "unchanged";
	}
	if (vt_apply_plan_changes(p) == 0 && !need_persist)
		return 0;
	/* 1. The journal, on disk before anything changes. */
	vt_journal_make_id(now_ns, pid, j->id, sizeof j->id);
	vt_clock_format_utc(now_ns, j->time);
	vt_apply_stamp(j, now_ns);
	snprintf(j->source, sizeof j->source, "%s", p->source);
	snprintf(j->release, sizeof j->release, "%s", p->release);
	j->state = VT_JOURNAL_STARTED;
	for (size_t i = 0; i < p->n; i++)
		if (p->items[i].status == VT_APPLY_CHANGE) {
			struct vt_journal_knob *k = &j->knobs[j->n++];

			k->knob = p->items[i].knob;
			snprintf(k->old_text, sizeof k->old_text, "%s", p->items[i].old_text);
			snprintf(k->new_text, sizeof k->new_text, "%s", p->items[i].new_text);
		}
	if (need_persist) {
		j->has_persist = true;
		snprintf(j->persist_path, sizeof j->persist_path, "%s", persist->path);
		j->persist_previous = persist->previous ? vt_xstrdup(persist->previous) : NULL;
		j->persist_content = vt_xstrdup(persist->content);
	}
	err = vt_journal_write(root, j, cause);
	if (err < 0) {
		j->id[0] = '\0';
		return vt_cause_prefix(cause, err, "nothing changed: cannot write the journal");
	}
	if (io != NULL && io->step != NULL)
		io->step(io->ctx, VT_APPLY_STEP_JOURNALED);
	/* 2. Each knob, read back. */
	for (size_t i = 0; i < p->n; i++) {
		struct vt_apply_item *it = &p->items[i];

		if (it->status != VT_APPLY_CHANGE)
			continue;
		if (failed != NULL) {
			it->status = VT_APPLY_NOT_WRITTEN;
			continue;
		}
		last = i;
		err = vt_apply_write_check(root, io, it->knob, it->new_text, it->new_value, &why);
		if (err < 0) {
			it->status = VT_APPLY_FAILED;
			vt_apply_error(it, "", vt_xstrdup(why));
			failed = it;
		} else {
			it->status = VT_APPLY_APPLIED;
		}
	}
	/* 3. The drop-in, only once every knob holds. */
	if (failed == NULL && need_persist) {
		err = vt_apply_persist_write(root, persist, &why);
		if (err == 0) {
			p->persist_status = "written";
			if (io != NULL && io->step != NULL)
				io->step(io->ctx, VT_APPLY_STEP_PERSISTED);
		}
	}
	if (err == 0) {
		j->state = VT_JOURNAL_DONE;
		vt_apply_stamp(j, vt_clock_realtime_ns());
		err = vt_journal_write(root, j, cause);
		if (err < 0)
			return vt_cause_prefix(cause, err, "applied, but cannot mark journal %s done", j->id);
		return 0;
	}
	/* 4. A failure: put back everything touched, newest first. */
	for (size_t i = last + 1; i-- > 0;) {
		struct vt_apply_item *it = &p->items[i];

		if (it->status == VT_APPLY_APPLIED || it->status == VT_APPLY_FAILED) {
			vt_apply_restore_item(root, io, it);
			restore_failed += it->status == VT_APPLY_RESTORE_FAILED;
		}
	}
	j->state = restore_failed ? VT_JOURNAL_FAILED : VT_JOURNAL_ROLLED_BACK;
	vt_apply_stamp(j, vt_clock_realtime_ns());
	if (vt_journal_write(root, j, &jcause) < 0) {
		/* the journal still says "started": rollback will finish the job */
		free(jcause);
	}
	if (restore_failed)
		vt_cause_set(cause, err, "%s; %zu knob%s could not be restored: the system is half-changed, run "
			     "'vmtune rollback' (journal %s)", why, restore_failed, restore_failed == 1 ? "" : "s",
			     j->id);
	else
		vt_cause_set(cause, err, "%s; every knob written was restored (journal %s rolled back)", why, j->id);
	free(why);
	return err;
}

int vt_apply_rollback(const struct vt_root *root, struct vt_journal *j, const struct vt_apply_io *io,
		      uint32_t kernel, const char *release, uint64_t now_ns,
		      struct vt_apply_plan *report, char **cause)
{
	char *current = NULL, *why = NULL;
	size_t failures = 0;
	int err;

	vt_apply_plan_init(report, kernel, release, j->source);
	/* Every value is checked, and every knob read, before the first write. */
	for (size_t i = 0; i < j->n; i++) {
		const struct vt_journal_knob *k = &j->knobs[i];
		struct vt_apply_item *it = &report->items[report->n++];
		int64_t set;

		it->knob = k->knob;
		err = vt_knob_parse(k->knob, k->old_text, kernel, release, &it->new_value, cause);
		if (err < 0)
			return vt_cause_prefix(cause, err, "journal %s: nothing restored", j->id);
		snprintf(it->new_text, sizeof it->new_text, "%s", k->old_text);
		err = vt_apply_read_knob(root, k->knob, it->old_text, sizeof it->old_text, &it->old_value, cause);
		if (err < 0)
			return vt_cause_prefix(cause, err, "journal %s: nothing restored", j->id);
		it->have_old = true;
		it->status = it->old_value == it->new_value ? VT_APPLY_UNCHANGED : VT_APPLY_CHANGE;
		if (vt_parse_i64n(k->new_text, strlen(k->new_text), INT64_MIN, INT64_MAX, &set, NULL) == 0 &&
		    it->old_value != set && it->old_value != it->new_value)
			snprintf(it->note, sizeof it->note, "was %" PRId64 ", not the %s this journal set",
				 it->old_value, k->new_text);
	}
	if (j->has_persist) {
		snprintf(report->persist_path, sizeof report->persist_path, "%s", j->persist_path);
		err = vt_dropin_read(root, j->persist_path, &current, cause);
		if (err < 0)
			return vt_cause_prefix(cause, err, "journal %s: nothing restored", j->id);
	}
	for (size_t i = 0; i < report->n; i++) {
		struct vt_apply_item *it = &report->items[i];

		if (it->status != VT_APPLY_CHANGE)
			continue;
		err = vt_apply_write_check(root, io, it->knob, it->new_text, it->new_value, &why);
		if (err == 0) {
			it->status = VT_APPLY_RESTORED;
		} else {
			it->status = VT_APPLY_RESTORE_FAILED;
			vt_apply_error(it, "", why);
			why = NULL;
			failures++;
		}
	}
	if (j->has_persist) {
		bool ours = current != NULL && vt_dropin_same_body(current, j->persist_content);
		bool before = current == NULL ? j->persist_previous == NULL :
			      j->persist_previous != NULL && strcmp(current, j->persist_previous) == 0;

		err = 0;
		if (before) {
			report->persist_status = "unchanged";
		} else if (!ours) {
			report->persist_status = "left";
			snprintf(report->persist_note, sizeof report->persist_note, "changed since this journal "
				 "wrote it: left alone");
		} else if (j->persist_previous != NULL) {
			struct vt_apply_persist back = { .path = j->persist_path, .content = j->persist_previous };

			err = vt_apply_persist_write(root, &back, &why);
			report->persist_status = err == 0 ? "restored" : "restore-failed";
		} else {
			err = vt_dropin_remove(root, j->persist_path, &why);
			report->persist_status = err == 0 ? "removed" : "restore-failed";
		}
		if (err < 0) {
			snprintf(report->persist_note, sizeof report->persist_note, "%s", why);
			free(why);
			why = NULL;
			failures++;
		}
	}
	free(current);
	if (failures > 0)
		return vt_cause_set(cause, -EIO, "journal %s: %zu of %zu could not be restored (journal left %s; "
				    "run 'vmtune rollback %s' again)", j->id, failures,
				    report->n + (j->has_persist ? 1 : 0), vt_journal_state_name(j->state), j->id);
	j->state = VT_JOURNAL_ROLLED_BACK;
	vt_apply_stamp(j, now_ns);
	err = vt_journal_write(root, j, cause);
	if (err < 0)
		return vt_cause_prefix(cause, err, "restored, but cannot mark journal %s rolled back", j->id);
	return 0;
}
