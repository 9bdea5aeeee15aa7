/* The provenance section of `check` and `apply --dry-run`: per knob the
 * sysctl.d lines that set it in the order they are read, the winner at the
 * next boot, tuned's value, a boot parameter, the runtime value and the
 * warnings; knobs nobody sets share one line. */
#ifndef VT_PRESENT_PROVENANCE_H
#define VT_PRESENT_PROVENANCE_H

#include <jansson.h>

#include "apply/provenance.h"
#include "present/format.h"

void vt_provenance_print_text(const struct vt_out *out, const struct vt_provenance *p);
/* The "provenance" object of check --json and apply --json. */
json_t *vt_provenance_to_json(const struct vt_provenance *p);

#endif
