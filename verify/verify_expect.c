/*
 * verify_expect.c: from the ledger (what crossed the gateway, per session
 * and direction) to the records an exporter profile predicts, under the
 * gateway settings.  The pflow facts used (../shared/spec/pflow-facts.md):
 *
 *  - one state per pass rule carrying pflow (3.5): the in-state on the
 *    interface the initiator's packets enter, the out-state on the one
 *    they leave by; each state sees its own interface both ways, so
 *    record 1 has in = if_index_in, out = if_index_out (0 if that
 *    direction never passed), record 2 the swap;
 *  - record 1 is initiator -> responder, record 2 the answer (3.3); a
 *    direction with zero bytes gives no record (3.7);
 *  - addresses are pre-translation (3.4): pflow takes the in-state's
 *    wire key and the out-state's stack key.  nat-to (applied by the out
 *    rule) leaves both states with the inside source; rdr-to (applied by
 *    the in rule) leaves the in-state with the public destination and
 *    the out-state with the rdr-to target.  The NAT template (1.112)
 *    carries the other key of the translating state (in: stack, out:
 *    wire).  The ledger's x* fields say how the packets were rewritten;
 *  - v5: IPv4 only (1.3), octets over 0xffffffff split into chunks that
 *    repeat the 32-bit-truncated packet count (3.6);
 *  - First/Last: creation and last update in whole uptime seconds (1.5);
 *    both records of a state carry the same pair;
 *  - export: at removal (deadline = last + timeout, purge 0..interval)
 *    plus the buffer's 0..30 s flush timer (4, 2.7).
 */
#include <sys/socket.h>

#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "verify.h"

#define V5_MAXBYTES	0xffffffffULL

static int
exp_push(struct verify *v, size_t *cap, const struct vexp *e)
{
	struct vexp *n;

	if (v->nexp == *cap) {
		*cap = *cap ? *cap * 2 : 64;
		n = realloc(v->exp, *cap * sizeof(*n));
		if (n == NULL)
			return -1;
		v->exp = n;
	}
	v->exp[v->nexp++] = *e;
	return 0;
}

/* Unix ms of the uptime second a packet at t_us falls in (1.5, 2.5). */
static int64_t
uptime_sec_ms(const struct gw_conf *gw, int64_t t_us)
{
	int64_t boot_s = clock_sec(gw->boot_us);

	return (boot_s + clock_sec(t_us - gw->boot_us)) * 1000;
}

/*
 * Timeout bounds (s) of the state after its last packet, from the
 * protocol, how the session ended and how many packets it carried
 * (pf_tcp_track_full, pf_test_state udp/icmp in sys/net/pf.c).
 */
static void
timeout_bounds(const struct gw_conf *gw, uint8_t proto, const char *end,
    uint64_t pkts, int answered, uint32_t *lo, uint32_t *hi)
{
	const uint32_t *t = gw->timeouts;
	uint32_t a, b, c;

	switch (proto) {
	case 6:
		if (strcmp(end, "rst") == 0) {
			*lo = *hi = t[PFTM_TCP_CLOSED];
		} else if (strcmp(end, "fin") == 0) {
			/* both FINs acked: closed; half-closes: finwait,
			 * closing */
			a = t[PFTM_TCP_CLOSED];
			b = t[PFTM_TCP_FIN_WAIT];
			c = t[PFTM_TCP_CLOSING];
			*lo = a < b ? a : b;
			*lo = *lo < c ? *lo : c;
			*hi = a > b ? a : b;
			*hi = *hi > c ? *hi : c;
		} else if (strcmp(end, "unanswered") == 0) {
			a = t[PFTM_TCP_FIRST_PACKET];
			b = t[PFTM_TCP_OPENING];
			if (pkts <= 1)
				*lo = *hi = a;
			else {
				*lo = a < b ? a : b;
				*hi = a > b ? a : b;
			}
		} else {
			/* open: established, or still opening */
			a = t[PFTM_TCP_ESTABLISHED];
			b = t[PFTM_TCP_OPENING];
			*lo = a < b ? a : b;
			*hi = a > b ? a : b;
			if (answered)
				*lo = *hi = a;
		}
		break;
	case 1:
	case 58:
		*lo = *hi = pkts <= 1 ? t[PFTM_ICMP_FIRST_PACKET] :
		    t[PFTM_ICMP_ERROR_REPLY];
		break;
	case 17:
		if (pkts <= 1)
			*lo = *hi = t[PFTM_UDP_FIRST_PACKET];
		else {
			a = t[PFTM_UDP_SINGLE];
			b = t[PFTM_UDP_MULTIPLE];
			*lo = a < b ? a : b;
			*hi = a > b ? a : b;
		}
		break;
	default:
		if (pkts <= 1)
			*lo = *hi = t[PFTM_OTHER_FIRST_PACKET];
		else {
			a = t[PFTM_OTHER_SINGLE];
			b = t[PFTM_OTHER_MULTIPLE];
			*lo = a < b ? a : b;
			*hi = a > b ? a : b;
		}
	}
}

/* Emit one direction's record(s) of a state under one pflow interface. */
static int
emit_dir(struct verify *v, size_t *cap, struct vexp *e, uint64_t octets)
{
	uint64_t left;

	if (e->absent != NULL)
		return exp_push(v, cap, e);
	if (e->version != 5) {
		e->octets = octets;
		return exp_push(v, cap, e);
	}
	e->packets &= 0xffffffffULL;
	left = octets;
	e->chunk = 0;
	while (left > V5_MAXBYTES) {
		e->octets = V5_MAXBYTES;
		if (exp_push(v, cap, e) == -1)
			return -1;
		left -= V5_MAXBYTES;
		e->chunk++;
	}
	if (left > 0) {
		e->octets = left;
		if (exp_push(v, cap, e) == -1)
			return -1;
	}
	return 0;
}

static int
session_expect(struct verify *v, size_t *cap, const struct ledger_ent *f,
    const struct ledger_ent *r, const char *absent)
{
	const struct gw_conf *gw = &v->gw;
	const struct profile *p = gw->profile;
	struct vexp e, base;
	int from_client, natted, rdrd, st, pi, nst = 0, states[2];
	uint32_t side_in, side_out, tlo, thi;
	int64_t first_us, last_us;
	uint64_t pkts;

	first_us = f->first_us;
	last_us = f->last_us;
	if (r != NULL) {
		if (r->first_us < first_us)
			first_us = r->first_us;
		if (r->last_us > last_us)
			last_us = r->last_us;
	}
	pkts = f->packets + (r != NULL ? r->packets : 0);
	from_client = strcmp(f->from, "server") != 0;
	side_in = from_client ? gw->if_client : gw->if_server;
	side_out = from_client ? gw->if_server : gw->if_client;
	/* the ledger says how the gateway rewrote the packets: a source
	 * rewrite is nat-to (on the out rule), a destination rewrite is
	 * rdr-to (on the in rule) */
	natted = f->xlate && (addr_cmp(&f->xsrc, &f->src) != 0 ||
	    f->xsport != f->sport);
	rdrd = f->xlate && (addr_cmp(&f->xdst, &f->dst) != 0 ||
	    f->xdport != f->dport);

	memset(&base, 0, sizeof(base));
	base.session = f->session;
	base.line = f->line;
	base.proto = f->proto;
	base.first_us = first_us;
	base.last_us = last_us;
	base.obs = -1;
	timeout_bounds(gw, f->proto, f->end, pkts, r != NULL, &tlo, &thi);
	base.lat_hi_ms = ((int64_t)thi + gw->timeouts[PFTM_INTERVAL] +
	    p->flush_s + 2) * 1000;
	if (gw->state_limit > 0 && gw->timeouts[PFTM_ADAPTIVE_START] > 0 &&
	    v->nled / 2 > gw->timeouts[PFTM_ADAPTIVE_START]) {
		/* adaptive scaling may shorten the timeout to nothing; a
		 * table that large takes the purge more than one interval
		 * to get round (it stops at 64 expired states a pass) */
		tlo = 0;
		base.lat_hi_ms += 2000LL * gw->timeouts[PFTM_INTERVAL];
	}
	base.lat_lo_ms = (int64_t)tlo * 1000 - 1000;
	if (gw->flush_at_end)
		base.lat_lo_ms = 0;
	if (base.lat_lo_ms < 0)
		base.lat_lo_ms = 0;

	if (p->kind == PROFILE_SOFTFLOWD) {
		states[nst++] = VST_FLOW;
	} else {
		if (gw->pflow_in)
			states[nst++] = VST_IN;
		if (gw->pflow_out)
			states[nst++] = VST_OUT;
	}

	for (pi = 0; pi < gw->npflow; pi++) {
		for (st = 0; st < nst; st++) {
			uint32_t if_in, if_out;
			int rd;

			e = base;
			e.pfl = pi;
			e.version = (uint16_t)gw->pflow[pi].proto;
			e.state = states[st];
			e.src = f->src;
			e.dst = f->dst;
			e.sport = f->sport;
			e.dport = f->dport;
			if (e.state == VST_OUT && rdrd) {
				/* the out-state sees the rdr-to target */
				e.dst = f->xdst;
				e.dport = f->xdport;
			}
			if (e.state == VST_FLOW) {
				if_in = if_out = UINT32_MAX;
			} else if (e.state == VST_IN) {
				if_in = side_in;
				if_out = r != NULL ? side_in : 0;
			} else {
				if_out = side_out;
				if_in = r != NULL ? side_out : 0;
			}
			/* NAT template: the translating state, IPFIX,
			 * IPv4, a profile that has it (2.3, 3.4) */
			if (p->max_nat > 0 && e.version == 10 &&
			    f->src.af == AF_INET &&
			    ((natted && e.state == VST_OUT) ||
			    (rdrd && e.state == VST_IN))) {
				/* in-state: stack key (rdr target); out-state:
				 * wire key (nat-to source) */
				e.has_post = 1;
				e.post_src = e.state == VST_OUT ? f->xsrc : f->src;
				e.post_sport = e.state == VST_OUT ? f->xsport :
				    f->sport;
				e.post_dst = f->xdst;
				e.post_dport = f->xdport;
			}
			if (p->kind == PROFILE_SOFTFLOWD) {
				e.start_ms = first_us / 1000;
				e.end_ms = last_us / 1000;
				e.ts_slack_ms = 1000;
				e.lat_lo_ms = 0;
				e.lat_hi_ms = INT64_MAX / 4;
			} else {
				e.start_ms = uptime_sec_ms(gw, first_us);
				e.end_ms = uptime_sec_ms(gw, last_us);
				e.ts_slack_ms = (e.version == 5 ||
				    gw->boot_us % 1000000 != 0) ? 1000 : 0;
			}
			if (e.version == 5 && f->src.af != AF_INET)
				e.absent = "IPv6 is never exported in NetFlow v5";
			if (absent != NULL)
				e.absent = absent;

			/* forward record */
			for (rd = 0; rd < 2; rd++) {
				const struct ledger_ent *l = rd ? r : f;
				struct vexp d = e;

				if (l == NULL || l->octets == 0)
					continue;
				d.rev = rd;
				d.packets = l->packets;
				if (e.state == VST_FLOW) {
					d.start_ms = l->first_us / 1000;
					d.end_ms = l->last_us / 1000;
					d.first_us = l->first_us;
					d.last_us = l->last_us;
				}
				d.in_if = rd ? if_out : if_in;
				d.out_if = rd ? if_in : if_out;
				if (rd) {
					d.src = e.dst;
					d.dst = e.src;
					d.sport = e.dport;
					d.dport = e.sport;
					d.post_src = e.post_dst;
					d.post_dst = e.post_src;
					d.post_sport = e.post_dport;
					d.post_dport = e.post_sport;
				}
				/* softflowd keys ICMP without the echo id:
				   v5 carries type * 256 + code in the
				   destination port, IPFIX no port at all */
				if (e.state == VST_FLOW &&
				    (d.proto == 1 || d.proto == 58)) {
					d.sport = 0;
					d.dport = e.version == 5 && !rd ?
					    (uint16_t)(f->dport << 8) : 0;
				}
				if (emit_dir(v, cap, &d, l->octets) == -1)
					return -1;
			}
		}
	}
	return 0;
}

/*
 * The pass rule that carries pflow matches a tos value: a session sent
 * with another tos creates no pflow state (pf.conf "tos"), so no record.
 */
static const char *
tos_absent(const struct verify *v, uint32_t session)
{
	const struct scenario *s = v->scn;
	size_t i;

	if (s == NULL || v->gw.rule_tos == 0)
		return NULL;
	for (i = 0; i < s->nsessions; i++) {
		const struct scn_session *ss = &s->sessions[i];

		if (session >= ss->id && session < ss->id + (ss->repeat ?
		    ss->repeat : 1))
			return ss->tos == v->gw.rule_tos ? NULL :
			    "the pflow pass rule matches another tos";
	}
	return NULL;
}

static int
led_cmp(const void *a, const void *b)
{
	const struct ledger_ent *x = *(const struct ledger_ent *const *)a;
	const struct ledger_ent *y = *(const struct ledger_ent *const *)b;

	if (x->session != y->session)
		return x->session < y->session ? -1 : 1;
	return x->rev - y->rev;
}

static int
expect_sparse(struct verify *v, size_t *cap)
{
	const struct ledger_ent **ord;
	size_t i, j;
	int rc = 0;

	if ((ord = malloc((v->nled ? v->nled : 1) * sizeof(*ord))) == NULL)
		return -1;
	for (i = 0; i < v->nled; i++)
		ord[i] = &v->led[i];
	qsort(ord, v->nled, sizeof(*ord), led_cmp);
	for (i = 0; i < v->nled && rc == 0; i = j) {
		const struct ledger_ent *f = NULL, *r = NULL;

		for (j = i; j < v->nled && ord[j]->session == ord[i]->session;
		    j++) {
			if (ord[j]->rev)
				r = ord[j];
			else
				f = ord[j];
		}
		if (f == NULL) {
			f = r;		/* odd: answer without a question */
			r = NULL;
		}
		v->tot.sessions++;
		rc = session_expect(v, cap, f, r, tos_absent(v, f->session));
	}
	free(ord);
	return rc;
}

int
verify_expect(struct verify *v)
{
	const struct ledger_ent **fwd = NULL, **rev = NULL;
	size_t i, cap = 0;
	uint32_t maxs = 0;
	int rc = -1;

	for (i = 0; i < v->nled; i++) {
		if (v->led[i].session > maxs)
			maxs = v->led[i].session;
		if (v->led[i].last_us > v->traffic_end_us)
			v->traffic_end_us = v->led[i].last_us;
	}
	/* reserve what the common case needs: no copying while growing */
	cap = v->nled * (size_t)(v->gw.npflow > 0 ? v->gw.npflow : 1) *
	    (size_t)(v->gw.pflow_in && v->gw.pflow_out ? 2 : 1) + 16;
	if ((v->exp = malloc(cap * sizeof(*v->exp))) == NULL)
		return -1;
	if ((size_t)maxs > 2 * v->nled + 1024) {
		/* sparse session numbers (not gen's): group by sorting */
		rc = expect_sparse(v, &cap);
		goto totals;
	}
	fwd = calloc((size_t)maxs + 1, sizeof(*fwd));
	rev = calloc((size_t)maxs + 1, sizeof(*rev));
	if (fwd == NULL || rev == NULL)
		goto out;
	for (i = 0; i < v->nled; i++) {
		const struct ledger_ent *l = &v->led[i];

		if (l->rev)
			rev[l->session] = l;
		else
			fwd[l->session] = l;
	}
	for (i = 0; i <= maxs; i++) {
		const struct ledger_ent *f = fwd[i];

		if (f == NULL)
			f = rev[i];	/* odd: answer without a question */
		if (f == NULL)
			continue;
		v->tot.sessions++;
		if (session_expect(v, &cap, f, f == rev[i] ? NULL : rev[i],
		    tos_absent(v, f->session)) == -1)
			goto out;
	}
	rc = 0;
totals:
	for (i = 0; rc == 0 && i < v->nexp; i++) {
		if (v->exp[i].absent != NULL)
			continue;
		v->tot.exp_records++;
		v->tot.exp_packets += v->exp[i].packets;
		v->tot.exp_octets += v->exp[i].octets;
	}
out:
	free(fwd);
	free(rev);
	return rc;
}
