/*
 * rig_truth.c: ground truth from a capture at the gateway's edge.  Every
 * IPv4 packet is matched to the session instance (and direction) whose
 * addresses and ports it carries; counts are packets and layer-3 octets
 * (IPv4 total length, as PF and softflowd count them), times are the
 * capture times of the first and last packet.  Packets that match no
 * session become entries of session 0, so a stray flow is never hidden.
 */
#include <sys/socket.h>
#include <netinet/in.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pcapio.h"
#include "pkt.h"
#include "rig_capture.h"

struct tacc {
	struct truth_ent *v;
	size_t		 n, cap;
};

static struct truth_ent *
tacc_get(struct tacc *t, uint32_t session, int rev, const struct pkt *p)
{
	struct truth_ent *e;
	size_t i;

	for (i = t->n; i-- > 0;) {
		e = &t->v[i];
		if (e->l.session == session && e->l.rev == rev &&
		    e->l.proto == p->proto &&
		    addr_cmp(&e->l.src, &p->src) == 0 &&
		    addr_cmp(&e->l.dst, &p->dst) == 0 &&
		    (session != 0 || (e->l.sport == p->sport &&
		    e->l.dport == p->dport)))
			return e;
	}
	if (t->n == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 64;
		e = realloc(t->v, t->cap * sizeof(*e));
		if (e == NULL)
			return NULL;
		t->v = e;
	}
	e = &t->v[t->n++];
	memset(e, 0, sizeof(*e));
	e->l.session = session;
	e->l.rev = rev;
	e->l.proto = p->proto;
	e->l.src = p->src;
	e->l.dst = p->dst;
	e->l.sport = p->sport;
	e->l.dport = p->dport;
	e->l.first_us = INT64_MAX;
	e->icmp_type = p->icmp_type;
	e->icmp_code = p->icmp_code;
	return e;
}

/* Which instance and direction a packet belongs to; NULL if none. */
static const struct eng_inst *
match(const struct pkt *p, const struct eng_inst *ins, size_t n, int *rev)
{
	size_t i;

	for (i = 0; i < n; i++) {
		const struct eng_inst *in = &ins[i];

		if (in->proto != p->proto)
			continue;
		if (p->proto == IPPROTO_ICMP) {
			if (p->sport != in->sport)
				continue;
			if (p->icmp_type == 8 &&
			    addr_cmp(&p->src, &in->src) == 0 &&
			    addr_cmp(&p->dst, &in->dst) == 0) {
				*rev = 0;
				return in;
			}
			if (p->icmp_type == 0 &&
			    addr_cmp(&p->src, &in->dst) == 0 &&
			    addr_cmp(&p->dst, &in->src) == 0) {
				*rev = 1;
				return in;
			}
			continue;
		}
		if (p->sport == in->sport && p->dport == in->dport &&
		    addr_cmp(&p->src, &in->src) == 0 &&
		    addr_cmp(&p->dst, &in->dst) == 0) {
			*rev = 0;
			return in;
		}
		if (p->sport == in->dport && p->dport == in->sport &&
		    addr_cmp(&p->src, &in->dst) == 0 &&
		    addr_cmp(&p->dst, &in->src) == 0) {
			*rev = 1;
			return in;
		}
	}
	return NULL;
}

static void
set_end(struct truth_ent *e, const struct truth_ent *other,
    const struct eng_inst *in)
{
	uint8_t fl = e->tcp_flags | (other != NULL ? other->tcp_flags : 0);

	if (in == NULL) {
		snprintf(e->l.end, sizeof(e->l.end), "stray");
		return;
	}
	if (in->proto == IPPROTO_TCP) {
		if (fl & 0x04)
			snprintf(e->l.end, sizeof(e->l.end), "rst");
		else if (other == NULL && (fl & 0x12) == 0x02)
			snprintf(e->l.end, sizeof(e->l.end), "unanswered");
		else if (fl & 0x01)
			snprintf(e->l.end, sizeof(e->l.end), "fin");
		else
			snprintf(e->l.end, sizeof(e->l.end), "open");
	} else
		snprintf(e->l.end, sizeof(e->l.end), "%s",
		    other != NULL ? "done" : "oneway");
}

long
truth_from_pcap(const char *path, const struct eng_inst *ins, size_t n,
    struct truth_ent **out, char *eb, size_t el)
{
	char pe[PCAPIO_ERRBUF_SIZE];
	struct pcapio_frame fr;
	struct pcapio_r *r;
	struct tacc t = { NULL, 0, 0 };
	struct truth_ent *e;
	const struct eng_inst *in;
	struct pkt p;
	size_t i, j;
	int rc, rev;

	if ((r = pcapio_open(path, pe)) == NULL) {
		snprintf(eb, el, "%s", pe);
		return -1;
	}
	while ((rc = pcapio_next(r, &fr)) == 1) {
		if (pkt_parse(fr.linktype, fr.data, fr.caplen, &p) != PKT_OK ||
		    p.src.af != AF_INET)
			continue;
		rev = 0;
		in = match(&p, ins, n, &rev);
		e = tacc_get(&t, in != NULL ? in->session : 0, rev, &p);
		if (e == NULL) {
			snprintf(eb, el, "out of memory");
			free(t.v);
			pcapio_close(r);
			return -1;
		}
		if (in != NULL && e->l.packets == 0) {
			e->l.line = in->s->line;
			snprintf(e->l.from, sizeof(e->l.from), "%s",
			    in->from == SCN_SERVER ? "server" : "client");
			/* ICMP as the ledger keys it: fwd id > type 8,
			 * rev mirrored (gen/gen_sched.c) */
			e->l.sport = rev ? in->dport : in->sport;
			e->l.dport = rev ? in->sport : in->dport;
		}
		e->l.packets++;
		e->l.octets += p.l3_len;
		if (fr.ts_us < e->l.first_us)
			e->l.first_us = fr.ts_us;
		if (fr.ts_us > e->l.last_us)
			e->l.last_us = fr.ts_us;
		e->tcp_flags |= p.tcp_flags;
	}
	if (rc == -1) {
		snprintf(eb, el, "%s: %s", path, pcapio_geterr(r));
		free(t.v);
		pcapio_close(r);
		return -1;
	}
	pcapio_close(r);
	for (i = 0; i < t.n; i++) {
		const struct truth_ent *other = NULL;

		in = NULL;
		for (j = 0; j < n && t.v[i].l.session != 0; j++)
			if (ins[j].session == t.v[i].l.session)
				in = &ins[j];
		for (j = 0; j < t.n && t.v[i].l.session != 0; j++)
			if (j != i && t.v[j].l.session == t.v[i].l.session)
				other = &t.v[j];
		set_end(&t.v[i], other, in);
		if (t.v[i].l.from[0] == '\0')
			snprintf(t.v[i].l.from, sizeof(t.v[i].l.from),
			    "client");
	}
	*out = t.v;
	return (long)t.n;
}

int
truth_write_ledger(const char *path, const struct truth_ent *v, size_t n)
{
	FILE *f;
	size_t i;
	int rc = 0;

	if ((f = fopen(path, "w")) == NULL)
		return -1;
	for (i = 0; i < n && rc == 0; i++)
		rc = ledger_write(f, &v[i].l);
	if (fclose(f) != 0)
		rc = -1;
	return rc;
}
