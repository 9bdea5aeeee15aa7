#ifndef VT_PRESENT_STATUS_H
#define VT_PRESENT_STATUS_H

#include <stdio.h>

#include <jansson.h>

#include "advisor/status.h"

void vt_status_print_text(FILE *out, const struct vt_status *st);
json_t *vt_status_to_json(const struct vt_status *st);

#endif
