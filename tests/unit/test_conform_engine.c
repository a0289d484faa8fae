/*
 * test_conform_engine.c: the engine's plumbing: every decoder callback
 * reaches the caller's ops, a NULL caller or emitter is fine, streams
 * are kept apart by exporter and domain through the hash table's
 * growth, and conform_foreach reports them in first-seen order.
 */
#include "conform_test.h"

struct counts {
	int header, tmpl, rec, set, anomaly;
};

static void
c_header(void *a, const struct msg *m)
{
	((struct counts *)a)->header++;
}

static void
c_tmpl(void *a, const struct msg *m, const struct tmpl *t,
    enum tmpl_event ev, size_t off)
{
	((struct counts *)a)->tmpl++;
}

static void
c_rec(void *a, const struct msg *m, const struct rec *r)
{
	((struct counts *)a)->rec++;
}

static void
c_set(void *a, const struct msg *m, const struct set_info *si)
{
	((struct counts *)a)->set++;
}

static void
c_anomaly(void *a, const struct msg *m, const struct dec_err *e)
{
	((struct counts *)a)->anomaly++;
}

static void
test_engine_forwards_callbacks(void **state)
{
	struct tctx *t = tctx_new(NULL, 0);
	struct counts n;
	struct dec_ops ops = { &n, c_header, c_tmpl, c_rec, c_set, c_anomaly };
	struct prec p = prec_ok();
	struct bld b;
	struct msg m;

	memset(&n, 0, sizeof(n));
	ipfix_tmpl_msg(&b, PFLOW_F_OBSD_78, T_NOW, 0, 42);
	memset(&m, 0, sizeof(m));
	m.exp = &t->exp;
	conform_datagram(t->c, b.b, b.n, &m, t->tc, &ops);
	ipfix_data_msg(&b, PFLOW_F_OBSD_78, PFLOW_L_OBSD_V4, T_NOW, 0, 42,
	    &p, 3);
	b.b[b.n++] = 0;		/* datagram 1 octet longer than Length */
	memset(&m, 0, sizeof(m));
	m.exp = &t->exp;
	m.index = 1;
	conform_datagram(t->c, b.b, b.n, &m, t->tc, &ops);
	assert_int_equal(n.header, 2);
	assert_int_equal(n.tmpl, 2);
	assert_int_equal(n.rec, 3);
	assert_int_equal(n.set, 2);
	assert_int_equal(n.anomaly, 1);		/* Length != datagram */
	expect_one(t, "IPFIX-MSGLEN", 1, 2, NULL, NULL);
	tctx_free(t);
}

static void
test_engine_null_user_and_emit(void **state)
{
	struct conform_opts o;
	struct conform *c;
	struct tcache *tc = tcache_new();
	struct exporter e;
	struct v5rec r = v5rec_ok();
	struct bld b;
	struct msg m;

	memset(&o, 0, sizeof(o));
	memset(&e, 0, sizeof(e));
	c = conform_new(&o);
	assert_non_null(c);
	v5_msg(&b, 0, 1, &r, 31);		/* findings with nobody to tell */
	memset(&m, 0, sizeof(m));
	m.exp = &e;
	assert_int_equal(conform_datagram(c, b.b, b.n, &m, tc, NULL), DEC_OK);
	memset(&m, 0, sizeof(m));		/* no exporter at all */
	assert_int_equal(conform_datagram(c, b.b, 3, &m, tc, NULL),
	    DEC_E_TRUNC);
	conform_finish(c);
	conform_free(c);
	conform_free(NULL);
	tcache_free(tc);
}

struct col {
	int n;
	int bad;
	uint64_t dgrams;
};

static void
col_cb(void *arg, const struct conform_stats *s)
{
	struct col *c = arg;

	/* first-seen order: exporter port 1000 + i, domain i % 3 */
	if (s->exp.port != 1000 + c->n || s->domain != (uint32_t)c->n % 3 ||
	    s->datagrams != 3 || s->records != 2 || s->lost != 0)
		c->bad++;
	c->dgrams += s->datagrams;
	c->n++;
}

static void
test_engine_many_streams(void **state)
{
	struct tctx *t = tctx_new(NULL, 1);
	struct prec p = prec_ok();
	struct col col = { 0, 0, 0 };
	struct bld b;
	int i, round;

	for (round = 0; round < 2; round++)
		for (i = 0; i < 700; i++) {
			t->exp.port = (uint16_t)(1000 + i);
			if (round == 0) {
				ipfix_tmpl_msg(&b, PFLOW_F_OBSD_78, T_NOW,
				    (uint32_t)i * 7, (uint32_t)i % 3);
				feed(t, &b);
				ipfix_data_msg(&b, PFLOW_F_OBSD_78,
				    PFLOW_L_OBSD_V4, T_NOW, (uint32_t)i * 7,
				    (uint32_t)i % 3, &p, 1);
			} else
				ipfix_data_msg(&b, PFLOW_F_OBSD_78,
				    PFLOW_L_OBSD_V4, T_NOW,
				    (uint32_t)i * 7 + 1, (uint32_t)i % 3, &p,
				    1);
			feed(t, &b);
		}
	expect_none(t);
	conform_foreach(t->c, col_cb, &col);
	assert_int_equal(col.n, 700);
	assert_int_equal(col.bad, 0);
	/* one more datagram out of order in stream 500 is caught there */
	t->exp.port = 1500;
	ipfix_data_msg(&b, PFLOW_F_OBSD_78, PFLOW_L_OBSD_V4, T_NOW, 5000,
	    500 % 3, &p, 1);
	feed(t, &b);
	expect_one(t, "IPFIX-SEQ", 2100, 8, "3502", "5000");
	assert_int_equal(t->f[0].exp.port, 1500);
	assert_int_equal(t->f[0].domain, 500 % 3);
	tctx_free(t);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_engine_forwards_callbacks),
		cmocka_unit_test(test_engine_null_user_and_emit),
		cmocka_unit_test(test_engine_many_streams),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
