/* libFuzzer target: apply's journal parser (rollback trusts what it reads
 * from /var/lib/vmtune/journal).  A document it accepts must format back
 * to a document it accepts again, with the same text the second time. */
#include "config.h"
#include "apply/journal.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vt_journal j, again;
	char *cause = NULL, *text, *text2;

	if (vt_journal_parse((const char *)data, size, "fuzz", &j, &cause) < 0) {
		if (cause == NULL)
			abort();        /* every refusal says why */
		free(cause);
		vt_journal_release(&j);
		return 0;
	}
	text = vt_journal_format(&j);
	if (text == NULL || vt_journal_parse(text, strlen(text), "fuzz", &again, &cause) < 0)
		abort();
	text2 = vt_journal_format(&again);
	if (text2 == NULL || strcmp(text, text2) != 0)
		abort();
	free(text);
	free(text2);
	vt_journal_release(&again);
	vt_journal_release(&j);
	return 0;
}
