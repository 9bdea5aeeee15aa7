/* Small text formatting helpers shared by the text presenters. */
#ifndef VT_PRESENT_FORMAT_H
#define VT_PRESENT_FORMAT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <jansson.h>

#include "core/json.h"
#include "core/text.h"

/* Where a text presenter draws, and how: a stream today; the dashboard
 * hands the same presenters a stream over a frame region, with its width
 * and whether colour may be used, so they never ask the terminal
 * themselves. */
struct vt_out {
	FILE *stream;
	unsigned width;         /* columns; 0: no limit (a file or a pipe) */
	bool color;             /* a terminal, and neither NO_COLOR nor --no-color */
};

/* "23.5 GiB", "512.0 MiB", "900 KiB" from a kB count. */
void vt_format_kb(uint64_t kb, char *out, size_t size);
/* The same for a page count, without wrapping however large. */
void vt_format_pages(uint64_t pages, unsigned long page_size, char *out, size_t size);

/* Untrusted text (a host name, a zone name, a path) escaped for the
 * terminal (core/text.h) into buf, cut to whole escapes when it does not
 * fit; returns buf, for printf.  VT_TEXT_ESCAPED_SIZE(n) holds any n bytes. */
const char *vt_show(char *buf, size_t size, const char *s);

/* Writes `obj` as pretty JSON with sorted keys and a trailing newline, then
 * drops the reference.  Returns 0, -EINVAL when obj is NULL (a builder
 * failed: nothing is written) or could not be serialised, -EIO when
 * writing failed. */
int vt_json_emit(FILE *out, json_t *obj);
/* Same, compact on one line (JSON lines streams). */
int vt_json_emit_line(FILE *out, json_t *obj);


#endif
