#include "config.h"
#include "apply/journal.h"
#include "core/cause.h"
#include "core/clock.h"
#include "core/json.h"
#include "core/schema.h"
#include "core/xalloc.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

/* A journal is small: a few knobs and, at most, one drop-in twice. */
#define VT_JOURNAL_READ_MAX ((size_t)1 << 20)

static const char *const vt_journal_states[] = {
	[VT_JOURNAL_STARTED] = "started",
	[VT_JOURNAL_DONE] = "done",
	[VT_JOURNAL_ROLLED_BACK] = "rolled-back",
	[VT_JOURNAL_FAILED] = "failed",
};

const char *vt_journal_state_name(enum vt_journal_state s)
{
	return vt_journal_states[s];
}

void vt_journal_init(struct vt_journal *j)
{
	memset(j, 0, sizeof *j);
}

void vt_journal_release(struct vt_journal *j)
{
	free(j->persist_previous);
	free(j->persist_content);
	vt_journal_init(j);
}

void vt_journal_make_id(uint64_t realtime_ns, long pid, char *id, size_t size)
{
	time_t secs = (time_t)(realtime_ns / 1000000000u);
	char stamp[32];
	struct tm tm;

	if (gmtime_r(&secs, &tm) == NULL || strftime(stamp, sizeof stamp, "%Y%m%dT%H%M%S", &tm) == 0)
		snprintf(stamp, sizeof stamp, "00000000T000000");
	snprintf(id, size, "%s.%06uZ-%ld", stamp, (unsigned)(realtime_ns % 1000000000u / 1000u), pid);
}

int vt_journal_check_id(const char *id, char **cause)
{
	size_t n = strlen(id);

	if (n == 0 || n > 60 || id[0] == '.')
		return vt_cause_set(cause, -EINVAL, "'%s' is not a journal id (see 'vmtune rollback --list')", id);
	for (size_t i = 0; i < n; i++) {
		char c = id[i];

		if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      c == '.' || c == '-' || c == '_'))
			return vt_cause_set(cause, -EINVAL, "'%s' is not a journal id (see 'vmtune rollback "
					    "--list')", id);
	}
	return 0;
}

char *vt_journal_format(const struct vt_journal *j)
{
	json_t *root = json_object(), *knobs = json_array();
	char *text, *out;
	int err = 0, kerr = 0;

	for (size_t i = 0; i < j->n; i++)
		kerr |= json_array_append_new(knobs, json_pack("{s:s, s:o, s:o}", "knob", j->knobs[i].knob->name,
			"old", vt_json_text(j->knobs[i].old_text), "new", vt_json_text(j->knobs[i].new_text)));
	err |= json_object_set_new(root, "schema_version", json_integer(vt_schema_version(VT_DOC_JOURNAL)));
	err |= json_object_set_new(root, "id", vt_json_text(j->id));
	err |= json_object_set_new(root, "time", vt_json_text(j->time));
	err |= json_object_set_new(root, "updated", vt_json_text(j->updated));
	err |= json_object_set_new(root, "source", vt_json_text(j->source));
	err |= json_object_set_new(root, "kernel_release", vt_json_text(j->release));
	err |= json_object_set_new(root, "state", json_string(vt_journal_state_name(j->state)));
	err |= json_object_set_new(root, "knobs", vt_json_done(knobs, kerr));
	if (j->has_persist)
		err |= json_object_set_new(root, "persist", json_pack("{s:o, s:o, s:o}",
			"path", vt_json_text(j->persist_path),
			"previous", j->persist_previous ? vt_json_text(j->persist_previous) : json_null(),
			"content", vt_json_text(j->persist_content ? j->persist_content : "")));
	root = vt_json_done(root, err);
	text = vt_json_dumps(root, JSON_INDENT(2));
	json_decref(root);
	if (text == NULL)
		return NULL;
	out = vt_xasprintf("%s\n", text);
	free(text);
	return out;
}

static int vt_journal_string(json_t *obj, const char *key, char *out, size_t size, bool required,
			     const char *display, char **cause)
{
	json_t *v = json_object_get(obj, key);

	if (v == NULL && !required) {
		out[0] = '\0';
		return 0;
	}
	if (!json_is_string(v))
		return vt_cause_set(cause, -EINVAL, "%s: \"%s\" is missing or not a string", display, key);
	if (json_string_length(v) >= size)
		return vt_cause_set(cause, -EINVAL, "%s: \"%s\" is too long", display, key);
	memcpy(out, json_string_value(v), json_string_length(v) + 1);
	if (strlen(out) != json_string_length(v))
		return vt_cause_set(cause, -EINVAL, "%s: \"%s\" holds a NUL", display, key);
	return 0;
}

int vt_journal_parse(const char *buf, size_t len, const char *display, struct vt_journal *j,
		     char **cause)
{
	json_error_t jerr;
	json_t *doc, *knobs, *v, *persist;
	char state[32];
	size_t i;
	int err = 0;

	vt_journal_init(j);
	doc = json_loadb(buf, len, JSON_REJECT_DUPLICATES, &jerr);
	if (doc == NULL)
		return vt_cause_set(cause, -EINVAL, "%s: line %d, column %d: %s", display, jerr.line, jerr.column,
				    jerr.text);
	if (!json_is_object(doc)) {
		err = vt_cause_set(cause, -EINVAL, "%s: not a journal (not a JSON object)", display);
		goto out;
	}
	v = json_object_get(doc, "schema_version");
	if (!json_is_integer(v) || json_integer_value(v) != vt_schema_version(VT_DOC_JOURNAL)) {
		err = vt_cause_set(cause, -EINVAL, "%s: schema_version is not %d", display,
				   vt_schema_version(VT_DOC_JOURNAL));
		goto out;
	}
	if ((err = vt_journal_string(doc, "id", j->id, sizeof j->id, true, display, cause)) < 0 ||
	    (err = vt_journal_string(doc, "time", j->time, sizeof j->time, true, display, cause)) < 0 ||
	    (err = vt_journal_string(doc, "updated", j->updated, sizeof j->updated, false, display, cause)) < 0 ||
	    (err = vt_journal_string(doc, "source", j->source, sizeof j->source, true, display, cause)) < 0 ||
	    (err = vt_journal_string(doc, "kernel_release", j->release, sizeof j->release, true, display,
				     cause)) < 0 ||
	    (err = vt_journal_string(doc, "state", state, sizeof state, true, display, cause)) < 0)
		goto out;
	if ((err = vt_journal_check_id(j->id, cause)) < 0) {
		vt_cause_prefix(cause, err, "%s", display);
		goto out;
	}
	for (i = 0; i < sizeof vt_journal_states / sizeof vt_journal_states[0]; i++)
		if (strcmp(state, vt_journal_states[i]) == 0)
			break;
	if (i == sizeof vt_journal_states / sizeof vt_journal_states[0]) {
		err = vt_cause_set(cause, -EINVAL, "%s: unknown state '%s'", display, state);
		goto out;
	}
	j->state = (enum vt_journal_state)i;
	knobs = json_object_get(doc, "knobs");
	if (!json_is_array(knobs) || json_array_size(knobs) > VT_KNOB_MAX) {
		err = vt_cause_set(cause, -EINVAL, "%s: \"knobs\" is missing, not an array or too long", display);
		goto out;
	}
	json_array_foreach(knobs, i, v) {
		struct vt_journal_knob *k = &j->knobs[j->n];
		char name[64];

		if (!json_is_object(v)) {
			err = vt_cause_set(cause, -EINVAL, "%s: knob %zu is not an object", display, i + 1);
			goto out;
		}
		if ((err = vt_journal_string(v, "knob", name, sizeof name, true, display, cause)) < 0 ||
		    (err = vt_journal_string(v, "old", k->old_text, sizeof k->old_text, true, display, cause)) < 0 ||
		    (err = vt_journal_string(v, "new", k->new_text, sizeof k->new_text, true, display, cause)) < 0)
			goto out;
		/* The path guard: only the table's knobs, each once. */
		k->knob = vt_knob_find(name);
		if (k->knob == NULL) {
			err = vt_cause_set(cause, -EINVAL, "%s: '%s' is not a knob vmtune changes", display, name);
			goto out;
		}
		for (size_t m = 0; m < j->n; m++)
			if (j->knobs[m].knob == k->knob) {
				err = vt_cause_set(cause, -EINVAL, "%s: %s is listed twice", display, name);
				goto out;
			}
		j->n++;
	}
	persist = json_object_get(doc, "persist");
	if (persist != NULL && !json_is_null(persist)) {
		json_t *prev = json_object_get(persist, "previous"), *content = json_object_get(persist, "content");

		if (!json_is_object(persist) || !(json_is_null(prev) || json_is_string(prev)) ||
		    !json_is_string(content)) {
			err = vt_cause_set(cause, -EINVAL, "%s: \"persist\" is malformed", display);
			goto out;
		}
		if ((err = vt_journal_string(persist, "path", j->persist_path, sizeof j->persist_path, true,
					     display, cause)) < 0)
			goto out;
		if ((err = vt_root_check_path(j->persist_path, cause)) < 0) {
			vt_cause_prefix(cause, err, "%s: persist path", display);
			goto out;
		}
		j->has_persist = true;
		j->persist_content = vt_xstrndup(json_string_value(content), json_string_length(content));
		if (json_is_string(prev))
			j->persist_previous = vt_xstrndup(json_string_value(prev), json_string_length(prev));
	}
out:
	json_decref(doc);
	if (err < 0)
		vt_journal_release(j);
	return err;
}

static void vt_journal_path(const char *id, char *out, size_t size)
{
	snprintf(out, size, "%s/%s.json", VT_JOURNAL_DIR, id);
}

int vt_journal_write(const struct vt_root *root, const struct vt_journal *j, char **cause)
{
	char path[160], *text;
	int err;

	vt_journal_path(j->id, path, sizeof path);
	err = vt_root_mkdirs(root, VT_JOURNAL_DIR, 0755, cause);
	if (err < 0)
		return err;
	text = vt_journal_format(j);
	if (text == NULL)
		return vt_cause_set(cause, -ENOMEM, "cannot format the journal %s", j->id);
	err = vt_root_write_atomic(root, path, text, strlen(text), 0644, cause);
	free(text);
	return err;
}

int vt_journal_load(const struct vt_root *root, const char *id, struct vt_journal *j, char **cause)
{
	struct vt_buf buf;
	char path[160], *shown;
	int err;

	vt_journal_init(j);
	err = vt_journal_check_id(id, cause);
	if (err < 0)
		return err;
	vt_journal_path(id, path, sizeof path);
	vt_buf_init(&buf);
	err = vt_root_read_opt(root, path, &buf, VT_JOURNAL_READ_MAX, cause);
	if (err == 0) {
		shown = vt_root_display(root, path);
		err = vt_cause_set(cause, -ENOENT, "no journal '%s' (%s does not exist; see 'vmtune rollback "
				   "--list')", id, shown);
		free(shown);
	} else if (err > 0) {
		shown = vt_root_display(root, path);
		err = vt_journal_parse(buf.data, buf.len, shown, j, cause);
		if (err == 0 && strcmp(j->id, id) != 0)
			err = vt_cause_set(cause, -EINVAL, "%s: its id is '%s'", shown, j->id);
		free(shown);
		if (err < 0)
			vt_journal_release(j);
	}
	vt_buf_release(&buf);
	return err;
}

void vt_journal_list_free(struct vt_journal *list, size_t count)
{
	for (size_t i = 0; i < count; i++)
		vt_journal_release(&list[i]);
	free(list);
}

static int vt_journal_cmp(const void *a, const void *b)
{
	return strcmp(((const struct vt_journal *)a)->id, ((const struct vt_journal *)b)->id);
}

int vt_journal_list(const struct vt_root *root, struct vt_journal **out, size_t *count, char **cause)
{
	struct vt_journal *list = NULL;
	char **names = NULL;
	size_t nnames = 0, n = 0;
	int err;

	*out = NULL;
	*count = 0;
	err = vt_root_is_dir(root, VT_JOURNAL_DIR);
	if (err == -ENOENT)
		return 0;
	err = vt_root_list(root, VT_JOURNAL_DIR, &names, &nnames, cause);
	if (err < 0)
		return err;
	list = vt_xcalloc(nnames ? nnames : 1, sizeof *list);
	for (size_t i = 0; i < nnames && err == 0; i++) {
		size_t len = strlen(names[i]);
		char id[64];

		/* Only <id>.json; temporary files of an atomic write start with '.'. */
		if (names[i][0] == '.' || len <= 5 || len - 5 >= sizeof id || strcmp(names[i] + len - 5, ".json") != 0)
			continue;
		memcpy(id, names[i], len - 5);
		id[len - 5] = '\0';
		err = vt_journal_load(root, id, &list[n], cause);
		if (err == 0)
			n++;
	}
	vt_strv_free(names, nnames);
	if (err < 0) {
		vt_journal_list_free(list, n);
		return err;
	}
	qsort(list, n, sizeof *list, vt_journal_cmp);
	*out = list;
	*count = n;
	return 0;
}
