#include "config.h"
#include "probe/numastat.h"
#include "core/cause.h"
#include "core/keytab.h"
#include "core/lines.h"
#include "core/strparse.h"

#include <errno.h>
#include <string.h>

/* Sorted by name; node_read_numastat() in drivers/base/node.c prints them. */
static const struct vt_keytab_entry vt_numastat_keys[] = {
	{ "interleave_hit", VT_NS_INTERLEAVE_HIT },
	{ "local_node", VT_NS_LOCAL_NODE },
	{ "numa_foreign", VT_NS_NUMA_FOREIGN },
	{ "numa_hit", VT_NS_NUMA_HIT },
	{ "numa_miss", VT_NS_NUMA_MISS },
	{ "other_node", VT_NS_OTHER_NODE },
};
#define VT_NUMASTAT_NKEYS (sizeof vt_numastat_keys / sizeof vt_numastat_keys[0])
_Static_assert(VT_NUMASTAT_NKEYS == VT_NS_COUNT, "numastat key table and enum disagree");

size_t vt_numastat_table_check(void)
{
	return vt_keytab_check(vt_numastat_keys, VT_NUMASTAT_NKEYS);
}

const char *vt_numastat_name(enum vt_numastat_field field)
{
	return vt_keytab_name(vt_numastat_keys, VT_NUMASTAT_NKEYS, (int)field);
}

int vt_numastat_parse(const char *buf, size_t len, struct vt_numastat *out, char **cause)
{
	const char *line, *eol;
	struct vt_lines it;

	memset(out, 0, sizeof *out);
	vt_lines_init(&it, buf, len);
	while (vt_lines_next(&it, &line, &eol)) {
		unsigned lineno = it.lineno;
		const char *sp;
		size_t n;
		int id, err;

		n = (size_t)(eol - line);
		vt_trim(&line, &n);
		if (n == 0)
			continue;
		sp = memchr(line, ' ', n);
		if (sp == NULL)
			return vt_cause_set(cause, -EINVAL, "line %u: expected 'name value'", lineno);
		id = vt_keytab_lookup(vt_numastat_keys, VT_NUMASTAT_NKEYS, line, (size_t)(sp - line));
		if (id < 0)
			continue;
		if (out->present & (1u << id))
			return vt_cause_set(cause, -EINVAL, "line %u: '%s' printed twice", lineno,
					    vt_numastat_name((enum vt_numastat_field)id));
		err = vt_parse_u64n(sp + 1, (size_t)(line + n - sp - 1), 0, VT_COUNT_MAX, &out->value[id], cause);
		if (err < 0)
			return vt_cause_prefix(cause, -EINVAL, "line %u: bad value for '%s'", lineno,
					       vt_numastat_name((enum vt_numastat_field)id));
		out->present |= 1u << id;
	}
	if (out->present == 0)
		return vt_cause_set(cause, -EINVAL, "no known numastat fields");
	return 0;
}
