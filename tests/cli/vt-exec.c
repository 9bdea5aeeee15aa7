/* Runs a program the way the tests need to see vmtune run on other systems:
 *   vt-exec [--no-openat2] [--pending-term] PROGRAM [ARG...]
 * --no-openat2   a seccomp filter makes openat2(2) fail with ENOSYS, as on
 *                kernels before 5.6 and under container profiles older than
 *                it, so vmtune takes its portable path walk;
 * --pending-term SIGTERM is raised while blocked, so the program starts with
 *                a stop signal already pending (its handler must see it at
 *                once, before any work). */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifndef SYS_openat2
#define SYS_openat2 437
#endif

static int deny_openat2(void)
{
	/* The architecture is not checked: the tests run the native binary. */
	struct sock_filter filter[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_openat2, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | (ENOSYS & SECCOMP_RET_DATA)),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_fprog prog = { .len = sizeof filter / sizeof filter[0], .filter = filter };

	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		return -1;
	return prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog);
}

int main(int argc, char **argv)
{
	int i = 1;
	sigset_t term;

	for (; i < argc && strncmp(argv[i], "--", 2) == 0; i++) {
		if (strcmp(argv[i], "--no-openat2") == 0) {
			if (deny_openat2() < 0) {
				perror("vt-exec: seccomp");
				return 125;
			}
		} else if (strcmp(argv[i], "--pending-term") == 0) {
			sigemptyset(&term);
			sigaddset(&term, SIGTERM);
			sigprocmask(SIG_BLOCK, &term, NULL);
			raise(SIGTERM);
		} else {
			fprintf(stderr, "vt-exec: unknown option '%s'\n", argv[i]);
			return 125;
		}
	}
	if (i >= argc) {
		fputs("usage: vt-exec [--no-openat2] [--pending-term] PROGRAM [ARG...]\n", stderr);
		return 125;
	}
	execvp(argv[i], argv + i);
	perror("vt-exec: exec");
	return 126;
}
