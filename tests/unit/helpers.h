/* Test helpers: temporary fixture trees, never the real /proc/sys. */
#ifndef VT_TEST_HELPERS_H
#define VT_TEST_HELPERS_H

#include <stddef.h>

/* Creates a fresh temporary directory; caller frees the path and removes
 * the tree with vt_test_rmtree. */
char *vt_test_mkdtemp(void);
/* Writes `content` to dir/rel, creating parent directories. */
void vt_test_write(const char *dir, const char *rel, const char *content);
void vt_test_rmtree(const char *dir);
/* Path of a committed fixture: $VT_FIXTURES/name (or tests/fixtures/name). */
char *vt_test_fixture(const char *name);
/* Reads a whole file into a malloc'ed NUL-terminated string (NULL if missing). */
char *vt_test_slurp(const char *path, size_t *len);

#endif
