/* `vmtune recommend` and `vmtune check`: the advice as a table with its
 * evidence (and, with --explain, the reasoning and sources), and as JSON. */
#ifndef VT_PRESENT_RECOMMEND_H
#define VT_PRESENT_RECOMMEND_H

#include <stdbool.h>

#include <jansson.h>

#include "advisor/advise.h"
#include "apply/provenance.h"
#include "present/format.h"

void vt_recommend_print_text(const struct vt_out *out, const struct vt_advice *a, unsigned page_shift,
			     bool explain);
json_t *vt_recommend_to_json(const struct vt_advice *a, unsigned page_shift);
/* `check --json`: compliant, and per knob in drift expected, actual, why;
 * the knobs' provenance (present/provenance.h). */
json_t *vt_check_to_json(const struct vt_advice *a, const struct vt_provenance *prov);

#endif
