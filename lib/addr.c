/*
 * addr.c: address helpers.
 */
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#include <stdio.h>
#include <string.h>

#include "addr.h"

void
addr_set4(struct addr *a, const uint8_t *p)
{
	memset(a, 0, sizeof(*a));
	a->af = AF_INET;
	memcpy(a->a, p, 4);
}

void
addr_set6(struct addr *a, const uint8_t *p)
{
	memset(a, 0, sizeof(*a));
	a->af = AF_INET6;
	memcpy(a->a, p, 16);
}

int
addr_cmp(const struct addr *x, const struct addr *y)
{
	if (x->af != y->af)
		return x->af < y->af ? -1 : 1;
	return memcmp(x->a, y->a, x->af == AF_INET ? 4 : 16);
}

char *
addr_fmt(const struct addr *a, char *buf, size_t len)
{
	if (len == 0)
		return buf;
	buf[0] = '\0';
	if (a->af == AF_INET || a->af == AF_INET6)
		inet_ntop(a->af, a->a, buf, len);
	return buf;
}

int
addr_parse(const char *s, struct addr *a)
{
	memset(a, 0, sizeof(*a));
	if (inet_pton(AF_INET, s, a->a) == 1) {
		a->af = AF_INET;
		return 0;
	}
	if (inet_pton(AF_INET6, s, a->a) == 1) {
		a->af = AF_INET6;
		return 0;
	}
	return -1;
}

int
addr_in_net(uint8_t af, const uint8_t *a, const struct addr *net,
    uint8_t plen)
{
	unsigned int full = plen / 8, rest = plen % 8;

	if (net->af != af)
		return 0;
	if (memcmp(a, net->a, full) != 0)
		return 0;
	if (rest == 0)
		return 1;
	return ((a[full] ^ net->a[full]) & (0xff << (8 - rest))) == 0;
}

int
exporter_cmp(const struct exporter *x, const struct exporter *y)
{
	int c = addr_cmp(&x->addr, &y->addr);

	if (c != 0)
		return c;
	return x->port == y->port ? 0 : (x->port < y->port ? -1 : 1);
}

char *
exporter_fmt(const struct exporter *e, char *buf, size_t len)
{
	char a[ADDR_STRLEN];

	addr_fmt(&e->addr, a, sizeof(a));
	if (e->addr.af == AF_INET6)
		snprintf(buf, len, "[%s]:%u", a, e->port);
	else if (e->addr.af == AF_INET)
		snprintf(buf, len, "%s:%u", a, e->port);
	else
		snprintf(buf, len, "-");
	return buf;
}

uint32_t
exporter_hash(const struct exporter *e)
{
	uint32_t h = 2166136261u;
	size_t i, n = e->addr.af == AF_INET6 ? 16 : 4;

	for (i = 0; i < n; i++)
		h = (h ^ e->addr.a[i]) * 16777619u;
	h = (h ^ (e->port & 0xff)) * 16777619u;
	h = (h ^ (e->port >> 8)) * 16777619u;
	return h;
}
