#include "config.h"
#include "core/json.h"
#include "core/text.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

json_t *vt_json_textn(const char *s, size_t len)
{
	json_t *v;
	char *clean;

	if (s == NULL)
		return NULL;
	if (vt_utf8_valid(s, len))
		return json_stringn(s, len);
	clean = vt_text_utf8(s, len);
	v = json_string(clean);
	free(clean);
	return v;
}

json_t *vt_json_text(const char *s)
{
	return s ? vt_json_textn(s, strlen(s)) : NULL;
}

json_t *vt_json_count(uint64_t v)
{
	return v <= (uint64_t)INT64_MAX ? json_integer((json_int_t)v) : NULL;
}

json_t *vt_json_done(json_t *doc, int err)
{
	if (err == 0 && doc != NULL)
		return doc;
	json_decref(doc);
	return NULL;
}

/* The document as jansson writes it, with DEL and C1 escaped on the way:
 * one buffer, grown in place, rather than json_dumps' buffer, its copy and
 * a third for the escapes (a 1024-node `numa --json` is 26 MB of text). */
struct vt_json_text {
	char *p;
	size_t len, cap;
	bool held_c2;           /* a 0xc2 byte, waiting for the next one */
	bool failed;
};

static void vt_json_text_put(struct vt_json_text *t, const char *s, size_t n)
{
	if (t->failed || n == 0)
		return;
	if (n >= t->cap - t->len) {
		size_t cap = t->cap ? t->cap : 4096;
		char *p;

		while (n >= cap - t->len) {
			if (cap > SIZE_MAX / 2) {
				t->failed = true;
				return;
			}
			cap *= 2;
		}
		p = realloc(t->p, cap);
		if (p == NULL) {
			t->failed = true;
			return;
		}
		t->p = p;
		t->cap = cap;
	}
	memcpy(t->p + t->len, s, n);
	t->len += n;
}

static void vt_json_text_escape(struct vt_json_text *t, unsigned char c)
{
	static const char hex[] = "0123456789ABCDEF";
	char esc[6] = { '\\', 'u', '0', '0', hex[c >> 4], hex[c & 15] };

	vt_json_text_put(t, esc, sizeof esc);
}

/* These bytes occur only inside strings: JSON's own syntax is ASCII
 * without DEL.  A 0xc2 may end one chunk and its C1 byte begin the next. */
static int vt_json_text_write(const char *buf, size_t size, void *data)
{
	struct vt_json_text *t = data;
	size_t run = 0;

	for (size_t i = 0; i < size; i++) {
		unsigned char c = (unsigned char)buf[i];

		if (t->held_c2) {
			t->held_c2 = false;
			if (c >= 0x80 && c < 0xa0) {
				vt_json_text_escape(t, c);
				run = i + 1;
				continue;
			}
			vt_json_text_put(t, "\xc2", 1);
		}
		if (c != 0x7f && c != 0xc2)
			continue;
		vt_json_text_put(t, buf + run, i - run);
		run = i + 1;
		if (c == 0xc2)
			t->held_c2 = true;
		else
			vt_json_text_escape(t, c);
	}
	vt_json_text_put(t, buf + run, size - run);
	return t->failed ? -1 : 0;
}

char *vt_json_dumps(const json_t *doc, size_t flags)
{
	struct vt_json_text t = { NULL, 0, 0, false, false };

	if (doc == NULL)
		return NULL;
	if (json_dump_callback(doc, vt_json_text_write, &t, flags | JSON_SORT_KEYS) != 0 || t.held_c2) {
		free(t.p);
		return NULL;
	}
	vt_json_text_put(&t, "", 1);
	if (t.failed) {
		free(t.p);
		return NULL;
	}
	return t.p;
}
