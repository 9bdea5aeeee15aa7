/* libFuzzer target: PSI pressure file parser, and the `vmtune record`
 * line parser (JSON from a user's file, rebuilt into vmstat text). */
#include "config.h"
#include "probe/psi.h"
#include "probe/record.h"

#include <stdint.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vt_record_header header;
	enum vt_record_line kind;
	struct vt_sample sample;
	struct vt_buf scratch;
	struct vt_psi psi;
	char *cause = NULL;

	if (vt_psi_parse((const char *)data, size, &psi, &cause) == 0) {
		if (!psi.some.present || psi.some.avg10 < 0 || psi.some.avg10 > 100)
			abort();
	}
	free(cause);
	cause = NULL;
	vt_sample_init(&sample);
	vt_buf_init(&scratch);
	vt_record_parse_line((const char *)data, size, &kind, &header, &sample, &scratch, &cause);
	free(cause);
	vt_buf_release(&scratch);
	vt_sample_release(&sample);
	return 0;
}
