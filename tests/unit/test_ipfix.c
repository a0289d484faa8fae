/*
 * test_ipfix.c: IPFIX (RFC 7011) encode/decode round trips and every
 * rule of the message walk: lengths, set ids, template ids, withdrawal,
 * redefinition, enterprise and variable-length fields, padding, unknown
 * templates, zero-length records, truncation at every length.
 */
#include "testutil.h"

#include "cursor.h"
#include "ie.h"
#include "ipfix.h"
#include "pflowtmpl.h"
#include "tcache.h"
#include "vectors/dectest.h"

static struct dt_cap cap;
static struct dec_ops ops;

/* A raw message builder for shapes the encoder refuses to make. */
struct wb {
	uint8_t	b[4096];
	size_t	n;
};

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

static void
wb_hdr(struct wb *w)
{
	w->n = 0;
	wb_u16(w, 10);
	wb_u16(w, 0);
	wb_u32(w, 1700000000);
	wb_u32(w, 5);
	wb_u32(w, 42);
}

static void
wb_end(struct wb *w)
{
	put16(w->b + 2, (uint16_t)w->n);
}

/* Set header at *at, length patched by wb_set_end. */
static size_t
wb_set(struct wb *w, uint16_t id)
{
	size_t at = w->n;

	wb_u16(w, id);
	wb_u16(w, 0);
	return at;
}

static void
wb_set_end(struct wb *w, size_t at)
{
	put16(w->b + at + 2, (uint16_t)(w->n - at));
}

/* A template 300 of two fields: sourceIPv4Address(4), protocol(1). */
static void
wb_tmpl300(struct wb *w)
{
	size_t s = wb_set(w, 2);

	wb_u16(w, 300);
	wb_u16(w, 2);
	wb_u16(w, IE_sourceIPv4Address);
	wb_u16(w, 4);
	wb_u16(w, IE_protocolIdentifier);
	wb_u16(w, 1);
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
	st = ipfix_decode(c, w->n, &m, tc, &ops, err);
	cap.hdr = m;		/* counts as the walk left them */
	free(c);
	return st;
}

static void
test_ipfix_roundtrip_pflow(void **state)
{
	static const enum pflow_layout lay[3] = { PFLOW_L_OBSD_V4,
	    PFLOW_L_OBSD_NAT4, PFLOW_L_OBSD_V6 };
	const struct tmpl *t[3];
	struct tcache *tc = tcache_new();
	struct ipfix_enc enc;
	struct rec_val v[16];
	uint8_t buf[2048], val[16][16];
	struct dec_err err;
	struct msg m;
	int i, k, r, n;

	for (i = 0; i < 3; i++)
		t[i] = pflowtmpl_get(PFLOW_F_OBSD_CURRENT, lay[i]);
	assert_int_equal(ipfix_enc_begin(&enc, buf, sizeof(buf), 1700000000,
	    0, 42), 0);
	assert_int_equal(ipfix_enc_tmpl_set(&enc, t, 3), 0);
	n = ipfix_enc_end(&enc);
	assert_int_equal(n, 192);	/* pflow-facts 2.3: 16 + 176 */
	dt_init(&cap, &ops);
	memset(&m, 0, sizeof(m));
	assert_int_equal(ipfix_decode(buf, n, &m, tc, &ops, &err), DEC_OK);
	assert_int_equal(cap.ntmpl, 3);
	assert_int_equal(cap.toff[0], 20);
	assert_int_equal(cap.toff[1], 72);
	assert_int_equal(cap.toff[2], 140);

	for (i = 0; i < 3; i++) {
		assert_int_equal(ipfix_enc_begin(&enc, buf, sizeof(buf),
		    1700000001, 10, 42), 0);
		assert_int_equal(ipfix_enc_set_begin(&enc, t[i]->id), 0);
		for (r = 0; r < 5; r++) {
			for (k = 0; k < t[i]->nfields; k++) {
				memset(val[k], 0x11 * (k + 1) + r,
				    sizeof(val[k]));
				v[k].p = val[k];
				v[k].len = t[i]->f[k].len;
			}
			assert_int_equal(ipfix_enc_rec(&enc, t[i], v), 0);
		}
		n = ipfix_enc_end(&enc);
		assert_int_equal(n, 20 + 5 * (int)t[i]->minlen);
		dt_init(&cap, &ops);
		memset(&m, 0, sizeof(m));
		assert_int_equal(ipfix_decode(buf, n, &m, tc, &ops, &err),
		    DEC_OK);
		assert_int_equal(cap.nanom, 0);
		assert_int_equal(cap.nrec, 5);
		assert_int_equal(m.ndata, 5);
		assert_int_equal(m.nsets, 1);
		for (r = 0; r < 5; r++) {
			const struct flow *f = &cap.flow[r];
			uint8_t b = (uint8_t)(0x11 + r);

			assert_int_equal(cap.reclen[r], t[i]->minlen);
			assert_int_equal(f->src.a[0], b);
			assert_int_equal(f->src.af, i == 2 ? 10 : 2);
			assert_int_equal(f->proto, (uint8_t)(0x11 *
			    t[i]->nfields + r));
			if (i == 1) {
				assert_true(f->has & FLOW_HAS_POSTNAT);
				assert_int_equal(f->post_src.a[0],
				    (uint8_t)(0x11 * 9 + r));
				assert_int_equal(f->post_dport,
				    (uint16_t)(0x0101 * (0x11 * 12 + r)));
			} else
				assert_false(f->has & FLOW_HAS_POSTNAT);
		}
	}
	tcache_free(tc);
}

/* Variable-length fields: 1-octet form below 255, 3-octet form above. */
static void
test_ipfix_varlen(void **state)
{
	static const uint16_t lens[] = { 0, 1, 10, 254, 255, 300, 1000 };
	struct tmpl_field f[3] = { { IE_sourceIPv4Address, 4, 0 },
	    { IE_applicationName, TMPL_VARLEN, 0 },
	    { IE_protocolIdentifier, 1, 0 } };
	struct tmpl t = { .id = 400, .nfields = 3, .version = 10, .f = f };
	const struct tmpl *tp = &t;
	struct tcache *tc = tcache_new();
	struct ipfix_enc enc;
	struct rec_val v[3];
	uint8_t buf[4096], a[4] = { 198, 18, 0, 9 }, s[1000], proto = 17;
	struct dec_err err;
	struct msg m;
	size_t i, off;
	int n;

	memset(s, 'x', sizeof(s));
	tmpl_index(&t);
	assert_int_equal(t.minlen, 6);
	assert_true(t.varlen);
	assert_int_equal(ipfix_enc_begin(&enc, buf, sizeof(buf), 1, 2, 3), 0);
	assert_int_equal(ipfix_enc_tmpl_set(&enc, &tp, 1), 0);
	assert_int_equal(ipfix_enc_set_begin(&enc, 400), 0);
	for (i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
		v[0].p = a;
		v[0].len = 4;
		v[1].p = s;
		v[1].len = lens[i];
		v[2].p = &proto;
		v[2].len = 1;
		assert_int_equal(ipfix_enc_rec(&enc, &t, v), 0);
	}
	n = ipfix_enc_end(&enc);
	assert_true(n > 0);
	/* the 255-octet value: 0xff then 0x00ff (RFC 7011 7, figure S) */
	off = 16 + 4 + 4 + 3 * 4 + 4;	/* header, tmpl set, data set hdr */
	off += 4 + 1 + 0 + 1;		/* len 0 */
	off += 4 + 1 + 1 + 1;		/* len 1 */
	off += 4 + 1 + 10 + 1;
	off += 4 + 1 + 254 + 1;
	assert_int_equal(buf[off + 4], 0xff);
	assert_int_equal(be16(buf + off + 5), 255);

	dt_init(&cap, &ops);
	memset(&m, 0, sizeof(m));
	assert_int_equal(ipfix_decode(buf, n, &m, tc, &ops, &err), DEC_OK);
	assert_int_equal(cap.nanom, 0);
	assert_int_equal(cap.nrec, 7);
	for (i = 0; i < 7; i++) {
		assert_int_equal(cap.reclen[i], 4 + 1 + lens[i] +
		    (lens[i] >= 255 ? 3 : 1));
		assert_int_equal(cap.flow[i].proto, 17);
	}
	tcache_free(tc);
}

static void
test_ipfix_varlen_past_set(void **state)
{
	struct tcache *tc = tcache_new();
	struct dec_err err;
	struct wb w;
	size_t s;
	int k;

	wb_hdr(&w);
	s = wb_set(&w, 2);
	wb_u16(&w, 401);
	wb_u16(&w, 1);
	wb_u16(&w, IE_applicationName);
	wb_u16(&w, 65535);
	wb_set_end(&w, s);
	s = wb_set(&w, 401);
	w.b[w.n++] = 2;			/* "ab" */
	w.b[w.n++] = 'a';
	w.b[w.n++] = 'b';
	w.b[w.n++] = 255;		/* 3-octet form: 0x0100, not there */
	w.b[w.n++] = 1;
	w.b[w.n++] = 0;
	w.b[w.n++] = 'c';
	wb_set_end(&w, s);
	wb_end(&w);
	assert_int_equal(dec(&w, tc, &err), DEC_OK);
	assert_int_equal(cap.nrec, 1);
	k = dt_find_anom(&cap, DEC_E_VARLEN);
	assert_true(k >= 0);
	assert_int_equal(cap.anom[k].off, s + 4 + 3);
	tcache_free(tc);
}

static void
test_ipfix_enterprise(void **state)
{
	struct tcache *tc = tcache_new();
	const struct tmpl *t;
	struct exporter e;
	struct dec_err err;
	struct wb w;
	char nb[32];
	size_t s;

	memset(&e, 0, sizeof(e));
	wb_hdr(&w);
	s = wb_set(&w, 2);
	wb_u16(&w, 500);
	wb_u16(&w, 2);
	wb_u16(&w, 0x8000 | 100);
	wb_u16(&w, 4);
	wb_u32(&w, 29305);
	wb_u16(&w, IE_octetDeltaCount);
	wb_u16(&w, 8);
	wb_set_end(&w, s);
	s = wb_set(&w, 500);
	wb_u32(&w, 0xdeadbeef);
	wb_u32(&w, 0);
	wb_u32(&w, 1234);
	wb_set_end(&w, s);
	wb_end(&w);
	assert_int_equal(dec(&w, tc, &err), DEC_OK);
	assert_int_equal(cap.nanom, 0);
	assert_int_equal(cap.nrec, 1);
	assert_int_equal(cap.flow[0].octets, 1234);
	t = tcache_get(tc, NULL, 10, 42, 500);
	assert_non_null(t);
	assert_int_equal(t->f[0].ie, 100);
	assert_int_equal(t->f[0].pen, 29305);
	assert_int_equal(t->minlen, 12);
	assert_string_equal(ie_name(t->f[0].ie, t->f[0].pen, nb, sizeof(nb)),
	    "e29305.100");
	/* the encoder writes the E bit and the PEN back */
	{
		struct ipfix_enc enc;
		uint8_t out[256];

		assert_int_equal(ipfix_enc_begin(&enc, out, sizeof(out),
		    1700000000, 5, 42), 0);
		assert_int_equal(ipfix_enc_tmpl_set(&enc, &t, 1), 0);
		assert_int_equal(ipfix_enc_end(&enc), (int)s);
		assert_memory_equal(out + 16, w.b + 16, s - 16);
	}
	tcache_free(tc);
}

static void
test_ipfix_withdrawal(void **state)
{
	struct tcache *tc = tcache_new();
	struct dec_err err;
	struct wb w;
	size_t s;
	int k;

	/* define 300 and 301, withdraw 300 */
	wb_hdr(&w);
	wb_tmpl300(&w);
	s = wb_set(&w, 2);
	wb_u16(&w, 301);
	wb_u16(&w, 1);
	wb_u16(&w, IE_protocolIdentifier);
	wb_u16(&w, 1);
	wb_set_end(&w, s);
	wb_end(&w);
	assert_int_equal(dec(&w, tc, &err), DEC_OK);
	assert_int_equal(tcache_count(tc), 2);

	wb_hdr(&w);
	s = wb_set(&w, 2);
	wb_u16(&w, 300);
	wb_u16(&w, 0);
	wb_set_end(&w, s);
	wb_end(&w);
	assert_int_equal(dec(&w, tc, &err), DEC_OK);
	k = dt_find_anom(&cap, DEC_E_WITHDRAW);
	assert_int_equal(k, 0);
	assert_int_equal(cap.anom[k].off, 20);
	assert_int_equal(cap.anom[k].set_id, 300);
	assert_int_equal(cap.ntmpl, 1);
	assert_int_equal(cap.tev[0], TMPL_EV_WITHDRAW);
	assert_int_equal(cap.tid[0], 300);
	assert_null(tcache_get(tc, NULL, 10, 42, 300));
	assert_non_null(tcache_get(tc, NULL, 10, 42, 301));

	/* data for the withdrawn id: no template */
	wb_hdr(&w);
	s = wb_set(&w, 300);
	wb_u32(&w, 1);
	w.b[w.n++] = 6;
	wb_set_end(&w, s);
	wb_end(&w);
	assert_int_equal(dec(&w, tc, &err), DEC_OK);
	assert_int_equal(cap.nrec, 0);
	k = dt_find_anom(&cap, DEC_E_NOTMPL);
	assert_int_equal(k, 0);
	assert_int_equal(cap.anom[k].off, 16);
	assert_int_equal(cap.anom[k].set_id, 300);

	/* all data templates: template id 2 in set 2 */
	wb_hdr(&w);
	s = wb_set(&w, 2);
	wb_u16(&w, 2);
	wb_u16(&w, 0);
	wb_set_end(&w, s);
	wb_end(&w);
	assert_int_equal(dec(&w, tc, &err), DEC_OK);
	assert_int_equal(tcache_count(tc), 0);
	assert_true(dt_find_anom(&cap, DEC_E_WITHDRAW) >= 0);
	assert_int_equal(dt_find_anom(&cap, DEC_E_TMPLID), -1);

	/* options template withdrawal is 4 octets too (no scope count) */
	wb_hdr(&w);
	s = wb_set(&w, 3);
	wb_u16(&w, 3);
	wb_u16(&w, 0);
	wb_set_end(&w, s);
	wb_end(&w);
	assert_int_equal(dec(&w, tc, &err), DEC_OK);
	assert_int_equal(cap.nanom, 1);
	assert_int_equal(cap.anom[0].status, DEC_E_WITHDRAW);
	tcache_free(tc);
}

static void
test_ipfix_redefine_refresh(void **state)
{
	struct tcache *tc = tcache_new();
	struct dec_err err;
	struct wb w;
	size_t s;
	int k;

	wb_hdr(&w);
	wb_tmpl300(&w);
	wb_end(&w);
	assert_int_equal(dec(&w, tc, &err), DEC_OK);
	assert_int_equal(cap.tev[0], TMPL_EV_NEW);
	assert_int_equal(dec(&w, tc, &err), DEC_OK);
	assert_int_equal(cap.tev[0], TMPL_EV_REFRESH);
	assert_int_equal(cap.nanom, 0);

	wb_hdr(&w);
	s = wb_set(&w, 2);
	wb_u16(&w, 300);
	wb_u16(&w, 1);
	wb_u16(&w, IE_destinationIPv4Address);
	wb_u16(&w, 4);
	wb_set_end(&w, s);
	wb_end(&w);
	assert_int_equal(dec(&w, tc, &err), DEC_OK);
	assert_int_equal(cap.tev[0], TMPL_EV_REDEFINE);
	k = dt_find_anom(&cap, DEC_E_REDEFINE);
	assert_int_equal(k, 0);
	assert_int_equal(cap.anom[k].off, 20);
	assert_int_equal(tcache_get(tc, NULL, 10, 42, 300)->minlen, 4);
	tcache_free(tc);
}

static void
test_ipfix_reserved_set_ids(void **state)
{
	static const uint16_t ids[] = { 0, 1, 4, 100, 255 };
	struct tcache *tc = tcache_new();
	struct dec_err err;
	struct wb w;
	size_t i, s, bad;
	int k;

	for (i = 0; i < sizeof(ids) / sizeof(ids[0]); i++) {
		wb_hdr(&w);
		bad = wb_set(&w, ids[i]);
		wb_u32(&w, 0x01020304);
		wb_set_end(&w, bad);
		wb_tmpl300(&w);		/* the next set is still read */
		s = wb_set(&w, 300);
		wb_u32(&w, 0xc6120001);
		w.b[w.n++] = 6;
		wb_set_end(&w, s);
		wb_end(&w);
		assert_int_equal(dec(&w, tc, &err), DEC_OK);
		k = dt_find_anom(&cap, DEC_E_SETID);
		assert_int_equal(k, 0);
		assert_int_equal(cap.anom[k].off, 16);
		assert_int_equal(cap.anom[k].observed, ids[i]);
		assert_int_equal(cap.nrec, 1);
		assert_int_equal(cap.hdr.nsets, 3);
	}
	tcache_free(tc);
}

static void
test_ipfix_template_id_low(void **state)
{
	struct tcache *tc = tcache_new();
	struct dec_err err;
	struct wb w;
	size_t s;
	int k;

	wb_hdr(&w);
	s = wb_set(&w, 2);
	wb_u16(&w, 255);
	wb_u16(&w, 1);
	wb_u16(&w, IE_protocolIdentifier);
	wb_u16(&w, 1);
	wb_u16(&w, 256);		/* the next template is fine */
	wb_u16(&w, 1);
	wb_u16(&w, IE_protocolIdentifier);
	wb_u16(&w, 1);
	wb_set_end(&w, s);
	wb_end(&w);
	assert_int_equal(dec(&w, tc, &err), DEC_OK);
	k = dt_find_anom(&cap, DEC_E_TMPLID);
	assert_int_equal(k, 0);
	assert_int_equal(cap.anom[k].off, 20);
	assert_int_equal(cap.anom[k].observed, 255);
	assert_int_equal(tcache_count(tc), 1);
	assert_null(tcache_get(tc, NULL, 10, 42, 255));
	assert_non_null(tcache_get(tc, NULL, 10, 42, 256));
	tcache_free(tc);
}

static void
test_ipfix_padding(void **state)
{
	struct tcache *tc = tcache_new();
	struct dec_err err;
	struct wb w;
	size_t s;
	int k;

	/* two 5-octet records and 3 zero octets: fine */
	wb_hdr(&w);
	wb_tmpl300(&w);
	s = wb_set(&w, 300);
	wb_u32(&w, 1);
	w.b[w.n++] = 6;
	wb_u32(&w, 2);
	w.b[w.n++] = 17;
	w.b[w.n++] = 0;
	w.b[w.n++] = 0;
	w.b[w.n++] = 0;
	wb_set_end(&w, s);
	wb_end(&w);
	assert_int_equal(dec(&w, tc, &err), DEC_OK);
	assert_int_equal(cap.nanom, 0);
	assert_int_equal(cap.nrec, 2);
	assert_int_equal(cap.set[1].padding, 3);
	assert_int_equal(cap.set[1].nrec, 2);
	assert_int_equal(cap.set[1].off, s);
	assert_int_equal(cap.hdr.ntmpl, 1);
	assert_int_equal(cap.hdr.ndata, 2);

	/* non-zero padding */
	w.b[w.n - 2] = 0x5a;
	assert_int_equal(dec(&w, tc, &err), DEC_OK);
	k = dt_find_anom(&cap, DEC_E_PADDING);
	assert_int_equal(k, 0);
	assert_int_equal(cap.anom[k].off, s + 4 + 10);
	assert_int_equal(cap.anom[k].observed, 3);
	tcache_free(tc);
}

static void
test_ipfix_zero_length_records(void **state)
{
	struct tcache *tc = tcache_new();
	struct dec_err err;
	struct wb w;
	size_t s;
	int k;

	wb_hdr(&w);
	s = wb_set(&w, 2);
	wb_u16(&w, 600);
	wb_u16(&w, 2);
	wb_u16(&w, IE_paddingOctets);
	wb_u16(&w, 0);
	wb_u16(&w, IE_paddingOctets);
	wb_u16(&w, 0);
	wb_set_end(&w, s);
	s = wb_set(&w, 600);
	wb_u32(&w, 0);
	wb_set_end(&w, s);
	wb_end(&w);
	assert_int_equal(dec(&w, tc, &err), DEC_OK);	/* returns at all */
	k = dt_find_anom(&cap, DEC_E_ZEROREC);
	assert_int_equal(k, 0);
	assert_int_equal(cap.anom[k].off, 20);
	assert_int_equal(cap.nrec, 0);
	assert_true(dt_find_anom(&cap, DEC_E_NOTMPL) >= 0);
	tcache_free(tc);
}

static void
test_ipfix_lengths(void **state)
{
	struct tcache *tc = tcache_new();
	struct dec_err err;
	struct wb w;
	size_t s;

	/* set length 3 */
	wb_hdr(&w);
	wb_tmpl300(&w);
	s = wb_set(&w, 300);
	wb_set_end(&w, s);
	put16(w.b + s + 2, 3);
	wb_end(&w);
	assert_int_equal(dec(&w, tc, &err), DEC_E_SETLEN);
	assert_int_equal(err.off, s + 2);
	assert_int_equal(err.observed, 3);
	assert_int_equal(cap.hdr.nsets, 1);	/* the template set was read */

	/* set length past the message */
	put16(w.b + s + 2, 9);
	assert_int_equal(dec(&w, tc, &err), DEC_E_SETLEN);
	assert_int_equal(err.off, s + 2);
	assert_int_equal(err.observed, 9);
	assert_int_equal(err.expected, 4);

	/* three octets where a set header should be */
	wb_hdr(&w);
	wb_tmpl300(&w);
	w.b[w.n++] = 1;
	w.b[w.n++] = 44;
	w.b[w.n++] = 0;
	wb_end(&w);
	assert_int_equal(dec(&w, tc, &err), DEC_E_SETLEN);
	assert_int_equal(err.off, w.n - 3);

	/* message length larger than the datagram */
	wb_hdr(&w);
	wb_tmpl300(&w);
	wb_end(&w);
	put16(w.b + 2, (uint16_t)(w.n + 1));
	assert_int_equal(dec(&w, tc, &err), DEC_E_MSGLEN);
	assert_int_equal(err.off, 2);
	assert_int_equal(err.expected, w.n);
	assert_int_equal(err.observed, w.n + 1);
	assert_int_equal(cap.nhdr, 1);

	/* smaller: anomaly, the declared part is read */
	put16(w.b + 2, 16);
	assert_int_equal(dec(&w, tc, &err), DEC_OK);
	assert_int_equal(dt_find_anom(&cap, DEC_E_MSGLEN), 0);
	assert_int_equal(cap.hdr.nsets, 0);

	/* Length below the header */
	put16(w.b + 2, 15);
	assert_int_equal(dec(&w, tc, &err), DEC_E_MSGLEN);

	/* version */
	put16(w.b, 9);
	assert_int_equal(dec(&w, tc, &err), DEC_E_VERSION);
	assert_int_equal(err.observed, 9);
	tcache_free(tc);
}

static void
test_ipfix_options_template(void **state)
{
	struct tcache *tc = tcache_new();
	const struct tmpl *t;
	struct dec_err err;
	struct wb w;
	size_t s;
	int k;

	wb_hdr(&w);
	s = wb_set(&w, 3);
	wb_u16(&w, 700);		/* good: scope 1 of 2 */
	wb_u16(&w, 2);
	wb_u16(&w, 1);
	wb_u16(&w, IE_exportingProcessId);
	wb_u16(&w, 4);
	wb_u16(&w, IE_exportedFlowRecordTotalCount);
	wb_u16(&w, 8);
	wb_u16(&w, 701);		/* scope 0 */
	wb_u16(&w, 1);
	wb_u16(&w, 0);
	wb_u16(&w, IE_exportingProcessId);
	wb_u16(&w, 4);
	wb_u16(&w, 702);		/* scope 3 > 1 field */
	wb_u16(&w, 1);
	wb_u16(&w, 3);
	wb_u16(&w, IE_exportingProcessId);
	wb_u16(&w, 4);
	wb_set_end(&w, s);
	s = wb_set(&w, 700);
	wb_u32(&w, 9);
	wb_u32(&w, 0);
	wb_u32(&w, 77);
	wb_set_end(&w, s);
	wb_end(&w);
	assert_int_equal(dec(&w, tc, &err), DEC_OK);
	t = tcache_get(tc, NULL, 10, 42, 700);
	assert_non_null(t);
	assert_int_equal(t->kind, TMPL_OPTIONS);
	assert_int_equal(t->scope, 1);
	assert_null(tcache_get(tc, NULL, 10, 42, 701));
	assert_null(tcache_get(tc, NULL, 10, 42, 702));
	k = dt_find_anom(&cap, DEC_E_FIELDCOUNT);
	assert_int_equal(k, 0);
	assert_int_equal(cap.anom[0].off, 20 + 14 + 4);
	assert_int_equal(cap.anom[1].status, DEC_E_FIELDCOUNT);
	assert_int_equal(cap.anom[1].off, 20 + 14 + 10 + 4);
	assert_int_equal(cap.anom[1].observed, 3);
	assert_int_equal(cap.nrec, 1);
	assert_int_equal(cap.hdr.ntmpl, 3);
	tcache_free(tc);
}

static void
test_ipfix_template_past_set(void **state)
{
	struct tcache *tc = tcache_new();
	struct dec_err err;
	struct wb w;
	size_t s;
	int k;

	wb_hdr(&w);
	s = wb_set(&w, 2);
	wb_u16(&w, 800);
	wb_u16(&w, 3);			/* says 3 fields, has 1 */
	wb_u16(&w, IE_protocolIdentifier);
	wb_u16(&w, 1);
	wb_set_end(&w, s);
	wb_tmpl300(&w);
	wb_end(&w);
	assert_int_equal(dec(&w, tc, &err), DEC_OK);
	k = dt_find_anom(&cap, DEC_E_TMPLREC);
	assert_int_equal(k, 0);
	assert_int_equal(cap.anom[k].off, 28);
	assert_null(tcache_get(tc, NULL, 10, 42, 800));
	assert_non_null(tcache_get(tc, NULL, 10, 42, 300));

	/* more fields than a template may hold */
	wb_hdr(&w);
	s = wb_set(&w, 2);
	wb_u16(&w, 801);
	wb_u16(&w, TMPL_MAXFIELDS + 1);
	wb_set_end(&w, s);
	wb_end(&w);
	assert_int_equal(dec(&w, tc, &err), DEC_OK);
	assert_int_equal(dt_find_anom(&cap, DEC_E_TOOMANY), 0);
	tcache_free(tc);
}

/* Per-exporter and per-domain keys: one domain's template is not another's. */
static void
test_ipfix_domains(void **state)
{
	struct tcache *tc = tcache_new();
	struct dec_err err;
	struct wb w;
	size_t s;

	wb_hdr(&w);
	wb_tmpl300(&w);
	wb_end(&w);
	assert_int_equal(dec(&w, tc, &err), DEC_OK);
	wb_hdr(&w);
	put32(w.b + 12, 43);
	s = wb_set(&w, 300);
	wb_u32(&w, 1);
	w.b[w.n++] = 6;
	wb_set_end(&w, s);
	wb_end(&w);
	assert_int_equal(dec(&w, tc, &err), DEC_OK);
	assert_int_equal(dt_find_anom(&cap, DEC_E_NOTMPL), 0);
	put32(w.b + 12, 42);
	assert_int_equal(dec(&w, tc, &err), DEC_OK);
	assert_int_equal(cap.nanom, 0);
	assert_int_equal(cap.nrec, 1);
	tcache_free(tc);
}

/* Other time elements: seconds, and NTP-format micro/nanoseconds. */
static void
test_ipfix_time_elements(void **state)
{
	struct tcache *tc = tcache_new();
	struct dec_err err;
	struct wb w;
	size_t s;

	wb_hdr(&w);
	s = wb_set(&w, 2);
	wb_u16(&w, 900);
	wb_u16(&w, 2);
	wb_u16(&w, IE_flowStartSeconds);
	wb_u16(&w, 4);
	wb_u16(&w, IE_flowEndMicroseconds);
	wb_u16(&w, 8);
	wb_u16(&w, 901);
	wb_u16(&w, 2);
	wb_u16(&w, IE_flowStartNanoseconds);
	wb_u16(&w, 8);
	wb_u16(&w, IE_flowEndMilliseconds);
	wb_u16(&w, 8);
	wb_set_end(&w, s);
	s = wb_set(&w, 900);
	wb_u32(&w, 1700000000);
	wb_u32(&w, 1700000000u + 2208988800u);	/* NTP era 0 */
	wb_u32(&w, 0x80000000);			/* .5 s */
	wb_set_end(&w, s);
	s = wb_set(&w, 901);
	wb_u32(&w, 1700000001u + 2208988800u);
	wb_u32(&w, 0x40000000);			/* .25 s */
	wb_u32(&w, 0x0000018b);
	wb_u32(&w, 0xcfe56be8);			/* 1700000001000 */
	wb_set_end(&w, s);
	wb_end(&w);
	assert_int_equal(dec(&w, tc, &err), DEC_OK);
	assert_int_equal(cap.nrec, 2);
	assert_true(cap.flow[0].start_ms == 1700000000000LL);
	assert_true(cap.flow[0].end_ms == 1700000000500LL);
	assert_true(cap.flow[1].start_ms == 1700000001250LL);
	assert_true(cap.flow[1].end_ms == 1700000001000LL);
	assert_true(cap.flow[1].has & FLOW_HAS_START);
	assert_true(cap.flow[1].has & FLOW_HAS_END);
	assert_false(cap.flow[1].has & FLOW_HAS_PORTS);
	tcache_free(tc);
}

/* softflowd: sysUpTime fields made absolute with systemInitTimeMilliseconds */
static void
test_ipfix_sysinit(void **state)
{
	struct tcache *tc = tcache_new();
	struct dec_err err;
	struct wb w;
	size_t s;

	wb_hdr(&w);
	s = wb_set(&w, 2);
	wb_u16(&w, 1024);
	wb_u16(&w, 2);
	wb_u16(&w, IE_flowStartSysUpTime);
	wb_u16(&w, 4);
	wb_u16(&w, IE_flowEndSysUpTime);
	wb_u16(&w, 4);
	wb_set_end(&w, s);
	s = wb_set(&w, 3);
	wb_u16(&w, 256);
	wb_u16(&w, 2);
	wb_u16(&w, 1);
	wb_u16(&w, IE_meteringProcessId);
	wb_u16(&w, 4);
	wb_u16(&w, IE_systemInitTimeMilliseconds);
	wb_u16(&w, 8);
	wb_set_end(&w, s);
	s = wb_set(&w, 1024);		/* before the reference: raw only */
	wb_u32(&w, 1000);
	wb_u32(&w, 2500);
	wb_set_end(&w, s);
	s = wb_set(&w, 256);
	wb_u32(&w, 1);
	wb_u32(&w, 0x00000164);		/* 1529982461976 ms */
	wb_u32(&w, 0x3a0fa818);
	wb_set_end(&w, s);
	s = wb_set(&w, 1024);
	wb_u32(&w, 1000);
	wb_u32(&w, 2500);
	wb_set_end(&w, s);
	wb_end(&w);
	assert_int_equal(dec(&w, tc, &err), DEC_OK);
	assert_int_equal(cap.nrec, 3);
	assert_true(cap.flow[0].has & FLOW_HAS_UPTIME);
	assert_false(cap.flow[0].has & FLOW_HAS_START);
	assert_true(cap.hdr.sysinit_ms == ((0x164LL << 32) | 0x3a0fa818));
	assert_true(cap.flow[2].start_ms == cap.hdr.sysinit_ms + 1000);
	assert_true(cap.flow[2].end_ms == cap.hdr.sysinit_ms + 2500);

	/* the next message of the domain knows it from the start */
	wb_hdr(&w);
	s = wb_set(&w, 1024);
	wb_u32(&w, 7);
	wb_u32(&w, 9);
	wb_set_end(&w, s);
	wb_end(&w);
	assert_int_equal(dec(&w, tc, &err), DEC_OK);
	assert_true(cap.flow[0].start_ms ==
	    ((0x164LL << 32) | 0x3a0fa818) + 7);
	/* but not another domain's */
	put32(w.b + 12, 41);
	tcache_put(tc, NULL, 41, tcache_get(tc, NULL, 10, 42, 1024));
	assert_int_equal(dec(&w, tc, &err), DEC_OK);
	assert_int_equal(cap.nrec, 1);
	assert_false(cap.flow[0].has & FLOW_HAS_START);
	tcache_free(tc);
}

static void
test_ipfix_truncated(void **state)
{
	struct tcache *tc = tcache_new();
	struct dec_err err;
	struct msg m;
	struct wb w;
	uint8_t *c;
	size_t s, cut;
	enum dec_status st;

	wb_hdr(&w);
	wb_tmpl300(&w);
	s = wb_set(&w, 300);
	wb_u32(&w, 1);
	w.b[w.n++] = 6;
	wb_set_end(&w, s);
	wb_end(&w);
	for (cut = 0; cut < w.n; cut++) {
		c = dt_copy(w.b, cut);
		dt_init(&cap, &ops);
		memset(&m, 0, sizeof(m));
		st = ipfix_decode(c, cut, &m, tc, &ops, &err);
		assert_int_equal(st, cut < 16 ? DEC_E_TRUNC : DEC_E_MSGLEN);
		assert_true(err.off <= cut);
		free(c);
	}
	tcache_free(tc);
}

static void
test_ipfix_encoder_bounded(void **state)
{
	const struct tmpl *t = pflowtmpl_get(PFLOW_F_OBSD_78,
	    PFLOW_L_OBSD_V4);
	struct ipfix_enc enc;
	uint8_t buf[80];
	size_t n;

	assert_int_equal(ipfix_enc_begin(&enc, buf, 15, 0, 0, 0), -1);
	for (n = 16; n < 16 + 56; n++) {
		assert_int_equal(ipfix_enc_begin(&enc, buf, n, 0, 0, 0), 0);
		assert_int_equal(ipfix_enc_tmpl_set(&enc, &t, 1), -1);
	}
	assert_int_equal(ipfix_enc_begin(&enc, buf, 16 + 56, 0, 0, 0), 0);
	assert_int_equal(ipfix_enc_tmpl_set(&enc, &t, 1), 0);
	assert_int_equal(ipfix_enc_end(&enc), 16 + 56);
	/* a record outside a set is refused */
	assert_int_equal(ipfix_enc_raw(&enc, buf, 1), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ipfix_roundtrip_pflow),
		cmocka_unit_test(test_ipfix_varlen),
		cmocka_unit_test(test_ipfix_varlen_past_set),
		cmocka_unit_test(test_ipfix_enterprise),
		cmocka_unit_test(test_ipfix_withdrawal),
		cmocka_unit_test(test_ipfix_redefine_refresh),
		cmocka_unit_test(test_ipfix_reserved_set_ids),
		cmocka_unit_test(test_ipfix_template_id_low),
		cmocka_unit_test(test_ipfix_padding),
		cmocka_unit_test(test_ipfix_zero_length_records),
		cmocka_unit_test(test_ipfix_lengths),
		cmocka_unit_test(test_ipfix_options_template),
		cmocka_unit_test(test_ipfix_template_past_set),
		cmocka_unit_test(test_ipfix_domains),
		cmocka_unit_test(test_ipfix_time_elements),
		cmocka_unit_test(test_ipfix_sysinit),
		cmocka_unit_test(test_ipfix_truncated),
		cmocka_unit_test(test_ipfix_encoder_bounded),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
