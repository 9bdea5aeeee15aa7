/* libFuzzer target: the sosreport parsers (sysctl -a, uname -a,
 * /proc/version) and the knob value parsers the fallback hands their
 * values to. */
#include "config.h"
#include "probe/sos.h"
#include "probe/sysctl.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *buf = (const char *)data;
	struct vt_sos_sysctls s;
	char host[256], rel[128], *cause = NULL;

	vt_sos_sysctls_init(&s);
	if (vt_sos_sysctl_parse(buf, size, &s, &cause) == 0) {
		for (size_t i = 0; i < s.count; i++) {
			int64_t one, vec[8];
			size_t n;
			char *why = NULL;

			/* Sorted, unique, and each name found again. */
			if (i > 0 && strcmp(s.v[i - 1].name, s.v[i].name) >= 0)
				abort();
			if (vt_sos_sysctl_get(&s, s.v[i].name) != &s.v[i])
				abort();
			vt_sysctl_value_i64(s.v[i].value, strlen(s.v[i].value), &one, &why);
			free(why);
			why = NULL;
			if (vt_sysctl_value_vec(s.v[i].value, strlen(s.v[i].value), vec, 8, &n, &why) == 0 && n > 8)
				abort();
			free(why);
		}
	}
	free(cause);
	cause = NULL;
	vt_sos_sysctls_release(&s);
	if (vt_sos_uname_parse(buf, size, host, sizeof host, rel, sizeof rel, &cause) == 0 &&
	    (strlen(rel) == 0 || strlen(host) == 0))
		abort();
	free(cause);
	cause = NULL;
	if (vt_proc_version_parse(buf, size, rel, sizeof rel, &cause) == 0 && strlen(rel) == 0)
		abort();
	free(cause);
	return 0;
}
