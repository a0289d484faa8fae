/*
 * test_sim_live.c: the simulator's live-mode API (sim_begin, sim_advance,
 * sim_next_event_us, sim_frame_side, sim_shutdown) that `pflowlab sim
 * --live` drives from the real clock, here with explicit times so the
 * results are exact: the clock module stays real, the side is the one
 * given (not the MACs'), timers run when advanced to, and the shutdown
 * flushes states and buffers at once.  (The capture and UDP parts are
 * tested end to end in tests/sh/rig_sim_live.sh.)
 *
 * Times: T0 = 1795789000.5 s (half a second past a wall second); with
 * no boot time given the gateway booted 3600 whole seconds before
 * floor(T0), so the purge ticks on whole wall seconds.
 */
#include "testutil.h"

#include <sys/socket.h>
#include <netinet/in.h>

#include "clock.h"
#include "cursor.h"
#include "profile.h"
#include "scn.h"
#include "sim.h"

#define SEC	1000000LL
#define T0	(1795789000LL * SEC + SEC / 2)

#define MAXDG	64

static struct {
	int64_t		 ts;
	size_t		 len;
	uint8_t		 b[2048];
} dg[MAXDG];
static int ndg;

static void
out(void *arg, int ifidx, int64_t ts, const uint8_t *b, size_t len)
{
	(void)arg;
	(void)ifidx;
	if (ndg < MAXDG) {
		dg[ndg].ts = ts;
		dg[ndg].len = len;
		memcpy(dg[ndg].b, b, len < 2048 ? len : 2048);
	}
	ndg++;
}

static const uint8_t C[4] = { 198, 18, 1, 2 };
static const uint8_t S[4] = { 198, 18, 2, 2 };
static const uint8_t mac_client[6] = SCN_MAC_CLIENT_HOST;
static const uint8_t mac_server[6] = SCN_MAC_SERVER_HOST;

static struct sim *
mk(uint32_t udp_timeout)
{
	struct sim_opts o;
	char err[256];
	struct sim *s;

	sim_opts_defaults(&o, profile_get("openbsd-7.8"));
	o.live = 1;
	if (udp_timeout != 0) {
		o.gw.timeouts[PFTM_UDP_FIRST_PACKET] = udp_timeout;
		o.gw.timeouts[PFTM_UDP_SINGLE] = udp_timeout;
		o.gw.timeouts[PFTM_UDP_MULTIPLE] = udp_timeout;
	}
	ndg = 0;
	s = sim_new(&o, out, NULL, err, sizeof(err));
	assert_non_null(s);
	return s;
}

/* an Ethernet + IPv4 + UDP frame of ip_len octets of IP packet */
static size_t
udp_frame(uint8_t *f, const uint8_t *smac, const uint8_t *dmac,
    const uint8_t *src, uint16_t sp, const uint8_t *dst, uint16_t dp,
    uint16_t ip_len)
{
	memset(f, 0, 14 + (size_t)ip_len);
	memcpy(f, dmac, 6);
	memcpy(f + 6, smac, 6);
	f[12] = 0x08;
	f[14] = 0x45;
	put16(f + 16, ip_len);
	f[22] = 64;
	f[23] = IPPROTO_UDP;
	memcpy(f + 26, src, 4);
	memcpy(f + 30, dst, 4);
	put16(f + 34, sp);
	put16(f + 36, dp);
	put16(f + 38, (uint16_t)(ip_len - 20));
	return 14 + (size_t)ip_len;
}

static int
is_tmpl(int i)
{
	return be16(dg[i].b) == 10 && be16(dg[i].b + 16) == 2;
}

/* Up at T0: the template goes out at once, the clock stays real, the
 * next event is the purge tick on the next whole second. */
static void
test_live_begin(void **state)
{
	struct sim *s = mk(0);

	(void)state;
	assert_int_equal(sim_next_event_us(s), INT64_MAX);
	sim_begin(s, T0);
	assert_int_equal(clock_is_virtual(), 0);
	assert_int_equal(ndg, 1);
	assert_true(is_tmpl(0));
	assert_int_equal(dg[0].ts, T0);
	assert_int_equal(sim_next_event_us(s), T0 + SEC / 2);
	sim_advance(s, T0 + SEC / 2);
	assert_int_equal(sim_next_event_us(s), T0 + SEC / 2 + SEC);
	sim_shutdown(s);
	assert_int_equal(ndg, 1);	/* nothing to flush */
	sim_free(s);
	assert_int_equal(clock_is_virtual(), 0);
}

/*
 * A UDP exchange whose frames carry the opposite side's MACs: the side
 * given wins (the request enters on the client side, interface 1).  The
 * shutdown at T0 + 0.9 s removes the state and sends its two records at
 * once (not at the 30 s flush timeout), with start/end in whole seconds.
 */
static void
test_live_side_and_shutdown(void **state)
{
	struct sim *s = mk(0);
	const struct sim_stats *st;
	uint8_t f[256];
	const uint8_t *r;
	size_t n;
	int d;

	(void)state;
	sim_begin(s, T0);
	n = udp_frame(f, mac_server, mac_client, C, 5000, S, 53, 68);
	assert_int_equal(sim_frame_side(s, 1, T0 + SEC / 10, f, n,
	    SIM_CLIENT), 0);
	n = udp_frame(f, mac_client, mac_server, S, 53, C, 5000, 128);
	assert_int_equal(sim_frame_side(s, 1, T0 + 2 * SEC / 10, f, n,
	    SIM_SERVER), 0);
	sim_advance(s, T0 + 9 * SEC / 10);
	assert_int_equal(ndg, 1);	/* the state lives, nothing sent */
	sim_shutdown(s);
	st = sim_get_stats(s);
	assert_int_equal(st->packets, 2);
	assert_int_equal(st->dropped, 0);
	assert_int_equal(st->states, 2);	/* in on 1, out on 2 */
	assert_int_equal(st->flushed, 2);
	assert_int_equal(st->records, 2);
	assert_int_equal(ndg, 2);
	d = 1;
	assert_false(is_tmpl(d));
	assert_int_equal(dg[d].ts, T0 + 9 * SEC / 10);
	/* header 16, set header 4, then 54-octet records (template 256) */
	assert_int_equal(be16(dg[d].b + 16), 256);
	assert_int_equal(dg[d].len, 16 + 4 + 2 * 54);
	r = dg[d].b + 20;
	assert_memory_equal(r, C, 4);		/* sourceIPv4Address */
	assert_int_equal(be32(r + 8), 1);	/* ingressInterface */
	assert_int_equal(be64(r + 16), 1);	/* packetDeltaCount */
	assert_int_equal(be64(r + 24), 68);	/* octetDeltaCount */
	assert_int_equal(be64(r + 32), 1795789000LL * 1000);
	assert_int_equal(be64(r + 40), 1795789000LL * 1000);
	r += 54;
	assert_memory_equal(r, S, 4);
	assert_int_equal(be64(r + 24), 128);
	sim_free(s);
}

/*
 * udp.* = 1 s: the state (last packet at uptime second 0 of T0) expires
 * in a purge tick the advance runs, its records wait in the buffer, and
 * the buffer leaves at its 30 s timeout when the clock is advanced past
 * it; the shutdown then has nothing left to flush.
 */
static void
test_live_expiry(void **state)
{
	struct sim *s = mk(1);
	const struct sim_stats *st;
	uint8_t f[256];
	int64_t next;
	size_t n;

	(void)state;
	sim_begin(s, T0);
	n = udp_frame(f, mac_client, mac_server, C, 5000, S, 53, 68);
	sim_frame_side(s, 1, T0 + SEC / 10, f, n, SIM_CLIENT);
	sim_advance(s, T0 + 5 * SEC);
	assert_int_equal(ndg, 1);		/* records buffered */
	next = sim_next_event_us(s);
	assert_true(next > T0 + 5 * SEC);
	sim_advance(s, T0 + 40 * SEC);
	assert_int_equal(ndg, 3);		/* + template at 30 s, data */
	assert_int_equal(be16(dg[2].b + 16), 256);
	/* last update at uptime U (T0 + 0.1 s), expires at U + 1: removed
	 * by the tick at the next whole second (T0 + 0.5 s), sent 30 s
	 * later */
	assert_int_equal(dg[2].ts, T0 + SEC / 2 + 30 * SEC);
	sim_shutdown(s);
	st = sim_get_stats(s);
	assert_int_equal(st->removed, 2);
	assert_int_equal(st->flushed, 0);
	assert_int_equal(ndg, 3);
	sim_free(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_live_begin),
		cmocka_unit_test(test_live_side_and_shutdown),
		cmocka_unit_test(test_live_expiry),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
