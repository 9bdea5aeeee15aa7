#include "config.h"
#include "apply/protect.h"
#include "core/cause.h"
#include "core/strparse.h"
#include "core/xalloc.h"
#include "probe/procs.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char vt_protect_danger[] =
	"oom_score_adj -1000 takes a process out of the OOM killer's choice for good: if it leaks, "
	"it can never be killed and the next-worst process dies instead, and then the next";

void vt_protect_plan_init(struct vt_protect_plan *p, int64_t adj)
{
	memset(p, 0, sizeof *p);
	p->adj = adj;
}

void vt_protect_plan_release(struct vt_protect_plan *p)
{
	free(p->items);
	memset(p, 0, sizeof *p);
}

int vt_protect_check_adj(int64_t adj, bool force, char **cause)
{
	if (adj < VT_OOM_ADJ_MIN || adj > VT_OOM_ADJ_MAX)
		return vt_cause_set(cause, -ERANGE, "oom_score_adj %" PRId64 " is out of range [-1000, 1000]", adj);
	if (adj == VT_OOM_ADJ_MIN && !force)
		return vt_cause_set(cause, -EPERM, "refusing oom_score_adj -1000 without --force: %s",
				    vt_protect_danger);
	return 0;
}

/* Reads comm and oom_score_adj of `pid`. */
static int vt_protect_read(const struct vt_root *root, long pid, char *comm, size_t csize, int64_t *adj,
			   char **cause)
{
	struct vt_proc_status st;
	struct vt_buf buf;
	char rel[64];
	int err;

	vt_buf_init(&buf);
	snprintf(rel, sizeof rel, "proc/%ld/status", pid);
	err = vt_root_read(root, rel, &buf, (size_t)1 << 20, cause);
	if (err == 0 && (err = vt_status_parse(buf.data, buf.len, &st, cause)) < 0)
		vt_root_fail(root, rel, err, cause);
	if (err == 0) {
		snprintf(comm, csize, "%s", st.name);
		snprintf(rel, sizeof rel, "proc/%ld/oom_score_adj", pid);
		err = vt_root_read(root, rel, &buf, 64, cause);
		if (err == 0 && (err = vt_proc_number_parse(buf.data, buf.len, VT_OOM_ADJ_MIN, VT_OOM_ADJ_MAX,
							    adj, cause)) < 0)
			vt_root_fail(root, rel, err, cause);
	}
	vt_buf_release(&buf);
	return err;
}

static int vt_protect_add(struct vt_protect_plan *p, long pid, const char *comm, int64_t old)
{
	struct vt_protect_item *it;

	for (size_t i = 0; i < p->n; i++)
		if (p->items[i].pid == pid)
			return 0;
	if (p->n == p->cap) {
		p->cap = p->cap ? p->cap * 2 : 8;
		p->items = vt_xreallocarray(p->items, p->cap, sizeof *p->items);
	}
	it = &p->items[p->n++];
	memset(it, 0, sizeof *it);
	it->pid = pid;
	snprintf(it->comm, sizeof it->comm, "%s", comm);
	it->old_adj = old;
	it->new_adj = p->adj;
	it->status = old == p->adj ? VT_APPLY_UNCHANGED : VT_APPLY_CHANGE;
	return 0;
}

int vt_protect_plan_add_pid(const struct vt_root *root, struct vt_protect_plan *p, long pid, char **cause)
{
	char comm[64], *why = NULL;
	int64_t old;
	int err;

	err = vt_protect_read(root, pid, comm, sizeof comm, &old, &why);
	if (err == -ENOENT || err == -ESRCH) {
		free(why);
		return vt_cause_set(cause, -ESRCH, "no process %ld", pid);
	}
	if (err < 0) {
		if (cause)
			*cause = why;
		else
			free(why);
		return err;
	}
	return vt_protect_add(p, pid, comm, old);
}

int vt_protect_plan_add_name(const struct vt_root *root, struct vt_protect_plan *p, const char *comm,
			     size_t *matched, char **cause)
{
	char **names;
	size_t count;
	int err;

	*matched = 0;
	err = vt_root_list(root, "proc", &names, &count, cause);
	if (err < 0)
		return err;
	for (size_t i = 0; i < count && err == 0; i++) {
		char name[64], *why = NULL;
		int64_t old;
		unsigned id;
		int r;

		if (!vt_parse_canonical_id(names[i], strlen(names[i]), INT32_MAX, &id) || id == 0)
			continue;
		r = vt_protect_read(root, (long)id, name, sizeof name, &old, &why);
		if (r == 0 && strcmp(name, comm) == 0) {
			(*matched)++;
			p->matched++;
			vt_protect_add(p, (long)id, name, old);
		} else if (r < 0 && r != -ENOENT && r != -ESRCH && r != -EACCES && r != -EPERM) {
			/* Gone or not ours to read: not a match; anything
			 * else is a tree that cannot be trusted. */
			err = r;
			if (cause) {
				*cause = why;
				why = NULL;
			}
		}
		free(why);
	}
	vt_strv_free(names, count);
	return err;
}

size_t vt_protect_plan_changes(const struct vt_protect_plan *p)
{
	size_t n = 0;

	for (size_t i = 0; i < p->n; i++)
		n += p->items[i].status == VT_APPLY_CHANGE;
	return n;
}

/* Writes `value` to the item's oom_score_adj and reads it back. */
static int vt_protect_write(const struct vt_root *root, const struct vt_protect_io *io,
			    const struct vt_protect_item *it, int64_t value, char **cause)
{
	char rel[64], text[32];
	struct vt_buf buf;
	int64_t back;
	int err;

	snprintf(rel, sizeof rel, "proc/%ld/oom_score_adj", it->pid);
	snprintf(text, sizeof text, "%" PRId64 "\n", value);
	if (io && io->write)
		err = io->write(io->ctx, root, rel, text, cause);
	else
		err = vt_root_write(root, rel, text, strlen(text), cause);
	if (err == -ENOENT || err == -ESRCH) {
		free(cause ? *cause : NULL);
		if (cause)
			*cause = NULL;
		return vt_cause_set(cause, -ESRCH, "process %ld exited", it->pid);
	}
	/* The kernel lets anyone raise their own processes' value; lowering
	 * it below what it was needs CAP_SYS_RESOURCE. */
	if ((err == -EACCES || err == -EPERM) && value < it->old_adj)
		return vt_cause_prefix(cause, err, "lowering oom_score_adj needs CAP_SYS_RESOURCE");
	if (err < 0)
		return err;
	vt_buf_init(&buf);
	err = vt_root_read(root, rel, &buf, 64, cause);
	if (err == 0 && vt_proc_number_parse(buf.data, buf.len, VT_OOM_ADJ_MIN, VT_OOM_ADJ_MAX, &back, NULL) < 0)
		err = vt_cause_set(cause, -EIO, "read back '%.*s', not a number", (int)strcspn(buf.data, "\n"),
				   buf.data);
	else if (err == 0 && back != value)
		err = vt_cause_set(cause, -EIO, "wrote %" PRId64 ", read back %" PRId64, value, back);
	vt_buf_release(&buf);
	if (err < 0)
		vt_root_fail(root, rel, err, cause);
	return err;
}

int vt_protect_commit(const struct vt_root *root, struct vt_protect_plan *p, const struct vt_protect_io *io,
		      char **cause)
{
	size_t failed = p->n;
	int ret = 0;

	for (size_t i = 0; i < p->n; i++) {
		struct vt_protect_item *it = &p->items[i];
		char *why = NULL;
		int err;

		if (it->status != VT_APPLY_CHANGE)
			continue;
		err = vt_protect_write(root, io, it, it->new_adj, &why);
		if (err == 0) {
			it->status = VT_APPLY_APPLIED;
			continue;
		}
		it->status = VT_APPLY_FAILED;
		snprintf(it->error, sizeof it->error, "%s", why ? why : strerror(-err));
		ret = vt_cause_set(cause, err, "%s", it->error);
		free(why);
		failed = i;
		break;
	}
	if (failed == p->n)
		return 0;
	/* Put back, newest first, what was written before the failure, and
	 * the failed item too: its write may have landed before its
	 * read-back disagreed (writing the old value again is harmless). */
	for (size_t i = p->n; i-- > 0;) {
		struct vt_protect_item *it = &p->items[i];
		char *why = NULL;

		if (i > failed) {
			if (it->status == VT_APPLY_CHANGE)
				it->status = VT_APPLY_NOT_WRITTEN;
			continue;
		}
		if (i < failed && it->status != VT_APPLY_APPLIED)
			continue;
		if (vt_protect_write(root, io, it, it->old_adj, &why) == 0) {
			if (i < failed)
				it->status = VT_APPLY_RESTORED;
		} else if (i < failed) {
			it->status = VT_APPLY_RESTORE_FAILED;
			snprintf(it->error, sizeof it->error, "%s", why ? why : "cannot restore");
		}
		free(why);
	}
	return ret;
}

int vt_protect_unit_name(const char *arg, char *out, size_t size, char **cause)
{
	const char *dot;
	size_t n = strlen(arg);

	if (n == 0 || n > 250 || arg[0] == '.' || arg[0] == '-')
		return vt_cause_set(cause, -EINVAL, "'%s' is not a unit name", arg);
	for (size_t i = 0; i < n; i++) {
		char c = arg[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == ':' || c == '_' || c == '.' || c == '-' || c == '@' || c == '\\'))
			return vt_cause_set(cause, -EINVAL, "'%s' is not a unit name: systemd allows "
					    "letters, digits and ':_.-@\\'", arg);
	}
	dot = strrchr(arg, '.');
	if (dot && strcmp(dot, ".service") != 0 &&
	    (strcmp(dot, ".scope") == 0 || strcmp(dot, ".slice") == 0 || strcmp(dot, ".socket") == 0 ||
	     strcmp(dot, ".mount") == 0 || strcmp(dot, ".swap") == 0 || strcmp(dot, ".timer") == 0 ||
	     strcmp(dot, ".target") == 0 || strcmp(dot, ".path") == 0 || strcmp(dot, ".device") == 0 ||
	     strcmp(dot, ".automount") == 0))
		return vt_cause_set(cause, -EINVAL, "'%s': only a .service takes OOMScoreAdjust=", arg);
	if (snprintf(out, size, "%s%s", arg, dot && strcmp(dot, ".service") == 0 ? "" : ".service") >= (int)size)
		return vt_cause_set(cause, -EINVAL, "'%s': unit name too long", arg);
	return 0;
}

void vt_protect_dropin_path(const char *unit, char *out, size_t size)
{
	snprintf(out, size, "etc/systemd/system/%s.d/50-vmtune-oom.conf", unit);
}

char *vt_protect_dropin(const char *unit, int64_t adj, bool oomd)
{
	const char *pref = adj == VT_OOM_ADJ_MIN ? "omit" : adj < 0 ? "avoid" : NULL;

	return vt_xasprintf("# Written by vmtune protect for %s.\n"
			    "# An oom_score_adj set by hand is lost when the service restarts;\n"
			    "# systemd sets this one at every start.  Remove the file and run\n"
			    "# 'systemctl daemon-reload' to undo.\n"
			    "[Service]\n"
			    "OOMScoreAdjust=%" PRId64 "\n"
			    "%s%s%s",
			    unit, adj,
			    oomd && pref ? "# systemd-oomd is active: it ranks cgroups, not oom_score_adj.\n"
					   "ManagedOOMPreference=" : "",
			    oomd && pref ? pref : "", oomd && pref ? "\n" : "");
}
