/*
 * test_pflow.c: the pflow exporter model against if_pflow.c facts and a
 * real OpenBSD template datagram.
 */
#include "testutil.h"

#include <sys/socket.h>

#include "cursor.h"
#include "pflow.h"
#include "profile.h"

#define MAXDG	64

static struct {
	int		 kind;
	int64_t		 ts;
	size_t		 len;
	uint8_t		 b[PFLOW_BUFSZ];
} dg[MAXDG];
static int ndg;

static void
cap(void *arg, int ifidx, enum pflow_dgkind k, uint8_t *b, size_t len)
{
	struct pflow_env *e = arg;

	assert_true(ndg < MAXDG);
	dg[ndg].kind = (int)k;
	dg[ndg].ts = e->now_us;
	dg[ndg].len = len;
	memcpy(dg[ndg].b, b, len);
	ndg++;
}

/* boot at 2026-01-01 00:00:00 minus 3600 s; "now" 2026-01-01 00:00:00 */
#define BOOT	((1767225600LL - 3600) * 1000000)
#define T0	(1767225600LL * 1000000)

static void
env_init(struct pflow_env *e)
{
	memset(e, 0, sizeof(*e));
	e->boot_us = BOOT;
	e->now_us = T0;
	e->send = cap;
	e->arg = e;
	e->fault_rec = -1;
	ndg = 0;
}

static const uint8_t c4[4] = { 198, 18, 1, 2 };
static const uint8_t s4[4] = { 198, 18, 2, 2 };

/* an inbound IPv4 TCP state C:40000 -> S:80 created at uptime 3600 */
static void
mkstate(struct pf_state *st, uint16_t sport, uint64_t b0, uint64_t b1)
{
	memset(st, 0, sizeof(*st));
	state_key_make(&st->kn[0].key, PF_IN, AF_INET, 6, c4, sport, s4, 80);
	st->kn[1].key = st->kn[0].key;
	st->direction = PF_IN;
	st->creation = 3600;
	st->expire = 3610;
	st->packets[0] = 6;
	st->packets[1] = 7;
	st->bytes[0] = b0;
	st->bytes[1] = b1;
	st->if_index_in = 1;
	st->if_index_out = 1;
	st->pflow = 1;
}

/*
 * The simulator's first template message equals the one an OpenBSD
 * pflow(4) sent (logstash-codec-netflow corpus, 2016): 124 octets,
 * sequence 0 (nothing sent yet), domain 42.  Only the export time is the
 * sender's clock, so the test writes the sender's value in.
 */
static void
test_pflow_template_matches_real_openbsd(void **state)
{
	struct pflow_sc sc;
	uint8_t buf[256];
	uint8_t *real;
	size_t rlen, n;
	char err[128];

	real = TEST_FIXTURE("ipfix_test_openbsd_pflow_tpl.dat", &rlen);
	assert_int_equal(pflow_init(&sc, 0, 10, profile_get("openbsd-7.8"),
	    1500, err, sizeof(err)), 0);
	n = pflow_tmpl_msg(&sc, buf, sizeof(buf), be32(real + 4), 0);
	assert_int_equal(n, 124);
	assert_int_equal(rlen, n);
	assert_memory_equal(buf, real, n);
	free(real);
}

/* -current: 192 octets, set 176, templates 256, 257 (NAT, 16), 258 */
static void
test_pflow_template_current(void **state)
{
	struct pflow_sc sc;
	uint8_t buf[256];
	size_t n;
	char err[128];

	assert_int_equal(pflow_init(&sc, 0, 10,
	    profile_get("openbsd-current"), 1500, err, sizeof(err)), 0);
	n = pflow_tmpl_msg(&sc, buf, sizeof(buf), 0, 0);
	assert_int_equal(n, 192);
	assert_int_equal(be16(buf + 18), 176);
	assert_int_equal(be16(buf + 20), 256);
	assert_int_equal(be16(buf + 20 + 52), 257);
	assert_int_equal(be16(buf + 20 + 52 + 2), 16);
	assert_int_equal(be16(buf + 20 + 52 + 4 + 8 * 4), 225);
	assert_int_equal(be16(buf + 20 + 52 + 68), 258);
	/* limits: 1456 / 66 = 22 for v4 and NAT, 1456 / 78 = 18 */
	assert_int_equal(sc.maxcount4, 22);
	assert_int_equal(sc.maxcount6, 18);
	assert_int_equal(sc.mtu, 1448);
}

/* MTU arithmetic: v5 30 records and mtu 1492; IPFIX 26/18 and 1448 */
static void
test_pflow_mtu(void **state)
{
	struct pflow_sc sc;
	char err[128];

	assert_int_equal(pflow_init(&sc, 0, 5, profile_get("openbsd-7.8"),
	    1500, err, sizeof(err)), 0);
	assert_int_equal(sc.maxcount, 30);
	assert_int_equal(sc.mtu, 1492);
	assert_int_equal(pflow_init(&sc, 0, 10, profile_get("openbsd-7.8"),
	    1500, err, sizeof(err)), 0);
	assert_int_equal(sc.maxcount4, 26);
	assert_int_equal(sc.maxcount6, 18);
	assert_int_equal(sc.mtu, 1448);
	/* 2048: v4 capped at 30, v6 (2048 - 44) / 78 = 25 */
	assert_int_equal(pflow_init(&sc, 0, 10, profile_get("openbsd-7.8"),
	    9000, err, sizeof(err)), 0);
	assert_int_equal(sc.maxcount4, 30);
	assert_int_equal(sc.maxcount6, 25);
	assert_int_equal(pflow_init(&sc, 0, 5, profile_get("openbsd-7.8"),
	    71, err, sizeof(err)), -1);
	assert_int_equal(pflow_init(&sc, 0, 9, profile_get("openbsd-7.8"),
	    1500, err, sizeof(err)), -1);
}

/*
 * v5: flow_sequence is sc_gcounter when the buffer starts; 30 records
 * fill it and it goes at once; the next buffer starts at 30.  Each state
 * gives 2 records, so 15 states fill one datagram of 24 + 30 * 48 octets.
 */
static void
test_pflow_v5_fill_and_sequence(void **state)
{
	struct pflow_env e;
	struct pflow_sc sc;
	struct pf_state st;
	char err[128];
	int i;

	env_init(&e);
	assert_int_equal(pflow_init(&sc, 0, 5, profile_get("openbsd-7.8"),
	    1500, err, sizeof(err)), 0);
	pflow_up(&e, &sc);
	assert_int_equal(ndg, 0);		/* no template in v5 */
	for (i = 0; i < 16; i++) {
		mkstate(&st, (uint16_t)(40000 + i), 644, 4588);
		pflow_export(&e, &sc, 1, &st);
	}
	assert_int_equal(ndg, 1);
	assert_int_equal(dg[0].len, 24 + 30 * 48);
	assert_int_equal(be16(dg[0].b), 5);
	assert_int_equal(be16(dg[0].b + 2), 30);
	assert_int_equal(be32(dg[0].b + 4), 3600 * 1000);	/* uptime */
	assert_int_equal(be32(dg[0].b + 8), 1767225600);
	assert_int_equal(be32(dg[0].b + 12), 0);
	assert_int_equal(be32(dg[0].b + 16), 0);
	assert_int_equal(dg[0].b[20], 42);
	assert_int_equal(dg[0].b[21], 42);
	/* record 1 of state 0: C -> S, fwd counters, First/Last */
	assert_memory_equal(dg[0].b + 24, c4, 4);
	assert_int_equal(be16(dg[0].b + 24 + 12), 1);
	assert_int_equal(be32(dg[0].b + 24 + 16), 6);
	assert_int_equal(be32(dg[0].b + 24 + 20), 644);
	assert_int_equal(be32(dg[0].b + 24 + 24), 3600000);
	assert_int_equal(be32(dg[0].b + 24 + 28), 3610000);
	assert_int_equal(be16(dg[0].b + 24 + 32), 40000);
	assert_int_equal(dg[0].b[24 + 38], 6);
	/* record 2: mirrored */
	assert_memory_equal(dg[0].b + 72, s4, 4);
	assert_int_equal(be32(dg[0].b + 72 + 16), 7);
	assert_int_equal(be16(dg[0].b + 72 + 34), 40000);
	/* the 16th state's records wait in a buffer started at 30 */
	assert_true(pflow_pending(&sc));
	e.now_us += 30 * 1000000LL;
	assert_int_equal(pflow_next_timer(&sc), e.now_us);
	pflow_run_timers(&e, &sc);
	assert_int_equal(ndg, 2);
	assert_int_equal(be16(dg[1].b + 2), 2);
	assert_int_equal(be32(dg[1].b + 16), 30);
	assert_int_equal(be32(dg[1].b + 4), 3630 * 1000);
}

/*
 * v5 over 4 GiB (export_pflow_if): fwd = 2 * 0xffffffff + 10, rev = 5:
 * two forward-only chunks of 0xffffffff, then the remainders 10 and 5:
 * 4 records, each repeating its direction's full packet count.
 */
static void
test_pflow_v5_split_over_4gib(void **state)
{
	struct pflow_env e;
	struct pflow_sc sc;
	struct pf_state st;
	char err[128];
	const uint8_t *r;

	env_init(&e);
	assert_int_equal(pflow_init(&sc, 0, 5, profile_get("openbsd-7.8"),
	    1500, err, sizeof(err)), 0);
	pflow_up(&e, &sc);
	mkstate(&st, 40000, 2 * 0xffffffffULL + 10, 5);
	st.packets[0] = 0x100000005ULL;		/* truncated to 5 */
	pflow_export(&e, &sc, 1, &st);
	pflow_flush(&e, &sc);
	assert_int_equal(ndg, 1);
	assert_int_equal(be16(dg[0].b + 2), 4);
	r = dg[0].b + 24;
	assert_int_equal(be32(r + 20), 0xffffffffu);
	assert_int_equal(be32(r + 16), 5);
	assert_memory_equal(r, c4, 4);
	r += 48;
	assert_int_equal(be32(r + 20), 0xffffffffu);
	assert_memory_equal(r, c4, 4);
	r += 48;
	assert_int_equal(be32(r + 20), 10);
	assert_int_equal(be32(r + 16), 5);
	r += 48;
	assert_int_equal(be32(r + 20), 5);
	assert_int_equal(be32(r + 16), 7);
	assert_memory_equal(r, s4, 4);
	/* exactly 0xffffffff is not split, just sent */
	ndg = 0;
	mkstate(&st, 40001, 0xffffffffULL, 0);
	pflow_export(&e, &sc, 1, &st);
	pflow_flush(&e, &sc);
	assert_int_equal(be16(dg[0].b + 2), 1);
}

/* v5 never carries IPv6; IPFIX puts it in the v6 buffer (set 257) */
static void
test_pflow_ipv6(void **state)
{
	struct pflow_env e;
	struct pflow_sc sc[2];
	struct pf_state st;
	uint8_t a6[16] = { 0x20, 0x01, 0x0d, 0xb8 }, b6[16] = { 0x20, 0x01,
	    0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1 };
	char err[128];

	env_init(&e);
	assert_int_equal(pflow_init(&sc[0], 0, 5, profile_get("openbsd-7.8"),
	    1500, err, sizeof(err)), 0);
	assert_int_equal(pflow_init(&sc[1], 1, 10,
	    profile_get("openbsd-7.8"), 1500, err, sizeof(err)), 0);
	pflow_up(&e, &sc[0]);
	pflow_up(&e, &sc[1]);
	ndg = 0;
	mkstate(&st, 40000, 100, 200);
	state_key_make(&st.kn[0].key, PF_IN, AF_INET6, 17, a6, 5000, b6, 53);
	st.kn[1].key = st.kn[0].key;
	pflow_export(&e, sc, 2, &st);
	assert_false(pflow_pending(&sc[0]));
	assert_int_equal(sc[0].records, 0);
	assert_int_equal(sc[1].records, 2);
	pflow_flush(&e, &sc[1]);
	assert_int_equal(ndg, 1);
	assert_int_equal(dg[0].len, 16 + 4 + 2 * 78);
	assert_int_equal(be16(dg[0].b + 16), 257);
	assert_memory_equal(dg[0].b + 20, a6, 16);
	assert_int_equal(be16(dg[0].b + 20 + 72), 5000);
	assert_int_equal(dg[0].b[20 + 77], 17);
}

/*
 * IPFIX: the template goes out when the interface comes up and every
 * 30 s; 26 IPv4 records fill a message (16 + 4 + 26 * 54 = 1424) that
 * goes at once with sequence 0; the next data message says 26; the
 * template after it repeats the sequence without advancing it.  A state
 * with no reply bytes gives one record only.  Timestamps are whole
 * seconds: start = (now - (uptime - creation)) * 1000.
 */
static void
test_pflow_ipfix_fill_template_and_timers(void **state)
{
	struct pflow_env e;
	struct pflow_sc sc;
	struct pf_state st;
	char err[128];
	const uint8_t *r;
	int i;

	env_init(&e);
	assert_int_equal(pflow_init(&sc, 0, 10, profile_get("openbsd-7.8"),
	    1500, err, sizeof(err)), 0);
	pflow_up(&e, &sc);
	assert_int_equal(ndg, 1);
	assert_int_equal(dg[0].len, 124);
	assert_int_equal(pflow_next_timer(&sc), T0 + 30000000);
	for (i = 0; i < 13; i++) {
		mkstate(&st, (uint16_t)(40000 + i), 644, 4588);
		pflow_export(&e, &sc, 1, &st);
	}
	assert_int_equal(ndg, 2);
	assert_int_equal(dg[1].len, 1424);
	assert_int_equal(be16(dg[1].b + 2), 1424);
	assert_int_equal(be32(dg[1].b + 4), 1767225600);
	assert_int_equal(be32(dg[1].b + 8), 0);
	assert_int_equal(be32(dg[1].b + 12), 42);
	assert_int_equal(be16(dg[1].b + 16), 256);
	assert_int_equal(be16(dg[1].b + 18), 1408);
	r = dg[1].b + 20;
	assert_memory_equal(r, c4, 4);
	assert_int_equal(be32(r + 8), 1);
	assert_true(be64(r + 16) == 6);
	assert_true(be64(r + 24) == 644);
	/* creation 3600 = now: start = now; expire 3610 = now + 10 s */
	assert_true(be64(r + 32) == 1767225600000ULL);
	assert_true(be64(r + 40) == 1767225610000ULL);
	assert_int_equal(be16(r + 48), 40000);
	assert_int_equal(r[53], 6);
	/* one-way state: one record, arms the flush timer at T0 + 5 s */
	e.now_us = T0 + 5000000;
	mkstate(&st, 41000, 44, 0);
	pflow_export(&e, &sc, 1, &st);
	assert_int_equal(sc.b4.count, 1);
	/* the template timer (T0 + 30) comes first, then the data (T0 + 35) */
	e.now_us = pflow_next_timer(&sc);
	assert_int_equal(e.now_us, T0 + 30000000);
	pflow_run_timers(&e, &sc);
	assert_int_equal(ndg, 3);
	assert_int_equal(dg[2].len, 124);
	assert_int_equal(be32(dg[2].b + 8), 26);
	e.now_us = pflow_next_timer(&sc);
	assert_int_equal(e.now_us, T0 + 35000000);
	pflow_run_timers(&e, &sc);
	assert_int_equal(ndg, 4);
	assert_int_equal(dg[3].len, 16 + 4 + 54);
	assert_int_equal(be32(dg[3].b + 8), 26);
	assert_int_equal(pflow_next_timer(&sc), T0 + 60000000);
	/* restart: counters back to 0, a template at once */
	pflow_restart(&e, &sc);
	assert_int_equal(ndg, 5);
	assert_int_equal(be32(dg[4].b + 8), 0);
}

/*
 * -current NAT: an outbound nat-to state (stack C:40000 -> S:80, wire
 * X:50001 -> S:80) goes to template 257 with the pre-NAT addresses in
 * the plain fields and the post-NAT ones in 225-228; record 2 mirrors.
 */
static void
test_pflow_current_nat_record(void **state)
{
	struct pflow_env e;
	struct pflow_sc sc;
	struct pf_state st;
	const uint8_t x4[4] = { 198, 18, 2, 1 };
	const uint8_t *r;
	char err[128];

	env_init(&e);
	assert_int_equal(pflow_init(&sc, 0, 10,
	    profile_get("openbsd-current"), 1500, err, sizeof(err)), 0);
	pflow_up(&e, &sc);
	ndg = 0;
	mkstate(&st, 40000, 644, 4588);
	st.direction = PF_OUT;
	state_key_make(&st.kn[PF_SK_STACK].key, PF_OUT, AF_INET, 6, c4, 40000,
	    s4, 80);
	state_key_make(&st.kn[PF_SK_WIRE].key, PF_OUT, AF_INET, 6, x4, 50001,
	    s4, 80);
	st.translated = 1;
	st.if_index_in = st.if_index_out = 2;
	pflow_export(&e, &sc, 1, &st);
	pflow_flush(&e, &sc);
	assert_int_equal(ndg, 1);
	assert_int_equal(dg[0].len, 16 + 4 + 2 * 66);
	assert_int_equal(be16(dg[0].b + 16), 257);
	r = dg[0].b + 20;
	assert_memory_equal(r, c4, 4);
	assert_memory_equal(r + 4, s4, 4);
	assert_memory_equal(r + 48, x4, 4);
	assert_memory_equal(r + 52, s4, 4);
	assert_int_equal(be16(r + 56), 50001);
	assert_int_equal(be16(r + 58), 80);
	assert_int_equal(be16(r + 60), 40000);
	assert_int_equal(be16(r + 62), 80);
	r += 66;
	assert_memory_equal(r, s4, 4);
	assert_memory_equal(r + 52, x4, 4);
	assert_int_equal(be16(r + 58), 50001);
	/* the same state under 7.8 is a plain 256 record, pre-NAT */
	env_init(&e);
	assert_int_equal(pflow_init(&sc, 0, 10, profile_get("openbsd-7.8"),
	    1500, err, sizeof(err)), 0);
	pflow_up(&e, &sc);
	ndg = 0;
	pflow_export(&e, &sc, 1, &st);
	pflow_flush(&e, &sc);
	assert_int_equal(be16(dg[0].b + 16), 256);
	assert_memory_equal(dg[0].b + 20, c4, 4);
}

/* the counter fault changes exactly the record it names */
static void
test_pflow_counter_fault(void **state)
{
	struct pflow_env e;
	struct pflow_sc sc;
	struct pf_state st;
	char err[128];

	env_init(&e);
	e.fault_rec = 1;
	e.fault_delta = 1;
	assert_int_equal(pflow_init(&sc, 0, 10, profile_get("openbsd-7.8"),
	    1500, err, sizeof(err)), 0);
	pflow_up(&e, &sc);
	ndg = 0;
	mkstate(&st, 40000, 644, 4588);
	pflow_export(&e, &sc, 1, &st);
	pflow_flush(&e, &sc);
	assert_true(be64(dg[0].b + 20 + 24) == 644);
	assert_true(be64(dg[0].b + 20 + 54 + 24) == 4589);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pflow_template_matches_real_openbsd),
		cmocka_unit_test(test_pflow_template_current),
		cmocka_unit_test(test_pflow_mtu),
		cmocka_unit_test(test_pflow_v5_fill_and_sequence),
		cmocka_unit_test(test_pflow_v5_split_over_4gib),
		cmocka_unit_test(test_pflow_ipv6),
		cmocka_unit_test(test_pflow_ipfix_fill_template_and_timers),
		cmocka_unit_test(test_pflow_current_nat_record),
		cmocka_unit_test(test_pflow_counter_fault),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
