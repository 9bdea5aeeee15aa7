/* `vmtune oom`: the OOM killer's ranking as text and JSON.  Formats the
 * model only; every number comes from model/oom.c. */
#ifndef VT_PRESENT_OOM_H
#define VT_PRESENT_OOM_H

#include <stddef.h>

#include <jansson.h>

#include "model/oom.h"
#include "present/format.h"
#include "probe/oomkillers.h"

/* `top`: how many ranked processes to show, 0 all. */
void vt_oom_print_text(const struct vt_out *o, const struct vt_oom_model *m, const char *release,
		       const struct vt_oomkiller killers[VT_OOMKILLER_COUNT], size_t top);
json_t *vt_oom_to_json(const struct vt_oom_model *m, const char *release,
		       const struct vt_oomkiller killers[VT_OOMKILLER_COUNT], size_t top);

#endif
