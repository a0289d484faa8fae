/*
 * ipfrag.c: IPv4/IPv6 fragment reassembly with bounded memory and
 * capture-time timeouts (see ipfrag.h).
 *
 * Each pending datagram keeps a buffer for the fragmentable part and a
 * bitmap of the 8-octet blocks received (fragment offsets are in units of
 * 8, so a block is either wholly received or, at the very end, received
 * up to the total length).  A datagram that failed stays as a "dead" entry
 * without a buffer until its timeout, so its later fragments are absorbed
 * instead of starting a new datagram that would fail a second time.
 */
#include <sys/socket.h>
#include <netinet/in.h>

#include <stdlib.h>
#include <string.h>

#include "cursor.h"
#include "ipfrag.h"

#define IPFRAG_MAXSEG	65535		/* octets after the IP header(s) */
#define IPFRAG_NBLK	((IPFRAG_MAXSEG + 7) / 8 + 1)
#define IPFRAG_NBUCKET	1024

struct ipfrag_ent {
	struct ipfrag_ent *older, *newer;	/* arrival order */
	struct ipfrag_ent *hnext;
	struct addr	 src;
	struct addr	 dst;
	uint32_t	 id;
	uint8_t		 proto;
	int		 dead;
	uint8_t		*buf;
	size_t		 cap;
	size_t		 total;		/* 0 until the last fragment */
	size_t		 got;		/* octets received (distinct) */
	int64_t		 first_us;
	uint64_t	 first_frame;
	unsigned int	 nfrags;
	uint16_t	 sport;
	uint16_t	 dport;
	uint8_t		 bm[IPFRAG_NBLK / 8 + 1];
};

struct ipfrag {
	struct ipfrag_limits lim;
	void		(*fail)(void *, const struct ipfrag_fail *);
	void		*arg;
	struct ipfrag_ent *bucket[IPFRAG_NBUCKET];
	struct ipfrag_ent *oldest, *newest;
	unsigned int	 pending;
	size_t		 bytes;
	uint8_t		*out;		/* last reassembled datagram */
};

const char *
ipfrag_why_str(enum ipfrag_why w)
{
	switch (w) {
	case IPFRAG_W_TIMEOUT:
		return "fragments missing at the reassembly timeout";
	case IPFRAG_W_END:
		return "fragments missing at the end of the capture";
	case IPFRAG_W_OVERLAP:
		return "overlapping fragments disagree";
	case IPFRAG_W_TOOBIG:
		return "reassembled datagram over 65535 octets";
	case IPFRAG_W_TRUNC:
		return "fragment cut short by the snap length";
	case IPFRAG_W_BADLEN:
		return "fragment lengths inconsistent";
	case IPFRAG_W_MEMORY:
		return "reassembly memory limit reached";
	}
	return "?";
}

struct ipfrag *
ipfrag_new(const struct ipfrag_limits *lim,
    void (*fail)(void *, const struct ipfrag_fail *), void *arg)
{
	struct ipfrag *f;

	if ((f = calloc(1, sizeof(*f))) == NULL)
		return NULL;
	if (lim != NULL)
		f->lim = *lim;
	if (f->lim.timeout_us <= 0)
		f->lim.timeout_us = IPFRAG_TIMEOUT_US;
	if (f->lim.max_pending == 0)
		f->lim.max_pending = IPFRAG_MAXPENDING;
	if (f->lim.max_bytes == 0)
		f->lim.max_bytes = IPFRAG_MAXBYTES;
	f->fail = fail;
	f->arg = arg;
	return f;
}

static unsigned int
ipfrag_hash(const struct addr *src, const struct addr *dst, uint32_t id)
{
	uint32_t h = id * 2654435761u;
	int i, n = src->af == AF_INET6 ? 16 : 4;

	for (i = 0; i < n; i++)
		h = (h ^ src->a[i] ^ ((uint32_t)dst->a[i] << 8)) * 16777619u;
	return h % IPFRAG_NBUCKET;
}

static void
ipfrag_unlink(struct ipfrag *f, struct ipfrag_ent *e)
{
	struct ipfrag_ent **pp;

	pp = &f->bucket[ipfrag_hash(&e->src, &e->dst, e->id)];
	while (*pp != NULL && *pp != e)
		pp = &(*pp)->hnext;
	if (*pp == e)
		*pp = e->hnext;
	if (e->older != NULL)
		e->older->newer = e->newer;
	else
		f->oldest = e->newer;
	if (e->newer != NULL)
		e->newer->older = e->older;
	else
		f->newest = e->older;
	f->bytes -= e->cap;
	f->pending--;
	free(e->buf);
	free(e);
}

static void
ipfrag_report(struct ipfrag *f, struct ipfrag_ent *e, enum ipfrag_why why)
{
	struct ipfrag_fail fl;

	if (e->dead)
		return;
	memset(&fl, 0, sizeof(fl));
	fl.why = why;
	fl.src = e->src;
	fl.dst = e->dst;
	fl.proto = e->proto;
	fl.id = e->id;
	fl.have = e->got;
	fl.need = e->total;
	fl.first_us = e->first_us;
	fl.first_frame = e->first_frame;
	fl.nfrags = e->nfrags;
	fl.sport = e->sport;
	fl.dport = e->dport;
	if (f->fail != NULL)
		f->fail(f->arg, &fl);
}

/* Report and turn into a dead entry that swallows later fragments. */
static void
ipfrag_kill(struct ipfrag *f, struct ipfrag_ent *e, enum ipfrag_why why)
{
	ipfrag_report(f, e, why);
	e->dead = 1;
	f->bytes -= e->cap;
	free(e->buf);
	e->buf = NULL;
	e->cap = 0;
}

void
ipfrag_expire(struct ipfrag *f, int64_t now_us)
{
	struct ipfrag_ent *e;

	while ((e = f->oldest) != NULL &&
	    now_us - e->first_us > f->lim.timeout_us) {
		ipfrag_report(f, e, IPFRAG_W_TIMEOUT);
		ipfrag_unlink(f, e);
	}
}

void
ipfrag_flush(struct ipfrag *f)
{
	struct ipfrag_ent *e;

	while ((e = f->oldest) != NULL) {
		ipfrag_report(f, e, IPFRAG_W_END);
		ipfrag_unlink(f, e);
	}
}

void
ipfrag_free(struct ipfrag *f)
{
	if (f == NULL)
		return;
	while (f->oldest != NULL)
		ipfrag_unlink(f, f->oldest);
	free(f->out);
	free(f);
}

unsigned int
ipfrag_pending(const struct ipfrag *f)
{
	return f->pending;
}

size_t
ipfrag_bytes(const struct ipfrag *f)
{
	return f->bytes;
}

/* Locate the fragment's data: after the IPv4 header, or after the IPv6
 * fragment header.  Returns 0, or -1 when the headers do not add up. */
static int
ipfrag_data(const struct pkt *p, size_t *doff, size_t *dlen)
{
	const uint8_t *h = p->l3;
	size_t off;
	uint8_t nxt;

	if (h == NULL)
		return -1;
	if (p->src.af == AF_INET) {
		off = (size_t)(h[0] & 0x0f) * 4;
	} else {
		nxt = h[6];
		off = 40;
		for (;;) {
			if (p->l3_caplen < off + 8)
				return -1;
			if (nxt == 44) {
				off += 8;
				break;
			}
			if (nxt != 0 && nxt != 43 && nxt != 60)
				return -1;	/* no fragment header */
			nxt = h[off];
			off += ((size_t)h[off + 1] + 1) * 8;
		}
	}
	if (off > p->l3_len)
		return -1;
	*doff = off;
	*dlen = p->l3_len - off;
	return 0;
}

static struct ipfrag_ent *
ipfrag_find(struct ipfrag *f, const struct pkt *p)
{
	struct ipfrag_ent *e;

	e = f->bucket[ipfrag_hash(&p->src, &p->dst, p->ip_id)];
	for (; e != NULL; e = e->hnext)
		if (e->id == p->ip_id && e->proto == p->proto &&
		    addr_cmp(&e->src, &p->src) == 0 &&
		    addr_cmp(&e->dst, &p->dst) == 0)
			return e;
	return NULL;
}

/* Make room for `more` octets by failing the oldest other datagrams. */
static int
ipfrag_room(struct ipfrag *f, struct ipfrag_ent *keep, size_t more)
{
	struct ipfrag_ent *e;

	while (f->bytes + more > f->lim.max_bytes ||
	    (keep == NULL && f->pending >= f->lim.max_pending)) {
		e = f->oldest;
		if (e == keep)
			e = e->newer;
		if (e == NULL)
			return -1;
		ipfrag_report(f, e, IPFRAG_W_MEMORY);
		ipfrag_unlink(f, e);
	}
	return 0;
}

enum ipfrag_status
ipfrag_add(struct ipfrag *f, const struct pkt *p, int64_t ts_us,
    uint64_t n, struct ipfrag_done *done)
{
	struct ipfrag_ent *e;
	size_t doff, dlen, off, end, b, nb;
	const uint8_t *d;
	int more = (p->frag & PKT_FRAG_MF) != 0;

	ipfrag_expire(f, ts_us);
	e = ipfrag_find(f, p);
	if (e == NULL) {
		if (ipfrag_room(f, NULL, 0) != 0)
			return IPFRAG_DROP;
		if ((e = calloc(1, sizeof(*e))) == NULL)
			return IPFRAG_DROP;
		e->src = p->src;
		e->dst = p->dst;
		e->id = p->ip_id;
		e->proto = p->proto;
		e->first_us = ts_us;
		e->first_frame = n;
		e->hnext = f->bucket[ipfrag_hash(&p->src, &p->dst, p->ip_id)];
		f->bucket[ipfrag_hash(&p->src, &p->dst, p->ip_id)] = e;
		e->older = f->newest;
		if (f->newest != NULL)
			f->newest->newer = e;
		else
			f->oldest = e;
		f->newest = e;
		f->pending++;
	}
	if (e->dead)
		return IPFRAG_DROP;
	e->nfrags++;
	off = p->frag_off;
	if (off == 0 && p->l4 != NULL && p->l4_caplen >= 4) {
		e->sport = p->sport;
		e->dport = p->dport;
	}
	if (ipfrag_data(p, &doff, &dlen) != 0) {
		ipfrag_kill(f, e, IPFRAG_W_BADLEN);
		return IPFRAG_DROP;
	}
	if (p->l3_caplen < doff + dlen) {
		ipfrag_kill(f, e, IPFRAG_W_TRUNC);
		return IPFRAG_DROP;
	}
	d = p->l3 + doff;
	end = off + dlen;
	if (end > IPFRAG_MAXSEG ||
	    (p->src.af == AF_INET && end + doff > 65535)) {
		ipfrag_kill(f, e, IPFRAG_W_TOOBIG);
		return IPFRAG_DROP;
	}
	if ((more && (dlen % 8 != 0 || dlen == 0)) ||
	    (e->total != 0 && end > e->total) ||
	    (!more && e->total != 0 && end != e->total)) {
		ipfrag_kill(f, e, IPFRAG_W_BADLEN);
		return IPFRAG_DROP;
	}
	if (!more) {
		size_t blk;

		/* nothing may have arrived past the end */
		for (blk = (end + 7) / 8; blk < IPFRAG_NBLK; blk++)
			if (e->bm[blk / 8] & (1u << (blk % 8))) {
				ipfrag_kill(f, e, IPFRAG_W_BADLEN);
				return IPFRAG_DROP;
			}
		e->total = end;
	}
	if (end > e->cap) {
		uint8_t *nbuf;
		size_t ncap = end < 2048 ? 2048 : end;

		if (ncap > IPFRAG_MAXSEG)
			ncap = IPFRAG_MAXSEG;
		if (ipfrag_room(f, e, ncap - e->cap) != 0 ||
		    (nbuf = realloc(e->buf, ncap)) == NULL) {
			ipfrag_kill(f, e, IPFRAG_W_MEMORY);
			return IPFRAG_DROP;
		}
		f->bytes += ncap - e->cap;
		e->buf = nbuf;
		e->cap = ncap;
	}
	/* overlap: bytes already received must agree */
	for (b = off / 8; b * 8 < end; b++) {
		size_t s = b * 8, t = s + 8;

		if (!(e->bm[b / 8] & (1u << (b % 8))))
			continue;
		if (t > end)
			t = end;
		if (e->total != 0 && t > e->total)
			t = e->total;
		if (memcmp(e->buf + s, d + (s - off), t - s) != 0) {
			ipfrag_kill(f, e, IPFRAG_W_OVERLAP);
			return IPFRAG_DROP;
		}
	}
	memcpy(e->buf + off, d, dlen);
	for (b = off / 8, nb = 0; b * 8 < end; b++) {
		if (!(e->bm[b / 8] & (1u << (b % 8)))) {
			e->bm[b / 8] |= (uint8_t)(1u << (b % 8));
			nb += (b * 8 + 8 <= end ? 8 : end - b * 8);
		}
	}
	e->got += nb;
	if (e->total == 0 || e->got < e->total)
		return IPFRAG_HELD;
	/* complete: hand out the buffer, drop the entry */
	free(f->out);
	f->out = e->buf;
	f->bytes -= e->cap;
	e->buf = NULL;
	e->cap = 0;
	memset(done, 0, sizeof(*done));
	done->src = e->src;
	done->dst = e->dst;
	done->proto = e->proto;
	done->id = e->id;
	done->data = f->out;
	done->len = e->total;
	done->first_us = e->first_us;
	done->first_frame = e->first_frame;
	done->nfrags = e->nfrags;
	ipfrag_unlink(f, e);
	return IPFRAG_DONE;
}
