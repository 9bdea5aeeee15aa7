/* Table-driven key lookup for "key value" kernel files (procps habit): a
 * table sorted by name maps each known key to an enum id; unknown keys are
 * simply not found.  vt_keytab_check() is the table self-test. */
#ifndef VT_CORE_KEYTAB_H
#define VT_CORE_KEYTAB_H

#include <stddef.h>

struct vt_keytab_entry {
	const char *name;
	int id;
};

/* Returns the id of `key[0..len)`, or -1. */
int vt_keytab_lookup(const struct vt_keytab_entry *tab, size_t n, const char *key, size_t len);
/* The name of `id`, or "?" (reverse lookup for messages and output). */
const char *vt_keytab_name(const struct vt_keytab_entry *tab, size_t n, int id);
/* 0 if the table is strictly sorted and ids 0..n-1 each appear exactly once;
 * otherwise the index of the first bad entry plus one. */
size_t vt_keytab_check(const struct vt_keytab_entry *tab, size_t n);

#endif
