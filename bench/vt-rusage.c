/* Runs CMD RUNS times and prints one line for the `make bench` tables:
 * "median_wall_us best_wall_us median_cpu_us max_rss_kb exit": wall time
 * from fork to wait4() (process start-up included), CPU (user + system) and
 * the peak RSS from wait4()'s rusage of each child alone; exit is the last
 * run's exit code.  A small C parent, not python: Linux keeps the RSS
 * high-water mark of the image a child had before exec(), so a child forked
 * from python never reports less than python's ~10 MiB.
 *
 * usage: vt-rusage [-k] [-o FILE] RUNS CMD...
 *   -k       the child keeps stdin/stdout/stderr (a terminal for top);
 *            without it they go to /dev/null
 *   -o FILE  write the line to FILE instead of standard output */
#include "config.h"

#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static int vt_cmp(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return x < y ? -1 : x > y;
}

static int64_t vt_now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

int main(int argc, char **argv)
{
	int keep = 0, opt;
	const char *out = NULL;

	while ((opt = getopt(argc, argv, "+ko:")) != -1) {
		if (opt == 'k')
			keep = 1;
		else if (opt == 'o')
			out = optarg;
		else
			return 2;
	}
	if (argc - optind < 2 || atoi(argv[optind]) < 1) {
		fprintf(stderr, "usage: vt-rusage [-k] [-o FILE] RUNS CMD...\n");
		return 2;
	}
	int runs = atoi(argv[optind]);
	char **cmd = argv + optind + 1;
	int64_t *wall = calloc((size_t)runs, sizeof *wall), *cpu = calloc((size_t)runs, sizeof *cpu);
	long rss = 0;
	int code = 0;

	if (!wall || !cpu)
		return 1;
	for (int i = 0; i < runs; i++) {
		int64_t t0 = vt_now_us();
		pid_t pid = fork();
		if (pid < 0) {
			perror("vt-rusage: fork");
			return 1;
		}
		if (pid == 0) {
			if (!keep) {
				int fd = open("/dev/null", O_RDWR);
				dup2(fd, 0);
				dup2(fd, 1);
				dup2(fd, 2);
			}
			execvp(cmd[0], cmd);
			_exit(127);
		}
		int status;
		struct rusage ru;
		if (wait4(pid, &status, 0, &ru) < 0) {
			perror("vt-rusage: wait4");
			return 1;
		}
		wall[i] = vt_now_us() - t0;
		cpu[i] = (int64_t)ru.ru_utime.tv_sec * 1000000 + ru.ru_utime.tv_usec +
			 (int64_t)ru.ru_stime.tv_sec * 1000000 + ru.ru_stime.tv_usec;
		if (ru.ru_maxrss > rss)
			rss = ru.ru_maxrss;
		code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
	}
	int64_t best = wall[0];
	for (int i = 1; i < runs; i++)
		if (wall[i] < best)
			best = wall[i];
	qsort(wall, (size_t)runs, sizeof *wall, vt_cmp);
	qsort(cpu, (size_t)runs, sizeof *cpu, vt_cmp);
	FILE *f = out ? fopen(out, "w") : stdout;
	if (!f) {
		perror("vt-rusage: output");
		return 1;
	}
	fprintf(f, "%lld %lld %lld %ld %d\n", (long long)wall[(runs - 1) / 2], (long long)best,
		(long long)cpu[(runs - 1) / 2], rss, code);
	free(wall);
	free(cpu);
	return out && fclose(f) != 0;
}
