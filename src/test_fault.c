#include "config.h"
#include "test_fault.h"
#include "core/cause.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

/* "fail, mismatch, kill, stop" for the message. */
static void vt_test_fault_names(const char *const *actions, bool points, char *out, size_t size)
{
	size_t n = 0;

	out[0] = '\0';
	for (size_t i = 0; actions[i] != NULL; i++)
		n += (size_t)snprintf(out + n, n < size ? size - n : 0, "%s%s", i ? ", " : "", actions[i]);
	if (points)
		snprintf(out + n, n < size ? size - n : 0, "; or kill:journal, kill:dropin");
}

static bool vt_test_fault_known(const char *const *actions, const char *name)
{
	for (size_t i = 0; actions[i] != NULL; i++)
		if (strcmp(actions[i], name) == 0)
			return true;
	return false;
}

int vt_test_fault_parse(const char *spec, const char *const *actions, bool points,
			struct vt_test_fault *io, char **cause)
{
	const char *p = spec;
	char names[128];

	memset(io, 0, sizeof *io);
	vt_test_fault_names(actions, points, names, sizeof names);
	while (*p) {
		char action[16];
		unsigned at;
		int used = 0;

		if (points && (strncmp(p, "kill:journal", 12) == 0 || strncmp(p, "kill:dropin", 11) == 0)) {
			bool journal = p[5] == 'j';

			*(journal ? &io->kill_journaled : &io->kill_persisted) = true;
			p += journal ? 12 : 11;
		} else if (io->n == sizeof io->f / sizeof io->f[0] ||
			   sscanf(p, "%15[a-z]:%u%n", action, &at, &used) != 2 || at == 0 ||
			   !vt_test_fault_known(actions, action)) {
			return vt_cause_set(cause, -EINVAL, "VMTUNE_TEST_FAULT: '%s' is not ACTION:K[,ACTION:K]... "
					    "(%s)", spec, names);
		} else {
			io->f[io->n].action = action[0];
			io->f[io->n++].at = at;
			p += used;
		}
		if (*p == ',')
			p++;
		else if (*p)
			return vt_cause_set(cause, -EINVAL, "VMTUNE_TEST_FAULT: '%s': expected ','", spec);
	}
	return 0;
}

char vt_test_fault_next(struct vt_test_fault *io, unsigned *k)
{
	*k = ++io->count;
	for (size_t i = 0; i < io->n; i++)
		if (io->f[i].at == *k)
			return io->f[i].action;
	return 0;
}
