/* Allocation helpers that abort on exhaustion: a tuning tool that runs out
 * of memory for its own small structures cannot report anything useful. */
#ifndef VT_CORE_XALLOC_H
#define VT_CORE_XALLOC_H

#include <stdarg.h>
#include <stddef.h>

void *vt_xmalloc(size_t size);
void *vt_xcalloc(size_t nmemb, size_t size);
void *vt_xrealloc(void *ptr, size_t size);
void *vt_xreallocarray(void *ptr, size_t nmemb, size_t size);
char *vt_xstrdup(const char *s);
char *vt_xstrndup(const char *s, size_t n);
char *vt_xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
char *vt_xvasprintf(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));
/* The same end for an allocation made elsewhere (open_memstream). */
void vt_xalloc_die(void) __attribute__((noreturn));

#endif
