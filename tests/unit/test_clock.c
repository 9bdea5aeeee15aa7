#include "config.h"
#include "core/clock.h"

#include <criterion/criterion.h>

/* The tick arithmetic decides the sampling cadence, so it is tested on a
 * fake clock here rather than by timing a live loop. */
#define MS 1000000ull

Test(clock, next_tick_on_time_is_one_step_on)
{
	/* Woken on time, or a little late: the next grid point, so a late
	 * wake-up is made up by a shorter interval and nothing drifts. */
	cr_expect_eq(vt_clock_next_tick(1000 * MS, 500 * MS, 1000 * MS), 1500 * MS);
	cr_expect_eq(vt_clock_next_tick(1000 * MS, 500 * MS, 1003 * MS), 1500 * MS);
	cr_expect_eq(vt_clock_next_tick(1000 * MS, 500 * MS, 1499 * MS), 1500 * MS);
}

Test(clock, next_tick_after_many_samples_stays_on_the_grid)
{
	uint64_t t = 0, now;

	/* Each sample takes 7 ms to read: an interval-relative sleep would
	 * drift by 7 ms a sample; the grid does not. */
	for (int k = 0; k < 1000; k++) {
		now = t + 7 * MS;
		t = vt_clock_next_tick(t, 500 * MS, now);
	}
	cr_expect_eq(t, 1000 * 500 * MS);
}

Test(clock, next_tick_skips_missed_ticks_and_keeps_phase)
{
	/* Stalled 3.6 s into a 0.5 s cadence started at 1 s: ticks at 1.5 ..
	 * 4.5 s are gone; the next is the first grid point at least half a
	 * step ahead, 5.0 s, not a burst of seven immediate samples. */
	cr_expect_eq(vt_clock_next_tick(1000 * MS, 500 * MS, 4600 * MS), 5000 * MS);
	/* 4.8 s: 5.0 s would give a 0.2 s interval, so 5.5 s. */
	cr_expect_eq(vt_clock_next_tick(1000 * MS, 500 * MS, 4800 * MS), 5500 * MS);
	/* Exactly on a missed tick. */
	cr_expect_eq(vt_clock_next_tick(1000 * MS, 500 * MS, 2000 * MS), 2500 * MS);
}

Test(clock, next_tick_fractional_and_zero_steps)
{
	cr_expect_eq(vt_clock_next_tick(0, 200 * MS, 0), 200 * MS);
	/* A zero step (interval rounded to 0 ns) never loops or divides. */
	cr_expect_eq(vt_clock_next_tick(42, 0, 1000), 42);
}
