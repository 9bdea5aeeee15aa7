/* Snapshot capture from a temporary tree and the metadata reader. */
#include "config.h"
#include "probe/snapshot.h"
#include "probe/manifest.h"
#include "probe/system.h"
#include "helpers.h"

#include <criterion/criterion.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char *src, *dst;

static void setup(void)
{
	src = vt_test_mkdtemp();
	dst = vt_test_mkdtemp();
	vt_test_write(src, "proc/sys/kernel/osrelease", "6.1.0-56-amd64\n");
	vt_test_write(src, "proc/sys/kernel/hostname", "guest\n");
	vt_test_write(src, "proc/meminfo", "MemTotal: 100 kB\n");
	vt_test_write(src, "proc/sys/vm/swappiness", "60\n");
	vt_test_write(src, "proc/sys/vm/min_free_kbytes", "67584\n");
	vt_test_write(src, "sys/devices/system/node/online", "0-1\n");
	vt_test_write(src, "sys/devices/system/node/node0/distance", "10 21\n");
	vt_test_write(src, "sys/devices/system/node/node1/distance", "21 10\n");
	vt_test_write(src, "sys/devices/system/node/node1/unrelated", "not in the manifest\n");
	vt_test_write(src, "etc/passwd", "not in the manifest\n");
}

static void teardown(void)
{
	vt_test_rmtree(src);
	vt_test_rmtree(dst);
	free(src);
	free(dst);
}

TestSuite(snapshot, .init = setup, .fini = teardown);

static bool exists(const char *dir, const char *rel)
{
	char *path;
	bool ok;

	cr_assert(asprintf(&path, "%s/%s", dir, rel) >= 0);
	ok = access(path, F_OK) == 0;
	free(path);
	return ok;
}

Test(snapshot, copies_manifest_files_only)
{
	struct vt_snapshot_report report;
	struct vt_root root;
	char *cause = NULL;

	cr_assert_eq(vt_root_open(&root, src, NULL), 0);
	cr_assert_eq(rmdir(dst), 0);	/* capture creates it */
	cr_assert_eq(vt_snapshot_capture(&root, dst, NULL, &report, &cause), 0, "%s", cause);
	cr_expect_eq(report.files, 8);
	cr_expect(exists(dst, "proc/sys/vm/swappiness"));
	cr_expect(exists(dst, "sys/devices/system/node/node1/distance"));
	cr_expect_not(exists(dst, "sys/devices/system/node/node1/unrelated"));
	cr_expect_not(exists(dst, "etc/passwd"));
	cr_expect(exists(dst, VT_SNAPSHOT_META));
	vt_snapshot_report_release(&report);
	vt_root_release(&root);
}

Test(snapshot, metadata_round_trip)
{
	struct vt_snapshot_report report;
	struct vt_root root, snap;
	struct vt_system sys;
	char *cause = NULL;

	cr_assert_eq(vt_root_open(&root, src, NULL), 0);
	cr_assert_eq(vt_snapshot_capture(&root, dst, NULL, &report, &cause), 0, "%s", cause);
	cr_assert_eq(vt_root_open(&snap, dst, NULL), 0);
	cr_assert_eq(vt_system_probe(&snap, &sys, &cause), 0, "%s", cause);
	cr_expect(sys.meta.present);
	cr_expect_eq(sys.page_size_source, VT_PAGE_SIZE_SNAPSHOT);
	cr_expect_eq(sys.page_size, (unsigned long)sysconf(_SC_PAGESIZE));
	cr_expect_str_eq(sys.meta.kernel_release, "6.1.0-56-amd64");
	cr_expect_str_eq(sys.hostname, "guest");
	cr_expect_eq(sys.kernel.code, VT_KERNEL_VERSION(6, 1, 0));
	cr_expect_gt(sys.meta.monotonic_ns, 0);
	vt_snapshot_report_release(&report);
	vt_root_release(&root);
	vt_root_release(&snap);
}

Test(snapshot, refuses_non_empty_destination)
{
	struct vt_snapshot_report report;
	struct vt_root root;
	char *cause = NULL;

	vt_test_write(dst, "keep-me", "precious\n");
	cr_assert_eq(vt_root_open(&root, src, NULL), 0);
	cr_expect_eq(vt_snapshot_capture(&root, dst, NULL, &report, &cause), -EEXIST);
	cr_expect(strstr(cause, "not empty") != NULL, "%s", cause);
	cr_expect(exists(dst, "keep-me"));
	cr_expect_not(exists(dst, "proc"));
	free(cause);
	vt_root_release(&root);
}

Test(snapshot, unreadable_files_are_skipped_and_listed)
{
	struct vt_snapshot_report report;
	struct vt_root root;
	char *path, *cause = NULL;

	if (geteuid() == 0)
		cr_skip_test("root reads mode-0000 files; the CLI test covers non-root");
	cr_assert(asprintf(&path, "%s/proc/sys/vm/min_free_kbytes", src) >= 0);
	chmod(path, 0200);
	cr_assert_eq(vt_root_open(&root, src, NULL), 0);
	cr_assert_eq(vt_snapshot_capture(&root, dst, NULL, &report, &cause), 0, "%s", cause);
	cr_expect_eq(report.nskipped, 1);
	cr_expect_str_eq(report.skipped[0].path, "proc/sys/vm/min_free_kbytes");
	vt_snapshot_report_release(&report);
	vt_root_release(&root);
	free(path);
}

Test(snapshot, metadata_parser_validates)
{
	static const char *const bad[] = {
		"", "[]", "{}", "{\"page_size\": 4095}", "{\"page_size\": \"4096\"}", "{\"page_size\": 512}",
	};
	struct vt_snapshot_meta meta;
	static const char good[] = "{\"page_size\": 65536, \"kernel_release\": \"6.1.0\"}";

	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		cr_expect_eq(vt_snapshot_meta_parse(bad[i], strlen(bad[i]), &meta, NULL), -EINVAL, "'%s'", bad[i]);
	cr_assert_eq(vt_snapshot_meta_parse(good, sizeof good - 1, &meta, NULL), 0);
	cr_expect_eq(meta.page_size, 65536);
}

Test(snapshot, manifest_paths_are_relative_and_safe)
{
	for (size_t i = 0; i < vt_manifest_count; i++) {
		cr_expect_neq(vt_manifest[i].pattern[0], '/', "%s", vt_manifest[i].pattern);
		cr_expect_null(strstr(vt_manifest[i].pattern, ".."), "%s", vt_manifest[i].pattern);
		cr_expect_not_null(vt_manifest[i].why);
	}
}
