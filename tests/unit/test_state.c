/* The state collector (probe/state.h): only the wanted sources are read,
 * each one present, absent or an error with a reason naming its file, and
 * collect returns the first error without stopping at it. */
#include "config.h"
#include "core/xalloc.h"
#include "probe/state.h"
#include "helpers.h"

#include <criterion/criterion.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A small UMA tree: kernel 6.1, meminfo, zoneinfo, two knobs. */
static char *make_tree(void)
{
	char *dir = vt_test_mkdtemp();

	vt_test_write(dir, "proc/sys/kernel/osrelease", "6.1.0-13-amd64\n");
	vt_test_write(dir, "proc/sys/kernel/hostname", "box\n");
	vt_test_write(dir, "proc/meminfo", "MemTotal: 1000 kB\nMemFree: 500 kB\nMemAvailable: 700 kB\n");
	vt_test_write(dir, "proc/vmstat", "nr_free_pages 125\npgpgin 10\npgpgout 20\n");
	vt_test_write(dir, "proc/zoneinfo",
		      "Node 0, zone   Normal\n  pages free     1000\n        boost    0\n        min      10\n"
		      "        low      12\n        high     14\n        spanned  2000\n        present  2000\n"
		      "        managed  1900\n        protection: (0, 0, 0, 0)\n");
	vt_test_write(dir, "proc/sys/vm/min_free_kbytes", "67584\n");
	vt_test_write(dir, "proc/sys/vm/swappiness", "60\n");
	vt_test_write(dir, "proc/sys/vm/lowmem_reserve_ratio", "256\t256\t32\t0\n");
	return dir;
}

Test(state, reads_only_what_is_wanted)
{
	char *dir = make_tree(), *cause = NULL;
	struct vt_state st;
	struct vt_root root;

	cr_assert_eq(vt_root_open(&root, dir, NULL), 0);
	vt_state_init(&st);
	cr_assert_eq(vt_state_collect(&root, VT_STATE_SYSTEM | VT_STATE_MEMINFO, &st, &cause), 0, "%s", cause);
	cr_expect_eq(st.root, &root);
	cr_expect(vt_state_has(&st, VT_STATE_SRC_SYSTEM));
	cr_expect_str_eq(st.system.kernel.release, "6.1.0-13-amd64");
	cr_expect(vt_state_has(&st, VT_STATE_SRC_MEMINFO));
	cr_expect_eq(st.meminfo.value[VT_MI_MEM_TOTAL], 1000);
	for (int s = VT_STATE_SRC_VMSTAT; s < VT_STATE_SRC_COUNT; s++)
		cr_expect_eq(st.src[s].avail, VT_AVAIL_UNREAD, "source %d", s);
	cr_expect_null(st.src[VT_STATE_SRC_MEMINFO].reason);
	vt_state_release(&st);
	vt_root_release(&root);
	vt_test_rmtree(dir);
	free(dir);
}

Test(state, absent_sources_carry_a_reason_and_are_not_errors)
{
	char *dir = make_tree(), *cause = NULL;
	struct vt_state st;
	struct vt_root root;

	cr_assert_eq(vt_root_open(&root, dir, NULL), 0);
	vt_state_init(&st);
	vt_state_want_sysctl(&st, "vm.min_free_kbytes");
	vt_state_want_sysctl(&st, "vm.watermark_scale_factor");
	vt_state_want_sysctl(&st, "vm.min_free_kbytes");
	cr_expect_eq(st.nsysctls, 2, "a name asked for twice is read once");
	cr_assert_eq(vt_state_collect(&root, VT_STATE_ALL, &st, &cause), 0, "%s", cause);
	cr_expect_null(cause);
	cr_expect(vt_state_has(&st, VT_STATE_SRC_VMSTAT));
	cr_expect(vt_state_has(&st, VT_STATE_SRC_ZONEINFO));
	cr_expect(st.numa.has_zoneinfo);
	cr_expect_eq(st.numa.zoneinfo.nzones, 1);
	cr_expect(vt_state_has(&st, VT_STATE_SRC_NUMA), "no node directory: the one node of a UMA kernel");
	cr_expect_not(st.numa.numa_available);
	cr_expect_eq(st.src[VT_STATE_SRC_PSI].avail, VT_AVAIL_ABSENT);
	cr_expect_eq(st.src[VT_STATE_SRC_PSI].err, -ENOENT);
	cr_assert_not_null(st.src[VT_STATE_SRC_PSI].reason);
	cr_expect(strstr(st.src[VT_STATE_SRC_PSI].reason, "proc/pressure/memory") != NULL, "%s",
		  st.src[VT_STATE_SRC_PSI].reason);
	cr_expect_eq(st.src[VT_STATE_SRC_THP].avail, VT_AVAIL_ABSENT);
	cr_expect(vt_state_has(&st, VT_STATE_SRC_LOWMEM));
	cr_expect_eq(st.nlowmem, 4);
	cr_expect_eq(st.lowmem_reserve_ratio[2], 32);
	cr_expect(vt_state_has(&st, VT_STATE_SRC_SYSCTL));
	cr_expect_eq(vt_state_sysctl(&st, "vm.min_free_kbytes")->src.avail, VT_AVAIL_PRESENT);
	cr_expect_eq(vt_state_sysctl(&st, "vm.min_free_kbytes")->value, 67584);
	cr_expect_eq(vt_state_sysctl(&st, "vm.watermark_scale_factor")->src.avail, VT_AVAIL_ABSENT);
	cr_expect_str_eq(vt_state_sysctl(&st, "vm.watermark_scale_factor")->src.reason,
			 "cannot read 'vm.watermark_scale_factor': not available on this kernel");
	cr_expect_null(vt_state_sysctl(&st, "vm.swappiness"), "not asked for");
	vt_state_release(&st);
	vt_root_release(&root);
	vt_test_rmtree(dir);
	free(dir);
}

static void drop(const char *dir, const char *rel)
{
	char *path;

	cr_assert(asprintf(&path, "%s/%s", dir, rel) >= 0);
	cr_assert_eq(remove(path), 0, "%s", path);
	free(path);
}

Test(state, zoneinfo_alone_or_through_the_numa_probe)
{
	char *dir = make_tree(), *cause = NULL, *want;
	struct vt_state st;
	struct vt_root root;

	cr_assert_eq(vt_root_open(&root, dir, NULL), 0);
	vt_state_init(&st);
	cr_assert_eq(vt_state_collect(&root, VT_STATE_ZONEINFO, &st, &cause), 0, "%s", cause);
	cr_expect(vt_state_has(&st, VT_STATE_SRC_ZONEINFO));
	cr_expect_eq(st.src[VT_STATE_SRC_NUMA].avail, VT_AVAIL_UNREAD);
	cr_expect_eq(st.numa.zoneinfo.nzones, 1);
	/* Missing: absent, with the message a reader that needs it gives,
	 * whichever source read it. */
	drop(dir, "proc/zoneinfo");
	cr_assert(asprintf(&want, "%s/proc/zoneinfo: not available (no such file)", dir) >= 0);
	cr_assert_eq(vt_state_collect(&root, VT_STATE_ZONEINFO, &st, &cause), 0, "%s", cause);
	cr_expect_eq(st.src[VT_STATE_SRC_ZONEINFO].avail, VT_AVAIL_ABSENT);
	cr_expect_not(st.numa.has_zoneinfo);
	cr_expect_str_eq(st.src[VT_STATE_SRC_ZONEINFO].reason, want);
	cr_assert_eq(vt_state_collect(&root, VT_STATE_NUMA, &st, &cause), 0, "%s", cause);
	cr_expect(vt_state_has(&st, VT_STATE_SRC_NUMA));
	cr_expect_eq(st.src[VT_STATE_SRC_ZONEINFO].avail, VT_AVAIL_ABSENT);
	cr_expect_str_eq(st.src[VT_STATE_SRC_ZONEINFO].reason, want);
	free(want);
	vt_state_release(&st);
	vt_root_release(&root);
	vt_test_rmtree(dir);
	free(dir);
}

Test(state, errors_are_kept_per_source_and_the_first_is_returned)
{
	char *dir = make_tree(), *cause = NULL;
	struct vt_state st;
	struct vt_root root;

	vt_test_write(dir, "proc/meminfo", "MemTotal: lots kB\n");
	vt_test_write(dir, "proc/sys/vm/swappiness", "sixty\n");
	vt_test_write(dir, VT_THP_DIR "/enabled", "always madvise never\n");
	cr_assert_eq(vt_root_open(&root, dir, NULL), 0);
	vt_state_init(&st);
	vt_state_want_sysctl(&st, "vm.min_free_kbytes");
	vt_state_want_sysctl(&st, "vm.swappiness");
	cr_expect_eq(vt_state_collect(&root, VT_STATE_ALL, &st, &cause), -EINVAL);
	cr_assert_not_null(cause);
	cr_expect_str_eq(cause, st.src[VT_STATE_SRC_MEMINFO].reason, "the first error in source order");
	cr_expect(strstr(cause, "/proc/meminfo: line 1: bad value for 'MemTotal'") != NULL, "%s", cause);
	cr_expect_eq(st.src[VT_STATE_SRC_MEMINFO].avail, VT_AVAIL_ERROR);
	/* Reading went on past it. */
	cr_expect(vt_state_has(&st, VT_STATE_SRC_SYSTEM));
	cr_expect(vt_state_has(&st, VT_STATE_SRC_ZONEINFO));
	cr_expect_eq(vt_state_sysctl(&st, "vm.min_free_kbytes")->src.avail, VT_AVAIL_PRESENT);
	cr_expect_eq(vt_state_sysctl(&st, "vm.swappiness")->src.avail, VT_AVAIL_ERROR);
	cr_expect_eq(st.src[VT_STATE_SRC_SYSCTL].avail, VT_AVAIL_ERROR);
	{
		/* The file named in the tree, not on this machine. */
		char *want = vt_xasprintf("%s/%s", dir, "proc/sys/vm/swappiness: ");

		cr_expect(strstr(st.src[VT_STATE_SRC_SYSCTL].reason, want) != NULL, "%s",
			  st.src[VT_STATE_SRC_SYSCTL].reason);
		free(want);
	}
	cr_expect_eq(st.src[VT_STATE_SRC_THP].avail, VT_AVAIL_ERROR);
	cr_expect(strstr(st.src[VT_STATE_SRC_THP].reason, VT_THP_DIR "/enabled: ") != NULL, "%s",
		  st.src[VT_STATE_SRC_THP].reason);
	free(cause);
	cause = NULL;

	/* Without a kernel release nothing is "an old kernel": an error. */
	drop(dir, "proc/sys/kernel/osrelease");
	cr_expect_eq(vt_state_collect(&root, VT_STATE_SYSTEM, &st, &cause), -ENOENT);
	cr_expect_eq(st.src[VT_STATE_SRC_SYSTEM].avail, VT_AVAIL_ERROR);
	cr_expect_eq(st.src[VT_STATE_SRC_MEMINFO].avail, VT_AVAIL_UNREAD, "a second collect replaces the first");
	cr_assert_not_null(cause);
	cr_expect(strstr(cause, "proc/sys/kernel/osrelease") != NULL, "%s", cause);
	free(cause);
	vt_state_release(&st);
	vt_root_release(&root);
	vt_test_rmtree(dir);
	free(dir);
}

Test(state, a_captured_fixture_is_whole)
{
	char *dir = vt_test_fixture("host-6.18-uma"), *cause = NULL;
	struct vt_state st;
	struct vt_root root;

	cr_assert_eq(vt_root_open(&root, dir, NULL), 0);
	vt_state_init(&st);
	vt_state_want_sysctl(&st, "vm.watermark_boost_factor");
	cr_assert_eq(vt_state_collect(&root, VT_STATE_ALL, &st, &cause), 0, "%s", cause);
	/* proc/cgroups joined the snapshot manifest after this capture. */
	for (int s = 0; s < VT_STATE_SRC_COUNT; s++)
		cr_expect(vt_state_has(&st, (enum vt_state_src)s) || s == VT_STATE_SRC_CGROUPS,
			  "source %d: %s", s, st.src[s].reason ? st.src[s].reason : "");
	cr_expect_eq(st.src[VT_STATE_SRC_CGROUPS].avail, VT_AVAIL_ABSENT);
	cr_expect_eq(st.root->kind, VT_ROOT_SNAPSHOT);
	cr_expect(st.thp.has_enabled);
	cr_expect_eq(st.thp.hpage_pmd_size, 2097152);
	vt_state_release(&st);
	vt_root_release(&root);
	free(dir);
}
