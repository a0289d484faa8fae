/*
 * test_nf5.c: NetFlow v5 encode/decode round trips, count/length
 * disagreements, truncation at every length, and the time mapping.
 */
#include "testutil.h"

#include "cursor.h"
#include "decode.h"
#include "flow.h"
#include "nf5.h"
#include "vectors/dectest.h"

static struct dt_cap cap;

static const struct nf5_rec nf5_vec[] = {
	{ { 198, 18, 1, 2 }, { 198, 18, 2, 2 }, { 0, 0, 0, 0 }, 1, 2, 14,
	  740, 5000, 9000, 40000, 80, 0, 0x1b, 6, 0, 0, 0, 0, 0, 0 },
	{ { 198, 18, 2, 2 }, { 198, 18, 1, 2 }, { 0, 0, 0, 0 }, 2, 1, 5,
	  7240, 5000, 9000, 80, 40000, 0, 0x12, 6, 0, 0, 0, 0, 0, 0 },
	{ { 198, 19, 255, 254 }, { 198, 18, 0, 1 }, { 198, 18, 0, 254 },
	  65535, 65534, 0xffffffffu, 0xfffffffeu, 0xfffff000u, 1000, 53,
	  5353, 0, 0, 17, 0xb8, 65000, 64512, 24, 32, 0 },
	{ { 198, 18, 9, 9 }, { 198, 18, 8, 8 }, { 0, 0, 0, 0 }, 0, 0, 1, 84,
	  0, 0, 1234, 8, 0, 0, 1, 0, 0, 0, 0, 0, 0 },
};
#define NVEC	(sizeof(nf5_vec) / sizeof(nf5_vec[0]))

static size_t
nf5_build(uint8_t *b, size_t len, uint16_t count, size_t nrec)
{
	struct nf5_hdr h = { 5, count, 86400000, 1700000000, 500000000, 77,
	    42, 42, 0 };
	size_t i, off;

	assert_int_equal(nf5_encode_hdr(b, len, &h), NF5_HDR_LEN);
	off = NF5_HDR_LEN;
	for (i = 0; i < nrec; i++) {
		assert_int_equal(nf5_encode_rec(b + off, len - off,
		    &nf5_vec[i % NVEC]), NF5_REC_LEN);
		off += NF5_REC_LEN;
	}
	return off;
}

static void
test_nf5_roundtrip(void **state)
{
	uint8_t b[NF5_MAXLEN];
	struct nf5_hdr h;
	struct nf5_rec r;
	struct dec_ops ops;
	struct dec_err err;
	struct msg m;
	size_t len, i;

	len = nf5_build(b, sizeof(b), NVEC, NVEC);
	assert_int_equal(nf5_read_hdr(b, len, &h), 0);
	assert_int_equal(h.count, NVEC);
	assert_int_equal(h.flow_sequence, 77);
	for (i = 0; i < NVEC; i++) {
		assert_int_equal(nf5_read_rec(b + 24 + 48 * i, 48, &r), 0);
		assert_memory_equal(&r, &nf5_vec[i], sizeof(r));
	}
	dt_init(&cap, &ops);
	memset(&m, 0, sizeof(m));
	assert_int_equal(nf5_decode(b, len, &m, &ops, &err), DEC_OK);
	assert_int_equal(cap.nanom, 0);
	assert_int_equal(cap.nrec, NVEC);
	assert_int_equal(m.ndata, NVEC);
	assert_int_equal(m.engine_type, 42);
	assert_int_equal(m.seq, 77);
	for (i = 0; i < NVEC; i++) {
		const struct flow *f = &cap.flow[i];

		assert_memory_equal(f->src.a, nf5_vec[i].src_ip, 4);
		assert_memory_equal(f->dst.a, nf5_vec[i].dest_ip, 4);
		assert_int_equal(f->packets, nf5_vec[i].flow_packets);
		assert_int_equal(f->octets, nf5_vec[i].flow_octets);
		assert_int_equal(f->sport, nf5_vec[i].src_port);
		assert_int_equal(f->dport, nf5_vec[i].dest_port);
		assert_int_equal(f->proto, nf5_vec[i].protocol);
		assert_int_equal(f->tos, nf5_vec[i].tos);
		assert_int_equal(f->tcp_flags, nf5_vec[i].tcp_flags);
		assert_int_equal(f->in_if, nf5_vec[i].if_index_in);
		assert_int_equal(f->out_if, nf5_vec[i].if_index_out);
		assert_int_equal(f->first_uptime, nf5_vec[i].flow_start);
		assert_int_equal(f->last_uptime, nf5_vec[i].flow_finish);
		assert_int_equal(cap.recoff[i], 24 + 48 * i);
	}
}

/* v5 absolute time: unix ms of the header minus (uptime - First), mod 2^32 */
static void
test_nf5_times(void **state)
{
	uint8_t b[NF5_MAXLEN];
	struct dec_ops ops;
	struct dec_err err;
	struct msg m;
	size_t len;

	len = nf5_build(b, sizeof(b), 3, 3);
	dt_init(&cap, &ops);
	memset(&m, 0, sizeof(m));
	assert_int_equal(nf5_decode(b, len, &m, &ops, &err), DEC_OK);
	/* export 1700000000.5 s, uptime 86400000 ms, First 5000 */
	assert_true(cap.flow[0].start_ms ==
	    1700000000500LL - (86400000 - 5000));
	assert_true(cap.flow[0].end_ms == 1700000000500LL - (86400000 - 9000));
	/* First 0xfffff000 is before an uptime wrap: 4096 + 86400000 ago */
	assert_true(cap.flow[2].start_ms ==
	    1700000000500LL - (86400000 + 4096));
	assert_true(cap.flow[2].end_ms == 1700000000500LL - (86400000 - 1000));
	assert_true(cap.flow[0].has & FLOW_HAS_UPTIME);
}

static void
test_nf5_count_mismatch(void **state)
{
	static const struct {
		uint16_t	count;
		size_t		nrec;
		size_t		extra;
		enum dec_status	st;
		unsigned int	delivered;
	} t[] = {
		{ 3, 3, 0, DEC_OK, 3 },		/* agree: no anomaly */
		{ 2, 3, 0, DEC_OK, 2 },		/* count short: 2 delivered */
		{ 5, 3, 0, DEC_E_TRUNC, 3 },	/* count long: what fits */
		{ 3, 3, 7, DEC_OK, 3 },		/* trailing junk */
		{ 0, 0, 0, DEC_OK, 0 },
		{ 65535, 30, 0, DEC_E_TRUNC, 30 }, /* 16-bit count */
	};
	uint8_t b[NF5_MAXLEN + 64];
	struct dec_ops ops;
	struct dec_err err;
	struct msg m;
	size_t i, len;
	int k;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		len = nf5_build(b, sizeof(b), t[i].count, t[i].nrec);
		memset(b + len, 0xee, t[i].extra);
		len += t[i].extra;
		dt_init(&cap, &ops);
		memset(&m, 0, sizeof(m));
		assert_int_equal(nf5_decode(b, len, &m, &ops, &err), t[i].st);
		assert_int_equal(cap.nrec, t[i].delivered);
		k = dt_find_anom(&cap, DEC_E_COUNT);
		if (i == 0 || i == 4)
			assert_int_equal(k, -1);
		else {
			assert_int_equal(k, 0);
			assert_int_equal(cap.anom[k].off, 2);
			assert_int_equal(cap.anom[k].observed, t[i].count);
		}
		if (t[i].st == DEC_E_TRUNC)
			assert_int_equal(err.off, 24 + 48 * t[i].nrec);
	}
}

static void
test_nf5_truncated(void **state)
{
	uint8_t b[NF5_MAXLEN], *c;
	struct dec_ops ops;
	struct dec_err err;
	struct msg m;
	size_t len, cut;
	enum dec_status st;

	len = nf5_build(b, sizeof(b), 30, 30);
	for (cut = 0; cut < len; cut++) {
		c = dt_copy(b, cut);
		dt_init(&cap, &ops);
		memset(&m, 0, sizeof(m));
		st = nf5_decode(c, cut, &m, &ops, &err);
		assert_int_equal(st, DEC_E_TRUNC);
		assert_true(err.off <= cut);
		assert_int_equal(cap.nrec, cut < 24 ? 0 : (cut - 24) / 48);
		free(c);
	}
}

static void
test_nf5_bad_version(void **state)
{
	uint8_t b[NF5_MAXLEN];
	struct dec_err err;
	struct msg m;
	size_t len;

	len = nf5_build(b, sizeof(b), 1, 1);
	put16(b, 9);
	assert_int_equal(nf5_decode(b, len, &m, NULL, &err), DEC_E_VERSION);
	assert_int_equal(err.off, 0);
	assert_int_equal(err.observed, 9);
}

static void
test_nf5_encoders_bounded(void **state)
{
	uint8_t b[64];
	struct nf5_hdr h;
	struct nf5_rec r;

	memset(&h, 0, sizeof(h));
	memset(&r, 0, sizeof(r));
	assert_int_equal(nf5_encode_hdr(b, 23, &h), -1);
	assert_int_equal(nf5_encode_rec(b, 47, &r), -1);
	assert_int_equal(nf5_read_hdr(b, 23, &h), -1);
	assert_int_equal(nf5_read_rec(b, 47, &r), -1);
}

/* The hand-written fx[] of the built-in template equals tmpl_index's. */
static void
test_nf5_tmpl_index(void **state)
{
	const struct tmpl *t = nf5_tmpl();
	struct tmpl c = *t;
	uint32_t sum = 0;
	int i;

	c.indexed = 0;
	tmpl_index(&c);
	assert_memory_equal(c.fx, t->fx, sizeof(t->fx));
	assert_int_equal(c.minlen, NF5_REC_LEN);
	for (i = 0; i < t->nfields; i++)
		sum += t->f[i].len;
	assert_int_equal(sum, NF5_REC_LEN);
	assert_int_equal(t->nfields, 20);
}

/* decode_datagram dispatches on the version field. */
static void
test_decode_dispatch(void **state)
{
	uint8_t b[NF5_MAXLEN];
	struct dec_ops ops;
	struct dec_err err;
	struct msg m;
	size_t len;
	int i, j;

	len = nf5_build(b, sizeof(b), 2, 2);
	assert_int_equal(decode_version(b, len), 5);
	dt_init(&cap, &ops);
	memset(&m, 0, sizeof(m));
	assert_int_equal(decode_datagram(b, len, &m, NULL, &ops, &err),
	    DEC_OK);
	assert_int_equal(cap.nrec, 2);
	put16(b, 7);
	assert_int_equal(decode_version(b, len), 0);
	assert_int_equal(decode_datagram(b, len, &m, NULL, NULL, &err),
	    DEC_E_VERSION);
	assert_int_equal(err.observed, 7);
	assert_int_equal(decode_datagram(b, 1, &m, NULL, NULL, &err),
	    DEC_E_TRUNC);
	put16(b, 9);
	assert_int_equal(decode_datagram(b, 10, &m, NULL, NULL, &err),
	    DEC_E_TRUNC);
	put16(b, 10);
	assert_int_equal(decode_datagram(b, 10, &m, NULL, NULL, &err),
	    DEC_E_TRUNC);
	/* every status has its own words */
	for (i = 0; i < DEC_NSTATUS; i++) {
		assert_string_not_equal(dec_status_str(i), "unknown status");
		for (j = 0; j < i; j++)
			assert_string_not_equal(dec_status_str(i),
			    dec_status_str(j));
	}
	assert_string_equal(dec_status_str(DEC_NSTATUS), "unknown status");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_nf5_roundtrip),
		cmocka_unit_test(test_nf5_times),
		cmocka_unit_test(test_nf5_count_mismatch),
		cmocka_unit_test(test_nf5_truncated),
		cmocka_unit_test(test_nf5_bad_version),
		cmocka_unit_test(test_nf5_encoders_bounded),
		cmocka_unit_test(test_nf5_tmpl_index),
		cmocka_unit_test(test_decode_dispatch),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
