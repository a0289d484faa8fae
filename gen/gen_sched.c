/*
 * gen_sched.c: play a scenario's sessions in time order.  Every session
 * instance is a small state machine that knows the time of its next
 * packet; a binary heap keyed by (time, session id) picks the next packet
 * of all, so a million sessions cost O(packets log active), never
 * quadratic.  A repeated session has one spawner in the heap that starts
 * its instances one after another.  Nothing here reads a clock or draws
 * a random number except from the scenario's seed.
 */
#include <sys/socket.h>
#include <netinet/in.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gen.h"
#include "rng.h"

#define F_FIN	0x01
#define F_SYN	0x02
#define F_RST	0x04
#define F_PSH	0x08
#define F_ACK	0x10

#define WIN	65535

struct ctl {
	uint8_t		 dir;		/* 0 initiator, 1 responder */
	uint8_t		 flags;
};

struct inst {
	const struct scn_session *s;
	uint32_t	 id;
	int		 spawner;	/* starts instance k of s */
	uint32_t	 k;
	int64_t		 t;		/* time of the next packet */
	size_t		 step;
	uint32_t	 n;		/* next packet within the step */
	uint32_t	 npk;		/* packets of the current step */
	struct ctl	 ctl[3];	/* script of a control step */
	struct addr	 ep[2];		/* sender address per direction */
	struct addr	 to[2];		/* destination per direction */
	uint16_t	 sp[2], dp[2];
	uint32_t	 snd[2];	/* next TCP sequence per direction */
	int		 synced;	/* responder's SYN seen */
	int		 fin[2];
	int		 rst;
	int		 syn_only;
	int		 nat_done;
	uint16_t	 ipid[2];
	uint16_t	 echo_seq;
	uint64_t	 replies;
	struct ledger_ent led[2];
	struct inst	*next_free;
};

struct sched {
	const struct scenario *sc;
	const struct gen_sink *sink;
	struct gen_builder *b;
	struct gen_stats *st;
	struct inst	**heap;
	size_t		 nheap, capheap;
	struct inst	*free_list;
	uint64_t	 nat_count;
	char		*err;
	size_t		 errlen;
};

static int
before(const struct inst *a, const struct inst *b)
{
	if (a->t != b->t)
		return a->t < b->t;
	return a->id < b->id;
}

static void
heap_up(struct sched *h, size_t i)
{
	struct inst *x = h->heap[i];

	while (i > 0) {
		size_t p = (i - 1) / 2;

		if (!before(x, h->heap[p]))
			break;
		h->heap[i] = h->heap[p];
		i = p;
	}
	h->heap[i] = x;
}

static void
heap_down(struct sched *h, size_t i)
{
	struct inst *x = h->heap[i];
	size_t n = h->nheap;

	for (;;) {
		size_t c = 2 * i + 1;

		if (c >= n)
			break;
		if (c + 1 < n && before(h->heap[c + 1], h->heap[c]))
			c++;
		if (!before(h->heap[c], x))
			break;
		h->heap[i] = h->heap[c];
		i = c;
	}
	h->heap[i] = x;
}

static int
heap_push(struct sched *h, struct inst *x)
{
	if (h->nheap == h->capheap) {
		size_t cap = h->capheap ? h->capheap * 2 : 256;
		struct inst **nh = realloc(h->heap, cap * sizeof(*nh));

		if (nh == NULL)
			return -1;
		h->heap = nh;
		h->capheap = cap;
	}
	h->heap[h->nheap++] = x;
	heap_up(h, h->nheap - 1);
	return 0;
}

static struct inst *
inst_alloc(struct sched *h)
{
	struct inst *x = h->free_list;

	if (x != NULL)
		h->free_list = x->next_free;
	else if ((x = malloc(sizeof(*x))) == NULL)
		return NULL;
	memset(x, 0, sizeof(*x));
	return x;
}

static void
inst_release(struct sched *h, struct inst *x)
{
	x->next_free = h->free_list;
	h->free_list = x;
}

/* ------------------------------------------------------------------ */
/* the packets of a step */

static uint32_t
ctl_script(struct inst *x, const struct scn_step *st)
{
	uint8_t a, b;

	switch (st->op) {
	case SCN_OP_SHUT:
	case SCN_OP_SHUT_PEER:
		a = st->op == SCN_OP_SHUT_PEER;
		x->ctl[0] = (struct ctl){ a, F_FIN | F_ACK };
		x->ctl[1] = (struct ctl){ (uint8_t)!a, F_ACK };
		return 2;
	case SCN_OP_CLOSE_FIN:
	case SCN_OP_CLOSE_FIN_PEER:
		a = st->op == SCN_OP_CLOSE_FIN_PEER;
		b = !a;
		if (x->fin[a]) {
			x->ctl[0] = (struct ctl){ b, F_FIN | F_ACK };
			x->ctl[1] = (struct ctl){ a, F_ACK };
			return 2;
		}
		if (x->fin[b]) {
			x->ctl[0] = (struct ctl){ a, F_FIN | F_ACK };
			x->ctl[1] = (struct ctl){ b, F_ACK };
			return 2;
		}
		x->ctl[0] = (struct ctl){ a, F_FIN | F_ACK };
		x->ctl[1] = (struct ctl){ b, F_FIN | F_ACK };
		x->ctl[2] = (struct ctl){ a, F_ACK };
		return 3;
	case SCN_OP_RST:
	case SCN_OP_RST_PEER:
		x->ctl[0] = (struct ctl){ st->op == SCN_OP_RST_PEER,
		    F_RST | F_ACK };
		return 1;
	default:
		return 0;
	}
}

static uint32_t
step_npk(struct inst *x, const struct scn_step *st)
{
	int tcp = x->s->proto == IPPROTO_TCP;

	switch (st->op) {
	case SCN_OP_CONNECT:
		return 3;
	case SCN_OP_SYN_ONLY:
		return st->count;
	case SCN_OP_SEND:
	case SCN_OP_RECV:
		return st->count + (tcp ? 1 : 0);
	case SCN_OP_BOTH:
		return 2 * st->count + (tcp ? 1 : 0);
	case SCN_OP_PING:
		return st->count * (st->reply ? 2 : 1);
	case SCN_OP_IDLE:
		return 0;
	default:
		return ctl_script(x, st);
	}
}

/*
 * Move to the first step with a packet, at or after step i; idle steps
 * push the time on.  *delta is the time from the previous packet to the
 * next; it is replaced by an idle's duration.  0 when the script ended.
 */
static int
enter_step(struct inst *x, size_t i, int64_t delta, int first)
{
	const struct scn_session *s = x->s;
	int idled = 0;

	for (; i < s->nsteps; i++) {
		if (s->steps[i].op == SCN_OP_IDLE) {
			delta = (idled ? delta : 0) + s->steps[i].dur_us;
			idled = 1;
			continue;
		}
		x->step = i;
		x->n = 0;
		x->npk = step_npk(x, &s->steps[i]);
		if (x->npk == 0)
			continue;
		x->t += first && !idled ? 0 : delta;
		return 1;
	}
	return 0;
}

/* Time from packet n-1 to packet n of the current step. */
static int64_t
in_step_delta(const struct inst *x, const struct scn_step *st, uint32_t n)
{
	int64_t pace = x->s->pace_us, gap = st->gap_us;

	switch (st->op) {
	case SCN_OP_SYN_ONLY:
		return gap >= 0 ? gap : 1000000;
	case SCN_OP_SEND:
	case SCN_OP_RECV:
		if (n == st->count)	/* the ACK */
			return pace;
		return gap >= 0 ? gap : pace;
	case SCN_OP_BOTH:
		if (n == 2 * st->count)	/* the last ACK */
			return pace;
		return gap >= 0 ? gap : pace;
	case SCN_OP_PING:
		if (gap < 0)
			gap = 1000000;
		if (!st->reply)
			return gap;
		if (n % 2 == 1)		/* the reply */
			return pace;
		return gap > pace ? gap - pace : pace;
	default:
		return pace;
	}
}

static void
account(struct sched *h, struct inst *x, int dir, const struct gen_pkt *p)
{
	struct ledger_ent *l = &x->led[dir];
	uint32_t n = gen_l3len(p);

	if (l->packets == 0)
		l->first_us = h->sc->epoch_us + x->t;
	l->last_us = h->sc->epoch_us + x->t;
	l->packets++;
	l->octets += n;
	h->st->packets++;
	h->st->octets += n;
}

/*
 * nat-to: the translated source of an instance, chosen when its first
 * packet goes out (when PF would create the state): the n-th translated
 * session gets port_lo + n mod the range, or keeps its port.
 */
static void
nat_assign(struct sched *h, struct inst *x)
{
	const struct gw_conf *gw = &h->sc->gw;
	struct addr na = gw->nat.to, src = x->ep[0];
	uint16_t np = x->sp[0], sport = x->sp[0];

	x->nat_done = 1;
	if (gw->nat.port_lo != 0)
		np = (uint16_t)(gw->nat.port_lo + h->nat_count %
		    ((uint32_t)gw->nat.port_hi - gw->nat.port_lo + 1));
	h->nat_count++;
	x->to[1] = na;
	x->dp[1] = np;
	x->led[1].dst = na;
	x->led[1].dport = np;
	x->led[0].xlate = x->led[1].xlate = 1;
	x->led[0].xsrc = na;
	x->led[0].xsport = np;
	if (!x->s->rdr) {
		x->led[0].xdst = x->to[0];
		x->led[0].xdport = x->dp[0];
		x->led[1].xsrc = x->ep[1];
		x->led[1].xsport = x->sp[1];
	}
	x->led[1].xdst = src;
	x->led[1].xdport = sport;
}

/* Emit the packet the instance is at; 0, or -1 on error. */
static int
emit(struct sched *h, struct inst *x)
{
	const struct scn_session *s = x->s;
	const struct scn_step *st = &s->steps[x->step];
	struct gen_pkt p;
	const uint8_t *fr;
	uint32_t flen, n = x->n;
	int dir = 0, tcp = s->proto == IPPROTO_TCP;

	if (s->nat && !x->nat_done)
		nat_assign(h, x);
	memset(&p, 0, sizeof(p));
	p.proto = s->proto;
	p.tos = s->tos;
	p.win = WIN;
	switch (st->op) {
	case SCN_OP_CONNECT:
		dir = n == 1;
		p.tcp_flags = n == 0 ? F_SYN : (n == 1 ? F_SYN | F_ACK : F_ACK);
		break;
	case SCN_OP_SYN_ONLY:
		p.tcp_flags = F_SYN;
		break;
	case SCN_OP_SEND:
	case SCN_OP_RECV:
		dir = st->op == SCN_OP_RECV;
		if (n < st->count) {
			p.paylen = st->size;
			p.tcp_flags = F_ACK | (n + 1 == st->count ? F_PSH : 0);
		} else {
			dir = !dir;
			p.tcp_flags = F_ACK;
		}
		break;
	case SCN_OP_BOTH:
		/* data alternate, each acknowledging the other side's */
		if (n < 2 * st->count) {
			dir = (int)(n % 2);
			p.paylen = st->size;
			p.tcp_flags = F_ACK | F_PSH;
		} else {
			dir = 0;
			p.tcp_flags = F_ACK;
		}
		break;
	case SCN_OP_PING:
		dir = st->reply ? (int)(n % 2) : 0;
		p.paylen = st->size;
		break;
	default:
		dir = x->ctl[n].dir;
		p.tcp_flags = x->ctl[n].flags;
		break;
	}
	p.side = dir == 0 ? (int)s->from : !(int)s->from;
	p.src = x->ep[dir];
	p.dst = x->to[dir];
	p.sport = x->sp[dir];
	p.dport = x->dp[dir];
	if (tcp) {
		p.seq = x->snd[dir];
		if (p.tcp_flags & F_SYN) {
			p.mss = s->src.af == AF_INET6 ? 1440 : 1460;
			if (dir == 0 && st->op == SCN_OP_SYN_ONLY && n > 0)
				p.seq = x->snd[0] - 1;	/* retransmission */
		}
		if (p.tcp_flags & F_ACK)
			p.ack = x->snd[!dir];
		if (p.tcp_flags & F_RST)
			p.win = 0;
		x->snd[dir] += p.paylen;
		if (p.tcp_flags & F_SYN) {
			if (!(dir == 0 && st->op == SCN_OP_SYN_ONLY && n > 0))
				x->snd[dir]++;
		}
		if (p.tcp_flags & F_FIN) {
			x->snd[dir]++;
			x->fin[dir] = 1;
		}
		if (p.tcp_flags & F_RST)
			x->rst = 1;
		if (st->op == SCN_OP_SYN_ONLY)
			x->syn_only = 1;
	} else if (s->proto == IPPROTO_ICMP || s->proto == IPPROTO_ICMPV6) {
		int v6 = s->proto == IPPROTO_ICMPV6;

		if (dir == 0) {
			x->echo_seq++;
			p.icmp_type = v6 ? 128 : 8;
		} else {
			p.icmp_type = v6 ? 129 : 0;
			x->replies++;
		}
		p.seq = x->echo_seq;
		/* the echo id travels both ways (translated by nat-to) */
		p.sport = dir == 0 ? x->sp[0] : x->dp[1];
		p.dport = 0;
	}
	p.ipid = x->ipid[dir]++;
	if (gen_build(h->b, &p, &fr, &flen, h->err, h->errlen) == -1)
		return -1;
	account(h, x, dir, &p);
	if (h->sink->frame != NULL &&
	    h->sink->frame(h->sink->arg, h->sc->epoch_us + x->t, fr, flen) ==
	    -1) {
		snprintf(h->err, h->errlen, "writing a frame failed");
		return -1;
	}
	return 0;
}

/* After emitting: find the next packet.  0 when the instance is done. */
static int
advance(struct inst *x)
{
	const struct scn_step *st = &x->s->steps[x->step];

	x->n++;
	if (x->n < x->npk) {
		x->t += in_step_delta(x, st, x->n);
		return 1;
	}
	return enter_step(x, x->step + 1, x->s->pace_us, 0);
}

static const char *
end_reason(const struct inst *x)
{
	switch (x->s->proto) {
	case IPPROTO_TCP:
		if (x->rst)
			return "rst";
		if (x->fin[0] && x->fin[1])
			return "fin";
		if (x->syn_only)
			return "unanswered";
		return "open";
	case IPPROTO_UDP:
		return x->led[1].packets > 0 ? "done" : "oneway";
	default:
		return x->replies > 0 ? "done" : "unanswered";
	}
}

static int
finish(struct sched *h, struct inst *x)
{
	const char *end = end_reason(x);
	int d;

	for (d = 0; d < 2; d++) {
		struct ledger_ent *l = &x->led[d];

		if (l->packets == 0)
			continue;
		snprintf(l->end, sizeof(l->end), "%s", end);
		h->st->ledger_lines++;
		if (h->sink->ledger != NULL &&
		    h->sink->ledger(h->sink->arg, l) == -1) {
			snprintf(h->err, h->errlen, "writing the ledger "
			    "failed");
			return -1;
		}
	}
	return 0;
}

static void
addr_add(struct addr *a, uint32_t k)
{
	int i = a->af == AF_INET6 ? 15 : 3;
	uint64_t carry = k;

	for (; i >= 0 && carry != 0; i--) {
		carry += a->a[i];
		a->a[i] = (uint8_t)carry;
		carry >>= 8;
	}
}

static uint16_t
port_add(uint16_t base, uint64_t add)
{
	uint64_t v;

	if (add == 0)
		return base;
	/* wraps from 65535 to 1024 */
	v = (uint64_t)base + add;
	if (v > 65535)
		v = 1024 + (v - 1024) % (65536 - 1024);
	return (uint16_t)v;
}

/* Set up instance k of session s starting at t. */
static int
inst_start(struct sched *h, struct inst *x, const struct scn_session *s,
    uint32_t k, int64_t t)
{
	uint64_t r;
	struct addr src = s->src;
	uint16_t sport = s->sport;
	int d;

	x->s = s;
	x->k = k;
	x->id = s->id + k;
	x->t = t;
	if (s->proto == IPPROTO_TCP || s->proto == IPPROTO_UDP)
		sport = port_add(s->sport, (uint64_t)k * s->sport_step);
	else
		sport = (uint16_t)(s->sport + k * s->sport_step);
	if (s->src_step != 0)
		addr_add(&src, (uint32_t)((uint64_t)k * s->src_step));
	/* forward: as the initiator sends it */
	x->ep[0] = src;
	x->sp[0] = sport;
	x->to[0] = s->dst;
	x->dp[0] = s->dport;
	/* reverse: as the responder (maybe behind rdr-to) answers */
	x->ep[1] = s->rsrc;
	x->sp[1] = s->rport;
	x->to[1] = src;
	x->dp[1] = sport;
	if (s->proto == IPPROTO_ICMP || s->proto == IPPROTO_ICMPV6) {
		x->dp[0] = x->sp[1] = s->dport;	/* type, as PF keys it */
		x->dp[1] = sport;		/* echo id */
	}
	for (d = 0; d < 2; d++) {
		struct ledger_ent *l = &x->led[d];

		l->session = x->id;
		l->line = s->line;
		l->rev = d;
		l->proto = s->proto;
		l->src = x->ep[d];
		l->dst = x->to[d];
		l->sport = x->sp[d];
		l->dport = x->dp[d];
		snprintf(l->from, sizeof(l->from), "%s",
		    s->from == SCN_CLIENT ? "client" : "server");
	}
	if (s->rdr) {
		x->led[0].xlate = x->led[1].xlate = 1;
		if (!s->nat) {
			x->led[0].xsrc = src;
			x->led[0].xsport = sport;
			x->led[1].xdst = x->to[1];
			x->led[1].xdport = x->dp[1];
		}
		x->led[0].xdst = s->rsrc;
		x->led[0].xdport = s->rport;
		/* the answer leaves with the public address restored */
		x->led[1].xsrc = s->dst;
		x->led[1].xsport = s->dport;
		if (!s->nat) {
			x->led[1].xdst = src;
			x->led[1].xdport = sport;
		}
	}
	r = rng_mix(h->sc->seed ^ rng_mix(x->id));
	x->snd[0] = (uint32_t)r;
	x->snd[1] = (uint32_t)(r >> 32);
	r = rng_mix(r);
	x->ipid[0] = (uint16_t)r;
	x->ipid[1] = (uint16_t)(r >> 16);
	h->st->sessions++;
	return enter_step(x, 0, 0, 1);
}

int
gen_run(const struct scenario *sc, const struct gen_sink *sink,
    struct gen_stats *st, char *err, size_t errlen)
{
	struct sched h;
	struct inst *x, *sp;
	size_t i;
	int rc = -1;

	memset(&h, 0, sizeof(h));
	memset(st, 0, sizeof(*st));
	h.sc = sc;
	h.sink = sink;
	h.st = st;
	h.err = err;
	h.errlen = errlen;
	if ((h.b = gen_builder_new(err, errlen)) == NULL)
		return -1;
	for (i = 0; i < sc->nsessions; i++) {
		if ((sp = inst_alloc(&h)) == NULL)
			goto nomem;
		sp->spawner = 1;
		sp->s = &sc->sessions[i];
		sp->k = 0;
		sp->id = sp->s->id;
		sp->t = sp->s->start_us;
		if (heap_push(&h, sp) == -1)
			goto nomem;
	}
	while (h.nheap > 0) {
		x = h.heap[0];
		if (x->spawner) {
			struct inst *ni;

			/* take the spawner off the top, start instance k */
			h.heap[0] = h.heap[--h.nheap];
			if (h.nheap > 0)
				heap_down(&h, 0);
			if ((ni = inst_alloc(&h)) == NULL) {
				free(x);
				goto nomem;
			}
			if (!inst_start(&h, ni, x->s, x->k, x->t))
				inst_release(&h, ni);	/* no packet */
			else if (heap_push(&h, ni) == -1) {
				free(ni);
				free(x);
				goto nomem;
			}
			if (++x->k < x->s->repeat) {
				x->t += x->s->interval_us;
				x->id = x->s->id + x->k;
				if (heap_push(&h, x) == -1) {
					free(x);
					goto nomem;
				}
			} else
				inst_release(&h, x);
			continue;
		}
		if (emit(&h, x) == -1)
			goto out;
		if (st->packets == 1)
			st->first_us = sc->epoch_us + x->t;
		st->last_us = sc->epoch_us + x->t;
		if (advance(x)) {
			heap_down(&h, 0);
			continue;
		}
		if (finish(&h, x) == -1)
			goto out;
		h.heap[0] = h.heap[--h.nheap];
		if (h.nheap > 0)
			heap_down(&h, 0);
		inst_release(&h, x);
	}
	rc = 0;
	goto out;
nomem:
	snprintf(err, errlen, "out of memory");
out:
	for (i = 0; i < h.nheap; i++)
		free(h.heap[i]);
	while ((x = h.free_list) != NULL) {
		h.free_list = x->next_free;
		free(x);
	}
	free(h.heap);
	gen_builder_free(h.b);
	return rc;
}
