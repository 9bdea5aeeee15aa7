#include "config.h"
#include "apply/provenance.h"
#include "core/cause.h"
#include "core/kversion.h"
#include "core/strparse.h"
#include "core/xalloc.h"
#include "probe/sysctl.h"
#include "probe/tuned.h"

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* sysctl.<key>= on the command line: 5.8, 3db978d480e2 "kernel/sysctl:
 * support setting sysctl parameters from kernel command line". */
#define VT_PROV_CMDLINE_SINCE VT_KERNEL_VERSION(5, 8, 0)

bool vt_prov_cmdline(const char *cmdline, const char *key, char *out, size_t size)
{
	const char *p = cmdline;
	bool found = false;

	while (p && *p) {
		const char *s, *e, *eq;
		char k[128];

		while (*p == ' ' || *p == '\t' || *p == '\n')
			p++;
		s = p;
		while (*p && *p != ' ' && *p != '\t' && *p != '\n')
			p++;
		e = p;
		if ((size_t)(e - s) <= 7 || strncmp(s, "sysctl.", 7) != 0)
			continue;
		s += 7;
		eq = memchr(s, '=', (size_t)(e - s));
		if (eq == NULL || (size_t)(eq - s) >= sizeof k)
			continue;
		memcpy(k, s, (size_t)(eq - s));
		k[eq - s] = '\0';
		vt_sysctld_normalize(k);
		if (strcmp(k, key) != 0)
			continue;
		/* the kernel's parser takes "a b" quoted; the quotes are not the value */
		s = eq + 1;
		if (e > s && *s == '"')
			s++;
		if (e > s && e[-1] == '"')
			e--;
		snprintf(out, size, "%.*s", (int)(e - s), s);
		found = true;
	}
	return found;
}

/* strcpy bounded by size, always terminated. */
static void vt_set(char *dst, size_t size, const char *src)
{
	size_t n = strnlen(src, size - 1);

	memmove(dst, src, n);
	dst[n] = '\0';
}

/* Two values alike as the kernel would take them: integers (the knobs are
 * all integers) compare as numbers, anything else as text. */
static bool vt_prov_same(const char *a, const char *b)
{
	int64_t x, y;

	if (vt_parse_i64(a, INT64_MIN, INT64_MAX, &x, NULL) == 0 && vt_parse_i64(b, INT64_MIN, INT64_MAX, &y, NULL) == 0)
		return x == y;
	return strcmp(a, b) == 0;
}

__attribute__((format(printf, 2, 3)))
static void vt_prov_knob_warn(struct vt_prov_knob *k, const char *fmt, ...)
{
	va_list ap;

	if (k->nwarnings == VT_PROV_WARN_MAX)
		return;
	va_start(ap, fmt);
	vsnprintf(k->warnings[k->nwarnings++], sizeof k->warnings[0], fmt, ap);
	va_end(ap);
}

__attribute__((format(printf, 2, 3)))
static void vt_prov_warn(struct vt_provenance *p, const char *fmt, ...)
{
	va_list ap;

	if (p->nwarnings == sizeof p->warnings / sizeof p->warnings[0])
		return;
	va_start(ap, fmt);
	vsnprintf(p->warnings[p->nwarnings++], sizeof p->warnings[0], fmt, ap);
	va_end(ap);
}

/* Where the drop-in sits in systemd-sysctl's order, whether it exists yet
 * or not: its directory index (vt_sysctld_ndirs: not in one) and name. */
struct vt_prov_dropin {
	size_t dir;
	const char *name;
	const struct vt_sysctld_file *shadowed_by;      /* same name, earlier directory */
};

static void vt_prov_dropin_place(const struct vt_sysctld_set *set, const char *dropin, struct vt_prov_dropin *d)
{
	const char *slash = strrchr(dropin, '/');

	d->dir = vt_sysctld_ndirs;
	d->name = slash ? slash + 1 : dropin;
	d->shadowed_by = NULL;
	for (size_t i = 0; i < vt_sysctld_ndirs; i++)
		if (slash && strlen(vt_sysctld_dirs[i]) == (size_t)(slash - dropin) &&
		    strncmp(vt_sysctld_dirs[i], dropin, (size_t)(slash - dropin)) == 0)
			d->dir = i;
	for (size_t i = 0; i < set->n && d->dir < vt_sysctld_ndirs; i++) {
		const struct vt_sysctld_file *f = &set->files[i];

		if (f->dir < d->dir && strcmp(f->name, d->name) == 0)
			d->shadowed_by = f;
	}
}

/* Whether file f is read after the drop-in by systemd-sysctl. */
static bool vt_prov_after(const struct vt_prov_dropin *d, const struct vt_sysctld_file *f)
{
	if (d->dir >= vt_sysctld_ndirs || f->boot_order < 0)
		return false;
	return strcmp(f->name, d->name) > 0;
}

/* Tuned's reapply order: names of run/sysctl.d then etc/sysctl.d (run
 * first), by name, then etc/sysctl.conf.  Fills k's reapply_* with its last
 * plain line for the knob; false when there is none. */
static bool vt_prov_reapply(struct vt_prov_knob *k, const struct vt_sysctld_set *set)
{
	const struct vt_sysctld_entry *last = NULL;

	for (size_t i = 0; i < set->n; i++) {
		const struct vt_sysctld_file *f = &set->files[i];
		bool taken = f->dir == 0 || f->dir == 1 || f->dir >= vt_sysctld_ndirs;

		if (f->dir == 0)	/* an etc/ name that run/ also has: run/'s is read */
			for (size_t j = 0; j < set->n && taken; j++)
				taken = !(set->files[j].dir == 1 && strcmp(set->files[j].name, f->name) == 0);
		if (!taken)
			continue;
		/* files[] is by name then directory, sysctl.conf last: that is
		 * tuned's order once run/ and etc/ are merged */
		for (size_t e = 0; e < f->parsed.n; e++) {
			const struct vt_sysctld_entry *en = &f->parsed.entries[e];

			if (en->glob || en->exclude || en->ignore_failure || en->slashed ||
			    strcmp(en->key, k->knob->name) != 0)
				continue;
			last = en;
			k->reapply_file = f;
		}
	}
	if (last == NULL)
		return false;
	k->reapply_line = last->line;
	snprintf(k->reapply_value, sizeof k->reapply_value, "%s", last->value);
	return true;
}

/* The sources of one knob, in systemd-sysctl's order, then the files it
 * does not read (sysctl.conf without the link, shadowed files are left
 * out: they set nothing). */
static void vt_prov_sources(struct vt_prov_knob *k, const struct vt_sysctld_set *set,
			    const struct vt_prov_dropin *d, const char *dropin)
{
	bool explicit_anywhere = false;

	for (size_t i = 0; i < set->n; i++)
		for (size_t e = 0; e < set->files[i].parsed.n; e++) {
			const struct vt_sysctld_entry *en = &set->files[i].parsed.entries[e];

			if (set->files[i].state == VT_SYSCTLD_READ && !en->glob &&
			    strcmp(en->key, k->knob->name) == 0)
				explicit_anywhere = true;
		}
	for (size_t i = 0; i < set->n; i++) {
		const struct vt_sysctld_file *f = &set->files[i];

		if (f->state != VT_SYSCTLD_READ && f->state != VT_SYSCTLD_SHADOWED)
			continue;
		for (size_t e = 0; e < f->parsed.n; e++) {
			const struct vt_sysctld_entry *en = &f->parsed.entries[e];
			struct vt_prov_source *s;

			if (en->exclude)
				continue;
			if (en->glob ? !vt_sysctld_glob_match(en->key, k->knob->name) : strcmp(en->key, k->knob->name) != 0)
				continue;
			if (k->n == VT_PROV_SOURCES_MAX) {
				k->more++;
				continue;
			}
			s = &k->sources[k->n++];
			memset(s, 0, sizeof *s);
			s->file = f;
			s->line = en->line;
			snprintf(s->key, sizeof s->key, "%s", en->key);
			snprintf(s->value, sizeof s->value, "%s", en->value);
			s->glob = en->glob;
			s->glob_loses = en->glob && explicit_anywhere;
			s->ignore_failure = en->ignore_failure;
			s->shadowed = f->state == VT_SYSCTLD_SHADOWED;
			s->after_dropin = !s->shadowed && vt_prov_after(d, f);
			s->in_dropin = strcmp(f->path, dropin) == 0;
		}
	}
	/* a "-key" line without '=' keeps a glob off the key */
	for (size_t i = 0; i < set->n; i++)
		for (size_t e = 0; e < set->files[i].parsed.n; e++) {
			const struct vt_sysctld_entry *en = &set->files[i].parsed.entries[e];

			if (set->files[i].state == VT_SYSCTLD_READ && en->exclude &&
			    (en->glob ? vt_sysctld_glob_match(en->key, k->knob->name) : strcmp(en->key, k->knob->name) == 0))
				for (size_t s = 0; s < k->n; s++)
					k->sources[s].glob_loses |= k->sources[s].glob;
		}
	k->boot_winner = k->procps_winner = -1;
	for (size_t i = 0; i < k->n; i++) {
		const struct vt_prov_source *s = &k->sources[i];

		if (s->glob_loses || s->shadowed)
			continue;
		if (s->file->boot_order >= 0)
			k->boot_winner = (int)i;
		if (s->file->procps_order >= 0)
			k->procps_winner = (int)i;
	}
	/* procps: sysctl.conf, read last, is after everything; its lines come
	 * last in sources[] already (files[] ends with it) */
	if (k->boot_winner >= 0)
		k->sources[k->boot_winner].wins_boot = true;
	if (k->procps_winner >= 0)
		k->sources[k->procps_winner].wins_procps = true;
}

static void vt_prov_judge(struct vt_prov_knob *k, const struct vt_sysctld_set *set, const struct vt_prov_tuned *t,
			  const struct vt_prov_dropin *d, const char *dropin)
{
	const struct vt_prov_source *bw = k->boot_winner >= 0 ? &k->sources[k->boot_winner] : NULL;
	const struct vt_prov_source *pw = k->procps_winner >= 0 ? &k->sources[k->procps_winner] : NULL;

	k->next_from = "kernel default";
	k->next[0] = '\0';
	if (vt_knob_has_default(k->knob))
		snprintf(k->next, sizeof k->next, "%" PRId64, k->knob->default_value);
	else
		k->next_from = "kernel default (computed at boot)";
	if (k->has_cmdline) {
		k->next_from = "kernel command line";
		vt_set(k->next, sizeof k->next, k->cmdline);
	}
	if (bw) {
		k->next_from = "sysctl.d";
		vt_set(k->next, sizeof k->next, bw->value);
	}
	if (k->tuned) {
		if (t->reapply && vt_prov_reapply(k, set)) {
			k->next_from = "sysctl.d, written again by tuned's reapply_sysctl";
			vt_set(k->next, sizeof k->next, k->reapply_value);
		} else {
			k->next_from = "tuned";
			vt_set(k->next, sizeof k->next, k->tuned->value);
			if (bw && !vt_prov_same(bw->value, k->tuned->value))
				k->tuned_overrides = true;
		}
	}
	if (k->tuned_overrides)
		vt_prov_knob_warn(k, "tuned profile %s sets %s = %s after systemd-sysctl (%s); the sysctl.d value %s "
				  "(/%s:%u) does not last past tuned's start", t->profile, k->knob->name,
				  k->tuned->value, t->reapply ? "no file in /etc/sysctl.d, /run/sysctl.d or "
				  "/etc/sysctl.conf sets it, which tuned's reapply_sysctl would write again" :
				  "reapply_sysctl = 0", bw->value, bw->file->path, bw->line);
	if (bw && pw && bw != pw && !vt_prov_same(bw->value, pw->value)) {
		k->procps_differs = true;
		vt_prov_knob_warn(k, "procps 'sysctl --system' ends on %s (/%s:%u, read last by it) where "
				  "systemd-sysctl ends on %s (/%s:%u)", pw->value, pw->file->path, pw->line, bw->value,
				  bw->file->path, bw->line);
	} else if (!bw && pw) {
		k->procps_differs = true;
		vt_prov_knob_warn(k, "only procps 'sysctl --system' reads /%s (%s = %s): systemd-sysctl does not, "
				  "without a link such as /etc/sysctl.d/99-sysctl.conf -> ../sysctl.conf", pw->file->path,
				  k->knob->name, pw->value);
	}
	/* the drop-in */
	if (d->dir >= vt_sysctld_ndirs) {
		; /* said once for the whole report */
	} else {
		const struct vt_prov_source *ours = NULL, *later = NULL;

		for (size_t i = 0; i < k->n; i++) {
			if (k->sources[i].in_dropin && !k->sources[i].glob_loses && !k->sources[i].shadowed)
				ours = &k->sources[i];
			if (k->sources[i].after_dropin && !k->sources[i].glob_loses && !k->sources[i].in_dropin)
				later = &k->sources[i];
		}
		k->later = later;
		if (later && ours && !vt_prov_same(later->value, ours->value)) {
			k->overridden = true;
			vt_prov_knob_warn(k, "overridden: /%s:%u sets %s = %s after the drop-in's %s (/%s:%u): "
					  "the drop-in's value does not survive a reboot", later->file->path,
					  later->line, later->key, later->value, ours->value, dropin, ours->line);
		}
		if (ours && k->tuned && k->reapply_file == NULL && !vt_prov_same(ours->value, k->tuned->value) &&
		    !k->tuned_overrides) {
			k->overridden = true;
			vt_prov_knob_warn(k, "overridden: tuned profile %s sets %s = %s after boot, over the drop-in's "
					  "%s", t->profile, k->knob->name, k->tuned->value, ours->value);
		}
	}
	if (k->on_kernel && k->next[0] && !vt_prov_same(k->runtime, k->next)) {
		k->disagree = true;
		vt_prov_knob_warn(k, "disagree: runtime %s, next boot %s (%s): the runtime value %s", k->runtime,
				  k->next, k->next_from, strcmp(k->next_from, "kernel default") == 0 ?
				  "is not persisted anywhere" : "will not survive a reboot");
	}
}

static bool vt_prov_set_by_any(const struct vt_prov_knob *k)
{
	return k->n > 0 || k->has_cmdline || k->tuned != NULL;
}

void vt_provenance_build(struct vt_provenance *out, struct vt_sysctld_set *set, struct vt_prov_tuned *tuned,
			 const char *cmdline, uint32_t kernel, const char *const runtime[], const char *dropin)
{
	struct vt_prov_dropin d;

	memset(out, 0, sizeof *out);
	out->set = *set;
	memset(set, 0, sizeof *set);
	out->tuned = *tuned;
	memset(tuned, 0, sizeof *tuned);
	snprintf(out->dropin, sizeof out->dropin, "%s", dropin);
	vt_prov_dropin_place(&out->set, out->dropin, &d);
	for (size_t i = 0; i < out->set.nwarnings; i++)
		vt_prov_warn(out, "%s", out->set.warnings[i]);
	for (size_t i = 0; i < out->set.n; i++) {
		const struct vt_sysctld_file *f = &out->set.files[i];

		if (f->state == VT_SYSCTLD_UNREADABLE)
			vt_prov_warn(out, "/%s: %s: not read, its settings are not known", f->path, f->reason);
		for (size_t w = 0; f->state == VT_SYSCTLD_READ && w < f->parsed.nwarnings && w < VT_SYSCTLD_WARN_MAX; w++)
			vt_prov_warn(out, "/%s:%u: %s", f->path, f->parsed.warnings[w].line, f->parsed.warnings[w].text);
	}
	for (size_t i = 0; i < out->tuned.nwarnings; i++)
		vt_prov_warn(out, "%s", out->tuned.warnings[i]);
	if (d.dir >= vt_sysctld_ndirs)
		snprintf(out->dropin_problem, sizeof out->dropin_problem, "the drop-in /%.200s is not in a sysctl.d "
			 "directory: nothing reads it at boot", out->dropin);
	else if (d.shadowed_by)
		snprintf(out->dropin_problem, sizeof out->dropin_problem, "the drop-in /%.200s is shadowed by /%.200s "
			 "(%.100s): systemd-sysctl and procps read that one instead", out->dropin, d.shadowed_by->path,
			 d.shadowed_by->state == VT_SYSCTLD_MASKED ? d.shadowed_by->reason : "same name, earlier directory");
	out->dropin_reapplied = d.dir <= 1;	/* etc/ or run/: tuned's reapply_sysctl reads it */
	if (out->dropin_problem[0])
		vt_prov_warn(out, "%s", out->dropin_problem);
	if (kernel < VT_PROV_CMDLINE_SINCE)
		cmdline = NULL;	/* the kernel ignores sysctl.* before 5.8 */
	for (size_t i = 0; i < vt_knob_count && out->n < VT_KNOB_MAX; i++) {
		struct vt_prov_knob *k = &out->knobs[out->n];

		memset(k, 0, sizeof *k);
		k->knob = &vt_knobs[i];
		k->on_kernel = runtime[i] != NULL;
		if (k->on_kernel)
			snprintf(k->runtime, sizeof k->runtime, "%s", runtime[i]);
		k->has_cmdline = cmdline && vt_prov_cmdline(cmdline, k->knob->name, k->cmdline, sizeof k->cmdline);
		for (size_t t = 0; t < out->tuned.n; t++)
			if (strcmp(out->tuned.items[t].key, k->knob->name) == 0)
				k->tuned = &out->tuned.items[t];
		vt_prov_sources(k, &out->set, &d, out->dropin);
		if (!k->on_kernel && !vt_prov_set_by_any(k))
			continue;	/* not on this kernel, and nobody asks for it */
		vt_prov_judge(k, &out->set, &out->tuned, &d, out->dropin);
		if (!k->on_kernel)
			vt_prov_knob_warn(k, "this kernel has no %s: the boot's write of it fails", k->knob->name);
		out->n++;
	}
}

const struct vt_prov_knob *vt_provenance_find(const struct vt_provenance *p, const struct vt_knob *knob)
{
	for (size_t i = 0; i < p->n; i++)
		if (p->knobs[i].knob == knob)
			return &p->knobs[i];
	return NULL;
}

bool vt_provenance_persist_lost(const struct vt_provenance *p, const struct vt_knob *knob, const char *value,
				char *why, size_t size)
{
	const struct vt_prov_knob *k = vt_provenance_find(p, knob);

	if (p->dropin_problem[0]) {
		snprintf(why, size, "%s", p->dropin_problem);
		return true;
	}
	if (k == NULL)
		return false;
	if (k->later && !vt_prov_same(k->later->value, value)) {
		snprintf(why, size, "/%.200s:%u sets %s = %.100s after /%.200s: the persisted %s = %.60s will not "
			 "survive a reboot", k->later->file->path, k->later->line, knob->name, k->later->value, p->dropin,
			 knob->name, value);
		return true;
	}
	if (k->tuned && (!p->tuned.reapply || !p->dropin_reapplied) && !vt_prov_same(k->tuned->value, value)) {
		snprintf(why, size, "tuned profile %.100s sets %s = %.100s once it starts, after the sysctl.d files (%s): the "
			 "persisted %s = %.60s will not last", p->tuned.profile, knob->name, k->tuned->value,
			 p->tuned.reapply ? "its reapply_sysctl reads /etc/sysctl.d and /run/sysctl.d only" :
			 "reapply_sysctl = 0", knob->name, value);
		return true;
	}
	return false;
}

size_t vt_provenance_problems(const struct vt_provenance *p)
{
	size_t n = 0;

	for (size_t i = 0; i < p->n; i++)
		n += p->knobs[i].disagree || p->knobs[i].overridden || p->knobs[i].tuned_overrides ||
		     p->knobs[i].procps_differs;
	return n;
}

void vt_prov_tuned_release(struct vt_prov_tuned *t)
{
	free(t->items);
	memset(t, 0, sizeof *t);
}

__attribute__((format(printf, 2, 3)))
static void vt_tuned_warn(struct vt_prov_tuned *t, const char *fmt, ...)
{
	va_list ap;

	if (t->nwarnings == VT_PROV_WARN_MAX)
		return;
	va_start(ap, fmt);
	vsnprintf(t->warnings[t->nwarnings++], sizeof t->warnings[0], fmt, ap);
	va_end(ap);
}

/* A profile name: no '/', no "..", something. */
static bool vt_tuned_name_ok(const char *name)
{
	return name[0] && name[0] != '.' && strchr(name, '/') == NULL;
}

static void vt_tuned_set(struct vt_prov_tuned *t, const struct vt_tuned_setting *s, const char *file,
			 const char *profile)
{
	struct vt_prov_tuned_setting *it = NULL;

	for (size_t i = 0; i < t->n && it == NULL; i++)
		if (strcmp(t->items[i].key, s->key) == 0)
			it = &t->items[i];
	if (it == NULL) {
		t->items = vt_xreallocarray(t->items, t->n + 1, sizeof *t->items);
		it = &t->items[t->n++];
	}
	memset(it, 0, sizeof *it);
	snprintf(it->key, sizeof it->key, "%s", s->key);
	snprintf(it->value, sizeof it->value, "%s", s->value);
	snprintf(it->file, sizeof it->file, "%s", file);
	snprintf(it->profile, sizeof it->profile, "%s", profile);
	it->line = s->line;
}

/* Loads profile `name`: its include= parents first, then its own keys over
 * them. */
static void vt_tuned_profile(const struct vt_root *root, const char *name, unsigned depth, struct vt_prov_tuned *t)
{
	static const char *const where[] = {
		"etc/tuned/profiles", "etc/tuned", "usr/lib/tuned/profiles", "usr/lib/tuned",
	};
	struct vt_tuned_conf conf;
	struct vt_buf buf;
	char path[320] = "", *cause = NULL;
	const char *include;
	int err = -ENOENT;

	if (depth >= VT_PROV_TUNED_DEPTH) {
		vt_tuned_warn(t, "tuned profile %s: include= deeper than %d levels (a loop?): not followed", name,
			      VT_PROV_TUNED_DEPTH);
		return;
	}
	if (!vt_tuned_name_ok(name)) {
		vt_tuned_warn(t, "tuned profile name '%s' is not a name: ignored", name);
		return;
	}
	vt_buf_init(&buf);
	for (size_t i = 0; i < sizeof where / sizeof where[0] && err == -ENOENT; i++) {
		snprintf(path, sizeof path, "%s/%s/tuned.conf", where[i], name);
		err = vt_root_read(root, path, &buf, VT_SYSCTLD_FILE_MAX, &cause);
		free(cause);
		cause = NULL;
	}
	if (err < 0) {
		vt_tuned_warn(t, "tuned profile %s: %s", name, err == -ENOENT ? "no tuned.conf in /etc/tuned or "
			      "/usr/lib/tuned: its settings are not known" : strerror(-err));
		vt_buf_release(&buf);
		return;
	}
	vt_tuned_parse(buf.data, buf.len, &conf);
	vt_buf_release(&buf);
	for (size_t w = 0; w < conf.nwarnings && w < VT_SYSCTLD_WARN_MAX; w++)
		vt_tuned_warn(t, "/%s:%u: %s", path, conf.warnings[w].line, conf.warnings[w].text);
	include = vt_tuned_get(&conf, "main", "include");
	if (include) {
		char list[256], *save = NULL;

		snprintf(list, sizeof list, "%s", include);
		for (char *n = strtok_r(list, ", \t", &save); n; n = strtok_r(NULL, ", \t", &save))
			vt_tuned_profile(root, n, depth + 1, t);
	}
	for (size_t i = 0; i < conf.n; i++)
		if (conf.items[i].sysctl)
			vt_tuned_set(t, &conf.items[i], path, name);
	vt_tuned_conf_release(&conf);
}

void vt_prov_tuned_load(const struct vt_root *root, const char *names, struct vt_prov_tuned *t)
{
	char list[256], *save = NULL;
	size_t len;

	snprintf(list, sizeof list, "%s", names);
	len = strcspn(list, "\n");
	list[len] = '\0';
	snprintf(t->profile, sizeof t->profile, "%s", list);
	for (char *n = strtok_r(list, " \t", &save); n; n = strtok_r(NULL, " \t", &save)) {
		t->active = true;
		vt_tuned_profile(root, n, 0, t);
	}
}

/* reapply_sysctl from tuned-main.conf: on unless it says 0/false/no/off. */
static bool vt_tuned_reapply(const struct vt_root *root)
{
	struct vt_tuned_conf conf;
	struct vt_buf buf;
	char *cause = NULL;
	const char *v;
	bool on = true;

	vt_buf_init(&buf);
	if (vt_root_read_opt(root, VT_TUNED_MAIN, &buf, VT_SYSCTLD_FILE_MAX, &cause) > 0) {
		vt_tuned_parse(buf.data, buf.len, &conf);
		v = vt_tuned_get(&conf, "", "reapply_sysctl");
		if (v && (strcmp(v, "0") == 0 || strcasecmp(v, "false") == 0 || strcasecmp(v, "no") == 0 ||
			  strcasecmp(v, "off") == 0))
			on = false;
		vt_tuned_conf_release(&conf);
	}
	free(cause);
	vt_buf_release(&buf);
	return on;
}

int vt_provenance_collect(const struct vt_root *root, uint32_t kernel, const char *dropin,
			  struct vt_provenance *out, char **cause)
{
	struct vt_sysctld_set set;
	struct vt_prov_tuned tuned;
	struct vt_buf buf, cmd;
	char *runtime[VT_KNOB_MAX] = { NULL }, *why = NULL;
	const char *rt[VT_KNOB_MAX];
	bool have_cmdline = false;
	int err = 0;

	memset(out, 0, sizeof *out);
	memset(&tuned, 0, sizeof tuned);
	err = vt_sysctld_read(root, &set, cause);
	if (err < 0)
		return err;
	vt_buf_init(&buf);
	vt_buf_init(&cmd);
	if (vt_root_read_opt(root, VT_TUNED_ACTIVE, &buf, 4096, &why) > 0 && strlen(buf.data) == buf.len) {
		tuned.reapply = vt_tuned_reapply(root);
		vt_prov_tuned_load(root, buf.data, &tuned);
	}
	free(why);
	why = NULL;
	if (vt_root_read_opt(root, "proc/cmdline", &cmd, 1 << 16, &why) > 0 && strlen(cmd.data) == cmd.len)
		have_cmdline = true;
	free(why);
	for (size_t i = 0; i < vt_knob_count && i < VT_KNOB_MAX; i++) {
		char path[256];

		rt[i] = NULL;
		vt_knob_path(&vt_knobs[i], path, sizeof path);
		err = vt_root_read_opt(root, path, &buf, 4096, cause);
		if (err < 0)
			break;
		if (err > 0) {
			buf.data[strcspn(buf.data, "\n")] = '\0';
			runtime[i] = vt_xstrdup(buf.data);
			rt[i] = runtime[i];
		}
		err = 0;
	}
	if (err == 0)
		vt_provenance_build(out, &set, &tuned, have_cmdline ? cmd.data : NULL, kernel, rt, dropin);
	vt_sysctld_set_release(&set);
	vt_prov_tuned_release(&tuned);
	for (size_t i = 0; i < VT_KNOB_MAX; i++)
		free(runtime[i]);
	vt_buf_release(&buf);
	vt_buf_release(&cmd);
	return err;
}

void vt_provenance_release(struct vt_provenance *p)
{
	vt_sysctld_set_release(&p->set);
	vt_prov_tuned_release(&p->tuned);
	memset(p, 0, sizeof *p);
}
