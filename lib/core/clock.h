/* Time sources.  Live runs use CLOCK_MONOTONIC for intervals; snapshots carry
 * their own recorded times so that rates on fixtures are reproducible. */
#ifndef VT_CORE_CLOCK_H
#define VT_CORE_CLOCK_H

#include <signal.h>
#include <stdint.h>

uint64_t vt_clock_monotonic_ns(void);
uint64_t vt_clock_realtime_ns(void);
/* Sleeps until CLOCK_MONOTONIC reaches deadline_ns.  Absolute deadlines keep
 * a sampling cadence from drifting by the time each sample takes.  Returns 0
 * at the deadline, 1 when *stop was set (by a signal handler), or -errno. */
int vt_clock_sleep_until(uint64_t deadline_ns, const volatile sig_atomic_t *stop);
/* The sampling tick after previous_ns on the grid previous_ns + k * step_ns:
 * normally the next one; when the caller woke later than that (a stopped
 * terminal, a stall in reclaim), the first tick at least step/2 after now_ns,
 * so missed ticks are skipped instead of fired as a burst of short intervals,
 * and the cadence keeps its phase. */
uint64_t vt_clock_next_tick(uint64_t previous_ns, uint64_t step_ns, uint64_t now_ns);
/* Locks the pages a long-running sampler touches into RAM, best effort: a
 * sampler that is swapped out under memory pressure misses the very samples
 * that matter (atop does the same).  Call it after start-up: it covers the
 * mappings that exist then.  Returns 0 or -errno (EPERM, ENOMEM under
 * RLIMIT_MEMLOCK); callers go on either way. */
int vt_clock_lock_memory(void);
/* Formats a realtime stamp as ISO 8601 UTC ("2026-11-27T02:47:28Z") into out. */
void vt_clock_format_utc(uint64_t realtime_ns, char out[32]);

#endif
