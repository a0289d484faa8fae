/*
 * clock.c: real and virtual time.  The only caller of clock_gettime.
 */
#include <stdio.h>
#include <time.h>

#include "clock.h"

static int	virt;
static int64_t	virt_us;

int64_t
clock_now_us(void)
{
	struct timespec ts;

	if (virt)
		return virt_us;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

int64_t
clock_mono_us(void)
{
	struct timespec ts;

	if (virt)
		return virt_us;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

void
clock_virtual(int64_t start_us)
{
	virt = 1;
	virt_us = start_us;
}

void
clock_set_us(int64_t us)
{
	virt_us = us;
}

void
clock_real(void)
{
	virt = 0;
}

int
clock_is_virtual(void)
{
	return virt;
}

int64_t
clock_sec(int64_t us)
{
	int64_t q = us / 1000000;

	if (us % 1000000 != 0 && us < 0)
		q--;
	return q;
}

char *
clock_fmt_us(int64_t us, char *buf, unsigned int len)
{
	time_t sec;
	struct tm tm;
	int64_t frac;

	sec = (time_t)(us / 1000000);
	frac = us % 1000000;
	if (frac < 0) {
		frac += 1000000;
		sec--;
	}
	gmtime_r(&sec, &tm);
	snprintf(buf, len, "%04d-%02d-%02dT%02d:%02d:%02d.%06lldZ",
	    tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
	    tm.tm_min, tm.tm_sec, (long long)frac);
	return buf;
}
