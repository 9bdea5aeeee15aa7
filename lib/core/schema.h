/* Every JSON document vmtune writes or reads, with its schema version: one
 * table, so a change to one document's keys bumps that document alone and
 * the manual lists them all (tests/cli/help.sh checks the names). */
#ifndef VT_CORE_SCHEMA_H
#define VT_CORE_SCHEMA_H

enum vt_doc {
	VT_DOC_STATUS,          /* status --json */
	VT_DOC_WATERMARKS,      /* watermarks --json */
	VT_DOC_STAT,            /* stat --json, one per line */
	VT_DOC_NUMA,            /* numa --json */
	VT_DOC_SNAPSHOT,        /* snapshot --json (the report) */
	VT_DOC_SNAPSHOT_META,   /* DIR/vmtune-snapshot.json */
	VT_DOC_RECORD,          /* a record file's lines (read back by stat --from) */
	VT_DOC_RECORD_REPORT,   /* record --json (the report) */
	VT_DOC_RECOMMEND,       /* recommend --json */
	VT_DOC_APPLY,           /* apply --json, rollback --json */
	VT_DOC_JOURNAL,         /* var/lib/vmtune/journal/<id>.json, rollback --list --json */
	VT_DOC_PROFILE,         /* profile list/show/validate --json, check --profile --json (2: its provenance) */
	VT_DOC_CHECK,           /* check --json: version 1 was recommend's; 2 adds provenance */
	VT_DOC_EXPORT,          /* export --json */
	VT_DOC_OOM,             /* oom --json */
	VT_DOC_PROTECT,         /* protect --json */
	VT_DOC_TOP,             /* top --json, one frame per line */
	VT_DOC_COUNT
};

struct vt_schema {
	const char *name;       /* as the manual names it */
	int version;
};

extern const struct vt_schema vt_schemas[VT_DOC_COUNT];

static inline int vt_schema_version(enum vt_doc doc)
{
	return vt_schemas[doc].version;
}

#endif
