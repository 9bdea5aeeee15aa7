/* libFuzzer target: what top does with one frame's files.  The input is a
 * zoneinfo; it is parsed twice into the same struct (top reuses the zone
 * array from frame to frame), the first half alone then the whole, and
 * the levels and a frame (text and JSON) are made of whatever the parser
 * accepted: the presenter must not crash on parsed garbage either.  The
 * input's first line is also fed to the knob parser. */
#include "config.h"
#include "model/levels.h"
#include "present/frame.h"
#include "probe/gauges.h"
#include "probe/zoneinfo.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct vt_frame frame;
	static bool ready;
	const char *buf = (const char *)data;
	const char *eol = memchr(buf, '\n', size);
	struct vt_zoneinfo zi;
	struct vt_levels lv;
	struct vt_frame_input in;
	char *cause = NULL;
	int64_t knob;
	FILE *null;

	if (!ready) {
		vt_frame_init(&frame, 120, 40, 120, 40, true);
		ready = true;
	}
	(void)vt_gauge_knob_parse(buf, eol ? (size_t)(eol - buf) + 1 : size, &knob, NULL);
	vt_zoneinfo_init(&zi);
	vt_levels_init(&lv);
	(void)vt_zoneinfo_parse(buf, size / 2, &zi, &cause);
	free(cause);
	cause = NULL;
	if (vt_zoneinfo_parse(buf, size, &zi, &cause) == 0) {
		vt_levels_compute(NULL, &zi, &lv);
		memset(&in, 0, sizeof in);
		in.hostname = "fuzz";
		in.kernel = "";
		in.source = "fuzz";
		in.levels = &lv;
		in.page_size = 4096;
		frame.node_sel = size % 4;
		vt_frame_compose(&frame, &in);
		null = fopen("/dev/null", "w");
		if (null != NULL) {
			vt_frame_write_text(&frame, null);
			vt_frame_write_json(null, &in, 0, NULL);
			fclose(null);
		}
	}
	free(cause);
	vt_levels_release(&lv);
	vt_zoneinfo_release(&zi);
	return 0;
}
