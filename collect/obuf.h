/*
 * obuf.h: the collector's buffered output: numbers, addresses, hex and
 * escaped strings formatted straight into a large buffer that goes to
 * its FILE in big writes.  The record writers run once per field per
 * record, so nothing here calls printf.
 */
#ifndef PFL_OBUF_H
#define PFL_OBUF_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "addr.h"

#define OBUF_SIZE	(256 * 1024)
#define OBUF_SLACK	1024		/* room guaranteed by obuf_room() */

struct obuf {
	FILE		*f;
	char		*buf;
	size_t		 len;
	size_t		 cap;
	int		 err;		/* a write failed (or memory ran out) */
	int		 sink;		/* out of memory: buf is a discard area */
};

int	obuf_init(struct obuf *, FILE *);
/* Write the buffer out (and fflush the FILE). -1 after any write error. */
int	obuf_flush(struct obuf *);
void	obuf_free(struct obuf *);
void	obuf_grow(struct obuf *, size_t);

/* Make room for n more octets (flushing when full). */
static inline char *
obuf_room(struct obuf *o, size_t n)
{
	if (o->len + n > o->cap)
		obuf_grow(o, n);
	return o->buf + o->len;
}

static inline void
obuf_mem(struct obuf *o, const void *p, size_t n)
{
	memcpy(obuf_room(o, n), p, n);
	o->len += n;
}

static inline void
obuf_putc(struct obuf *o, char c)
{
	*obuf_room(o, 1) = c;
	o->len++;
}

static inline void
obuf_puts(struct obuf *o, const char *s)
{
	obuf_mem(o, s, strlen(s));
}

void	obuf_u64(struct obuf *, uint64_t);
void	obuf_i64(struct obuf *, int64_t);
/* Lower-case hex of n octets, no separators. */
void	obuf_hex(struct obuf *, const uint8_t *, size_t);
/* A JSON string body (no quotes): escapes quotes, backslash, controls
 * and every octet >= 0x7f as \u00XX, so the output is plain ASCII. */
void	obuf_jesc(struct obuf *, const uint8_t *, size_t);
/* Numeric address text (IPv4 dotted quad, IPv6 per RFC 5952). */
void	obuf_ip4(struct obuf *, const uint8_t *);
void	obuf_ip6(struct obuf *, const uint8_t *);
void	obuf_addr(struct obuf *, const struct addr *);
void	obuf_mac(struct obuf *, const uint8_t *);
/* A double as JSON allows (non-finite values become null). */
void	obuf_double(struct obuf *, double);

#endif /* PFL_OBUF_H */
