/*
 * rng.h: splitmix64, the seeded pseudo-random source of gen (ISNs, IP
 * ids) and sim (rate faults): the same seed gives the same run.
 */
#ifndef PFL_RNG_H
#define PFL_RNG_H

#include <stdint.h>

/* The splitmix64 output for the state x (the state after its step). */
static inline uint64_t
rng_mix(uint64_t x)
{
	x += 0x9e3779b97f4a7c15ULL;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
	return x ^ (x >> 31);
}

/* The next number of the stream whose state is *s. */
static inline uint64_t
rng_next(uint64_t *s)
{
	uint64_t x = *s;

	*s += 0x9e3779b97f4a7c15ULL;
	return rng_mix(x);
}

#endif /* PFL_RNG_H */
