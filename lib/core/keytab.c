#include "config.h"
#include "core/keytab.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

/* memcmp, not strncmp: keys come from untrusted buffers and may hold NULs. */
static int vt_keycmp(const char *key, size_t len, const char *name)
{
	size_t n = strlen(name);
	int c = memcmp(key, name, len < n ? len : n);

	if (c != 0)
		return c;
	return len < n ? -1 : len > n ? 1 : 0;
}

int vt_keytab_lookup(const struct vt_keytab_entry *tab, size_t n, const char *key, size_t len)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = vt_keycmp(key, len, tab[mid].name);

		if (c == 0)
			return tab[mid].id;
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return -1;
}

const char *vt_keytab_name(const struct vt_keytab_entry *tab, size_t n, int id)
{
	for (size_t i = 0; i < n; i++)
		if (tab[i].id == id)
			return tab[i].name;
	return "?";
}

size_t vt_keytab_check(const struct vt_keytab_entry *tab, size_t n)
{
	bool *seen = calloc(n ? n : 1, sizeof *seen);
	size_t bad = 0;

	if (seen == NULL)
		return 1;
	for (size_t i = 0; i < n && bad == 0; i++) {
		if (i > 0 && strcmp(tab[i - 1].name, tab[i].name) >= 0)
			bad = i + 1;
		else if (tab[i].id < 0 || (size_t)tab[i].id >= n || seen[tab[i].id])
			bad = i + 1;
		else
			seen[tab[i].id] = true;
	}
	free(seen);
	return bad;
}
