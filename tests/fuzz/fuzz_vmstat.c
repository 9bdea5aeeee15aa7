/* libFuzzer target: /proc/vmstat and nodeN/vmstat, nodeN/numastat and
 * /proc/uptime parsers (the sampler's pure parsers). */
#include "config.h"
#include "probe/numastat.h"
#include "probe/sample.h"
#include "probe/vmstat.h"

#include <stdint.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vt_vmstat vm;
	struct vt_numastat ns;
	uint64_t ns_time;
	char *cause = NULL;

	if (vt_vmstat_parse((const char *)data, size, &vm, &cause) == 0) {
		/* Normalised totals only appear with what they are made of. */
		if ((vm.flags & VT_VMSTAT_PERZONE_RECLAIM) && !vt_vmstat_has(&vm, VT_VM_PGSCAN_KSWAPD) &&
		    !vt_vmstat_has(&vm, VT_VM_PGSCAN_DIRECT) && !vt_vmstat_has(&vm, VT_VM_PGSTEAL_KSWAPD) &&
		    !vt_vmstat_has(&vm, VT_VM_PGSTEAL_DIRECT))
			abort();
		if (vm.nlines == 0)
			abort();
	}
	free(cause);
	cause = NULL;
	vt_numastat_parse((const char *)data, size, &ns, &cause);
	free(cause);
	cause = NULL;
	vt_uptime_parse((const char *)data, size, &ns_time, &cause);
	free(cause);
	return 0;
}
