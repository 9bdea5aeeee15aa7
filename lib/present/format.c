#include "config.h"
#include "present/format.h"

#include <errno.h>

void vt_format_kb(uint64_t kb, char *out, size_t size)
{
	static const char *const units[] = { "KiB", "MiB", "GiB", "TiB", "PiB" };
	double v = (double)kb;
	size_t u = 0;

	if (kb < 1024) {
		snprintf(out, size, "%llu KiB", (unsigned long long)kb);
		return;
	}
	while (v >= 1024.0 && u + 1 < sizeof units / sizeof units[0]) {
		v /= 1024.0;
		u++;
	}
	snprintf(out, size, "%.1f %s", v, units[u]);
}

static int vt_json_emit_flags(FILE *out, json_t *obj, size_t flags)
{
	int rc;

	rc = json_dumpf(obj, out, flags | JSON_SORT_KEYS);
	json_decref(obj);
	if (rc < 0 || fputc('\n', out) == EOF)
		return -EIO;
	return 0;
}

int vt_json_emit(FILE *out, json_t *obj)
{
	return vt_json_emit_flags(out, obj, JSON_INDENT(2));
}

int vt_json_emit_line(FILE *out, json_t *obj)
{
	return vt_json_emit_flags(out, obj, JSON_COMPACT);
}
