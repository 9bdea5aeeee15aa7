#include "config.h"
#include "probe/meminfo.h"
#include "core/cause.h"
#include "core/keytab.h"
#include "core/lines.h"
#include "core/strparse.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* Sorted by name (strcmp order); vt_meminfo_table_check() verifies. */
static const struct vt_keytab_entry vt_meminfo_keys[] = {
	{ "Active", VT_MI_ACTIVE },
	{ "Active(anon)", VT_MI_ACTIVE_ANON },
	{ "Active(file)", VT_MI_ACTIVE_FILE },
	{ "AnonHugePages", VT_MI_ANON_HUGE_PAGES },
	{ "AnonPages", VT_MI_ANON_PAGES },
	{ "Buffers", VT_MI_BUFFERS },
	{ "Cached", VT_MI_CACHED },
	{ "CommitLimit", VT_MI_COMMIT_LIMIT },
	{ "Committed_AS", VT_MI_COMMITTED_AS },
	{ "Dirty", VT_MI_DIRTY },
	{ "FilePages", VT_MI_FILE_PAGES },
	{ "HugePages_Free", VT_MI_HUGEPAGES_FREE },
	{ "HugePages_Total", VT_MI_HUGEPAGES_TOTAL },
	{ "Hugepagesize", VT_MI_HUGEPAGESIZE },
	{ "Hugetlb", VT_MI_HUGETLB },
	{ "Inactive", VT_MI_INACTIVE },
	{ "Inactive(anon)", VT_MI_INACTIVE_ANON },
	{ "Inactive(file)", VT_MI_INACTIVE_FILE },
	{ "KReclaimable", VT_MI_KRECLAIMABLE },
	{ "KernelStack", VT_MI_KERNEL_STACK },
	{ "Mapped", VT_MI_MAPPED },
	{ "MemAvailable", VT_MI_MEM_AVAILABLE },
	{ "MemFree", VT_MI_MEM_FREE },
	{ "MemTotal", VT_MI_MEM_TOTAL },
	{ "MemUsed", VT_MI_MEM_USED },
	{ "Mlocked", VT_MI_MLOCKED },
	{ "PageTables", VT_MI_PAGE_TABLES },
	{ "SReclaimable", VT_MI_SRECLAIMABLE },
	{ "SUnreclaim", VT_MI_SUNRECLAIM },
	{ "Shmem", VT_MI_SHMEM },
	{ "Slab", VT_MI_SLAB },
	{ "SwapCached", VT_MI_SWAP_CACHED },
	{ "SwapFree", VT_MI_SWAP_FREE },
	{ "SwapTotal", VT_MI_SWAP_TOTAL },
	{ "Unevictable", VT_MI_UNEVICTABLE },
	{ "Writeback", VT_MI_WRITEBACK },
	{ "Zswap", VT_MI_ZSWAP },
	{ "Zswapped", VT_MI_ZSWAPPED },
};

#define VT_MEMINFO_NKEYS (sizeof vt_meminfo_keys / sizeof vt_meminfo_keys[0])
_Static_assert(VT_MEMINFO_NKEYS == VT_MI_COUNT, "meminfo key table and enum disagree");

size_t vt_meminfo_table_check(void)
{
	return vt_keytab_check(vt_meminfo_keys, VT_MEMINFO_NKEYS);
}

const char *vt_meminfo_name(enum vt_meminfo_field field)
{
	return vt_keytab_name(vt_meminfo_keys, VT_MEMINFO_NKEYS, (int)field);
}

bool vt_meminfo_has(const struct vt_meminfo *mi, enum vt_meminfo_field field)
{
	return vt_bit_has(mi->present, field);
}

int vt_meminfo_parse(const char *buf, size_t len, struct vt_meminfo *out, char **cause)
{
	const char *line, *eol;
	struct vt_lines it;

	memset(out, 0, sizeof *out);
	out->node = -1;
	vt_lines_init(&it, buf, len);
	while (vt_lines_next(&it, &line, &eol)) {
		const char *colon, *val, *vend;
		unsigned lineno = it.lineno;
		size_t n;
		int id, err;

		/* Per-node files prefix every line with "Node N ". */
		if ((size_t)(eol - line) > 5 && memcmp(line, "Node ", 5) == 0) {
			const char *sp = memchr(line + 5, ' ', (size_t)(eol - line - 5));
			uint64_t node;

			if (sp == NULL || vt_parse_u64n(line + 5, (size_t)(sp - line - 5), 0, 65535, &node, NULL) < 0)
				return vt_cause_set(cause, -EINVAL, "line %u: malformed node prefix", lineno);
			if (out->node >= 0 && out->node != (int)node)
				return vt_cause_set(cause, -EINVAL, "line %u: node %d after node %d", lineno,
						    (int)node, out->node);
			out->node = (int)node;
			line = sp + 1;
		}
		colon = memchr(line, ':', (size_t)(eol - line));
		if (colon == NULL) {
			/* Blank lines are harmless; anything else is not meminfo. */
			n = (size_t)(eol - line);
			vt_trim(&line, &n);
			if (n == 0)
				continue;
			return vt_cause_set(cause, -EINVAL, "line %u: expected 'Key: value'", lineno);
		}
		id = vt_keytab_lookup(vt_meminfo_keys, VT_MEMINFO_NKEYS, line, (size_t)(colon - line));
		if (id < 0)
			continue;
		/* The kernel prints each key once: a second one is not "the
		 * latest value", it is a damaged file. */
		if (vt_meminfo_has(out, (enum vt_meminfo_field)id))
			return vt_cause_set(cause, -EINVAL, "line %u: '%s' printed twice", lineno,
					    vt_meminfo_name((enum vt_meminfo_field)id));
		val = colon + 1;
		vend = eol;
		if (vend - val >= 3 && memcmp(vend - 3, " kB", 3) == 0)
			vend -= 3;
		/* The reason quotes the value: "invalid number 'lots'",
		 * "'18446744073709551615' is out of range [0, ...]". */
		err = vt_parse_u64n(val, (size_t)(vend - val), 0, VT_COUNT_MAX, &out->value[id], cause);
		if (err < 0)
			return vt_cause_prefix(cause, -EINVAL, "line %u: bad value for '%s'", lineno,
					       vt_meminfo_name((enum vt_meminfo_field)id));
		vt_bit_set(out->present, (unsigned)id);
	}
	if (!vt_bits_any(out->present, VT_BITSET_NWORDS(out->present)))
		return vt_cause_set(cause, -EINVAL, "no known meminfo fields");
	return 0;
}

int vt_meminfo_read(const struct vt_root *root, const char *rel, struct vt_buf *scratch,
		    struct vt_meminfo *out, char **cause)
{
	int err = vt_root_read(root, rel, scratch, VT_READ_MAX, cause);

	if (err < 0)
		return err;
	err = vt_meminfo_parse(scratch->data, scratch->len, out, cause);
	return err < 0 ? vt_root_fail(root, rel, err, cause) : 0;
}
