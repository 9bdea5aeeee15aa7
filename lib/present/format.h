/* Small text formatting helpers shared by the text presenters. */
#ifndef VT_PRESENT_FORMAT_H
#define VT_PRESENT_FORMAT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <jansson.h>

/* "23.5 GiB", "512.0 MiB", "900 KiB" from a kB count. */
void vt_format_kb(uint64_t kb, char *out, size_t size);

/* Writes `obj` as pretty JSON with sorted keys and a trailing newline, then
 * drops the reference.  Returns 0 or -EIO. */
int vt_json_emit(FILE *out, json_t *obj);
/* Same, compact on one line (JSON lines streams). */
int vt_json_emit_line(FILE *out, json_t *obj);

/* The version of every JSON document vmtune prints; bump on breaking changes. */
#define VT_JSON_SCHEMA_VERSION 1

#endif
