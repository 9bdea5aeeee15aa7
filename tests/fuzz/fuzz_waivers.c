/* libFuzzer target: the waiver file parser (/etc/vmtune/waivers, written by
 * hand).  Every waiver it keeps has an ID, a date that is empty or
 * YYYY-MM-DD, and strings within their buffers; every refusal says why. */
#include "config.h"
#include "advisor/advise.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vt_waivers w = { 0 };
	char *cause = NULL;

	if (vt_waivers_parse((const char *)data, size, &w, &cause) < 0) {
		if (cause == NULL)
			abort();
		free(cause);
	}
	for (size_t i = 0; i < w.count; i++) {
		const struct vt_waiver *v = &w.items[i];
		size_t e = strnlen(v->expires, sizeof v->expires);

		if (v->id[0] == '\0' || strnlen(v->id, sizeof v->id) == sizeof v->id ||
		    (e != 0 && e != 10) || strnlen(v->reason, sizeof v->reason) == sizeof v->reason)
			abort();
	}
	vt_waivers_release(&w);
	return 0;
}
