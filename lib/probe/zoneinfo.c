#include "config.h"
#include "probe/zoneinfo.h"
#include "core/cause.h"
#include "core/lines.h"
#include "core/keytab.h"
#include "core/strparse.h"
#include "core/text.h"
#include "core/xalloc.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/* The value lines of a zone record, by the key zoneinfo prints (first token
 * of the line).  Sorted by name; vt_zoneinfo_table_check() verifies.  The ids
 * are enum vt_zone_field except for the two spellings that share a field. */
enum {
	VT_ZK_ALL_UNRECLAIMABLE,
	VT_ZK_BOOST,
	VT_ZK_CMA,
	VT_ZK_HIGH,
	VT_ZK_LOW,
	VT_ZK_MANAGED,
	VT_ZK_MIN,
	VT_ZK_NODE_SCANNED,
	VT_ZK_NODE_UNRECLAIMABLE,
	VT_ZK_PRESENT,
	VT_ZK_PROMO,
	VT_ZK_SCANNED,
	VT_ZK_SPANNED,
	VT_ZK_START_PFN,
	VT_ZK_COUNT
};

static const struct vt_keytab_entry vt_zoneinfo_keys[] = {
	{ "all_unreclaimable:", VT_ZK_ALL_UNRECLAIMABLE },
	{ "boost", VT_ZK_BOOST },
	{ "cma", VT_ZK_CMA },
	{ "high", VT_ZK_HIGH },
	{ "low", VT_ZK_LOW },
	{ "managed", VT_ZK_MANAGED },
	{ "min", VT_ZK_MIN },
	{ "node_scanned", VT_ZK_NODE_SCANNED },
	{ "node_unreclaimable:", VT_ZK_NODE_UNRECLAIMABLE },
	{ "present", VT_ZK_PRESENT },
	{ "promo", VT_ZK_PROMO },
	{ "scanned", VT_ZK_SCANNED },
	{ "spanned", VT_ZK_SPANNED },
	{ "start_pfn:", VT_ZK_START_PFN },
};

#define VT_ZONEINFO_NKEYS (sizeof vt_zoneinfo_keys / sizeof vt_zoneinfo_keys[0])
_Static_assert(VT_ZONEINFO_NKEYS == VT_ZK_COUNT, "zoneinfo key table and enum disagree");

/* Key id -> record field, and whether the key belongs to the watermark block
 * (between "pages free" and "pagesets") or to the trailer after "pagesets". */
static const struct {
	enum vt_zone_field field;
	bool trailer;
} vt_zoneinfo_key_field[VT_ZK_COUNT] = {
	[VT_ZK_ALL_UNRECLAIMABLE] = { VT_ZF_UNRECLAIMABLE, true },
	[VT_ZK_BOOST] = { VT_ZF_BOOST, false },
	[VT_ZK_CMA] = { VT_ZF_CMA, false },
	[VT_ZK_HIGH] = { VT_ZF_HIGH, false },
	[VT_ZK_LOW] = { VT_ZF_LOW, false },
	[VT_ZK_MANAGED] = { VT_ZF_MANAGED, false },
	[VT_ZK_MIN] = { VT_ZF_MIN, false },
	[VT_ZK_NODE_SCANNED] = { VT_ZF_SCANNED, false },
	[VT_ZK_NODE_UNRECLAIMABLE] = { VT_ZF_UNRECLAIMABLE, true },
	[VT_ZK_PRESENT] = { VT_ZF_PRESENT, false },
	[VT_ZK_PROMO] = { VT_ZF_PROMO, false },
	[VT_ZK_SCANNED] = { VT_ZF_SCANNED, false },
	[VT_ZK_SPANNED] = { VT_ZF_SPANNED, false },
	[VT_ZK_START_PFN] = { VT_ZF_START_PFN, true },
};

static const char *const vt_zone_field_names[VT_ZF_COUNT] = {
	[VT_ZF_FREE] = "pages free",
	[VT_ZF_BOOST] = "boost",
	[VT_ZF_MIN] = "min",
	[VT_ZF_LOW] = "low",
	[VT_ZF_HIGH] = "high",
	[VT_ZF_PROMO] = "promo",
	[VT_ZF_SCANNED] = "scanned",
	[VT_ZF_SPANNED] = "spanned",
	[VT_ZF_PRESENT] = "present",
	[VT_ZF_MANAGED] = "managed",
	[VT_ZF_CMA] = "cma",
	[VT_ZF_PROTECTION] = "protection",
	[VT_ZF_START_PFN] = "start_pfn",
	[VT_ZF_UNRECLAIMABLE] = "node_unreclaimable",
};

/* What every zone record must have, whatever the kernel version: without
 * these the record was cut short. */
#define VT_ZF_REQUIRED ((1u << VT_ZF_FREE) | (1u << VT_ZF_MIN) | (1u << VT_ZF_LOW) | \
			(1u << VT_ZF_HIGH) | (1u << VT_ZF_SPANNED) | (1u << VT_ZF_PRESENT) | \
			(1u << VT_ZF_MANAGED) | (1u << VT_ZF_PROTECTION))

static const char *const vt_zone_kind_names[] = {
	[VT_ZONE_DMA] = "DMA",
	[VT_ZONE_DMA32] = "DMA32",
	[VT_ZONE_NORMAL] = "Normal",
	[VT_ZONE_HIGHMEM] = "HighMem",
	[VT_ZONE_MOVABLE] = "Movable",
	[VT_ZONE_DEVICE] = "Device",
};

size_t vt_zoneinfo_table_check(void)
{
	return vt_keytab_check(vt_zoneinfo_keys, VT_ZONEINFO_NKEYS);
}

void vt_zoneinfo_init(struct vt_zoneinfo *zi)
{
	memset(zi, 0, sizeof *zi);
}

void vt_zoneinfo_release(struct vt_zoneinfo *zi)
{
	free(zi->zones);
	memset(zi, 0, sizeof *zi);
}

/* Empty, keeping the zone array and its room for the next parse. */
static void vt_zoneinfo_clear(struct vt_zoneinfo *zi)
{
	struct vt_zone *zones = zi->zones;
	size_t cap = zi->cap;

	memset(zi, 0, sizeof *zi);
	zi->zones = zones;
	zi->cap = cap;
}

bool vt_zone_has(const struct vt_zone *z, enum vt_zone_field f)
{
	return (z->has >> f) & 1;
}

uint64_t vt_zone_get(const struct vt_zone *z, enum vt_zone_field f)
{
	return vt_zone_has(z, f) ? z->value[f] : 0;
}

const char *vt_zone_field_name(enum vt_zone_field f)
{
	return (unsigned)f < VT_ZF_COUNT ? vt_zone_field_names[f] : "?";
}

enum vt_zone_kind vt_zone_kind_from_name(const char *name, size_t len)
{
	for (size_t i = 0; i < sizeof vt_zone_kind_names / sizeof vt_zone_kind_names[0]; i++)
		if (strlen(vt_zone_kind_names[i]) == len && memcmp(vt_zone_kind_names[i], name, len) == 0)
			return (enum vt_zone_kind)i;
	return VT_ZONE_OTHER;
}

const char *vt_zone_kind_name(enum vt_zone_kind kind)
{
	return kind < VT_ZONE_OTHER ? vt_zone_kind_names[kind] : "?";
}

const struct vt_zone *vt_zoneinfo_find(const struct vt_zoneinfo *zi, unsigned node, const char *name)
{
	for (size_t i = 0; i < zi->nzones; i++)
		if (zi->zones[i].node == node && strcmp(zi->zones[i].name, name) == 0)
			return &zi->zones[i];
	return NULL;
}

const char *vt_zone_quote(const struct vt_zone *z, char out[VT_TEXT_QUOTE_SIZE])
{
	return vt_text_quote(z->name, strlen(z->name), out);
}

enum vt_zi_state {
	VT_ZI_START,            /* before the first header */
	VT_ZI_HEADER,           /* after "Node N, zone X", before "pages free" */
	VT_ZI_NODE_STATS,       /* inside "per-node stats" */
	VT_ZI_ZONE,             /* from "pages free" to "pagesets" */
	VT_ZI_PAGESETS,         /* per-CPU lists and the trailer */
};

struct vt_zi_parser {
	struct vt_zoneinfo *out;
	enum vt_zi_state state;
	struct vt_zone *zone;   /* current record, NULL in a node-only block */
	unsigned lineno;
	char **cause;
};

__attribute__((format(printf, 2, 3)))
static int vt_zi_error(struct vt_zi_parser *p, const char *fmt, ...)
{
	char quoted[VT_TEXT_QUOTE_SIZE];
	va_list ap;
	char *what;
	int err;

	va_start(ap, fmt);
	what = vt_xvasprintf(fmt, ap);
	va_end(ap);

	if (p->zone)
		err = vt_cause_set(p->cause, -EINVAL, "line %u (node %u, zone %s): %s", p->lineno,
				   p->zone->node, vt_zone_quote(p->zone, quoted), what);
	else
		err = vt_cause_set(p->cause, -EINVAL, "line %u: %s", p->lineno, what);
	free(what);
	return err;
}

static bool vt_is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/* "Node 0, zone      DMA" or the proposed "Node 0, per-node stats". */
static int vt_zi_header(struct vt_zi_parser *p, const char *line, size_t len)
{
	const char *end = line + len, *q = line + 5, *num = q, *name;
	struct vt_zoneinfo *zi = p->out;
	struct vt_zone *z;
	uint64_t node;
	char quoted[VT_TEXT_QUOTE_SIZE];

	while (q < end && *q >= '0' && *q <= '9')
		q++;
	if (q == num || q >= end || *q != ',' ||
	    vt_parse_u64n(num, (size_t)(q - num), 0, 65535, &node, NULL) < 0)
		return vt_zi_error(p, "malformed header '%s'", vt_text_quote(line, len, quoted));
	q++;
	while (q < end && vt_is_blank(*q))
		q++;
	if ((size_t)(end - q) == 14 && memcmp(q, "per-node stats", 14) == 0) {
		p->zone = NULL;
		p->state = VT_ZI_NODE_STATS;
		zi->has_node_stats = true;
		return 0;
	}
	if ((size_t)(end - q) < 5 || memcmp(q, "zone", 4) != 0 || !vt_is_blank(q[4]))
		return vt_zi_error(p, "malformed header '%s'", vt_text_quote(line, len, quoted));
	q += 5;
	while (q < end && vt_is_blank(*q))
		q++;
	name = q;
	while (q < end && !vt_is_blank(*q))
		q++;
	if (q == name || q != end)
		return vt_zi_error(p, "malformed header '%s'", vt_text_quote(line, len, quoted));
	if ((size_t)(q - name) >= sizeof z->name)
		return vt_zi_error(p, "zone name '%s' too long", vt_text_quote(name, (size_t)(q - name), quoted));
	/* Zones of a node are contiguous (checked at the end), so duplicates
	 * need only be looked for in the current node's run, which is short. */
	for (size_t i = zi->nzones, run = 0; i-- > 0 && zi->zones[i].node == node; ) {
		if (strlen(zi->zones[i].name) == (size_t)(q - name) &&
		    memcmp(zi->zones[i].name, name, (size_t)(q - name)) == 0) {
			p->zone = NULL;
			return vt_zi_error(p, "zone '%s' of node %u printed twice",
					   vt_text_quote(name, (size_t)(q - name), quoted), (unsigned)node);
		}
		if (++run == VT_ZONE_MAX) {
			p->zone = NULL;
			return vt_zi_error(p, "node %u has more than %d zones", (unsigned)node, VT_ZONE_MAX);
		}
	}
	if (zi->nzones == zi->cap) {
		zi->cap = zi->cap ? zi->cap * 2 : 8;
		zi->zones = vt_xreallocarray(zi->zones, zi->cap, sizeof *zi->zones);
	}
	z = &zi->zones[zi->nzones++];
	memset(z, 0, sizeof *z);
	z->node = (unsigned)node;
	memcpy(z->name, name, (size_t)(q - name));
	z->kind = vt_zone_kind_from_name(name, (size_t)(q - name));
	p->zone = z;
	p->state = VT_ZI_HEADER;
	return 0;
}

static int vt_zi_protection(struct vt_zi_parser *p, const char *v, size_t len)
{
	const char *end, *q;
	struct vt_zone *z = p->zone;
	char quoted[VT_TEXT_QUOTE_SIZE];

	vt_trim(&v, &len);
	end = v + len;
	if (len < 2 || v[0] != '(' || end[-1] != ')')
		return vt_zi_error(p, "malformed protection list '%s'", vt_text_quote(v, len, quoted));
	q = v + 1;
	end--;
	z->nprotection = 0;
	while (q < end) {
		const char *comma = memchr(q, ',', (size_t)(end - q));
		const char *item_end = comma ? comma : end;

		if (z->nprotection == VT_ZONE_MAX)
			return vt_zi_error(p, "protection list has more than 8 entries");
		/* Page counts (lowmem_reserve), never negative. */
		if (vt_parse_i64n(q, (size_t)(item_end - q), 0, INT64_MAX,
				  &z->protection[z->nprotection], NULL) < 0)
			return vt_zi_error(p, "malformed protection list '%s'", vt_text_quote(v, len, quoted));
		z->nprotection++;
		q = comma ? comma + 1 : end;
		if (comma && q == end)
			return vt_zi_error(p, "malformed protection list '%s'", vt_text_quote(v, len, quoted));
	}
	if (z->nprotection == 0)
		return vt_zi_error(p, "empty protection list");
	return 0;
}

static int vt_zi_set(struct vt_zi_parser *p, enum vt_zone_field f, const char *v, size_t len)
{
	struct vt_zone *z = p->zone;
	char quoted[VT_TEXT_QUOTE_SIZE];
	int err;

	if (vt_zone_has(z, f))
		return vt_zi_error(p, "'%s' printed twice", vt_zone_field_name(f));
	err = vt_parse_count(v, len, &z->value[f]);
	if (err < 0) {
		vt_trim(&v, &len);
		return vt_zi_error(p, "bad value '%s' for '%s'%s", vt_text_quote(v, len, quoted),
				   vt_zone_field_name(f), vt_count_why(err));
	}
	z->has |= 1u << f;
	return 0;
}

static int vt_zi_line(struct vt_zi_parser *p, const char *line, size_t len)
{
	const char *s = line, *key, *val;
	size_t n = len, klen;
	char quoted[VT_TEXT_QUOTE_SIZE];
	int id;

	if (len >= 5 && memcmp(line, "Node ", 5) == 0)
		return vt_zi_header(p, line, len);
	vt_trim(&s, &n);
	if (n == 0)
		return 0;
	if (p->state == VT_ZI_START)
		return vt_zi_error(p, "expected 'Node N, zone NAME', found '%s'", vt_text_quote(s, n, quoted));
	if (p->zone == NULL)
		return 0;       /* a node-only block: node counters */
	if (n == 14 && memcmp(s, "per-node stats", 14) == 0) {
		if (p->state != VT_ZI_HEADER)
			return vt_zi_error(p, "'per-node stats' after the zone's values");
		p->state = VT_ZI_NODE_STATS;
		p->out->has_node_stats = true;
		return 0;
	}
	if (n >= 10 && memcmp(s, "pages free", 10) == 0 && (n == 10 || vt_is_blank(s[10]))) {
		if (p->state != VT_ZI_HEADER && p->state != VT_ZI_NODE_STATS)
			return vt_zi_error(p, "'pages free' printed twice");
		p->state = VT_ZI_ZONE;
		return vt_zi_set(p, VT_ZF_FREE, s + 10, n - 10);
	}
	if (p->state == VT_ZI_NODE_STATS)
		return 0;
	if (n == 8 && memcmp(s, "pagesets", 8) == 0) {
		p->state = VT_ZI_PAGESETS;
		return 0;
	}
	if (n >= 11 && memcmp(s, "protection:", 11) == 0) {
		if (p->state != VT_ZI_ZONE)
			return vt_zi_error(p, "'protection:' outside the zone's values");
		if (vt_zone_has(p->zone, VT_ZF_PROTECTION))
			return vt_zi_error(p, "'protection' printed twice");
		p->zone->has |= 1u << VT_ZF_PROTECTION;
		return vt_zi_protection(p, s + 11, n - 11);
	}
	key = s;
	while (s < key + n && !vt_is_blank(*s))
		s++;
	klen = (size_t)(s - key);
	val = s;
	id = vt_keytab_lookup(vt_zoneinfo_keys, VT_ZONEINFO_NKEYS, key, klen);
	if (id < 0)
		return 0;       /* counters, pageset lines, lines of future kernels */
	if (p->state == VT_ZI_HEADER)
		return vt_zi_error(p, "'%s' before 'pages free'", vt_text_quote(key, klen, quoted));
	/* A watermark key in the pagesets, or a trailer key among the
	 * watermarks, is not what it seems: leave it alone. */
	if (vt_zoneinfo_key_field[id].trailer != (p->state == VT_ZI_PAGESETS))
		return 0;
	return vt_zi_set(p, vt_zoneinfo_key_field[id].field, val, (size_t)(key + n - val));
}

/* Zone indices.  Kernels since ~4.12 print every zone of every node, in
 * index order, so the position is the index.  Older kernels print only
 * populated zones: then the index is the rank of the zone's type among the
 * types printed anywhere, which is exact as long as the zones left out sort
 * after the printed ones (x86-64: Movable, Device). */
static int vt_zi_indices(struct vt_zoneinfo *zi, char **cause)
{
	unsigned seen[VT_ZONE_OTHER + 1] = { 0 };
	unsigned char done[65536 / 8] = { 0 };      /* node ids are < 65536 */
	size_t start = 0;

	zi->all_zones_printed = true;
	while (start < zi->nzones) {
		unsigned node = zi->zones[start].node;
		size_t end = start;

		if (done[node / 8] & (1u << (node % 8))) {
			return vt_cause_set(cause, -EINVAL, "zones of node %u are not contiguous", node);
		}
		done[node / 8] |= (unsigned char)(1u << (node % 8));

		while (end < zi->nzones && zi->zones[end].node == zi->zones[start].node)
			end++;
		if (end - start > zi->max_zones) {
			return vt_cause_set(cause, -EINVAL, "node %u has %zu zones but protection lists have %u entries",
					    zi->zones[start].node, end - start, zi->max_zones);
		}
		if (end - start != zi->max_zones)
			zi->all_zones_printed = false;
		for (size_t i = start; i < end; i++) {
			zi->zones[i].index = (unsigned)(i - start);
			if (i > start && zi->zones[i].kind != VT_ZONE_OTHER &&
			    zi->zones[i - 1].kind != VT_ZONE_OTHER && zi->zones[i].kind <= zi->zones[i - 1].kind) {
				char q1[VT_TEXT_QUOTE_SIZE], q2[VT_TEXT_QUOTE_SIZE];

				return vt_cause_set(cause, -EINVAL, "node %u: zone %s printed after zone %s",
						    zi->zones[i].node, vt_zone_quote(&zi->zones[i], q1),
						    vt_zone_quote(&zi->zones[i - 1], q2));
			}
		}
		start = end;
	}
	if (zi->all_zones_printed)
		return 0;
	for (size_t i = 0; i < zi->nzones; i++) {
		char q[VT_TEXT_QUOTE_SIZE];

		if (zi->zones[i].kind == VT_ZONE_OTHER)
			return vt_cause_set(cause, -EINVAL, "node %u: unknown zone '%s' in a file that omits empty zones",
					    zi->zones[i].node, vt_zone_quote(&zi->zones[i], q));
		seen[zi->zones[i].kind] = 1;
	}
	for (size_t i = 0; i < zi->nzones; i++) {
		unsigned rank = 0;

		for (unsigned k = 0; k < (unsigned)zi->zones[i].kind; k++)
			rank += seen[k];
		if (rank >= zi->max_zones)
			return vt_cause_set(cause, -EINVAL, "more zone types than protection entries (%u)",
					    zi->max_zones);
		zi->zones[i].index = rank;
	}
	return 0;
}

int vt_zoneinfo_parse(const char *buf, size_t len, struct vt_zoneinfo *out, char **cause)
{
	struct vt_zi_parser p = { .out = out, .state = VT_ZI_START, .cause = cause };
	const char *line, *eol;
	struct vt_lines it;
	int err = 0;

	vt_zoneinfo_clear(out);
	vt_lines_init(&it, buf, len);
	while (err == 0 && vt_lines_next(&it, &line, &eol)) {
		p.lineno = it.lineno;
		if (eol == it.end) {
			/* seq_file always ends a record with a newline: a missing
			 * one means the read was cut short. */
			err = vt_zi_error(&p, "last line is incomplete (file truncated?)");
			break;
		}
		if (memchr(line, '\0', (size_t)(eol - line)) != NULL) {
			err = vt_zi_error(&p, "NUL byte in line");
			break;
		}
		err = vt_zi_line(&p, line, (size_t)(eol - line));
	}
	if (err == 0 && out->nzones == 0)
		err = vt_cause_set(cause, -EINVAL, "no zones");
	for (size_t i = 0; err == 0 && i < out->nzones; i++) {
		struct vt_zone *z = &out->zones[i];
		uint32_t missing = VT_ZF_REQUIRED & ~z->has;
		char q1[VT_TEXT_QUOTE_SIZE], q2[VT_TEXT_QUOTE_SIZE];

		if (missing) {
			unsigned f = 0;

			while (!((missing >> f) & 1))
				f++;
			err = vt_cause_set(cause, -EINVAL, "node %u, zone %s: no '%s' line (file truncated?)",
					   z->node, vt_zone_quote(z, q1), vt_zone_field_name((enum vt_zone_field)f));
			break;
		}
		if (i == 0)
			out->max_zones = z->nprotection;
		else if (z->nprotection != out->max_zones)
			err = vt_cause_set(cause, -EINVAL, "node %u, zone %s: protection has %u entries, zone %s has %u",
					   z->node, vt_zone_quote(z, q1), z->nprotection, vt_zone_quote(&out->zones[0], q2),
					   out->max_zones);
		z->populated = z->value[VT_ZF_PRESENT] > 0;
	}
	if (err == 0)
		err = vt_zi_indices(out, cause);
	if (err < 0)
		vt_zoneinfo_release(out);
	return err;
}

int vt_zoneinfo_missing(const struct vt_root *root, char **cause)
{
	vt_cause_set(cause, -ENOENT, "not available (no such file)");
	return vt_root_fail(root, "proc/zoneinfo", -ENOENT, cause);
}

int vt_zoneinfo_read(const struct vt_root *root, struct vt_buf *scratch,
		     struct vt_zoneinfo *out, char **cause)
{
	int err = vt_root_read(root, "proc/zoneinfo", scratch, VT_READ_MAX, cause);

	if (err == -ENOENT)
		return vt_zoneinfo_missing(root, cause);
	if (err == 0) {
		err = vt_zoneinfo_parse(scratch->data, scratch->len, out, cause);
		if (err < 0)
			vt_root_fail(root, "proc/zoneinfo", err, cause);
	}
	return err;
}
