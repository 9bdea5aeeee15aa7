#include "config.h"
#include "probe/source.h"
#include "core/clock.h"
#include "helpers.h"

#include <criterion/criterion.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The sample source on fixtures and recordings, and the live cadence on
 * this machine's /proc (read only): only properties that hold however
 * loaded the machine is (the grid, the bound of a duration, a stop), no
 * timing asserts; the cadence itself is proven on a fake clock in
 * test_clock.c. */

static int count_samples(struct vt_source *src, const volatile sig_atomic_t *stop)
{
	struct vt_sample s;
	char *cause = NULL;
	int n = 0, rc;

	vt_sample_init(&s);
	while ((rc = vt_source_next(src, &s, stop, &cause)) == 1)
		n++;
	cr_expect_eq(rc, 0, "%s", cause);
	free(cause);
	vt_sample_release(&s);
	return n;
}

Test(source, a_series_root_gives_one_sample_per_snapshot_and_t0s_identity)
{
	char *path = vt_test_fixture("handmade-6.1-stat-reset"), *cause = NULL;
	struct vt_source src;

	cr_assert_eq(vt_source_open_root(&src, path, &cause), 0, "%s", cause);
	cr_expect_eq(src.kind, VT_SOURCE_SERIES);
	cr_expect_str_eq(src.name, path);
	cr_assert_eq(vt_source_start(&src, 1, 0, &cause), 0, "%s", cause);
	cr_expect_str_eq(src.identity.kernel_release, "6.1.0-handmade");
	cr_expect_str_eq(src.identity.hostname, "handmade");
	cr_expect_str_eq(src.identity.machine, "", "a tree does not say");
	cr_expect_eq(count_samples(&src, NULL), 4);
	vt_source_close(&src);
	free(path);
}

Test(source, one_snapshot_is_told_apart_and_not_started)
{
	char *path = vt_test_fixture("host-6.18-uma"), *cause = NULL;
	struct vt_source src;

	cr_assert_eq(vt_source_open_root(&src, path, &cause), 0, "%s", cause);
	cr_expect_eq(src.kind, VT_SOURCE_SNAPSHOT);
	cr_expect_eq(vt_source_start(&src, 1, 0, &cause), -EINVAL);
	cr_expect_not_null(strstr(cause, "one snapshot"), "%s", cause);
	free(cause);
	vt_source_close(&src);
	free(path);
}

Test(source, a_missing_root_fails_and_closes)
{
	struct vt_source src;
	char *cause = NULL;

	cr_expect_eq(vt_source_open_root(&src, "/nonexistent/vmtune-root", &cause), -ENOENT);
	cr_expect_not_null(strstr(cause, "/nonexistent/vmtune-root"), "%s", cause);
	free(cause);
	vt_source_close(&src);
}

static char *write_recording(const char *dir, const char *text)
{
	char *path;

	vt_test_write(dir, "rec.jsonl", text);
	cr_assert_gt(asprintf(&path, "%s/rec.jsonl", dir), 0);
	return path;
}

#define HEADER "{\"type\":\"header\",\"schema_version\":1,\"tool\":\"vmtune 0.1.0\",\"kernel_release\":\"6.1.0\"," \
	"\"hostname\":\"h\",\"machine\":\"aarch64\",\"ncpus\":4,\"interval_s\":1}\n"
#define SAMPLE(T) "{\"type\":\"sample\",\"monotonic_ns\":" #T "000000000,\"realtime_ns\":0," \
	"\"vmstat\":{\"pgfault\":" #T "},\"pressure_memory\":null,\"nodes\":{}}\n"

Test(source, a_recording_gives_its_samples_and_its_header_as_identity)
{
	char *dir = vt_test_mkdtemp(), *path = write_recording(dir, HEADER SAMPLE(1) "\n" SAMPLE(2)), *cause = NULL;
	struct vt_source src;
	struct vt_sample s;

	cr_assert_eq(vt_source_open_file(&src, path, &cause), 0, "%s", cause);
	cr_expect_eq(src.kind, VT_SOURCE_FILE);
	cr_expect_eq(vt_source_start(&src, 1, 0, &cause), 0, "a file is ready as it opened");
	vt_sample_init(&s);
	cr_assert_eq(vt_source_next(&src, &s, NULL, &cause), 1, "%s", cause);
	cr_expect_eq(s.mono_ns, 1000000000u);
	cr_expect_str_eq(src.identity.kernel_release, "6.1.0");
	cr_expect_str_eq(src.identity.machine, "aarch64");
	cr_expect_eq(src.identity.ncpus, 4);
	cr_assert_eq(vt_source_next(&src, &s, NULL, &cause), 1, "%s", cause);
	cr_expect_eq(s.mono_ns, 2000000000u, "the blank line between is skipped");
	cr_expect_eq(vt_source_next(&src, &s, NULL, &cause), 0);
	cr_expect_eq(src.cut_line, 0);
	vt_sample_release(&s);
	vt_source_close(&src);
	vt_test_rmtree(dir);
	free(dir);
	free(path);
}

Test(source, a_recording_cut_off_mid_line_ends_before_that_line)
{
	char *dir = vt_test_mkdtemp(), *path = write_recording(dir, HEADER SAMPLE(1) "{\"type\":\"sample\",\"mono");
	struct vt_source src;
	char *cause = NULL;

	cr_assert_eq(vt_source_open_file(&src, path, &cause), 0, "%s", cause);
	cr_expect_eq(count_samples(&src, NULL), 1);
	cr_expect_eq(src.cut_line, 3);
	vt_source_close(&src);
	vt_test_rmtree(dir);
	free(dir);
	free(path);
}

Test(source, a_recording_ends_when_stopped)
{
	char *dir = vt_test_mkdtemp(), *path = write_recording(dir, HEADER SAMPLE(1) SAMPLE(2));
	static volatile sig_atomic_t stop = 1;
	struct vt_source src;
	char *cause = NULL;

	cr_assert_eq(vt_source_open_file(&src, path, &cause), 0, "%s", cause);
	cr_expect_eq(count_samples(&src, &stop), 0);
	vt_source_close(&src);
	vt_test_rmtree(dir);
	free(dir);
	free(path);
}

Test(source, a_recording_that_is_missing_or_empty_is_an_error)
{
	char *dir = vt_test_mkdtemp(), *path = write_recording(dir, ""), *cause = NULL;
	struct vt_source src;
	struct vt_sample s;

	cr_expect_eq(vt_source_open_file(&src, "/nonexistent/rec.jsonl", &cause), -ENOENT);
	cr_expect_str_eq(cause, "cannot open '/nonexistent/rec.jsonl': No such file or directory");
	free(cause);
	cause = NULL;
	vt_source_close(&src);
	cr_assert_eq(vt_source_open_file(&src, path, &cause), 0, "%s", cause);
	vt_sample_init(&s);
	cr_expect_eq(vt_source_next(&src, &s, NULL, &cause), -EINVAL);
	cr_expect_not_null(strstr(cause, "empty file"), "%s", cause);
	free(cause);
	vt_sample_release(&s);
	vt_source_close(&src);
	vt_test_rmtree(dir);
	free(dir);
	free(path);
}

/* The live root: samples on the grid of the first one, a missed tick
 * skipped rather than fired late. */
Test(source, live_samples_fall_on_the_grid_of_the_first)
{
	const uint64_t step = 10000000;         /* 0.01 s */
	struct vt_source src;
	struct vt_sample s;
	char *cause = NULL;
	uint64_t before;

	if (access("/proc/vmstat", R_OK) != 0)
		cr_skip_test("no /proc/vmstat");
	cr_assert_eq(vt_source_open_root(&src, "/", &cause), 0, "%s", cause);
	cr_assert_eq(src.kind, VT_SOURCE_LIVE);
	cr_assert_eq(vt_source_start(&src, 0.01, 0, &cause), 0, "%s", cause);
	cr_expect_neq(src.identity.kernel_release[0], '\0');
	vt_sample_init(&s);
	cr_assert_eq(vt_source_next(&src, &s, NULL, &cause), 1, "%s", cause);
	cr_expect_eq(src.origin_ns, s.mono_ns, "the first sample is the grid's origin");
	/* A stall of three ticks and a half (or more on a busy machine). */
	usleep(35000);
	before = vt_clock_monotonic_ns();
	cr_assert_eq(vt_source_next(&src, &s, NULL, &cause), 1, "%s", cause);
	cr_expect_eq((src.deadline_ns - src.origin_ns) % step, 0, "on the grid");
	cr_expect_geq(src.deadline_ns, before + step / 2, "missed ticks skipped, not fired at once");
	cr_expect_geq(s.mono_ns, src.deadline_ns, "taken at its tick, not before");
	vt_sample_release(&s);
	vt_source_close(&src);
}

Test(source, live_samples_end_at_the_duration)
{
	struct vt_source src;
	char *cause = NULL;
	int n;

	if (access("/proc/vmstat", R_OK) != 0)
		cr_skip_test("no /proc/vmstat");
	cr_assert_eq(vt_source_open_root(&src, "/", &cause), 0, "%s", cause);
	cr_assert_eq(vt_source_start(&src, 0.01, 0.05, &cause), 0, "%s", cause);
	/* 0.05 s: ticks 0 to 5 at most, fewer when the machine is slow. */
	n = count_samples(&src, NULL);
	cr_expect(n >= 1 && n <= 6, "%d samples in 0.05 s at 0.01 s", n);
	cr_expect_gt(src.deadline_ns - src.origin_ns, 50000000u, "ended by the first tick past 0.05 s");
	vt_source_close(&src);
}

Test(source, live_sampling_ends_when_stopped_while_waiting)
{
	static volatile sig_atomic_t stop;
	struct vt_source src;
	struct vt_sample s;
	char *cause = NULL;

	if (access("/proc/vmstat", R_OK) != 0)
		cr_skip_test("no /proc/vmstat");
	cr_assert_eq(vt_source_open_root(&src, NULL, &cause), 0, "%s", cause);
	cr_assert_eq(vt_source_start(&src, 60, 0, &cause), 0, "%s", cause);
	vt_sample_init(&s);
	stop = 1;
	cr_expect_eq(vt_source_next(&src, &s, &stop, &cause), 1, "the first sample is taken at once");
	cr_expect_eq(vt_source_next(&src, &s, &stop, &cause), 0, "no wait for the next minute");
	vt_sample_release(&s);
	vt_source_close(&src);
}

/* top waits for keys itself: vt_source_due fixes the next tick, which the
 * next sample then takes at once; a new interval restarts the grid at the
 * last sample.  A series has no clock. */
Test(source, the_due_tick_is_fixed_and_taken_at_once)
{
	static volatile sig_atomic_t never;
	const uint64_t step = 20000000;         /* 0.02 s */
	struct vt_source src;
	struct vt_sample s;
	char *cause = NULL, *path = vt_test_fixture("handmade-6.1-stat-reset");
	uint64_t due, first;

	if (access("/proc/vmstat", R_OK) != 0)
		cr_skip_test("no /proc/vmstat");
	cr_assert_eq(vt_source_open_root(&src, "/", &cause), 0, "%s", cause);
	cr_assert_eq(vt_source_start(&src, 0.02, 0, &cause), 0, "%s", cause);
	cr_expect_eq(vt_source_due(&src), 0, "nothing is due before the first sample");
	vt_sample_init(&s);
	cr_assert_eq(vt_source_next(&src, &s, NULL, &cause), 1, "%s", cause);
	first = src.origin_ns;
	due = vt_source_due(&src);
	cr_expect_geq(due, first + step);
	cr_expect_eq((due - first) % step, 0, "on the grid");
	cr_expect_eq(vt_source_due(&src), due, "asked again, the same tick");
	cr_expect_eq(vt_clock_sleep_until(due, &never), 0);
	cr_assert_eq(vt_source_next(&src, &s, NULL, &cause), 1, "%s", cause);
	cr_expect_eq(src.deadline_ns, due, "the sample is the due one");
	cr_expect_geq(s.mono_ns, due);
	/* 0.05 s from the last sample's tick on. */
	due = vt_source_due(&src);
	vt_source_set_interval(&src, 0.05);
	cr_expect_eq(src.step_ns, 50000000u);
	cr_expect_geq(vt_source_due(&src), due - step + 50000000u);
	vt_sample_release(&s);
	vt_source_close(&src);

	cr_assert_eq(vt_source_open_root(&src, path, &cause), 0, "%s", cause);
	cr_assert_eq(vt_source_start(&src, 1, 0, &cause), 0, "%s", cause);
	vt_sample_init(&s);
	cr_assert_eq(vt_source_next(&src, &s, NULL, &cause), 1, "%s", cause);
	cr_expect_eq(vt_source_due(&src), 0, "a series goes by its snapshots' times");
	vt_sample_release(&s);
	vt_source_close(&src);
	free(path);
}
