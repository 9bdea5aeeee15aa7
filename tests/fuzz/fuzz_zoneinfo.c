/* libFuzzer target: /proc/zoneinfo parser, and the watermark model on
 * whatever it accepts (the model must not crash on parsed garbage either). */
#include "config.h"
#include "core/kversion.h"
#include "model/watermarks.h"
#include "probe/zoneinfo.h"

#include <stdint.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const int64_t ratio[] = { 256, 256, 32, 0, 0, 0, 0, 0 };
	static const uint32_t kernels[] = {
		VT_KERNEL_VERSION(4, 4, 0), VT_KERNEL_VERSION(5, 10, 0), VT_KERNEL_VERSION(6, 1, 0),
		VT_KERNEL_VERSION(6, 18, 0),
	};
	struct vt_zoneinfo zi;
	char *cause = NULL;

	vt_zoneinfo_init(&zi);
	if (vt_zoneinfo_parse((const char *)data, size, &zi, &cause) == 0) {
		for (size_t k = 0; k < sizeof kernels / sizeof kernels[0]; k++) {
			struct vt_wm_inputs in = {
				.zi = &zi, .kernel = kernels[k], .page_shift = 12,
				.min_free_kbytes = 67584, .have_wsf = true, .watermark_scale_factor = 3000,
				.lowmem_reserve_ratio = ratio, .nratio = 8, .thp_enabled = 1,
				.whatif = true, .new_min_free_kbytes = 2147483647,
				.new_watermark_scale_factor = 1, .new_kernel = VT_KERNEL_VERSION(4, 4, 0),
			};
			struct vt_wm_report report;
			struct vt_wm_node_summary *s;
			size_t n;

			if (vt_wm_report_build(&in, &report, &cause) == 0)
				vt_wm_report_release(&report);
			if (vt_wm_summarize(&zi, &s, &n, NULL) == 0)
				free(s);
		}
	}
	vt_zoneinfo_release(&zi);
	free(cause);
	return 0;
}
