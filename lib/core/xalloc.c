#include "config.h"
#include "core/xalloc.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void vt_oom(size_t size)
{
	static const char msg[] = "vmtune: fatal: out of memory\n";

	(void)size;
	/* write(2) needs no allocation, unlike stdio. */
	if (write(STDERR_FILENO, msg, sizeof msg - 1) < 0)
		abort();
	abort();
}

void vt_xalloc_die(void)
{
	vt_oom(0);
	abort();
}

void *vt_xmalloc(size_t size)
{
	void *p = malloc(size ? size : 1);

	if (p == NULL)
		vt_oom(size);
	return p;
}

void *vt_xcalloc(size_t nmemb, size_t size)
{
	void *p = calloc(nmemb ? nmemb : 1, size ? size : 1);

	if (p == NULL)
		vt_oom(nmemb * size);
	return p;
}

void *vt_xrealloc(void *ptr, size_t size)
{
	void *p = realloc(ptr, size ? size : 1);

	if (p == NULL)
		vt_oom(size);
	return p;
}

void *vt_xreallocarray(void *ptr, size_t nmemb, size_t size)
{
	if (size != 0 && nmemb > SIZE_MAX / size)
		vt_oom(SIZE_MAX);
	return vt_xrealloc(ptr, nmemb * size);
}

char *vt_xstrdup(const char *s)
{
	return vt_xstrndup(s, strlen(s));
}

char *vt_xstrndup(const char *s, size_t n)
{
	size_t len = strnlen(s, n);
	char *p = vt_xmalloc(len + 1);

	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

char *vt_xvasprintf(const char *fmt, va_list ap)
{
	va_list copy;
	int len;
	char *p;

	va_copy(copy, ap);
	len = vsnprintf(NULL, 0, fmt, copy);
	va_end(copy);
	if (len < 0)
		abort();
	p = vt_xmalloc((size_t)len + 1);
	vsnprintf(p, (size_t)len + 1, fmt, ap);
	return p;
}

char *vt_xasprintf(const char *fmt, ...)
{
	va_list ap;
	char *p;

	va_start(ap, fmt);
	p = vt_xvasprintf(fmt, ap);
	va_end(ap);
	return p;
}
