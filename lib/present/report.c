#include "config.h"
#include "present/report.h"
#include "core/schema.h"

#include <stdlib.h>
#include <string.h>

void vt_snapshot_print_text(const struct vt_out *o, const struct vt_snapshot_report *r, const char *source,
			    const char *dest)
{
	FILE *out = o->stream;
	char *from = vt_text_escape(source, strlen(source), 0);
	char *to = vt_text_escape(dest, strlen(dest), 0);

	fprintf(out, "snapshot of %s written to %s: %zu files, %zu links, %llu bytes\n",
		from, to, r->files, r->links, (unsigned long long)r->bytes);
	free(from);
	free(to);
	if (r->nskipped == 0)
		return;
	fprintf(out, "skipped %zu unreadable file%s:\n", r->nskipped, r->nskipped == 1 ? "" : "s");
	for (size_t i = 0; i < r->nskipped; i++) {
		char *path = vt_text_escape(r->skipped[i].path, strlen(r->skipped[i].path), 0);

		fprintf(out, "  %s: %s\n", path, r->skipped[i].reason);
		free(path);
	}
}

json_t *vt_snapshot_to_json(const struct vt_snapshot_report *r, const char *source, const char *dest)
{
	json_t *skipped = json_array();
	int err = 0;

	for (size_t i = 0; i < r->nskipped; i++)
		err |= json_array_append_new(skipped, json_pack("{s:o, s:o}",
			"path", vt_json_text(r->skipped[i].path), "reason", vt_json_text(r->skipped[i].reason)));
	return json_pack("{s:i, s:o, s:o, s:I, s:I, s:I, s:o}",
		"schema_version", vt_schema_version(VT_DOC_SNAPSHOT), "directory", vt_json_text(dest),
		"source", vt_json_text(source), "files", (json_int_t)r->files,
		"links", (json_int_t)r->links, "bytes", (json_int_t)r->bytes,
		"skipped", vt_json_done(skipped, err));
}

void vt_record_print_text(const struct vt_out *o, const char *path, uint64_t samples, double interval_s)
{
	char *shown = vt_text_escape(path, strlen(path), 0);

	fprintf(o->stream, "recorded %llu sample%s every %g s to %s\n", (unsigned long long)samples,
		samples == 1 ? "" : "s", interval_s, shown);
	free(shown);
}

json_t *vt_record_to_json(const char *path, uint64_t samples, double interval_s)
{
	return json_pack("{s:i, s:o, s:I, s:f}", "schema_version", vt_schema_version(VT_DOC_RECORD_REPORT),
			 "file", vt_json_text(path), "samples", (json_int_t)samples, "interval_s", interval_s);
}
