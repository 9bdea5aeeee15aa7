/* Profiles: the loader (a pure parser of one JSON document), inheritance,
 * and resolution against one machine.  The format is vmtune-profile(5).
 *
 * jansson gives the line and column of a syntax error, but keeps no
 * position for the values it decodes, so a semantic error (an unknown key,
 * a value out of range) is placed by walking the text again to the member
 * it concerns (vt_json_where below).  Both count as jansson does: lines
 * from 1, columns from 1 in characters, not bytes. */
#include "config.h"
#include "advisor/profile.h"
#include "core/cause.h"
#include "core/lines.h"
#include "core/rootfs.h"
#include "core/text.h"
#include "core/xalloc.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>

/* --- where a member is in the text ------------------------------------ */

struct vt_jscan {
	const char *buf;
	size_t len, pos;
	int line, column;       /* of the last character read */
};

static void vt_jscan_step(struct vt_jscan *s)
{
	unsigned char c = (unsigned char)s->buf[s->pos++];

	if (c == '\n') {
		s->line++;
		s->column = 0;
	} else if ((c & 0xc0) != 0x80) {	/* the first byte of a character */
		s->column++;
	}
}

static void vt_jscan_ws(struct vt_jscan *s)
{
	while (s->pos < s->len && strchr(" \t\r\n", s->buf[s->pos]) != NULL)
		vt_jscan_step(s);
}

/* The position of the next character. */
static void vt_jscan_here(const struct vt_jscan *s, int *line, int *column)
{
	*line = s->line;
	*column = s->column + 1;
}

/* Skips a string; *start, *end delimit it with its quotes. */
static bool vt_jscan_string(struct vt_jscan *s, size_t *start, size_t *end)
{
	if (s->pos >= s->len || s->buf[s->pos] != '"')
		return false;
	*start = s->pos;
	vt_jscan_step(s);
	while (s->pos < s->len && s->buf[s->pos] != '"') {
		if (s->buf[s->pos] == '\\' && s->pos + 1 < s->len)
			vt_jscan_step(s);
		vt_jscan_step(s);
	}
	if (s->pos >= s->len)
		return false;
	vt_jscan_step(s);
	*end = s->pos;
	return true;
}

/* Whether the string token buf[start, end) decodes to `key`: jansson
 * decodes it, escapes and all. */
static bool vt_jscan_key_is(const struct vt_jscan *s, size_t start, size_t end, const char *key)
{
	json_t *v = json_loadb(s->buf + start, end - start, JSON_DECODE_ANY | JSON_ALLOW_NUL, NULL);
	bool same = json_is_string(v) && json_string_length(v) == strlen(key) &&
		    memcmp(json_string_value(v), key, strlen(key)) == 0;

	json_decref(v);
	return same;
}

static bool vt_jscan_value(struct vt_jscan *s, int depth);

static bool vt_jscan_container(struct vt_jscan *s, int depth)
{
	char close = s->buf[s->pos] == '{' ? '}' : ']';
	size_t a, b;

	vt_jscan_step(s);
	vt_jscan_ws(s);
	if (s->pos < s->len && s->buf[s->pos] == close) {
		vt_jscan_step(s);
		return true;
	}
	for (;;) {
		if (close == '}') {
			if (!vt_jscan_string(s, &a, &b))
				return false;
			vt_jscan_ws(s);
			if (s->pos >= s->len || s->buf[s->pos] != ':')
				return false;
			vt_jscan_step(s);
			vt_jscan_ws(s);
		}
		if (!vt_jscan_value(s, depth + 1))
			return false;
		vt_jscan_ws(s);
		if (s->pos >= s->len)
			return false;
		if (s->buf[s->pos] == close) {
			vt_jscan_step(s);
			return true;
		}
		if (s->buf[s->pos] != ',')
			return false;
		vt_jscan_step(s);
		vt_jscan_ws(s);
	}
}

static bool vt_jscan_value(struct vt_jscan *s, int depth)
{
	size_t a, b;

	if (depth > 64 || s->pos >= s->len)
		return false;
	switch (s->buf[s->pos]) {
	case '"':
		return vt_jscan_string(s, &a, &b);
	case '{':
	case '[':
		return vt_jscan_container(s, depth);
	default:	/* a number, true, false, null */
		while (s->pos < s->len && strchr(",]} \t\r\n", s->buf[s->pos]) == NULL)
			vt_jscan_step(s);
		return true;
	}
}

/* Finds the member path[0] / path[1] / ... of the document (valid JSON,
 * an object at the top) and gives the position of its key, or with
 * `value` of its value.  depth 0: the document itself. */
static bool vt_json_where(const char *buf, size_t len, const char *const *path, size_t depth, bool value,
			  int *line, int *column)
{
	struct vt_jscan s = { .buf = buf, .len = len, .line = 1 };
	size_t a, b;

	vt_jscan_ws(&s);
	for (size_t d = 0; d < depth; d++) {
		bool found = false;

		if (s.pos >= s.len || s.buf[s.pos] != '{')
			return false;
		vt_jscan_step(&s);
		vt_jscan_ws(&s);
		while (!found && s.pos < s.len && s.buf[s.pos] == '"') {
			int kl, kc;

			vt_jscan_here(&s, &kl, &kc);
			if (!vt_jscan_string(&s, &a, &b))
				return false;
			found = vt_jscan_key_is(&s, a, b, path[d]);
			vt_jscan_ws(&s);
			if (s.pos >= s.len || s.buf[s.pos] != ':')
				return false;
			vt_jscan_step(&s);
			vt_jscan_ws(&s);
			if (found) {
				if (d + 1 == depth && !value) {
					*line = kl;
					*column = kc;
					return true;
				}
				break;
			}
			if (!vt_jscan_value(&s, 0))
				return false;
			vt_jscan_ws(&s);
			if (s.pos < s.len && s.buf[s.pos] == ',') {
				vt_jscan_step(&s);
				vt_jscan_ws(&s);
			}
		}
		if (!found)
			return false;
	}
	vt_jscan_here(&s, line, column);
	return s.pos < s.len;
}

/* --- the parser ------------------------------------------------------- */

struct vt_pctx {
	const char *buf;
	size_t len;
	const char *display;
	char **cause;
};

/* "display: line L, column C: message", placed at the member `path` (its
 * key, or with `value` its value). */
__attribute__((format(printf, 6, 7)))
static int vt_perr(const struct vt_pctx *c, const char *const *path, size_t depth, bool value,
		   int err, const char *fmt, ...)
{
	char msg[512];
	int line, column;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	if (vt_json_where(c->buf, c->len, path, depth, value, &line, &column))
		return vt_cause_set(c->cause, err, "%s: line %d, column %d: %s", c->display, line, column, msg);
	return vt_cause_set(c->cause, err, "%s: %s", c->display, msg);
}

/* How a message names the member: "name", "vm.swappiness: why" (the
 * "settings" level is implied by the knob). */
static const char *vt_pwhat(const char *const *path, size_t depth, char *buf, size_t size)
{
	if (depth >= 3)
		snprintf(buf, size, "%s: %s", path[1], path[2]);
	else
		snprintf(buf, size, "%s", path[depth - 1]);
	return buf;
}

/* A string member into dst[size]. */
static int vt_pstring(const struct vt_pctx *c, const char *const *path, size_t depth, json_t *v,
		      char *dst, size_t size)
{
	char wbuf[160];
	const char *what = vt_pwhat(path, depth, wbuf, sizeof wbuf);

	if (!json_is_string(v))
		return vt_perr(c, path, depth, true, -EINVAL, "%s: expected a string", what);
	if (json_string_length(v) >= size)
		return vt_perr(c, path, depth, true, -EINVAL, "%s: longer than %zu bytes", what, size - 1);
	/* Printed as it is: no control character (C0, DEL, C1), no NUL. */
	if (strlen(json_string_value(v)) != json_string_length(v) ||
	    vt_text_needs_escape(json_string_value(v), json_string_length(v), 0))
		return vt_perr(c, path, depth, true, -EINVAL, "%s: contains a control character", what);
	snprintf(dst, size, "%s", json_string_value(v));
	return 0;
}

/* The widest range of any kernel in the table: what a profile may hold. */
static void vt_knob_widest(const struct vt_knob *knob, int64_t *min, int64_t *max)
{
	*min = INT64_MAX;
	*max = INT64_MIN;
	for (const struct vt_knob_range *r = knob->ranges; r->max >= r->min; r++) {
		if (r->min < *min)
			*min = r->min;
		if (r->max > *max)
			*max = r->max;
	}
}

static int vt_pinteger(const struct vt_pctx *c, const char *const *path, size_t depth, json_t *v,
		       const struct vt_knob *knob, int64_t *out)
{
	char wbuf[160];
	const char *what = depth >= 3 && strcmp(path[2], "value") == 0 ? path[1] : vt_pwhat(path, depth, wbuf,
												 sizeof wbuf);
	int64_t min, max;

	if (!json_is_integer(v))
		return vt_perr(c, path, depth, true, -EINVAL, "%s: expected a whole number%s", what,
			       json_is_real(v) ? " (no fraction, no exponent)" : "");
	vt_knob_widest(knob, &min, &max);
	*out = (int64_t)json_integer_value(v);
	if (*out < min || *out > max)
		return vt_perr(c, path, depth, true, -ERANGE, "%s: %" PRId64 " is outside %" PRId64 "..%" PRId64
			       ", the widest range %s has on any kernel", what, *out, min, max, knob->name);
	return 0;
}

static int vt_psetting(const struct vt_pctx *c, const char *key, json_t *v, const struct vt_knob *knob,
		       struct vt_profile_setting *out)
{
	const char *path[3] = { "settings", key, NULL };
	json_t *value = NULL, *share = NULL, *min_kb = NULL, *max_kb = NULL, *m;
	const char *k;
	int err;

	memset(out, 0, sizeof *out);
	out->knob = knob;
	out->min_kb = out->max_kb = -1;
	if (!json_is_object(v)) {
		value = v;	/* the short forms: 10 or "auto" */
	} else {
		json_object_foreach(v, k, m) {
			path[2] = k;
			if (strcmp(k, "value") == 0)
				value = m;
			else if (strcmp(k, "share_of_memory_pct") == 0)
				share = m;
			else if (strcmp(k, "min_kb") == 0)
				min_kb = m;
			else if (strcmp(k, "max_kb") == 0)
				max_kb = m;
			else if (strcmp(k, "why") == 0) {
				if ((err = vt_pstring(c, path, 3, m, out->why, sizeof out->why)) < 0)
					return err;
			} else
				return vt_perr(c, path, 3, false, -EINVAL, "%s: unknown key '%s' (expected value, "
					       "share_of_memory_pct, min_kb, max_kb, why)", key, k);
		}
		path[2] = NULL;
		if ((value == NULL) == (share == NULL))
			return vt_perr(c, path, 2, true, -EINVAL, "%s: give either value or "
				       "share_of_memory_pct", key);
		if (value != NULL && (min_kb != NULL || max_kb != NULL)) {
			path[2] = min_kb != NULL ? "min_kb" : "max_kb";
			return vt_perr(c, path, 3, false, -EINVAL, "%s: %s goes with share_of_memory_pct, "
				       "not with value", key, path[2]);
		}
	}
	if (value != NULL) {
		size_t depth = value == v ? 2 : 3;

		path[2] = "value";
		if (json_is_string(value) && strcmp(json_string_value(value), "auto") == 0) {
			out->kind = VT_PROFILE_AUTO;
			return 0;
		}
		if (json_is_string(value))
			return vt_perr(c, path, depth, true, -EINVAL, "%s: '%s' is neither a number nor \"auto\"",
				       key, json_string_value(value));
		if (!json_is_number(value))
			return vt_perr(c, path, depth, true, -EINVAL, "%s: expected a whole number, \"auto\" or "
				       "an object", key);
		out->kind = VT_PROFILE_FIXED;
		return vt_pinteger(c, path, depth, value, knob, &out->value);
	}
	out->kind = VT_PROFILE_SHARE;
	path[2] = "share_of_memory_pct";
	if (knob->unit != VT_UNIT_KB)
		return vt_perr(c, path, 3, false, -EINVAL, "%s: share_of_memory_pct is only for knobs in kB "
			       "(%s is not)", key, knob->name);
	if (!json_is_number(share))
		return vt_perr(c, path, 3, true, -EINVAL, "%s: share_of_memory_pct: expected a number", key);
	out->share_pct = json_number_value(share);
	if (!(out->share_pct > 0 && out->share_pct <= 100))
		return vt_perr(c, path, 3, true, -ERANGE, "%s: share_of_memory_pct: %g is not above 0 and at "
			       "most 100", key, out->share_pct);
	if (min_kb != NULL && !json_is_null(min_kb)) {
		path[2] = "min_kb";
		if ((err = vt_pinteger(c, path, 3, min_kb, knob, &out->min_kb)) < 0)
			return err;
	}
	if (max_kb != NULL && !json_is_null(max_kb)) {
		path[2] = "max_kb";
		if ((err = vt_pinteger(c, path, 3, max_kb, knob, &out->max_kb)) < 0)
			return err;
	}
	if (out->min_kb >= 0 && out->max_kb >= 0 && out->min_kb > out->max_kb) {
		path[2] = "min_kb";
		return vt_perr(c, path, 3, true, -ERANGE, "%s: min_kb %" PRId64 " is above max_kb %" PRId64,
			       key, out->min_kb, out->max_kb);
	}
	return 0;
}

static int vt_psettings(const struct vt_pctx *c, json_t *obj, struct vt_profile *out)
{
	struct vt_profile_setting tmp[VT_KNOB_MAX];
	const char *seen[VT_KNOB_MAX] = { NULL };
	const char *path[2] = { "settings", NULL };
	const char *key;
	json_t *v;
	size_t n = 0;
	int err;

	if (!json_is_object(obj))
		return vt_perr(c, path, 1, true, -EINVAL, "settings: expected an object, one member per knob");
	json_object_foreach(obj, key, v) {
		const struct vt_knob *knob = vt_knob_find(key);
		size_t i;

		path[1] = key;
		if (knob == NULL || (size_t)(knob - vt_knobs) >= VT_KNOB_MAX) {
			char known[256];
			size_t at = 0;

			known[0] = '\0';
			for (size_t j = 0; j < vt_knob_count && j < VT_KNOB_MAX; j++)
				at += (size_t)snprintf(known + at, at < sizeof known ? sizeof known - at : 0, "%s%s",
						       j ? ", " : "", vt_knobs[j].name);
			return vt_perr(c, path, 2, false, -EINVAL, "unknown knob '%s' (known: %s)", key, known);
		}
		i = (size_t)(knob - vt_knobs);
		if (seen[i] != NULL)
			return vt_perr(c, path, 2, false, -EINVAL, "'%s' sets %s a second time (first as '%s')", key,
				       knob->name, seen[i]);
		seen[i] = key;
		if ((err = vt_psetting(c, key, v, knob, &tmp[i])) < 0)
			return err;
		n++;
	}
	out->settings = n ? vt_xcalloc(n, sizeof *out->settings) : NULL;
	for (size_t i = 0; i < VT_KNOB_MAX; i++)
		if (seen[i] != NULL)
			out->settings[out->nsettings++] = tmp[i];
	return 0;
}

int vt_profile_check_name(const char *name, char **cause)
{
	size_t n = strlen(name);

	if (n == 0)
		return vt_cause_set(cause, -EINVAL, "a profile name is not empty");
	if (n > 63)
		return vt_cause_set(cause, -EINVAL, "'%.40s...' is longer than 63 bytes", name);
	for (size_t i = 0; i < n; i++) {
		char ch = name[i];

		if (!((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') ||
		      (i > 0 && (ch == '-' || ch == '_' || ch == '.'))))
			return vt_cause_set(cause, -EINVAL, "'%s' is not a profile name (a-z, 0-9, then also "
					    "'-', '_', '.')", name);
	}
	if (n >= 5 && strcmp(name + n - 5, ".json") == 0)
		return vt_cause_set(cause, -EINVAL, "'%s' is not a profile name (it ends in .json)", name);
	return 0;
}

bool vt_profile_is_file(const char *arg)
{
	size_t n = strlen(arg);

	return strchr(arg, '/') != NULL || (n >= 5 && strcmp(arg + n - 5, ".json") == 0);
}

/* Blanks an editor may leave around the name (a DOS line end too). */
static bool vt_pname_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

int vt_profile_name_file_parse(const char *buf, size_t len, const char *display, char name[64], char **cause)
{
	struct vt_lines it;
	const char *line, *eol;
	unsigned at = 0;
	char *why = NULL;
	int err = 0;

	name[0] = '\0';
	if (memchr(buf, '\0', len) != NULL)
		return vt_cause_set(cause, -EINVAL, "%s: a NUL byte: not a text file naming a profile", display);
	vt_lines_init(&it, buf, len);
	while (err == 0 && vt_lines_next(&it, &line, &eol)) {
		while (line < eol && vt_pname_blank(*line))
			line++;
		while (eol > line && vt_pname_blank(eol[-1]))
			eol--;
		if (line == eol || *line == '#')
			continue;
		if (at != 0) {
			err = vt_cause_set(cause, -EINVAL, "%s: line %u: a second profile name after '%s' on line %u "
					   "(the file names one)", display, it.lineno, name, at);
		} else if ((size_t)(eol - line) > 63) {
			err = vt_cause_set(cause, -EINVAL, "%s: line %u: '%.40s...' is longer than 63 bytes", display,
					   it.lineno, line);
		} else {
			memcpy(name, line, (size_t)(eol - line));
			name[eol - line] = '\0';
			if (vt_profile_check_name(name, &why) < 0) {
				err = vt_cause_set(cause, -EINVAL, "%s: line %u: %s", display, it.lineno, why);
				free(why);
			}
			at = it.lineno;
		}
	}
	if (err == 0 && at == 0)
		err = vt_cause_set(cause, -EINVAL, "%s: names no profile (one NAME on a line, as 'vmtune profile "
				   "list' shows them)", display);
	if (err < 0)
		name[0] = '\0';	/* nothing half-read is taken for a name */
	return err;
}

/* A name member: a string that is a profile name. */
static int vt_pname(const struct vt_pctx *c, const char *const *path, json_t *v, char *dst, size_t size)
{
	char *why = NULL;
	int err = vt_pstring(c, path, 1, v, dst, size);

	if (err == 0 && vt_profile_check_name(dst, &why) < 0) {
		err = vt_perr(c, path, 1, true, -EINVAL, "%s: %s", path[0], why);
		free(why);
	}
	return err;
}

int vt_profile_parse(const char *buf, size_t len, const char *display, struct vt_profile *out, char **cause)
{
	struct vt_pctx c = { .buf = buf, .len = len, .display = display, .cause = cause };
	const char *path[1] = { NULL };
	json_error_t jerr;
	json_t *doc, *v, *settings = NULL;
	const char *key;
	bool has_name = false, has_description = false;
	int err = 0;

	memset(out, 0, sizeof *out);
	snprintf(out->path, sizeof out->path, "%s", display);
	doc = json_loadb(buf, len, JSON_REJECT_DUPLICATES, &jerr);
	if (doc == NULL)
		return vt_cause_set(cause, -EINVAL, "%s: line %d, column %d: %s", display, jerr.line, jerr.column,
				    jerr.text);
	if (!json_is_object(doc)) {
		json_decref(doc);
		return vt_perr(&c, path, 0, true, -EINVAL, "expected an object ({ \"name\": ... })");
	}
	json_object_foreach(doc, key, v) {
		path[0] = key;
		if (strcmp(key, "name") == 0) {
			err = vt_pname(&c, path, v, out->name, sizeof out->name);
			has_name = true;
		} else if (strcmp(key, "description") == 0) {
			err = vt_pstring(&c, path, 1, v, out->description, sizeof out->description);
			has_description = true;
		} else if (strcmp(key, "inherits") == 0) {
			err = vt_pname(&c, path, v, out->inherits, sizeof out->inherits);
		} else if (strcmp(key, "workload") == 0) {
			char wl[32];

			err = vt_pstring(&c, path, 1, v, wl, sizeof wl);
			if (err == 0 && vt_workload_parse(wl, &out->workload) < 0)
				err = vt_perr(&c, path, 1, true, -EINVAL, "workload: '%s' is not one of general, "
					      "database, latency, throughput, desktop, virt-host, hpc", wl);
			out->has_workload = err == 0;
		} else if (strcmp(key, "settings") == 0) {
			settings = v;
		} else {
			err = vt_perr(&c, path, 1, false, -EINVAL, "unknown key '%s' (expected name, description, "
				      "inherits, workload, settings)", key);
		}
		if (err < 0)
			break;
	}
	if (err == 0 && (!has_name || !has_description))
		err = vt_perr(&c, path, 0, true, -EINVAL, "'%s' is missing", has_name ? "description" : "name");
	if (err == 0 && settings != NULL)
		err = vt_psettings(&c, settings, out);
	json_decref(doc);
	if (err < 0)
		vt_profile_release(out);
	return err;
}

void vt_profile_release(struct vt_profile *p)
{
	free(p->settings);
	p->settings = NULL;
	p->nsettings = 0;
}

const struct vt_profile_setting *vt_profile_setting(const struct vt_profile *p, const struct vt_knob *knob)
{
	for (size_t i = 0; i < p->nsettings; i++)
		if (p->settings[i].knob == knob)
			return &p->settings[i];
	return NULL;
}

const char *vt_profile_kind_name(enum vt_profile_kind kind)
{
	return kind == VT_PROFILE_FIXED ? "fixed" : kind == VT_PROFILE_SHARE ? "share" : "auto";
}

/* --- inheritance ------------------------------------------------------ */

int vt_profile_inherit(struct vt_profile *p, vt_profile_lookup_fn *lookup, void *ctx, char **cause)
{
	struct vt_profile chain[VT_PROFILE_DEPTH_MAX];
	const struct vt_profile *merged[VT_KNOB_MAX] = { NULL };
	struct vt_profile_setting *settings;
	const struct vt_profile *cur = p;
	size_t n = 0, count = 0;
	int err = 0;

	while (cur->inherits[0] != '\0') {
		if (n + 1 >= VT_PROFILE_DEPTH_MAX) {
			err = vt_cause_set(cause, -ELOOP, "%s: inherits more than %d levels deep ('%s' inherits '%s')",
					   p->path, VT_PROFILE_DEPTH_MAX - 1, cur->name, cur->inherits);
			break;
		}
		err = lookup(ctx, cur, &chain[n], cause);
		if (err < 0) {
			vt_cause_prefix(cause, err, "%s: inherits '%s'", cur->path, cur->inherits);
			break;
		}
		n++;
		for (size_t k = 0; k <= n && err == 0; k++) {
			const struct vt_profile *seen = k == 0 ? p : &chain[k - 1];

			if (seen != &chain[n - 1] && strcmp(seen->path, chain[n - 1].path) == 0)
				err = vt_cause_set(cause, -ELOOP, "%s: inheritance cycle: '%s' inherits '%s' (%s) again",
						   p->path, cur->name, cur->inherits, chain[n - 1].path);
		}
		if (err < 0)
			break;
		cur = &chain[n - 1];
	}
	if (err == 0) {
		/* Nearest first: p, then its parent, then the grandparent... */
		for (size_t k = 0; k <= n; k++) {
			const struct vt_profile *q = k == 0 ? p : &chain[k - 1];

			for (size_t i = 0; i < q->nsettings; i++) {
				size_t at = (size_t)(q->settings[i].knob - vt_knobs);

				if (at < VT_KNOB_MAX && merged[at] == NULL) {
					merged[at] = q;
					count++;
				}
			}
			if (!p->has_workload && q->has_workload) {
				p->has_workload = true;
				p->workload = q->workload;
			}
		}
		settings = count ? vt_xcalloc(count, sizeof *settings) : NULL;
		count = 0;
		for (size_t at = 0; at < VT_KNOB_MAX; at++)
			if (merged[at] != NULL)
				settings[count++] = *vt_profile_setting(merged[at], &vt_knobs[at]);
		free(p->settings);
		p->settings = settings;
		p->nsettings = count;
	}
	for (size_t k = 0; k < n; k++)
		vt_profile_release(&chain[k]);
	return err;
}

/* --- resolution --------------------------------------------------------- */

static const struct vt_recommendation *vt_advice_rec(const struct vt_advice *a, const struct vt_knob *knob)
{
	for (size_t i = 0; a != NULL && i < a->nrecs; i++)
		if (a->recs[i].knob == knob)
			return &a->recs[i];
	return NULL;
}

int vt_profile_resolve(const struct vt_profile *p, const struct vt_advice_input *in,
		       const struct vt_advice *advice, struct vt_profile_values *out, char **cause)
{
	memset(out, 0, sizeof *out);
	for (size_t s = 0; s < p->nsettings; s++) {
		const struct vt_profile_setting *set = &p->settings[s];
		const struct vt_knob *knob = set->knob;
		const struct vt_recommendation *rec;
		size_t i = (size_t)(knob - vt_knobs);
		char *note;
		int64_t min, max, v = 0, mem;
		double kb;

		if (i >= VT_KNOB_MAX || i >= vt_knob_count)
			continue;
		note = out->note[i];
		if (!in->knobs[i].available || !vt_knob_range(knob, in->kernel, &min, &max)) {
			snprintf(note, sizeof out->note[i], "skipped: not on this kernel (%s)",
				 in->release ? in->release : "unknown");
			continue;
		}
		switch (set->kind) {
		case VT_PROFILE_FIXED:
			v = set->value;
			out->floor[i] = (knob->flags & VT_KNOB_KERNEL_RAISES) != 0;
			snprintf(note, sizeof out->note[i], "fixed%s", out->floor[i] ?
				 " (the kernel may raise it: more complies)" : "");
			break;
		case VT_PROFILE_SHARE:
			if (in->meminfo == NULL || !vt_meminfo_has(in->meminfo, VT_MI_MEM_TOTAL)) {
				snprintf(note, sizeof out->note[i], "skipped: MemTotal not available");
				continue;
			}
			mem = (int64_t)in->meminfo->value[VT_MI_MEM_TOTAL];
			kb = (double)mem * set->share_pct / 100.0;
			v = kb >= (double)INT64_MAX ? INT64_MAX : (int64_t)floor(kb);
			if (set->min_kb >= 0 && v < set->min_kb) {
				snprintf(note, sizeof out->note[i], "%g %% of MemTotal %" PRId64 " kB is %" PRId64
					 " kB: raised to min_kb %" PRId64, set->share_pct, mem, v, set->min_kb);
				v = set->min_kb;
			} else if (set->max_kb >= 0 && v > set->max_kb) {
				snprintf(note, sizeof out->note[i], "%g %% of MemTotal %" PRId64 " kB is %" PRId64
					 " kB: cut to max_kb %" PRId64, set->share_pct, mem, v, set->max_kb);
				v = set->max_kb;
			} else {
				snprintf(note, sizeof out->note[i], "%g %% of MemTotal %" PRId64 " kB", set->share_pct,
					 mem);
			}
			out->floor[i] = (knob->flags & VT_KNOB_KERNEL_RAISES) != 0;
			break;
		case VT_PROFILE_AUTO:
			rec = vt_advice_rec(advice, knob);
			if (advice == NULL || rec == NULL) {
				snprintf(note, sizeof out->note[i], "skipped: auto, and %s", advice == NULL ?
					 "no advice was computed" : "no rule covers this knob");
				continue;
			}
			if (rec->waived) {
				snprintf(note, sizeof out->note[i], "skipped: auto, and %s is waived", rec->id);
				continue;
			}
			if (rec->action == VT_ACTION_NOT_APPLICABLE) {
				snprintf(note, sizeof out->note[i], "skipped: auto, and %s does not apply", rec->id);
				continue;
			}
			v = rec->recommended;
			out->floor[i] = rec->floor;
			snprintf(note, sizeof out->note[i], "auto: %s, %s", rec->id,
				 rec->action == VT_ACTION_CHANGE ? "change" : "keep");
			break;
		}
		if (v < min || v > max)
			return vt_cause_set(cause, -ERANGE, "%s: %s %" PRId64 " is out of range on kernel %s "
					    "(%" PRId64 "..%" PRId64 ")", p->path, knob->name, v,
					    in->release ? in->release : "unknown", min, max);
		out->set[i] = true;
		out->value[i] = v;
	}
	return 0;
}

/* --- the search ----------------------------------------------------------- */

static int vt_read_path(const char *path, struct vt_buf *buf, char **cause)
{
	struct stat st;
	int fd, err;

	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0)
		return vt_cause_set(cause, -errno, "cannot open '%s': %s", path, strerror(errno));
	if (fstat(fd, &st) < 0) {
		err = -errno;
		close(fd);
		return vt_cause_set(cause, err, "cannot read '%s': %s", path, strerror(-err));
	}
	if (!S_ISREG(st.st_mode)) {
		close(fd);
		return vt_cause_set(cause, S_ISDIR(st.st_mode) ? -EISDIR : -EINVAL, "'%s' is not a regular file",
				    path);
	}
	err = vt_read_fd(fd, buf, VT_PROFILE_FILE_MAX, path, cause);
	close(fd);
	return err;
}

static char *vt_dir_join(const char *dir, const char *name)
{
	size_t n = strlen(dir);

	return vt_xasprintf("%s%s%s.json", dir, n && dir[n - 1] == '/' ? "" : "/", name);
}

static int vt_parse_named(const struct vt_buf *buf, const char *display, const char *name,
			  struct vt_profile *out, char **cause)
{
	int err = vt_profile_parse(buf->data, buf->len, display, out, cause);

	if (err == 0 && strcmp(out->name, name) != 0) {
		err = vt_cause_set(cause, -EINVAL, "%s: name '%s' is not the file's name, '%s'", display, out->name,
				   name);
		vt_profile_release(out);
	}
	return err;
}

/* Opens the shipped directory as a root: reads stay inside it. */
static int vt_shipped_open(const struct vt_profile_search *s, struct vt_root *dir, char **cause)
{
	int err = vt_root_open(dir, s->dir, NULL);

	if (err < 0)
		return vt_cause_set(cause, err, "cannot open the profile directory '%s': %s", s->dir, strerror(-err));
	return 0;
}

/* NAME in the local directory (unless `shipped_only`), then the shipped one. */
static int vt_profile_find(const struct vt_profile_search *s, const char *name, bool shipped_only,
			   struct vt_profile *out, char **cause)
{
	struct vt_root dir;
	struct vt_buf buf;
	char rel[sizeof VT_PROFILE_LOCAL_DIR + 80], *display;
	int err;

	if ((err = vt_profile_check_name(name, cause)) < 0)
		return err;
	vt_buf_init(&buf);
	snprintf(rel, sizeof rel, "%s/%s.json", VT_PROFILE_LOCAL_DIR, name);
	if (s->root != NULL && !shipped_only) {
		err = vt_root_read_opt(s->root, rel, &buf, VT_PROFILE_FILE_MAX, cause);
		if (err > 0) {
			display = vt_root_display(s->root, rel);
			err = vt_parse_named(&buf, display, name, out, cause);
			free(display);
			vt_buf_release(&buf);
			return err;
		}
		if (err < 0) {
			vt_buf_release(&buf);
			return err;
		}
	}
	err = vt_shipped_open(s, &dir, cause);
	if (err < 0) {
		vt_buf_release(&buf);
		return err;
	}
	snprintf(rel, sizeof rel, "%s.json", name);
	err = vt_root_read_opt(&dir, rel, &buf, VT_PROFILE_FILE_MAX, cause);
	vt_root_release(&dir);
	display = vt_dir_join(s->dir, name);
	if (err > 0) {
		err = vt_parse_named(&buf, display, name, out, cause);
	} else if (err == 0) {
		char *local = s->root && !shipped_only ? vt_root_display(s->root, VT_PROFILE_LOCAL_DIR) : NULL;

		if (local != NULL)
			err = vt_cause_set(cause, -ENOENT, "no profile '%s' (looked for %s/%s.json and %s)", name,
					   local, name, display);
		else
			err = vt_cause_set(cause, -ENOENT, "no profile '%s' (looked for %s)", name, display);
		free(local);
	}
	free(display);
	vt_buf_release(&buf);
	return err;
}

/* A local profile that inherits its own name extends the shipped one. */
static int vt_profile_lookup(void *ctx, const struct vt_profile *child, struct vt_profile *parent, char **cause)
{
	const struct vt_profile_search *s = ctx;
	bool shipped_only = false;

	if (s->root != NULL && strcmp(child->inherits, child->name) == 0) {
		char rel[sizeof VT_PROFILE_LOCAL_DIR + 80], *local;

		snprintf(rel, sizeof rel, "%s/%s.json", VT_PROFILE_LOCAL_DIR, child->name);
		local = vt_root_display(s->root, rel);
		shipped_only = strcmp(local, child->path) == 0;
		free(local);
	}
	return vt_profile_find(s, child->inherits, shipped_only, parent, cause);
}

int vt_profile_load(const struct vt_profile_search *s, const char *name_or_file, struct vt_profile *out,
		    char **cause)
{
	struct vt_profile_search search = *s;	/* the lookup's context */
	int err;

	memset(out, 0, sizeof *out);
	if (vt_profile_is_file(name_or_file)) {
		struct vt_buf buf;

		vt_buf_init(&buf);
		err = vt_read_path(name_or_file, &buf, cause);
		if (err == 0)
			err = vt_profile_parse(buf.data, buf.len, name_or_file, out, cause);
		vt_buf_release(&buf);
	} else {
		err = vt_profile_find(s, name_or_file, false, out, cause);
	}
	if (err == 0) {
		err = vt_profile_inherit(out, vt_profile_lookup, &search, cause);
		if (err < 0)
			vt_profile_release(out);
	}
	return err;
}

/* Adds the NAME of every NAME.json in a listing. */
static void vt_names_add(char ***names, size_t *count, char **list, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		size_t len = strlen(list[i]);
		bool dup = false;

		if (len <= 5 || strcmp(list[i] + len - 5, ".json") != 0 || list[i][0] == '.')
			continue;
		for (size_t j = 0; j < *count && !dup; j++)
			dup = strlen((*names)[j]) == len - 5 && strncmp((*names)[j], list[i], len - 5) == 0;
		if (dup)
			continue;
		*names = vt_xreallocarray(*names, *count + 1, sizeof **names);
		(*names)[(*count)++] = vt_xstrndup(list[i], len - 5);
	}
}

static bool vt_names_has(char **list, size_t n, const char *name)
{
	size_t len = strlen(name);

	for (size_t i = 0; i < n; i++)
		if (strncmp(list[i], name, len) == 0 && strcmp(list[i] + len, ".json") == 0)
			return true;
	return false;
}

static int vt_strcmp_p(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int vt_profile_list(const struct vt_profile_search *s, struct vt_profile_entry **out, size_t *count,
		    char **cause)
{
	char **local = NULL, **shipped = NULL, **names = NULL;
	size_t nlocal = 0, nshipped = 0, nnames = 0;
	struct vt_root dir;
	int err;

	*out = NULL;
	*count = 0;
	err = vt_shipped_open(s, &dir, cause);
	if (err < 0)
		return err;
	err = vt_root_list(&dir, ".", &shipped, &nshipped, cause);
	vt_root_release(&dir);
	if (err < 0)
		return err;
	if (s->root != NULL && vt_root_is_dir(s->root, VT_PROFILE_LOCAL_DIR) == 1) {
		err = vt_root_list(s->root, VT_PROFILE_LOCAL_DIR, &local, &nlocal, cause);
		if (err < 0) {
			vt_strv_free(shipped, nshipped);
			return err;
		}
	}
	vt_names_add(&names, &nnames, local, nlocal);
	vt_names_add(&names, &nnames, shipped, nshipped);
	if (nnames > 1)
		qsort(names, nnames, sizeof *names, vt_strcmp_p);
	*out = nnames ? vt_xcalloc(nnames, sizeof **out) : NULL;
	for (size_t i = 0; i < nnames; i++) {
		struct vt_profile_entry *e = &(*out)[i];
		char *why = NULL;

		snprintf(e->name, sizeof e->name, "%s", names[i]);
		e->local = vt_names_has(local, nlocal, names[i]);
		e->overrides = e->local && vt_names_has(shipped, nshipped, names[i]);
		if (e->local) {
			char rel[sizeof VT_PROFILE_LOCAL_DIR + 80], *display;

			snprintf(rel, sizeof rel, "%s/%s.json", VT_PROFILE_LOCAL_DIR, e->name);
			display = vt_root_display(s->root, rel);
			snprintf(e->path, sizeof e->path, "%s", display);
			free(display);
		} else {
			char *display = vt_dir_join(s->dir, e->name);

			snprintf(e->path, sizeof e->path, "%s", display);
			free(display);
		}
		if (vt_profile_check_name(names[i], &why) < 0) {
			e->error = vt_xasprintf("%s: %s", e->path, why);
			free(why);
		} else if (vt_profile_load(s, names[i], &e->profile, &e->error) == 0) {
			e->ok = true;
		}
		free(names[i]);
	}
	*count = nnames;
	free(names);
	vt_strv_free(local, nlocal);
	vt_strv_free(shipped, nshipped);
	return 0;
}

void vt_profile_list_free(struct vt_profile_entry *entries, size_t count)
{
	for (size_t i = 0; i < count; i++) {
		vt_profile_release(&entries[i].profile);
		free(entries[i].error);
	}
	free(entries);
}
