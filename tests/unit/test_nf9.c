/*
 * test_nf9.c: NetFlow v9 (RFC 3954) walk: template and options template
 * FlowSets, data FlowSets with padding, the header count of all records,
 * sysUpTime times, reserved FlowSet ids, unknown templates, truncation.
 */
#include "testutil.h"

#include "cursor.h"
#include "ie.h"
#include "nf9.h"
#include "tcache.h"
#include "vectors/dectest.h"

static struct dt_cap cap;
static struct dec_ops ops;

struct wb {
	uint8_t	b[2048];
	size_t	n;
};

static void
wb_u8(struct wb *w, uint8_t v)
{
	w->b[w->n++] = v;
}

static void
wb_u16(struct wb *w, uint16_t v)
{
	put16(w->b + w->n, v);
	w->n += 2;
}

static void
wb_u32(struct wb *w, uint32_t v)
{
	put32(w->b + w->n, v);
	w->n += 4;
}

static size_t
wb_set(struct wb *w, uint16_t id)
{
	size_t at = w->n;

	wb_u16(w, id);
	wb_u16(w, 0);
	return at;
}

/* pad to 4 and patch the FlowSet length */
static void
wb_set_end(struct wb *w, size_t at)
{
	while ((w->n - at) % 4)
		wb_u8(w, 0);
	put16(w->b + at + 2, (uint16_t)(w->n - at));
}

/* softflowd-like v4 template 1024 (40 octets) and two records */
static const uint16_t t1024[][2] = {
	{ IE_sourceIPv4Address, 4 }, { IE_destinationIPv4Address, 4 },
	{ IE_flowEndSysUpTime, 4 }, { IE_flowStartSysUpTime, 4 },
	{ IE_octetDeltaCount, 4 }, { IE_packetDeltaCount, 4 },
	{ IE_ingressInterface, 4 }, { IE_egressInterface, 4 },
	{ IE_sourceTransportPort, 2 }, { IE_destinationTransportPort, 2 },
	{ IE_protocolIdentifier, 1 }, { IE_tcpControlBits, 1 },
	{ IE_ipVersion, 1 }, { IE_ipClassOfService, 1 },
};
#define T1024_N	(sizeof(t1024) / sizeof(t1024[0]))

static void
wb_rec1024(struct wb *w, uint8_t host, uint32_t last, uint32_t first)
{
	wb_u32(w, 0xc6120100 | host);
	wb_u32(w, 0xc6120202);
	wb_u32(w, last);
	wb_u32(w, first);
	wb_u32(w, 1500);
	wb_u32(w, 3);
	wb_u32(w, 1);
	wb_u32(w, 2);
	wb_u16(w, 40000 + host);
	wb_u16(w, 443);
	wb_u8(w, 6);
	wb_u8(w, 0x1b);
	wb_u8(w, 4);
	wb_u8(w, 0x20);
}

/* header, templates, options template, 2 data records, 1 option record */
static void
build(struct wb *w, uint16_t count)
{
	size_t s, i;

	w->n = 0;
	wb_u16(w, 9);
	wb_u16(w, count);
	wb_u32(w, 100000);		/* sysUpTime */
	wb_u32(w, 1700000000);
	wb_u32(w, 55);
	wb_u32(w, 7);			/* source id */
	s = wb_set(w, 0);
	wb_u16(w, 1024);
	wb_u16(w, T1024_N);
	for (i = 0; i < T1024_N; i++) {
		wb_u16(w, t1024[i][0]);
		wb_u16(w, t1024[i][1]);
	}
	wb_set_end(w, s);
	s = wb_set(w, 1);
	wb_u16(w, 1025);
	wb_u16(w, 4);			/* scope length, octets */
	wb_u16(w, 8);			/* option length, octets */
	wb_u16(w, 1);			/* scope: System */
	wb_u16(w, 4);
	wb_u16(w, IE_samplingInterval);
	wb_u16(w, 4);
	wb_u16(w, IE_samplingAlgorithm);
	wb_u16(w, 1);
	wb_set_end(w, s);		/* 2 octets of padding */
	s = wb_set(w, 1024);
	wb_rec1024(w, 1, 99000, 90000);
	wb_rec1024(w, 2, 99500, 98000);
	wb_set_end(w, s);		/* 2 records of 40 octets */
	s = wb_set(w, 1025);
	wb_u32(w, 0x0a000001);
	wb_u32(w, 100);
	wb_u8(w, 2);
	wb_set_end(w, s);
}

static enum dec_status
dec(const struct wb *w, struct tcache *tc, struct dec_err *err)
{
	struct msg m;
	uint8_t *c = dt_copy(w->b, w->n);
	enum dec_status st;

	dt_init(&cap, &ops);
	memset(&m, 0, sizeof(m));
	st = nf9_decode(c, w->n, &m, tc, &ops, err);
	cap.hdr = m;
	free(c);
	return st;
}

static void
test_nf9_walk(void **state)
{
	struct tcache *tc = tcache_new();
	const struct tmpl *t;
	struct dec_err err;
	struct wb w;

	build(&w, 5);
	assert_int_equal(dec(&w, tc, &err), DEC_OK);
	assert_int_equal(cap.nanom, 0);
	assert_int_equal(cap.ntmpl, 2);
	assert_int_equal(cap.nrec, 3);
	assert_int_equal(cap.hdr.nsets, 4);
	assert_int_equal(cap.hdr.domain, 7);
	assert_int_equal(cap.set[1].padding, 2);
	assert_int_equal(cap.set[2].nrec, 2);
	assert_int_equal(cap.set[2].padding, 0);
	assert_int_equal(cap.set[3].padding, 3);
	assert_int_equal(cap.flow[0].src.a[3], 1);
	assert_int_equal(cap.flow[1].sport, 40002);
	assert_int_equal(cap.flow[0].octets, 1500);
	assert_int_equal(cap.flow[0].packets, 3);
	assert_int_equal(cap.flow[0].tcp_flags, 0x1b);
	assert_int_equal(cap.flow[0].tos, 0x20);
	assert_int_equal(cap.flow[0].out_if, 2);
	/* uptime 100000 at 1700000000 s: first 90000 is 10 s earlier */
	assert_true(cap.flow[0].start_ms == 1700000000000LL - 10000);
	assert_true(cap.flow[0].end_ms == 1700000000000LL - 1000);
	assert_int_equal(cap.flow[0].first_uptime, 90000);
	/* the options template: scope System is not octetDeltaCount */
	t = tcache_get(tc, NULL, 9, 7, 1025);
	assert_non_null(t);
	assert_int_equal(t->kind, TMPL_OPTIONS);
	assert_int_equal(t->scope, 1);
	assert_int_equal(t->nfields, 3);
	assert_int_equal(t->fx[FX_OCTETS], -1);
	assert_int_equal(cap.flow[2].octets, 0);
	/* not visible as IPFIX or under another source id */
	assert_null(tcache_get(tc, NULL, 10, 7, 1024));
	assert_null(tcache_get(tc, NULL, 9, 8, 1024));
	tcache_free(tc);
}

static void
test_nf9_count(void **state)
{
	struct tcache *tc = tcache_new();
	struct dec_err err;
	struct wb w;
	int k;

	build(&w, 3);		/* data records only: wrong for v9 */
	assert_int_equal(dec(&w, tc, &err), DEC_OK);
	k = dt_find_anom(&cap, DEC_E_V9COUNT);
	assert_int_equal(k, 0);
	assert_int_equal(cap.anom[k].off, 2);
	assert_int_equal(cap.anom[k].expected, 5);
	assert_int_equal(cap.anom[k].observed, 3);
	tcache_free(tc);
}

static void
test_nf9_unknown_template(void **state)
{
	struct tcache *tc = tcache_new();
	struct dec_err err;
	struct wb w;
	size_t s;
	int k;

	w.n = 0;
	wb_u16(&w, 9);
	wb_u16(&w, 1);
	wb_u32(&w, 1);
	wb_u32(&w, 2);
	wb_u32(&w, 3);
	wb_u32(&w, 4);
	s = wb_set(&w, 2000);
	wb_u32(&w, 1);
	wb_set_end(&w, s);
	s = wb_set(&w, 7);		/* reserved */
	wb_u32(&w, 1);
	wb_set_end(&w, s);
	assert_int_equal(dec(&w, tc, &err), DEC_OK);
	k = dt_find_anom(&cap, DEC_E_NOTMPL);
	assert_int_equal(k, 0);
	assert_int_equal(cap.anom[k].off, 20);
	k = dt_find_anom(&cap, DEC_E_SETID);
	assert_int_equal(k, 1);
	assert_int_equal(cap.anom[k].off, 28);
	/* the count cannot be checked when sets were unreadable */
	assert_int_equal(dt_find_anom(&cap, DEC_E_V9COUNT), -1);
	tcache_free(tc);
}

static void
test_nf9_bad_sets(void **state)
{
	struct tcache *tc = tcache_new();
	struct dec_err err;
	struct wb w;
	int k;

	/* FlowSet length past the datagram */
	build(&w, 5);
	put16(w.b + 22, 0x7000);
	assert_int_equal(dec(&w, tc, &err), DEC_E_SETLEN);
	assert_int_equal(err.off, 22);

	/* non-zero padding in the options template FlowSet */
	build(&w, 5);
	w.b[20 + 64 + 22] = 0xaa;
	assert_int_equal(dec(&w, tc, &err), DEC_OK);
	k = dt_find_anom(&cap, DEC_E_PADDING);
	assert_int_equal(k, 0);
	assert_int_equal(cap.anom[k].off, 20 + 64 + 22);

	/* scope length not a multiple of 4 */
	build(&w, 5);
	put16(w.b + 20 + 4 + 4 + 56 + 4 + 2, 3);
	assert_int_equal(dec(&w, tc, &err), DEC_OK);
	k = dt_find_anom(&cap, DEC_E_FIELDCOUNT);
	assert_int_equal(k, 0);
	assert_int_equal(cap.anom[k].off, 20 + 4 + 4 + 56 + 4 + 2);

	/* template id below 256 */
	build(&w, 5);
	put16(w.b + 24, 255);
	assert_int_equal(dec(&w, tc, &err), DEC_OK);
	k = dt_find_anom(&cap, DEC_E_TMPLID);
	assert_int_equal(k, 0);
	assert_int_equal(cap.anom[k].off, 24);

	/* a field length of 65535: v9 has no variable-length fields */
	build(&w, 5);
	put16(w.b + 24 + 4 + 4 * 3 + 2, 65535);
	tcache_free(tc);
	tc = tcache_new();
	assert_int_equal(dec(&w, tc, &err), DEC_OK);
	k = dt_find_anom(&cap, DEC_E_VARLEN);
	assert_int_equal(k, 0);
	assert_int_equal(cap.anom[k].off, 24 + 4 + 4 * 3 + 2);
	assert_int_equal(cap.nrec, 1);		/* only the options record */
	assert_true(dt_find_anom(&cap, DEC_E_NOTMPL) > 0);

	/* short header, wrong version */
	assert_int_equal(nf9_decode(w.b, 19, &cap.hdr, tc, NULL, &err),
	    DEC_E_TRUNC);
	put16(w.b, 5);
	assert_int_equal(nf9_decode(w.b, w.n, &cap.hdr, tc, NULL, &err),
	    DEC_E_VERSION);
	tcache_free(tc);
}

static void
test_nf9_truncated(void **state)
{
	struct tcache *tc = tcache_new();
	struct dec_err err;
	struct msg m;
	struct wb w;
	uint8_t *c;
	size_t cut;
	enum dec_status st;

	build(&w, 5);
	for (cut = 0; cut < w.n; cut++) {
		c = dt_copy(w.b, cut);
		dt_init(&cap, &ops);
		memset(&m, 0, sizeof(m));
		st = nf9_decode(c, cut, &m, tc, &ops, &err);
		/* an error, or a count that no longer adds up */
		assert_true(st != DEC_OK || cap.nanom > 0);
		if (st != DEC_OK)
			assert_true(err.off <= cut);
		free(c);
	}
	tcache_free(tc);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_nf9_walk),
		cmocka_unit_test(test_nf9_count),
		cmocka_unit_test(test_nf9_unknown_template),
		cmocka_unit_test(test_nf9_bad_sets),
		cmocka_unit_test(test_nf9_truncated),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
