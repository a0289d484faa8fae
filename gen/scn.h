/*
 * scn.h: a parsed scenario (.scn): gateway settings, hosts, sessions and
 * hand-written expectations.  The language is in pflowlab-scenario(5);
 * gen/scn_parse.c reads it, gen/ turns sessions into packets, sim/ and
 * the rigs take the gateway settings, verify/ checks the expectations.
 */
#ifndef PFL_SCN_H
#define PFL_SCN_H

#include <stddef.h>
#include <stdint.h>

#include "addr.h"
#include "gwconf.h"

#define SCN_NAMELEN	64

enum scn_side {
	SCN_CLIENT = 0,		/* inside / LAN side of the gateway */
	SCN_SERVER = 1		/* outside / WAN side */
};

struct scn_host {
	char		 name[SCN_NAMELEN];
	struct addr	 addr;
	enum scn_side	 side;
	uint32_t	 line;
};

/* One step of a session's script, in order. */
enum scn_op {
	SCN_OP_CONNECT,		/* TCP three-way handshake */
	SCN_OP_SYN_ONLY,	/* TCP SYN never answered */
	SCN_OP_SEND,		/* initiator -> responder: count x size */
	SCN_OP_RECV,		/* responder -> initiator: count x size */
	SCN_OP_IDLE,		/* nothing for dur_us */
	SCN_OP_SHUT,		/* half-close: initiator sends FIN */
	SCN_OP_SHUT_PEER,	/* half-close: responder sends FIN */
	SCN_OP_CLOSE_FIN,	/* orderly close: initiator FIN first */
	SCN_OP_CLOSE_FIN_PEER,	/* orderly close: responder FIN first */
	SCN_OP_RST,		/* initiator aborts with RST */
	SCN_OP_RST_PEER,	/* responder aborts with RST */
	SCN_OP_PING,		/* ICMP/ICMPv6 echo: count, size; reply? */
	SCN_OP_BOTH,		/* count x size each way, alternating,
				   initiator first */
	SCN_OP_COUNT_
};

/*
 * Ethernet addresses in traffic.pcap (see pflowlab-gen(1) TRAFFIC FILE):
 * every frame is written once, as it enters the gateway; the source is
 * the host MAC of the sending side, the destination the gateway's MAC
 * on that side.  The side of a frame is known from either MAC.
 */
#define SCN_MAC_CLIENT_HOST	{ 0x02, 0x70, 0x66, 0x01, 0x00, 0x02 }
#define SCN_MAC_GW_INSIDE	{ 0x02, 0x70, 0x66, 0x01, 0x00, 0x01 }
#define SCN_MAC_SERVER_HOST	{ 0x02, 0x70, 0x66, 0x02, 0x00, 0x02 }
#define SCN_MAC_GW_OUTSIDE	{ 0x02, 0x70, 0x66, 0x02, 0x00, 0x01 }

#define SCN_DEFAULT_EPOCH_US	(1767225600LL * 1000000)
#define SCN_DEFAULT_PACE_US	1000
#define SCN_MAXSIZE		65000	/* payload octets of one packet */

struct scn_step {
	enum scn_op	 op;
	uint32_t	 count;		/* segments / datagrams / echoes */
	uint32_t	 size;		/* payload octets each */
	int64_t		 gap_us;	/* between packets of this step */
	int64_t		 dur_us;	/* IDLE */
	int		 reply;		/* PING: answered */
	uint32_t	 line;
	uint32_t	 col;
};

struct scn_session {
	uint32_t	 id;		/* from 1, in file order (after repeat
					   expansion: first instance's id) */
	uint32_t	 line;
	char		 name[SCN_NAMELEN]; /* optional label, "" if none */
	int64_t		 start_us;	/* offset from the scenario epoch */
	uint8_t		 proto;		/* IPPROTO_TCP, _UDP, _ICMP, _ICMPV6 */
	struct addr	 src;		/* initiator */
	struct addr	 dst;		/* responder */
	uint16_t	 sport;		/* ICMP: echo id */
	uint16_t	 dport;
	enum scn_side	 from;		/* side of the initiator */
	uint32_t	 repeat;	/* instances (1 = once) */
	int64_t		 interval_us;	/* between instances */
	uint16_t	 sport_step;	/* source port increment per instance */
	uint32_t	 src_step;	/* source address increment per instance
					   (added to the low 32 bits) */
	uint8_t		 tos;		/* IPv4 TOS / IPv6 traffic class */
	int64_t		 pace_us;	/* default spacing of packets (1 ms) */
	struct addr	 rsrc;		/* responder as it answers (rdr-to
					   target; else == dst) */
	uint16_t	 rport;		/* responder's port (rdr-to; else dport) */
	int		 rdr;		/* rdr-to applies to this session */
	int		 nat;		/* nat-to applies to this session */
	struct scn_step	*steps;
	size_t		 nsteps;
};

enum scn_expect_kind {
	SCN_EXP_RECORDS,	/* expect records N: total data records */
	SCN_EXP_FLOW,		/* expect session S fwd|rev packets P octets O */
	SCN_EXP_NONE,		/* expect session S none: no record at all */
	SCN_EXP_FINDING,	/* expect finding RULE-ID [count N] */
	SCN_EXP_VERDICT		/* expect verdict pass|fail */
};

struct scn_expect {
	enum scn_expect_kind kind;
	uint32_t	 line;
	uint32_t	 session;	/* FLOW, NONE */
	int		 rev;		/* FLOW: 0 fwd, 1 rev */
	int64_t		 records;	/* RECORDS; -1 = not given */
	int64_t		 packets;	/* FLOW; -1 = not given */
	int64_t		 octets;	/* FLOW; -1 = not given */
	uint32_t	 tolerance_pct;	/* "~5%" after a number, 0 = exact */
	char		 rule[32];	/* FINDING */
	int64_t		 count;		/* FINDING; -1 = at least one */
	int		 pass;		/* VERDICT */
};

/* Faults the simulator is told to commit (negative scenarios). */
struct scn_fault {
	char		 spec[128];	/* as sim --fault takes it */
	uint32_t	 line;
};

struct scenario {
	char		 path[1024];
	char		 title[160];	/* first comment line, or the file name */
	int64_t		 epoch_us;	/* scenario time 0 (default
					   2026-01-01T00:00:00Z) */
	uint64_t	 seed;
	struct gw_conf	 gw;		/* profile, pflow placement, NAT, ... */
	struct scn_host	*hosts;
	size_t		 nhosts;
	struct scn_session *sessions;
	size_t		 nsessions;
	struct scn_expect *expects;
	size_t		 nexpects;
	struct scn_fault *faults;
	size_t		 nfaults;
};

/*
 * Parse a scenario file.  On error returns -1 and writes one message
 * "FILE:LINE:COL: what\n  offending line\n  ^" into errbuf; nothing of a
 * scenario with an error is returned.
 */
int	scn_parse_file(const char *, struct scenario *, char *, size_t);
int	scn_parse_buf(const char *name, const char *, size_t,
	    struct scenario *, char *, size_t);
void	scn_free(struct scenario *);

/* Total session instances (sum of repeat counts): the highest id. */
uint64_t scn_ninstances(const struct scenario *);
/* "connect", "send", ... for messages and the golden dumps. */
const char *scn_op_name(enum scn_op);
/* A scenario's name from its path: "dir/name.scn" -> "name". */
void	scn_name(const char *, char *, size_t);

#endif /* PFL_SCN_H */
