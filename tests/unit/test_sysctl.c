/* sysctl names, reads and writes through the root handle, on a temporary
 * tree only. */
#include "config.h"
#include "core/xalloc.h"
#include "probe/sysctl.h"
#include "helpers.h"

#include <criterion/criterion.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *dir;
static struct vt_root root;

static void setup(void)
{
	dir = vt_test_mkdtemp();
	vt_test_write(dir, "proc/sys/vm/swappiness", "60\n");
	vt_test_write(dir, "proc/sys/vm/lowmem_reserve_ratio", "256\t256\t32\t0\t0\n");
	vt_test_write(dir, "proc/sys/vm/garbled", "sixty\n");
	cr_assert_eq(vt_root_open(&root, dir, NULL), 0);
}

static void teardown(void)
{
	vt_root_release(&root);
	vt_test_rmtree(dir);
	free(dir);
}

TestSuite(sysctl, .init = setup, .fini = teardown);

Test(sysctl, names_map_to_paths)
{
	char path[256];

	cr_assert_eq(vt_sysctl_path("vm.swappiness", path, sizeof path, NULL), 0);
	cr_expect_str_eq(path, "proc/sys/vm/swappiness");
	cr_assert_eq(vt_sysctl_path("net.ipv4.tcp_rmem", path, sizeof path, NULL), 0);
	cr_expect_str_eq(path, "proc/sys/net/ipv4/tcp_rmem");
	cr_expect_lt(vt_sysctl_path("vm/../../etc", path, sizeof path, NULL), 0);
	cr_expect_lt(vt_sysctl_path("vm..swappiness", path, sizeof path, NULL), 0);
	cr_expect_lt(vt_sysctl_path(".vm", path, sizeof path, NULL), 0);
	cr_expect_lt(vt_sysctl_path("", path, sizeof path, NULL), 0);
	cr_expect_lt(vt_sysctl_path("vm.swap piness", path, sizeof path, NULL), 0);
}

Test(sysctl, reads_integers_and_vectors)
{
	int64_t v, vec[8];
	size_t n;

	cr_assert_eq(vt_sysctl_read_i64(&root, "vm.swappiness", &v, NULL), 0);
	cr_expect_eq(v, 60);
	cr_assert_eq(vt_sysctl_read_vec(&root, "vm.lowmem_reserve_ratio", vec, 8, &n, NULL), 0);
	cr_expect_eq(n, 5);
	cr_expect_eq(vec[0], 256);
	cr_expect_eq(vec[2], 32);
	cr_expect_eq(vt_sysctl_read_vec(&root, "vm.lowmem_reserve_ratio", vec, 3, &n, NULL), -E2BIG);
}

Test(sysctl, errors_name_the_key)
{
	int64_t v;
	char *cause = NULL;

	cr_expect_eq(vt_sysctl_read_i64(&root, "vm.watermark_scale_factor", &v, &cause), -ENOENT);
	cr_expect_str_eq(cause, "cannot read 'vm.watermark_scale_factor': not available on this kernel");
	free(cause);
	cause = NULL;
	cr_expect_eq(vt_sysctl_read_i64(&root, "vm.garbled", &v, &cause), -EINVAL);
	{
		/* The file named in the tree, not on this machine. */
		char *want = vt_xasprintf("%s/%s", dir, "proc/sys/vm/garbled: invalid number 'sixty'");

		cr_expect(strstr(cause, want) != NULL, "%s", cause);
		free(want);
	}
	free(cause);
	cause = NULL;
	cr_expect_eq(vt_sysctl_write(&root, "vm.nope", "1", &cause), -ENOENT);
	cr_expect_str_eq(cause, "cannot write 'vm.nope': not available on this kernel");
	free(cause);
}

Test(sysctl, write_then_read_back)
{
	int64_t v;

	cr_assert_eq(vt_sysctl_write(&root, "vm.swappiness", "10", NULL), 0);
	cr_assert_eq(vt_sysctl_read_i64(&root, "vm.swappiness", &v, NULL), 0);
	cr_expect_eq(v, 10);
}

Test(sysctl, optional_knobs_absent_or_broken)
{
	int64_t v = 7, vec[8];
	char *cause = NULL;
	size_t n;

	cr_expect_eq(vt_sysctl_read_opt_i64(&root, "vm.swappiness", &v, &cause), 1);
	cr_expect_eq(v, 60);
	cr_expect_eq(vt_sysctl_read_opt_i64(&root, "vm.watermark_boost_factor", &v, &cause), 0);
	cr_expect_null(cause);
	cr_expect_eq(vt_sysctl_read_opt_vec(&root, "vm.lowmem_reserve_ratio", vec, 8, &n, &cause), 1);
	cr_expect_eq(n, 5);
	cr_expect_eq(vt_sysctl_read_opt_vec(&root, "vm.nope", vec, 8, &n, &cause), 0);
	cr_expect_eq(n, 0);
	/* Present but broken is an error naming the file, never "absent". */
	cr_expect_eq(vt_sysctl_read_opt_i64(&root, "vm.garbled", &v, &cause), -EINVAL);
	cr_assert_not_null(cause);
	cr_expect(strstr(cause, "proc/sys/vm/garbled") != NULL, "%s", cause);
	free(cause);
	cause = NULL;
	cr_expect_eq(vt_sysctl_read_opt_vec(&root, "vm.lowmem_reserve_ratio", vec, 3, &n, &cause), -E2BIG);
	cr_assert_not_null(cause);
	cr_expect(strstr(cause, "proc/sys/vm/lowmem_reserve_ratio: more than 3 values") != NULL, "%s", cause);
	free(cause);
}
