/*
 * frag.c: fragmented datagrams for the gateway model.  PF reassembles
 * before filtering (pf_normalize_ip / pf_reassemble), so the state
 * counts one packet of the reassembled size (pflow-facts 3.3), at the
 * time the datagram became complete; an incomplete one is dropped when
 * the frag timeout (60 s) runs out and never reaches a state.
 * Overlaps are not resolved: received octets are summed.
 */
#include <sys/socket.h>

#include <string.h>

#include "frag.h"

void
frag_init(struct frag *f, uint32_t timeout_s)
{
	memset(f, 0, sizeof(*f));
	f->timeout_us = (int64_t)(timeout_s ? timeout_s : 60) * 1000000;
}

static uint32_t
frag_hash(const struct pkt *p)
{
	uint32_t h = p->ip_id * 2654435761u;
	size_t i, n = p->src.af == AF_INET ? 4 : 16;

	for (i = 0; i < n; i++)
		h = (h ^ p->src.a[i] ^ ((uint32_t)p->dst.a[i] << 8)) *
		    16777619u;
	return h ^ p->proto;
}

static int
frag_same(const struct frag_ent *e, const struct pkt *p)
{
	return e->used && e->id == p->ip_id && e->proto == p->proto &&
	    addr_cmp(&e->src, &p->src) == 0 && addr_cmp(&e->dst, &p->dst) == 0;
}

int
frag_add(struct frag *f, const struct pkt *p, int64_t ts, struct pkt *out)
{
	struct frag_ent *e = NULL;
	uint32_t h = frag_hash(p), hl, pay, i;

	/* open addressing, 8 probes; a stale or evicted entry is lost */
	for (i = 0; i < 8; i++) {
		struct frag_ent *c = &f->e[(h + i) & (FRAG_SLOTS - 1)];

		if (c->used && ts - c->first_us > f->timeout_us) {
			c->used = 0;
			f->dropped++;
		}
		if (frag_same(c, p)) {
			e = c;
			break;
		}
		if (e == NULL && !c->used)
			e = c;
	}
	if (e == NULL) {
		e = &f->e[h & (FRAG_SLOTS - 1)];
		f->dropped++;
		e->used = 0;
	}
	if (!e->used) {
		memset(e, 0, sizeof(*e));
		e->used = 1;
		e->src = p->src;
		e->dst = p->dst;
		e->id = p->ip_id;
		e->proto = p->proto;
		e->first_us = ts;
	}
	f->held++;
	if (p->src.af == AF_INET)
		hl = p->l3 != NULL ? (uint32_t)(p->l3[0] & 0x0f) * 4 : 20;
	else
		hl = 40 + 8;	/* a fragment header right after the header */
	pay = p->l3_len > hl ? p->l3_len - hl : 0;
	e->got += pay;
	if (p->frag_off == 0) {
		e->have_first = 1;
		e->first = *p;
	}
	if ((p->frag & PKT_FRAG_MF) == 0)
		e->total = p->frag_off + pay;
	if (!e->have_first || e->total == 0 || e->got < e->total)
		return 0;
	*out = e->first;
	out->frag = 0;
	out->frag_off = 0;
	out->l3_len = (p->src.af == AF_INET ? hl : 40) + e->total;
	/* the frame that completed it says which side it came from */
	out->has_mac = p->has_mac;
	memcpy(out->mac_src, p->mac_src, 6);
	memcpy(out->mac_dst, p->mac_dst, 6);
	e->used = 0;
	f->done++;
	return 1;
}
