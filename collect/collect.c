/*
 * collect.c: the collector engine: one template cache and one conformance
 * engine per collector; every datagram decoded and checked in one walk,
 * records handed to the writers (collect_out.c), findings counted per
 * exporter, domain and rule for the summary.
 */
#include <stdlib.h>
#include <string.h>

#include "cmds.h"
#include "collect.h"
#include "collect_int.h"
#include "conform.h"
#include "decode.h"
#include "pcapio.h"

/* ---- finding counts, keyed by (exporter, domain, rule) ---- */

static uint32_t
collect_fkey_hash(const struct exporter *e, uint32_t domain, const char *rule)
{
	uint32_t h = exporter_hash(e) ^ (domain * 2654435761u);
	const unsigned char *p = (const unsigned char *)rule;

	for (; *p != '\0'; p++)
		h = (h ^ *p) * 16777619u;
	return h;
}

static struct collect_fcount *
collect_fcount(struct collector *c, const struct finding *f)
{
	uint32_t h = collect_fkey_hash(&f->exp, f->domain, f->rule);
	size_t i, mask;
	struct collect_fcount *e;

	if (c->nfc * 2 >= c->fcap) {
		size_t ncap = c->fcap ? c->fcap * 2 : 64, j;
		struct collect_fcount *nt = calloc(ncap, sizeof(*nt));

		if (nt == NULL)
			return NULL;
		for (j = 0; j < c->fcap; j++) {
			struct collect_fcount *o = &c->fc[j];

			if (o->rule == NULL)
				continue;
			i = o->hash & (ncap - 1);
			while (nt[i].rule != NULL)
				i = (i + 1) & (ncap - 1);
			nt[i] = *o;
		}
		free(c->fc);
		c->fc = nt;
		c->fcap = ncap;
	}
	mask = c->fcap - 1;
	for (i = h & mask;; i = (i + 1) & mask) {
		e = &c->fc[i];
		if (e->rule == NULL)
			break;
		if (e->hash == h && e->domain == f->domain &&
		    strcmp(e->rule, f->rule) == 0 &&
		    exporter_cmp(&e->exp, &f->exp) == 0)
			return e;
	}
	e->hash = h;
	e->exp = f->exp;
	e->domain = f->domain;
	e->rule = strdup(f->rule);
	e->severity = f->severity;
	e->order = c->nfc++;
	if (e->rule == NULL)
		return NULL;
	return e;
}

static void
collect_write_finding(struct collector *c, const struct finding *f)
{
	collect_out_sync(c, c->o.findings);
	if (finding_json(c->o.findings, f) != 0)
		c->werr = 1;
}

static void
collect_emit(void *arg, const struct finding *f)
{
	struct collector *c = arg;
	struct collect_fcount *fc;

	c->nfindings++;
	if (f->severity == SEV_ERROR)
		c->nerrors++;
	if ((fc = collect_fcount(c, f)) != NULL) {
		fc->count++;
		if (f->severity > fc->severity)
			fc->severity = f->severity;
	}
	if (c->o.findings != NULL) {
		if (!c->hdr_seen && c->nfq < (int)(sizeof(c->fq) /
		    sizeof(c->fq[0])))
			c->fq[c->nfq++] = *f;
		else
			collect_write_finding(c, f);
	}
	if (c->o.on_finding != NULL)
		c->o.on_finding(c->o.arg, f);
}

/* Write the findings held back until the header line was out. */
static void
collect_flush_fq(struct collector *c)
{
	int i;

	for (i = 0; i < c->nfq; i++)
		collect_write_finding(c, &c->fq[i]);
	c->nfq = 0;
}

void
collector_finding(struct collector *c, const struct finding *f)
{
	collect_emit(c, f);
}

/* ---- decoder callbacks ---- */

static void
collect_cb_header(void *arg, const struct msg *m)
{
	struct collector *c = arg;

	collect_out_header(c, m);
	c->hdr_seen = 1;
	collect_flush_fq(c);
}

static void
collect_cb_tmpl(void *arg, const struct msg *m, const struct tmpl *t,
    enum tmpl_event ev, size_t off)
{
	struct collector *c = arg;

	/* templates may move in the cache: forget cached layouts */
	c->gen++;
	collect_out_tmpl(c, m, t, ev, off);
}

static void
collect_cb_rec(void *arg, const struct msg *m, const struct rec *r)
{
	struct collector *c = arg;

	if (c->o.max_records != 0 && c->nrecords >= c->o.max_records) {
		c->done = 1;
		return;
	}
	c->nrecords++;
	if (c->want_rec)
		collect_out_rec(c, m, r);
	if (c->o.max_records != 0 && c->nrecords >= c->o.max_records)
		c->done = 1;
}

struct collector *
collector_new(const struct collect_opts *o)
{
	struct collector *c;
	struct conform_opts co;

	if ((c = calloc(1, sizeof(*c))) == NULL)
		return NULL;
	c->o = *o;
	c->hdr_seen = 1;
	if ((c->tc = tcache_new()) == NULL)
		goto fail;
	memset(&co, 0, sizeof(co));
	co.profile = o->profile;
	co.no_pflow = o->no_pflow;
	co.emit = collect_emit;
	co.arg = c;
	if ((c->conf = conform_new(&co)) == NULL)
		goto fail;
	c->ops.arg = c;
	c->ops.header = collect_cb_header;
	c->ops.tmpl = collect_cb_tmpl;
	c->ops.rec = collect_cb_rec;
	c->want_rec = o->json != NULL || o->csv != NULL || o->text != NULL ||
	    o->on_flow != NULL;
	if (collect_out_init(c) != 0)
		goto fail;
	return c;
fail:
	collector_free(c);
	return NULL;
}

void
collector_free(struct collector *c)
{
	size_t i;

	if (c == NULL)
		return;
	collect_out_free(c);
	if (c->conf != NULL)
		conform_free(c->conf);
	if (c->tc != NULL)
		tcache_free(c->tc);
	for (i = 0; i < c->fcap; i++)
		free((char *)c->fc[i].rule);
	free(c->fc);
	free(c);
}

int
collector_datagram(struct collector *c, const uint8_t *buf, size_t len,
    const struct exporter *exp, int64_t arrival_us)
{
	struct msg m;

	if (c->done)
		return 1;
	if (c->o.pcap_out != NULL) {
		struct exporter dst = c->o.pcap_dst;

		/* a dual-stack socket: the destination takes the
		 * exporter's family */
		if (dst.addr.af != exp->addr.af) {
			memset(&dst.addr, 0, sizeof(dst.addr));
			dst.addr.af = exp->addr.af;
		}
		if (pcapio_write_udp(c->o.pcap_out, arrival_us, exp, &dst,
		    buf, len, 0, 0) < 0)
			c->werr = 1;
	}
	memset(&m, 0, sizeof(m));
	m.exp = exp;
	m.index = c->ndgrams;
	m.arrival_us = arrival_us;
	m.dgram_len = len;
	c->hdr_seen = 0;
	(void)conform_datagram(c->conf, buf, len, &m, c->tc, &c->ops);
	c->hdr_seen = 1;
	collect_flush_fq(c);
	c->ndgrams++;
	if (c->o.max_dgrams != 0 && c->ndgrams >= c->o.max_dgrams)
		c->done = 1;
	return c->done;
}

int
collector_done(const struct collector *c)
{
	return c->done;
}

void
collector_finish(struct collector *c)
{
	if (c->finished)
		return;
	c->finished = 1;
	conform_finish(c->conf);
	collect_out_flush(c);
}

int
collector_status(const struct collector *c)
{
	return c->nerrors > 0 ? EXIT_FAIL : EXIT_PASS;
}

int
collector_write_error(const struct collector *c)
{
	return c->werr;
}

uint64_t
collector_ndgrams(const struct collector *c)
{
	return c->ndgrams;
}

uint64_t
collector_nrecords(const struct collector *c)
{
	return c->nrecords;
}

uint64_t
collector_nfindings(const struct collector *c)
{
	return c->nfindings;
}

void
collector_set_drops(struct collector *c, int64_t n)
{
	c->drops = n;
	c->have_drops = 1;
}

/* ---- summary ---- */

struct collect_sum {
	struct collector *c;
	FILE		*f;
};

static const char *
collect_vname(uint16_t v)
{
	switch (v) {
	case 5:
		return "NetFlow v5";
	case 9:
		return "NetFlow v9";
	case 10:
		return "IPFIX";
	default:
		return "unknown";
	}
}

static int
collect_fc_cmp(const void *a, const void *b)
{
	const struct collect_fcount *x = *(const struct collect_fcount *const *)a;
	const struct collect_fcount *y = *(const struct collect_fcount *const *)b;

	return x->order < y->order ? -1 : x->order > y->order;
}

/* Findings of one (exporter, domain), or every unprinted one if exp NULL. */
static void
collect_sum_findings(struct collector *c, FILE *f,
    const struct exporter *exp, uint32_t domain)
{
	struct collect_fcount **v;
	size_t i, n = 0;
	char es[EXPORTER_STRLEN];

	if ((v = calloc(c->nfc + 1, sizeof(*v))) == NULL)
		return;
	for (i = 0; i < c->fcap; i++) {
		struct collect_fcount *e = &c->fc[i];

		if (e->rule == NULL || e->printed)
			continue;
		if (exp != NULL && (e->domain != domain ||
		    exporter_cmp(&e->exp, exp) != 0))
			continue;
		v[n++] = e;
	}
	qsort(v, n, sizeof(*v), collect_fc_cmp);
	for (i = 0; i < n; i++) {
		if (exp == NULL && (i == 0 || exporter_cmp(&v[i]->exp,
		    &v[i - 1]->exp) != 0 || v[i]->domain != v[i - 1]->domain))
			fprintf(f, "exporter %s domain %lu\n",
			    exporter_fmt(&v[i]->exp, es, sizeof(es)),
			    (unsigned long)v[i]->domain);
		fprintf(f, "  finding %-22s %8llu  %s\n", v[i]->rule,
		    (unsigned long long)v[i]->count,
		    severity_str(v[i]->severity));
		v[i]->printed = 1;
	}
	free(v);
}

static void
collect_sum_stream(void *arg, const struct conform_stats *s)
{
	struct collect_sum *cs = arg;
	char es[EXPORTER_STRLEN];

	fprintf(cs->f, "exporter %s domain %lu %s%s%s\n",
	    exporter_fmt(&s->exp, es, sizeof(es)), (unsigned long)s->domain,
	    collect_vname(s->version), s->layout != NULL ? " layout " : "",
	    s->layout != NULL ? s->layout : "");
	fprintf(cs->f, "  datagrams %llu records %llu templates %llu "
	    "seq-gaps %llu lost %llu dups %llu\n",
	    (unsigned long long)s->datagrams, (unsigned long long)s->records,
	    (unsigned long long)s->templates, (unsigned long long)s->seq_gaps,
	    (unsigned long long)s->lost, (unsigned long long)s->dups);
	collect_sum_findings(cs->c, cs->f, &s->exp, s->domain);
}

void
collector_summary(struct collector *c, FILE *f)
{
	struct collect_sum cs;
	size_t i;

	cs.c = c;
	cs.f = f;
	for (i = 0; i < c->fcap; i++)
		c->fc[i].printed = 0;
	conform_foreach(c->conf, collect_sum_stream, &cs);
	/* findings about input that never became a stream (capture) */
	collect_sum_findings(c, f, NULL, 0);
	fprintf(f, "total: datagrams %llu records %llu findings %llu "
	    "errors %llu", (unsigned long long)c->ndgrams,
	    (unsigned long long)c->nrecords,
	    (unsigned long long)c->nfindings,
	    (unsigned long long)c->nerrors);
	if (c->have_drops) {
		if (c->drops >= 0)
			fprintf(f, " kernel-drops %lld", (long long)c->drops);
		else
			fprintf(f, " kernel-drops n/a");
	}
	fprintf(f, "\n");
	fflush(f);
}
