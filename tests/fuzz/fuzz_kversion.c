/* libFuzzer target: kernel release parser. */
#include "config.h"
#include "core/kversion.h"

#include <stdint.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vt_kversion v;
	char *cause = NULL;

	if (vt_kversion_parse((const char *)data, size, &v, &cause) == 0 &&
	    v.code != VT_KERNEL_VERSION(v.major, v.minor, v.patch))
		abort();
	free(cause);
	return 0;
}
