#include "config.h"
#include "core/clock.h"

#include <errno.h>
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
