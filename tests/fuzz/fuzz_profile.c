/* libFuzzer target: the profile loader (a profile may come from a local
 * file anyone with write access to /etc/vmtune/profiles made), including
 * the walk that places semantic errors at their line and column. */
#include "config.h"
#include "advisor/profile.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vt_profile p;
	char *cause = NULL;

	if (vt_profile_parse((const char *)data, size, "f.json", &p, &cause) == 0) {
		if (p.nsettings > vt_knob_count)
			abort();
		for (size_t i = 1; i < p.nsettings; i++)
			if (p.settings[i - 1].knob >= p.settings[i].knob)
				abort();	/* knob table order, each once */
		vt_profile_release(&p);
	} else if (cause == NULL || strncmp(cause, "f.json: ", 8) != 0) {
		abort();	/* every error names the file */
	}
	free(cause);
	return 0;
}
