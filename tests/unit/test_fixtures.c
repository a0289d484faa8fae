/*
 * test_fixtures.c: every real-exporter datagram in ../shared/fixtures
 * decodes without a crash; the OpenBSD pflow pair gives the 26 records
 * tshark sees and re-encodes byte for byte; the malformed ones give
 * errors and anomalies at the right offsets.  SKIPPED without ../shared.
 */
#include "testutil.h"

#include <arpa/inet.h>

#include "cursor.h"
#include "decode.h"
#include "ie.h"
#include "ipfix.h"
#include "pflowtmpl.h"
#include "tcache.h"
#include "vectors/dectest.h"
#include "vectors/pflow_fixture.h"

static struct dt_cap cap;

static void
fx_exporter(struct exporter *e, uint16_t port)
{
	uint8_t a[4] = { 198, 18, 0, 1 };

	memset(e, 0, sizeof(*e));
	addr_set4(&e->addr, a);
	e->port = port;
}

/* Decode one fixture file into cap; returns the status. */
static enum dec_status
fx_decode(const char *name, struct tcache *tc, const struct exporter *e,
    struct dec_err *err, size_t *lenp)
{
	struct dec_ops ops;
	struct msg m;
	uint8_t *b;
	size_t len;
	enum dec_status st;

	b = TEST_FIXTURE(name, &len);
	dt_init(&cap, &ops);
	memset(&m, 0, sizeof(m));
	m.exp = e;
	memset(err, 0, sizeof(*err));
	st = decode_datagram(b, len, &m, tc, &ops, err);
	free(b);
	if (lenp != NULL)
		*lenp = len;
	return st;
}

static void
test_pflow_pair_values(void **state)
{
	struct tcache *tc = tcache_new();
	struct exporter e;
	struct dec_err err;
	const struct flow *f;
	char s[ADDR_STRLEN];
	int i;

	fx_exporter(&e, 4739);
	assert_int_equal(fx_decode("ipfix_test_openbsd_pflow_tpl.dat", tc, &e,
	    &err, NULL), DEC_OK);
	assert_int_equal(cap.ntmpl, 2);
	assert_int_equal(cap.tid[0], 256);
	assert_int_equal(cap.tev[0], TMPL_EV_NEW);
	assert_int_equal(cap.toff[0], 20);
	assert_int_equal(cap.tid[1], 257);
	assert_int_equal(cap.toff[1], 72);
	assert_int_equal(cap.nanom, 0);
	assert_int_equal(cap.hdr.domain, PFLOW_FX_DOMAIN);
	assert_int_equal(cap.set[0].len, 108);
	assert_int_equal(pflowtmpl_match(tcache_get(tc, &e, 10, 42, 256)),
	    PFLOW_L_OBSD_V4);
	assert_int_equal(pflowtmpl_match(tcache_get(tc, &e, 10, 42, 257)),
	    PFLOW_L_OBSD_V6);

	assert_int_equal(fx_decode("ipfix_test_openbsd_pflow_data.dat", tc,
	    &e, &err, NULL), DEC_OK);
	assert_int_equal(cap.nanom, 0);
	assert_int_equal(cap.nrec, 26);
	assert_int_equal(cap.hdr.export_time, PFLOW_FX_EXPORT_TIME);
	assert_int_equal(cap.set[0].padding, 0);
	assert_int_equal(cap.set[0].nrec, 26);
	for (i = 0; i < 26; i++) {
		f = &cap.flow[i];
		assert_int_equal(cap.recoff[i], 20 + 54 * i);
		assert_string_equal(addr_fmt(&f->src, s, sizeof(s)),
		    pflow_fx[i].src);
		assert_string_equal(addr_fmt(&f->dst, s, sizeof(s)),
		    pflow_fx[i].dst);
		assert_int_equal(f->in_if, pflow_fx[i].in);
		assert_int_equal(f->out_if, pflow_fx[i].out);
		assert_int_equal(f->packets, pflow_fx[i].packets);
		assert_int_equal(f->octets, pflow_fx[i].octets);
		assert_true(f->start_ms == pflow_fx[i].start_ms);
		assert_true(f->end_ms == pflow_fx[i].end_ms);
		assert_int_equal(f->sport, pflow_fx[i].sport);
		assert_int_equal(f->dport, pflow_fx[i].dport);
		assert_int_equal(f->proto, pflow_fx[i].proto);
		assert_int_equal(f->tos, 0);
		assert_int_equal(f->tmpl_id, 256);
		assert_true((f->has & (FLOW_HAS_START | FLOW_HAS_END |
		    FLOW_HAS_PORTS | FLOW_HAS_IFACES)) ==
		    (FLOW_HAS_START | FLOW_HAS_END | FLOW_HAS_PORTS |
		    FLOW_HAS_IFACES));
	}
	tcache_free(tc);
}

static void
test_pflow_pair_reencode(void **state)
{
	const struct tmpl *t[2];
	const struct tmpl *v4;
	struct ipfix_enc enc;
	struct rec_val v[12];
	uint8_t out[2048], *want, val[12][8];
	size_t wlen;
	int i, k, n;

	/* the template message */
	want = TEST_FIXTURE("ipfix_test_openbsd_pflow_tpl.dat", &wlen);
	t[0] = pflowtmpl_get(PFLOW_F_OBSD_78, PFLOW_L_OBSD_V4);
	t[1] = pflowtmpl_get(PFLOW_F_OBSD_78, PFLOW_L_OBSD_V6);
	assert_int_equal(ipfix_enc_begin(&enc, out, sizeof(out),
	    PFLOW_FX_EXPORT_TIME - 1, PFLOW_FX_SEQ, PFLOW_FX_DOMAIN), 0);
	assert_int_equal(ipfix_enc_tmpl_set(&enc, t, 2), 0);
	n = ipfix_enc_end(&enc);
	assert_int_equal(n, (int)wlen);
	assert_memory_equal(out, want, wlen);
	free(want);

	/* the data message, from the decoded values */
	want = TEST_FIXTURE("ipfix_test_openbsd_pflow_data.dat", &wlen);
	v4 = t[0];
	assert_int_equal(ipfix_enc_begin(&enc, out, sizeof(out),
	    PFLOW_FX_EXPORT_TIME, PFLOW_FX_SEQ, PFLOW_FX_DOMAIN), 0);
	assert_int_equal(ipfix_enc_set_begin(&enc, 256), 0);
	for (i = 0; i < 26; i++) {
		assert_int_equal(inet_pton(AF_INET, pflow_fx[i].src, val[0]),
		    1);
		assert_int_equal(inet_pton(AF_INET, pflow_fx[i].dst, val[1]),
		    1);
		put32(val[2], pflow_fx[i].in);
		put32(val[3], pflow_fx[i].out);
		put64(val[4], pflow_fx[i].packets);
		put64(val[5], pflow_fx[i].octets);
		put64(val[6], (uint64_t)pflow_fx[i].start_ms);
		put64(val[7], (uint64_t)pflow_fx[i].end_ms);
		put16(val[8], pflow_fx[i].sport);
		put16(val[9], pflow_fx[i].dport);
		val[10][0] = 0;
		val[11][0] = pflow_fx[i].proto;
		for (k = 0; k < 12; k++) {
			v[k].p = val[k];
			v[k].len = v4->f[k].len;
		}
		assert_int_equal(ipfix_enc_rec(&enc, v4, v), 0);
	}
	assert_int_equal(ipfix_enc_set_end(&enc, 0), 0);
	n = ipfix_enc_end(&enc);
	assert_int_equal(n, (int)wlen);
	assert_memory_equal(out, want, wlen);
	free(want);
}

static void
test_pflow_family(void **state)
{
	struct tcache *tc = tcache_new();
	const struct tmpl *t[2];
	struct exporter e;
	struct dec_err err;

	fx_exporter(&e, 4739);
	assert_int_equal(fx_decode("ipfix_test_openbsd_pflow_tpl.dat", tc, &e,
	    &err, NULL), DEC_OK);
	t[0] = tcache_get(tc, &e, 10, 42, 256);
	t[1] = tcache_get(tc, &e, 10, 42, 257);
	assert_non_null(t[0]);
	assert_non_null(t[1]);
	assert_int_equal(pflowtmpl_family(t, 2), PFLOW_F_OBSD_78);
	tcache_free(tc);
}

/* netflow5.dat, hand-checked against tshark's decode. */
static void
test_v5_values(void **state)
{
	struct dec_err err;
	const struct flow *f;
	char s[ADDR_STRLEN];
	int k;

	assert_int_equal(fx_decode("netflow5.dat", NULL, NULL, &err, NULL),
	    DEC_OK);
	assert_int_equal(cap.nrec, 2);
	/* 1728 octets but count 2: the extra 1608 are reported */
	k = dt_find_anom(&cap, DEC_E_COUNT);
	assert_int_equal(k, 0);
	assert_int_equal(cap.anom[k].off, 2);
	assert_int_equal(cap.anom[k].observed, 2);
	assert_int_equal(cap.anom[k].expected, 35);
	f = &cap.flow[0];
	assert_string_equal(addr_fmt(&f->src, s, sizeof(s)), "10.0.2.2");
	assert_string_equal(addr_fmt(&f->dst, s, sizeof(s)), "10.0.2.15");
	assert_int_equal(f->packets, 5);
	assert_int_equal(f->octets, 230);
	assert_int_equal(f->sport, 54435);
	assert_int_equal(f->dport, 22);
	assert_int_equal(f->tcp_flags, 0x10);
	assert_int_equal(f->proto, 6);
	assert_int_equal(f->first_uptime, 4294967295u);
	assert_int_equal(f->last_uptime, 2577);
	/* 1430591888.280 s, uptime 3381: First is 3382 ms before (wrap) */
	assert_true(f->start_ms == 1430591888280LL - 3382);
	assert_true(f->end_ms == 1430591888280LL - (3381 - 2577));
}

static void
test_v5_invalid(void **state)
{
	struct dec_err err;
	int k;

	/* count 55582 in a 1464-octet datagram: 30 records fit */
	assert_int_equal(fx_decode("netflow5_test_invalid01.dat", NULL, NULL,
	    &err, NULL), DEC_E_TRUNC);
	assert_int_equal(err.off, 1464);
	assert_int_equal(cap.nrec, 30);
	k = dt_find_anom(&cap, DEC_E_COUNT);
	assert_true(k >= 0);
	assert_int_equal(cap.anom[k].off, 2);
	assert_int_equal(cap.anom[k].observed, 55582);
	assert_int_equal(cap.anom[k].expected, 30);

	assert_int_equal(fx_decode("netflow5_test_invalid02.dat", NULL, NULL,
	    &err, NULL), DEC_E_TRUNC);
	assert_int_equal(err.off, 1464);
	k = dt_find_anom(&cap, DEC_E_COUNT);
	assert_true(k >= 0);
	assert_int_equal(cap.anom[k].off, 2);
	assert_int_equal(cap.anom[k].observed, 163);
}

static void
test_v9_invalid(void **state)
{
	struct tcache *tc = tcache_new();
	struct dec_err err;
	int k;

	/* header count 2; the datagram holds 6 records of all kinds */
	assert_int_equal(fx_decode("netflow9_test_invalid01.dat", tc, NULL,
	    &err, NULL), DEC_OK);
	assert_int_equal(cap.nanom, 1);
	k = dt_find_anom(&cap, DEC_E_V9COUNT);
	assert_int_equal(k, 0);
	assert_int_equal(cap.anom[k].off, 2);
	assert_int_equal(cap.anom[k].observed, 2);
	assert_int_equal(cap.anom[k].expected, 6);
	assert_int_equal(cap.ntmpl, 3);
	assert_int_equal(cap.nrec, 3);
	tcache_free(tc);
}

static void
test_v9_softflowd(void **state)
{
	struct tcache *tc = tcache_new();
	struct dec_err err;
	int i;

	assert_int_equal(fx_decode("netflow9_test_softflowd_tpl_data.dat", tc,
	    NULL, &err, NULL), DEC_OK);
	assert_int_equal(cap.nanom, 0);
	assert_int_equal(cap.ntmpl, 2);
	assert_int_equal(cap.nrec, 7);
	for (i = 0; i < 7; i++) {
		assert_true(cap.flow[i].has & FLOW_HAS_UPTIME);
		assert_true(cap.flow[i].has & FLOW_HAS_START);
		assert_true(cap.flow[i].start_ms <= cap.flow[i].end_ms);
	}
	tcache_free(tc);
}

/*
 * Every file, in exporter order (templates first), one cache, one
 * exporter address per vendor.  Record counts agree with tshark's.
 */
static const struct {
	uint16_t	 port;
	const char	*name;
	unsigned int	 nrec;
	enum dec_status	 st;
} fx_all[] = {
	{ 1, "ipfix_test_openbsd_pflow_tpl.dat", 0, DEC_OK },
	{ 1, "ipfix_test_openbsd_pflow_data.dat", 26, DEC_OK },
	{ 2, "ipfix_test_barracuda_tpl.dat", 0, DEC_OK },
	{ 2, "ipfix_test_barracuda_data256.dat", 8, DEC_OK },
	{ 3, "ipfix_test_barracuda_extended_uniflow_tpl256.dat", 0, DEC_OK },
	{ 3, "ipfix_test_barracuda_extended_uniflow_data256.dat", 2, DEC_OK },
	{ 4, "ipfix_test_ixia_tpldata256.dat", 1, DEC_OK },
	{ 5, "ipfix_test_ixia_tpldata271.dat", 2, DEC_OK },
	{ 6, "ipfix_test_juniper_mx240_junos151r6s3_opttpl512.dat", 0, DEC_OK },
	{ 6, "ipfix_test_juniper_mx240_junos151r6s3_data512.dat", 1, DEC_OK },
	{ 7, "ipfix_test_mikrotik_tpl.dat", 0, DEC_OK },
	{ 7, "ipfix_test_mikrotik_data258.dat", 28, DEC_OK },
	{ 7, "ipfix_test_mikrotik_data259.dat", 18, DEC_OK },
	{ 8, "ipfix_test_netscaler_tpl.dat", 0, DEC_OK },
	{ 8, "ipfix_test_netscaler_data.dat", 3, DEC_OK },
	{ 9, "ipfix_test_nokia_bras_tpl.dat", 0, DEC_OK },
	{ 9, "ipfix_test_nokia_bras_data256.dat", 1, DEC_OK },
	{ 10, "ipfix_test_procera_tpl52935.dat", 0, DEC_OK },
	{ 10, "ipfix_test_procera_data52935.dat", 8, DEC_OK },
	{ 11, "ipfix_test_viptela_tpl257.dat", 0, DEC_OK },
	{ 11, "ipfix_test_viptela_data257.dat", 1, DEC_OK },
	{ 12, "ipfix_test_vmware_vds_tpl.dat", 0, DEC_OK },
	{ 12, "ipfix_test_vmware_vds_data264.dat", 1, DEC_OK },
	{ 12, "ipfix_test_vmware_vds_data266.dat", 2, DEC_OK },
	{ 12, "ipfix_test_vmware_vds_data266_267.dat", 2, DEC_OK },
	{ 13, "ipfix_test_yaf_tpl45841.dat", 0, DEC_OK },
	{ 13, "ipfix_test_yaf_tpls_option_tpl.dat", 0, DEC_OK },
	{ 13, "ipfix_test_yaf_data45841.dat", 1, DEC_OK },
	{ 13, "ipfix_test_yaf_data45873.dat", 1, DEC_OK },
	{ 13, "ipfix_test_yaf_data53248.dat", 1, DEC_OK },
	/* three messages back to back: the first is read, the rest flagged */
	{ 14, "ipfix.dat", 7, DEC_OK },
	{ 15, "netflow5.dat", 2, DEC_OK },
	{ 15, "netflow5_test_juniper_mx80.dat", 29, DEC_OK },
	{ 15, "netflow5_test_microtik.dat", 30, DEC_OK },
	{ 15, "netflow5_test_invalid01.dat", 30, DEC_E_TRUNC },
	{ 15, "netflow5_test_invalid02.dat", 30, DEC_E_TRUNC },
	{ 16, "netflow9_test_softflowd_tpl_data.dat", 7, DEC_OK },
	{ 17, "netflow9_test_valid01.dat", 7, DEC_OK },
	{ 18, "netflow9_test_invalid01.dat", 3, DEC_OK },
};

/* Every IANA element a fixture template uses has a name in the table. */
static unsigned int fx_unknown;

static void
fx_tmpl_names(void *a, const struct msg *m, const struct tmpl *t,
    enum tmpl_event ev, size_t off)
{
	uint16_t i;

	for (i = 0; i < t->nfields; i++) {
		if (t->f[i].pen != 0 || (t->kind == TMPL_OPTIONS &&
		    m->version == 9 && i < t->scope))
			continue;
		if (ie_lookup(t->f[i].ie) == NULL) {
			print_message("template %u: element %u unnamed\n",
			    t->id, t->f[i].ie);
			fx_unknown++;
		}
	}
}

static void
test_fixture_element_names(void **state)
{
	struct tcache *tc = tcache_new();
	struct dec_ops ops;
	struct dec_err err;
	struct exporter e;
	struct msg m;
	uint8_t *b;
	size_t i, len, n = sizeof(fx_all) / sizeof(fx_all[0]);

	memset(&ops, 0, sizeof(ops));
	ops.tmpl = fx_tmpl_names;
	fx_unknown = 0;
	for (i = 0; i < n; i++) {
		fx_exporter(&e, fx_all[i].port);
		b = TEST_FIXTURE(fx_all[i].name, &len);
		memset(&m, 0, sizeof(m));
		m.exp = &e;
		decode_datagram(b, len, &m, tc, &ops, &err);
		free(b);
	}
	assert_int_equal(fx_unknown, 0);
	tcache_free(tc);
}

static void
test_all_fixtures(void **state)
{
	struct tcache *tc = tcache_new();
	struct exporter e;
	struct dec_err err;
	size_t i, n = sizeof(fx_all) / sizeof(fx_all[0]);

	for (i = 0; i < n; i++) {
		fx_exporter(&e, fx_all[i].port);
		if (fx_decode(fx_all[i].name, tc, &e, &err, NULL) !=
		    fx_all[i].st || cap.nrec != fx_all[i].nrec)
			fail_msg("%s: status %s, %u records (want %s, %u)",
			    fx_all[i].name, dec_status_str(err.status),
			    cap.nrec, dec_status_str(fx_all[i].st),
			    fx_all[i].nrec);
		/* no template was redefined: each vendor has its own key */
		assert_int_equal(dt_find_anom(&cap, DEC_E_REDEFINE), -1);
	}
	tcache_free(tc);
}

/*
 * ipfix.dat is softflowd's IPFIX: flowStart/EndSysUpTime plus an options
 * record with systemInitTimeMilliseconds (tshark: May 13, 2015
 * 11:20:13.506 UTC; first record uptimes 0 and 12.726 s).
 */
static void
test_softflowd_ipfix_times(void **state)
{
	struct tcache *tc = tcache_new();
	struct exporter e;
	struct dec_err err;
	const struct flow *f;
	char s[ADDR_STRLEN];

	fx_exporter(&e, 14);
	assert_int_equal(fx_decode("ipfix.dat", tc, &e, &err, NULL), DEC_OK);
	assert_int_equal(cap.nrec, 7);
	f = &cap.flow[1];		/* flow[0] is the options record */
	assert_string_equal(addr_fmt(&f->src, s, sizeof(s)), "192.168.253.1");
	assert_int_equal(f->sport, 60560);
	assert_int_equal(f->dport, 22);
	assert_int_equal(f->packets, 5);
	assert_int_equal(f->octets, 260);
	assert_int_equal(f->first_uptime, 0);
	assert_int_equal(f->last_uptime, 12726);
	assert_true(f->start_ms == 1431516013506LL);
	assert_true(f->end_ms == 1431516013506LL + 12726);
	assert_true(tcache_sysinit(tc, &e, 0) == 1431516013506LL);
	tcache_free(tc);
}

/* Known defects in real exports, found with their offsets. */
static void
test_fixture_anomalies(void **state)
{
	struct tcache *tc = tcache_new();
	struct exporter e;
	struct dec_err err;
	int k;

	fx_exporter(&e, 7);
	fx_decode("ipfix_test_mikrotik_tpl.dat", tc, &e, &err, NULL);
	fx_decode("ipfix_test_mikrotik_data259.dat", tc, &e, &err, NULL);
	/* two non-zero octets (6b ab, tshark shows them too) after 18 recs */
	k = dt_find_anom(&cap, DEC_E_PADDING);
	assert_true(k >= 0);
	assert_int_equal(cap.anom[k].off, 1442);
	assert_int_equal(cap.anom[k].observed, 2);
	assert_int_equal(cap.set[0].padding, 2);

	fx_exporter(&e, 14);
	fx_decode("ipfix.dat", tc, &e, &err, NULL);
	k = dt_find_anom(&cap, DEC_E_MSGLEN);
	assert_true(k >= 0);
	assert_int_equal(cap.anom[k].off, 2);
	assert_int_equal(cap.anom[k].observed, 484);
	assert_int_equal(cap.anom[k].expected, 788);

	fx_exporter(&e, 8);
	fx_decode("ipfix_test_netscaler_tpl.dat", tc, &e, &err, NULL);
	fx_decode("ipfix_test_netscaler_data.dat", tc, &e, &err, NULL);
	k = dt_find_anom(&cap, DEC_E_NOTMPL);
	assert_true(k >= 0);
	assert_int_equal(cap.anom[k].off, 302);
	assert_int_equal(cap.anom[k].set_id, 280);
	tcache_free(tc);
}

/*
 * A prefix that is itself a whole datagram: an IPFIX message of the
 * length it declares, a v5 header with the records it counts, or v9
 * FlowSets ending exactly at the cut (the decoder then checked the count).
 */
static int
fx_complete(const uint8_t *p, size_t len)
{
	size_t off;

	switch (decode_version(p, len)) {
	case 10:
		return len >= 4 && be16(p + 2) == len;
	case 5:
		return len >= 4 && 24 + 48 * (size_t)be16(p + 2) == len;
	case 9:
		for (off = 20; off + 4 <= len && be16(p + off + 2) >= 4;
		    off += be16(p + off + 2))
			;
		return off == len;
	}
	return 0;
}

/* Each fixture cut at every length: a clean error, never an over-read. */
static void
test_fixtures_truncated(void **state)
{
	struct tcache *tc = tcache_new();
	struct exporter e;
	struct dec_ops ops;
	struct dec_err err;
	struct msg m;
	uint8_t *b, *c;
	size_t i, len, cut, n = sizeof(fx_all) / sizeof(fx_all[0]);
	enum dec_status st;

	for (i = 0; i < n; i++) {
		fx_exporter(&e, fx_all[i].port);
		b = TEST_FIXTURE(fx_all[i].name, &len);
		for (cut = 0; cut < len; cut++) {
			c = dt_copy(b, cut);
			dt_init(&cap, &ops);
			memset(&m, 0, sizeof(m));
			m.exp = &e;
			st = decode_datagram(c, cut, &m, tc, &ops, &err);
			if (st == DEC_OK && cap.nanom == 0 &&
			    !fx_complete(c, cut))
				fail_msg("%s cut at %zu: no error",
				    fx_all[i].name, cut);
			if (st != DEC_OK)
				assert_true(err.off <= cut);
			free(c);
		}
		/* then whole, so later data files find their templates */
		dt_init(&cap, &ops);
		memset(&m, 0, sizeof(m));
		m.exp = &e;
		decode_datagram(b, len, &m, tc, &ops, &err);
		free(b);
	}
	tcache_free(tc);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pflow_pair_values),
		cmocka_unit_test(test_pflow_pair_reencode),
		cmocka_unit_test(test_pflow_family),
		cmocka_unit_test(test_v5_values),
		cmocka_unit_test(test_v5_invalid),
		cmocka_unit_test(test_v9_invalid),
		cmocka_unit_test(test_v9_softflowd),
		cmocka_unit_test(test_all_fixtures),
		cmocka_unit_test(test_fixture_element_names),
		cmocka_unit_test(test_softflowd_ipfix_times),
		cmocka_unit_test(test_fixture_anomalies),
		cmocka_unit_test(test_fixtures_truncated),
	};

	return TEST_RUN_FIXTURE_GROUP("fixtures", tests);
}
