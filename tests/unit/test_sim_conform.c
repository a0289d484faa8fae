/*
 * test_sim_conform.c: every stream the simulator writes passes the
 * conformance rules (verify/conform.h, the same engine the collector
 * runs) with no finding, for each exporter profile and protocol; and a
 * fault asked for gives exactly the finding it plants.
 */
#include "testutil.h"

#include <sys/socket.h>
#include <netinet/in.h>

#include "conform.h"
#include "cursor.h"
#include "pkt.h"
#include "profile.h"
#include "sim.h"
#include "tcache.h"

#define T	1767225600LL
#define SEC	1000000LL
#define MS	1000LL

struct run {
	struct conform	*c;
	struct tcache	*tc;
	const struct gw_conf *gw;
	uint64_t	 n;
	int		 nf;
	char		 rules[64][32];
};

static void
emit(void *arg, const struct finding *f)
{
	struct run *r = arg;

	print_message("finding %s dgram %llu: %s (expected %s, observed %s)\n",
	    f->rule, (unsigned long long)f->dgram, f->msg, f->expected,
	    f->observed);
	if (r->nf < 64)
		snprintf(r->rules[r->nf], sizeof(r->rules[0]), "%s", f->rule);
	r->nf++;
}

static void
out(void *arg, int ifidx, int64_t ts, const uint8_t *b, size_t len)
{
	struct run *r = arg;
	struct exporter exp;
	struct msg m;

	exp.addr = r->gw->pflow[ifidx].flowsrc;
	exp.port = (uint16_t)(49152 + ifidx);
	memset(&m, 0, sizeof(m));
	m.exp = &exp;
	m.index = r->n++;
	m.arrival_us = ts;
	m.dgram_len = len;
	(void)conform_datagram(r->c, b, len, &m, r->tc, NULL);
}

static void
p4(struct sim *s, int64_t ts, int side, uint8_t proto, uint32_t a,
    uint16_t sp, uint32_t b, uint16_t dp, uint8_t fl, uint32_t len)
{
	struct pkt p;
	uint8_t x[4], y[4];

	put32(x, a);
	put32(y, b);
	memset(&p, 0, sizeof(p));
	addr_set4(&p.src, x);
	addr_set4(&p.dst, y);
	p.proto = proto;
	p.sport = sp;
	p.dport = dp;
	p.tcp_flags = fl;
	p.l3_len = len;
	if (proto == IPPROTO_ICMP)
		p.icmp_type = (uint8_t)dp;
	sim_packet(s, ts, &p, side);
}

#define CL(i)	(0xc6120100u + (uint32_t)(i))	/* 198.18.1.x */
#define SV(i)	(0xc6120200u + (uint32_t)(i))	/* 198.18.2.x */

/* a mix: TCP closed by FIN or RST or left open, UDP, ICMP, IPv6 UDP */
static void
traffic(struct sim *s)
{
	int i;
	int64_t t;

	for (i = 0; i < 60; i++) {
		uint16_t sp = (uint16_t)(40000 + i);

		t = T * SEC + i * 700 * MS;
		p4(s, t, 0, 6, CL(2), sp, SV(2), 80, 0x02, 44);
		p4(s, t + 1 * MS, 1, 6, SV(2), 80, CL(2), sp, 0x12, 44);
		p4(s, t + 2 * MS, 0, 6, CL(2), sp, SV(2), 80, 0x10, 40);
		p4(s, t + 3 * MS, 0, 6, CL(2), sp, SV(2), 80, 0x18, 540);
		p4(s, t + 4 * MS, 1, 6, SV(2), 80, CL(2), sp, 0x18, 1500);
		if (i % 3 == 0) {
			p4(s, t + 5 * MS, 0, 6, CL(2), sp, SV(2), 80, 0x11, 40);
			p4(s, t + 6 * MS, 1, 6, SV(2), 80, CL(2), sp, 0x11, 40);
			p4(s, t + 7 * MS, 0, 6, CL(2), sp, SV(2), 80, 0x10, 40);
		} else if (i % 3 == 1)
			p4(s, t + 5 * MS, 1, 6, SV(2), 80, CL(2), sp, 0x04, 40);
		p4(s, t + 8 * MS, 0, 17, CL(3), sp, SV(3), 53, 0, 61);
		if (i % 2 == 0)
			p4(s, t + 9 * MS, 1, 17, SV(3), 53, CL(3), sp, 0, 200);
		if (i % 10 == 0) {
			p4(s, t + 10 * MS, 0, 1, CL(4), (uint16_t)i, SV(4), 8,
			    0, 84);
			p4(s, t + 11 * MS, 1, 1, SV(4), (uint16_t)i, CL(4), 0,
			    0, 84);
		}
		if (i % 7 == 0) {
			struct pkt p;

			memset(&p, 0, sizeof(p));
			p.src.af = p.dst.af = AF_INET6;
			p.src.a[0] = p.dst.a[0] = 0x20;
			p.src.a[1] = p.dst.a[1] = 0x01;
			p.src.a[15] = 1;
			p.dst.a[15] = 2;
			p.proto = 17;
			p.sport = sp;
			p.dport = 123;
			p.l3_len = 76;
			sim_packet(s, t + 12 * MS, &p, 0);
		}
	}
}

/* run the traffic; returns the number of findings */
static int
run_case(const char *profile, int proto, int both, int nat, int two,
    const char *fault, struct run *r)
{
	struct sim_opts o;
	struct conform_opts co;
	struct sim *s;
	char err[256];

	sim_opts_defaults(&o, profile_get(profile));
	o.gw.pflow[0].proto = proto;
	if (proto == 5)
		o.gw.pflow[0].flowdst.port = 2055;
	o.gw.pflow_out = both;
	if (nat) {
		uint8_t x[4] = { 198, 18, 2, 1 };

		o.gw.pflow_out = 1;
		o.gw.nat.on = 1;
		addr_set4(&o.gw.nat.to, x);
		o.gw.nat.port_lo = 50000;
		o.gw.nat.port_hi = 59999;
	}
	if (two) {
		o.gw.npflow = 2;
		o.gw.pflow[1] = o.gw.pflow[0];
		o.gw.pflow[1].proto = proto == 5 ? 10 : 5;
		o.gw.pflow[1].flowdst.port = proto == 5 ? 4739 : 2055;
	}
	if (fault != NULL) {
		assert_int_equal(fault_parse(fault, &o.faults[0], err,
		    sizeof(err)), 0);
		o.nfaults = 1;
	}
	memset(r, 0, sizeof(*r));
	memset(&co, 0, sizeof(co));
	co.profile = profile_get(profile);
	co.emit = emit;
	co.arg = r;
	assert_non_null(r->c = conform_new(&co));
	assert_non_null(r->tc = tcache_new());
	s = sim_new(&o, out, r, err, sizeof(err));
	assert_non_null(s);
	r->gw = sim_gw(s);
	traffic(s);
	sim_finish(s);
	conform_finish(r->c);
	print_message("%s v%d both %d nat %d two %d fault %s: %llu datagrams, "
	    "%llu records, %d findings\n", profile, proto, both, nat, two,
	    fault != NULL ? fault : "-", (unsigned long long)r->n,
	    (unsigned long long)sim_get_stats(s)->records, r->nf);
	assert_true(sim_get_stats(s)->records > 100);
	sim_free(s);
	conform_free(r->c);
	tcache_free(r->tc);
	return r->nf;
}

static void
test_sim_conform_clean(void **state)
{
	static const char *const prof[] = { "openbsd-7.8", "openbsd-current" };
	struct run r;
	int p, v, both, nat;

	for (p = 0; p < 2; p++)
		for (v = 5; v <= 10; v += 5)
			for (both = 0; both < 2; both++)
				for (nat = 0; nat < 2; nat++)
					assert_int_equal(run_case(prof[p], v,
					    both, nat, 0, NULL, &r), 0);
	assert_int_equal(run_case("openbsd-7.8", 10, 1, 0, 1, NULL, &r), 0);
	assert_int_equal(run_case("openbsd-current", 5, 0, 1, 1, NULL, &r),
	    0);
}

/* each fault: exactly one finding, of the rule it exists to trip */
static void
test_sim_conform_faults(void **state)
{
	static const struct {
		const char	*prof;
		int		 proto;
		const char	*fault;
		const char	*rule;
	} t[] = {
		{ "openbsd-7.8", 10, "drop data 1", "IPFIX-SEQ" },
		{ "openbsd-7.8", 10, "seq-jump +7 at dgram 6", "IPFIX-SEQ" },
		{ "openbsd-7.8", 10, "dup data 2", "IPFIX-SEQ-DUP" },
		{ "openbsd-current", 10, "restart at 100s", "IPFIX-SEQ-RESET" },
		{ "openbsd-7.8", 5, "drop data 1", "V5-SEQ" },
		{ "openbsd-7.8", 5, "dup data 1", "V5-SEQ-DUP" },
	};
	struct run r;
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		assert_int_equal(run_case(t[i].prof, t[i].proto, 0, 0, 0,
		    t[i].fault, &r), 1);
		assert_string_equal(r.rules[0], t[i].rule);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sim_conform_clean),
		cmocka_unit_test(test_sim_conform_faults),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
