#include "config.h"
#include "present/format.h"
#include "core/json.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static void vt_format_kib(double v, char *out, size_t size)
{
	static const char *const units[] = { "KiB", "MiB", "GiB", "TiB", "PiB", "EiB", "ZiB" };
	size_t u = 0;

	while (v >= 1024.0 && u + 1 < sizeof units / sizeof units[0]) {
		v /= 1024.0;
		u++;
	}
	snprintf(out, size, "%.1f %s", v, units[u]);
}

void vt_format_kb(uint64_t kb, char *out, size_t size)
{
	if (kb < 1024) {
		snprintf(out, size, "%llu KiB", (unsigned long long)kb);
		return;
	}
	vt_format_kib((double)kb, out, size);
}

void vt_format_pages(uint64_t pages, unsigned long page_size, char *out, size_t size)
{
	uint64_t kb_per_page = page_size / 1024;

	/* Pages times the page size can pass 2^64 kB where the page count
	 * did not: then in floating point, which only rounds. */
	if (kb_per_page == 0 || pages <= UINT64_MAX / kb_per_page)
		vt_format_kb(pages * kb_per_page, out, size);
	else
		vt_format_kib((double)pages * (double)kb_per_page, out, size);
}

const char *vt_show(char *buf, size_t size, const char *s)
{
	vt_text_escape_into(buf, size, s, strlen(s), 0);
	return buf;
}

static int vt_json_emit_flags(FILE *out, json_t *obj, size_t flags)
{
	/* The whole document is built as a string first: a document that could
	 * not be built prints nothing at all, rather than a part. */
	char *text = vt_json_dumps(obj, flags);
	int rc = 0;

	json_decref(obj);
	if (text == NULL)
		return -EINVAL;
	if (fputs(text, out) == EOF || fputc('\n', out) == EOF)
		rc = -EIO;
	free(text);
	return rc;
}

int vt_json_emit(FILE *out, json_t *obj)
{
	return vt_json_emit_flags(out, obj, JSON_INDENT(2));
}

int vt_json_emit_line(FILE *out, json_t *obj)
{
	return vt_json_emit_flags(out, obj, JSON_COMPACT);
}
