/* vt-memhog: a memory hog for the QEMU guests.  It maps and touches MIB
 * mebibytes of anonymous memory so that the guest kernel runs kswapd and
 * direct reclaim (the guests swap to zram).  Each page gets a distinct header
 * and a constant body: zram must really compress it (same-filled pages would
 * be stored without memory, and no reclaim pressure would build), yet it
 * compresses well enough that swapping makes room.
 *
 *   vt-memhog MIB [PASSES]
 *
 * PASSES (default 1) re-touches the whole range, faulting swapped-out pages
 * back in, which keeps reclaim running. */
#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

static int parse_count(const char *s, unsigned long max, unsigned long *out)
{
	char *end;

	errno = 0;
	*out = strtoul(s, &end, 10);
	return errno != 0 || end == s || *end != '\0' || *out == 0 || *out > max ? -1 : 0;
}

int main(int argc, char **argv)
{
	unsigned long mib, passes = 1;
	long page = sysconf(_SC_PAGESIZE);
	size_t len, off;
	unsigned char *mem;

	if (argc < 2 || argc > 3 || parse_count(argv[1], 1UL << 20, &mib) < 0 ||
	    (argc == 3 && parse_count(argv[2], 1000, &passes) < 0)) {
		fprintf(stderr, "usage: vt-memhog MIB [PASSES]\n");
		return 2;
	}
	len = (size_t)mib << 20;
	mem = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (mem == MAP_FAILED) {
		fprintf(stderr, "vt-memhog: error: mmap %lu MiB: %s\n", mib, strerror(errno));
		return 1;
	}
	for (unsigned long p = 0; p < passes; p++) {
		for (off = 0; off < len; off += (size_t)page) {
			uint64_t tag = ((uint64_t)p << 48) ^ off;

			memset(mem + off + sizeof tag, 0x5a, (size_t)page - sizeof tag);
			memcpy(mem + off, &tag, sizeof tag);
		}
		printf("vt-memhog: pass %lu: touched %lu MiB\n", p + 1, mib);
		fflush(stdout);
	}
	munmap(mem, len);
	return 0;
}
