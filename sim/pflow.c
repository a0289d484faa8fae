/*
 * pflow.c: the pflow(4) exporter: buffers, timers, sequence counters and
 * the NetFlow v5 / IPFIX datagrams, after sys/net/if_pflow.c 1.111
 * (OpenBSD 7.8) and the 1.112 NAT template (-current).
 *
 * Facts from if_pflow.c 1.111 used here (besides pflow-facts.md 1-3):
 *  - pflow_get_mbuf arms the v5 flush timer (sc_tmo, 30 s) when a v5
 *    buffer is started and captures flow_sequence = sc_gcounter then;
 *    copy_flow_ipfix_4_to_m / _6_to_m arm sc_tmo / sc_tmo6 when their
 *    buffer is started.  Later records never push a timer back.
 *  - pflow_timeout (sc_tmo) sends the v5 buffer, or under IPFIX only
 *    the IPv4 buffer; pflow_timeout6 the IPv6 one.
 *  - pflow_sendout_* cancel the buffer's timer; an interface that is not
 *    RUNNING frees the buffer (sequence already advanced for v5).
 *  - pflow_sendout_ipfix writes sc_sequence into the header and then adds
 *    the message's record count; templates carry it unchanged.
 *  - pflow_sendout_ipfix_tmpl cancels and re-arms the 30 s template timer
 *    on every send; the template goes out when the interface becomes
 *    RUNNING (SIOCSIFFLAGS / SIOCSETPFLOW).
 *  - export_pflow takes sk = key[direction == PF_IN ? WIRE : STACK] and
 *    walks pflowif_list, where pflow_clone_create inserts at the head:
 *    the newest interface is served first.
 *  - copy_flow_data / copy_flow_ipfix_*_data: record 1 from
 *    sk->addr[src], src = 1 for PF_OUT states else 0; record 2 mirrored,
 *    in/out ifindex swapped; a record only when its byte counter != 0.
 *  - assumed for 1.112, whose C file was not readable: the NAT buffer
 *    has its own 30 s timer like sc_tmo6, and pflow_flush sends v4, v6,
 *    then NAT.
 *  - v5 First = creation * 1000 (0 if creation < 0 or > expire), Last =
 *    expire * 1000; IPFIX start/end = (gettime() - (getuptime() - t)) *
 *    1000 read at packing time.
 */
#include <sys/socket.h>
#include <netinet/in.h>

#include <stdio.h>
#include <string.h>

#include "clock.h"
#include "cursor.h"
#include "pflow.h"
#include "pflowtmpl.h"

static int64_t
pflow_getuptime(const struct pflow_env *e)
{
	return clock_sec(e->now_us - e->boot_us);
}

static int64_t
pflow_gettime(const struct pflow_env *e)
{
	return clock_sec(e->now_us + e->step_us);
}

int
pflow_init(struct pflow_sc *sc, int idx, int version,
    const struct profile *p, unsigned int mtu, char *err, size_t errlen)
{
	int rec4;

	memset(sc, 0, sizeof(*sc));
	sc->idx = idx;
	sc->version = version;
	sc->current = p->max_nat != 0;
	sc->flush_s = p->flush_s ? p->flush_s : 30;
	sc->tmpl_s = p->tmpl_s ? p->tmpl_s : 30;
	if (version != 5 && version != 10) {
		snprintf(err, errlen, "pflow%d: Invalid pflow protocol: %d",
		    idx, version);
		return -1;
	}
	if (mtu == 0)
		mtu = 1500;
	if (mtu < PFLOW_MINMTU) {
		snprintf(err, errlen, "pflow%d: mtu %u below %d", idx, mtu,
		    PFLOW_MINMTU);
		return -1;
	}
	if (mtu > PFLOW_MAXMTU)
		mtu = PFLOW_MAXMTU;
	/* pflow_setmtu / pflow_calc_mtu; 28 = sizeof(struct udpiphdr) */
	if (version == 5) {
		sc->maxcount = (int)(mtu - 24 - 28) / PFLOW_REC5_LEN;
		if (sc->maxcount > PFLOW_MAXFLOWS)
			sc->maxcount = PFLOW_MAXFLOWS;
		sc->mtu = (uint16_t)(24 + 28 + sc->maxcount * PFLOW_REC5_LEN);
	} else {
		rec4 = sc->current ? PFLOW_RECNAT_LEN : PFLOW_REC4_LEN;
		sc->maxcount4 = (int)(mtu - 16 - 28) / rec4;
		sc->maxcount6 = (int)(mtu - 16 - 28) / PFLOW_REC6_LEN;
		if (sc->maxcount4 > PFLOW_MAXFLOWS)
			sc->maxcount4 = PFLOW_MAXFLOWS;
		if (sc->maxcount6 > PFLOW_MAXFLOWS)
			sc->maxcount6 = PFLOW_MAXFLOWS;
		sc->mtu = (uint16_t)(16 + 28 +
		    (sc->maxcount4 * rec4 < sc->maxcount6 * PFLOW_REC6_LEN ?
		    sc->maxcount4 * rec4 : sc->maxcount6 * PFLOW_REC6_LEN));
	}
	sc->b4.set_id = PFLOW_TMPL_V4;
	sc->b6.set_id = sc->current ? PFLOW_TMPL_V6_CUR : PFLOW_TMPL_V6_78;
	sc->bnat.set_id = PFLOW_TMPL_NAT4;
	return 0;
}

/* --- templates (struct pflow_ipfix_tmpl) --- */

static const uint16_t tmpl_v4[][2] = {
	{ 8, 4 }, { 12, 4 }, { 10, 4 }, { 14, 4 }, { 2, 8 }, { 1, 8 },
	{ 152, 8 }, { 153, 8 }, { 7, 2 }, { 11, 2 }, { 5, 1 }, { 4, 1 }
};
static const uint16_t tmpl_v6[][2] = {
	{ 27, 16 }, { 28, 16 }, { 10, 4 }, { 14, 4 }, { 2, 8 }, { 1, 8 },
	{ 152, 8 }, { 153, 8 }, { 7, 2 }, { 11, 2 }, { 5, 1 }, { 4, 1 }
};
static const uint16_t tmpl_nat[][2] = {
	{ 8, 4 }, { 12, 4 }, { 10, 4 }, { 14, 4 }, { 2, 8 }, { 1, 8 },
	{ 152, 8 }, { 153, 8 }, { 225, 4 }, { 226, 4 }, { 227, 2 },
	{ 228, 2 }, { 7, 2 }, { 11, 2 }, { 5, 1 }, { 4, 1 }
};

static void
pflow_put_tmpl(struct wcursor *w, uint16_t id, const uint16_t (*f)[2],
    int n, int wrong)
{
	int i;

	wcur_u16(w, id);
	wcur_u16(w, (uint16_t)n);
	for (i = 0; i < n; i++) {
		wcur_u16(w, f[i][0]);
		/* fault: interfaces announced as 2 octets (as in v5) */
		if (wrong && (f[i][0] == 10 || f[i][0] == 14))
			wcur_u16(w, 2);
		else
			wcur_u16(w, f[i][1]);
	}
}

size_t
pflow_tmpl_msg(const struct pflow_sc *sc, uint8_t *buf, size_t len,
    uint32_t export_time, int wrong)
{
	struct wcursor w;
	size_t setlen;

	setlen = sc->current ? 176 : 108;
	wcur_init(&w, buf, len);
	wcur_u16(&w, 10);
	wcur_u16(&w, (uint16_t)(16 + setlen));
	wcur_u32(&w, export_time);
	wcur_u32(&w, sc->sequence);
	wcur_u32(&w, PFLOW_ENGINE);
	wcur_u16(&w, 2);
	wcur_u16(&w, (uint16_t)setlen);
	pflow_put_tmpl(&w, PFLOW_TMPL_V4, tmpl_v4, 12, wrong);
	if (sc->current) {
		pflow_put_tmpl(&w, PFLOW_TMPL_NAT4, tmpl_nat, 16, wrong);
		pflow_put_tmpl(&w, PFLOW_TMPL_V6_CUR, tmpl_v6, 12, wrong);
	} else
		pflow_put_tmpl(&w, PFLOW_TMPL_V6_78, tmpl_v6, 12, wrong);
	return w.failed ? 0 : wcur_len(&w);
}

static void
pflow_emit(struct pflow_env *e, struct pflow_sc *sc, enum pflow_dgkind k,
    uint8_t *buf, size_t len)
{
	sc->datagrams++;
	if (e->send != NULL)
		e->send(e->arg, sc->idx, k, buf, len);
}

void
pflow_sendout_ipfix_tmpl(struct pflow_env *e, struct pflow_sc *sc)
{
	uint8_t buf[256];
	size_t n;

	sc->tmpl_tmo_us = 0;
	if (!sc->running)
		return;
	n = pflow_tmpl_msg(sc, buf, sizeof(buf), (uint32_t)pflow_gettime(e),
	    e->wrong_tmpl);
	sc->tmpl_tmo_us = e->now_us + (int64_t)sc->tmpl_s * 1000000;
	sc->tmpl_seq = ++e->arm_seq;
	pflow_emit(e, sc, PFLOW_DG_TMPL, buf, n);
}

void
pflow_up(struct pflow_env *e, struct pflow_sc *sc)
{
	sc->running = 1;
	if (sc->version == 10)
		pflow_sendout_ipfix_tmpl(e, sc);
}

/* --- NetFlow v5 --- */

void
pflow_sendout_v5(struct pflow_env *e, struct pflow_sc *sc)
{
	struct pflow_buf *b = &sc->b5;
	int64_t wall = e->now_us + e->step_us;

	b->tmo_us = 0;
	if (!b->active)
		return;
	b->active = 0;
	if (!sc->running)
		return;
	put16(b->data + 2, (uint16_t)b->count);
	put32(b->data + 4, (uint32_t)(pflow_getuptime(e) * 1000));
	put32(b->data + 8, (uint32_t)clock_sec(wall));
	put32(b->data + 12, (uint32_t)((wall - clock_sec(wall) * 1000000) *
	    1000));
	pflow_emit(e, sc, PFLOW_DG_V5, b->data, b->len);
}

static void
pflow_get_mbuf_v5(struct pflow_env *e, struct pflow_sc *sc)
{
	struct pflow_buf *b = &sc->b5;

	memset(b->data, 0, 24);
	put16(b->data, 5);
	put32(b->data + 16, sc->gcounter);
	b->data[20] = PFLOW_ENGINE;
	b->data[21] = PFLOW_ENGINE;
	b->len = 24;
	b->count = 0;
	b->active = 1;
	b->tmo_us = e->now_us + (int64_t)sc->flush_s * 1000000;
	b->tmo_seq = ++e->arm_seq;
}

/* a record fault, if this is the record it is aimed at */
static int64_t
pflow_fault_delta(struct pflow_env *e, int field)
{
	int64_t d = 0;

	if (e->fault_rec >= 0 && (uint64_t)e->fault_rec == e->recno &&
	    e->fault_field == field)
		d = e->fault_delta;
	return d;
}

static void
pflow_copy_flow_to_m(struct pflow_env *e, struct pflow_sc *sc,
    const struct pf_state *st, const struct pf_key *sk, int rev,
    uint64_t bytes)
{
	struct pflow_buf *b = &sc->b5;
	uint8_t *r;
	int s = st->direction == PF_OUT ? 1 : 0, d = 1 - s, i = rev ? 1 : 0;

	if (rev) {
		s = 1 - s;
		d = 1 - d;
	}
	if (!b->active)
		pflow_get_mbuf_v5(e, sc);
	r = b->data + b->len;
	memset(r, 0, PFLOW_REC5_LEN);
	memcpy(r, sk->addr[s], 4);
	memcpy(r + 4, sk->addr[d], 4);
	put16(r + 12, (uint16_t)(rev ? st->if_index_out : st->if_index_in));
	put16(r + 14, (uint16_t)(rev ? st->if_index_in : st->if_index_out));
	put32(r + 16, (uint32_t)(st->packets[i] + pflow_fault_delta(e, 1)));
	put32(r + 20, (uint32_t)(bytes + pflow_fault_delta(e, 0)));
	put32(r + 24, st->creation < 0 || st->creation > st->expire ? 0 :
	    (uint32_t)st->creation * 1000u);
	put32(r + 28, st->expire < 0 ? 0 : (uint32_t)st->expire * 1000u);
	put16(r + 32, sk->port[s]);
	put16(r + 34, sk->port[d]);
	r[38] = sk->proto;
	r[39] = st->tos;
	b->len += PFLOW_REC5_LEN;
	e->recno++;
	sc->records++;
	sc->gcounter++;
	b->count++;
	if (b->count >= sc->maxcount)
		pflow_sendout_v5(e, sc);
}

/* pflow_pack_flow with the (possibly split) byte counters in bytes[] */
int
pflow_pack_flow(struct pflow_env *e, struct pflow_sc *sc,
    const struct pf_state *st, const uint64_t *bytes)
{
	const struct pf_key *sk = &st->kn[st->direction == PF_IN ?
	    PF_SK_WIRE : PF_SK_STACK].key;

	if (bytes[0] != 0)
		pflow_copy_flow_to_m(e, sc, st, sk, 0, bytes[0]);
	if (bytes[1] != 0)
		pflow_copy_flow_to_m(e, sc, st, sk, 1, bytes[1]);
	return 0;
}

/* export_pflow_if, v5: counters of 4 GiB and more are split */
static void
pflow_export_v5(struct pflow_env *e, struct pflow_sc *sc,
    const struct pf_state *st)
{
	uint64_t bytes[2], chunk[2];

	if (st->bytes[0] < PFLOW_MAXBYTES && st->bytes[1] < PFLOW_MAXBYTES) {
		pflow_pack_flow(e, sc, st, st->bytes);
		return;
	}
	bytes[0] = st->bytes[0];
	bytes[1] = st->bytes[1];
	while (bytes[0] > PFLOW_MAXBYTES) {
		chunk[0] = PFLOW_MAXBYTES;
		chunk[1] = 0;
		pflow_pack_flow(e, sc, st, chunk);
		bytes[0] -= PFLOW_MAXBYTES;
	}
	while (bytes[1] > PFLOW_MAXBYTES) {
		chunk[0] = 0;
		chunk[1] = PFLOW_MAXBYTES;
		pflow_pack_flow(e, sc, st, chunk);
		bytes[1] -= PFLOW_MAXBYTES;
	}
	pflow_pack_flow(e, sc, st, bytes);
}

/* --- IPFIX --- */

void
pflow_sendout_ipfix(struct pflow_env *e, struct pflow_sc *sc,
    struct pflow_buf *b)
{
	size_t setlen;

	b->tmo_us = 0;
	if (!b->active)
		return;
	b->active = 0;
	if (!sc->running)
		return;
	setlen = b->len - 16;
	put16(b->data + 18, (uint16_t)setlen);
	put16(b->data, 10);
	put16(b->data + 2, (uint16_t)(16 + setlen));
	put32(b->data + 4, (uint32_t)pflow_gettime(e));
	put32(b->data + 8, sc->sequence);
	sc->sequence += (uint32_t)b->count;
	put32(b->data + 12, PFLOW_ENGINE);
	pflow_emit(e, sc, PFLOW_DG_DATA, b->data, b->len);
}

static uint8_t *
pflow_ipfix_slot(struct pflow_env *e, struct pflow_sc *sc,
    struct pflow_buf *b, size_t reclen)
{
	uint8_t *r;

	if (!b->active) {
		put16(b->data + 16, b->set_id);
		put16(b->data + 18, 0);
		b->len = 20;
		b->count = 0;
		b->active = 1;
		b->tmo_us = e->now_us + (int64_t)sc->flush_s * 1000000;
		b->tmo_seq = ++e->arm_seq;
	}
	r = b->data + b->len;
	memset(r, 0, reclen);
	b->len += reclen;
	return r;
}

static void
pflow_ipfix_done(struct pflow_env *e, struct pflow_sc *sc,
    struct pflow_buf *b, int max)
{
	e->recno++;
	sc->records++;
	sc->gcounter++;
	b->count++;
	if (b->count >= max)
		pflow_sendout_ipfix(e, sc, b);
}

static void
pflow_copy_flow_ipfix(struct pflow_env *e, struct pflow_sc *sc,
    const struct pf_state *st, const struct pf_key *sk,
    const struct pf_key *skw, int rev)
{
	struct pflow_buf *b;
	uint8_t *r;
	size_t alen = sk->af == AF_INET ? 4 : 16, reclen, o;
	int s = st->direction == PF_OUT ? 1 : 0, d = 1 - s, i = rev ? 1 : 0;
	int64_t now_wall = pflow_gettime(e), now_up = pflow_getuptime(e);
	int64_t start, end;
	int max;

	if (rev) {
		s = 1 - s;
		d = 1 - d;
	}
	if (sk->af == AF_INET6) {
		b = &sc->b6;
		reclen = PFLOW_REC6_LEN;
		max = sc->maxcount6;
	} else if (skw != NULL) {
		b = &sc->bnat;
		reclen = PFLOW_RECNAT_LEN;
		max = sc->maxcount4;
	} else {
		b = &sc->b4;
		reclen = PFLOW_REC4_LEN;
		max = sc->maxcount4;
	}
	r = pflow_ipfix_slot(e, sc, b, reclen);
	if (st->creation > st->expire)
		start = (now_wall - now_up) * 1000;
	else
		start = (now_wall - (now_up - st->creation)) * 1000;
	end = (now_wall - (now_up - st->expire)) * 1000;
	memcpy(r, sk->addr[s], alen);
	memcpy(r + alen, sk->addr[d], alen);
	o = 2 * alen;
	put32(r + o, rev ? st->if_index_out : st->if_index_in);
	put32(r + o + 4, rev ? st->if_index_in : st->if_index_out);
	put64(r + o + 8, st->packets[i] + (uint64_t)pflow_fault_delta(e, 1));
	put64(r + o + 16, st->bytes[i] + (uint64_t)pflow_fault_delta(e, 0));
	put64(r + o + 24, (uint64_t)start);
	put64(r + o + 32, (uint64_t)end);
	o += 40;
	if (skw != NULL) {
		memcpy(r + o, skw->addr[s], 4);
		memcpy(r + o + 4, skw->addr[d], 4);
		put16(r + o + 8, skw->port[s]);
		put16(r + o + 10, skw->port[d]);
		o += 12;
	}
	put16(r + o, sk->port[s]);
	put16(r + o + 2, sk->port[d]);
	r[o + 4] = st->tos;
	r[o + 5] = sk->proto;
	pflow_ipfix_done(e, sc, b, max);
}

int
pflow_pack_flow_ipfix(struct pflow_env *e, struct pflow_sc *sc,
    const struct pf_state *st)
{
	const struct pf_key *sk, *skw = NULL;

	sk = &st->kn[st->direction == PF_IN ? PF_SK_WIRE : PF_SK_STACK].key;
	/* 1.112: the post-translation key, when it differs (IPv4 only) */
	if (sc->current && st->translated && sk->af == AF_INET)
		skw = &st->kn[st->direction == PF_OUT ? PF_SK_WIRE :
		    PF_SK_STACK].key;
	if (st->bytes[0] != 0)
		pflow_copy_flow_ipfix(e, sc, st, sk, skw, 0);
	if (st->bytes[1] != 0)
		pflow_copy_flow_ipfix(e, sc, st, sk, skw, 1);
	return 0;
}

void
pflow_export(struct pflow_env *e, struct pflow_sc *scs, int n,
    const struct pf_state *st)
{
	const struct pf_key *sk;
	int i;

	sk = &st->kn[st->direction == PF_IN ? PF_SK_WIRE : PF_SK_STACK].key;
	/* pflowif_list: the newest interface first */
	for (i = n - 1; i >= 0; i--) {
		if (!scs[i].running)
			continue;
		if (scs[i].version == 5) {
			if (sk->af == AF_INET)
				pflow_export_v5(e, &scs[i], st);
		} else if (sk->af == AF_INET || sk->af == AF_INET6)
			pflow_pack_flow_ipfix(e, &scs[i], st);
	}
}

/* --- timers --- */

int
pflow_timer_peek(const struct pflow_sc *sc, int64_t *tp, uint64_t *sp)
{
	const int64_t t[] = { sc->b5.tmo_us, sc->b4.tmo_us, sc->b6.tmo_us,
	    sc->bnat.tmo_us, sc->tmpl_tmo_us };
	const uint64_t q[] = { sc->b5.tmo_seq, sc->b4.tmo_seq, sc->b6.tmo_seq,
	    sc->bnat.tmo_seq, sc->tmpl_seq };
	int i, best = -1;

	for (i = 0; i < 5; i++) {
		if (t[i] == 0)
			continue;
		if (best == -1 || t[i] < t[best] ||
		    (t[i] == t[best] && q[i] < q[best]))
			best = i;
	}
	if (best >= 0) {
		*tp = t[best];
		*sp = q[best];
	}
	return best;
}

int64_t
pflow_next_timer(const struct pflow_sc *sc)
{
	int64_t t;
	uint64_t q;

	return pflow_timer_peek(sc, &t, &q) == -1 ? INT64_MAX : t;
}

void
pflow_timer_fire(struct pflow_env *e, struct pflow_sc *sc, int slot)
{
	switch (slot) {
	case 0:
		pflow_sendout_v5(e, sc);		/* pflow_timeout */
		break;
	case 1:
		pflow_sendout_ipfix(e, sc, &sc->b4);	/* pflow_timeout */
		break;
	case 2:
		pflow_sendout_ipfix(e, sc, &sc->b6);	/* pflow_timeout6 */
		break;
	case 3:
		pflow_sendout_ipfix(e, sc, &sc->bnat);
		break;
	case 4:
		pflow_sendout_ipfix_tmpl(e, sc);	/* pflow_timeout_tmpl */
		break;
	}
}

void
pflow_run_timers(struct pflow_env *e, struct pflow_sc *sc)
{
	int64_t t;
	uint64_t q;
	int slot;

	while ((slot = pflow_timer_peek(sc, &t, &q)) != -1 && t <= e->now_us)
		pflow_timer_fire(e, sc, slot);
}

void
pflow_flush(struct pflow_env *e, struct pflow_sc *sc)
{
	if (sc->version == 5)
		pflow_sendout_v5(e, sc);
	else {
		pflow_sendout_ipfix(e, sc, &sc->b4);
		pflow_sendout_ipfix(e, sc, &sc->b6);
		pflow_sendout_ipfix(e, sc, &sc->bnat);
	}
}

int
pflow_pending(const struct pflow_sc *sc)
{
	return sc->b5.active || sc->b4.active || sc->b6.active ||
	    sc->bnat.active;
}

void
pflow_restart(struct pflow_env *e, struct pflow_sc *sc)
{
	/* pflow_clone_destroy flushes; the new softc is zeroed */
	pflow_flush(e, sc);
	sc->gcounter = 0;
	sc->sequence = 0;
	sc->tmpl_tmo_us = 0;
	pflow_up(e, sc);
}
