#include "config.h"
#include "helpers.h"

#include <criterion/criterion.h>
#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

char *vt_test_mkdtemp(void)
{
	const char *tmp = getenv("TMPDIR");
	char *path;

	if (asprintf(&path, "%s/vmtune-test-XXXXXX", tmp && *tmp ? tmp : "/tmp") < 0)
		cr_assert_fail("asprintf");
	cr_assert_not_null(mkdtemp(path), "mkdtemp: %s", strerror(errno));
	return path;
}

void vt_test_write(const char *dir, const char *rel, const char *content)
{
	char *path, *p;
	FILE *f;

	cr_assert(asprintf(&path, "%s/%s", dir, rel) >= 0);
	for (p = strchr(path + strlen(dir) + 1, '/'); p; p = strchr(p + 1, '/')) {
		*p = '\0';
		mkdir(path, 0755);
		*p = '/';
	}
	f = fopen(path, "w");
	cr_assert_not_null(f, "cannot create %s: %s", path, strerror(errno));
	fputs(content, f);
	fclose(f);
	free(path);
}

static int vt_rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

void vt_test_rmtree(const char *dir)
{
	nftw(dir, vt_rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

char *vt_test_fixture(const char *name)
{
	const char *base = getenv("VT_FIXTURES");
	char *path;

	cr_assert(asprintf(&path, "%s/%s", base && *base ? base : "tests/fixtures", name) >= 0);
	return path;
}

char *vt_test_slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *data;
	long n;

	if (f == NULL)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	data = malloc((size_t)n + 1);
	if (data == NULL || fread(data, 1, (size_t)n, f) != (size_t)n) {
		fclose(f);
		free(data);
		return NULL;
	}
	data[n] = '\0';
	fclose(f);
	if (len)
		*len = (size_t)n;
	return data;
}
