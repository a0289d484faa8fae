/*
 * state.h: the PF state table model (sys/net/pf.c, sys/net/pfvar_priv.h).
 *
 * A state has a wire key and a stack key (the same unless nat-to/rdr-to
 * translated it), a direction (the creating packet's), per-peer protocol
 * states, creation/expire in uptime seconds, per-direction packet and
 * layer-3 byte counters, the first in/out interface indexes, the pflow
 * flag and tos of the creating rule.  States sit in insertion order on one
 * list (pf_state_list, walked by the purge) and in a hash of keys.
 *
 * Key layout (pf_state_key_setup, pf_test_state): for a packet seen in
 * direction dir the key holds the source at index sidx = (dir == in ? 0 :
 * 1) and the destination at didx = 1 - sidx.  A state matches a packet
 * in direction in through its wire key and out through its stack key.
 */
#ifndef PFL_SIM_STATE_H
#define PFL_SIM_STATE_H

#include <stddef.h>
#include <stdint.h>

#include "gwconf.h"
#include "profile.h"

#define PF_IN		1
#define PF_OUT		2
#define PF_SK_WIRE	0
#define PF_SK_STACK	1

/* pf state timeouts beyond enum pftm (pfvar.h PFTM_PURGE, PFTM_UNLINKED) */
#define PFTM_PURGE	(PFTM_MAX + 1)
#define PFTM_UNLINKED	(PFTM_MAX + 2)

/* peer states, sys/netinet/tcp_fsm.h values as pf uses them */
#define TCPS_CLOSED		0
#define TCPS_LISTEN		1
#define TCPS_SYN_SENT		2
#define TCPS_SYN_RECEIVED	3
#define TCPS_ESTABLISHED	4
#define TCPS_CLOSE_WAIT		5
#define TCPS_FIN_WAIT_1		6
#define TCPS_CLOSING		7
#define TCPS_LAST_ACK		8
#define TCPS_FIN_WAIT_2		9
#define TCPS_TIME_WAIT		10

/* pfvar.h PFUDPS_*, PFOTHERS_* */
#define PFUDPS_NO_TRAFFIC	0
#define PFUDPS_SINGLE		1
#define PFUDPS_MULTIPLE		2

struct pf_key {
	uint8_t		 af;
	uint8_t		 proto;
	uint16_t	 port[2];	/* host order */
	uint8_t		 addr[2][16];
};

struct pf_state;

/*
 * A state key with its hash chain links, one cache line: a lookup reads
 * one line per candidate.  (pf keeps keys in separate objects shared by
 * states; here each state carries its own two.)
 */
struct pf_keynode {
	_Alignas(64) struct pf_keynode *next;
	struct pf_keynode **pprev;
	uint32_t	 hash;
	uint8_t		 idx;		/* 0 or 1: which kn[] of its state */
	uint8_t		 which;		/* PF_SK_WIRE, PF_SK_STACK, or 2 = both */
	struct pf_key	 key;
};

struct pf_state {
	struct pf_keynode kn[2];	/* kn[PF_SK_WIRE].key, kn[STACK].key */
	/* third line: what a packet and the purge look at */
	struct pf_state	*lnext;		/* pf_state_list */
	struct pf_state	*lprev;
	uint8_t		 translated;	/* the two keys differ */
	uint8_t		 direction;	/* PF_IN / PF_OUT */
	uint8_t		 timeout;	/* enum pftm, PFTM_PURGE, PFTM_UNLINKED */
	uint8_t		 src_state;	/* peer that sent the creating packet */
	uint8_t		 dst_state;
	uint8_t		 pflow;		/* PFSTATE_PFLOW */
	uint8_t		 tos;		/* creating rule's tos */
	uint8_t		 nkn;		/* keys in the hash */
	int32_t		 creation;	/* uptime seconds */
	int32_t		 expire;	/* uptime of the last update */
	uint64_t	 packets[2];	/* [0]: the state's direction */
	uint64_t	 bytes[2];
	/* fourth line */
	uint32_t	 if_index_in;
	uint32_t	 if_index_out;
	uint32_t	 kif;		/* interface it was created on */
	uint8_t		 dst_seen;	/* TCP: the responder has sent (pf:
					   dst.seqlo != 0) */
	uint64_t	 id;		/* creation order, from 1 */
	/* the outbound state a forwarded packet matched last time, per
	 * dirndx of this (inbound) state: a memo of a lookup whose key
	 * only depends on this state's keys; valid while that state keeps
	 * its id and stays linked */
	struct pf_state	*peer[2];
	uint64_t	 peer_id[2];
};

#define STATE_OF(n)	((struct pf_state *)((char *)(n) - \
			    (n)->idx * sizeof(struct pf_keynode)))

struct state_table {
	struct pf_keynode **buckets;
	size_t		 nbuckets;	/* power of two */
	size_t		 nkeys;
	struct pf_state	*head;		/* pf_state_list */
	struct pf_state	*tail;
	uint32_t	 nstates;	/* pf_status.states (unlinked included
					   until freed, as in pf_free_state) */
	uint32_t	 nlinked;
	uint64_t	 next_id;
	struct pf_state	*freelist;
	/* states come from slabs of STATE_SLAB, freed with the table */
	struct pf_state	**slabs;
	size_t		 nslabs;
	size_t		 slab_used;	/* of the newest slab */
};

#define STATE_SLAB	8192

int	 state_table_init(struct state_table *);
void	 state_table_free(struct state_table *);
uint32_t state_key_hash(const struct pf_key *);
int	 state_key_eq(const struct pf_key *, const struct pf_key *);
/* Build the lookup key of a packet seen in direction dir. */
void	 state_key_make(struct pf_key *, int dir, uint8_t af, uint8_t proto,
	    const uint8_t *src, uint16_t sport, const uint8_t *dst,
	    uint16_t dport);
/*
 * pf_find_state: the state whose wire (dir in) or stack (dir out) key is
 * k.  States marked PFTM_PURGE or unlinked are not found.  With
 * any_purged, a purge-marked state with that key is returned in it too.
 */
struct pf_state *state_find(struct state_table *, const struct pf_key *,
	    uint32_t hash, int dir, struct pf_state **any_purged);
/* A new zeroed state, not yet in the table. */
struct pf_state *state_alloc(struct state_table *);
/* Link keys and put it at the tail of the list (pf_state_insert). */
int	 state_insert(struct state_table *, struct pf_state *);
/* Remove the keys (pf_detach_state); the state stays on the list,
 * PFTM_UNLINKED, until state_free. */
void	 state_unlink(struct state_table *, struct pf_state *);
/* Take it off the list and count it gone (pf_free_state). */
void	 state_free(struct state_table *, struct pf_state *);

/* pf_counters_inc: dirndx 0 when the packet goes the state's way. */
static inline void
state_count(struct pf_state *st, int dir, uint32_t len)
{
	int i = dir == st->direction ? 0 : 1;

	st->packets[i]++;
	st->bytes[i] += len;
}

/*
 * pf_state_expires: the uptime second from which the state may be
 * purged (0 for PFTM_PURGE / unlinked / adaptive end reached).  See
 * state.c for the facts.
 */
static inline int32_t
state_expires(const struct pf_state *st, const uint32_t *tmo,
    uint32_t states)
{
	uint64_t timeout;
	uint32_t start, end;

	if (st->timeout >= PFTM_MAX)
		return 0;
	timeout = tmo[st->timeout];
	start = tmo[PFTM_ADAPTIVE_START];
	end = tmo[PFTM_ADAPTIVE_END];
	if (end != 0 && states > start && start < end) {
		if (states >= end)
			return 0;
		timeout = timeout * (end - states) / (end - start);
	}
	return (int32_t)(st->expire + (int64_t)timeout);
}

#endif /* PFL_SIM_STATE_H */
