/*
 * cursor.c: bounded big-endian reader and writer.
 */
#include <string.h>

#include "cursor.h"

void
cur_init(struct cursor *c, const void *buf, size_t len)
{
	c->base = buf;
	c->len = buf == NULL ? 0 : len;
	c->off = 0;
	c->origin = 0;
	c->failed = 0;
}

size_t
cur_left(const struct cursor *c)
{
	return c->failed ? 0 : c->len - c->off;
}

size_t
cur_abs(const struct cursor *c)
{
	return c->origin + c->off;
}

int
cur_failed(const struct cursor *c)
{
	return c->failed;
}

static const uint8_t *
cur_take(struct cursor *c, size_t n)
{
	const uint8_t *p;

	if (c->failed || n > c->len - c->off) {
		c->failed = 1;
		return NULL;
	}
	p = c->base + c->off;
	c->off += n;
	return p;
}

int
cur_sub(struct cursor *c, size_t n, struct cursor *sub)
{
	size_t start = c->origin + c->off;
	const uint8_t *p = cur_take(c, n);

	if (p == NULL) {
		cur_init(sub, NULL, 0);
		sub->failed = 1;
		return -1;
	}
	cur_init(sub, p, n);
	sub->origin = start;
	return 0;
}

int
cur_skip(struct cursor *c, size_t n)
{
	return cur_take(c, n) == NULL ? -1 : 0;
}

const uint8_t *
cur_ptr(struct cursor *c, size_t n)
{
	return cur_take(c, n);
}

int
cur_u8(struct cursor *c, uint8_t *v)
{
	const uint8_t *p = cur_take(c, 1);

	if (p == NULL)
		return -1;
	*v = p[0];
	return 0;
}

int
cur_u16(struct cursor *c, uint16_t *v)
{
	const uint8_t *p = cur_take(c, 2);

	if (p == NULL)
		return -1;
	*v = be16(p);
	return 0;
}

int
cur_u32(struct cursor *c, uint32_t *v)
{
	const uint8_t *p = cur_take(c, 4);

	if (p == NULL)
		return -1;
	*v = be32(p);
	return 0;
}

int
cur_u64(struct cursor *c, uint64_t *v)
{
	const uint8_t *p = cur_take(c, 8);

	if (p == NULL)
		return -1;
	*v = be64(p);
	return 0;
}

int
cur_bytes(struct cursor *c, void *dst, size_t n)
{
	const uint8_t *p = cur_take(c, n);

	if (p == NULL)
		return -1;
	memcpy(dst, p, n);
	return 0;
}

int
cur_peek_u16(const struct cursor *c, uint16_t *v)
{
	if (c->failed || c->len - c->off < 2)
		return -1;
	*v = be16(c->base + c->off);
	return 0;
}

void
wcur_init(struct wcursor *w, void *buf, size_t len)
{
	w->base = buf;
	w->len = buf == NULL ? 0 : len;
	w->off = 0;
	w->failed = 0;
}

static uint8_t *
wcur_take(struct wcursor *w, size_t n)
{
	uint8_t *p;

	if (w->failed || n > w->len - w->off) {
		w->failed = 1;
		return NULL;
	}
	p = w->base + w->off;
	w->off += n;
	return p;
}

int
wcur_u8(struct wcursor *w, uint8_t v)
{
	uint8_t *p = wcur_take(w, 1);

	if (p == NULL)
		return -1;
	*p = v;
	return 0;
}

int
wcur_u16(struct wcursor *w, uint16_t v)
{
	uint8_t *p = wcur_take(w, 2);

	if (p == NULL)
		return -1;
	put16(p, v);
	return 0;
}

int
wcur_u32(struct wcursor *w, uint32_t v)
{
	uint8_t *p = wcur_take(w, 4);

	if (p == NULL)
		return -1;
	put32(p, v);
	return 0;
}

int
wcur_u64(struct wcursor *w, uint64_t v)
{
	uint8_t *p = wcur_take(w, 8);

	if (p == NULL)
		return -1;
	put64(p, v);
	return 0;
}

int
wcur_bytes(struct wcursor *w, const void *src, size_t n)
{
	uint8_t *p = wcur_take(w, n);

	if (p == NULL)
		return -1;
	if (n > 0)
		memcpy(p, src, n);
	return 0;
}

int
wcur_zero(struct wcursor *w, size_t n)
{
	uint8_t *p = wcur_take(w, n);

	if (p == NULL)
		return -1;
	memset(p, 0, n);
	return 0;
}

int
wcur_patch_u16(struct wcursor *w, size_t at, uint16_t v)
{
	if (w->failed || at > w->off || w->off - at < 2)
		return -1;
	put16(w->base + at, v);
	return 0;
}

int
wcur_patch_u32(struct wcursor *w, size_t at, uint32_t v)
{
	if (w->failed || at > w->off || w->off - at < 4)
		return -1;
	put32(w->base + at, v);
	return 0;
}

size_t
wcur_len(const struct wcursor *w)
{
	return w->off;
}
