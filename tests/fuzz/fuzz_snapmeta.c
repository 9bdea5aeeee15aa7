/* libFuzzer target: vmtune-snapshot.json reader (a snapshot may come from
 * anywhere: it is untrusted input). */
#include "config.h"
#include "probe/snapshot.h"

#include <stdint.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vt_snapshot_meta meta;
	char *cause = NULL;

	vt_snapshot_meta_parse((const char *)data, size, &meta, &cause);
	free(cause);
	return 0;
}
