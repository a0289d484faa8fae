/*
 * test_conform_pflow.c: the pflow profile (pflow-facts.md section 7),
 * each rule with a stream that carries exactly that defect, clean
 * streams of both OpenBSD template families, and the switches that turn
 * the profile off.
 */
#include "conform_test.h"

#define F78	PFLOW_F_OBSD_78
#define FCUR	PFLOW_F_OBSD_CURRENT
#define V4	PFLOW_L_OBSD_V4
#define V6	PFLOW_L_OBSD_V6
#define NAT4	PFLOW_L_OBSD_NAT4
#define R0	20	/* first IPFIX record */
#define V5R0	24	/* first v5 record */

/* A stream that has had its 7.8 templates (auto-detected or profile). */
static struct tctx *
ctx78(const char *profile)
{
	struct tctx *t = tctx_new(profile, 0);
	struct bld b;

	ipfix_tmpl_msg(&b, F78, T_NOW, 0, 42);
	feed(t, &b);
	expect_none(t);
	return t;
}

static struct prec
icmp(uint16_t sport, uint16_t dport, uint8_t proto)
{
	struct prec p = prec_ok();

	p.sport = sport;
	p.dport = dport;
	p.proto = proto;
	p.pkts = 1;
	p.octets = 84;
	return p;
}

struct stats_col {
	struct conform_stats s[4];
	int n;
};

static void
stats_cb(void *arg, const struct conform_stats *st)
{
	struct stats_col *sc = arg;

	if (sc->n < 4)
		sc->s[sc->n] = *st;
	sc->n++;
}

static void
test_pflow_clean_78_auto(void **state)
{
	struct tctx *t = ctx78(NULL);
	struct prec p = prec_ok(), e1 = icmp(0x1234, 8, 1),
	    e2 = icmp(8, 0x1234, 1), e6 = icmp(0x99, 128, 58);
	struct stats_col sc = { .n = 0 };
	struct bld b;

	ipfix_data_msg(&b, F78, V4, T_NOW + 1, 0, 42, &p, 26);
	feed(t, &b);
	e6.octets = 104;
	ipfix_data_msg(&b, F78, V6, T_NOW + 2, 26, 42, &p, 18);
	feed(t, &b);
	ipfix_data_msg(&b, F78, V4, T_NOW + 3, 44, 42, &e1, 1);
	feed(t, &b);
	ipfix_data_msg(&b, F78, V4, T_NOW + 3, 45, 42, &e2, 1);
	feed(t, &b);
	ipfix_data_msg(&b, F78, V6, T_NOW + 3, 46, 42, &e6, 1);
	feed(t, &b);
	ipfix_tmpl_msg(&b, F78, T_NOW + 30, 47, 42);
	feed(t, &b);
	conform_finish(t->c);
	expect_none(t);
	conform_foreach(t->c, stats_cb, &sc);
	assert_int_equal(sc.n, 1);
	assert_string_equal(sc.s[0].layout, "openbsd-7.8");
	assert_int_equal(sc.s[0].datagrams, 7);
	assert_int_equal(sc.s[0].records, 47);
	assert_int_equal(sc.s[0].templates, 4);
	assert_int_equal(sc.s[0].domain, 42);
	tctx_free(t);
}

static void
test_pflow_clean_current(void **state)
{
	struct tctx *t = tctx_new("openbsd-current", 0);
	struct prec p = prec_ok();
	struct stats_col sc = { .n = 0 };
	struct bld b;

	ipfix_tmpl_msg(&b, FCUR, T_NOW, 0, 42);
	feed(t, &b);
	ipfix_data_msg(&b, FCUR, V4, T_NOW, 0, 42, &p, 22);
	feed(t, &b);
	ipfix_data_msg(&b, FCUR, NAT4, T_NOW, 22, 42, &p, 22);
	feed(t, &b);
	ipfix_data_msg(&b, FCUR, V6, T_NOW, 44, 42, &p, 18);
	feed(t, &b);
	conform_finish(t->c);
	expect_none(t);
	conform_foreach(t->c, stats_cb, &sc);
	assert_string_equal(sc.s[0].layout, "openbsd-current");
	tctx_free(t);
}

static void
test_pflow_domain(void **state)
{
	struct tctx *t = tctx_new("openbsd-7.8", 0);
	struct prec p = prec_ok();
	struct bld b;

	ipfix_tmpl_msg(&b, F78, T_NOW, 0, 7);
	feed(t, &b);
	expect_one(t, "PFLOW-DOMAIN", 0, 12, "42", "7");
	tctx_free(t);
	/* auto: recognised by the templates, then held to domain 42 */
	t = tctx_new(NULL, 0);
	ipfix_tmpl_msg(&b, F78, T_NOW, 0, 7);
	feed(t, &b);
	expect_none(t);
	ipfix_data_msg(&b, F78, V4, T_NOW, 0, 7, &p, 1);
	feed(t, &b);
	expect_one(t, "PFLOW-DOMAIN", 1, 12, "42", "7");
	tctx_free(t);
}

static void
test_pflow_template_wrong_family(void **state)
{
	struct tctx *t = tctx_new("openbsd-7.8", 0);
	struct stats_col sc = { .n = 0 };
	struct bld b;

	/* -current's templates where 7.8's are expected */
	ipfix_tmpl_msg(&b, FCUR, T_NOW, 0, 42);
	feed(t, &b);
	assert_int_equal(t->n, 2);
	expect_at(t, 0, "PFLOW-TEMPLATE", 0, 72, "no pflow-nat-ipv4 template",
	    "template 257: pflow-nat-ipv4");
	expect_at(t, 1, "PFLOW-TEMPLATE", 0, 140, "template 257: pflow-ipv6",
	    "template 258: pflow-ipv6");
	conform_foreach(t->c, stats_cb, &sc);
	assert_string_equal(sc.s[0].layout, "openbsd-current");
	tctx_free(t);
}

static void
test_pflow_template_missing(void **state)
{
	struct tctx *t = tctx_new("openbsd-7.8", 0);
	struct bld b;

	ipfix_hdr(&b, T_NOW, 0, 42);
	set_begin(&b, 2);
	tmpl_rec(&b, pflowtmpl_get(F78, V4), 256);
	set_end(&b);
	ipfix_done(&b);
	feed(t, &b);
	expect_one(t, "PFLOW-TEMPLATE", 0, 16, "1 x template 257: pflow-ipv6",
	    "0");
	tctx_free(t);
}

static void
test_pflow_template_foreign(void **state)
{
	struct tctx *t = tctx_new("openbsd-7.8", 0);
	struct bld b;

	ipfix_hdr(&b, T_NOW, 0, 42);
	set_begin(&b, 2);
	tmpl_rec(&b, pflowtmpl_get(F78, V4), 256);
	tmpl_rec(&b, pflowtmpl_get(F78, V6), 257);
	b16(&b, 300);		/* not a pflow layout */
	b16(&b, 1);
	b16(&b, 8);
	b16(&b, 4);
	set_end(&b);
	ipfix_done(&b);
	feed(t, &b);
	expect_one(t, "PFLOW-TEMPLATE", 0, 124, "a openbsd-7.8 template",
	    "template 300, 1 fields");
	tctx_free(t);
}

static void
test_pflow_one_set(void **state)
{
	struct tctx *t = ctx78(NULL);
	struct prec p = prec_ok();
	struct bld b;

	ipfix_hdr(&b, T_NOW, 0, 42);
	set_begin(&b, 256);
	prec_put(&b, V4, &p);
	set_end(&b);
	set_begin(&b, 256);
	prec_put(&b, V4, &p);
	set_end(&b);
	ipfix_done(&b);
	feed(t, &b);
	expect_one(t, "PFLOW-ONE-SET", 1, 74, "1 set", "2 sets");
	tctx_free(t);
}

/* A reserved set beside a data set is two sets; a broken set is not. */
static void
test_pflow_one_set_reserved_and_broken(void **state)
{
	struct tctx *t = ctx78(NULL);
	struct prec p = prec_ok();
	struct bld b;

	ipfix_hdr(&b, T_NOW, 0, 42);
	set_begin(&b, 256);
	prec_put(&b, V4, &p);
	set_end(&b);
	set_begin(&b, 7);
	set_end(&b);
	ipfix_done(&b);
	feed(t, &b);
	assert_int_equal(t->n, 2);
	expect_at(t, 0, "IPFIX-SETID", 1, 74, "256", "7");
	expect_at(t, 1, "PFLOW-ONE-SET", 1, 74, "1 set", "2 sets");
	t->n = 0;
	ipfix_data_msg(&b, F78, V4, T_NOW, 1, 42, &p, 1);
	put16(b.b + 18, 2);	/* Set Length 2: the walk stops */
	feed(t, &b);
	expect_one(t, "IPFIX-SETLEN", 2, 18, NULL, "2");
	tctx_free(t);
}

static void
test_pflow_no_padding(void **state)
{
	struct tctx *t = ctx78(NULL);
	struct prec p = prec_ok();
	struct bld b;

	ipfix_hdr(&b, T_NOW, 0, 42);
	set_begin(&b, 256);
	prec_put(&b, V4, &p);
	b16(&b, 0);		/* zero padding: RFC-legal, pflow never pads */
	set_end(&b);
	ipfix_done(&b);
	feed(t, &b);
	expect_one(t, "PFLOW-NO-PADDING", 1, 74, "0", "2");
	tctx_free(t);
}

static void
test_pflow_recs_per_msg(void **state)
{
	struct tctx *t = ctx78(NULL);
	struct prec p = prec_ok();
	struct bld b;

	ipfix_data_msg(&b, F78, V4, T_NOW, 0, 42, &p, 27);
	feed(t, &b);
	expect_one(t, "PFLOW-RECS-PER-MSG", 1, 16, "<= 26", "27");
	t->n = 0;
	ipfix_data_msg(&b, F78, V6, T_NOW, 27, 42, &p, 19);
	feed(t, &b);
	expect_one(t, "PFLOW-RECS-PER-MSG", 2, 16, "<= 18", "19");
	t->n = 0;
	ipfix_data_msg(&b, F78, V6, T_NOW, 46, 42, &p, 0);
	feed(t, &b);
	expect_one(t, "PFLOW-RECS-PER-MSG", 3, 16, ">= 1", "0");
	tctx_free(t);

	t = tctx_new("openbsd-current", 0);
	ipfix_tmpl_msg(&b, FCUR, T_NOW, 0, 42);
	feed(t, &b);
	ipfix_data_msg(&b, FCUR, V4, T_NOW, 0, 42, &p, 23);
	feed(t, &b);
	ipfix_data_msg(&b, FCUR, NAT4, T_NOW, 23, 42, &p, 23);
	feed(t, &b);
	assert_int_equal(t->n, 2);
	expect_at(t, 0, "PFLOW-RECS-PER-MSG", 1, 16, "<= 22", "23");
	expect_at(t, 1, "PFLOW-RECS-PER-MSG", 2, 16, "<= 22", "23");
	tctx_free(t);
}

static void
test_pflow_recs_per_msg_v5(void **state)
{
	struct profile small = *profile_get("openbsd-7.8");
	struct tctx *t;
	struct v5rec r = v5rec_ok();
	struct bld b;

	small.max_v5 = 2;	/* as with a small pflow MTU */
	t = tctx_new_prof(&small);
	v5_msg(&b, 0, 42, &r, 2);
	feed(t, &b);
	v5_msg(&b, 2, 42, &r, 3);
	feed(t, &b);
	expect_one(t, "PFLOW-RECS-PER-MSG", 1, 2, "<= 2", "3");
	tctx_free(t);
}

static void
test_pflow_ts_granularity(void **state)
{
	struct tctx *t = ctx78(NULL);
	struct prec p = prec_ok();
	struct v5rec r = v5rec_ok();
	struct bld b;

	p.start += 500;
	ipfix_data_msg(&b, F78, V4, T_NOW, 0, 42, &p, 1);
	feed(t, &b);
	expect_one(t, "PFLOW-TS-GRANULARITY", 1, R0 + 32, "multiple of 1000",
	    NULL);
	t->n = 0;
	p = prec_ok();
	p.end -= 1;
	ipfix_data_msg(&b, F78, V6, T_NOW, 1, 42, &p, 1);
	feed(t, &b);
	expect_one(t, "PFLOW-TS-GRANULARITY", 2, R0 + 64, "multiple of 1000",
	    NULL);
	tctx_free(t);

	t = tctx_new(NULL, 0);		/* v5, engine 42/42: pflow */
	r.first = 50500;
	v5_msg(&b, 0, 42, &r, 1);
	feed(t, &b);
	expect_one(t, "PFLOW-TS-GRANULARITY", 0, V5R0 + 24, "multiple of 1000",
	    "50500");
	t->n = 0;
	r = v5rec_ok();
	v5_msg(&b, 1, 42, &r, 1);
	put32(b.b + 4, 100001);		/* SysUptime */
	feed(t, &b);
	expect_one(t, "PFLOW-TS-GRANULARITY", 1, 4, "multiple of 1000",
	    "100001");
	tctx_free(t);
}

static void
test_pflow_time_order(void **state)
{
	struct tctx *t = ctx78(NULL);
	struct prec p = prec_ok();
	struct bld b;
	char e[40], o[40];

	p.start = p.end + 1000;
	ipfix_data_msg(&b, F78, V4, T_NOW, 0, 42, &p, 1);
	feed(t, &b);
	snprintf(e, sizeof(e), "<= %llu", (unsigned long long)p.end);
	snprintf(o, sizeof(o), "%llu", (unsigned long long)p.start);
	expect_one(t, "PFLOW-TIME-ORDER", 1, R0 + 32, e, o);
	t->n = 0;
	p = prec_ok();
	p.end = (uint64_t)(T_NOW + 2) * 1000;	/* after export time + 1 s */
	ipfix_data_msg(&b, F78, V4, T_NOW, 1, 42, &p, 1);
	feed(t, &b);
	snprintf(e, sizeof(e), "<= %llu", (unsigned long long)(T_NOW + 1) *
	    1000);
	snprintf(o, sizeof(o), "%llu", (unsigned long long)p.end);
	expect_one(t, "PFLOW-TIME-ORDER", 2, R0 + 40, e, o);
	t->n = 0;
	p.end = (uint64_t)(T_NOW + 1) * 1000;	/* within the 1 s slack */
	ipfix_data_msg(&b, F78, V4, T_NOW, 2, 42, &p, 1);
	feed(t, &b);
	expect_none(t);
	tctx_free(t);
}

static void
test_pflow_v5_engine(void **state)
{
	struct tctx *t = tctx_new("openbsd-7.8", 0);
	struct v5rec r = v5rec_ok();
	struct bld b;

	v5_msg(&b, 0, 1, &r, 1);
	feed(t, &b);
	expect_one(t, "PFLOW-V5-ENGINE", 0, 20, "42/42", "1/1");
	tctx_free(t);
}

static void
test_pflow_v5_zero(void **state)
{
	static const struct { int off, len; } z[] = {
		{ 8, 4 }, { 37, 1 }, { 40, 2 }, { 42, 2 }, { 44, 1 }, { 45, 1 },
	};
	struct tctx *t = tctx_new("openbsd-7.8", 0);
	struct v5rec r = v5rec_ok();
	struct bld b;
	unsigned int i;

	for (i = 0; i < sizeof(z) / sizeof(z[0]); i++) {
		t->n = 0;
		v5_msg(&b, i, 42, &r, 1);
		b.b[V5R0 + z[i].off + z[i].len - 1] = 3;
		feed(t, &b);
		expect_one(t, "PFLOW-V5-ZERO", i, V5R0 + z[i].off, "0", "3");
	}
	t->n = 0;
	v5_msg(&b, i, 42, &r, 1);
	put16(b.b + 22, 0x4001);	/* sampling_interval */
	feed(t, &b);
	expect_one(t, "PFLOW-V5-ZERO", i, 22, "0", "16385");
	tctx_free(t);
}

static void
test_pflow_zero_count(void **state)
{
	struct tctx *t = ctx78(NULL);
	struct prec p = prec_ok();
	struct v5rec r = v5rec_ok();
	struct bld b;

	p.pkts = 0;
	ipfix_data_msg(&b, F78, V4, T_NOW, 0, 42, &p, 1);
	feed(t, &b);
	expect_one(t, "PFLOW-ZERO-COUNT", 1, R0 + 16, ">= 1", "0");
	t->n = 0;
	p = prec_ok();
	p.octets = 0;
	ipfix_data_msg(&b, F78, V6, T_NOW, 1, 42, &p, 1);
	feed(t, &b);
	expect_one(t, "PFLOW-ZERO-COUNT", 2, R0 + 48, ">= 1", "0");
	tctx_free(t);

	t = tctx_new("openbsd-7.8", 0);
	r.pkts = 0;
	v5_msg(&b, 0, 42, &r, 1);
	feed(t, &b);
	expect_one(t, "PFLOW-ZERO-COUNT", 0, V5R0 + 16, ">= 1", "0");
	tctx_free(t);
}

static void
test_pflow_min_octets(void **state)
{
	struct tctx *t = ctx78(NULL);
	struct prec p = prec_ok();
	struct v5rec r = v5rec_ok();
	struct bld b;

	p.octets = 199;		/* 10 IPv4 packets need 200 */
	ipfix_data_msg(&b, F78, V4, T_NOW, 0, 42, &p, 1);
	feed(t, &b);
	expect_one(t, "PFLOW-MIN-OCTETS", 1, R0 + 24, ">= 200", "199");
	t->n = 0;
	p.octets = 399;		/* 10 IPv6 packets need 400 */
	ipfix_data_msg(&b, F78, V6, T_NOW, 1, 42, &p, 1);
	feed(t, &b);
	expect_one(t, "PFLOW-MIN-OCTETS", 2, R0 + 48, ">= 400", "399");
	tctx_free(t);

	t = tctx_new("openbsd-7.8", 0);
	r.pkts = 100;
	r.octets = 1999;
	v5_msg(&b, 0, 42, &r, 1);
	feed(t, &b);
	expect_one(t, "PFLOW-MIN-OCTETS", 0, V5R0 + 20, ">= 2000", "1999");
	t->n = 0;
	r.pkts = 0xffffffffu;	/* a >4 GiB chunk repeats the packet count */
	r.octets = 0xffffffffu;
	v5_msg(&b, 1, 42, &r, 1);
	feed(t, &b);
	expect_none(t);
	tctx_free(t);
}

static void
test_pflow_tmpl_first(void **state)
{
	struct tctx *t = ctx78(NULL);
	struct prec p = prec_ok();
	struct bld b;

	ipfix_data_msg(&b, F78, V4, T_NOW, 0, 42, &p, 20);
	feed(t, &b);
	ipfix_data_msg(&b, F78, V4, T_NOW, 0, 42, &p, 1);  /* restart... */
	feed(t, &b);					 /* ...no template */
	assert_int_equal(t->n, 2);
	expect_at(t, 0, "IPFIX-SEQ-RESET", 2, 8, "20", "0");
	expect_at(t, 1, "PFLOW-TMPL-FIRST", 2, 16, "template message",
	    "data message");
	tctx_free(t);
}

static void
test_pflow_tmpl_refresh(void **state)
{
	struct tctx *t = ctx78(NULL);
	struct prec p = prec_ok();
	struct bld b;

	ipfix_data_msg(&b, F78, V4, T_NOW + 10, 0, 42, &p, 1);
	feed(t, &b);
	ipfix_data_msg(&b, F78, V4, T_NOW + 40, 1, 42, &p, 1);
	feed(t, &b);
	ipfix_tmpl_msg(&b, F78, T_NOW + 41, 2, 42);
	feed(t, &b);
	expect_one(t, "PFLOW-TMPL-REFRESH", 3, 4, "<= 35 s", "41 s");
	tctx_free(t);

	/* never refreshed up to the end of the stream */
	t = ctx78(NULL);
	ipfix_data_msg(&b, F78, V4, T_NOW + 20, 0, 42, &p, 1);
	feed(t, &b);
	ipfix_data_msg(&b, F78, V4, T_NOW + 50, 1, 42, &p, 1);
	feed(t, &b);
	expect_none(t);
	conform_finish(t->c);
	expect_one(t, "PFLOW-TMPL-REFRESH", 2, 4, "<= 35 s", "> 50 s");
	tctx_free(t);
}

static void
test_pflow_tmpl_refresh_clean(void **state)
{
	struct tctx *t = ctx78(NULL);
	struct prec p = prec_ok();
	struct bld b;

	ipfix_data_msg(&b, F78, V4, T_NOW + 20, 0, 42, &p, 1);
	feed(t, &b);
	ipfix_tmpl_msg(&b, F78, T_NOW + 31, 1, 42);
	feed(t, &b);
	ipfix_data_msg(&b, F78, V4, T_NOW + 65, 1, 42, &p, 1);
	feed(t, &b);
	ipfix_tmpl_msg(&b, F78, T_NOW + 66, 2, 42);
	feed(t, &b);
	/* no data: templates may pause (interface down) */
	ipfix_tmpl_msg(&b, F78, T_NOW + 500, 2, 42);
	feed(t, &b);
	conform_finish(t->c);
	expect_none(t);
	tctx_free(t);
}

static void
test_pflow_icmp_ports(void **state)
{
	struct tctx *t = ctx78(NULL);
	struct prec p = icmp(0x1234, 0x0800, 1);	/* Cisco type*256 */
	struct bld b;

	ipfix_data_msg(&b, F78, V4, T_NOW, 0, 42, &p, 1);
	feed(t, &b);
	expect_one(t, "PFLOW-ICMP-PORTS", 1, R0 + 50, "8 (ICMP echo type)",
	    "sport 4660 dport 2048");
	t->n = 0;
	p = icmp(0x1234, 0x8000, 58);
	p.octets = 104;
	ipfix_data_msg(&b, F78, V6, T_NOW, 1, 42, &p, 1);
	feed(t, &b);
	expect_one(t, "PFLOW-ICMP-PORTS", 2, R0 + 74,
	    "128 (ICMPv6 echo type)", "sport 4660 dport 32768");
	tctx_free(t);

	t = tctx_new("openbsd-7.8", 0);
	{
		struct v5rec r = v5rec_ok();

		r.proto = 1;
		r.sport = 0x1234;
		r.dport = 0x0800;
		v5_msg(&b, 0, 42, &r, 1);
		feed(t, &b);
		expect_one(t, "PFLOW-ICMP-PORTS", 0, V5R0 + 34, NULL, NULL);
	}
	tctx_free(t);
}

/* The same defects pass unnoticed when the pflow profile is off. */
static void
test_pflow_off(void **state)
{
	const char *prof[] = { NULL, "softflowd" };
	struct prec p = prec_ok();
	struct v5rec r = v5rec_ok();
	struct tctx *t;
	struct bld b;
	unsigned int i;

	for (i = 0; i < 3; i++) {
		t = i < 2 ? tctx_new(prof[i], i == 0) : tctx_new("softflowd",
		    1);
		ipfix_tmpl_msg(&b, F78, T_NOW, 0, 7);
		feed(t, &b);
		p.start += 500;
		p.octets = 1;
		ipfix_data_msg(&b, F78, V4, T_NOW, 0, 7, &p, 27);
		feed(t, &b);
		r.first = 50500;
		r.pkts = 0;
		v5_msg(&b, 0, 42, &r, 1);
		put32(b.b + V5R0 + 8, 1);	/* nexthop */
		feed(t, &b);
		conform_finish(t->c);
		expect_none(t);
		tctx_free(t);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pflow_clean_78_auto),
		cmocka_unit_test(test_pflow_clean_current),
		cmocka_unit_test(test_pflow_domain),
		cmocka_unit_test(test_pflow_template_wrong_family),
		cmocka_unit_test(test_pflow_template_missing),
		cmocka_unit_test(test_pflow_template_foreign),
		cmocka_unit_test(test_pflow_one_set),
		cmocka_unit_test(test_pflow_one_set_reserved_and_broken),
		cmocka_unit_test(test_pflow_no_padding),
		cmocka_unit_test(test_pflow_recs_per_msg),
		cmocka_unit_test(test_pflow_recs_per_msg_v5),
		cmocka_unit_test(test_pflow_ts_granularity),
		cmocka_unit_test(test_pflow_time_order),
		cmocka_unit_test(test_pflow_v5_engine),
		cmocka_unit_test(test_pflow_v5_zero),
		cmocka_unit_test(test_pflow_zero_count),
		cmocka_unit_test(test_pflow_min_octets),
		cmocka_unit_test(test_pflow_tmpl_first),
		cmocka_unit_test(test_pflow_tmpl_refresh),
		cmocka_unit_test(test_pflow_tmpl_refresh_clean),
		cmocka_unit_test(test_pflow_icmp_ports),
		cmocka_unit_test(test_pflow_off),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
