/* libFuzzer target: node/cpu list and cpumask parsers, with a round trip:
 * whatever parses must format back to a list that parses to the same set. */
#include "config.h"
#include "core/strparse.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vt_idset a, b;
	char *text, *cause = NULL;

	vt_idset_init(&a);
	vt_idset_init(&b);
	if (vt_idset_parse((const char *)data, size, &a, &cause) == 0) {
		text = vt_idset_format(&a);
		if (vt_idset_parse(text, strlen(text), &b, NULL) != 0 || a.count != b.count ||
		    (a.count && memcmp(a.ids, b.ids, a.count * sizeof *a.ids) != 0))
			abort();
		free(text);
	}
	free(cause);
	cause = NULL;
	vt_idset_parse_mask((const char *)data, size, &a, &cause);
	free(cause);
	vt_idset_release(&a);
	vt_idset_release(&b);
	return 0;
}
