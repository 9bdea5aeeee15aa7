#include "config.h"
#include "probe/meminfo.h"
#include "helpers.h"

#include <criterion/criterion.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

Test(meminfo, table_matches_enum)
{
	cr_expect_eq(vt_meminfo_table_check(), 0);
}

Test(meminfo, proc_layout)
{
	static const char text[] =
		"MemTotal:       24683620 kB\n"
		"MemFree:        20183620 kB\n"
		"MemAvailable:   22000000 kB\n"
		"Active(anon):      12345 kB\n"
		"HugePages_Total:       0\n"
		"SomethingNew:          7 kB\n"
		"SwapTotal:             0 kB\n";
	struct vt_meminfo mi;

	cr_assert_eq(vt_meminfo_parse(text, sizeof text - 1, &mi, NULL), 0);
	cr_expect_eq(mi.node, -1);
	cr_expect_eq(mi.value[VT_MI_MEM_TOTAL], 24683620);
	cr_expect_eq(mi.value[VT_MI_ACTIVE_ANON], 12345);
	cr_expect(vt_meminfo_has(&mi, VT_MI_HUGEPAGES_TOTAL));
	cr_expect(vt_meminfo_has(&mi, VT_MI_SWAP_TOTAL));
	cr_expect_not(vt_meminfo_has(&mi, VT_MI_SWAP_FREE), "absent must not read as zero");
	cr_expect_not(vt_meminfo_has(&mi, VT_MI_ZSWAP));
}

Test(meminfo, node_layout)
{
	static const char text[] =
		"Node 1 MemTotal:        2031616 kB\n"
		"Node 1 MemFree:         1900000 kB\n"
		"Node 1 FilePages:         12000 kB\n";
	struct vt_meminfo mi;

	cr_assert_eq(vt_meminfo_parse(text, sizeof text - 1, &mi, NULL), 0);
	cr_expect_eq(mi.node, 1);
	cr_expect_eq(mi.value[VT_MI_FILE_PAGES], 12000);
}

Test(meminfo, malformed_inputs_are_errors)
{
	static const char *const bad[] = {
		"MemTotal: lots kB\n",
		"garbage without colon\n",
		"",
		"Node x MemTotal: 1 kB\n",
		"Node 0 MemTotal: 1 kB\nNode 1 MemFree: 1 kB\n",
	};
	struct vt_meminfo mi;
	char *cause = NULL;

	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		cr_expect_eq(vt_meminfo_parse(bad[i], strlen(bad[i]), &mi, &cause), -EINVAL, "accepted '%s'", bad[i]);
		cr_expect_not_null(cause);
	}
	free(cause);
}

/* No kernel prints a count above INT64_MAX (JSON could not hold it): the
 * value is refused, with the key and why. */
Test(meminfo, counts_above_int64_max_are_refused)
{
	static const char ok[] = "MemTotal: 9223372036854775807 kB\n";
	static const char *const bad[][2] = {
		{ "MemTotal: 9223372036854775808 kB\n",
		  "line 1: bad value for 'MemTotal': '9223372036854775808' is out of range [0, 9223372036854775807]" },
		{ "MemTotal: 1 kB\nMemFree: 18446744073709551615 kB\n",
		  "line 2: bad value for 'MemFree': '18446744073709551615' is out of range [0, 9223372036854775807]" },
		{ "MemTotal: \x1b[31m kB\n", "line 1: bad value for 'MemTotal': invalid number '\\x1b[31m'" },
	};
	struct vt_meminfo mi;

	cr_assert_eq(vt_meminfo_parse(ok, sizeof ok - 1, &mi, NULL), 0);
	cr_expect_eq(mi.value[VT_MI_MEM_TOTAL], INT64_MAX);
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		char *cause = NULL;

		cr_expect_eq(vt_meminfo_parse(bad[i][0], strlen(bad[i][0]), &mi, &cause), -EINVAL);
		cr_expect_str_eq(cause, bad[i][1]);
		free(cause);
	}
}

Test(meminfo, a_key_twice_is_an_error)
{
	static const char text[] = "MemTotal: 100 kB\nMemAvailable: 50 kB\nFuture: 1 kB\nFuture: 2 kB\n"
				   "MemAvailable: 185558 kB\n";
	static const char node[] = "Node 1 MemTotal: 100 kB\nNode 1 MemTotal: 100 kB\n";
	struct vt_meminfo mi;
	char *cause = NULL;

	/* Last-wins made "available 185558.8 %" out of a damaged file. */
	cr_assert_eq(vt_meminfo_parse(text, sizeof text - 1, &mi, &cause), -EINVAL);
	cr_expect_str_eq(cause, "line 5: 'MemAvailable' printed twice");
	free(cause);
	cause = NULL;
	cr_assert_eq(vt_meminfo_parse(node, sizeof node - 1, &mi, &cause), -EINVAL);
	cr_expect_str_eq(cause, "line 2: 'MemTotal' printed twice");
	free(cause);
	/* Unknown keys are not looked at, twice or not. */
	cr_expect_eq(vt_meminfo_parse(text, sizeof text - 1 - 24, &mi, NULL), 0);
}

Test(meminfo, truncated_file_keeps_what_was_complete)
{
	static const char text[] = "MemTotal:       24683620 kB\nMemFr";
	struct vt_meminfo mi;

	/* A read cut mid-line must not invent a value for the cut key. */
	cr_assert_eq(vt_meminfo_parse(text, sizeof text - 1, &mi, NULL), -EINVAL);
}
