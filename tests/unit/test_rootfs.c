/* The root handle: path guard, missing vs unreadable, buffer bounds, writes
 * into a temporary tree only. */
#include "config.h"
#include "core/rootfs.h"
#include "helpers.h"

#include <criterion/criterion.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char *dir;
static struct vt_root root;

static void setup(void)
{
	char *cause = NULL;

	dir = vt_test_mkdtemp();
	vt_test_write(dir, "proc/meminfo", "MemTotal: 100 kB\n");
	vt_test_write(dir, "proc/sys/vm/swappiness", "60\n");
	vt_test_write(dir, "sys/devices/system/node/node10/x", "");
	vt_test_write(dir, "sys/devices/system/node/node2/x", "");
	vt_test_write(dir, "sys/devices/system/node/node0/x", "");
	cr_assert_eq(vt_root_open(&root, dir, &cause), 0, "%s", cause);
}

static void teardown(void)
{
	vt_root_release(&root);
	vt_test_rmtree(dir);
	free(dir);
}

TestSuite(rootfs, .init = setup, .fini = teardown);

Test(rootfs, path_guard_refuses_escapes)
{
	static const char *const bad[] = {
		"", "/proc/meminfo", "../etc/passwd", "proc/../../etc", "proc//meminfo",
		"proc/./meminfo", "proc/", "..", "proc/..",
	};
	char *cause = NULL;

	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		cr_expect_eq(vt_root_check_path(bad[i], &cause), -EINVAL, "accepted '%s'", bad[i]);
		cr_expect_not_null(cause);
	}
	free(cause);
	cr_expect_eq(vt_root_check_path("proc/meminfo", NULL), 0);
	cr_expect_eq(vt_root_check_path("sys/devices/system/node/node0/..x", NULL), 0);
}

Test(rootfs, symlink_cannot_escape_a_fixture_root)
{
	struct vt_buf buf;
	char *link, *cause = NULL;

	/* An absolute symlink inside a fixture resolves inside the fixture
	 * (RESOLVE_IN_ROOT), so it cannot reach this machine's /proc. */
	cr_assert(asprintf(&link, "%s/proc/escape", dir) >= 0);
	cr_assert_eq(symlink("/proc/meminfo", link), 0);
	vt_buf_init(&buf);
	cr_assert_eq(vt_root_read(&root, "proc/escape", &buf, VT_READ_MAX, &cause), 0, "%s", cause);
	cr_expect_str_eq(buf.data, "MemTotal: 100 kB\n");
	vt_buf_release(&buf);
	free(link);
}

Test(rootfs, reads_whole_file_and_terminates)
{
	struct vt_buf buf;
	char *cause = NULL;

	vt_buf_init(&buf);
	cr_assert_eq(vt_root_read(&root, "proc/meminfo", &buf, VT_READ_MAX, &cause), 0);
	cr_expect_eq(buf.len, strlen("MemTotal: 100 kB\n"));
	cr_expect_eq(buf.data[buf.len], '\0');
	vt_buf_release(&buf);
}

Test(rootfs, missing_file_names_the_path)
{
	struct vt_buf buf;
	char *cause = NULL;

	vt_buf_init(&buf);
	cr_assert_eq(vt_root_read(&root, "proc/zoneinfo", &buf, VT_READ_MAX, &cause), -ENOENT);
	cr_assert_not_null(cause);
	cr_expect(strstr(cause, "proc/zoneinfo") != NULL, "%s", cause);
	cr_expect(strstr(cause, dir) != NULL, "message should show the root: %s", cause);
	cr_expect(strstr(cause, "No such file") != NULL, "%s", cause);
	free(cause);
	vt_buf_release(&buf);
}

Test(rootfs, unreadable_file_is_eacces_not_enoent)
{
	struct vt_buf buf;
	char *path, *cause = NULL;
	int err;

	if (geteuid() == 0)
		cr_skip_test("root can read mode-0000 files; covered by the non-root CLI test");
	cr_assert(asprintf(&path, "%s/proc/meminfo", dir) >= 0);
	chmod(path, 0);
	vt_buf_init(&buf);
	err = vt_root_read(&root, "proc/meminfo", &buf, VT_READ_MAX, &cause);
	cr_expect_eq(err, -EACCES);
	free(cause);
	free(path);
	vt_buf_release(&buf);
}

Test(rootfs, optional_read_tells_absent_from_unreadable)
{
	struct vt_buf buf;
	char *path, *cause = NULL;

	vt_buf_init(&buf);
	cr_expect_eq(vt_root_read_opt(&root, "proc/meminfo", &buf, VT_READ_MAX, &cause), 1);
	cr_expect_str_eq(buf.data, "MemTotal: 100 kB\n");
	cr_expect_eq(vt_root_read_opt(&root, "proc/zoneinfo", &buf, VT_READ_MAX, &cause), 0);
	cr_expect_null(cause, "absence is no error: %s", cause);
	/* A directory where the file should be: it exists, but read(2) fails
	 * (as root, the one way to make a file unreadable). */
	cr_assert(asprintf(&path, "%s/proc/sys/vm/thp", dir) >= 0);
	cr_assert_eq(mkdir(path, 0755), 0);
	cr_expect_eq(vt_root_read_opt(&root, "proc/sys/vm/thp", &buf, VT_READ_MAX, &cause), -EISDIR);
	cr_assert_not_null(cause);
	cr_expect(strstr(cause, "proc/sys/vm/thp") != NULL, "%s", cause);
	free(cause);
	cause = NULL;
	/* A path through a file is broken, not absent. */
	cr_expect_eq(vt_root_read_opt(&root, "proc/meminfo/x", &buf, VT_READ_MAX, &cause), -ENOTDIR);
	cr_expect_not_null(cause);
	free(cause);
	free(path);
	vt_buf_release(&buf);
}

Test(rootfs, refuses_files_over_the_bound)
{
	struct vt_buf buf;
	char *cause = NULL;

	vt_buf_init(&buf);
	cr_expect_eq(vt_root_read(&root, "proc/meminfo", &buf, 8, &cause), -EFBIG);
	cr_expect(strstr(cause, "larger than 8 bytes") != NULL, "%s", cause);
	free(cause);
	vt_buf_release(&buf);
}

Test(rootfs, bound_fits_a_1024_cpu_zoneinfo)
{
	/* Real 6.x pageset block per CPU is ~190 bytes (6 lines) plus a threshold
	 * line; 1024 CPUs x 8 nodes x 3 populated zones must fit with room. */
	size_t per_cpu = 6 * 32 + 26, zones = 8 * 3, cpus = 1024;
	size_t estimate = per_cpu * cpus * zones + zones * 4096;
	struct vt_buf buf;
	char *big, *path, *cause = NULL;
	FILE *f;

	cr_assert_lt(estimate, VT_READ_MAX / 4, "estimate %zu vs bound %zu", estimate, VT_READ_MAX);
	/* And the reader really copes with a file of that size. */
	big = malloc(estimate + 1);
	memset(big, 'x', estimate);
	big[estimate] = '\0';
	cr_assert(asprintf(&path, "%s/proc/zoneinfo", dir) >= 0);
	f = fopen(path, "w");
	fwrite(big, 1, estimate, f);
	fclose(f);
	vt_buf_init(&buf);
	cr_expect_eq(vt_root_read(&root, "proc/zoneinfo", &buf, VT_READ_MAX, &cause), 0, "%s", cause);
	cr_expect_eq(buf.len, estimate);
	vt_buf_release(&buf);
	free(big);
	free(path);
}

Test(rootfs, buffer_is_reused_without_shrinking)
{
	struct vt_buf buf;
	size_t cap;

	vt_buf_init(&buf);
	cr_assert_eq(vt_root_read(&root, "proc/meminfo", &buf, VT_READ_MAX, NULL), 0);
	cap = buf.cap;
	cr_assert_eq(vt_root_read(&root, "proc/sys/vm/swappiness", &buf, VT_READ_MAX, NULL), 0);
	cr_expect_eq(buf.cap, cap);
	cr_expect_str_eq(buf.data, "60\n");
	vt_buf_release(&buf);
}

Test(rootfs, list_sorts_numbers_naturally)
{
	char **names;
	size_t count;

	cr_assert_eq(vt_root_list(&root, "sys/devices/system/node", &names, &count, NULL), 0);
	cr_assert_eq(count, 3);
	cr_expect_str_eq(names[0], "node0");
	cr_expect_str_eq(names[1], "node2");
	cr_expect_str_eq(names[2], "node10");
	vt_strv_free(names, count);
}

Test(rootfs, write_replaces_content_in_the_tree)
{
	struct vt_buf buf;
	char *cause = NULL;

	cr_assert_eq(vt_root_write(&root, "proc/sys/vm/swappiness", "10\n", 3, &cause), 0, "%s", cause);
	vt_buf_init(&buf);
	cr_assert_eq(vt_root_read(&root, "proc/sys/vm/swappiness", &buf, 64, NULL), 0);
	cr_expect_str_eq(buf.data, "10\n");
	vt_buf_release(&buf);
	cr_expect_eq(vt_root_write(&root, "proc/sys/vm/nope", "1\n", 2, &cause), -ENOENT);
	cr_expect(strstr(cause, "cannot write") != NULL, "%s", cause);
	free(cause);
}

Test(rootfs, live_detection)
{
	struct vt_root live;

	cr_assert_eq(vt_root_open(&live, "/", NULL), 0);
	cr_expect(live.live);
	vt_root_release(&live);
	cr_expect_not(root.live);
	cr_expect_lt(vt_root_open(&live, "/nonexistent-vmtune-root", NULL), 0);
}
