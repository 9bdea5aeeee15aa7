/* sosreport fallbacks (probe/sos.h and the state collector): the parsers of
 * sysctl -a, uname -a and /proc/version, and that a knob or the release is
 * taken from a sosreport's command output only when its own file is absent. */
#include "config.h"
#include "probe/sos.h"
#include "probe/state.h"
#include "probe/system.h"
#include "helpers.h"

#include <criterion/criterion.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* dir/rel, in one of two buffers (rename takes two at once). */
static const char *vt_test_path(const char *dir, const char *rel)
{
	static char buf[2][4096];
	static int n;

	n ^= 1;
	snprintf(buf[n], sizeof buf[n], "%s/%s", dir, rel);
	return buf[n];
}

#define PARSE(text, out, cause) vt_sos_sysctl_parse(text, strlen(text), out, cause)

Test(sos, sysctl_lines_unknown_keys_and_noise)
{
	/* As sos stores it: stderr merged in, a multi-line value repeating its
	 * key, tabs between the values of a vector, '=' inside a value. */
	static const char text[] =
		"abi.vsyscall32 = 1\n"
		"dev.cdrom.info = CD-ROM information, Id: cdrom.c 3.20 2003/12/17\n"
		"dev.cdrom.info = \n"
		"sysctl: permission denied on key 'fs.protected_regular'\n"
		"kernel.osrelease = 6.1.0-57-amd64\n"
		"vm.lowmem_reserve_ratio = 256\t256\t32\t0\t0\n"
		"vm.swappiness = 60\n"
		"vm.swappiness = 10\n"
		"vm.stat_refresh = \n"
		"kernel.modprobe = /sbin/modprobe\n"
		"kernel.x = a = b \r\n"
		"vm.bad key = 3\n";
	struct vt_sos_sysctls s;
	const struct vt_sos_sysctl *v;
	char *cause = NULL;

	vt_sos_sysctls_init(&s);
	cr_assert_eq(PARSE(text, &s, &cause), 0, "%s", cause);
	cr_expect_eq(s.count, 6, "vm. and kernel. keys, once each: %zu", s.count);
	cr_expect_null(vt_sos_sysctl_get(&s, "abi.vsyscall32"), "other namespaces are ignored");
	cr_expect_null(vt_sos_sysctl_get(&s, "dev.cdrom.info"));
	cr_expect_null(vt_sos_sysctl_get(&s, "vm.bad key"));
	cr_expect_null(vt_sos_sysctl_get(&s, "vm.nosuch"));
	v = vt_sos_sysctl_get(&s, "vm.swappiness");
	cr_assert_not_null(v);
	cr_expect_str_eq(v->value, "60", "the first line of a key wins");
	cr_expect_eq(v->line, 7);
	cr_expect_str_eq(vt_sos_sysctl_get(&s, "vm.lowmem_reserve_ratio")->value, "256\t256\t32\t0\t0");
	cr_expect_str_eq(vt_sos_sysctl_get(&s, "kernel.osrelease")->value, "6.1.0-57-amd64");
	cr_expect_str_eq(vt_sos_sysctl_get(&s, "vm.stat_refresh")->value, "");
	cr_expect_str_eq(vt_sos_sysctl_get(&s, "kernel.x")->value, "a = b", "trailing blanks and CR go");
	vt_sos_sysctls_release(&s);
	cr_expect_eq(s.count, 0);
}

Test(sos, not_sysctl_output_is_an_error)
{
	struct vt_sos_sysctls s;
	char *cause = NULL;

	vt_sos_sysctls_init(&s);
	cr_expect_eq(PARSE("", &s, &cause), -EINVAL);
	cr_assert_not_null(cause);
	cr_expect(strstr(cause, "not the output of sysctl -a") != NULL, "%s", cause);
	free(cause);
	cause = NULL;
	cr_expect_eq(PARSE("sysctl: permission denied\nvm.swappiness=60\n", &s, &cause), -EINVAL);
	free(cause);
	cause = NULL;
	/* Well-formed, but nothing vmtune reads: not an error, nothing kept. */
	cr_expect_eq(PARSE("net.core.somaxconn = 4096\n", &s, &cause), 0);
	cr_expect_eq(s.count, 0);
	vt_sos_sysctls_release(&s);
}

Test(sos, uname_fields)
{
	static const char line[] = "Linux vm 6.18.44-fc-v1147 #1 SMP PREEMPT_DYNAMIC @0 x86_64 GNU/Linux\n";
	char host[64], rel[128], small[4], *cause = NULL;

	cr_assert_eq(vt_sos_uname_parse(line, strlen(line), host, sizeof host, rel, sizeof rel, &cause), 0,
		     "%s", cause);
	cr_expect_str_eq(host, "vm");
	cr_expect_str_eq(rel, "6.18.44-fc-v1147");
	cr_expect_eq(vt_sos_uname_parse("Linux vm\n6.1.0 x\n", 17, host, sizeof host, rel, sizeof rel, &cause),
		     -EINVAL, "the release is on the first line");
	cr_expect(strstr(cause, "expected 'SYSNAME NODENAME RELEASE ...'") != NULL, "%s", cause);
	free(cause);
	cause = NULL;
	cr_expect_eq(vt_sos_uname_parse(line, strlen(line), host, sizeof host, small, sizeof small, &cause),
		     -EINVAL, "a release longer than the buffer is refused, not cut");
	free(cause);
}

Test(sos, proc_version)
{
	static const char banner[] = "Linux version 6.1.0-57-amd64 (debian-kernel@lists.debian.org) "
				     "(gcc-12 (Debian 12.2.0-14) 12.2.0) #1 SMP PREEMPT_DYNAMIC Debian 6.1.158-1\n";
	char rel[128], *cause = NULL;

	cr_assert_eq(vt_proc_version_parse(banner, strlen(banner), rel, sizeof rel, &cause), 0, "%s", cause);
	cr_expect_str_eq(rel, "6.1.0-57-amd64");
	cr_expect_eq(vt_proc_version_parse("Linux version \n", 15, rel, sizeof rel, &cause), -EINVAL);
	free(cause);
	cause = NULL;
	cr_expect_eq(vt_proc_version_parse("FreeBSD 14.0\n", 13, rel, sizeof rel, &cause), -EINVAL);
	cr_expect(strstr(cause, "expected 'Linux version RELEASE ...', found 'FreeBSD 14.0'") != NULL, "%s", cause);
	free(cause);
}

/* A sosreport-shaped tree: no proc/sys/vm, no osrelease. */
static char *make_sos(void)
{
	char *dir = vt_test_mkdtemp();

	vt_test_write(dir, "sos_commands/kernel/uname_-a", "Linux box 6.1.0-57-amd64 #1 SMP x86_64 GNU/Linux\n");
	vt_test_write(dir, "sos_commands/kernel/sysctl_-a",
		      "kernel.hostname = box\nkernel.osrelease = 6.1.0-57-amd64\n"
		      "vm.lowmem_reserve_ratio = 256\t256\t32\t0\t0\nvm.min_free_kbytes = 45056\n"
		      "vm.swappiness = 30\nvm.watermark_scale_factor = lots\n");
	return dir;
}

static int collect(const char *dir, unsigned wanted, struct vt_state *st, char **cause)
{
	struct vt_root root;
	int err;

	cr_assert_eq(vt_root_open(&root, dir, NULL), 0);
	vt_state_init(st);
	vt_state_want_sysctl(st, "vm.swappiness");
	vt_state_want_sysctl(st, "vm.min_free_kbytes");
	vt_state_want_sysctl(st, "vm.zone_reclaim_mode");
	err = vt_state_collect(&root, wanted, st, cause);
	st->root = NULL;
	vt_root_release(&root);
	return err;
}

Test(sos, knobs_and_release_from_the_report)
{
	char *dir = make_sos(), *cause = NULL;
	struct vt_state st;
	const struct vt_state_sysctl *k;

	cr_assert_eq(collect(dir, VT_STATE_SYSTEM | VT_STATE_SYSCTL | VT_STATE_LOWMEM, &st, &cause), 0, "%s", cause);
	cr_expect_str_eq(st.system.kernel.release, "6.1.0-57-amd64");
	cr_expect_str_eq(st.system.release_from, VT_SOS_UNAME_PATH);
	cr_expect_str_eq(st.system.hostname, "box");
	k = vt_state_sysctl(&st, "vm.swappiness");
	cr_expect_eq(k->src.avail, VT_AVAIL_PRESENT);
	cr_expect_eq(k->value, 30);
	cr_expect_str_eq(k->from, VT_SOS_SYSCTL_PATH);
	cr_expect_eq(vt_state_sysctl(&st, "vm.min_free_kbytes")->value, 45056);
	/* Not in the report: absent, saying so, not an error. */
	k = vt_state_sysctl(&st, "vm.zone_reclaim_mode");
	cr_expect_eq(k->src.avail, VT_AVAIL_ABSENT);
	cr_expect(strstr(k->src.reason, "not in ") != NULL, "%s", k->src.reason);
	cr_expect_eq(st.nlowmem, 5);
	cr_expect_eq(st.lowmem_reserve_ratio[2], 32);
	cr_expect_str_eq(vt_state_sysctls_from(&st), VT_SOS_SYSCTL_PATH);
	vt_state_release(&st);

	/* Without uname_-a, the release and host name from sysctl_-a. */
	cr_assert_eq(unlink(vt_test_path(dir, "sos_commands/kernel/uname_-a")), 0);
	cr_assert_eq(collect(dir, VT_STATE_SYSTEM, &st, &cause), 0, "%s", cause);
	cr_expect_str_eq(st.system.release_from, VT_SOS_SYSCTL_PATH);
	cr_expect_str_eq(st.system.hostname, "box");
	vt_state_release(&st);
	vt_test_rmtree(dir);
	free(dir);
}

Test(sos, a_malformed_value_is_an_error_naming_file_line_and_key)
{
	char *dir = make_sos(), *cause = NULL;
	struct vt_state st;
	struct vt_root root;

	cr_assert_eq(vt_root_open(&root, dir, NULL), 0);
	vt_state_init(&st);
	vt_state_want_sysctl(&st, "vm.watermark_scale_factor");
	cr_expect_lt(vt_state_collect(&root, VT_STATE_SYSCTL, &st, &cause), 0);
	cr_assert_not_null(cause);
	cr_expect(strstr(cause, "sos_commands/kernel/sysctl_-a: line 6: vm.watermark_scale_factor: ") != NULL,
		  "%s", cause);
	free(cause);
	vt_state_release(&st);
	vt_root_release(&root);
	vt_test_rmtree(dir);
	free(dir);
}

Test(sos, only_an_absent_file_falls_back)
{
	char *dir = make_sos(), *cause = NULL;
	struct vt_state st;

	/* The file is there: its value, not the report's. */
	vt_test_write(dir, "proc/sys/vm/swappiness", "100\n");
	cr_assert_eq(collect(dir, VT_STATE_SYSCTL, &st, &cause), 0, "%s", cause);
	cr_expect_eq(vt_state_sysctl(&st, "vm.swappiness")->value, 100);
	cr_expect_null(vt_state_sysctl(&st, "vm.swappiness")->from);
	cr_expect_str_eq(vt_state_sysctl(&st, "vm.min_free_kbytes")->from, VT_SOS_SYSCTL_PATH);
	vt_state_release(&st);

	/* Malformed: an error, never the report's value instead. */
	vt_test_write(dir, "proc/sys/vm/swappiness", "sixty\n");
	cr_expect_lt(collect(dir, VT_STATE_SYSCTL, &st, &cause), 0);
	cr_expect(strstr(cause, "proc/sys/vm/swappiness") != NULL, "%s", cause);
	free(cause);
	cause = NULL;
	vt_state_release(&st);

	/* Unreadable (a directory where the file should be): an error too. */
	unlink(vt_test_path(dir, "proc/sys/vm/swappiness"));
	cr_assert_eq(mkdir(vt_test_path(dir, "proc/sys/vm/swappiness"), 0755), 0);
	cr_expect_lt(collect(dir, VT_STATE_SYSCTL, &st, &cause), 0);
	free(cause);
	cause = NULL;
	vt_state_release(&st);

	/* osrelease there but malformed: no fallback to uname_-a. */
	vt_test_write(dir, "proc/sys/kernel/osrelease", "not a version\n");
	cr_expect_lt(collect(dir, VT_STATE_SYSTEM, &st, &cause), 0);
	cr_expect(strstr(cause, "proc/sys/kernel/osrelease: invalid kernel release") != NULL, "%s", cause);
	free(cause);
	vt_state_release(&st);
	vt_test_rmtree(dir);
	free(dir);
}

Test(sos, a_tree_that_is_no_sosreport_uses_neither)
{
	char *dir = make_sos(), *cause = NULL;
	struct vt_state st;

	/* Without sos_commands/ the root is a plain tree: the command output
	 * is not looked at, and the release comes from the kernel's banner. */
	vt_test_write(dir, "elsewhere/sysctl_-a", "vm.swappiness = 1\n");
	cr_assert_eq(rename(vt_test_path(dir, "sos_commands"), vt_test_path(dir, "not_sos")), 0);
	cr_expect_eq(collect(dir, VT_STATE_SYSTEM, &st, &cause), -ENOENT);
	cr_expect(strstr(cause, "proc/sys/kernel/osrelease': No such file or directory (nor proc/version") != NULL,
		  "%s", cause);
	free(cause);
	cause = NULL;
	vt_state_release(&st);
	vt_test_write(dir, "proc/version", "Linux version 6.12.117+deb12-amd64 (x) #1 SMP\n");
	cr_assert_eq(collect(dir, VT_STATE_SYSTEM | VT_STATE_SYSCTL, &st, &cause), 0, "%s", cause);
	cr_expect_str_eq(st.system.kernel.release, "6.12.117+deb12-amd64");
	cr_expect_str_eq(st.system.release_from, VT_PROC_VERSION_PATH);
	cr_expect_eq(vt_state_sysctl(&st, "vm.swappiness")->src.avail, VT_AVAIL_ABSENT);
	cr_expect_str_eq(vt_state_sysctl(&st, "vm.swappiness")->src.reason,
			 "cannot read 'vm.swappiness': not available on this kernel");
	vt_state_release(&st);
	vt_test_rmtree(dir);
	free(dir);
}
