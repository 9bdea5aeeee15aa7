/* Line iteration over a kernel file held in a buffer: the one loop every
 * "key value" parser shares.  Inline because the sampler runs it on every
 * line of /proc/vmstat each interval. */
#ifndef VT_CORE_LINES_H
#define VT_CORE_LINES_H

#include <stdbool.h>
#include <stddef.h>
#include <string.h>

struct vt_lines {
	const char *next, *end;
	unsigned lineno;        /* 1-based number of the line last returned */
};

static inline void vt_lines_init(struct vt_lines *it, const char *buf, size_t len)
{
	it->next = buf;
	it->end = buf + len;
	it->lineno = 0;
}

/* Returns the next line as [*line, *eol) without its newline; a last line
 * without a newline counts too.  False at the end of the buffer. */
static inline bool vt_lines_next(struct vt_lines *it, const char **line, const char **eol)
{
	const char *nl;

	if (it->next >= it->end)
		return false;
	nl = memchr(it->next, '\n', (size_t)(it->end - it->next));
	*line = it->next;
	*eol = nl ? nl : it->end;
	it->next = *eol + 1;
	it->lineno++;
	return true;
}

#endif
