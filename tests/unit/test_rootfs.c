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

Test(rootfs, list_prefixed_keeps_only_matching_names)
{
	char **names;
	size_t count;

	cr_assert_eq(vt_root_list_prefixed(&root, "sys/devices/system/node", "node1", &names, &count, NULL), 0);
	cr_assert_eq(count, 1);
	cr_expect_str_eq(names[0], "node10");
	vt_strv_free(names, count);
	cr_assert_eq(vt_root_list_prefixed(&root, "sys/devices/system/node", "access", &names, &count, NULL), 0);
	cr_expect_eq(count, 0);
	vt_strv_free(names, count);
	cr_expect_eq(vt_root_list_prefixed(&root, "sys/nope", "node", &names, &count, NULL), -ENOENT);
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

/* Confinement, in both resolutions: openat2(RESOLVE_IN_ROOT) and the
 * portable walk taken where openat2 is missing.  `outside` holds what a
 * hostile tree would try to reach. */
static char *outside;

static void link_at(const char *target, const char *rel)
{
	char *path;

	cr_assert(asprintf(&path, "%s/%s", dir, rel) >= 0);
	cr_assert_eq(symlink(target, path), 0, "symlink %s", path);
	free(path);
}

static void confine_setup(void)
{
	setup();
	outside = vt_test_mkdtemp();
	vt_test_write(outside, "secret", "root:$y$secret:19000:0:99999:7:::\n");
	vt_test_write(outside, "sys/devices/system/node/node7/meminfo", "Node 7 MemTotal: 1 kB\n");
}

static void confine_teardown(void)
{
	vt_test_rmtree(outside);
	free(outside);
	teardown();
}

TestSuite(confine, .init = confine_setup, .fini = confine_teardown);

static const bool modes[] = { true, false };
#define MODE(m) ((m) ? "openat2" : "walk")

Test(confine, absolute_and_climbing_links_stay_inside)
{
	struct vt_buf buf;
	const char *climb;
	char *abs, *cause = NULL;

	cr_assert(asprintf(&abs, "%s/secret", outside) >= 0);
	link_at(abs, "proc/abs");
	climb = "../../../../../../../../../../../../secret";
	link_at(climb, "proc/climb");
	/* Both name "secret" at the root of the tree, where a decoy stands. */
	vt_test_write(dir, "secret", "decoy\n");
	vt_buf_init(&buf);
	for (size_t m = 0; m < 2; m++) {
		vt_root_use_openat2(modes[m]);
		cr_expect_eq(vt_root_read(&root, "proc/climb", &buf, 64, &cause), 0, "%s", cause);
		cr_expect_str_eq(buf.data, "decoy\n", "%s", MODE(modes[m]));
		/* An absolute link is resolved from the tree's root: the outside
		 * directory's path does not exist inside it. */
		cr_expect_eq(vt_root_read(&root, "proc/abs", &buf, 64, &cause), -ENOENT, "%s", MODE(modes[m]));
		cr_expect(strstr(cause, "secret:") == NULL, "message quotes outside data: %s", cause);
	}
	vt_buf_release(&buf);
	free(cause);
	free(abs);
}

Test(confine, links_inside_the_tree_still_work)
{
	struct vt_buf buf;
	char *cause = NULL;

	link_at("../meminfo", "proc/sys/meminfo-rel");
	link_at("/proc/meminfo", "proc/sys/meminfo-abs");
	link_at("sys", "proc/sys-dir");	/* a directory link in the middle of a path */
	vt_buf_init(&buf);
	for (size_t m = 0; m < 2; m++) {
		vt_root_use_openat2(modes[m]);
		cr_expect_eq(vt_root_read(&root, "proc/sys/meminfo-rel", &buf, 64, &cause), 0, "%s", cause);
		cr_expect_str_eq(buf.data, "MemTotal: 100 kB\n");
		cr_expect_eq(vt_root_read(&root, "proc/sys/meminfo-abs", &buf, 64, &cause), 0, "%s", cause);
		cr_expect_eq(vt_root_read(&root, "proc/sys-dir/vm/swappiness", &buf, 64, &cause), 0, "%s", cause);
		cr_expect_str_eq(buf.data, "60\n", "%s", MODE(modes[m]));
	}
	vt_buf_release(&buf);
	free(cause);
}

Test(confine, exists_and_is_dir_are_confined)
{
	char *abs_dir, *abs_missing;

	/* A node directory linked to a host directory, and one linked to a
	 * host path that does not exist: neither is a directory of the tree. */
	cr_assert(asprintf(&abs_dir, "%s/sys/devices/system/node/node7", outside) >= 0);
	cr_assert(asprintf(&abs_missing, "%s/nowhere", outside) >= 0);
	link_at(abs_dir, "sys/devices/system/node/node7");
	link_at("/etc", "sys/devices/system/node/node8");
	link_at("../../../../../../../../..", "sys/devices/system/node/node9");
	for (size_t m = 0; m < 2; m++) {
		vt_root_use_openat2(modes[m]);
		cr_expect_eq(vt_root_is_dir(&root, "sys/devices/system/node/node7"), -ENOENT, "%s", MODE(modes[m]));
		cr_expect_eq(vt_root_exists(&root, "sys/devices/system/node/node7/meminfo"), -ENOENT);
		cr_expect_eq(vt_root_is_dir(&root, "sys/devices/system/node/node8"), -ENOENT);
		/* Climbing resolves to the tree's own root. */
		cr_expect_eq(vt_root_is_dir(&root, "sys/devices/system/node/node9"), 1);
		cr_expect_eq(vt_root_exists(&root, "sys/devices/system/node/node9/proc/meminfo"), 0);
	}
	free(abs_dir);
	free(abs_missing);
}

Test(confine, link_loops_end)
{
	struct vt_buf buf;
	char *cause = NULL;

	link_at("loop-b", "proc/loop-a");
	link_at("loop-a", "proc/loop-b");
	vt_buf_init(&buf);
	for (size_t m = 0; m < 2; m++) {
		vt_root_use_openat2(modes[m]);
		cr_expect_eq(vt_root_read(&root, "proc/loop-a", &buf, 64, &cause), -ELOOP, "%s", MODE(modes[m]));
	}
	vt_buf_release(&buf);
	free(cause);
}

Test(confine, fifo_and_devices_are_refused_without_blocking, .timeout = 30)
{
	struct vt_buf buf;
	char *path, *cause = NULL;

	cr_assert(asprintf(&path, "%s/proc/vmstat", dir) >= 0);
	cr_assert_eq(mkfifo(path, 0644), 0);
	link_at("/dev/null", "proc/pressure");	/* resolves inside: missing */
	vt_buf_init(&buf);
	for (size_t m = 0; m < 2; m++) {
		vt_root_use_openat2(modes[m]);
		cr_expect_eq(vt_root_read(&root, "proc/vmstat", &buf, 64, &cause), -EINVAL, "%s", MODE(modes[m]));
		cr_expect(strstr(cause, "proc/vmstat': a FIFO") != NULL, "%s", cause);
		cr_expect_eq(vt_root_write(&root, "proc/vmstat", "1\n", 2, &cause), -EINVAL);
		cr_expect(strstr(cause, "cannot write") != NULL, "%s", cause);
		cr_expect_eq(vt_root_read(&root, "proc/sys", &buf, 64, &cause), -EISDIR);
	}
	vt_buf_release(&buf);
	free(cause);
	free(path);
}

Test(confine, a_subdirectory_opens_as_a_root_of_its_own)
{
	struct vt_root sub;
	struct vt_buf buf;
	char *cause = NULL;

	link_at("/", "t0");
	vt_test_write(dir, "t1/proc/meminfo", "MemTotal: 7 kB\n");
	vt_buf_init(&buf);
	for (size_t m = 0; m < 2; m++) {
		vt_root_use_openat2(modes[m]);
		/* t0 -> / is the tree's own root, never the host's. */
		cr_assert_eq(vt_root_open_below(&sub, &root, "t0", &cause), 0, "%s", cause);
		cr_expect_eq(vt_root_read(&sub, "proc/meminfo", &buf, 64, &cause), 0, "%s", cause);
		cr_expect_str_eq(buf.data, "MemTotal: 100 kB\n");
		cr_expect_not(sub.live);
		vt_root_release(&sub);
		cr_assert_eq(vt_root_open_below(&sub, &root, "t1", &cause), 0, "%s", cause);
		cr_expect_eq(vt_root_read(&sub, "proc/meminfo", &buf, 64, &cause), 0, "%s", cause);
		cr_expect_str_eq(buf.data, "MemTotal: 7 kB\n");
		cr_expect(strstr(sub.path, "/t1") != NULL, "%s", sub.path);
		vt_root_release(&sub);
		cr_expect_eq(vt_root_open_below(&sub, &root, "proc/meminfo", &cause), -ENOTDIR);
	}
	vt_buf_release(&buf);
	free(cause);
}

Test(confine, lstat_reports_links_without_following)
{
	char target[256];
	struct stat st;

	link_at("../../etc/x", "proc/link");
	link_at("/", "proc/sys-up");
	for (size_t m = 0; m < 2; m++) {
		vt_root_use_openat2(modes[m]);
		cr_assert_eq(vt_root_lstat(&root, "proc/link", &st, target, sizeof target), 0);
		cr_expect(S_ISLNK(st.st_mode));
		cr_expect_str_eq(target, "../../etc/x");
		/* The parent is resolved inside the tree: proc/sys-up/proc is the
		 * tree's proc, not the host's. */
		cr_assert_eq(vt_root_lstat(&root, "proc/sys-up/proc/meminfo", &st, NULL, 0), 0);
		cr_expect_eq(st.st_size, (off_t)strlen("MemTotal: 100 kB\n"));
	}
}

Test(confine, empty_root_is_refused)
{
	struct vt_root r;
	char *cause = NULL;

	cr_expect_eq(vt_root_open(&r, "", &cause), -EINVAL);
	cr_expect(strstr(cause, "empty") != NULL, "%s", cause);
	free(cause);
}

/* The write side, confined like the reads. */
Test(confine, mkdirs_create_and_atomic_write)
{
	struct stat st;
	char *cause = NULL, *text, *path;

	for (size_t m = 0; m < 2; m++) {
		const char *d = modes[m] ? "etc/sysctl.d" : "var/lib/vmtune/journal";
		char *file;

		vt_root_use_openat2(modes[m]);
		cr_assert_eq(vt_root_mkdirs(&root, d, 0755, &cause), 0, "%s", cause);
		cr_expect_eq(vt_root_mkdirs(&root, d, 0755, &cause), 0, "mkdirs twice: %s", cause);
		cr_expect_eq(vt_root_is_dir(&root, d), 1);
		cr_assert(asprintf(&file, "%s/60-vmtune.conf", d) >= 0);
		cr_expect_eq(vt_root_create(&root, file, "a\n", 2, 0644, &cause), 0, "%s", cause);
		cr_expect_eq(vt_root_create(&root, file, "b\n", 2, 0644, &cause), -EEXIST);
		cr_expect_eq(vt_root_write_atomic(&root, file, "vm.swappiness = 10\n", 19, 0640, &cause), 0,
			     "%s", cause);
		cr_assert(asprintf(&path, "%s/%s", dir, file) >= 0);
		text = vt_test_slurp(path, NULL);
		cr_expect_str_eq(text, "vm.swappiness = 10\n");
		cr_assert_eq(stat(path, &st), 0);
		cr_expect_eq(st.st_mode & 07777, 0640);
		free(text);
		free(path);
		free(file);
	}
	/* No temporary file is left beside the target. */
	{
		char **names;
		size_t count;

		cr_assert_eq(vt_root_list(&root, "etc/sysctl.d", &names, &count, NULL), 0);
		cr_expect_eq(count, 1);
		vt_strv_free(names, count);
	}
	free(cause);
}

Test(confine, writes_never_leave_the_root)
{
	char *cause = NULL, *abs, *path;

	/* etc -> the outside directory (absolute), and a climbing link: the
	 * write side resolves them inside the tree, like the reads. */
	cr_assert(asprintf(&abs, "%s", outside) >= 0);
	link_at(abs, "etc");
	link_at("../../../../../../../..", "var");
	for (size_t m = 0; m < 2; m++) {
		vt_root_use_openat2(modes[m]);
		cr_expect_lt(vt_root_write_atomic(&root, "etc/secret", "x\n", 2, 0644, &cause), 0);
		cr_expect_lt(vt_root_create(&root, "etc/new", "x\n", 2, 0644, &cause), 0);
		cr_expect_lt(vt_root_mkdirs(&root, "etc/sysctl.d", 0755, &cause), 0);
		/* var -> the tree's own root: writing var/x writes <root>/x. */
		cr_expect_eq(vt_root_write_atomic(&root, "var/written-inside", "y\n", 2, 0644, &cause), 0,
			     "%s", cause);
	}
	cr_assert(asprintf(&path, "%s/secret", outside) >= 0);
	{
		char *text = vt_test_slurp(path, NULL);

		cr_expect(strstr(text, "secret") != NULL, "the outside file was changed: %s", text);
		free(text);
	}
	free(path);
	cr_assert(asprintf(&path, "%s/new", outside) >= 0);
	cr_expect_neq(access(path, F_OK), 0, "a file was created outside the root");
	free(path);
	cr_assert(asprintf(&path, "%s/written-inside", dir) >= 0);
	cr_expect_eq(access(path, F_OK), 0);
	free(path);
	free(abs);
	free(cause);
}

Test(confine, a_failed_atomic_write_keeps_the_old_file)
{
	struct vt_buf buf;
	char *cause = NULL;

	/* The target is a directory: rename fails, the temporary is removed. */
	vt_test_write(dir, "etc/sysctl.d/60-vmtune.conf/x", "");
	cr_expect_lt(vt_root_write_atomic(&root, "etc/sysctl.d/60-vmtune.conf", "z\n", 2, 0644, &cause), 0);
	cr_expect(strstr(cause, "cannot write") != NULL, "%s", cause);
	{
		char **names;
		size_t count;

		cr_assert_eq(vt_root_list(&root, "etc/sysctl.d", &names, &count, NULL), 0);
		cr_expect_eq(count, 1, "a temporary file was left");
		vt_strv_free(names, count);
	}
	vt_buf_init(&buf);
	cr_expect_eq(vt_root_read(&root, "proc/meminfo", &buf, 64, NULL), 0);
	vt_buf_release(&buf);
	free(cause);
}

Test(confine, a_second_lock_is_refused)
{
	char *cause = NULL;
	int a, b;

	vt_test_write(dir, "run/vmtune/.keep", "");
	cr_assert_eq(vt_root_lock(&root, "run/vmtune/apply.lock", &a, &cause), 0, "%s", cause);
	cr_expect_eq(vt_root_lock(&root, "run/vmtune/apply.lock", &b, &cause), -EWOULDBLOCK);
	cr_expect(strstr(cause, "another vmtune") != NULL, "%s", cause);
	close(a);
	cr_expect_eq(vt_root_lock(&root, "run/vmtune/apply.lock", &b, &cause), 0, "%s", cause);
	close(b);
	free(cause);
}

Test(confine, the_kind_of_a_root_is_decided_when_it_opens)
{
	struct vt_root r, sub;
	char *series = vt_test_mkdtemp(), *cause = NULL;

	cr_expect_eq(root.kind, VT_ROOT_TREE, "no metadata: a hand-made tree");
	vt_test_write(series, "t0/proc/vmstat", "pgfault 1\n");
	vt_test_write(series, "t0/" VT_ROOT_SNAPSHOT_META, "{}\n");
	vt_test_write(series, "t1/proc/vmstat", "pgfault 2\n");
	cr_assert_eq(vt_root_open(&r, series, &cause), 0, "%s", cause);
	cr_expect_eq(r.kind, VT_ROOT_SERIES);
	cr_expect_str_eq(vt_root_kind_name(r.kind), "series");
	cr_assert_eq(vt_root_open_below(&sub, &r, "t0", &cause), 0, "%s", cause);
	cr_expect_eq(sub.kind, VT_ROOT_SNAPSHOT);
	vt_root_release(&sub);
	cr_assert_eq(vt_root_open_below(&sub, &r, "t1", &cause), 0, "%s", cause);
	cr_expect_eq(sub.kind, VT_ROOT_TREE);
	vt_root_release(&sub);
	vt_root_release(&r);
	cr_assert_eq(vt_root_open(&r, "/", &cause), 0);
	cr_expect_eq(r.kind, VT_ROOT_LIVE);
	vt_root_release(&r);
	vt_test_rmtree(series);
	free(series);
}
