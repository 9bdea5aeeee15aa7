/* sys/kernel/mm/transparent_hugepage: the `enabled` mode and hpage_pmd_size,
 * present, absent (no CONFIG_TRANSPARENT_HUGEPAGE) or damaged. */
#include "config.h"
#include "probe/thp.h"
#include "helpers.h"

#include <criterion/criterion.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static enum vt_thp_mode mode_of(const char *text)
{
	enum vt_thp_mode m = (enum vt_thp_mode)-1;
	char *cause = NULL;

	cr_assert_eq(vt_thp_enabled_parse(text, strlen(text), &m, &cause), 0, "'%s': %s", text, cause);
	return m;
}

Test(thp, enabled_takes_the_bracketed_word)
{
	cr_expect_eq(mode_of("always [madvise] never\n"), VT_THP_MADVISE);
	cr_expect_eq(mode_of("[always] madvise never\n"), VT_THP_ALWAYS);
	cr_expect_eq(mode_of("always madvise [never]\n"), VT_THP_NEVER);
	cr_expect_eq(mode_of("always madvise [never]"), VT_THP_NEVER);
	/* A mode of a later kernel is known to be chosen, not understood. */
	cr_expect_eq(mode_of("always [defer] madvise never\n"), VT_THP_OTHER);
	/* "never" written elsewhere does not make the mode never. */
	cr_expect_eq(mode_of("[always] madvise never\n"), VT_THP_ALWAYS);
}

Test(thp, enabled_refuses_what_the_kernel_never_prints)
{
	static const char *const bad[] = {
		"", "\n", "always madvise never\n", "[always] [madvise] never\n", "always [madvise never\n",
		"always [] never\n", "[never\n", "always [Madvise] never\n", "always [madvise]x never\n",
		"always\t[madvise] never\n", "al\x01ways [madvise]\n", "[madvise] 0\n",
	};

	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		enum vt_thp_mode m = VT_THP_OTHER;
		char *cause = NULL;

		cr_expect_eq(vt_thp_enabled_parse(bad[i], strlen(bad[i]), &m, &cause), -EINVAL, "'%s'", bad[i]);
		cr_expect_not_null(cause);
		cr_expect(cause == NULL || strstr(cause, "always [madvise] never") != NULL, "%s", cause);
		free(cause);
	}
}

Test(thp, pmd_size_is_a_power_of_two)
{
	uint64_t v = 0;
	char *cause = NULL;

	cr_expect_eq(vt_thp_pmd_size_parse("2097152\n", 8, &v, NULL), 0);
	cr_expect_eq(v, 2097152);
	cr_expect_eq(vt_thp_pmd_size_parse("0\n", 2, &v, NULL), -ERANGE);
	cr_expect_eq(vt_thp_pmd_size_parse("3000000\n", 8, &v, &cause), -EINVAL);
	cr_expect_str_eq(cause, "3000000 is not a power of two");
	free(cause);
	cr_expect_lt(vt_thp_pmd_size_parse("2M\n", 3, &v, NULL), 0);
}

Test(thp, read_absent_present_and_damaged)
{
	char *dir = vt_test_mkdtemp(), *path, *cause = NULL;
	struct vt_root root;
	struct vt_thp thp;

	cr_assert_eq(vt_root_open(&root, dir, NULL), 0);
	/* No THP at all: not available, no error. */
	cr_expect_eq(vt_thp_read(&root, &thp, &cause), 0);
	cr_expect_not(thp.has_enabled);
	cr_expect_not(thp.has_pmd_size);
	vt_test_write(dir, VT_THP_DIR "/enabled", "always [madvise] never\n");
	vt_test_write(dir, VT_THP_DIR "/hpage_pmd_size", "2097152\n");
	cr_assert_eq(vt_thp_read(&root, &thp, &cause), 0, "%s", cause);
	cr_expect(thp.has_enabled);
	cr_expect_eq(thp.enabled, VT_THP_MADVISE);
	cr_expect_eq(thp.hpage_pmd_size, 2097152);
	vt_test_write(dir, VT_THP_DIR "/hpage_pmd_size", "lots\n");
	cr_expect_eq(vt_thp_read(&root, &thp, &cause), -EINVAL);
	cr_assert_not_null(cause);
	cr_expect(strstr(cause, VT_THP_DIR "/hpage_pmd_size: ") != NULL, "%s", cause);
	free(cause);
	cause = NULL;
	/* `enabled` there but unreadable (a directory: root reads mode 0000). */
	cr_assert(asprintf(&path, "%s/" VT_THP_DIR "/enabled", dir) >= 0);
	cr_assert_eq(remove(path), 0);
	cr_assert_eq(mkdir(path, 0755), 0);
	cr_expect_eq(vt_thp_read(&root, &thp, &cause), -EISDIR);
	cr_assert_not_null(cause);
	cr_expect(strstr(cause, VT_THP_DIR "/enabled") != NULL, "%s", cause);
	free(cause);
	free(path);
	vt_root_release(&root);
	vt_test_rmtree(dir);
	free(dir);
}
