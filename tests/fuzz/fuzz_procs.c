/* libFuzzer target: the /proc/PID parsers of `vmtune oom` (status, stat,
 * cgroup, the one-number files). */
#include "config.h"
#include "probe/procs.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *buf = (const char *)data;
	struct vt_proc_status st;
	struct vt_proc_stat ps;
	char v2[512], v1[512], *cause = NULL;
	int64_t n;

	if (vt_status_parse(buf, size, &st, &cause) == 0) {
		/* The name is always a terminated string of the buffer's bytes. */
		if (strlen(st.name) >= sizeof st.name)
			abort();
	}
	free(cause);
	cause = NULL;
	vt_pstat_parse(buf, size, &ps, &cause);
	free(cause);
	cause = NULL;
	if (vt_pcgroup_parse(buf, size, v2, sizeof v2, v1, sizeof v1, &cause) == 0) {
		/* A path kept is absolute and never climbs out. */
		if ((v2[0] && v2[0] != '/') || strstr(v2, "/../") || (v1[0] && v1[0] != '/'))
			abort();
	}
	free(cause);
	cause = NULL;
	if (vt_proc_number_parse(buf, size, -1000, 1000, &n, &cause) == 0 && (n < -1000 || n > 1000))
		abort();
	free(cause);
	return 0;
}
