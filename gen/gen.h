/*
 * gen.h: the traffic generator.  gen_run() turns a parsed scenario into
 * frames in time order and ledger lines; gen_write() puts them into
 * DIR/traffic.pcap and DIR/ledger.jsonl (pflowlab-gen(1)).
 */
#ifndef PFL_GEN_H
#define PFL_GEN_H

#include <stddef.h>
#include <stdint.h>

#include "ledger.h"
#include "scn.h"

/* One packet as the scheduler describes it to the builder. */
struct gen_pkt {
	int		 side;		/* side of the sender (enum scn_side) */
	uint8_t		 proto;
	uint8_t		 tos;
	uint8_t		 tcp_flags;
	uint16_t	 mss;		/* MSS option, 0 = none */
	struct addr	 src;
	struct addr	 dst;
	uint16_t	 sport;		/* TCP/UDP; ICMP echo id */
	uint16_t	 dport;
	uint32_t	 seq;		/* TCP; ICMP echo sequence */
	uint32_t	 ack;
	uint16_t	 win;
	uint16_t	 ipid;
	uint8_t		 icmp_type;
	uint32_t	 paylen;
};

struct gen_builder;

struct gen_builder *gen_builder_new(char *, size_t);
/*
 * Build the Ethernet frame of p.  *frame stays valid until the next
 * call or gen_builder_free.  0 or -1 with a message.
 */
int	gen_build(struct gen_builder *, const struct gen_pkt *,
	    const uint8_t **, uint32_t *, char *, size_t);
void	gen_builder_free(struct gen_builder *);
/* Layer-3 length of p (what PF counts). */
uint32_t gen_l3len(const struct gen_pkt *);

struct gen_sink {
	/* a frame at time ts_us (absolute, epoch included) */
	int	(*frame)(void *, int64_t, const uint8_t *, uint32_t);
	/* a session instance ended: its fwd and (if any) rev line */
	int	(*ledger)(void *, const struct ledger_ent *);
	void	*arg;
};

struct gen_stats {
	uint64_t	 packets;
	uint64_t	 octets;	/* layer 3 */
	uint64_t	 sessions;	/* instances */
	uint64_t	 ledger_lines;
	int64_t		 first_us;
	int64_t		 last_us;
};

int	gen_run(const struct scenario *, const struct gen_sink *,
	    struct gen_stats *, char *, size_t);

/*
 * Write DIR/traffic.pcap and DIR/ledger.jsonl (temporary names, renamed
 * when complete; nothing is left behind on error).  snaplen 0 = whole
 * frames.
 */
int	gen_write(const struct scenario *, const char *, uint32_t,
	    struct gen_stats *, char *, size_t);

#endif /* PFL_GEN_H */
