/* LD_PRELOAD shim for tests/cli/stat-alloc.sh: counts every allocation the
 * process makes (glibc routes its own internal allocations through these
 * symbols too) and writes the count to $VT_MALLOC_COUNT_OUT at exit. */
#include "config.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

extern void *__libc_malloc(size_t size);
extern void *__libc_calloc(size_t nmemb, size_t size);
extern void *__libc_realloc(void *ptr, size_t size);
extern void *__libc_memalign(size_t alignment, size_t size);
extern void __libc_free(void *ptr);

static unsigned long vt_allocs;

void *malloc(size_t size);
void *calloc(size_t nmemb, size_t size);
void *realloc(void *ptr, size_t size);
void free(void *ptr);
int posix_memalign(void **out, size_t alignment, size_t size);
void *aligned_alloc(size_t alignment, size_t size);
void *memalign(size_t alignment, size_t size);

void *malloc(size_t size)
{
	__atomic_add_fetch(&vt_allocs, 1, __ATOMIC_RELAXED);
	return __libc_malloc(size);
}

void *calloc(size_t nmemb, size_t size)
{
	__atomic_add_fetch(&vt_allocs, 1, __ATOMIC_RELAXED);
	return __libc_calloc(nmemb, size);
}

void *realloc(void *ptr, size_t size)
{
	__atomic_add_fetch(&vt_allocs, 1, __ATOMIC_RELAXED);
	return __libc_realloc(ptr, size);
}

void free(void *ptr)
{
	__libc_free(ptr);
}

void *memalign(size_t alignment, size_t size)
{
	__atomic_add_fetch(&vt_allocs, 1, __ATOMIC_RELAXED);
	return __libc_memalign(alignment, size);
}

void *aligned_alloc(size_t alignment, size_t size)
{
	return memalign(alignment, size);
}

int posix_memalign(void **out, size_t alignment, size_t size)
{
	void *p = memalign(alignment, size);

	if (p == NULL)
		return 12;	/* ENOMEM */
	*out = p;
	return 0;
}

__attribute__((destructor))
static void vt_malloc_count_report(void)
{
	const char *path = getenv("VT_MALLOC_COUNT_OUT");
	char line[32];
	int fd, n;

	if (path == NULL)
		return;
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
		return;
	n = snprintf(line, sizeof line, "%lu\n", vt_allocs);
	if (write(fd, line, (size_t)n) != n)
		n = -1;
	close(fd);
}
