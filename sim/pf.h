/*
 * pf.h: the gateway's packet filter: pf_test for one packet on one
 * interface in one direction, against a rule set of two pass rules
 * ("pass in ... keep state", "pass out ... keep state", either with the
 * pflow option and an optional "tos" match) and optional nat-to / rdr-to
 * on the server-side interface, as struct gw_conf describes.  Packets
 * that a tos match excludes fall through to a plain "pass" rule: they
 * get a state, without pflow.
 */
#ifndef PFL_SIM_PF_H
#define PFL_SIM_PF_H

#include <stdint.h>

#include "gwconf.h"
#include "purge.h"
#include "state.h"

#define PF_PASS	0
#define PF_DROP	1

/* What pf_test looks at (struct pf_pdesc): addresses and ports as the
 * packet is at this point; pf_test rewrites them when a state translates. */
struct pf_pkt {
	uint8_t		 af;
	uint8_t		 proto;
	uint8_t		 flags;		/* TCP flags */
	uint8_t		 icmp_query;	/* ICMP type that opens a state */
	uint8_t		 icmp_other;	/* ICMP error: belongs to another state */
	uint8_t		 has_inner;	/* the quoted packet's header is there */
	uint8_t		 inner_proto;
	uint16_t	 inner_sport;
	uint16_t	 inner_dport;
	uint8_t		 inner_src[16];
	uint8_t		 inner_dst[16];
	uint8_t		 tos;		/* pd->tos: ToS / traffic class, no ECN */
	uint16_t	 sport;		/* ICMP: virtual id / type, pf's way */
	uint16_t	 dport;
	uint32_t	 len;		/* pd->tot_len: layer-3 octets */
	uint32_t	 hash_in;	/* hash of the inbound key, if have_hash */
	int		 have_hash;
	uint8_t		 src[16];
	uint8_t		 dst[16];
};

struct pf_stats {
	uint64_t	 passed;	/* pf_test calls that passed */
	uint64_t	 nostate;	/* dropped: no state and no rule match */
	uint64_t	 reuse;		/* SYNs that hit a closed state */
	uint64_t	 created;
	uint64_t	 removed;	/* pf_remove_state calls */
	uint64_t	 icmp_errors;	/* ICMP errors counted in a quoted state */
	uint64_t	 icmp_orphans;	/* ICMP errors without one: dropped */
	uint64_t	 limit;		/* states refused at the state limit */
};

struct pf_gw {
	struct state_table t;
	struct purge	 purge;
	const struct gw_conf *gw;
	const uint32_t	*timeouts;
	int		 flags_any;	/* "flags any": any TCP packet opens */
	uint32_t	 nat_next;
	struct pf_stats	 stats;
	/* export_pflow; called by pf_remove_state for pflow states */
	void		(*export)(void *, const struct pf_state *);
	void		*arg;
};

int	pf_init(struct pf_gw *, const struct gw_conf *, const uint32_t *,
	    void (*)(void *, const struct pf_state *), void *);
void	pf_free(struct pf_gw *);
/* Fill a pf_pkt from a parsed frame's fields; -1 if pf ignores it. */
struct pkt;
int	pf_pkt_from(struct pf_pkt *, const struct pkt *);
/*
 * pf_test: PF_PASS or PF_DROP; now is getuptime().  *stp returns the
 * state that passed the packet (NULL for none); hint, if not NULL, is
 * the state the lookup would find (a memo), used instead of the lookup.
 */
int	pf_test(struct pf_gw *, int dir, uint32_t ifidx, struct pf_pkt *,
	    int32_t now, struct pf_state **stp, struct pf_state *hint);
/* A forwarded packet: pf_test in on in_if, then out on out_if. */
int	pf_forward(struct pf_gw *, uint32_t in_if, uint32_t out_if,
	    struct pf_pkt *, int32_t now);
/* pf_remove_state: export if pflow, unlink (freed by the purge). */
void	pf_remove_state(struct pf_gw *, struct pf_state *);
/* pfctl -F states */
void	pf_clear_states(struct pf_gw *);
/* One tick of the purge at uptime now. */
unsigned int pf_purge_tick(struct pf_gw *, int32_t now);

#endif /* PFL_SIM_PF_H */
