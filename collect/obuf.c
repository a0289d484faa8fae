/*
 * obuf.c: buffered output with hand-rolled number and address formatting
 * (see obuf.h).
 */
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#include <math.h>
#include <stdlib.h>

#include "obuf.h"

static const char hexd[] = "0123456789abcdef";
static char obuf_sink[4 * OBUF_SIZE];

int
obuf_init(struct obuf *o, FILE *f)
{
	memset(o, 0, sizeof(*o));
	o->f = f;
	o->cap = OBUF_SIZE;
	if ((o->buf = malloc(o->cap)) == NULL)
		return -1;
	return 0;
}

int
obuf_flush(struct obuf *o)
{
	if (o->sink) {
		o->len = 0;
		return -1;
	}
	if (o->f == NULL)
		return 0;
	if (o->len > 0 && fwrite(o->buf, 1, o->len, o->f) != o->len)
		o->err = 1;
	o->len = 0;
	if (fflush(o->f) != 0 || ferror(o->f))
		o->err = 1;
	return o->err ? -1 : 0;
}

void
obuf_free(struct obuf *o)
{
	if (!o->sink)
		free(o->buf);
	o->buf = NULL;
	o->cap = o->len = 0;
}

void
obuf_grow(struct obuf *o, size_t n)
{
	char *nb;

	/* write out what we have, then make sure n fits */
	if (o->len > 0 && (o->f != NULL || o->sink)) {
		if (!o->sink && fwrite(o->buf, 1, o->len, o->f) != o->len)
			o->err = 1;
		o->len = 0;
	}
	if (o->len + n <= o->cap)
		return;
	if (!o->sink &&
	    (nb = realloc(o->buf, o->len + n + OBUF_SLACK)) != NULL) {
		o->buf = nb;
		o->cap = o->len + n + OBUF_SLACK;
		return;
	}
	/*
	 * Out of memory: the output is lost (obuf_flush reports the error),
	 * formatting goes on into a sink so that no caller has to check.
	 * No single request exceeds the sink: the largest is the hex of a
	 * 65535-octet IPFIX field.
	 */
	o->err = 1;
	o->len = 0;
	if (!o->sink)
		free(o->buf);
	o->buf = obuf_sink;
	o->cap = sizeof(obuf_sink);
	o->sink = 1;
}

static const char obuf_pairs[] =
    "00010203040506070809101112131415161718192021222324252627282930313233"
    "34353637383940414243444546474849505152535455565758596061626364656667"
    "6869707172737475767778798081828384858687888990919293949596979899";

void
obuf_u64(struct obuf *o, uint64_t v)
{
	char tmp[20], *p = tmp + sizeof(tmp), *d;
	size_t n;

	/* two digits per division */
	while (v >= 100) {
		unsigned int r = (unsigned int)(v % 100);

		v /= 100;
		p -= 2;
		p[0] = obuf_pairs[2 * r];
		p[1] = obuf_pairs[2 * r + 1];
	}
	if (v >= 10) {
		p -= 2;
		p[0] = obuf_pairs[2 * v];
		p[1] = obuf_pairs[2 * v + 1];
	} else
		*--p = (char)('0' + v);
	n = (size_t)(tmp + sizeof(tmp) - p);
	d = obuf_room(o, n);
	memcpy(d, p, n);
	o->len += n;
}

void
obuf_i64(struct obuf *o, int64_t v)
{
	if (v < 0) {
		obuf_putc(o, '-');
		obuf_u64(o, (uint64_t)0 - (uint64_t)v);
	} else
		obuf_u64(o, (uint64_t)v);
}

void
obuf_hex(struct obuf *o, const uint8_t *p, size_t n)
{
	char *d = obuf_room(o, 2 * n);
	size_t i;

	for (i = 0; i < n; i++) {
		d[2 * i] = hexd[p[i] >> 4];
		d[2 * i + 1] = hexd[p[i] & 15];
	}
	o->len += 2 * n;
}

void
obuf_jesc(struct obuf *o, const uint8_t *p, size_t n)
{
	size_t i;
	char *d;

	d = obuf_room(o, 6 * n);
	for (i = 0; i < n; i++) {
		uint8_t c = p[i];

		if (c == '"' || c == '\\') {
			*d++ = '\\';
			*d++ = (char)c;
		} else if (c == '\n') {
			*d++ = '\\';
			*d++ = 'n';
		} else if (c == '\t') {
			*d++ = '\\';
			*d++ = 't';
		} else if (c < 0x20 || c >= 0x7f) {
			*d++ = '\\';
			*d++ = 'u';
			*d++ = '0';
			*d++ = '0';
			*d++ = hexd[c >> 4];
			*d++ = hexd[c & 15];
		} else
			*d++ = (char)c;
	}
	o->len = (size_t)(d - o->buf);
}

void
obuf_ip4(struct obuf *o, const uint8_t *a)
{
	char *d = obuf_room(o, 16), *s = d;
	int i;

	for (i = 0; i < 4; i++) {
		unsigned int v = a[i];

		if (v >= 100) {
			*d++ = (char)('0' + v / 100);
			*d++ = (char)('0' + v / 10 % 10);
		} else if (v >= 10)
			*d++ = (char)('0' + v / 10);
		*d++ = (char)('0' + v % 10);
		if (i < 3)
			*d++ = '.';
	}
	o->len += (size_t)(d - s);
}

void
obuf_ip6(struct obuf *o, const uint8_t *a)
{
	char s[INET6_ADDRSTRLEN];

	if (inet_ntop(AF_INET6, a, s, sizeof(s)) == NULL)
		s[0] = '\0';
	obuf_puts(o, s);
}

void
obuf_addr(struct obuf *o, const struct addr *a)
{
	if (a->af == AF_INET)
		obuf_ip4(o, a->a);
	else if (a->af == AF_INET6)
		obuf_ip6(o, a->a);
}

void
obuf_mac(struct obuf *o, const uint8_t *m)
{
	char *d = obuf_room(o, 17);
	int i;

	for (i = 0; i < 6; i++) {
		*d++ = hexd[m[i] >> 4];
		*d++ = hexd[m[i] & 15];
		if (i < 5)
			*d++ = ':';
	}
	o->len += 17;
}

void
obuf_double(struct obuf *o, double v)
{
	int n;

	if (!isfinite(v)) {
		obuf_puts(o, "null");
		return;
	}
	n = snprintf(obuf_room(o, 32), 32, "%.17g", v);
	if (n > 0 && n < 32)
		o->len += (size_t)n;
}
