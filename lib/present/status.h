#ifndef VT_PRESENT_STATUS_H
#define VT_PRESENT_STATUS_H

#include <stdio.h>

#include <jansson.h>

#include "advisor/status.h"
#include "present/format.h"

void vt_status_print_text(const struct vt_out *out, const struct vt_status *st);
json_t *vt_status_to_json(const struct vt_status *st);

#endif
