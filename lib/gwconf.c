/*
 * gwconf.c: gateway settings defaults.
 */
#include <string.h>

#include "gwconf.h"

void
gw_conf_defaults(struct gw_conf *c, const struct profile *p)
{
	static const uint8_t src[4] = { 198, 18, 0, 1 };
	static const uint8_t dst[4] = { 198, 18, 0, 2 };

	memset(c, 0, sizeof(*c));
	c->profile = p;
	c->pflow_in = 1;
	memcpy(c->timeouts, p->timeouts, sizeof(c->timeouts));
	c->state_limit = p->state_limit;
	c->if_client = 1;
	c->if_server = 2;
	c->npflow = 1;
	c->pflow[0].proto = 10;
	c->pflow[0].mtu = 1500;
	addr_set4(&c->pflow[0].flowsrc, src);
	addr_set4(&c->pflow[0].flowdst.addr, dst);
	c->pflow[0].flowdst.port = 4739;
	/* 2026-01-01T00:00:00Z minus one hour of uptime */
	c->boot_us = (1767225600LL - 3600) * 1000000;
}
