/* libFuzzer target: vmtune's sysctl.d drop-in (apply --persist reads the
 * one on disk, which an admin may have edited, and merges into it).  What
 * parses must survive vmtune's own round trip: formatted and parsed again,
 * the same entries in the same order. */
#include "config.h"
#include "apply/persist.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vt_dropin a, b;
	char *cause = NULL, *text;

	memset(&a, 0, sizeof a);
	memset(&b, 0, sizeof b);
	if (vt_dropin_parse((const char *)data, size, "fuzz.conf", &a, &cause) != 0) {
		free(cause);
		vt_dropin_release(&a);
		return 0;
	}
	text = vt_dropin_format(&a, "fuzz", "2026-01-01 00:00 UTC", "6.1.0");
	if (vt_dropin_parse(text, strlen(text), "formatted", &b, &cause) != 0 || b.n != a.n)
		abort();
	for (size_t i = 0; i < a.n; i++)
		if (strcmp(a.items[i].key, b.items[i].key) != 0 || strcmp(a.items[i].value, b.items[i].value) != 0 ||
		    a.items[i].ignore_failure != b.items[i].ignore_failure)
			abort();
	free(text);
	vt_dropin_release(&a);
	vt_dropin_release(&b);
	return 0;
}
