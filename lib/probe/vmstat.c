#include "config.h"
#include "probe/vmstat.h"
#include "core/cause.h"
#include "core/keytab.h"
#include "core/lines.h"
#include "core/strparse.h"
#include "core/text.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* Sorted by name (strcmp order); vt_vmstat_table_check() verifies. */
static const struct vt_keytab_entry vt_vmstat_keys[] = {
	{ "allocstall", VT_VM_ALLOCSTALL },
	{ "compact_fail", VT_VM_COMPACT_FAIL },
	{ "compact_stall", VT_VM_COMPACT_STALL },
	{ "compact_success", VT_VM_COMPACT_SUCCESS },
	{ "kswapd_high_wmark_hit_quickly", VT_VM_KSWAPD_HIGH_WMARK_HIT_QUICKLY },
	{ "kswapd_low_wmark_hit_quickly", VT_VM_KSWAPD_LOW_WMARK_HIT_QUICKLY },
	{ "nr_dirty", VT_VM_NR_DIRTY },
	{ "nr_free_pages", VT_VM_NR_FREE_PAGES },
	{ "nr_writeback", VT_VM_NR_WRITEBACK },
	{ "numa_foreign", VT_VM_NUMA_FOREIGN },
	{ "numa_hit", VT_VM_NUMA_HIT },
	{ "numa_interleave", VT_VM_NUMA_INTERLEAVE },
	{ "numa_local", VT_VM_NUMA_LOCAL },
	{ "numa_miss", VT_VM_NUMA_MISS },
	{ "numa_other", VT_VM_NUMA_OTHER },
	{ "oom_kill", VT_VM_OOM_KILL },
	{ "pageoutrun", VT_VM_PAGEOUTRUN },
	{ "pgactivate", VT_VM_PGACTIVATE },
	{ "pgdeactivate", VT_VM_PGDEACTIVATE },
	{ "pgdemote_direct", VT_VM_PGDEMOTE_DIRECT },
	{ "pgdemote_khugepaged", VT_VM_PGDEMOTE_KHUGEPAGED },
	{ "pgdemote_kswapd", VT_VM_PGDEMOTE_KSWAPD },
	{ "pgdemote_proactive", VT_VM_PGDEMOTE_PROACTIVE },
	{ "pgfault", VT_VM_PGFAULT },
	{ "pgfree", VT_VM_PGFREE },
	{ "pgmajfault", VT_VM_PGMAJFAULT },
	{ "pgpgin", VT_VM_PGPGIN },
	{ "pgpgout", VT_VM_PGPGOUT },
	{ "pgpromote_success", VT_VM_PGPROMOTE_SUCCESS },
	{ "pgrefill", VT_VM_PGREFILL },
	{ "pgrotated", VT_VM_PGROTATED },
	{ "pgscan_anon", VT_VM_PGSCAN_ANON },
	{ "pgscan_direct", VT_VM_PGSCAN_DIRECT },
	{ "pgscan_direct_throttle", VT_VM_PGSCAN_DIRECT_THROTTLE },
	{ "pgscan_file", VT_VM_PGSCAN_FILE },
	{ "pgscan_khugepaged", VT_VM_PGSCAN_KHUGEPAGED },
	{ "pgscan_kswapd", VT_VM_PGSCAN_KSWAPD },
	{ "pgscan_proactive", VT_VM_PGSCAN_PROACTIVE },
	{ "pgsteal_anon", VT_VM_PGSTEAL_ANON },
	{ "pgsteal_direct", VT_VM_PGSTEAL_DIRECT },
	{ "pgsteal_file", VT_VM_PGSTEAL_FILE },
	{ "pgsteal_khugepaged", VT_VM_PGSTEAL_KHUGEPAGED },
	{ "pgsteal_kswapd", VT_VM_PGSTEAL_KSWAPD },
	{ "pgsteal_proactive", VT_VM_PGSTEAL_PROACTIVE },
	{ "pswpin", VT_VM_PSWPIN },
	{ "pswpout", VT_VM_PSWPOUT },
	{ "workingset_activate", VT_VM_WORKINGSET_ACTIVATE },
	{ "workingset_activate_anon", VT_VM_WORKINGSET_ACTIVATE_ANON },
	{ "workingset_activate_file", VT_VM_WORKINGSET_ACTIVATE_FILE },
	{ "workingset_refault", VT_VM_WORKINGSET_REFAULT },
	{ "workingset_refault_anon", VT_VM_WORKINGSET_REFAULT_ANON },
	{ "workingset_refault_file", VT_VM_WORKINGSET_REFAULT_FILE },
	{ "workingset_restore", VT_VM_WORKINGSET_RESTORE },
	{ "workingset_restore_anon", VT_VM_WORKINGSET_RESTORE_ANON },
	{ "workingset_restore_file", VT_VM_WORKINGSET_RESTORE_FILE },
};

#define VT_VMSTAT_NKEYS (sizeof vt_vmstat_keys / sizeof vt_vmstat_keys[0])
_Static_assert(VT_VMSTAT_NKEYS == VT_VM_NR_KEYED, "vmstat key table and enum disagree");

/* Per-zone families: "<prefix><zone>" lines summed into one counter when the
 * kernel prints no unified line.  The zone names are those of
 * TEXTS_FOR_ZONES() in mm/vmstat.c; "pgscan_direct_throttle" is not a zone
 * line and must not be summed. */
#define VT_PFX(s) s, sizeof s - 1
static const struct {
	const char *prefix;
	size_t len;
	enum vt_vmstat_field field;
	unsigned flag;
} vt_vmstat_zone_families[] = {
	{ VT_PFX("allocstall_"), VT_VM_ALLOCSTALL, VT_VMSTAT_PERZONE_ALLOCSTALL },
	{ VT_PFX("pgscan_direct_"), VT_VM_PGSCAN_DIRECT, VT_VMSTAT_PERZONE_RECLAIM },
	{ VT_PFX("pgscan_kswapd_"), VT_VM_PGSCAN_KSWAPD, VT_VMSTAT_PERZONE_RECLAIM },
	{ VT_PFX("pgsteal_direct_"), VT_VM_PGSTEAL_DIRECT, VT_VMSTAT_PERZONE_RECLAIM },
	{ VT_PFX("pgsteal_kswapd_"), VT_VM_PGSTEAL_KSWAPD, VT_VMSTAT_PERZONE_RECLAIM },
};
#define VT_VMSTAT_NFAMILIES (sizeof vt_vmstat_zone_families / sizeof vt_vmstat_zone_families[0])

static const char *const vt_zone_names[] = { "dma", "dma32", "normal", "high", "movable", "device" };

/* sysstat 12.6 read_vmstat_paging(): strncmp prefixes (rd_stats.c). */
static const struct {
	const char *prefix;
	size_t len;
	enum vt_vmstat_field field;
} vt_vmstat_sar_prefixes[] = {
	{ VT_PFX("pgscan_kswapd"), VT_VM_SAR_PGSCAN_KSWAPD },
	{ VT_PFX("pgscan_direct"), VT_VM_SAR_PGSCAN_DIRECT },
	{ VT_PFX("pgsteal_"), VT_VM_SAR_PGSTEAL },
};
#define VT_VMSTAT_NSAR (sizeof vt_vmstat_sar_prefixes / sizeof vt_vmstat_sar_prefixes[0])

/* The sampler parses /proc/vmstat every interval and most of its ~200
 * lines are names vmtune does not use: a hash of the key table (built
 * once from it, no allocation) makes a miss one probe instead of a binary
 * search of string compares (bench/bench_stat). */
#define VT_VMSTAT_HASH_SIZE 256u
static struct {
	unsigned char used;
	unsigned char len;
	unsigned char id;
	const char *name;
} vt_vmstat_hash[VT_VMSTAT_HASH_SIZE];
static bool vt_vmstat_hash_ready;

/* Hash of the length and the first and last 8 bytes: no per-byte loop
 * (a byte-serial hash cost more than the rest of the parse).  Collisions
 * only lengthen a probe; every hit is confirmed with memcmp. */
static inline unsigned vt_vmstat_hash_key(const char *key, size_t len)
{
	uint64_t a = 0, b = 0, x;

	if (len >= 8) {
		/* Fixed-size copies compile to two loads. */
		memcpy(&a, key, 8);
		memcpy(&b, key + len - 8, 8);
	} else {
		for (size_t i = 0; i < len; i++)
			a = a << 8 | (unsigned char)key[i];
	}
	x = a * 0x9e3779b97f4a7c15ull ^ b * 0xc2b2ae3d27d4eb4full ^ len;
	x ^= x >> 29;
	x *= 0xbf58476d1ce4e5b9ull;
	return (unsigned)(x >> 56) & (VT_VMSTAT_HASH_SIZE - 1);
}

static void vt_vmstat_hash_init(void)
{
	for (size_t i = 0; i < VT_VMSTAT_NKEYS; i++) {
		size_t len = strlen(vt_vmstat_keys[i].name);
		unsigned h = vt_vmstat_hash_key(vt_vmstat_keys[i].name, len);

		while (vt_vmstat_hash[h].used)
			h = (h + 1) & (VT_VMSTAT_HASH_SIZE - 1);
		vt_vmstat_hash[h].used = 1;
		vt_vmstat_hash[h].len = (unsigned char)len;
		vt_vmstat_hash[h].id = (unsigned char)vt_vmstat_keys[i].id;
		vt_vmstat_hash[h].name = vt_vmstat_keys[i].name;
	}
	vt_vmstat_hash_ready = true;
}

static int vt_vmstat_lookup(const char *key, size_t len)
{
	unsigned h;

	if (len > 64)
		return -1;
	h = vt_vmstat_hash_key(key, len);
	while (vt_vmstat_hash[h].used) {
		if (vt_vmstat_hash[h].len == len && memcmp(vt_vmstat_hash[h].name, key, len) == 0)
			return vt_vmstat_hash[h].id;
		h = (h + 1) & (VT_VMSTAT_HASH_SIZE - 1);
	}
	return -1;
}

size_t vt_vmstat_table_check(void)
{
	return vt_keytab_check(vt_vmstat_keys, VT_VMSTAT_NKEYS);
}

const char *vt_vmstat_name(enum vt_vmstat_field field)
{
	switch (field) {
	case VT_VM_SAR_PGSCAN_KSWAPD:
		return "sar_pgscan_kswapd";
	case VT_VM_SAR_PGSCAN_DIRECT:
		return "sar_pgscan_direct";
	case VT_VM_SAR_PGSTEAL:
		return "sar_pgsteal";
	default:
		break;
	}
	return vt_keytab_name(vt_vmstat_keys, VT_VMSTAT_NKEYS, (int)field);
}

static bool vt_has_prefix(const char *key, size_t klen, const char *prefix, size_t n)
{
	return klen >= n && key[0] == prefix[0] && memcmp(key, prefix, n) == 0;
}

/* The index of a zone name in vt_zone_names, or -1. */
static int vt_zone_index(const char *s, size_t len)
{
	for (size_t i = 0; i < sizeof vt_zone_names / sizeof vt_zone_names[0]; i++)
		if (strlen(vt_zone_names[i]) == len && memcmp(s, vt_zone_names[i], len) == 0)
			return (int)i;
	return -1;
}

static void vt_set(struct vt_vmstat *out, enum vt_vmstat_field f, uint64_t v)
{
	out->value[f] = v;
	vt_bit_set(out->present, f);
}

/* Adds a split pair into the total when the kernel only prints the split. */
static int vt_sum_split(struct vt_vmstat *out, enum vt_vmstat_field total,
			enum vt_vmstat_field anon, enum vt_vmstat_field file, char **cause)
{
	uint64_t sum;

	if (vt_vmstat_has(out, total) || !vt_vmstat_has(out, anon) || !vt_vmstat_has(out, file))
		return 0;
	sum = out->value[anon];
	if (!vt_count_add(&sum, out->value[file]))
		return vt_cause_set(cause, -EINVAL, "'%s' + '%s'%s", vt_vmstat_name(anon), vt_vmstat_name(file),
				    vt_count_why(-ERANGE));
	vt_set(out, total, sum);
	return 0;
}

/* The value of line `lineno` was refused: the message quotes it. */
static int vt_bad_value(char **cause, unsigned lineno, const char *key, size_t klen,
			const char *val, size_t vlen, int err)
{
	char qk[VT_TEXT_QUOTE_SIZE], qv[VT_TEXT_QUOTE_SIZE];

	vt_trim(&val, &vlen);
	return vt_cause_set(cause, -EINVAL, "line %u: bad value '%s' for '%s'%s", lineno,
			    vt_text_quote(val, vlen, qv), vt_text_quote(key, klen, qk), vt_count_why(err));
}

int vt_vmstat_parse(const char *buf, size_t len, struct vt_vmstat *out, char **cause)
{
	uint64_t zone_sum[VT_VMSTAT_NFAMILIES] = { 0 };
	bool zone_seen[VT_VMSTAT_NFAMILIES] = { false };
	unsigned zone_lines[VT_VMSTAT_NFAMILIES] = { 0 };      /* bit z: the line of zone z seen */
	const char *line, *eol;
	struct vt_lines it;

	if (!vt_vmstat_hash_ready)
		vt_vmstat_hash_init();
	memset(out, 0, sizeof *out);
	/* The sar sums exist whenever the file does: sysstat prints 0 when no
	 * line matches, and so must `stat --sar`. */
	for (size_t i = 0; i < VT_VMSTAT_NSAR; i++)
		vt_set(out, vt_vmstat_sar_prefixes[i].field, 0);
	vt_lines_init(&it, buf, len);
	while (vt_lines_next(&it, &line, &eol)) {
		const char *sp, *val;
		unsigned lineno = it.lineno;
		size_t klen, vlen, plen;
		bool counted = false;
		uint64_t v = 0;
		int id, err;

		if (eol == line)
			continue;	/* blank line */
		sp = memchr(line, ' ', (size_t)(eol - line));
		if (sp == NULL || sp == line)
			return vt_cause_set(cause, -EINVAL, "line %u: expected 'name value'", lineno);
		klen = (size_t)(sp - line);
		val = sp + 1;
		vlen = (size_t)(eol - val);
		out->nlines++;
		id = vt_vmstat_lookup(line, klen);
		if (id >= 0) {
			if (vt_vmstat_has(out, (enum vt_vmstat_field)id))
				return vt_cause_set(cause, -EINVAL, "line %u: '%s' printed twice", lineno,
						    vt_vmstat_name((enum vt_vmstat_field)id));
			err = vt_parse_count(val, vlen, &v);
			if (err < 0)
				return vt_bad_value(cause, lineno, line, klen, val, vlen, err);
			vt_set(out, (enum vt_vmstat_field)id, v);
			counted = true;
		}
		/* Every zone family and sar prefix starts with 'a' or 'p'. */
		if (line[0] != 'a' && line[0] != 'p')
			continue;
		for (size_t i = 0; i < VT_VMSTAT_NFAMILIES; i++) {
			int zone;

			plen = vt_vmstat_zone_families[i].len;
			if (!vt_has_prefix(line, klen, vt_vmstat_zone_families[i].prefix, plen) ||
			    (zone = vt_zone_index(line + plen, klen - plen)) < 0)
				continue;
			/* Summed into one counter: a line twice would count twice. */
			if (zone_lines[i] & (1u << zone)) {
				char q[VT_TEXT_QUOTE_SIZE];

				return vt_cause_set(cause, -EINVAL, "line %u: '%s' printed twice", lineno,
						    vt_text_quote(line, klen, q));
			}
			zone_lines[i] |= 1u << zone;
			if (!counted && (err = vt_parse_count(val, vlen, &v)) < 0)
				return vt_bad_value(cause, lineno, line, klen, val, vlen, err);
			counted = true;
			if (!vt_count_add(&zone_sum[i], v))
				return vt_cause_set(cause, -EINVAL, "line %u: the '%s<zone>' lines add up%s", lineno,
						    vt_vmstat_zone_families[i].prefix, vt_count_why(-ERANGE));
			zone_seen[i] = true;
		}
		for (size_t i = 0; i < VT_VMSTAT_NSAR; i++) {
			if (!vt_has_prefix(line, klen, vt_vmstat_sar_prefixes[i].prefix, vt_vmstat_sar_prefixes[i].len))
				continue;
			if (!counted && (err = vt_parse_count(val, vlen, &v)) < 0)
				return vt_bad_value(cause, lineno, line, klen, val, vlen, err);
			counted = true;
			/* Unsigned wrap, like sysstat's unsigned long sums: these
			 * columns reproduce sar, quirks included, and only ever
			 * become rates (a wrap reads as a counter reset). */
			out->value[vt_vmstat_sar_prefixes[i].field] += v;
		}
	}
	if (out->nlines == 0)
		return vt_cause_set(cause, -EINVAL, "no 'name value' lines");
	for (size_t i = 0; i < VT_VMSTAT_NFAMILIES; i++) {
		enum vt_vmstat_field f = vt_vmstat_zone_families[i].field;

		if (!zone_seen[i] || vt_vmstat_has(out, f))
			continue;
		vt_set(out, f, zone_sum[i]);
		out->flags |= vt_vmstat_zone_families[i].flag;
	}
	if (vt_vmstat_has(out, VT_VM_WORKINGSET_REFAULT_ANON) || vt_vmstat_has(out, VT_VM_WORKINGSET_REFAULT_FILE))
		out->flags |= VT_VMSTAT_WORKINGSET_SPLIT;
	if (vt_sum_split(out, VT_VM_WORKINGSET_REFAULT, VT_VM_WORKINGSET_REFAULT_ANON,
			 VT_VM_WORKINGSET_REFAULT_FILE, cause) < 0 ||
	    vt_sum_split(out, VT_VM_WORKINGSET_ACTIVATE, VT_VM_WORKINGSET_ACTIVATE_ANON,
			 VT_VM_WORKINGSET_ACTIVATE_FILE, cause) < 0 ||
	    vt_sum_split(out, VT_VM_WORKINGSET_RESTORE, VT_VM_WORKINGSET_RESTORE_ANON,
			 VT_VM_WORKINGSET_RESTORE_FILE, cause) < 0)
		return -EINVAL;
	return 0;
}

int vt_vmstat_read(const struct vt_root *root, const char *rel, struct vt_buf *scratch,
		   struct vt_vmstat *out, char **cause)
{
	int err = vt_root_read(root, rel, scratch, VT_READ_MAX, cause);

	if (err < 0)
		return err;
	err = vt_vmstat_parse(scratch->data, scratch->len, out, cause);
	return err < 0 ? vt_root_fail(root, rel, err, cause) : 0;
}
