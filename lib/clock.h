/*
 * clock.h: the one clock module.  Everything that needs "now" asks here;
 * the simulator installs a virtual clock, live modes use the real one.
 */
#ifndef PFL_CLOCK_H
#define PFL_CLOCK_H

#include <stdint.h>

/* Unix time in microseconds. */
int64_t	clock_now_us(void);
/* Monotonic microseconds, for intervals and timeouts. */
int64_t	clock_mono_us(void);
/* Switch to a virtual clock that only moves by clock_set_us(). */
void	clock_virtual(int64_t start_us);
void	clock_set_us(int64_t);
void	clock_real(void);
int	clock_is_virtual(void);
/* Whole seconds of a time in microseconds, rounded down (also below 0). */
int64_t	clock_sec(int64_t);
/* "2026-11-27T13:05:40.123456Z" (UTC); buf of at least 32. */
char	*clock_fmt_us(int64_t, char *, unsigned int);

#endif /* PFL_CLOCK_H */
