#include "config.h"
#include "core/json.h"
#include "core/text.h"

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

char *vt_json_dumps(const json_t *doc, size_t flags)
{
	static const char hex[] = "0123456789ABCDEF";
	char *text, *out, *p;
	size_t extra = 0;

	if (doc == NULL)
		return NULL;
	text = json_dumps(doc, flags | JSON_SORT_KEYS);
	if (text == NULL)
		return NULL;
	/* These bytes occur only inside strings: JSON's own syntax is ASCII
	 * without DEL. */
	for (p = text; *p; p++) {
		if (*p == '\x7f')
			extra += 5;
		else if (*p == '\xc2' && (unsigned char)p[1] >= 0x80 && (unsigned char)p[1] < 0xa0)
			extra += 4;
	}
	if (extra == 0)
		return text;
	out = malloc(strlen(text) + extra + 1);
	if (out == NULL) {
		free(text);
		return NULL;
	}
	p = out;
	for (const char *q = text; *q; q++) {
		unsigned c = (unsigned char)*q;

		if (c == 0xc2 && (unsigned char)q[1] >= 0x80 && (unsigned char)q[1] < 0xa0)
			c = (unsigned char)*++q;
		else if (c != 0x7f) {
			*p++ = *q;
			continue;
		}
		memcpy(p, "\\u00", 4);
		p[4] = hex[c >> 4];
		p[5] = hex[c & 15];
		p += 6;
	}
	*p = '\0';
	free(text);
	return out;
}
