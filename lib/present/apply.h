/* `vmtune apply` and `vmtune rollback`: the per-knob report (old, new,
 * status) as a table and as JSON, and the journal list. */
#ifndef VT_PRESENT_APPLY_H
#define VT_PRESENT_APPLY_H

#include <stdbool.h>

#include <jansson.h>

#include "apply/apply.h"
#include "apply/journal.h"
#include "apply/provenance.h"
#include "present/format.h"

enum vt_apply_mode {
	VT_MODE_DRY_RUN,        /* apply --dry-run */
	VT_MODE_APPLY,          /* apply */
	VT_MODE_ROLLBACK,       /* rollback */
};

struct vt_apply_outcome {
	enum vt_apply_mode mode;
	const char *journal;    /* its id, or NULL: none written */
	const char *time;       /* rollback: when the journal started */
	bool failed;            /* the transaction failed (the cause goes to stderr) */
	const struct vt_provenance *provenance; /* a dry run's section, NULL: none */
};

/* True when knobs or the drop-in changed (would change, for a dry run). */
bool vt_apply_changed(const struct vt_apply_plan *p, const struct vt_apply_outcome *o);

void vt_apply_print_text(const struct vt_out *out, const struct vt_apply_plan *p,
			 const struct vt_apply_outcome *o);
json_t *vt_apply_to_json(const struct vt_apply_plan *p, const struct vt_apply_outcome *o);

void vt_journal_print_list(const struct vt_out *out, const struct vt_journal *list, size_t n);
json_t *vt_journal_list_to_json(const struct vt_journal *list, size_t n);

#endif
