/*
 * pkt.h: parse one captured frame (Ethernet, Linux cooked v1/v2, raw IP,
 * BSD loopback) down to the transport header.  Shared by the collector
 * (export datagrams in a pcap), the simulator (traffic through the
 * gateway) and the tests (recounting the generator's pcaps).
 */
#ifndef PFL_PKT_H
#define PFL_PKT_H

#include <stddef.h>
#include <stdint.h>

#include "addr.h"

#define PKT_FRAG_MF	0x01	/* more fragments */
#define PKT_FRAG	0x02	/* a fragment (offset != 0 or MF) */

struct pkt {
	const uint8_t	*l2;		/* start of the frame */
	size_t		 caplen;
	uint8_t		 mac_src[6];	/* Ethernet only, else zero */
	uint8_t		 mac_dst[6];
	int		 has_mac;
	const uint8_t	*l3;		/* IP header */
	size_t		 l3_caplen;	/* captured octets from l3 */
	uint32_t	 l3_len;	/* IPv4 total length / IPv6 40+payload */
	struct addr	 src;
	struct addr	 dst;
	uint8_t		 proto;		/* transport protocol (after v6 ext) */
	uint8_t		 ttl;
	uint8_t		 tos;
	uint8_t		 frag;		/* PKT_FRAG* */
	uint16_t	 frag_off;	/* octets */
	uint32_t	 ip_id;		/* IPv4 id / IPv6 fragment id */
	const uint8_t	*l4;		/* transport header, NULL for a
					   non-first fragment */
	size_t		 l4_caplen;
	uint16_t	 sport;		/* TCP/UDP ports, ICMP id / type */
	uint16_t	 dport;
	uint8_t		 tcp_flags;
	uint32_t	 tcp_seq;
	uint32_t	 tcp_ack;
	uint8_t		 icmp_type;
	uint8_t		 icmp_code;
	const uint8_t	*payload;	/* UDP/TCP payload */
	size_t		 payload_len;	/* captured payload octets */
	size_t		 payload_wire;	/* payload octets per the headers */
};

enum pkt_status {
	PKT_OK = 0,
	PKT_NOTIP,		/* not IPv4/IPv6 (ARP, ...) */
	PKT_TRUNC,		/* headers cut short by the snap length */
	PKT_BAD,		/* malformed header */
	PKT_LINKTYPE		/* link type not supported */
};

/* linktype is a DLT_* value as libpcap returns it. */
enum pkt_status pkt_parse(int linktype, const uint8_t *, size_t, struct pkt *);
int	pkt_linktype_ok(int linktype);

#endif /* PFL_PKT_H */
