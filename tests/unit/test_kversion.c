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

/* A distribution release that says .0 hides the sublevel: Debian prints it
 * in /proc/version, Ubuntu in /proc/version_signature.  Texts as the kernels
 * print them (the 5.10 one from tests/fixtures/qemu510-numa2-boot). */
Test(kversion, upstream_sublevel)
{
	static const char debian510[] = "Linux version 5.10.0-32-amd64 (debian-kernel@lists.debian.org) "
		"(gcc-10 (Debian 10.2.1-6) 10.2.1 20210110, GNU ld (GNU Binutils for Debian) 2.35.2) "
		"#1 SMP Debian 5.10.223-1 (2024-08-10)\n";
	static const char debian612[] = "Linux version 6.12.117+deb12-amd64 (debian-kernel@lists.debian.org) "
		"(x86_64-linux-gnu-gcc-12 (Debian 12.2.0-14+deb12u1) 12.2.0) #1 SMP PREEMPT_DYNAMIC "
		"Debian 6.12.117-1~deb12u1 (2025-11-20)\n";
	static const char ubuntu[] = "Ubuntu 5.15.0-91.101-generic 5.15.131\n";
	static const char gcc_only[] = "Linux version 5.10.0-32-amd64 (gcc-10 (Debian 10.2.1-6) 10.2.1)\n";
	struct vt_kversion k;

	cr_assert_eq(vt_kversion_parse("5.10.0-32-amd64", 15, &k, NULL), 0);
	cr_expect(vt_kversion_upstream(&k, VT_KPATCH_PROC_VERSION, debian510, strlen(debian510)));
	cr_expect_eq(k.patch, 223);
	cr_expect_eq(k.code, VT_KERNEL_VERSION(5, 10, 223));
	cr_expect_eq(k.patch_source, VT_KPATCH_PROC_VERSION);
	cr_expect_str_eq(k.release, "5.10.0-32-amd64");
	/* Taken once: a second source does not move it again. */
	cr_expect_not(vt_kversion_upstream(&k, VT_KPATCH_VERSION_SIGNATURE, ubuntu, strlen(ubuntu)));

	cr_assert_eq(vt_kversion_parse("5.15.0-91-generic", 17, &k, NULL), 0);
	cr_expect(vt_kversion_upstream(&k, VT_KPATCH_VERSION_SIGNATURE, ubuntu, strlen(ubuntu)));
	cr_expect_eq(k.code, VT_KERNEL_VERSION(5, 15, 131));

	/* A release with its sublevel keeps it. */
	cr_assert_eq(vt_kversion_parse("6.12.117+deb12-amd64", 20, &k, NULL), 0);
	cr_expect_not(vt_kversion_upstream(&k, VT_KPATCH_PROC_VERSION, debian612, strlen(debian612)));
	cr_expect_eq(k.patch, 117);

	/* Another major.minor (the compiler's "Debian 10.2.1") is not the kernel's. */
	cr_assert_eq(vt_kversion_parse("5.10.0-32-amd64", 15, &k, NULL), 0);
	cr_expect_not(vt_kversion_upstream(&k, VT_KPATCH_PROC_VERSION, gcc_only, strlen(gcc_only)));
	cr_expect_eq(k.code, VT_KERNEL_VERSION(5, 10, 0));
	cr_expect_not(vt_kversion_upstream(&k, VT_KPATCH_VERSION_SIGNATURE, "Ubuntu 5.10.0-1 5.10.x", 22));
	cr_expect_not(vt_kversion_upstream(&k, VT_KPATCH_VERSION_SIGNATURE, "", 0));
	cr_expect_not(vt_kversion_upstream(&k, VT_KPATCH_PROC_VERSION, " Debian 5.10.2234567890", 23));
	cr_expect_eq(k.patch_source, VT_KPATCH_RELEASE);
}
