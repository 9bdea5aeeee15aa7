#include "config.h"
#include "core/kversion.h"

#include <criterion/criterion.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void expect_version(const char *s, unsigned a, unsigned b, unsigned c)
{
	struct vt_kversion v;
	char *cause = NULL;

	cr_assert_eq(vt_kversion_parse(s, strlen(s), &v, &cause), 0, "'%s': %s", s, cause);
	cr_expect_eq(v.major, a, "%s", s);
	cr_expect_eq(v.minor, b, "%s", s);
	cr_expect_eq(v.patch, c, "%s", s);
	cr_expect_eq(v.code, VT_KERNEL_VERSION(a, b, c));
}

Test(kversion, distro_releases)
{
	expect_version("6.1.0-56-amd64\n", 6, 1, 0);
	expect_version("5.14.0-427.el9.x86_64", 5, 14, 0);
	expect_version("6.18.44-fc-v669", 6, 18, 44);
	expect_version("4.4.0", 4, 4, 0);
	expect_version("4.4", 4, 4, 0);
	expect_version("6.8.0-rc3+", 6, 8, 0);
	expect_version("5.15.0-1053-azure", 5, 15, 0);
	expect_version("4.19.300", 4, 19, 300);
	expect_version("3.10.0-1160.el7.x86_64", 3, 10, 0);
}

Test(kversion, order_by_code)
{
	cr_expect_lt(VT_KERNEL_VERSION(4, 5, 255), VT_KERNEL_VERSION(4, 6, 0));
	cr_expect_lt(VT_KERNEL_VERSION(4, 19, 300), VT_KERNEL_VERSION(4, 20, 0));
	cr_expect_gt(VT_KERNEL_VERSION(6, 6, 0), VT_KERNEL_VERSION(5, 18, 9));
}

Test(kversion, rejects_garbage)
{
	static const char *const bad[] = { "", "6", "6.", "v6.1", "six.one", "6.1x", "0.1", "6.1.0 -amd64", ".1.2" };
	struct vt_kversion v;

	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		cr_expect_eq(vt_kversion_parse(bad[i], strlen(bad[i]), &v, NULL), -EINVAL, "accepted '%s'", bad[i]);
}
