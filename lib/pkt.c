/*
 * pkt.c: frame parser, link layer down to the transport header.
 * Reads through explicit bounds checks only; never writes the frame.
 */
#include <sys/socket.h>
#include <netinet/in.h>

#include <pcap/dlt.h>
#include <string.h>

#include "cursor.h"
#include "pkt.h"

#ifndef DLT_LINUX_SLL2
#define DLT_LINUX_SLL2	276
#endif
#ifndef DLT_IPV4
#define DLT_IPV4	228
#endif
#ifndef DLT_IPV6
#define DLT_IPV6	229
#endif

#define ETHERTYPE_IP	0x0800
#define ETHERTYPE_IPV6	0x86dd
#define ETHERTYPE_VLAN	0x8100
#define ETHERTYPE_QINQ	0x88a8

int
pkt_linktype_ok(int lt)
{
	switch (lt) {
	case DLT_EN10MB:
	case DLT_RAW:
	case DLT_IPV4:
	case DLT_IPV6:
	case DLT_LINUX_SLL:
	case DLT_LINUX_SLL2:
	case DLT_NULL:
	case DLT_LOOP:
#ifdef DLT_RAW_ALT
	case DLT_RAW_ALT:
#endif
		return 1;
	default:
		/* OpenBSD's DLT_RAW is 14 */
		return lt == 12 || lt == 14 || lt == 101;
	}
}

static enum pkt_status
pkt_l4(struct pkt *p, const uint8_t *l4, size_t caplen, size_t wire)
{
	p->l4 = l4;
	p->l4_caplen = caplen;
	switch (p->proto) {
	case IPPROTO_TCP: {
		size_t hl;

		if (caplen < 20)
			return PKT_TRUNC;
		hl = (size_t)(l4[12] >> 4) * 4;
		if (hl < 20)
			return PKT_BAD;
		p->sport = be16(l4);
		p->dport = be16(l4 + 2);
		p->tcp_seq = be32(l4 + 4);
		p->tcp_ack = be32(l4 + 8);
		p->tcp_flags = l4[13];
		if (caplen < hl)
			return PKT_TRUNC;
		p->payload = l4 + hl;
		p->payload_len = caplen - hl;
		p->payload_wire = wire >= hl ? wire - hl : 0;
		break;
	}
	case IPPROTO_UDP:
		if (caplen < 8)
			return PKT_TRUNC;
		p->sport = be16(l4);
		p->dport = be16(l4 + 2);
		p->payload = l4 + 8;
		p->payload_wire = be16(l4 + 4) >= 8 ? be16(l4 + 4) - 8u : 0;
		p->payload_len = caplen - 8;
		if (p->payload_len > p->payload_wire)
			p->payload_len = p->payload_wire;
		break;
	case IPPROTO_ICMP:
	case IPPROTO_ICMPV6:
		if (caplen < 8)
			return PKT_TRUNC;
		p->icmp_type = l4[0];
		p->icmp_code = l4[1];
		p->sport = be16(l4 + 4);	/* echo id */
		p->dport = l4[0];		/* type, as PF keys it */
		p->payload = l4 + 8;
		p->payload_len = caplen - 8;
		p->payload_wire = wire >= 8 ? wire - 8 : 0;
		break;
	default:
		break;
	}
	return PKT_OK;
}

static enum pkt_status
pkt_ip4(struct pkt *p, const uint8_t *h, size_t caplen)
{
	size_t hl, tot;
	uint16_t fo;

	if (caplen < 20)
		return PKT_TRUNC;
	if ((h[0] >> 4) != 4)
		return PKT_BAD;
	hl = (size_t)(h[0] & 0x0f) * 4;
	tot = be16(h + 2);
	if (hl < 20 || tot < hl)
		return PKT_BAD;
	if (caplen < hl)
		return PKT_TRUNC;
	p->l3 = h;
	p->l3_caplen = caplen;
	p->l3_len = (uint32_t)tot;
	p->tos = h[1];
	p->ip_id = be16(h + 4);
	fo = be16(h + 6);
	p->frag_off = (uint16_t)((fo & 0x1fff) * 8);
	if (fo & 0x2000)
		p->frag |= PKT_FRAG_MF;
	if ((fo & 0x3fff) != 0)
		p->frag |= PKT_FRAG;
	p->ttl = h[8];
	p->proto = h[9];
	addr_set4(&p->src, h + 12);
	addr_set4(&p->dst, h + 16);
	if (caplen > tot)
		caplen = tot;		/* drop Ethernet trailer padding */
	p->l3_caplen = caplen;
	if (p->frag_off != 0)
		return PKT_OK;		/* no transport header here */
	if (p->frag & PKT_FRAG_MF) {
		/* first fragment: ports are there, payload is partial */
		enum pkt_status s = pkt_l4(p, h + hl, caplen - hl, tot - hl);
		return s == PKT_TRUNC ? PKT_OK : s;
	}
	return pkt_l4(p, h + hl, caplen - hl, tot - hl);
}

static enum pkt_status
pkt_ip6(struct pkt *p, const uint8_t *h, size_t caplen)
{
	size_t off, plen, wire;
	uint8_t nxt;

	if (caplen < 40)
		return PKT_TRUNC;
	if ((h[0] >> 4) != 6)
		return PKT_BAD;
	plen = be16(h + 4);
	p->l3 = h;
	p->l3_len = (uint32_t)(plen + 40);
	p->tos = (uint8_t)((be16(h) >> 4) & 0xff);
	p->ttl = h[7];
	addr_set6(&p->src, h + 8);
	addr_set6(&p->dst, h + 24);
	if (caplen > plen + 40)
		caplen = plen + 40;
	p->l3_caplen = caplen;
	nxt = h[6];
	off = 40;
	/* walk extension headers: hop-by-hop, routing, fragment, dest opts */
	for (;;) {
		if (nxt == 0 || nxt == 43 || nxt == 60) {
			if (caplen < off + 8)
				return PKT_TRUNC;
			nxt = h[off];
			off += ((size_t)h[off + 1] + 1) * 8;
		} else if (nxt == 44) {
			uint16_t fo;

			if (caplen < off + 8)
				return PKT_TRUNC;
			fo = be16(h + off + 2);
			p->frag_off = fo & 0xfff8;
			if (fo & 1)
				p->frag |= PKT_FRAG_MF;
			p->frag |= PKT_FRAG;
			p->ip_id = be32(h + off + 4);
			nxt = h[off];
			off += 8;
		} else
			break;
	}
	p->proto = nxt;
	if (off > plen + 40)
		return PKT_BAD;
	wire = plen + 40 - off;
	if (p->frag_off != 0)
		return PKT_OK;
	if (p->frag & PKT_FRAG_MF) {
		enum pkt_status s = pkt_l4(p, h + off, caplen - off, wire);
		return s == PKT_TRUNC ? PKT_OK : s;
	}
	if (caplen < off)
		return PKT_TRUNC;
	return pkt_l4(p, h + off, caplen - off, wire);
}

static enum pkt_status
pkt_ethertype(struct pkt *p, uint16_t et, const uint8_t *h, size_t len)
{
	if (et == ETHERTYPE_IP)
		return pkt_ip4(p, h, len);
	if (et == ETHERTYPE_IPV6)
		return pkt_ip6(p, h, len);
	return PKT_NOTIP;
}

static enum pkt_status
pkt_rawip(struct pkt *p, const uint8_t *h, size_t len)
{
	if (len < 1)
		return PKT_TRUNC;
	switch (h[0] >> 4) {
	case 4:
		return pkt_ip4(p, h, len);
	case 6:
		return pkt_ip6(p, h, len);
	default:
		return PKT_NOTIP;
	}
}

enum pkt_status
pkt_parse(int lt, const uint8_t *f, size_t caplen, struct pkt *p)
{
	uint16_t et;
	size_t off;

	memset(p, 0, sizeof(*p));
	p->l2 = f;
	p->caplen = caplen;
	switch (lt) {
	case DLT_EN10MB:
		if (caplen < 14)
			return PKT_TRUNC;
		memcpy(p->mac_dst, f, 6);
		memcpy(p->mac_src, f + 6, 6);
		p->has_mac = 1;
		et = be16(f + 12);
		off = 14;
		while (et == ETHERTYPE_VLAN || et == ETHERTYPE_QINQ) {
			if (caplen < off + 4)
				return PKT_TRUNC;
			et = be16(f + off + 2);
			off += 4;
		}
		return pkt_ethertype(p, et, f + off, caplen - off);
	case DLT_LINUX_SLL:
		if (caplen < 16)
			return PKT_TRUNC;
		return pkt_ethertype(p, be16(f + 14), f + 16, caplen - 16);
	case DLT_LINUX_SLL2:
		if (caplen < 20)
			return PKT_TRUNC;
		return pkt_ethertype(p, be16(f), f + 20, caplen - 20);
	case DLT_NULL:
	case DLT_LOOP: {
		uint32_t fam;

		if (caplen < 4)
			return PKT_TRUNC;
		/* host order for DLT_NULL, network order for DLT_LOOP */
		fam = lt == DLT_LOOP ? be32(f) :
		    ((uint32_t)f[0] | (uint32_t)f[1] << 8 |
		    (uint32_t)f[2] << 16 | (uint32_t)f[3] << 24);
		if (fam == 2)
			return pkt_ip4(p, f + 4, caplen - 4);
		if (fam == 10 || fam == 24 || fam == 28 || fam == 30)
			return pkt_ip6(p, f + 4, caplen - 4);
		return PKT_NOTIP;
	}
	default:
		if (lt == DLT_RAW || lt == DLT_IPV4 || lt == DLT_IPV6 ||
		    lt == 12 || lt == 14 || lt == 101)
			return pkt_rawip(p, f, caplen);
		return PKT_LINKTYPE;
	}
}
