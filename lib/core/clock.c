#include "config.h"
#include "core/clock.h"

#include <errno.h>
#include <sys/mman.h>
#include <time.h>

static uint64_t vt_clock_read(clockid_t id)
{
	struct timespec ts;

	if (clock_gettime(id, &ts) < 0)
		return 0;
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

uint64_t vt_clock_monotonic_ns(void)
{
	return vt_clock_read(CLOCK_MONOTONIC);
}

uint64_t vt_clock_realtime_ns(void)
{
	return vt_clock_read(CLOCK_REALTIME);
}

void vt_clock_format_utc(uint64_t realtime_ns, char out[32])
{
	time_t secs = (time_t)(realtime_ns / 1000000000u);
	struct tm tm;

	if (gmtime_r(&secs, &tm) == NULL || strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		out[0] = '\0';
}

int vt_clock_sleep_until(uint64_t deadline_ns, const volatile sig_atomic_t *stop)
{
	struct timespec ts = {
		.tv_sec = (time_t)(deadline_ns / 1000000000u),
		.tv_nsec = (long)(deadline_ns % 1000000000u),
	};
	int rc;

	while (!*stop) {
		rc = clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL);
		if (rc == 0)
			return 0;
		if (rc != EINTR)
			return -rc;
	}
	return 1;
}

uint64_t vt_clock_next_tick(uint64_t previous_ns, uint64_t step_ns, uint64_t now_ns)
{
	uint64_t next = previous_ns + step_ns, missed;

	if (step_ns == 0 || now_ns < next)
		return next;
	missed = (now_ns - next) / step_ns + 1;
	next += missed * step_ns;
	if (next - now_ns < step_ns / 2)
		next += step_ns;
	return next;
}

int vt_clock_lock_memory(void)
{
	/* MCL_CURRENT only: the loops allocate nothing after start-up, so
	 * today's mappings are all they use, and without MCL_FUTURE a later
	 * mapping can never fail against RLIMIT_MEMLOCK.  MCL_ONFAULT (4.4+)
	 * locks only the pages really touched; older kernels reject it with
	 * EINVAL. */
#ifdef MCL_ONFAULT
	if (mlockall(MCL_CURRENT | MCL_ONFAULT) == 0)
		return 0;
	if (errno != EINVAL)
		return -errno;
#endif
	return mlockall(MCL_CURRENT) == 0 ? 0 : -errno;
}
