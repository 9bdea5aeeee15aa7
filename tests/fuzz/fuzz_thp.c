/* libFuzzer target: transparent_hugepage/enabled and hpage_pmd_size parsers. */
#include "config.h"
#include "probe/thp.h"

#include <stdint.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	enum vt_thp_mode mode;
	uint64_t v;
	char *cause = NULL;

	vt_thp_enabled_parse((const char *)data, size, &mode, &cause);
	free(cause);
	cause = NULL;
	vt_thp_pmd_size_parse((const char *)data, size, &v, &cause);
	free(cause);
	return 0;
}
