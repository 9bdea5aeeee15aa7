/* vt-sysctl: test tool for the QEMU guests (like git's test-tool).  It
 * reaches the guest's real /proc/sys through the same root handle and sysctl
 * layer that vmtune uses, so the guest tests exercise vmtune's own write and
 * read-back path on a real kernel rather than a shell `echo`.
 *
 *   vt-sysctl [--root DIR] get NAME        prints the integer value
 *   vt-sysctl [--root DIR] set NAME VALUE  writes VALUE, then reads it back
 *
 * Exit codes follow vmtune: 0 ok, 1 runtime error, 2 usage. */
#include "config.h"
#include "core/rootfs.h"
#include "probe/sysctl.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int usage(void)
{
	fprintf(stderr, "usage: vt-sysctl [--root DIR] get NAME\n"
			"       vt-sysctl [--root DIR] set NAME VALUE\n");
	return 2;
}

static int fail(char *cause)
{
	fprintf(stderr, "vt-sysctl: error: %s\n", cause);
	free(cause);
	return 1;
}

int main(int argc, char **argv)
{
	const char *root_path = NULL;
	struct vt_root root;
	char *cause = NULL;
	int64_t value;
	int i = 1, code = 0;

	if (argc > 2 && strcmp(argv[1], "--root") == 0) {
		root_path = argv[2];
		i = 3;
	}
	if (argc - i < 2)
		return usage();
	if (vt_root_open(&root, root_path, &cause) < 0)
		return fail(cause);
	if (strcmp(argv[i], "get") == 0 && argc - i == 2) {
		if (vt_sysctl_read_i64(&root, argv[i + 1], &value, &cause) < 0)
			code = fail(cause);
		else
			printf("%" PRId64 "\n", value);
	} else if (strcmp(argv[i], "set") == 0 && argc - i == 3) {
		if (vt_sysctl_write(&root, argv[i + 1], argv[i + 2], &cause) < 0 ||
		    vt_sysctl_read_i64(&root, argv[i + 1], &value, &cause) < 0)
			code = fail(cause);
		else
			printf("%s = %" PRId64 "\n", argv[i + 1], value);
	} else {
		code = usage();
	}
	vt_root_release(&root);
	if (fflush(stdout) != 0 && code == 0)
		code = 1;
	return code;
}
