/*
 * cursor.h: the bounded byte cursor every decoder reads through and every
 * encoder writes through.
 *
 * A cursor never reads or writes outside [base, base + len).  Each getter
 * returns 0 on success and -1 on overrun; after the first overrun the cursor
 * is "spent" (cur_failed() is true) and every later call fails too, so a
 * decoder may chain several getters and check once.  All multi-byte values
 * are big-endian (network order), as in NetFlow and IPFIX.  The input buffer
 * is const and is never modified.
 */
#ifndef PFL_CURSOR_H
#define PFL_CURSOR_H

#include <stddef.h>
#include <stdint.h>

struct cursor {
	const uint8_t	*base;	/* start of the window */
	size_t		 len;	/* window length */
	size_t		 off;	/* read position, relative to base */
	size_t		 origin;/* offset of base within the whole datagram */
	int		 failed;/* an access ran past the end */
};

struct wcursor {
	uint8_t		*base;
	size_t		 len;
	size_t		 off;
	int		 failed;
};

void	cur_init(struct cursor *, const void *, size_t);
/* A child window of n bytes at the current position; advances the parent. */
int	cur_sub(struct cursor *, size_t, struct cursor *);
size_t	cur_left(const struct cursor *);
/* Offset from the start of the datagram, for findings. */
size_t	cur_abs(const struct cursor *);
int	cur_failed(const struct cursor *);
int	cur_skip(struct cursor *, size_t);
int	cur_u8(struct cursor *, uint8_t *);
int	cur_u16(struct cursor *, uint16_t *);
int	cur_u32(struct cursor *, uint32_t *);
int	cur_u64(struct cursor *, uint64_t *);
int	cur_bytes(struct cursor *, void *, size_t);
/* Pointer to the next n bytes without copying; advances. NULL on overrun. */
const uint8_t *cur_ptr(struct cursor *, size_t);
/* Peek a u16 at the current position without advancing. */
int	cur_peek_u16(const struct cursor *, uint16_t *);

void	wcur_init(struct wcursor *, void *, size_t);
int	wcur_u8(struct wcursor *, uint8_t);
int	wcur_u16(struct wcursor *, uint16_t);
int	wcur_u32(struct wcursor *, uint32_t);
int	wcur_u64(struct wcursor *, uint64_t);
int	wcur_bytes(struct wcursor *, const void *, size_t);
int	wcur_zero(struct wcursor *, size_t);
/* Patch a u16 at an absolute offset already written (lengths, counts). */
int	wcur_patch_u16(struct wcursor *, size_t, uint16_t);
int	wcur_patch_u32(struct wcursor *, size_t, uint32_t);
size_t	wcur_len(const struct wcursor *);

/* Plain big-endian loads from a buffer the caller has bounds-checked. */
static inline uint16_t
be16(const uint8_t *p)
{
	return (uint16_t)((p[0] << 8) | p[1]);
}

static inline uint32_t
be32(const uint8_t *p)
{
	return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) |
	    ((uint32_t)p[2] << 8) | p[3];
}

static inline uint64_t
be64(const uint8_t *p)
{
	return ((uint64_t)be32(p) << 32) | be32(p + 4);
}

/* An unsigned big-endian number of n octets, n at most 8. */
static inline uint64_t
beuint(const uint8_t *p, size_t n)
{
	uint64_t x = 0;
	size_t i;

	switch (n) {
	case 1:
		return p[0];
	case 2:
		return be16(p);
	case 4:
		return be32(p);
	case 8:
		return be64(p);
	}
	for (i = 0; i < n; i++)
		x = (x << 8) | p[i];
	return x;
}

static inline void
put16(uint8_t *p, uint16_t v)
{
	p[0] = v >> 8;
	p[1] = v & 0xff;
}

static inline void
put32(uint8_t *p, uint32_t v)
{
	p[0] = v >> 24;
	p[1] = (v >> 16) & 0xff;
	p[2] = (v >> 8) & 0xff;
	p[3] = v & 0xff;
}

static inline void
put64(uint8_t *p, uint64_t v)
{
	put32(p, (uint32_t)(v >> 32));
	put32(p + 4, (uint32_t)v);
}

#endif /* PFL_CURSOR_H */
