/* libFuzzer target: /proc/meminfo and nodeN/meminfo parser. */
#include "config.h"
#include "probe/meminfo.h"

#include <stdint.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vt_meminfo mi;
	char *cause = NULL;

	vt_meminfo_parse((const char *)data, size, &mi, &cause);
	free(cause);
	return 0;
}
