/*
 * conform_test.h: shared by the test_conform_*.c unit tests: a byte
 * builder for planted-defect datagrams (NetFlow v5, v9, IPFIX with
 * pflow's templates), a conformance engine fed one datagram at a time,
 * and assertions on the findings it emitted.
 */
#ifndef PFL_CONFORM_TEST_H
#define PFL_CONFORM_TEST_H

#include <stdint.h>
#include <string.h>

#include "testutil.h"

#include "conform.h"
#include "cursor.h"
#include "pflowtmpl.h"
#include "profile.h"
#include "rules.h"
#include "tcache.h"

#define T_NOW		1764240000u	/* 2025-11-27T10:40:00Z */
#define T_MAXF		64

/* ---- byte builder ---- */

struct bld {
	uint8_t		b[8192];
	size_t		n;
	size_t		set;		/* offset of the open set */
};

static inline void
b8(struct bld *b, uint8_t v)
{
	b->b[b->n++] = v;
}

static inline void
b16(struct bld *b, uint16_t v)
{
	put16(b->b + b->n, v);
	b->n += 2;
}

static inline void
b32(struct bld *b, uint32_t v)
{
	put32(b->b + b->n, v);
	b->n += 4;
}

static inline void
b64(struct bld *b, uint64_t v)
{
	put64(b->b + b->n, v);
	b->n += 8;
}

/* IPFIX header; the length is patched by ipfix_done. */
static inline void
ipfix_hdr(struct bld *b, uint32_t t, uint32_t seq, uint32_t domain)
{
	memset(b, 0, sizeof(*b));
	b16(b, 10);
	b16(b, 0);
	b32(b, t);
	b32(b, seq);
	b32(b, domain);
}

static inline void
set_begin(struct bld *b, uint16_t id)
{
	b->set = b->n;
	b16(b, id);
	b16(b, 0);
}

static inline void
set_end(struct bld *b)
{
	put16(b->b + b->set + 2, (uint16_t)(b->n - b->set));
}

static inline void
ipfix_done(struct bld *b)
{
	put16(b->b + 2, (uint16_t)b->n);
}

/* One template record in wire form. */
static inline void
tmpl_rec(struct bld *b, const struct tmpl *t, uint16_t id)
{
	int i;

	b16(b, id);
	b16(b, t->nfields);
	for (i = 0; i < t->nfields; i++) {
		b16(b, t->f[i].ie);
		b16(b, t->f[i].len);
	}
}

/* A template message of a pflow family (all its templates, one set). */
static inline void
ipfix_tmpl_msg(struct bld *b, int family, uint32_t t, uint32_t seq,
    uint32_t domain)
{
	const struct tmpl *tp;
	int l, id;

	ipfix_hdr(b, t, seq, domain);
	set_begin(b, 2);
	for (id = 256; id < 260; id++)	/* in template id order, as pflow */
		for (l = PFLOW_L_NONE + 1; l < PFLOW_L_COUNT; l++)
			if ((tp = pflowtmpl_get(family, l)) != NULL &&
			    tp->id == id)
				tmpl_rec(b, tp, tp->id);
	set_end(b);
	ipfix_done(b);
}

/* Values of one pflow record (IPv4, IPv6 or NAT layout). */
struct prec {
	uint64_t	pkts, octets, start, end;
	uint16_t	sport, dport;
	uint8_t		proto;
};

static inline struct prec
prec_ok(void)
{
	struct prec p = { 10, 1000, (uint64_t)(T_NOW - 60) * 1000,
	    (uint64_t)(T_NOW - 30) * 1000, 12345, 80, 6 };

	return p;
}

/* Append one record laid out as pflow's template for layout l. */
static inline void
prec_put(struct bld *b, int l, const struct prec *p)
{
	int i, alen = l == PFLOW_L_OBSD_V6 ? 16 : 4;

	for (i = 0; i < alen; i++)
		b8(b, (uint8_t)(i == alen - 1 ? 1 : 0x20));	/* src */
	for (i = 0; i < alen; i++)
		b8(b, (uint8_t)(i == alen - 1 ? 2 : 0x20));	/* dst */
	b32(b, 1);		/* ingressInterface */
	b32(b, 1);		/* egressInterface */
	b64(b, p->pkts);
	b64(b, p->octets);
	b64(b, p->start);
	b64(b, p->end);
	if (l == PFLOW_L_OBSD_NAT4) {
		b32(b, 0xc6120001);
		b32(b, 0xc6120002);
		b16(b, 40000);
		b16(b, 80);
	}
	b16(b, p->sport);
	b16(b, p->dport);
	b8(b, 0);		/* ipClassOfService */
	b8(b, p->proto);
}

/* A data message of n records p of layout l under family fam. */
static inline void
ipfix_data_msg(struct bld *b, int fam, int l, uint32_t t, uint32_t seq,
    uint32_t domain, const struct prec *p, int n)
{
	int i;

	ipfix_hdr(b, t, seq, domain);
	set_begin(b, pflowtmpl_get(fam, l)->id);
	for (i = 0; i < n; i++)
		prec_put(b, l, p);
	set_end(b);
	ipfix_done(b);
}

/* ---- NetFlow v5 ---- */

struct v5rec {
	uint32_t	pkts, octets, first, last;
	uint16_t	sport, dport;
	uint8_t		proto;
};

static inline struct v5rec
v5rec_ok(void)
{
	struct v5rec r = { 10, 1000, 50000, 90000, 12345, 80, 6 };

	return r;
}

/* A v5 datagram of n copies of r; uptime 100000 ms. */
static inline void
v5_msg(struct bld *b, uint32_t seq, uint8_t engine, const struct v5rec *r,
    int n)
{
	int i;

	memset(b, 0, sizeof(*b));
	b16(b, 5);
	b16(b, (uint16_t)n);
	b32(b, 100000);
	b32(b, T_NOW);
	b32(b, 0);
	b32(b, seq);
	b8(b, engine);
	b8(b, engine);
	b16(b, 0);
	for (i = 0; i < n; i++) {
		b32(b, 0xc6120001);
		b32(b, 0xc6120002);
		b32(b, 0);		/* nexthop */
		b16(b, 1);
		b16(b, 2);
		b32(b, r->pkts);
		b32(b, r->octets);
		b32(b, r->first);
		b32(b, r->last);
		b16(b, r->sport);
		b16(b, r->dport);
		b8(b, 0);		/* pad1 */
		b8(b, 0);		/* tcp_flags */
		b8(b, r->proto);
		b8(b, 0);		/* tos */
		b16(b, 0);
		b16(b, 0);
		b8(b, 0);
		b8(b, 0);
		b16(b, 0);		/* pad2 */
	}
}

/* ---- the engine under test ---- */

struct tctx {
	struct conform	*c;
	struct tcache	*tc;
	struct exporter	 exp;
	uint64_t	 idx;
	int64_t		 arrival_us;
	struct finding	 f[T_MAXF];
	int		 n;
	uint64_t	 recs;		/* records seen by the user ops */
};

static inline void
tctx_emit(void *arg, const struct finding *f)
{
	struct tctx *t = arg;

	if (t->n < T_MAXF)
		t->f[t->n] = *f;
	t->n++;
}

static inline void
tctx_rec(void *arg, const struct msg *m, const struct rec *r)
{
	((struct tctx *)arg)->recs++;
}

static inline struct tctx *
tctx_new(const char *profile, int no_pflow)
{
	struct tctx *t = calloc(1, sizeof(*t));
	struct conform_opts o;
	uint8_t a[4] = { 198, 18, 0, 1 };

	assert_non_null(t);
	memset(&o, 0, sizeof(o));
	o.profile = profile != NULL ? profile_get(profile) : NULL;
	if (profile != NULL)
		assert_non_null(o.profile);
	o.no_pflow = no_pflow;
	o.emit = tctx_emit;
	o.arg = t;
	t->c = conform_new(&o);
	t->tc = tcache_new();
	assert_non_null(t->c);
	assert_non_null(t->tc);
	addr_set4(&t->exp.addr, a);
	t->exp.port = 40000;
	return t;
}

static inline struct tctx *
tctx_new_prof(const struct profile *p)
{
	struct tctx *t = tctx_new(NULL, 0);
	struct conform_opts o;

	conform_free(t->c);
	memset(&o, 0, sizeof(o));
	o.profile = p;
	o.emit = tctx_emit;
	o.arg = t;
	t->c = conform_new(&o);
	assert_non_null(t->c);
	return t;
}

static inline void
tctx_free(struct tctx *t)
{
	conform_free(t->c);
	tcache_free(t->tc);
	free(t);
}

static inline enum dec_status
feed(struct tctx *t, const struct bld *b)
{
	struct dec_ops ops;
	struct msg m;

	memset(&ops, 0, sizeof(ops));
	ops.arg = t;
	ops.rec = tctx_rec;
	memset(&m, 0, sizeof(m));
	m.exp = &t->exp;
	m.index = t->idx++;
	m.arrival_us = t->arrival_us;
	return conform_datagram(t->c, b->b, b->n, &m, t->tc, &ops);
}

static inline void
show(const struct tctx *t)
{
	int i;

	for (i = 0; i < t->n && i < T_MAXF; i++)
		print_message("  finding %s dgram %llu off %lld exp '%s' "
		    "obs '%s': %s\n", t->f[i].rule,
		    (unsigned long long)t->f[i].dgram,
		    (long long)t->f[i].offset, t->f[i].expected,
		    t->f[i].observed, t->f[i].msg);
}

static inline void
expect_none(const struct tctx *t)
{
	if (t->n != 0)
		show(t);
	assert_int_equal(t->n, 0);
}

/* Finding i is rule at datagram dgram, offset off; exp/obs NULL: any. */
static inline void
expect_at(const struct tctx *t, int i, const char *rule, uint64_t dgram,
    int64_t off, const char *exp, const char *obs)
{
	if (i >= t->n)
		show(t);
	assert_true(i < t->n);
	if (strcmp(t->f[i].rule, rule) != 0 || t->f[i].dgram != dgram ||
	    t->f[i].offset != off ||
	    (exp != NULL && strcmp(t->f[i].expected, exp) != 0) ||
	    (obs != NULL && strcmp(t->f[i].observed, obs) != 0))
		show(t);
	assert_string_equal(t->f[i].rule, rule);
	assert_int_equal(t->f[i].dgram, dgram);
	assert_int_equal(t->f[i].offset, off);
	if (exp != NULL)
		assert_string_equal(t->f[i].expected, exp);
	if (obs != NULL)
		assert_string_equal(t->f[i].observed, obs);
	assert_int_equal(t->f[i].severity, rules_get(rule)->severity);
}

/* Exactly one finding, and it is this one. */
static inline void
expect_one(const struct tctx *t, const char *rule, uint64_t dgram,
    int64_t off, const char *exp, const char *obs)
{
	if (t->n != 1)
		show(t);
	assert_int_equal(t->n, 1);
	expect_at(t, 0, rule, dgram, off, exp, obs);
}

#endif /* PFL_CONFORM_TEST_H */
