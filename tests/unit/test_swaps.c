/* /proc/swaps, zswap's enabled parameter and /proc/cgroups. */
#include "config.h"
#include "probe/cgroups.h"
#include "probe/swaps.h"

#include <criterion/criterion.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

Test(swaps, none_disk_and_zram)
{
	static const char none[] = "Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n";
	static const char mixed[] = "Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n"
				    "/dev/zram0                              partition\t2097148\t\t1024\t\t100\n"
				    "/swap\\040file                           file\t\t1048572\t\t0\t\t-2\n"
				    "/dev/sda3                               partition\t8388604\t\t8\t\t-3\n";
	struct vt_swaps s;

	cr_assert_eq(vt_swaps_parse(none, sizeof none - 1, &s, NULL), 0);
	cr_expect_eq(s.devices, 0);
	cr_expect_eq(s.size_kb, 0);
	cr_expect_eq(s.zswap, -1);
	cr_assert_eq(vt_swaps_parse(mixed, sizeof mixed - 1, &s, NULL), 0);
	cr_expect_eq(s.devices, 3);
	cr_expect_eq(s.zram, 1);
	cr_expect_eq(s.disk, 2);
	cr_expect_eq(s.size_kb, 2097148u + 1048572u + 8388604u);
	cr_expect_eq(s.used_kb, 1032);
}

Test(swaps, damage_is_refused_with_its_line)
{
	static const char *const bad[] = {
		"",
		"Name Type\n",
		"Filename Type Size Used Priority\n/dev/sda3 partition lots 0 -2\n",
		"Filename Type Size Used Priority\n/dev/sda3 partition 10\n",
		"Filename Type Size Used Priority\n/dev/sda3 partition 18446744073709551615 0 -2\n",
	};
	struct vt_swaps s;

	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		char *cause = NULL;

		cr_expect_lt(vt_swaps_parse(bad[i], strlen(bad[i]), &s, &cause), 0, "accepted case %zu", i);
		cr_expect_not_null(cause);
		free(cause);
	}
}

Test(swaps, zswap_enabled)
{
	int v;

	cr_expect_eq(vt_zswap_enabled_parse("Y\n", 2, &v, NULL), 0);
	cr_expect_eq(v, 1);
	cr_expect_eq(vt_zswap_enabled_parse("N\n", 2, &v, NULL), 0);
	cr_expect_eq(v, 0);
	cr_expect_lt(vt_zswap_enabled_parse("maybe\n", 6, &v, NULL), 0);
}

Test(cgroups, v1_memory_controller)
{
	static const char v1[] = "#subsys_name\thierarchy\tnum_cgroups\tenabled\n"
				 "cpuset\t3\t1\t1\nmemory\t4\t90\t1\npids\t5\t80\t1\n";
	static const char v2[] = "#subsys_name\thierarchy\tnum_cgroups\tenabled\n"
				 "cpuset\t0\t120\t1\nmemory\t0\t120\t1\n";
	static const char off[] = "#subsys_name\thierarchy\tnum_cgroups\tenabled\nmemory\t4\t1\t0\n";
	int v;

	cr_assert_eq(vt_cgroups_parse(v1, sizeof v1 - 1, &v, NULL), 0);
	cr_expect_eq(v, 1);
	cr_assert_eq(vt_cgroups_parse(v2, sizeof v2 - 1, &v, NULL), 0);
	cr_expect_eq(v, 0, "hierarchy 0: cgroup v2 or unbound");
	cr_assert_eq(vt_cgroups_parse(off, sizeof off - 1, &v, NULL), 0);
	cr_expect_eq(v, 0, "disabled (cgroup_disable=memory)");
	cr_expect_lt(vt_cgroups_parse("memory x 1 1\n", 13, &v, NULL), 0);
}

/* fuzz_swaps' first findings: a buffer is not a C string.  Copied into an
 * allocation of exactly its length, so that ASan sees a read past it. */
static char *exact(const char *s, size_t len)
{
	char *b = malloc(len);

	cr_assert_not_null(b);
	memcpy(b, s, len);
	return b;
}

Test(swaps, buffers_are_not_c_strings)
{
	char *f = exact("F", 1), *y = exact("Y\n", 2), *mem = exact("memory\t4\t90\t1", 13);
	char *cause = NULL;
	struct vt_swaps s;
	int v;

	cr_expect_eq(vt_swaps_parse(f, 1, &s, &cause), -EINVAL, "a header cut short");
	cr_expect_str_eq(cause, "line 1: expected the header 'Filename Type Size Used Priority', found 'F'");
	free(cause);
	cr_expect_lt(vt_cgroups_parse(y, 2, &v, NULL), 0, "a name and no numbers");
	cr_assert_eq(vt_cgroups_parse(mem, 13, &v, NULL), 0, "the last line without its newline");
	cr_expect_eq(v, 1);
	free(f);
	free(y);
	free(mem);
}
