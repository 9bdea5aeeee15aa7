/* libFuzzer target: the sysctl.d line parser and tuned's INI parser (both
 * read files an administrator or a package wrote).  Every entry must have a
 * key, the line numbers must grow, and the kept warnings stay in bounds. */
#include "config.h"
#include "probe/sysctld.h"
#include "probe/tuned.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vt_sysctld_parsed p;
	struct vt_tuned_conf c;
	unsigned last = 0;

	vt_sysctld_parse((const char *)data, size, &p);
	for (size_t i = 0; i < p.n; i++) {
		const struct vt_sysctld_entry *e = &p.entries[i];

		if (e->key[0] == '\0' || e->line < last || strlen(e->key) >= sizeof e->key ||
		    (e->exclude && e->value[0] != '\0'))
			abort();
		last = e->line;
		(void)vt_sysctld_glob_match(e->key, "vm.swappiness");
	}
	vt_sysctld_parsed_release(&p);
	vt_tuned_parse((const char *)data, size, &c);
	for (size_t i = 0; i < c.n; i++)
		if (c.items[i].key[0] == '\0')
			abort();
	(void)vt_tuned_get(&c, "main", "include");
	vt_tuned_conf_release(&c);
	return 0;
}
