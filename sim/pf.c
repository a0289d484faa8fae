/*
 * pf.c: pf_test for the simulated gateway (sys/net/pf.c pf_test,
 * pf_test_state, pf_test_rule, pf_create_state, pf_state_key_setup,
 * pf_counters_inc, pf_remove_state, pf_icmp_mapping).
 *
 * Facts used:
 *  - lookup key: source at index (dir == in ? 0 : 1), destination at the
 *    other; a state matches through key[WIRE] inbound and key[STACK]
 *    outbound; when they differ the packet is rewritten to the other key
 *    (pf_test_state "translate source/destination address").
 *  - a new state's keys: inbound, wire = the packet, stack = after
 *    rdr-to; outbound, stack = the packet, wire = after nat-to
 *    (pf_state_key_setup / pf_translate).
 *  - pf_icmp_mapping: echo/timestamp/info/mask requests (and v6 echo)
 *    open states keyed by (id, request type); their replies look the
 *    state up with the ports the other way round; other query-less types
 *    get their own state (id 0, type); errors (unreach, time exceeded,
 *    ...) belong to the state of the packet they quote.  ICMP replies and
 *    errors never open a state (pf_test_rule: state_icmp).
 *  - pf_counters_inc: index 0 if the packet's direction is the state's,
 *    bytes += pd->tot_len; only passed packets count.
 *  - pf_test (end): if_index_in / if_index_out set from the interface
 *    of the first inbound / outbound packet the state passes.
 *  - pf_state_key_attach: a new state whose key is held by a TCP state
 *    with both peers >= FIN_WAIT_2 removes that state at once.
 *  - the rule's tos is a match criterion against pd->tos (ECN bits
 *    cleared); the record carries the rule's value, not the packet's.
 *  - DIOCCLRSTATES (pfctl -F states) calls pf_remove_state on every state
 *    in id (creation) order.
 *  - pf_create_state takes a state from pf_state_pl, whose hard limit is
 *    "set limit states" (PFSTATE_HIWAT 100000 by default): at the limit
 *    the packet is dropped (PFRES_MEMORY).
 * Not modelled: sequence-window checks (every packet is in the window);
 * ICMP errors are matched on the quoted addresses and ports only.
 */
#include <sys/socket.h>
#include <netinet/in.h>

#include <string.h>

#include "cursor.h"
#include "pf.h"
#include "pkt.h"
#include "tcp.h"

static void
pf_purge_remove(void *arg, struct pf_state *st)
{
	pf_remove_state(arg, st);
}

int
pf_init(struct pf_gw *pf, const struct gw_conf *gw, const uint32_t *tmo,
    void (*exp)(void *, const struct pf_state *), void *arg)
{
	memset(pf, 0, sizeof(*pf));
	if (state_table_init(&pf->t) == -1)
		return -1;
	purge_init(&pf->purge, pf_purge_remove, pf);
	pf->gw = gw;
	pf->timeouts = tmo;
	pf->export = exp;
	pf->arg = arg;
	return 0;
}

void
pf_free(struct pf_gw *pf)
{
	state_table_free(&pf->t);
}

/* the header an ICMP error quotes: IP header and 8 octets of transport */
static void
pf_pkt_inner(struct pf_pkt *p, const struct pkt *k)
{
	const uint8_t *q = k->payload;
	size_t n = k->payload_len, hl;

	if (q == NULL)
		return;
	if (p->af == AF_INET) {
		if (n < 20 || (q[0] >> 4) != 4)
			return;
		hl = (size_t)(q[0] & 0x0f) * 4;
		if (hl < 20 || n < hl + 8)
			return;
		p->inner_proto = q[9];
		memcpy(p->inner_src, q + 12, 4);
		memcpy(p->inner_dst, q + 16, 4);
	} else {
		if (n < 48 || (q[0] >> 4) != 6)
			return;
		hl = 40;	/* extension headers are not walked */
		p->inner_proto = q[6];
		memcpy(p->inner_src, q + 8, 16);
		memcpy(p->inner_dst, q + 24, 16);
	}
	if (p->inner_proto != IPPROTO_TCP && p->inner_proto != IPPROTO_UDP)
		return;
	p->inner_sport = be16(q + hl);
	p->inner_dport = be16(q + hl + 2);
	p->has_inner = 1;
}

int
pf_pkt_from(struct pf_pkt *p, const struct pkt *k)
{
	size_t alen;

	if (k->src.af != AF_INET && k->src.af != AF_INET6)
		return -1;
	memset(p, 0, sizeof(*p));
	p->af = k->src.af;
	p->proto = k->proto;
	p->len = k->l3_len;
	p->tos = k->tos & 0xfc;		/* pf_setup_pdesc drops the ECN bits */
	alen = p->af == AF_INET ? 4 : 16;
	memcpy(p->src, k->src.a, alen);
	memcpy(p->dst, k->dst.a, alen);
	if (k->frag_off != 0)
		return 0;	/* a later fragment: no ports; keyed with 0 */
	switch (k->proto) {
	case IPPROTO_TCP:
		p->flags = k->tcp_flags;
		/* FALLTHROUGH */
	case IPPROTO_UDP:
		p->sport = k->sport;
		p->dport = k->dport;
		break;
	case IPPROTO_ICMP:
	case IPPROTO_ICMPV6: {
		uint8_t t = k->icmp_type, q = 0;
		int query = 0, reply = 0, error = 0;
		uint16_t id = k->sport;

		if (k->proto == IPPROTO_ICMP) {
			switch (t) {
			case 8: case 13: case 15: case 17:
				query = 1;
				q = t;
				break;
			case 0: case 14: case 16: case 18:
				reply = 1;
				q = t == 0 ? 8 : (uint8_t)(t - 1);
				break;
			case 10:
				query = 1;
				q = 10;
				id = 0;
				break;
			case 9:
				reply = 1;
				q = 10;
				id = 0;
				break;
			case 3: case 4: case 5: case 11: case 12:
				error = 1;
				break;
			default:
				query = 1;
				q = t;
				id = 0;
				break;
			}
		} else {
			switch (t) {
			case 128:
				query = 1;
				q = 128;
				break;
			case 129:
				reply = 1;
				q = 128;
				break;
			case 1: case 2: case 3: case 4:
				error = 1;
				break;
			default:
				query = 1;
				q = t;
				id = 0;
				break;
			}
		}
		if (error) {
			p->icmp_other = 1;
			pf_pkt_inner(p, k);
			break;
		}
		if (query) {
			p->icmp_query = 1;
			p->sport = id;
			p->dport = q;
		} else if (reply) {
			p->sport = q;
			p->dport = id;
		}
		break;
	}
	default:
		break;
	}
	return 0;
}

void
pf_remove_state(struct pf_gw *pf, struct pf_state *st)
{
	if (st->timeout == PFTM_UNLINKED)
		return;
	pf->stats.removed++;
	/* state_unlink sets PFTM_UNLINKED after the export has read it */
	if (st->pflow && pf->export != NULL)
		pf->export(pf->arg, st);
	state_unlink(&pf->t, st);
}

void
pf_clear_states(struct pf_gw *pf)
{
	struct pf_state *st;

	for (st = pf->t.head; st != NULL; st = st->lnext)
		pf_remove_state(pf, st);
}

unsigned int
pf_purge_tick(struct pf_gw *pf, int32_t now)
{
	return purge_tick(&pf->purge, &pf->t, pf->timeouts, now);
}

static int
pf_in_net(uint8_t af, const uint8_t *a, const struct addr *net, uint8_t plen)
{
	if (net->af == 0)
		return 1;		/* no "from" given: any source */
	return addr_in_net(af, a, net, plen);
}

/* rewrite the packet to the state's other key */
static void
pf_translate(struct pf_pkt *p, const struct pf_state *st, int dir)
{
	const struct pf_key *k;
	int sidx = dir == PF_IN ? 0 : 1, didx = 1 - sidx;
	size_t alen = p->af == AF_INET ? 4 : 16;

	if (!st->translated)
		return;
	k = &st->kn[dir == PF_IN ? PF_SK_STACK : PF_SK_WIRE].key;
	memcpy(p->src, k->addr[sidx], alen);
	memcpy(p->dst, k->addr[didx], alen);
	p->sport = k->port[sidx];
	p->dport = k->port[didx];
}

static void
pf_set_ifindex(struct pf_state *st, int dir, uint32_t ifidx)
{
	if (dir == PF_IN) {
		if (st->if_index_in == 0)
			st->if_index_in = ifidx;
	} else if (st->if_index_out == 0)
		st->if_index_out = ifidx;
}

static void
pf_test_state(struct pf_gw *pf, struct pf_state *st, int dir,
    const struct pf_pkt *p, int32_t now)
{
	uint8_t *src, *dst;

	if (dir == st->direction) {
		src = &st->src_state;
		dst = &st->dst_state;
	} else {
		src = &st->dst_state;
		dst = &st->src_state;
	}
	switch (p->proto) {
	case IPPROTO_TCP:
		/* pf_tcp_track_full, "First packet from this end": the
		 * responder's first packet makes it at least SYN_SENT */
		if (dir != st->direction && !st->dst_seen) {
			st->dst_seen = 1;
			if (*src < TCPS_SYN_SENT)
				*src = TCPS_SYN_SENT;
		}
		st->timeout = tcp_track(src, dst, p->flags);
		break;
	case IPPROTO_ICMP:
	case IPPROTO_ICMPV6:
		st->timeout = PFTM_ICMP_ERROR_REPLY;
		break;
	default:
		st->timeout = tcp_udp_track(src, dst, p->proto);
		break;
	}
	st->expire = now;
}

/* pf_test_rule + pf_create_state for the gateway's two pass rules */
static struct pf_state *
pf_create_state(struct pf_gw *pf, int dir, uint32_t ifidx,
    const struct pf_key *k, const struct pf_pkt *p, int32_t now)
{
	const struct gw_conf *gw = pf->gw;
	struct pf_state *st;
	struct pf_key *tk;
	int sidx = dir == PF_IN ? 0 : 1, didx = 1 - sidx;
	size_t alen = p->af == AF_INET ? 4 : 16;

	/* pf_state_pl's hard limit ("set limit states"): unlinked states
	 * still hold their pool item until the purge frees them */
	if (gw->state_limit != 0 && pf->t.nstates >= gw->state_limit) {
		pf->stats.limit++;
		return NULL;
	}
	if ((st = state_alloc(&pf->t)) == NULL)
		return NULL;
	st->kn[0].key = *k;
	st->kn[1].key = *k;
	st->direction = (uint8_t)dir;
	st->kif = ifidx;
	if (dir == PF_IN) {
		st->pflow = gw->pflow_in;
		tk = &st->kn[PF_SK_STACK].key;
		if (gw->rdr.on && ifidx == gw->if_server &&
		    gw->rdr.match.af == p->af && gw->rdr.to.af == p->af &&
		    memcmp(p->dst, gw->rdr.match.a, alen) == 0 &&
		    (gw->rdr.match_port == 0 ||
		    gw->rdr.match_port == p->dport)) {
			memcpy(tk->addr[didx], gw->rdr.to.a, alen);
			if (gw->rdr.to_port != 0 && !p->icmp_query)
				tk->port[didx] = gw->rdr.to_port;
		}
	} else {
		st->pflow = gw->pflow_out;
		tk = &st->kn[PF_SK_WIRE].key;
		if (gw->nat.on && ifidx == gw->if_server &&
		    gw->nat.to.af == p->af &&
		    pf_in_net(p->af, p->src, &gw->nat.match,
		    gw->nat.match_plen)) {
			memcpy(tk->addr[sidx], gw->nat.to.a, alen);
			if (gw->nat.port_lo != 0) {
				uint32_t span = (uint32_t)(gw->nat.port_hi >=
				    gw->nat.port_lo ? gw->nat.port_hi -
				    gw->nat.port_lo + 1 : 1);

				tk->port[sidx] = (uint16_t)(gw->nat.port_lo +
				    pf->nat_next++ % span);
			}
		}
	}
	st->tos = gw->rule_tos;
	/* pf_match_rule: "r->tos && r->tos != pd->tos" skips the rule */
	if (gw->rule_tos != 0 && gw->rule_tos != p->tos) {
		st->pflow = 0;
		st->tos = 0;
	}
	tcp_state_init(st, p->proto);
	st->creation = now;
	st->expire = now;
	if (state_insert(&pf->t, st) == -1)
		return NULL;
	pf->stats.created++;
	return st;
}

/*
 * pf_test_state_icmp for an ICMP error: the quoted packet went the other
 * way ("Payload packet is from the opposite direction": pd2.sidx =
 * (dir == PF_IN) ? 1 : 0), so its addresses go in the key the other way
 * round and the state is looked up in the error's own direction.  An
 * error whose outer destination is not the quoted source is "BAD ICMP".  The
 * error is counted in that state (pf_counters_inc) without refreshing it,
 * and translated with it (pf_change_icmp: the quoted addresses and ports,
 * and the outer address each of them stands for).  An error that quotes
 * no known state is dropped.
 */
static int
pf_test_icmp_error(struct pf_gw *pf, int dir, uint32_t ifidx,
    struct pf_pkt *p, struct pf_state **stp)
{
	struct pf_key k;
	struct pf_state *st;
	const struct pf_key *nk;
	int sidx = dir == PF_IN ? 1 : 0, didx = 1 - sidx;
	size_t alen = p->af == AF_INET ? 4 : 16;

	/* "BAD ICMP": the error must go to the quoted packet's source */
	if (!p->has_inner || memcmp(p->dst, p->inner_src, alen) != 0) {
		pf->stats.icmp_orphans++;
		return PF_DROP;
	}
	/* state_key_make puts the source at 1 for PF_OUT */
	state_key_make(&k, dir == PF_IN ? PF_OUT : PF_IN, p->af,
	    p->inner_proto, p->inner_src, p->inner_sport, p->inner_dst,
	    p->inner_dport);
	if ((st = state_find(&pf->t, &k, state_key_hash(&k), dir,
	    NULL)) == NULL) {
		pf->stats.icmp_orphans++;
		return PF_DROP;
	}
	pf->stats.icmp_errors++;
	state_count(st, dir, p->len);
	pf_set_ifindex(st, dir, ifidx);
	if (st->translated) {
		nk = &st->kn[dir == PF_IN ? PF_SK_STACK : PF_SK_WIRE].key;
		/* pf_translate_icmp: quoted address and port, and the
		 * outer address that goes with it */
		if (memcmp(p->inner_src, nk->addr[sidx], alen) != 0 ||
		    p->inner_sport != nk->port[sidx]) {
			memcpy(p->dst, nk->addr[sidx], alen);
			memcpy(p->inner_src, nk->addr[sidx], alen);
			p->inner_sport = nk->port[sidx];
		}
		if (memcmp(p->inner_dst, nk->addr[didx], alen) != 0 ||
		    p->inner_dport != nk->port[didx]) {
			memcpy(p->src, nk->addr[didx], alen);
			memcpy(p->inner_dst, nk->addr[didx], alen);
			p->inner_dport = nk->port[didx];
		}
	}
	pf->stats.passed++;
	*stp = st;
	return PF_PASS;
}

int
pf_test(struct pf_gw *pf, int dir, uint32_t ifidx, struct pf_pkt *p,
    int32_t now, struct pf_state **stp, struct pf_state *hint)
{
	struct pf_key k;
	struct pf_state *st, *purged = NULL;
	uint32_t h = 0;

	*stp = NULL;
	if (p->icmp_other)
		return pf_test_icmp_error(pf, dir, ifidx, p, stp);
	if (hint != NULL)
		st = hint;
	else {
		state_key_make(&k, dir, p->af, p->proto, p->src, p->sport,
		    p->dst, p->dport);
		/* the caller may have hashed the inbound key already */
		h = dir == PF_IN && p->have_hash ? p->hash_in :
		    state_key_hash(&k);
		st = state_find(&pf->t, &k, h, dir, &purged);
	}
	if (st != NULL) {
		if (p->proto == IPPROTO_TCP && tcp_reuse(st, p->flags)) {
			/* pf_test_state: "state reuse", SYN dropped */
			st->timeout = PFTM_PURGE;
			pf->stats.reuse++;
			return PF_DROP;
		}
		pf_test_state(pf, st, dir, p, now);
	} else {
		if (p->proto == IPPROTO_TCP && !pf->flags_any &&
		    !tcp_creates_state(p->flags)) {
			pf->stats.nostate++;
			return PF_DROP;
		}
		if ((p->proto == IPPROTO_ICMP || p->proto == IPPROTO_ICMPV6) &&
		    !p->icmp_query) {
			pf->stats.nostate++;
			return PF_DROP;
		}
		/* pf_state_key_attach: replace a closed TCP state */
		if (purged != NULL)
			pf_remove_state(pf, purged);
		if ((st = pf_create_state(pf, dir, ifidx, &k, p, now)) ==
		    NULL)
			return PF_DROP;
	}
	state_count(st, dir, p->len);
	pf_set_ifindex(st, dir, ifidx);
	pf_translate(p, st, dir);
	pf->stats.passed++;
	*stp = st;
	return PF_PASS;
}

int
pf_forward(struct pf_gw *pf, uint32_t in_if, uint32_t out_if,
    struct pf_pkt *p, int32_t now)
{
	struct pf_state *a, *b, *hint = NULL;
	int di = 0, rc;

	if (pf_test(pf, PF_IN, in_if, p, now, &a, NULL) != PF_PASS)
		return PF_DROP;
	if (a != NULL) {
		di = a->direction == PF_IN ? 0 : 1;
		b = a->peer[di];
		if (b != NULL && b->id == a->peer_id[di] &&
		    b->timeout < PFTM_MAX)
			hint = b;
	}
	rc = pf_test(pf, PF_OUT, out_if, p, now, &b, hint);
	if (a != NULL && b != NULL) {
		a->peer[di] = b;
		a->peer_id[di] = b->id;
	}
	return rc;
}
