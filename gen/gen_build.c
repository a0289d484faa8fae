/*
 * gen_build.c: build one Ethernet frame with libnet in a LIBNET_NONE
 * context (construction only: no socket, no privilege).  One context per
 * header chain (IPv4/IPv6 x TCP, TCP+MSS, UDP, ICMP) whose protocol
 * blocks are rebuilt in place through their ptags; libnet_pblock_coalesce
 * hands back the frame with every checksum filled in.
 */
#include <sys/socket.h>

#include <libnet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gen.h"

/* TCP with and without payload apart: libnet deletes and re-creates the
 * payload block whenever a context switches between the two */
enum { K_TCP, K_TCPDATA, K_TCPMSS, K_UDP, K_ICMP, K_N };

struct gen_ctx {
	libnet_t	*l;
	libnet_ptag_t	 opt, l4, l3, eth;
};

struct gen_builder {
	struct gen_ctx	 ctx[2][K_N];
	uint8_t		*frame;		/* last coalesced frame */
	libnet_t	*owner;		/* context that allocated it */
};

static const uint8_t zeros[SCN_MAXSIZE + 64];
static const uint8_t mac_client_host[6] = SCN_MAC_CLIENT_HOST;
static const uint8_t mac_gw_inside[6] = SCN_MAC_GW_INSIDE;
static const uint8_t mac_server_host[6] = SCN_MAC_SERVER_HOST;
static const uint8_t mac_gw_outside[6] = SCN_MAC_GW_OUTSIDE;

struct gen_builder *
gen_builder_new(char *err, size_t errlen)
{
	char ebuf[LIBNET_ERRBUF_SIZE];
	struct gen_builder *b;
	int v, k;

	if ((b = calloc(1, sizeof(*b))) == NULL) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	for (v = 0; v < 2; v++)
		for (k = 0; k < K_N; k++) {
			ebuf[0] = '\0';
			b->ctx[v][k].l = libnet_init(LIBNET_NONE, NULL, ebuf);
			if (b->ctx[v][k].l == NULL) {
				snprintf(err, errlen, "libnet_init(LIBNET_NONE)"
				    " failed: %s (this libnet cannot build "
				    "packets without privilege; libnet 1.1.6 "
				    "or later is needed)", ebuf);
				gen_builder_free(b);
				return NULL;
			}
		}
	return b;
}

void
gen_builder_free(struct gen_builder *b)
{
	int v, k;

	if (b == NULL)
		return;
	if (b->frame != NULL)
		libnet_adv_free_packet(b->owner, b->frame);
	for (v = 0; v < 2; v++)
		for (k = 0; k < K_N; k++)
			if (b->ctx[v][k].l != NULL)
				libnet_destroy(b->ctx[v][k].l);
	free(b);
}

static uint32_t
l4len(const struct gen_pkt *p)
{
	switch (p->proto) {
	case IPPROTO_TCP:
		return LIBNET_TCP_H + (p->mss ? 4 : 0) + p->paylen;
	case IPPROTO_UDP:
		return LIBNET_UDP_H + p->paylen;
	default:
		return 8 + p->paylen;
	}
}

uint32_t
gen_l3len(const struct gen_pkt *p)
{
	return (p->src.af == AF_INET6 ? LIBNET_IPV6_H : LIBNET_IPV4_H) +
	    l4len(p);
}

int
gen_build(struct gen_builder *b, const struct gen_pkt *p,
    const uint8_t **frame, uint32_t *len, char *err, size_t errlen)
{
	struct gen_ctx *c;
	libnet_t *l;
	int v6 = p->src.af == AF_INET6, k;
	uint32_t n4 = l4len(p), fsz;
	uint8_t *f;
	const uint8_t *smac, *dmac;

	switch (p->proto) {
	case IPPROTO_TCP:
		k = p->mss ? K_TCPMSS : (p->paylen ? K_TCPDATA : K_TCP);
		break;
	case IPPROTO_UDP:
		k = K_UDP;
		break;
	default:
		k = K_ICMP;
		break;
	}
	c = &b->ctx[v6][k];
	l = c->l;
	if (k == K_TCPMSS) {
		uint8_t opt[4] = { 2, 4, (uint8_t)(p->mss >> 8),
		    (uint8_t)p->mss };

		c->opt = libnet_build_tcp_options(opt, sizeof(opt), l, c->opt);
		if (c->opt == -1)
			goto fail;
	}
	switch (k) {
	case K_TCP:
	case K_TCPDATA:
	case K_TCPMSS:
		c->l4 = libnet_build_tcp(p->sport, p->dport, p->seq, p->ack,
		    p->tcp_flags, p->win, 0, 0, (uint16_t)n4,
		    p->paylen ? zeros : NULL, p->paylen, l, c->l4);
		break;
	case K_UDP:
		c->l4 = libnet_build_udp(p->sport, p->dport, (uint16_t)n4, 0,
		    p->paylen ? zeros : NULL, p->paylen, l, c->l4);
		break;
	default:
		if (v6)
			c->l4 = libnet_build_icmpv6_echo(p->icmp_type, 0, 0,
			    p->sport, (uint16_t)p->seq,
			    p->paylen ? (uint8_t *)(uintptr_t)zeros : NULL,
			    p->paylen, l, c->l4);
		else
			c->l4 = libnet_build_icmpv4_echo(p->icmp_type, 0, 0,
			    p->sport, (uint16_t)p->seq,
			    p->paylen ? zeros : NULL, p->paylen, l, c->l4);
		break;
	}
	if (c->l4 == -1)
		goto fail;
	if (v6) {
		struct libnet_in6_addr s6, d6;

		memcpy(&s6, p->src.a, 16);
		memcpy(&d6, p->dst.a, 16);
		c->l3 = libnet_build_ipv6(p->tos, 0, (uint16_t)n4, p->proto,
		    64, s6, d6, NULL, 0, l, c->l3);
	} else {
		uint32_t s4, d4;

		memcpy(&s4, p->src.a, 4);
		memcpy(&d4, p->dst.a, 4);
		c->l3 = libnet_build_ipv4((uint16_t)(LIBNET_IPV4_H + n4),
		    p->tos, p->ipid, p->proto == IPPROTO_TCP ? 0x4000 : 0, 64,
		    p->proto, 0, s4, d4, NULL, 0, l, c->l3);
	}
	if (c->l3 == -1)
		goto fail;
	if (p->side == SCN_CLIENT) {
		smac = mac_client_host;
		dmac = mac_gw_inside;
	} else {
		smac = mac_server_host;
		dmac = mac_gw_outside;
	}
	c->eth = libnet_build_ethernet(dmac, smac, v6 ? ETHERTYPE_IPV6 :
	    ETHERTYPE_IP, NULL, 0, l, c->eth);
	if (c->eth == -1)
		goto fail;
	if (b->frame != NULL) {
		libnet_adv_free_packet(b->owner, b->frame);
		b->frame = NULL;
	}
	if (libnet_pblock_coalesce(l, &f, &fsz) == -1)
		goto fail;
	b->frame = f;
	b->owner = l;
	*frame = f;
	*len = fsz;
	return 0;
fail:
	snprintf(err, errlen, "libnet: %s", libnet_geterror(l));
	return -1;
}
