#include "config.h"
#include "core/schema.h"

const struct vt_schema vt_schemas[VT_DOC_COUNT] = {
	[VT_DOC_STATUS] = { "status", 1 },
	[VT_DOC_WATERMARKS] = { "watermarks", 1 },
	[VT_DOC_STAT] = { "stat", 1 },
	[VT_DOC_NUMA] = { "numa", 1 },
	[VT_DOC_SNAPSHOT] = { "snapshot", 1 },
	[VT_DOC_SNAPSHOT_META] = { "vmtune-snapshot.json", 1 },
	[VT_DOC_RECORD] = { "record file", 1 },
	[VT_DOC_RECORD_REPORT] = { "record", 1 },
	[VT_DOC_RECOMMEND] = { "recommend", 1 },
	[VT_DOC_APPLY] = { "apply", 2 },
	[VT_DOC_JOURNAL] = { "journal", 1 },
	[VT_DOC_PROFILE] = { "profile", 2 },
	[VT_DOC_CHECK] = { "check", 2 },
	[VT_DOC_EXPORT] = { "export", 1 },
	[VT_DOC_OOM] = { "oom", 1 },
	[VT_DOC_PROTECT] = { "protect", 1 },
	[VT_DOC_TOP] = { "top", 1 },
};
