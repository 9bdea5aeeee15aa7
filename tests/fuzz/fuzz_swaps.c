/* libFuzzer target: the advisor's small kernel files -- /proc/swaps,
 * /proc/cgroups and zswap's parameters/enabled.  A parsed /proc/swaps must
 * add up: its devices are the zram ones plus the others. */
#include "config.h"
#include "probe/cgroups.h"
#include "probe/swaps.h"
#include "core/strparse.h"

#include <stdint.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *buf = (const char *)data;
	struct vt_swaps swaps;
	char *cause = NULL;
	int v;

	if (vt_swaps_parse(buf, size, &swaps, &cause) == 0) {
		if (swaps.devices != swaps.zram + swaps.disk || swaps.size_kb > VT_COUNT_MAX || swaps.used_kb > VT_COUNT_MAX)
			abort();
	}
	free(cause);
	cause = NULL;
	if (vt_cgroups_parse(buf, size, &v, &cause) == 0 && v != 0 && v != 1)
		abort();
	free(cause);
	cause = NULL;
	if (vt_zswap_enabled_parse(buf, size, &v, &cause) == 0 && v != 0 && v != 1)
		abort();
	free(cause);
	return 0;
}
