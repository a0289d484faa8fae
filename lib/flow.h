/*
 * flow.h: the neutral flow record.  Every decoder's record is mapped into
 * one of these (flow_from_rec); every check reads it.  No wire types past
 * this point.
 */
#ifndef PFL_FLOW_H
#define PFL_FLOW_H

#include <stdint.h>

#include "addr.h"
#include "dec.h"

#define NTP_UNIX_DELTA	2208988800ULL	/* 1900-01-01 to 1970-01-01, s */

/* Which optional fields a record carried (flow.has). */
#define FLOW_HAS_START		0x0001	/* start_ms is meaningful */
#define FLOW_HAS_END		0x0002
#define FLOW_HAS_PORTS		0x0004
#define FLOW_HAS_IFACES		0x0008
#define FLOW_HAS_POSTNAT	0x0010	/* post_* filled (pflow NAT template) */
#define FLOW_HAS_UPTIME		0x0020	/* first/last_uptime raw (v5/v9) */
#define FLOW_HAS_TOS		0x0040
#define FLOW_HAS_FLAGS		0x0080

struct flow {
	struct addr	src;
	struct addr	dst;
	struct addr	post_src;	/* postNATSourceIPv4Address */
	struct addr	post_dst;
	uint16_t	sport;
	uint16_t	dport;
	uint16_t	post_sport;
	uint16_t	post_dport;
	uint8_t		proto;
	uint8_t		tos;
	uint8_t		tcp_flags;
	uint16_t	has;
	uint32_t	in_if;
	uint32_t	out_if;
	uint64_t	packets;
	uint64_t	octets;
	int64_t		start_ms;	/* unix ms, derived for v5/v9 */
	int64_t		end_ms;
	uint32_t	first_uptime;	/* v5/v9 raw sysuptime ms */
	uint32_t	last_uptime;
	/* provenance */
	uint16_t	version;
	uint16_t	tmpl_id;
	uint32_t	domain;
	uint64_t	dgram;		/* datagram index */
	uint32_t	export_time;
	int64_t		arrival_us;
};

/* Map a decoded record to a flow (absolute times from the header). */
void	flow_from_rec(const struct msg *, const struct rec *, struct flow *);

#endif /* PFL_FLOW_H */
