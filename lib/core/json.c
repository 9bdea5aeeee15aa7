#include "config.h"
#include "core/json.h"
#include "core/rootfs.h"
#include "core/text.h"

#include <stdbool.h>
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
	struct vt_buf buf;
	bool held_c2;           /* a 0xc2 byte, waiting for the next one */
};

static void vt_json_text_put(struct vt_json_text *t, const char *s, size_t n)
{
	vt_buf_reserve(&t->buf, t->buf.len + n);
	memcpy(t->buf.data + t->buf.len, s, n);
	t->buf.len += n;
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
	return 0;
}

char *vt_json_dumps(const json_t *doc, size_t flags)
{
	struct vt_json_text t = { .held_c2 = false };

	if (doc == NULL)
		return NULL;
	vt_buf_init(&t.buf);
	if (json_dump_callback(doc, vt_json_text_write, &t, flags | JSON_SORT_KEYS) != 0 || t.held_c2) {
		vt_buf_release(&t.buf);
		return NULL;
	}
	vt_buf_reserve(&t.buf, t.buf.len);
	t.buf.data[t.buf.len] = '\0';
	return t.buf.data;
}
