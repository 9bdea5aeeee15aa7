/* The test hook VMTUNE_TEST_FAULT that apply, rollback and protect read
 * (never set it on a real machine; ignored when setuid): a comma-separated
 * list of ACTION:K acting on the K-th write of the process (restores count
 * too), and the named points of apply's transaction, kill:journal and
 * kill:dropin.  Each command says which actions it takes. */
#ifndef VT_SRC_TEST_FAULT_H
#define VT_SRC_TEST_FAULT_H

#include <stdbool.h>
#include <stddef.h>

struct vt_test_fault {
	struct { char action; unsigned at; } f[16];
	size_t n;
	unsigned count;                 /* writes so far */
	bool kill_journaled, kill_persisted;
};

/* `actions`: the action names the command takes ("fail", "mismatch",
 * "kill", "stop"), NULL-terminated; `points`: whether kill:journal and
 * kill:dropin are taken.  0, or -EINVAL with a message. */
int vt_test_fault_parse(const char *spec, const char *const *actions, bool points,
			struct vt_test_fault *io, char **cause);

/* Counts one write; returns the action for it (its first letter) or 0,
 * and its number in *k. */
char vt_test_fault_next(struct vt_test_fault *io, unsigned *k);

#endif
