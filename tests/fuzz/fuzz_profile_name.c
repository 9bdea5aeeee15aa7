/* libFuzzer target: the boot unit's /etc/vmtune/profile (apply
 * --profile-file), which the service reads as root at every boot.  A
 * success is one valid profile name; every error names the file. */
#include "config.h"
#include "advisor/profile.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char name[64], *cause = NULL;

	if (vt_profile_name_file_parse((const char *)data, size, "f", name, &cause) == 0) {
		if (cause != NULL || vt_profile_check_name(name, &cause) < 0)
			abort();
	} else if (cause == NULL || strncmp(cause, "f: ", 3) != 0 || name[0] != '\0') {
		abort();
	}
	free(cause);
	return 0;
}
