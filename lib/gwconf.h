/*
 * gwconf.h: what a gateway is told to do: the settings a scenario's
 * gateway lines carry (gen/ parses them), the simulator honours and the
 * live rigs turn into pf.conf and hostname.pflow0.
 */
#ifndef PFL_GWCONF_H
#define PFL_GWCONF_H

#include <stdint.h>

#include "addr.h"
#include "profile.h"

#define GW_MAXPFLOW	4	/* pflow interfaces */

struct gw_nat {
	int		 on;
	struct addr	 match;		/* sessions from this net ... */
	uint8_t		 match_plen;	/* ... prefix length (0 = any) */
	struct addr	 to;		/* nat-to address */
	uint16_t	 port_lo;	/* nat-to port range, 0 = keep ports */
	uint16_t	 port_hi;
};

struct gw_rdr {
	int		 on;
	struct addr	 match;		/* public destination address */
	uint16_t	 match_port;	/* 0 = any port */
	struct addr	 to;		/* rdr-to address */
	uint16_t	 to_port;	/* 0 = keep the port */
};

struct gw_pflow {
	int		 proto;		/* 5 or 10 */
	struct addr	 flowsrc;
	struct exporter	 flowdst;
	uint16_t	 mtu;		/* 1500 unless set */
};

struct gw_conf {
	const struct profile *profile;
	int		 pflow_in;	/* "pass in ... (pflow)" */
	int		 pflow_out;	/* "pass out ... (pflow)" */
	uint8_t		 rule_tos;	/* the pass rule's tos match value */
	struct gw_nat	 nat;
	struct gw_rdr	 rdr;
	uint32_t	 timeouts[PFTM_MAX]; /* effective (profile + overrides) */
	uint32_t	 state_limit;
	int		 flush_at_end;	/* pfctl -F states after the traffic */
	uint32_t	 if_client;	/* ifindex of the client-side interface */
	uint32_t	 if_server;	/* ifindex of the server-side interface */
	int		 npflow;
	struct gw_pflow	 pflow[GW_MAXPFLOW];
	int64_t		 boot_us;	/* gateway boot time (uptime origin) */
};

/* Defaults for a profile: pflow on the inbound rule only, one IPFIX
 * pflow0 from 198.18.0.1 to 198.18.0.2:4739, if_client 1, if_server 2. */
void	gw_conf_defaults(struct gw_conf *, const struct profile *);

#endif /* PFL_GWCONF_H */
