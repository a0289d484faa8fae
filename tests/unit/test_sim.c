/*
 * test_sim.c: the whole gateway on the virtual clock, through the
 * in-process API, for small traffic whose export is derived by hand in
 * each test's comment.
 *
 * Common setting: epoch T = 2026-01-01T00:00:00Z, the gateway booted an
 * hour earlier (uptime 3600 at T), client-side interface 1, server-side
 * 2, one pflow0.  The purge ticks on whole seconds of uptime; with fewer
 * than 64 * interval states every tick scans the whole list.
 */
#include "testutil.h"

#include <sys/socket.h>
#include <netinet/in.h>

#include "cursor.h"
#include "pkt.h"
#include "profile.h"
#include "scn.h"
#include "sim.h"

#define T	1767225600LL
#define TUS	(T * 1000000)
#define MS	1000LL
#define SEC	1000000LL

#define MAXDG	4096

static struct {
	int64_t		 ts;
	size_t		 len;
	uint8_t		 b[2048];
	int		 ifidx;
} dg[MAXDG];
static int ndg;

static void
out(void *arg, int ifidx, int64_t ts, const uint8_t *b, size_t len)
{
	if (ndg < MAXDG) {
		dg[ndg].ts = ts;
		dg[ndg].len = len;
		dg[ndg].ifidx = ifidx;
		memcpy(dg[ndg].b, b, len < 2048 ? len : 2048);
	}
	ndg++;
}

static const uint8_t C[4] = { 198, 18, 1, 2 };
static const uint8_t S[4] = { 198, 18, 2, 2 };
static const uint8_t X[4] = { 198, 18, 2, 1 };

static struct sim *
mk(struct sim_opts *o)
{
	char err[256];
	struct sim *s;

	o->boot_set = 1;
	o->gw.boot_us = TUS - 3600 * SEC;
	ndg = 0;
	s = sim_new(o, out, NULL, err, sizeof(err));
	if (s == NULL)
		print_message("sim_new: %s\n", err);
	assert_non_null(s);
	return s;
}

static void
pkt4(struct sim *s, int64_t ts, int side, uint8_t proto, const uint8_t *src,
    uint16_t sp, const uint8_t *dst, uint16_t dp, uint8_t flags,
    uint32_t len)
{
	struct pkt p;

	memset(&p, 0, sizeof(p));
	addr_set4(&p.src, src);
	addr_set4(&p.dst, dst);
	p.proto = proto;
	p.sport = sp;
	p.dport = dp;
	p.tcp_flags = flags;
	p.l3_len = len;
	if (proto == IPPROTO_ICMP) {
		p.icmp_type = (uint8_t)dp;
		p.sport = sp;
	}
	assert_int_equal(sim_packet(s, ts, &p, side), 0);
}

/* the 12 packets of gen's lang-tcp-fin.scn: 644 / 4588 octets */
static void
tcp_fin_conn(struct sim *s, int64_t t0, uint16_t sp)
{
	pkt4(s, t0 + 0 * MS, 0, 6, C, sp, S, 80, 0x02, 44);
	pkt4(s, t0 + 1 * MS, 1, 6, S, 80, C, sp, 0x12, 44);
	pkt4(s, t0 + 2 * MS, 0, 6, C, sp, S, 80, 0x10, 40);
	pkt4(s, t0 + 3 * MS, 0, 6, C, sp, S, 80, 0x18, 440);
	pkt4(s, t0 + 4 * MS, 1, 6, S, 80, C, sp, 0x10, 40);
	pkt4(s, t0 + 5 * MS, 1, 6, S, 80, C, sp, 0x10, 1488);
	pkt4(s, t0 + 7 * MS, 1, 6, S, 80, C, sp, 0x10, 1488);
	pkt4(s, t0 + 9 * MS, 1, 6, S, 80, C, sp, 0x18, 1488);
	pkt4(s, t0 + 10 * MS, 0, 6, C, sp, S, 80, 0x10, 40);
	pkt4(s, t0 + 11 * MS, 0, 6, C, sp, S, 80, 0x11, 40);
	pkt4(s, t0 + 12 * MS, 1, 6, S, 80, C, sp, 0x11, 40);
	pkt4(s, t0 + 13 * MS, 0, 6, C, sp, S, 80, 0x10, 40);
}

static int
is_tmpl(int i)
{
	return be16(dg[i].b) == 10 && be16(dg[i].b + 16) == 2;
}

static int
count_tmpl(void)
{
	int i, n = 0;

	for (i = 0; i < ndg && i < MAXDG; i++)
		n += is_tmpl(i);
	return n;
}

/* the index of the n-th data datagram (from 0), or -1 */
static int
data_dg(int n)
{
	int i;

	for (i = 0; i < ndg && i < MAXDG; i++)
		if (!is_tmpl(i) && n-- == 0)
			return i;
	return -1;
}

/*
 * One TCP connection closed by FIN, openbsd-7.8, IPFIX, pflow on the
 * inbound rule.
 *  - pflow0 comes up at the first packet: template at T, sequence 0;
 *    then every 30 s: T+30, T+60, T+90, T+120.
 *  - the SYN enters on if 1: in-state (pflow) on 1; leaving on if 2 it
 *    makes the out-state (no pflow).  The last packet (ACK of the
 *    server's FIN, T+13 ms) leaves both peers FIN_WAIT_2: tcp.closed
 *    90 s from expire = 3600 -> deadline 3690 = T+90.
 *  - at T+90 the template timeout runs first (pflow timeouts run from
 *    softclock, the purge only queues a task), re-arming itself for
 *    T+120; then the purge removes both states (out-state first, reverse
 *    list order); the in-state is packed: start = end = (T+90 - (3690 -
 *    3600)) * 1000 = T*1000 and the v4 buffer timer is armed for T+120,
 *    after the template's: at T+120 the template goes first (sequence
 *    0), then the data (sequence 0), and then nothing is left.
 *  - record 1: C:40000 -> S:80, in 1 out 1, 6 packets, 644 octets;
 *    record 2: S:80 -> C:40000, 6 packets, 4588 octets.
 */
static void
test_sim_tcp_fin_78_ipfix(void **state)
{
	struct sim_opts o;
	struct sim *s;
	const uint8_t *r;
	int d;

	sim_opts_defaults(&o, profile_get("openbsd-7.8"));
	s = mk(&o);
	tcp_fin_conn(s, TUS, 40000);
	sim_finish(s);
	assert_int_equal(ndg, 6);
	assert_int_equal(count_tmpl(), 5);
	d = data_dg(0);
	assert_int_equal(d, 5);
	assert_true(dg[d].ts == TUS + 120 * SEC);
	assert_true(dg[4].ts == TUS + 120 * SEC);
	assert_int_equal(be32(dg[4].b + 8), 0);
	assert_true(dg[3].ts == TUS + 90 * SEC);
	assert_int_equal(dg[d].len, 16 + 4 + 2 * 54);
	assert_int_equal(be32(dg[d].b + 4), T + 120);
	assert_int_equal(be32(dg[d].b + 8), 0);
	assert_int_equal(be32(dg[d].b + 12), 42);
	assert_int_equal(be16(dg[d].b + 16), 256);
	r = dg[d].b + 20;
	assert_memory_equal(r, C, 4);
	assert_memory_equal(r + 4, S, 4);
	assert_int_equal(be32(r + 8), 1);
	assert_int_equal(be32(r + 12), 1);
	assert_true(be64(r + 16) == 6);
	assert_true(be64(r + 24) == 644);
	assert_true(be64(r + 32) == (uint64_t)T * 1000);
	assert_true(be64(r + 40) == (uint64_t)T * 1000);
	assert_int_equal(be16(r + 48), 40000);
	assert_int_equal(be16(r + 50), 80);
	assert_int_equal(r[52], 0);
	assert_int_equal(r[53], 6);
	r += 54;
	assert_memory_equal(r, S, 4);
	assert_true(be64(r + 16) == 6);
	assert_true(be64(r + 24) == 4588);
	assert_int_equal(be16(r + 48), 80);
	assert_true(sim_get_stats(s)->end_us == TUS + 120 * SEC);
	sim_free(s);
}

/*
 * The same connection in NetFlow v5: no templates; the record's First
 * and Last are uptime ms (3600000, 1 s resolution); the datagram goes at
 * T+120 with sysuptime 3720000, unix_secs T+120, flow_sequence 0.
 */
static void
test_sim_tcp_fin_78_v5(void **state)
{
	struct sim_opts o;
	struct sim *s;
	const uint8_t *r;

	sim_opts_defaults(&o, profile_get("openbsd-7.8"));
	o.gw.pflow[0].proto = 5;
	s = mk(&o);
	tcp_fin_conn(s, TUS, 40000);
	sim_finish(s);
	assert_int_equal(ndg, 1);
	assert_int_equal(dg[0].len, 24 + 2 * 48);
	assert_int_equal(be16(dg[0].b + 2), 2);
	assert_int_equal(be32(dg[0].b + 4), 3720000);
	assert_int_equal(be32(dg[0].b + 8), T + 120);
	assert_int_equal(be32(dg[0].b + 16), 0);
	r = dg[0].b + 24;
	assert_int_equal(be32(r + 20), 644);
	assert_int_equal(be32(r + 24), 3600000);
	assert_int_equal(be32(r + 28), 3600000);
	sim_free(s);
}

/*
 * pflow on both rules: two states per connection, 4 records.  List
 * order [in-state(if 1), out-state(if 2)], removed in reverse at T+90:
 * records 1-2 are the out-state's (in = out = 2), 3-4 the in-state's
 * (in = out = 1); counters identical.
 */
static void
test_sim_two_states(void **state)
{
	struct sim_opts o;
	struct sim *s;
	const uint8_t *r;
	int d;

	sim_opts_defaults(&o, profile_get("openbsd-7.8"));
	o.gw.pflow_in = o.gw.pflow_out = 1;
	s = mk(&o);
	tcp_fin_conn(s, TUS, 40000);
	sim_finish(s);
	d = data_dg(0);
	assert_true(d >= 0);
	assert_int_equal(dg[d].len, 16 + 4 + 4 * 54);
	r = dg[d].b + 20;
	assert_int_equal(be32(r + 8), 2);
	assert_int_equal(be32(r + 12), 2);
	assert_memory_equal(r, C, 4);
	assert_true(be64(r + 24) == 644);
	assert_int_equal(be32(r + 54 + 8), 2);
	assert_true(be64(r + 54 + 24) == 4588);
	assert_int_equal(be32(r + 108 + 8), 1);
	assert_true(be64(r + 108 + 24) == 644);
	assert_int_equal(be32(r + 162 + 12), 1);
	assert_int_equal(data_dg(1), -1);
	sim_free(s);
}

/*
 * nat-to 198.18.2.1 on the server side, ports 50001-50100, pflow on the
 * out rule.  The out-state's stack key holds the client's own address
 * (pre-NAT), its wire key X:50001.  Under 7.8 the record says C:40000 ->
 * S:80 (template 256); under -current the state is translated, so it
 * goes in template 257 with postNATSourceIPv4Address X and
 * postNAPTSourceTransportPort 50001.  The server's replies come back to
 * X:50001 and are counted in the same state (6 packets, 4588 octets).
 */
static void
nat_conn(struct sim *s)
{
	pkt4(s, TUS + 0 * MS, 0, 6, C, 40000, S, 80, 0x02, 44);
	pkt4(s, TUS + 1 * MS, 1, 6, S, 80, X, 50001, 0x12, 44);
	pkt4(s, TUS + 2 * MS, 0, 6, C, 40000, S, 80, 0x10, 40);
	pkt4(s, TUS + 3 * MS, 1, 6, S, 80, X, 50001, 0x11, 40);
	pkt4(s, TUS + 4 * MS, 0, 6, C, 40000, S, 80, 0x11, 40);
	pkt4(s, TUS + 5 * MS, 1, 6, S, 80, X, 50001, 0x10, 40);
}

static void
test_sim_nat(void **state)
{
	struct sim_opts o;
	struct sim *s;
	const uint8_t *r;
	int d;

	sim_opts_defaults(&o, profile_get("openbsd-7.8"));
	o.gw.pflow_in = 0;
	o.gw.pflow_out = 1;
	o.gw.nat.on = 1;
	addr_set4(&o.gw.nat.to, X);
	o.gw.nat.port_lo = 50001;
	o.gw.nat.port_hi = 50100;
	s = mk(&o);
	nat_conn(s);
	sim_finish(s);
	assert_int_equal(sim_get_stats(s)->dropped, 0);
	d = data_dg(0);
	assert_true(d >= 0);
	assert_int_equal(be16(dg[d].b + 16), 256);
	r = dg[d].b + 20;
	assert_memory_equal(r, C, 4);
	assert_int_equal(be16(r + 48), 40000);
	assert_int_equal(be32(r + 8), 2);
	assert_true(be64(r + 16) == 3);
	assert_true(be64(r + 54 + 16) == 3);
	assert_true(be64(r + 54 + 24) == 124);
	sim_free(s);

	sim_opts_defaults(&o, profile_get("openbsd-current"));
	o.gw.pflow_in = 0;
	o.gw.pflow_out = 1;
	o.gw.nat.on = 1;
	addr_set4(&o.gw.nat.to, X);
	o.gw.nat.port_lo = 50001;
	o.gw.nat.port_hi = 50100;
	s = mk(&o);
	nat_conn(s);
	sim_finish(s);
	d = data_dg(0);
	assert_int_equal(be16(dg[d].b + 16), 257);
	assert_int_equal(dg[d].len, 16 + 4 + 2 * 66);
	r = dg[d].b + 20;
	assert_memory_equal(r, C, 4);
	assert_memory_equal(r + 48, X, 4);
	assert_int_equal(be16(r + 56), 50001);
	assert_int_equal(be16(r + 60), 40000);
	sim_free(s);
}

/*
 * rdr-to: the server side reaches the public X:80, redirected to the
 * inside C:8080.  The in-state (if 2, pflow) is reported with the wire
 * key: S:5555 -> X:80 (pre-translation destination).
 */
static void
test_sim_rdr(void **state)
{
	struct sim_opts o;
	struct sim *s;
	const uint8_t *r;
	int d;

	sim_opts_defaults(&o, profile_get("openbsd-7.8"));
	o.gw.rdr.on = 1;
	addr_set4(&o.gw.rdr.match, X);
	o.gw.rdr.match_port = 80;
	addr_set4(&o.gw.rdr.to, C);
	o.gw.rdr.to_port = 8080;
	s = mk(&o);
	pkt4(s, TUS, 1, 6, S, 5555, X, 80, 0x02, 44);
	pkt4(s, TUS + MS, 0, 6, C, 8080, S, 5555, 0x12, 44);
	pkt4(s, TUS + 2 * MS, 1, 6, S, 5555, X, 80, 0x10, 40);
	sim_finish(s);
	assert_int_equal(sim_get_stats(s)->dropped, 0);
	d = data_dg(0);
	r = dg[d].b + 20;
	assert_memory_equal(r, S, 4);
	assert_memory_equal(r + 4, X, 4);
	assert_int_equal(be16(r + 50), 80);
	assert_int_equal(be32(r + 8), 2);
	assert_true(be64(r + 16) == 2);
	assert_true(be64(r + 54 + 16) == 1);
	sim_free(s);
}

/*
 * A long-lived state: the connection is established and then idle.
 * tcp.established = 86400 s: deadline 3600 + 86400, removed at T+86400,
 * exported at T+86430.  Templates every 30 s all the while: T, T+30, ...
 * T+86430: 86430 / 30 + 1 = 2882 (the last one before the data).
 */
static void
test_sim_long_lived(void **state)
{
	struct sim_opts o;
	struct sim *s;
	int d;

	sim_opts_defaults(&o, profile_get("openbsd-7.8"));
	s = mk(&o);
	pkt4(s, TUS, 0, 6, C, 40000, S, 80, 0x02, 44);
	pkt4(s, TUS + MS, 1, 6, S, 80, C, 40000, 0x12, 44);
	pkt4(s, TUS + 2 * MS, 0, 6, C, 40000, S, 80, 0x10, 40);
	sim_finish(s);
	d = data_dg(0);
	assert_true(d >= 0);
	assert_true(dg[d].ts == TUS + 86430 * SEC);
	assert_int_equal(count_tmpl(), 2882);
	assert_true(be64(dg[d].b + 20 + 40) == (uint64_t)T * 1000);
	sim_free(s);
}

/*
 * UDP query/answer: the answer selects udp.single (30 s) from the
 * answer's second: deadline 3630, exported T+60.  A lone query left
 * unanswered stays on udp.first (60 s): exported T+90, one record.
 */
static void
test_sim_udp(void **state)
{
	struct sim_opts o;
	struct sim *s;
	int d;

	sim_opts_defaults(&o, profile_get("openbsd-7.8"));
	s = mk(&o);
	pkt4(s, TUS, 0, 17, C, 5353, S, 53, 0, 61);
	pkt4(s, TUS + 3 * MS, 1, 17, S, 53, C, 5353, 0, 148);
	pkt4(s, TUS + 4 * MS, 0, 17, C, 5354, S, 53, 0, 61);
	sim_finish(s);
	d = data_dg(0);
	assert_true(dg[d].ts == TUS + 60 * SEC);
	assert_int_equal(dg[d].len, 16 + 4 + 2 * 54);
	assert_true(be64(dg[d].b + 20 + 54 + 24) == 148);
	d = data_dg(1);
	assert_true(dg[d].ts == TUS + 90 * SEC);
	assert_int_equal(dg[d].len, 16 + 4 + 54);
	assert_int_equal(be32(dg[d].b + 8), 2);
	sim_free(s);
}

/*
 * Flush at the end (pfctl -F states right after the last packet at
 * T+13 ms): the state is packed then and the buffer goes 30 s later;
 * end equals start (3600 -> T*1000) and export time T+30.
 */
static void
test_sim_flush(void **state)
{
	struct sim_opts o;
	struct sim *s;
	int d;

	sim_opts_defaults(&o, profile_get("openbsd-7.8"));
	o.gw.flush_at_end = 1;
	s = mk(&o);
	tcp_fin_conn(s, TUS, 40000);
	sim_finish(s);
	d = data_dg(0);
	assert_true(dg[d].ts == TUS + 13 * MS + 30 * SEC);
	sim_free(s);
}

/*
 * The 30-second flush and buffer fill in v5: 30 one-packet UDP flows at
 * T (udp.first 60 s) are removed together at T+60 and fill one v5
 * datagram (30 records) that goes at once, at T+60 rather than T+90.
 * An IPv6 flow next to them never shows in v5.
 */
static void
test_sim_v5_fill_and_ipv6(void **state)
{
	struct sim_opts o;
	struct sim *s;
	struct pkt p;
	int i;

	sim_opts_defaults(&o, profile_get("openbsd-7.8"));
	o.gw.pflow[0].proto = 5;
	s = mk(&o);
	for (i = 0; i < 30; i++)
		pkt4(s, TUS + i, 0, 17, C, (uint16_t)(10000 + i), S, 53, 0, 60);
	memset(&p, 0, sizeof(p));
	p.src.af = p.dst.af = AF_INET6;
	p.src.a[0] = p.dst.a[0] = 0x20;
	p.dst.a[15] = 1;
	p.proto = 17;
	p.sport = 1;
	p.dport = 2;
	p.l3_len = 100;
	sim_packet(s, TUS + 100, &p, 0);
	sim_finish(s);
	assert_int_equal(ndg, 1);
	assert_true(dg[0].ts == TUS + 60 * SEC);
	assert_int_equal(be16(dg[0].b + 2), 30);
	assert_int_equal(sim_get_stats(s)->states, 62);
	sim_free(s);
}

/*
 * v5 over 4 GiB through the gateway: 65600 UDP packets of 65535 octets
 * one way = 4299096000 octets = 0xffffffff (4294967295) + 4128705: two
 * records, the first 0xffffffff, the second 4128705, both with 65600
 * packets.
 */
static void
test_sim_v5_split(void **state)
{
	struct sim_opts o;
	struct sim *s;
	int i;

	sim_opts_defaults(&o, profile_get("openbsd-7.8"));
	o.gw.pflow[0].proto = 5;
	s = mk(&o);
	for (i = 0; i < 65600; i++)
		pkt4(s, TUS + i * 10, 0, 17, C, 9, S, 9, 0, 65535);
	sim_finish(s);
	assert_int_equal(ndg, 1);
	assert_int_equal(be16(dg[0].b + 2), 2);
	assert_int_equal(be32(dg[0].b + 24 + 20), 0xffffffffu);
	assert_int_equal(be32(dg[0].b + 24 + 16), 65600);
	assert_int_equal(be32(dg[0].b + 72 + 20), 4128705);
	assert_int_equal(be32(dg[0].b + 72 + 16), 65600);
	sim_free(s);
}

/*
 * State reuse: a connection closed by FIN, and 5 s later a new SYN on
 * the same ports.  The SYN meets the in-state with both peers
 * FIN_WAIT_2: it is dropped and the state marked for purge; the tick at
 * T+6 removes it (PFTM_PURGE expires at once), so its record goes at
 * T+36 instead of T+120.  The retransmitted SYN (T+6.5) opens a new
 * in-state but is dropped on the out-state (also closed, now marked),
 * the next one (T+7.5) gets through.
 */
static void
test_sim_reuse(void **state)
{
	struct sim_opts o;
	struct sim *s;
	int d;

	sim_opts_defaults(&o, profile_get("openbsd-7.8"));
	s = mk(&o);
	tcp_fin_conn(s, TUS, 40000);
	pkt4(s, TUS + 5 * SEC, 0, 6, C, 40000, S, 80, 0x02, 44);
	assert_int_equal(sim_get_stats(s)->dropped, 1);
	pkt4(s, TUS + 6500 * MS, 0, 6, C, 40000, S, 80, 0x02, 44);
	assert_int_equal(sim_get_stats(s)->dropped, 2);
	pkt4(s, TUS + 7500 * MS, 0, 6, C, 40000, S, 80, 0x02, 44);
	assert_int_equal(sim_get_stats(s)->dropped, 2);
	sim_finish(s);
	assert_int_equal(sim_get_stats(s)->reuse, 2);
	d = data_dg(0);
	assert_true(dg[d].ts == TUS + 36 * SEC);
	assert_true(be64(dg[d].b + 20 + 24) == 644);
	/* the new state: SYNs at 6.5 and 7.5 s, 2 packets 88 octets */
	d = data_dg(1);
	assert_true(d >= 0);
	assert_true(be64(dg[d].b + 20 + 16) == 2);
	assert_true(be64(dg[d].b + 20 + 24) == 88);
	sim_free(s);
}

/*
 * ICMP echo: the request opens the state keyed (id, 8); the reply is
 * counted in it and selects icmp.error (10 s): deadline 3610, export
 * T+40.  sourceTransportPort = id 77, destinationTransportPort = 8.
 */
static void
test_sim_icmp_echo(void **state)
{
	struct sim_opts o;
	struct sim *s;
	const uint8_t *r;
	int d;

	sim_opts_defaults(&o, profile_get("openbsd-7.8"));
	s = mk(&o);
	pkt4(s, TUS, 0, 1, C, 77, S, 8, 0, 84);
	pkt4(s, TUS + MS, 1, 1, S, 77, C, 0, 0, 84);
	sim_finish(s);
	d = data_dg(0);
	assert_true(dg[d].ts == TUS + 40 * SEC);
	r = dg[d].b + 20;
	assert_int_equal(be16(r + 48), 77);
	assert_int_equal(be16(r + 50), 8);
	assert_int_equal(r[53], 1);
	assert_int_equal(be16(r + 54 + 48), 8);
	assert_int_equal(be16(r + 54 + 50), 77);
	sim_free(s);
}

/*
 * Faults at the datagram level keep the exporter's own numbering:
 * "drop dgram 0" loses the first template; "seq-jump +5 at dgram 4"
 * adds 5 to the sequence from the exporter's fifth datagram on (the
 * template of T+120, then the data message); "restart at 100s" re-creates
 * pflow0: a template with sequence 0 at T+100.
 */
static void
test_sim_faults(void **state)
{
	struct sim_opts o;
	struct sim *s;
	char err[256];
	int d, i, found = 0;

	sim_opts_defaults(&o, profile_get("openbsd-7.8"));
	assert_int_equal(fault_parse("drop dgram 0", &o.faults[0], err,
	    sizeof(err)), 0);
	assert_int_equal(fault_parse("seq-jump +5 at dgram 4", &o.faults[1],
	    err, sizeof(err)), 0);
	o.nfaults = 2;
	s = mk(&o);
	tcp_fin_conn(s, TUS, 40000);
	sim_finish(s);
	assert_int_equal(ndg, 5);
	assert_true(dg[0].ts == TUS + 30 * SEC);
	d = data_dg(0);
	assert_int_equal(d, 4);
	assert_int_equal(be32(dg[d].b + 8), 5);
	assert_int_equal(be32(dg[d - 1].b + 8), 5);
	assert_int_equal(be32(dg[d - 2].b + 8), 0);
	sim_free(s);

	sim_opts_defaults(&o, profile_get("openbsd-7.8"));
	assert_int_equal(fault_parse("restart at 100s", &o.faults[0], err,
	    sizeof(err)), 0);
	o.nfaults = 1;
	s = mk(&o);
	tcp_fin_conn(s, TUS, 40000);
	sim_finish(s);
	for (i = 0; i < ndg; i++)
		if (dg[i].ts == TUS + 100 * SEC && is_tmpl(i))
			found = 1;
	assert_true(found);
	/* the pending data went out at the restart, sequence 0 */
	d = data_dg(0);
	assert_true(dg[d].ts == TUS + 100 * SEC);
	sim_free(s);

	assert_int_equal(fault_parse("drop sometimes", &o.faults[0], err,
	    sizeof(err)), -1);
	assert_int_equal(fault_parse("clock-step +1h at 60s", &o.faults[0],
	    err, sizeof(err)), 0);
	assert_true(o.faults[0].delta == 3600 * SEC);
	assert_int_equal(fault_parse("counter +1 record 2", &o.faults[0],
	    err, sizeof(err)), 0);
	assert_int_equal(o.faults[0].index, 2);
}

/* an Ethernet + IPv4 frame (fragment) from the client side */
static size_t
frame4(uint8_t *f, uint16_t id, uint16_t off8, int mf, uint16_t iplen,
    const uint8_t *l4, size_t l4len)
{
	static const uint8_t smac[6] = SCN_MAC_CLIENT_HOST;
	static const uint8_t dmac[6] = SCN_MAC_GW_INSIDE;

	memset(f, 0, 14 + iplen);
	memcpy(f, dmac, 6);
	memcpy(f + 6, smac, 6);
	f[12] = 0x08;
	f[14] = 0x45;
	put16(f + 16, iplen);
	put16(f + 18, id);
	put16(f + 20, (uint16_t)((mf ? 0x2000 : 0) | off8));
	f[22] = 64;
	f[23] = 17;
	memcpy(f + 26, C, 4);
	memcpy(f + 30, S, 4);
	if (l4 != NULL)
		memcpy(f + 34, l4, l4len);
	return 14 + (size_t)iplen;
}

/*
 * A fragmented UDP datagram (3000 octets of payload: UDP length 3008,
 * in IPv4 fragments of 1480 + 1480 + 48 octets) is filtered once, when
 * the last fragment arrives, as one packet of 20 + 3008 = 3028 octets;
 * the fragments in between create nothing.  Fragments of a datagram
 * that never completes are forgotten.
 */
static void
test_sim_fragments(void **state)
{
	struct sim_opts o;
	struct sim *s;
	uint8_t f[1600], udp[8];
	const uint8_t *r;
	size_t n;
	int d;

	sim_opts_defaults(&o, profile_get("openbsd-7.8"));
	s = mk(&o);
	put16(udp, 7000);
	put16(udp + 2, 53);
	put16(udp + 4, 3008);
	put16(udp + 6, 0);
	n = frame4(f, 77, 0, 1, 20 + 1480, udp, 8);
	sim_frame(s, 1, TUS, f, n);
	n = frame4(f, 77, 1480 / 8, 1, 20 + 1480, NULL, 0);
	sim_frame(s, 1, TUS + MS, f, n);
	assert_int_equal(sim_get_stats(s)->packets, 0);
	n = frame4(f, 77, 2960 / 8, 0, 20 + 48, NULL, 0);
	sim_frame(s, 1, TUS + 2 * MS, f, n);
	assert_int_equal(sim_get_stats(s)->packets, 1);
	/* an incomplete one: first fragment only */
	n = frame4(f, 78, 0, 1, 20 + 1480, udp, 8);
	sim_frame(s, 1, TUS + 3 * MS, f, n);
	sim_finish(s);
	assert_int_equal(sim_get_stats(s)->states, 2);	/* in + out */
	d = data_dg(0);
	assert_true(d >= 0);
	assert_int_equal(dg[d].len, 16 + 4 + 54);
	r = dg[d].b + 20;
	assert_true(be64(r + 16) == 1);
	assert_true(be64(r + 24) == 3028);
	assert_int_equal(be16(r + 48), 7000);
	assert_int_equal(be16(r + 50), 53);
	assert_int_equal(data_dg(1), -1);
	sim_free(s);
}

/*
 * Two pflow interfaces, pflow0 IPFIX and pflow1 v5: every state goes to
 * both, pflow1 first (pflowif_list has the newest interface at its
 * head), each with its own buffers and counters.
 */
static void
test_sim_two_interfaces(void **state)
{
	struct sim_opts o;
	struct sim *s;
	int i, n0 = 0, n1 = 0, first_data_if = -1;

	sim_opts_defaults(&o, profile_get("openbsd-7.8"));
	o.gw.npflow = 2;
	o.gw.pflow[1] = o.gw.pflow[0];
	o.gw.pflow[1].proto = 5;
	o.gw.flush_at_end = 1;
	s = mk(&o);
	/* 16 one-packet UDP flows: 16 v5 records; IPFIX waits 30 s */
	for (i = 0; i < 16; i++)
		pkt4(s, TUS + i, 0, 17, C, (uint16_t)(9000 + i), S, 53, 0, 60);
	sim_finish(s);
	for (i = 0; i < ndg; i++) {
		if (dg[i].ifidx == 1) {
			n1++;
			assert_int_equal(be16(dg[i].b), 5);
		} else {
			n0++;
			assert_int_equal(be16(dg[i].b), 10);
		}
		if (first_data_if == -1 && !is_tmpl(i))
			first_data_if = dg[i].ifidx;
	}
	assert_int_equal(n1, 1);
	assert_int_equal(n0, 3);
	/* pflow1 packed first, so its buffer timer fires first */
	assert_int_equal(first_data_if, 1);	/* template, template at T+30, data */
	assert_int_equal(be16(dg[data_dg(0)].b + 2), 16);
	assert_int_equal(sim_get_stats(s)->records, 32);
	sim_free(s);
}

/*
 * "set limit states 4": each forwarded flow takes two states, so the
 * third flow's packet finds the pool full at its inbound pass and is
 * dropped; once the first states are purged (udp.first 60 s: T+60)
 * there is room again for the flow at T+70.
 */
static void
test_sim_state_limit(void **state)
{
	struct sim_opts o;
	struct sim *s;

	sim_opts_defaults(&o, profile_get("openbsd-7.8"));
	o.gw.state_limit = 4;
	s = mk(&o);
	pkt4(s, TUS, 0, 17, C, 1001, S, 53, 0, 60);
	pkt4(s, TUS + 1, 0, 17, C, 1002, S, 53, 0, 60);
	pkt4(s, TUS + 2, 0, 17, C, 1003, S, 53, 0, 60);
	assert_int_equal(sim_get_stats(s)->dropped, 1);
	pkt4(s, TUS + 70 * SEC, 0, 17, C, 1003, S, 53, 0, 60);
	assert_int_equal(sim_get_stats(s)->dropped, 1);
	sim_finish(s);
	assert_int_equal(sim_get_stats(s)->states, 6);
	assert_int_equal(sim_get_stats(s)->limited, 1);
	assert_int_equal(sim_get_stats(s)->records, 3);
	sim_free(s);
}

/* an ICMP port unreachable from src to dst quoting isrc:isp -> idst:idp */
static void
icmp_unreach(struct sim *s, int64_t ts, int side, const uint8_t *src,
    const uint8_t *dst, const uint8_t *isrc, uint16_t isp,
    const uint8_t *idst, uint16_t idp)
{
	static uint8_t q[28];
	struct pkt p;

	memset(q, 0, sizeof(q));
	q[0] = 0x45;
	put16(q + 2, 28);
	q[9] = 17;
	memcpy(q + 12, isrc, 4);
	memcpy(q + 16, idst, 4);
	put16(q + 20, isp);
	put16(q + 22, idp);
	memset(&p, 0, sizeof(p));
	addr_set4(&p.src, src);
	addr_set4(&p.dst, dst);
	p.proto = IPPROTO_ICMP;
	p.icmp_type = 3;
	p.icmp_code = 3;
	p.l3_len = 56;
	p.payload = q;
	p.payload_len = sizeof(q);
	sim_packet(s, ts, &p, side);
}

/*
 * ICMP errors (pf_test_state_icmp): a port unreachable from S quoting
 * the client's datagram C:5000 -> S:53 is looked up as that datagram,
 * in the other direction, finds the states and is counted in their
 * reverse direction: the in-state's record 2 says 1 packet, 56 octets.
 * It does not refresh the state (udp.first 60 s from T: export T+90).
 * Behind nat-to the error comes back to X:50001 and is translated to
 * C:5000 with the state.  An error quoting nothing known is dropped.
 */
static void
test_sim_icmp_error(void **state)
{
	struct sim_opts o;
	struct sim *s;
	const uint8_t *r;
	int d;

	sim_opts_defaults(&o, profile_get("openbsd-7.8"));
	s = mk(&o);
	pkt4(s, TUS, 0, 17, C, 5000, S, 53, 0, 60);
	icmp_unreach(s, TUS + 5 * SEC, 1, S, C, C, 5000, S, 53);
	icmp_unreach(s, TUS + 6 * SEC, 1, S, C, C, 5999, S, 53);
	sim_finish(s);
	assert_int_equal(sim_get_stats(s)->dropped, 1);
	d = data_dg(0);
	assert_true(dg[d].ts == TUS + 90 * SEC);
	assert_int_equal(dg[d].len, 16 + 4 + 2 * 54);
	r = dg[d].b + 20 + 54;
	assert_memory_equal(r, S, 4);
	assert_true(be64(r + 16) == 1);
	assert_true(be64(r + 24) == 56);
	assert_true(be64(r + 40) == (uint64_t)T * 1000);
	sim_free(s);

	sim_opts_defaults(&o, profile_get("openbsd-7.8"));
	o.gw.pflow_in = o.gw.pflow_out = 1;
	o.gw.nat.on = 1;
	addr_set4(&o.gw.nat.to, X);
	o.gw.nat.port_lo = 50001;
	o.gw.nat.port_hi = 50001;
	s = mk(&o);
	pkt4(s, TUS, 0, 17, C, 5000, S, 53, 0, 60);
	icmp_unreach(s, TUS + 5 * SEC, 1, S, X, X, 50001, S, 53);
	sim_finish(s);
	assert_int_equal(sim_get_stats(s)->dropped, 0);
	d = data_dg(0);
	/* both states: out-state then in-state, each with the error */
	assert_int_equal(dg[d].len, 16 + 4 + 4 * 54);
	r = dg[d].b + 20;
	assert_true(be64(r + 54 + 24) == 56);
	assert_true(be64(r + 3 * 54 + 24) == 56);
	assert_memory_equal(r + 3 * 54 + 4, C, 4);
	sim_free(s);
}

/*
 * A capture that starts mid-connection, with "flags any": the first ACK
 * opens the state (SYN_SENT:CLOSED, tcp.first); the server's first
 * packet lifts it to SYN_SENT (pf: first packet from this end) and its
 * ACK makes the client ESTABLISHED; the client's next ACK makes the
 * server ESTABLISHED: tcp.established, exported a day later.  Without
 * "flags any" the mid-stream packets are blocked and nothing is exported.
 */
static void
test_sim_midstream(void **state)
{
	struct sim_opts o;
	struct sim *s;
	int d;

	sim_opts_defaults(&o, profile_get("openbsd-7.8"));
	o.flags_any = 1;
	s = mk(&o);
	pkt4(s, TUS, 0, 6, C, 40000, S, 80, 0x10, 540);
	pkt4(s, TUS + MS, 1, 6, S, 80, C, 40000, 0x10, 40);
	pkt4(s, TUS + 2 * MS, 0, 6, C, 40000, S, 80, 0x10, 540);
	sim_finish(s);
	d = data_dg(0);
	assert_true(d >= 0);
	assert_true(dg[d].ts == TUS + 86430 * SEC);
	sim_free(s);

	sim_opts_defaults(&o, profile_get("openbsd-7.8"));
	s = mk(&o);
	pkt4(s, TUS, 0, 6, C, 40000, S, 80, 0x10, 540);
	pkt4(s, TUS + MS, 1, 6, S, 80, C, 40000, 0x10, 40);
	sim_finish(s);
	assert_int_equal(sim_get_stats(s)->dropped, 2);
	assert_int_equal(data_dg(0), -1);
	sim_free(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sim_tcp_fin_78_ipfix),
		cmocka_unit_test(test_sim_tcp_fin_78_v5),
		cmocka_unit_test(test_sim_two_states),
		cmocka_unit_test(test_sim_nat),
		cmocka_unit_test(test_sim_rdr),
		cmocka_unit_test(test_sim_long_lived),
		cmocka_unit_test(test_sim_udp),
		cmocka_unit_test(test_sim_flush),
		cmocka_unit_test(test_sim_v5_fill_and_ipv6),
		cmocka_unit_test(test_sim_v5_split),
		cmocka_unit_test(test_sim_reuse),
		cmocka_unit_test(test_sim_icmp_echo),
		cmocka_unit_test(test_sim_faults),
		cmocka_unit_test(test_sim_fragments),
		cmocka_unit_test(test_sim_two_interfaces),
		cmocka_unit_test(test_sim_state_limit),
		cmocka_unit_test(test_sim_icmp_error),
		cmocka_unit_test(test_sim_midstream),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
