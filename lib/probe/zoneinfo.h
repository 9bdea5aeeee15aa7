/* /proc/zoneinfo: one record per (node, zone) with the watermarks as the
 * kernel printed them, the page counts and the lowmem protection array.
 *
 * Every layout from 4.x to 6.x is accepted (kernel-facts §6): with or
 * without the per-node stats block (4.8+), with or without unpopulated zones
 * (printed since ~4.12), with or without `scanned`/`node_scanned`, `boost`
 * (5.16+), `cma` (5.12+), `promo` (6.12+), zone counters before (<=4.11) or
 * after `protection:`, any pageset layout and trailer.  Lines the parser does
 * not know are ignored; a known line with a bad value, a zone without its
 * watermark lines, or a cut last line is an error. */
#ifndef VT_PROBE_ZONEINFO_H
#define VT_PROBE_ZONEINFO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/rootfs.h"
#include "core/text.h"

/* MAX_NR_ZONES is at most 6 in every kernel (DMA, DMA32, Normal, HighMem,
 * Movable, Device); 8 leaves room without making records large. */
#define VT_ZONE_MAX 8

/* The zone types by the name zoneinfo prints.  The order is the kernel's
 * zone index order (enum zone_type). */
enum vt_zone_kind {
	VT_ZONE_DMA,
	VT_ZONE_DMA32,
	VT_ZONE_NORMAL,
	VT_ZONE_HIGHMEM,
	VT_ZONE_MOVABLE,
	VT_ZONE_DEVICE,
	VT_ZONE_OTHER,          /* a name this vmtune does not know */
};

/* Fields of a zone record; bit i of `has` says field i was printed. */
enum vt_zone_field {
	VT_ZF_FREE,             /* "pages free" */
	VT_ZF_BOOST,
	VT_ZF_MIN,
	VT_ZF_LOW,
	VT_ZF_HIGH,
	VT_ZF_PROMO,
	VT_ZF_SCANNED,          /* "scanned" (<=4.7) or "node_scanned" (4.8-4.11) */
	VT_ZF_SPANNED,
	VT_ZF_PRESENT,
	VT_ZF_MANAGED,
	VT_ZF_CMA,
	VT_ZF_PROTECTION,
	VT_ZF_START_PFN,
	VT_ZF_UNRECLAIMABLE,    /* "node_unreclaimable:" or "all_unreclaimable:" */
	VT_ZF_COUNT
};

_Static_assert(VT_ZF_COUNT <= 32, "zone field bits do not fit `has`");

struct vt_zone {
	unsigned node;
	char name[16];
	enum vt_zone_kind kind;
	/* Position in the node's zone array (the index used by protection[]).
	 * Exact when the kernel prints every zone; for kernels that print only
	 * populated zones it is inferred (see vt_zoneinfo_parse). */
	unsigned index;
	uint64_t value[VT_ZF_COUNT];    /* pages (start_pfn: a pfn; unreclaimable: 0/1) */
	uint32_t has;
	int64_t protection[VT_ZONE_MAX];
	unsigned nprotection;
	bool populated;         /* the kernel printed counters or pagesets for it */
};

struct vt_zoneinfo {
	struct vt_zone *zones;  /* in file order: by node, then by zone index */
	size_t nzones;
	/* Room in `zones`: a parse into the same struct reuses it, so that
	 * top's frames re-read the file without allocating. */
	size_t cap;
	/* Entries in each protection array: MAX_NR_ZONES of the kernel. */
	unsigned max_zones;
	/* Every zone of every node is printed (kernels >= ~4.12); when false,
	 * unpopulated zones were left out and zone indices were inferred. */
	bool all_zones_printed;
	bool has_node_stats;    /* a "per-node stats" block was seen (4.8+) */
};

void vt_zoneinfo_init(struct vt_zoneinfo *zi);
void vt_zoneinfo_release(struct vt_zoneinfo *zi);

bool vt_zone_has(const struct vt_zone *z, enum vt_zone_field f);
/* The printed value, or 0 when absent: check vt_zone_has first where the
 * difference matters. */
uint64_t vt_zone_get(const struct vt_zone *z, enum vt_zone_field f);
const char *vt_zone_field_name(enum vt_zone_field f);
enum vt_zone_kind vt_zone_kind_from_name(const char *name, size_t len);
/* The kernel's spelling ("DMA32"), "?" for VT_ZONE_OTHER. */
const char *vt_zone_kind_name(enum vt_zone_kind kind);

/* Pure parser.  Replaces the contents of `out` (initialised by the caller),
 * reusing its zone array; allocates only when the file has more zones than
 * any parse into `out` before.  On failure `out` is released. */
int vt_zoneinfo_parse(const char *buf, size_t len, struct vt_zoneinfo *out, char **cause);

/* The zone's name quoted for a message (core/text.h): any bytes the file
 * had, escaped. */
const char *vt_zone_quote(const struct vt_zone *z, char out[VT_TEXT_QUOTE_SIZE]);

/* The zone of `node` named `name`, or NULL. */
const struct vt_zone *vt_zoneinfo_find(const struct vt_zoneinfo *zi, unsigned node, const char *name);

/* Self-test of the key table (0 when sorted and complete). */
size_t vt_zoneinfo_table_check(void);

/* Reads and parses proc/zoneinfo under `root`.  -ENOENT (with a message)
 * when the file does not exist. */
int vt_zoneinfo_read(const struct vt_root *root, struct vt_buf *scratch,
		     struct vt_zoneinfo *out, char **cause);
/* That message, for a reader that learnt of the absence otherwise (the
 * NUMA probe takes a missing zoneinfo quietly): -ENOENT. */
int vt_zoneinfo_missing(const struct vt_root *root, char **cause);

#endif
