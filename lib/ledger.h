/*
 * ledger.h: the generator's ground truth, one JSON line per session and
 * direction (ledger.jsonl):
 *
 *   {"session":3,"line":12,"dir":"fwd","proto":6,"af":4,
 *    "src":"198.18.1.2","sport":40000,"dst":"198.18.2.2","dport":80,
 *    "packets":8,"octets":4520,"first_us":1767225600000000,
 *    "last_us":1767225601250000,"end":"fin","from":"client"}
 *
 * dir "fwd" is initiator -> responder, "rev" the answer.  octets are
 * layer-3 bytes (IPv4 total length, IPv6 40 + payload length), as PF
 * counts them.  ICMP: sport is the echo id, dport the ICMP type (8/128),
 * as PF keys the state.  end is how the session ended: "fin", "rst",
 * "open" (still established), "unanswered" (SYN or query never answered),
 * "oneway" (UDP/ICMP with no reply expected), "done" (UDP/ICMP exchange).
 * from is the side of the initiator: "client" or "server".
 * A direction that carried no packet has no line.
 *
 * src/dst are the packet's addresses as it entered the gateway (as its
 * sender wrote it).  When nat-to or rdr-to rewrote them on the way
 * through, the line also has "xsrc","xsport","xdst","xdport": the
 * addresses as the packet left the gateway (pflowlab-gen(1)).  Lines
 * come in the order the sessions ended (deterministic); a session's fwd
 * line precedes its rev line.
 */
#ifndef PFL_LEDGER_H
#define PFL_LEDGER_H

#include <stdint.h>
#include <stdio.h>

#include "addr.h"

struct ledger_ent {
	uint32_t	 session;	/* from 1, in scenario order */
	uint32_t	 line;		/* scenario line that made it */
	int		 rev;		/* 0 fwd, 1 rev */
	uint8_t		 proto;
	struct addr	 src;
	struct addr	 dst;
	uint16_t	 sport;
	uint16_t	 dport;
	uint64_t	 packets;
	uint64_t	 octets;
	int64_t		 first_us;
	int64_t		 last_us;
	char		 end[16];
	char		 from[8];
	int		 xlate;		/* the x* fields are set */
	struct addr	 xsrc;
	struct addr	 xdst;
	uint16_t	 xsport;
	uint16_t	 xdport;
};

int	ledger_write(FILE *, const struct ledger_ent *);
/*
 * Read every line of a ledger file.  Returns the number of entries (*out
 * is malloc'd) or -1 with a message "FILE:LINE: why" in errbuf.
 */
long	ledger_read(const char *, struct ledger_ent **, char *, size_t);

#endif /* PFL_LEDGER_H */
