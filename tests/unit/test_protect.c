#include "config.h"
#include "apply/protect.h"
#include "helpers.h"

#include <criterion/criterion.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A temporary tree with processes 10, 11, 12 (never this machine's /proc). */
static char *make_tree(void)
{
	char *dir = vt_test_mkdtemp();

	vt_test_write(dir, "proc/10/status", "Name:\tdb\nVmRSS:\t4 kB\n");
	vt_test_write(dir, "proc/10/oom_score_adj", "0\n");
	vt_test_write(dir, "proc/11/status", "Name:\tdb\nVmRSS:\t4 kB\n");
	vt_test_write(dir, "proc/11/oom_score_adj", "-100\n");
	vt_test_write(dir, "proc/12/status", "Name:\tweb\nVmRSS:\t4 kB\n");
	vt_test_write(dir, "proc/12/oom_score_adj", "200\n");
	return dir;
}

static char *adj_of(const char *dir, int pid)
{
	char path[512];

	snprintf(path, sizeof path, "%s/proc/%d/oom_score_adj", dir, pid);
	return vt_test_slurp(path, NULL);
}

Test(protect, adj_range_and_force)
{
	char *cause = NULL;

	cr_expect_eq(vt_protect_check_adj(1001, true, NULL), -ERANGE);
	cr_expect_eq(vt_protect_check_adj(-1001, true, NULL), -ERANGE);
	cr_expect_eq(vt_protect_check_adj(-1000, false, &cause), -EPERM);
	cr_expect_not_null(strstr(cause, "next-worst"), "%s", cause);
	free(cause);
	cr_expect_eq(vt_protect_check_adj(-1000, true, NULL), 0);
	cr_expect_eq(vt_protect_check_adj(-999, false, NULL), 0);
}

Test(protect, writes_and_reads_back)
{
	char *dir = make_tree(), *v;
	struct vt_protect_plan p;
	struct vt_root root;

	cr_assert_eq(vt_root_open(&root, dir, NULL), 0);
	vt_protect_plan_init(&p, -100);
	cr_assert_eq(vt_protect_plan_add_pid(&root, &p, 10, NULL), 0);
	cr_assert_eq(vt_protect_plan_add_pid(&root, &p, 11, NULL), 0);
	cr_assert_eq(vt_protect_plan_add_pid(&root, &p, 10, NULL), 0, "twice is once");
	cr_assert_eq(p.n, 2);
	cr_expect_eq(p.items[1].status, VT_APPLY_UNCHANGED);
	cr_expect_eq(vt_protect_plan_changes(&p), 1);
	cr_assert_eq(vt_protect_commit(&root, &p, NULL, NULL), 0);
	cr_expect_eq(p.items[0].status, VT_APPLY_APPLIED);
	v = adj_of(dir, 10);
	cr_expect_str_eq(v, "-100\n");
	free(v);
	vt_protect_plan_release(&p);
	vt_root_release(&root);
	vt_test_rmtree(dir);
	free(dir);
}

Test(protect, missing_pid_and_names)
{
	char *dir = make_tree(), *cause = NULL;
	struct vt_protect_plan p;
	struct vt_root root;
	size_t matched;

	cr_assert_eq(vt_root_open(&root, dir, NULL), 0);
	vt_protect_plan_init(&p, 5);
	cr_expect_eq(vt_protect_plan_add_pid(&root, &p, 99, &cause), -ESRCH);
	cr_expect_str_eq(cause, "no process 99");
	free(cause);
	cr_assert_eq(vt_protect_plan_add_name(&root, &p, "db", &matched, NULL), 0);
	cr_expect_eq(matched, 2);
	cr_assert_eq(vt_protect_plan_add_name(&root, &p, "d", &matched, NULL), 0);
	cr_expect_eq(matched, 0, "exact comm only");
	vt_protect_plan_release(&p);
	vt_root_release(&root);
	vt_test_rmtree(dir);
	free(dir);
}

/* Fails the second write: the first is put back. */
static int fail_second(void *ctx, const struct vt_root *root, const char *rel, const char *value, char **cause)
{
	int *n = ctx;

	if (++*n == 2)
		return -EIO;
	return vt_root_write(root, rel, value, strlen(value), cause);
}

Test(protect, a_failure_restores_what_was_written)
{
	char *dir = make_tree(), *v, *cause = NULL;
	struct vt_protect_plan p;
	struct vt_root root;
	int n = 0;
	struct vt_protect_io io = { fail_second, &n };

	cr_assert_eq(vt_root_open(&root, dir, NULL), 0);
	vt_protect_plan_init(&p, 700);
	cr_assert_eq(vt_protect_plan_add_pid(&root, &p, 10, NULL), 0);
	cr_assert_eq(vt_protect_plan_add_pid(&root, &p, 11, NULL), 0);
	cr_assert_eq(vt_protect_plan_add_pid(&root, &p, 12, NULL), 0);
	cr_expect_eq(vt_protect_commit(&root, &p, &io, &cause), -EIO);
	free(cause);
	cr_expect_eq(p.items[0].status, VT_APPLY_RESTORED);
	cr_expect_eq(p.items[1].status, VT_APPLY_FAILED);
	cr_expect_eq(p.items[2].status, VT_APPLY_NOT_WRITTEN);
	v = adj_of(dir, 10);
	cr_expect_str_eq(v, "0\n");
	free(v);
	v = adj_of(dir, 12);
	cr_expect_str_eq(v, "200\n");
	free(v);
	vt_protect_plan_release(&p);
	vt_root_release(&root);
	vt_test_rmtree(dir);
	free(dir);
}

Test(protect, unit_names_and_the_dropin)
{
	char unit[256], path[400], *d;

	cr_assert_eq(vt_protect_unit_name("postgresql", unit, sizeof unit, NULL), 0);
	cr_expect_str_eq(unit, "postgresql.service");
	cr_assert_eq(vt_protect_unit_name("getty@tty1.service", unit, sizeof unit, NULL), 0);
	cr_expect_str_eq(unit, "getty@tty1.service");
	cr_expect_eq(vt_protect_unit_name("../x", unit, sizeof unit, NULL), -EINVAL);
	cr_expect_eq(vt_protect_unit_name("a/b", unit, sizeof unit, NULL), -EINVAL);
	cr_expect_eq(vt_protect_unit_name("user.slice", unit, sizeof unit, NULL), -EINVAL);
	vt_protect_dropin_path("db.service", path, sizeof path);
	cr_expect_str_eq(path, "etc/systemd/system/db.service.d/50-vmtune-oom.conf");
	d = vt_protect_dropin("db.service", -1000, true);
	cr_expect_not_null(strstr(d, "[Service]\nOOMScoreAdjust=-1000\n"));
	cr_expect_not_null(strstr(d, "ManagedOOMPreference=omit\n"));
	free(d);
	d = vt_protect_dropin("db.service", -5, false);
	cr_expect_null(strstr(d, "ManagedOOMPreference"), "no systemd-oomd");
	free(d);
	d = vt_protect_dropin("db.service", 5, true);
	cr_expect_null(strstr(d, "ManagedOOMPreference"), "a positive adj asks nothing of it");
	free(d);
}
