/* vt-boost: makes the guest kernel boost its watermarks, and reads
 * /proc/zoneinfo while the boost stands.
 *
 *   vt-boost OUT [MARGIN_MIB]
 *
 * A watermark boost (5.0+) is raised when an allocation falls back into a
 * free block of another migratetype smaller than a pageblock, and kswapd
 * pays it off as soon as it runs.  So:
 *   1. fragment: touch all free memory but the zones' high watermarks and
 *      MARGIN_MIB (default 64) as anonymous (movable) pages, without THP, and free every other page,
 *      which leaves free memory in blocks far below a pageblock;
 *   2. keep kswapd off every CPU: this process and one spinner per other
 *      CPU run SCHED_FIFO, with RT throttling off (kernel.
 *      sched_rt_runtime_us = -1, restored after); the spinners give up on
 *      their own after SPIN_LIMIT_S, so a kernel thread this process waits
 *      for is never starved for good (and the run fails: kswapd may have
 *      run);
 *   3. allocate unmovable pages: pipe buffers (1 MiB pipes, filled) until
 *      MARGIN_MIB + 96 MiB are held, first using up the large free blocks,
 *      then falling back into the fragments: each such fallback boosts;
 *   4. read /proc/zoneinfo into memory before anything lets kswapd run,
 *      then stop the spinners, restore the throttle and write it to OUT.
 * Exit 0, or 1 with a message. */
#define _GNU_SOURCE
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdbool.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define RT_RUNTIME "/proc/sys/kernel/sched_rt_runtime_us"
#define PIPE_BYTES (1 << 20)
#define ZONEINFO_MAX (4 << 20)
#define MAX_CPUS 64
#define SPIN_LIMIT_S 10

static void die(const char *what)
{
	fprintf(stderr, "vt-boost: %s: %s\n", what, strerror(errno));
	exit(1);
}

static long meminfo_kb(const char *key)
{
	char line[256];
	size_t n = strlen(key);
	long v = -1;
	FILE *f = fopen("/proc/meminfo", "r");

	if (f == NULL)
		die("/proc/meminfo");
	while (fgets(line, sizeof line, f))
		if (strncmp(line, key, n) == 0 && line[n] == ':')
			v = strtol(line + n + 1, NULL, 10);
	fclose(f);
	return v;
}

/* The sum of the zones' high watermarks, in kB: memory below them is not
 * the hog's to take (the kernel would reclaim or kill). */
static long high_watermarks_kb(long page)
{
	char line[256], key[32];
	long v, sum = 0;
	FILE *f = fopen("/proc/zoneinfo", "r");

	if (f == NULL)
		die("/proc/zoneinfo");
	while (fgets(line, sizeof line, f))
		if (sscanf(line, " %31s %ld", key, &v) == 2 && strcmp(key, "high") == 0)
			sum += v;
	fclose(f);
	return sum * (page / 1024);
}

/* Only the guests of tests/vm boot with "vt.topology=" (lib.sh). */
static bool in_guest(void)
{
	char line[4096] = "";
	FILE *f = fopen("/proc/cmdline", "r");

	if (f == NULL)
		return false;
	if (fgets(line, sizeof line, f) == NULL)
		line[0] = '\0';
	fclose(f);
	return strstr(line, "vt.topology=") != NULL;
}

static int write_file(const char *path, const char *s, size_t len)
{
	int fd = open(path, O_WRONLY | O_TRUNC | O_CREAT, 0644);
	ssize_t w;

	if (fd < 0)
		return -1;
	w = write(fd, s, len);
	return close(fd) == 0 && w == (ssize_t)len ? 0 : -1;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void fifo_on(int cpu, int prio)
{
	struct sched_param sp = { .sched_priority = prio };
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	if (sched_setaffinity(0, sizeof set, &set) != 0)
		die("sched_setaffinity");
	if (sched_setscheduler(0, SCHED_FIFO, &sp) != 0)
		die("sched_setscheduler");
}

int main(int argc, char **argv)
{
	long page = sysconf(_SC_PAGESIZE), ncpu = sysconf(_SC_NPROCESSORS_ONLN), margin_mib = 64;
	char old_rt[32] = "", *zoneinfo;
	pid_t spinners[MAX_CPUS];
	int (*pipes)[2];
	size_t npipes, held = 0, want, len = 0, region;
	atomic_int *stop;
	unsigned char *mem;
	struct rlimit nofile;
	double started, held_s;
	bool spun_out = false;
	ssize_t r;
	int fd;

	if (argc < 2 || argc > 3 || (argc == 3 && (margin_mib = atol(argv[2])) <= 0)) {
		fputs("usage: vt-boost OUT [MARGIN_MIB]\n", stderr);
		return 2;
	}
	if (!in_guest()) {
		fputs("vt-boost: not in a check-vm guest (no vt.topology= on the kernel command line): "
		      "it writes kernel.sched_rt_runtime_us and starves the CPUs\n", stderr);
		return 1;
	}
	if (ncpu < 1 || ncpu > MAX_CPUS)
		ncpu = 1;
	want = (size_t)(margin_mib + 96) << 20;
	npipes = want / PIPE_BYTES + 1;
	nofile.rlim_cur = nofile.rlim_max = 2 * npipes + 64;
	if (setrlimit(RLIMIT_NOFILE, &nofile) != 0)
		die("setrlimit");
	pipes = calloc(npipes, sizeof *pipes);
	zoneinfo = malloc(ZONEINFO_MAX);
	stop = mmap(NULL, sizeof *stop, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (pipes == NULL || zoneinfo == NULL || stop == MAP_FAILED)
		die("memory");
	memset(zoneinfo, 0, ZONEINFO_MAX);
	atomic_store(stop, 0);

	/* 1. Fragment free memory. */
	region = (size_t)(meminfo_kb("MemFree") - high_watermarks_kb(page) - margin_mib * 1024) * 1024;
	if ((long)region <= 0)
		die("MemFree is below the margin");
	mem = mmap(NULL, region, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (mem == MAP_FAILED)
		die("mmap");
	madvise(mem, region, MADV_NOHUGEPAGE);
	for (size_t off = 0; off < region; off += (size_t)page)
		mem[off] = (unsigned char)(off >> 12 | 1);
	for (size_t off = (size_t)page; off < region; off += 2 * (size_t)page)
		if (madvise(mem + off, (size_t)page, MADV_DONTNEED) != 0)
			die("madvise");

	/* 2. Keep kswapd off every CPU. */
	fd = open(RT_RUNTIME, O_RDWR);
	if (fd < 0 || (r = read(fd, old_rt, sizeof old_rt - 1)) <= 0)
		die(RT_RUNTIME);
	old_rt[r] = '\0';
	if (pwrite(fd, "-1\n", 3, 0) != 3)
		die("writing -1 to " RT_RUNTIME);
	close(fd);
	for (long c = 1; c < ncpu; c++) {
		spinners[c] = fork();
		if (spinners[c] < 0)
			die("fork");
		if (spinners[c] == 0) {
			double end = now() + SPIN_LIMIT_S;

			fifo_on((int)c, 50);
			while (!atomic_load(stop))
				if (now() > end)
					_exit(3);
			_exit(0);
		}
	}
	fifo_on(0, 60);
	usleep(200000);	/* the spinners take their CPUs */
	started = now();

	/* 3. Unmovable pages: pipe buffers. */
	for (size_t i = 0; i < npipes && held < want; i++) {
		static char chunk[65536];

		if (pipe2(pipes[i], O_NONBLOCK) != 0)
			die("pipe2");
		if (fcntl(pipes[i][1], F_SETPIPE_SZ, PIPE_BYTES) < 0)
			die("F_SETPIPE_SZ");
		memset(chunk, (int)i | 1, sizeof chunk);
		while ((r = write(pipes[i][1], chunk, sizeof chunk)) > 0)
			held += (size_t)r;
		if (r < 0 && errno != EAGAIN)
			die("write to a pipe");
	}

	/* 4. The zones, boost standing. */
	fd = open("/proc/zoneinfo", O_RDONLY);
	if (fd < 0)
		die("/proc/zoneinfo");
	while (len < ZONEINFO_MAX - 1 && (r = read(fd, zoneinfo + len, ZONEINFO_MAX - 1 - len)) > 0)
		len += (size_t)r;
	close(fd);
	atomic_store(stop, 1);
	{
		struct sched_param sp = { .sched_priority = 0 };

		sched_setscheduler(0, SCHED_OTHER, &sp);
	}
	held_s = now() - started;
	for (long c = 1; c < ncpu; c++) {
		int status = 0;

		if (waitpid(spinners[c], &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
			spun_out = true;
	}
	fd = open(RT_RUNTIME, O_WRONLY);
	if (fd < 0 || write(fd, old_rt, strlen(old_rt)) < 0)
		die("restoring " RT_RUNTIME);
	close(fd);
	if (spun_out) {
		fprintf(stderr, "vt-boost: a spinner gave up after %d s (the pipes took %.2f s): kswapd may have run\n",
			SPIN_LIMIT_S, held_s);
		return 1;
	}
	if (write_file(argv[1], zoneinfo, len) != 0)
		die(argv[1]);
	printf("vt-boost: %zu MiB fragmented, %zu MiB in pipes, kswapd held off %.2f s, zoneinfo %zu bytes\n",
	       region >> 20, held >> 20, held_s, len);
	return 0;
}
