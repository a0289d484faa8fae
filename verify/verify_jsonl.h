/*
 * verify_jsonl.h: fast scanner for flat JSON Lines objects (see
 * verify_jsonl.c); the caller falls back to jansson when it says -1.
 */
#ifndef PFL_VERIFY_JSONL_H
#define PFL_VERIFY_JSONL_H

#include <stddef.h>
#include <stdint.h>

#define JL_NULL	0
#define JL_NUM	1
#define JL_STR	2

struct jl_kv {
	const char	*k;
	size_t		 klen;
	int		 type;
	int		 neg;
	uint64_t	 u;		/* JL_NUM magnitude */
	const char	*s;		/* JL_STR, not terminated */
	size_t		 slen;
};

/* Pairs of one object line; -1 if the line is not a flat, plain object. */
int	jl_scan(const char *, size_t, struct jl_kv *, int max);
int	jl_key(const struct jl_kv *, const char *);

#endif /* PFL_VERIFY_JSONL_H */
