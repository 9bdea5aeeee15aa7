/* Per-sample cost of `vmtune stat`: read + parse + rates (the sampler, then
 * model/series as the loop feeds it) of every file the sampler reads (/proc/vmstat, /proc/pressure/memory, each node's vmstat
 * and numastat), against only reading the same files with pread() until
 * end of file on the same open descriptors.  Prints both and their ratio,
 * measured in one run with the two loops interleaved in blocks so that
 * machine noise hits both alike; the figures are the medians of the
 * blocks, which a burst of load on a shared machine does not move.
 * Target: ratio <= 1.3.
 *
 * Then the cost of one `stat --json` line: the streaming writer (jsonw)
 * against building the same object with jansson and dumping it, as the
 * loop did before, both into /dev/null.
 *
 * Usage: bench_stat [ROOT] (default "/", the live system). */
#include "config.h"
#include "core/clock.h"
#include "model/rates.h"
#include "model/series.h"
#include "present/stat.h"
#include "probe/sample.h"

#include <jansson.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define VT_BLOCKS 400
#define VT_PER_BLOCK 25

static char vt_raw[1 << 20];

static int vt_u64_cmp(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

static double vt_median_us(uint64_t *v, size_t n)
{
	qsort(v, n, sizeof *v, vt_u64_cmp);
	return (double)(n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2) / 1e3 / VT_PER_BLOCK;
}

/* What any correct reader must do: read until end of file. */
static void vt_read_only(const struct vt_sampler *sp)
{
	int fds[2 + 2 * 64];
	size_t n = 0;

	fds[n++] = sp->vmstat.fd;
	if (sp->psi.fd >= 0)
		fds[n++] = sp->psi.fd;
	for (size_t i = 0; i < sp->nnodes && n + 2 <= sizeof fds / sizeof fds[0]; i++) {
		if (sp->nodes[i].vmstat.fd >= 0)
			fds[n++] = sp->nodes[i].vmstat.fd;
		if (sp->nodes[i].numastat.fd >= 0)
			fds[n++] = sp->nodes[i].numastat.fd;
	}
	for (size_t i = 0; i < n; i++) {
		off_t off = 0;
		ssize_t r;

		while ((r = pread(fds[i], vt_raw + off, sizeof vt_raw - (size_t)off, off)) > 0)
			off += r;
	}
}

/* One JSON line a sample: jsonw straight into the FILE, against a jansson
 * tree of the same line (deep-copied each time, as building it allocated
 * every node) dumped with sorted keys. */
static void vt_bench_json(const struct vt_series *ser, uint64_t mono_ns)
{
	uint64_t t_jsonw[VT_BLOCKS], t_jansson[VT_BLOCKS], t0;
	FILE *devnull = fopen("/dev/null", "w"), *mem;
	char *line = NULL;
	size_t size = 0;
	json_t *obj;
	double w_us, j_us;
	struct vt_stat_interval iv = {
		.time = "2026-11-27T05:00:00.000Z", .monotonic_ns = mono_ns, .system = &ser->system,
		.nnodes = ser->nnodes, .node_ids = ser->node_ids, .nodes = ser->nodes,
	};

	mem = open_memstream(&line, &size);
	if (devnull == NULL || mem == NULL || vt_stat_interval_write(mem, &iv) < 0 || fclose(mem) != 0) {
		fprintf(stderr, "bench_stat: cannot write a JSON line\n");
		exit(1);
	}
	obj = json_loads(line, 0, NULL);
	if (obj == NULL) {
		fprintf(stderr, "bench_stat: the JSON line does not parse\n");
		exit(1);
	}
	for (int blk = 0; blk < VT_BLOCKS; blk++) {
		t0 = vt_clock_monotonic_ns();
		for (int i = 0; i < VT_PER_BLOCK; i++)
			vt_stat_interval_write(devnull, &iv);
		t_jsonw[blk] = vt_clock_monotonic_ns() - t0;
		t0 = vt_clock_monotonic_ns();
		for (int i = 0; i < VT_PER_BLOCK; i++) {
			json_t *copy = json_deep_copy(obj);

			json_dumpf(copy, devnull, JSON_COMPACT | JSON_SORT_KEYS);
			fputc('\n', devnull);
			json_decref(copy);
		}
		t_jansson[blk] = vt_clock_monotonic_ns() - t0;
	}
	w_us = vt_median_us(t_jsonw, VT_BLOCKS);
	j_us = vt_median_us(t_jansson, VT_BLOCKS);
	printf("stat --json line (%zu bytes), %d lines each:\n", size, VT_BLOCKS * VT_PER_BLOCK);
	printf("  jsonw (streaming, no allocation): %8.2f us/line\n", w_us);
	printf("  jansson tree + dump:              %8.2f us/line\n", j_us);
	printf("  jansson / jsonw: %.2f\n", j_us / w_us);
	json_decref(obj);
	free(line);
	fclose(devnull);
}

int main(int argc, char **argv)
{
	const char *path = argc > 1 ? argv[1] : "/";
	struct vt_sample s;
	struct vt_sampler sp;
	struct vt_series ser;
	struct vt_root root;
	uint64_t t_read[VT_BLOCKS], t_full[VT_BLOCKS], t0;
	char *cause = NULL;
	double sink = 0, ratio, read_us, full_us;

	if (vt_root_open(&root, path, &cause) < 0 || vt_sampler_open(&sp, &root, &cause) < 0) {
		fprintf(stderr, "bench_stat: %s\n", cause);
		return 1;
	}
	vt_sample_init(&s);
	vt_sampler_prepare(&sp, &s);
	vt_series_init(&ser, VT_SERIES_ALL_NODES);
	/* Warm up: buffers reach their size, caches are hot. */
	for (int i = 0; i < 200; i++) {
		vt_read_only(&sp);
		if (vt_sampler_take(&sp, &s, &cause) < 0) {
			fprintf(stderr, "bench_stat: %s\n", cause);
			return 1;
		}
		vt_series_feed(&ser, &s);
	}
	for (int blk = 0; blk < VT_BLOCKS; blk++) {
		t0 = vt_clock_monotonic_ns();
		for (int i = 0; i < VT_PER_BLOCK; i++)
			vt_read_only(&sp);
		t_read[blk] = vt_clock_monotonic_ns() - t0;
		t0 = vt_clock_monotonic_ns();
		for (int i = 0; i < VT_PER_BLOCK; i++) {
			vt_sampler_take(&sp, &s, NULL);
			vt_series_feed(&ser, &s);
			sink += ser.system.value[VT_RATE_FAULT];
		}
		t_full[blk] = vt_clock_monotonic_ns() - t0;
	}
	read_us = vt_median_us(t_read, VT_BLOCKS);
	full_us = vt_median_us(t_full, VT_BLOCKS);
	ratio = full_us / read_us;
	printf("stat per-sample cost on %s (%zu node%s, %u vmstat lines, PSI %s), %d samples each:\n",
	       root.live ? "the live system" : path, sp.nnodes, sp.nnodes == 1 ? "" : "s", s.vm.nlines,
	       sp.psi.fd >= 0 ? "yes" : "no", VT_BLOCKS * VT_PER_BLOCK);
	printf("  read only (pread to EOF):     %8.2f us/sample (median of %d blocks)\n", read_us, VT_BLOCKS);
	printf("  read + parse + rates:         %8.2f us/sample (median of %d blocks)\n", full_us, VT_BLOCKS);
	printf("  ratio: %.3f (target <= 1.3: %s)%s\n", ratio, ratio <= 1.3 ? "met" : "NOT MET", sink < 0 ? " " : "");
	vt_bench_json(&ser, s.mono_ns);
	vt_series_release(&ser);
	vt_sample_release(&s);
	vt_sampler_close(&sp);
	vt_root_release(&root);
	return 0;
}
