/*
 * decode.h: pick the decoder by the version field of a datagram.
 */
#ifndef PFL_DECODE_H
#define PFL_DECODE_H

#include "dec.h"
#include "tcache.h"

/* Version of a datagram (5, 9, 10), or 0 when it is none of them. */
int	decode_version(const uint8_t *, size_t);
enum dec_status decode_datagram(const uint8_t *, size_t, struct msg *,
	    struct tcache *, const struct dec_ops *, struct dec_err *);

#endif /* PFL_DECODE_H */
