/*
 * test_verify.c: the ground-truth join on hand-made ledgers and records.
 * A "perfect exporter" turns the ledger into the records pflow would send
 * (computed here by hand, not by the verifier); each test then plants the
 * defect one ACCT-/EXPECT- rule exists to catch and checks that exactly
 * that rule fires.
 */
#include "testutil.h"

#include <sys/socket.h>

#include "profile.h"
#include "verify.h"

#define T0	1767225600000000LL	/* 2026-01-01T00:00:00Z in us */

static struct ledger_ent led[16];
static size_t nled;
static struct vobs obs[64];
static size_t nobs;
static struct gw_conf gw;

static void
ip4(struct addr *a, int x, int y)
{
	uint8_t b[4] = { 198, 18, (uint8_t)x, (uint8_t)y };

	addr_set4(a, b);
}

static void
add_led(uint32_t s, int rev, uint8_t proto, int sx, uint16_t sp, int dx,
    uint16_t dp, uint64_t pk, uint64_t oc, int64_t f_us, int64_t l_us,
    const char *end)
{
	struct ledger_ent *l = &led[nled++];

	memset(l, 0, sizeof(*l));
	l->session = s;
	l->line = 10 + s;
	l->rev = rev;
	l->proto = proto;
	ip4(&l->src, sx >> 8, sx & 0xff);
	ip4(&l->dst, dx >> 8, dx & 0xff);
	l->sport = sp;
	l->dport = dp;
	l->packets = pk;
	l->octets = oc;
	l->first_us = T0 + f_us;
	l->last_us = T0 + l_us;
	snprintf(l->end, sizeof(l->end), "%s", end);
	snprintf(l->from, sizeof(l->from), "client");
}

/* one observed IPFIX record, as pflow would export it */
static struct vobs *
add_obs(int sx, uint16_t sp, int dx, uint16_t dp, uint8_t proto,
    uint64_t pk, uint64_t oc, int64_t start_s, int64_t end_s, uint32_t in,
    uint32_t out, int64_t arrival_s, uint64_t dgram)
{
	struct vobs *o = &obs[nobs++];

	memset(o, 0, sizeof(*o));
	ip4(&o->f.src, sx >> 8, sx & 0xff);
	ip4(&o->f.dst, dx >> 8, dx & 0xff);
	o->f.sport = sp;
	o->f.dport = dp;
	o->f.proto = proto;
	o->f.packets = pk;
	o->f.octets = oc;
	o->f.start_ms = (T0 / 1000000 + start_s) * 1000;
	o->f.end_ms = (T0 / 1000000 + end_s) * 1000;
	o->f.in_if = in;
	o->f.out_if = out;
	o->f.has = FLOW_HAS_START | FLOW_HAS_END | FLOW_HAS_IFACES |
	    FLOW_HAS_PORTS;
	o->f.version = 10;
	o->f.dgram = dgram;
	o->f.arrival_us = T0 + arrival_s * 1000000;
	return o;
}

/*
 * Session 1: TCP 198.18.1.2:40000 > 198.18.2.2:80, fwd 8 packets 4520
 * octets from 0.2 s to 1.7 s, rev 7 packets 7900 from 0.3 s to 1.8 s,
 * closed by FIN: one in-state (pflow on the in rule) on if 1: records
 * in=1 out=1 both ways, start floor(0.2)=0, end floor(1.8)=1; tcp.closed
 * 90 s -> export 91..131 s after the end; here at 100 s.
 * Session 2: UDP 198.18.1.3:5353 > 198.18.2.2:53 one way, 1 packet of
 * 61 octets at 5.5 s: one record in=1 out=0, udp.first 60 s -> at 70 s.
 */
static void
setup_basic(void)
{
	nled = nobs = 0;
	gw_conf_defaults(&gw, profile_get("openbsd-7.8"));
	add_led(1, 0, 6, 0x0102, 40000, 0x0202, 80, 8, 4520, 200000,
	    1700000, "fin");
	add_led(1, 1, 6, 0x0202, 80, 0x0102, 40000, 7, 7900, 300000, 1800000,
	    "fin");
	add_led(2, 0, 17, 0x0103, 5353, 0x0202, 53, 1, 61, 5500000, 5500000,
	    "oneway");
	add_obs(0x0102, 40000, 0x0202, 80, 6, 8, 4520, 0, 1, 1, 1, 100, 1);
	add_obs(0x0202, 80, 0x0102, 40000, 6, 7, 7900, 0, 1, 1, 1, 100, 1);
	add_obs(0x0103, 5353, 0x0202, 53, 17, 1, 61, 5, 5, 1, 0, 70, 2);
}

static int
errors_other_than(const struct verify *v, const char *rule)
{
	size_t i;
	int n = 0;

	for (i = 0; i < v->nfnd; i++)
		if (v->fnd[i].severity == SEV_ERROR &&
		    (rule == NULL || strcmp(v->fnd[i].rule, rule) != 0))
			n++;
	return n;
}

static void
run(struct verify *v)
{
	verify_init(v, &gw, led, nled, obs, nobs);
	assert_int_equal(verify_run(v), 0);
}

static void
test_verify_perfect_export_passes(void **state)
{
	struct verify v;

	setup_basic();
	run(&v);
	assert_int_equal(errors_other_than(&v, NULL), 0);
	assert_true(v.pass);
	assert_int_equal(v.tot.exp_records, 3);
	assert_int_equal(v.tot.matched, 3);
	assert_true(v.tot.exp_octets == 4520 + 7900 + 61);
	verify_free(&v);
}

static void
test_verify_wrong_octets(void **state)
{
	struct verify v;

	setup_basic();
	obs[1].f.octets = 7901;
	run(&v);
	assert_int_equal(verify_count(&v, "ACCT-OCTETS"), 1);
	assert_int_equal(errors_other_than(&v, "ACCT-OCTETS"), 0);
	assert_false(v.pass);
	assert_string_equal(v.fnd[0].expected, "7900");
	assert_string_equal(v.fnd[0].observed, "7901");
	/* the totals summary notices too, as a warning */
	assert_int_equal(verify_count(&v, "ACCT-TOTALS"), 1);
	verify_free(&v);
}

static void
test_verify_wrong_packets_start_end_iface(void **state)
{
	struct verify v;

	setup_basic();
	obs[0].f.packets = 9;
	obs[1].f.start_ms += 1000;
	obs[2].f.end_ms += 2000;
	obs[2].f.out_if = 2;
	run(&v);
	assert_int_equal(verify_count(&v, "ACCT-PACKETS"), 1);
	assert_int_equal(verify_count(&v, "ACCT-START"), 1);
	assert_int_equal(verify_count(&v, "ACCT-END"), 1);
	assert_int_equal(verify_count(&v, "ACCT-IFACE"), 1);
	assert_int_equal(errors_other_than(&v, NULL), 4);
	verify_free(&v);
}

static void
test_verify_tos_is_the_rules(void **state)
{
	struct verify v;

	setup_basic();
	gw.rule_tos = 0x10;
	obs[0].f.has |= FLOW_HAS_TOS;
	obs[0].f.tos = 0x10;		/* right: the rule's value */
	obs[1].f.has |= FLOW_HAS_TOS;
	obs[1].f.tos = 0;		/* wrong: pflow sends the rule's */
	run(&v);
	assert_int_equal(verify_count(&v, "ACCT-TOS"), 1);
	assert_int_equal(errors_other_than(&v, "ACCT-TOS"), 0);
	verify_free(&v);
}

static void
test_verify_latency_bounds(void **state)
{
	struct verify v;

	setup_basic();
	/* TCP exported 10 s after its end: before tcp.closed ran out */
	obs[0].f.arrival_us = T0 + 11 * 1000000LL;
	obs[1].f.arrival_us = T0 + 11 * 1000000LL;
	/* UDP a day late */
	obs[2].f.arrival_us = T0 + 86400 * 1000000LL;
	run(&v);
	assert_int_equal(verify_count(&v, "ACCT-LATENCY"), 3);
	assert_int_equal(errors_other_than(&v, "ACCT-LATENCY"), 0);
	verify_free(&v);
}

static void
test_verify_missing_unexpected_duplicate(void **state)
{
	struct verify v;

	setup_basic();
	/* drop the UDP record, repeat the TCP fwd one, add a stranger */
	obs[2] = obs[0];
	add_obs(0x0109, 1, 0x0209, 2, 17, 1, 28, 3, 3, 1, 0, 70, 3);
	run(&v);
	assert_int_equal(verify_count(&v, "ACCT-MISSING"), 1);
	assert_int_equal(verify_count(&v, "ACCT-DUPLICATE"), 1);
	assert_int_equal(verify_count(&v, "ACCT-UNEXPECTED"), 1);
	assert_int_equal(verify_count(&v, "ACCT-LOST"), 0);
	assert_int_equal(v.tot.missing, 1);
	verify_free(&v);
}

static void
test_verify_lost_told_from_missing(void **state)
{
	struct verify v;
	struct vfind cf;

	setup_basic();
	nobs = 2;		/* the UDP record's datagram 2 was lost */
	add_obs(0x0103, 5353, 0x0202, 53, 17, 1, 61, 5, 5, 1, 0, 72, 3);
	obs[2].f.dport = 54;	/* an unrelated record in datagram 3 */
	nobs = 3;
	memset(&cf, 0, sizeof(cf));
	snprintf(cf.rule, sizeof(cf.rule), "IPFIX-SEQ");
	cf.severity = SEV_ERROR;
	cf.dgram = 3;
	cf.lost = 1;
	verify_init(&v, &gw, led, nled, obs, nobs);
	v.cf = &cf;
	v.ncf = 1;
	assert_int_equal(verify_run(&v), 0);
	assert_int_equal(verify_count(&v, "ACCT-LOST"), 1);
	assert_int_equal(verify_count(&v, "ACCT-MISSING"), 0);
	assert_int_equal(verify_count(&v, "ACCT-UNEXPECTED"), 1);
	assert_int_equal(verify_count(&v, "IPFIX-SEQ"), 1);
	assert_int_equal(v.tot.lost, 1);
	verify_free(&v);
}

static void
test_verify_ipv6_absent_in_v5_and_split(void **state)
{
	struct verify v;
	struct ledger_ent *l;
	uint8_t a6[16] = { 0x20, 0x01, 0x0d, 0xb8 };

	nled = nobs = 0;
	gw_conf_defaults(&gw, profile_get("openbsd-7.8"));
	gw.pflow[0].proto = 5;
	/* 5 GiB + 100 one way: 5368709220 = 0xffffffff + 1073741925 */
	add_led(1, 0, 17, 0x0102, 9, 0x0202, 9, 5000000, 5368709220ULL, 0,
	    2000000, "oneway");
	add_led(2, 0, 17, 0x0102, 10, 0x0202, 10, 1, 100, 0, 0, "oneway");
	l = &led[1];
	addr_set6(&l->src, a6);
	a6[15] = 2;
	addr_set6(&l->dst, a6);
	add_obs(0x0102, 9, 0x0202, 9, 17, 5000000, 0xffffffffULL, 0, 2, 1, 0,
	    70, 0);
	add_obs(0x0102, 9, 0x0202, 9, 17, 5000000, 1073741925ULL, 0, 2, 1, 0,
	    70, 0);
	obs[0].f.version = obs[1].f.version = 5;
	run(&v);
	assert_int_equal(errors_other_than(&v, NULL), 0);
	assert_int_equal(v.tot.exp_records, 2);
	/* an IPv6 record in v5 is unexpected, attributed to session 2 */
	obs[nobs] = obs[0];
	obs[nobs].f.src = led[1].src;
	obs[nobs].f.dst = led[1].dst;
	obs[nobs].f.sport = obs[nobs].f.dport = 10;
	obs[nobs].f.packets = 1;
	obs[nobs].f.octets = 100;
	nobs++;
	verify_free(&v);
	run(&v);
	assert_int_equal(verify_count(&v, "ACCT-UNEXPECTED"), 1);
	assert_int_equal(obs[2].session, 2);
	verify_free(&v);
}

static void
test_verify_two_states_and_nat(void **state)
{
	struct verify v;
	uint8_t to[4] = { 198, 19, 0, 1 };
	struct vobs *o;

	nled = nobs = 0;
	gw_conf_defaults(&gw, profile_get("openbsd-current"));
	gw.pflow_out = 1;
	gw.nat.on = 1;
	addr_set4(&gw.nat.to, to);
	add_led(1, 0, 17, 0x0102, 1000, 0x0202, 53, 1, 60, 0, 0, "done");
	add_led(1, 1, 17, 0x0202, 53, 0x0102, 1000, 1, 90, 500000, 500000,
	    "done");
	/* the ledger says how the packets left the gateway */
	led[0].xlate = led[1].xlate = 1;
	led[0].xsrc = gw.nat.to;
	led[0].xsport = 1000;
	led[0].xdst = led[0].dst;
	led[0].xdport = 53;
	led[1].xsrc = led[1].src;
	led[1].xsport = 53;
	led[1].xdst = gw.nat.to;
	led[1].xdport = 1000;
	/* in-state on if 1, plain template */
	add_obs(0x0102, 1000, 0x0202, 53, 17, 1, 60, 0, 0, 1, 1, 70, 0);
	add_obs(0x0202, 53, 0x0102, 1000, 17, 1, 90, 0, 0, 1, 1, 70, 0);
	/* out-state on if 2, NAT template: post-NAT source 198.19.0.1 */
	o = add_obs(0x0102, 1000, 0x0202, 53, 17, 1, 60, 0, 0, 2, 2, 70, 0);
	o->f.has |= FLOW_HAS_POSTNAT;
	o->f.post_src = gw.nat.to;
	o->f.post_dst = led[0].dst;
	o->f.post_sport = 1000;
	o->f.post_dport = 53;
	o = add_obs(0x0202, 53, 0x0102, 1000, 17, 1, 90, 0, 0, 2, 2, 70, 0);
	o->f.has |= FLOW_HAS_POSTNAT;
	o->f.post_src = led[0].dst;
	o->f.post_dst = gw.nat.to;
	o->f.post_sport = 53;
	o->f.post_dport = 1000;
	run(&v);
	assert_int_equal(errors_other_than(&v, NULL), 0);
	assert_int_equal(v.tot.matched, 4);
	verify_free(&v);
	/* a post-NAT address that is wrong */
	obs[2].f.post_src = led[0].src;
	run(&v);
	assert_int_equal(verify_count(&v, "ACCT-NAT"), 1);
	assert_int_equal(errors_other_than(&v, "ACCT-NAT"), 0);
	verify_free(&v);
}

static void
test_verify_expect_lines(void **state)
{
	struct verify v;
	struct scenario scn;
	struct scn_expect x[4];

	setup_basic();
	memset(&scn, 0, sizeof(scn));
	memset(x, 0, sizeof(x));
	x[0].kind = SCN_EXP_RECORDS;
	x[0].records = 3;
	x[0].line = 5;
	x[1].kind = SCN_EXP_FLOW;
	x[1].session = 1;
	x[1].rev = 1;
	x[1].packets = 7;
	x[1].octets = 7900;
	x[1].line = 6;
	x[2].kind = SCN_EXP_NONE;
	x[2].session = 2;
	x[2].line = 7;
	scn.expects = x;
	scn.nexpects = 3;
	verify_init(&v, &gw, led, nled, obs, nobs);
	v.scn = &scn;
	assert_int_equal(verify_run(&v), 0);
	/* session 2 did export a record: EXPECT-NONE fails, the rest hold */
	assert_int_equal(verify_count(&v, "EXPECT-NONE"), 1);
	assert_int_equal(verify_count(&v, "EXPECT-RECORDS"), 0);
	assert_int_equal(verify_count(&v, "EXPECT-FLOW"), 0);
	assert_false(v.pass);
	verify_free(&v);
	/* a wrong record count and a verdict that does not hold */
	x[0].records = 4;
	x[1].octets = 7900;
	x[2].kind = SCN_EXP_VERDICT;
	x[2].pass = 1;
	obs[0].f.packets = 99;
	verify_init(&v, &gw, led, nled, obs, nobs);
	v.scn = &scn;
	assert_int_equal(verify_run(&v), 0);
	assert_int_equal(verify_count(&v, "EXPECT-RECORDS"), 1);
	assert_int_equal(verify_count(&v, "EXPECT-VERDICT"), 1);
	assert_int_equal(verify_count(&v, "EXPECT-FLOW"), 0);
	verify_free(&v);
	obs[0].f.packets = 8;
	x[1].octets = 7000;
	scn.nexpects = 2;
	verify_init(&v, &gw, led, nled, obs, nobs);
	v.scn = &scn;
	assert_int_equal(verify_run(&v), 0);
	assert_int_equal(verify_count(&v, "EXPECT-FLOW"), 1);
	verify_free(&v);
}

/*
 * Four pflow interfaces, pflow on the in and the out rule: eight records
 * of one session and direction, one per interface and state.  "expect
 * session" compares each of them with the line, none summed with
 * another (interface 3's in-state once shared a slot with interface 0's
 * out-state).
 */
static void
test_verify_expect_flow_four_pflow_ifaces(void **state)
{
	struct verify v;
	struct scenario scn;
	struct scn_expect x;
	int i;

	nled = nobs = 0;
	gw_conf_defaults(&gw, profile_get("openbsd-7.8"));
	gw.pflow_out = 1;
	for (i = 1; i < 4; i++)
		gw.pflow[i] = gw.pflow[0];
	gw.npflow = 4;
	add_led(1, 0, 17, 0x0103, 5353, 0x0202, 53, 1, 61, 5500000, 5500000,
	    "oneway");
	for (i = 0; i < 4; i++) {
		add_obs(0x0103, 5353, 0x0202, 53, 17, 1, 61, 5, 5, 1, 0, 70,
		    (uint64_t)i);
		add_obs(0x0103, 5353, 0x0202, 53, 17, 1, 61, 5, 5, 2, 0, 70,
		    (uint64_t)i);
	}
	memset(&scn, 0, sizeof(scn));
	memset(&x, 0, sizeof(x));
	x.kind = SCN_EXP_FLOW;
	x.session = 1;
	x.packets = 1;
	x.octets = 61;
	x.line = 3;
	scn.expects = &x;
	scn.nexpects = 1;
	verify_init(&v, &gw, led, nled, obs, nobs);
	v.scn = &scn;
	assert_int_equal(verify_run(&v), 0);
	assert_int_equal(v.tot.exp_records, 8);
	assert_int_equal(v.tot.matched, 8);
	assert_int_equal(verify_count(&v, "EXPECT-FLOW"), 0);
	verify_free(&v);
}

static void
test_verify_negative_scenario(void **state)
{
	struct verify v;
	struct scenario scn;
	struct scn_expect x[2];

	setup_basic();
	obs[1].f.octets = 1;
	memset(&scn, 0, sizeof(scn));
	memset(x, 0, sizeof(x));
	x[0].kind = SCN_EXP_FINDING;
	snprintf(x[0].rule, sizeof(x[0].rule), "ACCT-OCTETS");
	x[0].count = -1;
	x[1].kind = SCN_EXP_VERDICT;
	x[1].pass = 0;
	scn.expects = x;
	scn.nexpects = 2;
	verify_init(&v, &gw, led, nled, obs, nobs);
	v.scn = &scn;
	assert_int_equal(verify_run(&v), 0);
	assert_true(v.negative);
	assert_false(v.raw_pass);
	assert_true(v.pass);	/* failed exactly as asked */
	verify_free(&v);
	/* a second, unasked-for failure makes the scenario fail */
	obs[0].f.packets = 1;
	verify_init(&v, &gw, led, nled, obs, nobs);
	v.scn = &scn;
	assert_int_equal(verify_run(&v), 0);
	assert_false(v.pass);
	assert_int_equal(verify_count(&v, "EXPECT-ONLY"), 1);
	verify_free(&v);
	/* and a clean export fails it too: the finding did not fire */
	setup_basic();
	verify_init(&v, &gw, led, nled, obs, nobs);
	v.scn = &scn;
	assert_int_equal(verify_run(&v), 0);
	assert_false(v.pass);
	assert_int_equal(verify_count(&v, "EXPECT-FINDING"), 1);
	verify_free(&v);
}

static void
test_verify_softflowd_one_flow_per_direction(void **state)
{
	struct verify v;

	nled = nobs = 0;
	gw_conf_defaults(&gw, profile_get("softflowd"));
	/* UDP both ways; softflowd: ms times of each direction, no states,
	 * no interface or latency model */
	add_led(1, 0, 17, 0x0102, 1000, 0x0202, 53, 2, 136, 250000, 750000,
	    "done");
	add_led(1, 1, 17, 0x0202, 53, 0x0102, 1000, 1, 90, 500000, 500000,
	    "done");
	add_obs(0x0102, 1000, 0x0202, 53, 17, 2, 136, 0, 0, 3, 4, 9999, 0);
	add_obs(0x0202, 53, 0x0102, 1000, 17, 1, 90, 0, 0, 4, 3, 9999, 0);
	obs[0].f.start_ms += 250;
	obs[0].f.end_ms += 750;
	obs[1].f.start_ms += 500;
	obs[1].f.end_ms += 500;
	run(&v);
	assert_int_equal(errors_other_than(&v, NULL), 0);
	assert_int_equal(v.tot.matched, 2);
	verify_free(&v);
	obs[1].f.end_ms += 5000;	/* 5 s off: beyond the 1 s slack */
	run(&v);
	assert_int_equal(verify_count(&v, "ACCT-END"), 1);
	assert_int_equal(errors_other_than(&v, "ACCT-END"), 0);
	verify_free(&v);
}

static void
test_verify_tos_unmatched_session_absent(void **state)
{
	struct verify v;
	struct scenario scn;
	struct scn_session ss[2];

	setup_basic();
	gw.rule_tos = 0x10;
	memset(&scn, 0, sizeof(scn));
	memset(ss, 0, sizeof(ss));
	ss[0].id = 1;
	ss[0].repeat = 1;
	ss[0].tos = 0x10;
	ss[1].id = 2;
	ss[1].repeat = 1;
	ss[1].tos = 0;		/* the pflow rule does not match it */
	scn.sessions = ss;
	scn.nsessions = 2;
	verify_init(&v, &gw, led, nled, obs, nobs);
	v.scn = &scn;
	assert_int_equal(verify_run(&v), 0);
	/* session 2's record should not exist */
	assert_int_equal(verify_count(&v, "ACCT-UNEXPECTED"), 1);
	assert_int_equal(obs[2].session, 2);
	assert_int_equal(v.tot.exp_records, 2);
	verify_free(&v);
	nobs = 2;
	verify_init(&v, &gw, led, nled, obs, nobs);
	v.scn = &scn;
	assert_int_equal(verify_run(&v), 0);
	assert_true(v.pass);
	verify_free(&v);
}

static void
test_verify_sparse_session_numbers(void **state)
{
	struct verify v;

	/* a ledger from elsewhere (a capture) numbering sessions sparsely:
	 * grouped by sorting, not by a table as large as the biggest id */
	setup_basic();
	led[0].session = led[1].session = 4000000000U;
	led[2].session = 7;
	run(&v);
	assert_int_equal(errors_other_than(&v, NULL), 0);
	assert_int_equal(v.tot.sessions, 2);
	assert_int_equal(v.tot.matched, 3);
	verify_free(&v);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_verify_perfect_export_passes),
		cmocka_unit_test(test_verify_wrong_octets),
		cmocka_unit_test(test_verify_wrong_packets_start_end_iface),
		cmocka_unit_test(test_verify_tos_is_the_rules),
		cmocka_unit_test(test_verify_latency_bounds),
		cmocka_unit_test(test_verify_missing_unexpected_duplicate),
		cmocka_unit_test(test_verify_lost_told_from_missing),
		cmocka_unit_test(test_verify_ipv6_absent_in_v5_and_split),
		cmocka_unit_test(test_verify_two_states_and_nat),
		cmocka_unit_test(test_verify_expect_lines),
		cmocka_unit_test(test_verify_expect_flow_four_pflow_ifaces),
		cmocka_unit_test(test_verify_negative_scenario),
		cmocka_unit_test(test_verify_softflowd_one_flow_per_direction),
		cmocka_unit_test(test_verify_tos_unmatched_session_absent),
		cmocka_unit_test(test_verify_sparse_session_numbers),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
