/* vt-memhog: a memory hog for the QEMU guests.  It maps and touches MIB
 * mebibytes of anonymous memory so that the guest kernel runs kswapd and
 * direct reclaim (the guests swap to zram).  Each page gets a distinct header
 * and a constant body: zram must really compress it (same-filled pages would
 * be stored without memory, and no reclaim pressure would build), yet it
 * compresses well enough that swapping makes room.
 *
 *   vt-memhog [-q] [-r MIB/S] [-H SECONDS] MIB [PASSES]
 *
 * PASSES (default 1) re-touches the whole range, faulting swapped-out pages
 * back in, which keeps reclaim running.  -r paces the passes after the first
 * (which fills the range at full speed) to at most MIB/S mebibytes a second:
 * a steady stream of swap-ins that keeps free memory near the watermarks.
 * -H keeps the memory mapped that many seconds (fractions allowed) after the
 * last pass before it exits, so that several hogs started together hold
 * their memory at once (a burst); -q leaves out the line per pass. */
#include "config.h"

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

static int parse_count(const char *s, unsigned long max, unsigned long *out)
{
	char *end;

	errno = 0;
	*out = strtoul(s, &end, 10);
	return errno != 0 || end == s || *end != '\0' || *out == 0 || *out > max ? -1 : 0;
}

static int parse_seconds(const char *s, double *out)
{
	char *end;

	errno = 0;
	*out = strtod(s, &end);
	return errno != 0 || end == s || *end != '\0' || !(*out >= 0 && *out <= 86400) ? -1 : 0;
}

static int usage(void)
{
	fprintf(stderr, "usage: vt-memhog [-q] [-r MIB/S] [-H SECONDS] MIB [PASSES]\n");
	return 2;
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void sleep_s(double s)
{
	struct timespec ts = { .tv_sec = (time_t)s };

	if (s <= 0)
		return;
	ts.tv_nsec = (long)((s - (double)ts.tv_sec) * 1e9);
	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

int main(int argc, char **argv)
{
	unsigned long mib, passes = 1, rate = 0;
	long page = sysconf(_SC_PAGESIZE);
	double hold = 0, paced = 0;
	bool quiet = false;
	size_t len, off;
	unsigned char *mem;
	int c;

	while ((c = getopt(argc, argv, "qr:H:")) != -1) {
		switch (c) {
		case 'q':
			quiet = true;
			break;
		case 'r':
			if (parse_count(optarg, 1UL << 20, &rate) < 0)
				return usage();
			break;
		case 'H':
			if (parse_seconds(optarg, &hold) < 0)
				return usage();
			break;
		default:
			return usage();
		}
	}
	argc -= optind;
	argv += optind;
	if (argc < 1 || argc > 2 || parse_count(argv[0], 1UL << 20, &mib) < 0 ||
	    (argc == 2 && parse_count(argv[1], 1000, &passes) < 0))
		return usage();
	len = (size_t)mib << 20;
	mem = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (mem == MAP_FAILED) {
		fprintf(stderr, "vt-memhog: error: mmap %lu MiB: %s\n", mib, strerror(errno));
		return 1;
	}
	for (unsigned long p = 0; p < passes; p++) {
		if (p == 1)
			paced = now_s();
		for (off = 0; off < len; off += (size_t)page) {
			uint64_t tag = ((uint64_t)p << 48) ^ off;

			/* Paced passes: the n-th mebibyte since the first pass ended
			 * no earlier than n / rate seconds after it. */
			if (p > 0 && rate > 0 && (off & ((1UL << 20) - 1)) == 0)
				sleep_s(paced + (double)((p - 1) * mib + (off >> 20)) / (double)rate - now_s());
			memset(mem + off + sizeof tag, 0x5a, (size_t)page - sizeof tag);
			memcpy(mem + off, &tag, sizeof tag);
		}
		if (!quiet) {
			printf("vt-memhog: pass %lu: touched %lu MiB\n", p + 1, mib);
			fflush(stdout);
		}
	}
	sleep_s(hold);
	munmap(mem, len);
	return 0;
}
