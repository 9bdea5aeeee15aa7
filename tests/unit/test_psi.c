#include "config.h"
#include "probe/psi.h"
#include "helpers.h"

#include <criterion/criterion.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

Test(psi, memory_file)
{
	static const char text[] =
		"some avg10=12.34 avg60=5.00 avg300=0.07 total=123456789\n"
		"full avg10=0.50 avg60=0.00 avg300=100.00 total=42\n";
	struct vt_psi psi;

	cr_assert_eq(vt_psi_parse(text, sizeof text - 1, &psi, NULL), 0);
	cr_expect(psi.some.present && psi.full.present);
	cr_expect_float_eq(psi.some.avg10, 12.34, 1e-9);
	cr_expect_float_eq(psi.some.avg300, 0.07, 1e-9);
	cr_expect_eq(psi.some.total_us, 123456789);
	cr_expect_float_eq(psi.full.avg300, 100.0, 1e-9);
	cr_expect_eq(psi.full.total_us, 42);
}

Test(psi, cpu_file_of_old_kernels_has_no_full_line)
{
	static const char text[] = "some avg10=0.00 avg60=0.00 avg300=0.00 total=0\n";
	struct vt_psi psi;

	cr_assert_eq(vt_psi_parse(text, sizeof text - 1, &psi, NULL), 0);
	cr_expect(psi.some.present);
	cr_expect_not(psi.full.present, "absent, not zero");
}

Test(psi, field_order_and_unknown_fields)
{
	static const char text[] = "some total=5 avg300=1 avg60=2.5 avg10=3.25 avg1=9\nwhat ever\n";
	struct vt_psi psi;

	cr_assert_eq(vt_psi_parse(text, sizeof text - 1, &psi, NULL), 0);
	cr_expect_float_eq(psi.some.avg10, 3.25, 1e-9);
	cr_expect_eq(psi.some.total_us, 5);
}

Test(psi, malformed_inputs_are_errors)
{
	static const char *const bad[] = {
		"",
		"full avg10=0.00 avg60=0.00 avg300=0.00 total=0\n",
		"some avg10=0.00 avg60=0.00 avg300=0.00\n",
		"some avg10=0.00 avg60=0.00 total=0\n",
		"some avg10=abc avg60=0.00 avg300=0.00 total=0\n",
		"some avg10=1e2 avg60=0.00 avg300=0.00 total=0\n",
		"some avg10=100.01 avg60=0.00 avg300=0.00 total=0\n",
		"some avg10=-1 avg60=0.00 avg300=0.00 total=0\n",
		"some avg10=1. avg60=0.00 avg300=0.00 total=0\n",
		"some avg10=0.00 avg60=0.00 avg300=0.00 total=-5\n",
		"some avg10=0.00 avg60=0.00 avg300=0.00 total=9223372036854775808\n",    /* above INT64_MAX */
		"some avg10=0.00 avg60=0.00 avg300=0.00 total=0 junk\n",
		"some avg10=0.00 avg60=0.00 avg300=0.00 total=0\nsome avg10=0.00 avg60=0.00 avg300=0.00 total=0\n",
		"some avg10=0.00 avg60=0.00 avg300=0.00 avg10=99.00 total=0\n",
		"some avg10=0.00 avg60=0.00 avg300=0.00 total=0 total=5\n",
	};

	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct vt_psi psi;
		char *cause = NULL;

		cr_expect_lt(vt_psi_parse(bad[i], strlen(bad[i]), &psi, &cause), 0, "accepted '%s'", bad[i]);
		cr_expect_not_null(cause);
		free(cause);
	}
}

Test(psi, error_names_line_and_field)
{
	static const char text[] = "some avg10=0.00 avg60=0.00 avg300=0.00 total=0\nfull avg10=0.00 avg60=x avg300=0.00 total=0\n";
	struct vt_psi psi;
	char *cause = NULL;

	cr_assert_eq(vt_psi_parse(text, sizeof text - 1, &psi, &cause), -EINVAL);
	cr_expect(strstr(cause, "line 2") && strstr(cause, "full") && strstr(cause, "avg60"), "%s", cause);
	free(cause);
}

Test(psi, read_through_root)
{
	char *dir = vt_test_fixture("host-6.18-uma");
	struct vt_root root;
	struct vt_buf buf;
	struct vt_psi psi;
	char *cause = NULL;

	cr_assert_eq(vt_root_open(&root, dir, NULL), 0);
	vt_buf_init(&buf);
	cr_expect_eq(vt_psi_read(&root, "proc/pressure/memory", &buf, &psi, NULL), 0);
	cr_expect(psi.full.present);
	cr_expect_eq(vt_psi_read(&root, "proc/pressure/nothing", &buf, &psi, &cause), -ENOENT);
	free(cause);
	vt_buf_release(&buf);
	vt_root_release(&root);
	free(dir);
}
