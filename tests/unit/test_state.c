/*
 * test_state.c: the PF state table model: key layout and lookup by
 * direction, translation keys, pf_state_expires with adaptive scaling,
 * and the purge pass as sys/net/pf.c runs it (share per second, batches
 * of 64, reverse removal order, cursor).
 */
#include "testutil.h"

#include <sys/socket.h>

#include "profile.h"
#include "purge.h"
#include "state.h"

static const uint8_t c4[4] = { 198, 18, 1, 2 };
static const uint8_t s4[4] = { 198, 18, 2, 2 };
static const uint8_t x4[4] = { 198, 18, 2, 1 };

static uint32_t tmo[PFTM_MAX];

static void
defaults(void)
{
	memcpy(tmo, profile_get("openbsd-7.8")->timeouts, sizeof(tmo));
}

/* a linked state created by a packet C:1000 -> S:80 seen inbound */
static struct pf_state *
mk(struct state_table *t, uint16_t sport, int32_t expire, int timeout)
{
	struct pf_state *st = state_alloc(t);

	state_key_make(&st->kn[0].key, PF_IN, AF_INET, 6, c4, sport, s4, 80);
	st->kn[1].key = st->kn[0].key;
	st->direction = PF_IN;
	st->timeout = (uint8_t)timeout;
	st->expire = expire;
	assert_int_equal(state_insert(t, st), 0);
	return st;
}

/*
 * Key layout: inbound, source at index 0; outbound, source at index 1.
 * So the reply of an inbound state, seen outbound on the same
 * interface, builds the same key: (dst of reply at 0) = the initiator.
 */
static void
test_state_key_layout_and_lookup(void **state)
{
	struct state_table t;
	struct pf_key k;
	struct pf_state *st, *p;

	defaults();
	assert_int_equal(state_table_init(&t), 0);
	st = mk(&t, 1000, 0, PFTM_TCP_FIRST_PACKET);
	assert_memory_equal(st->kn[0].key.addr[0], c4, 4);
	assert_int_equal(st->kn[0].key.port[0], 1000);
	/* forward packet inbound: found through the wire key */
	state_key_make(&k, PF_IN, AF_INET, 6, c4, 1000, s4, 80);
	assert_ptr_equal(state_find(&t, &k, state_key_hash(&k), PF_IN, &p),
	    st);
	/* reply S -> C outbound on the same interface: same key */
	state_key_make(&k, PF_OUT, AF_INET, 6, s4, 80, c4, 1000);
	assert_ptr_equal(state_find(&t, &k, state_key_hash(&k), PF_OUT, &p),
	    st);
	/* the forward packet outbound (other interface): other key */
	state_key_make(&k, PF_OUT, AF_INET, 6, c4, 1000, s4, 80);
	assert_null(state_find(&t, &k, state_key_hash(&k), PF_OUT, &p));
	/* purge-marked states are not found, but reported */
	st->timeout = PFTM_PURGE;
	state_key_make(&k, PF_IN, AF_INET, 6, c4, 1000, s4, 80);
	assert_null(state_find(&t, &k, state_key_hash(&k), PF_IN, &p));
	assert_ptr_equal(p, st);
	state_table_free(&t);
}

/*
 * nat-to on an outbound state: stack key = the packet from the client
 * (C:1000 -> S:80, outbound: S at 0, C at 1), wire key = after nat
 * (S at 0, X:50001 at 1).  Outbound packets match the stack key, the
 * replies inbound match the wire key.
 */
static void
test_state_translated_keys(void **state)
{
	struct state_table t;
	struct pf_state *st;
	struct pf_key k;

	assert_int_equal(state_table_init(&t), 0);
	st = state_alloc(&t);
	state_key_make(&st->kn[PF_SK_STACK].key, PF_OUT, AF_INET, 6, c4, 1000,
	    s4, 80);
	state_key_make(&st->kn[PF_SK_WIRE].key, PF_OUT, AF_INET, 6, x4, 50001,
	    s4, 80);
	st->direction = PF_OUT;
	assert_int_equal(state_insert(&t, st), 0);
	assert_true(st->translated);
	state_key_make(&k, PF_OUT, AF_INET, 6, c4, 1000, s4, 80);
	assert_ptr_equal(state_find(&t, &k, state_key_hash(&k), PF_OUT,
	    NULL), st);
	/* the same key inbound must not match (wire key differs) */
	state_key_make(&k, PF_IN, AF_INET, 6, s4, 80, c4, 1000);
	assert_null(state_find(&t, &k, state_key_hash(&k), PF_IN, NULL));
	/* the reply to the translated address matches inbound */
	state_key_make(&k, PF_IN, AF_INET, 6, s4, 80, x4, 50001);
	assert_ptr_equal(state_find(&t, &k, state_key_hash(&k), PF_IN,
	    NULL), st);
	state_unlink(&t, st);
	assert_null(state_find(&t, &k, state_key_hash(&k), PF_IN, NULL));
	assert_int_equal(t.nstates, 1);		/* until the purge frees it */
	state_free(&t, st);
	assert_int_equal(t.nstates, 0);
	state_table_free(&t);
}

/*
 * pf_state_expires: expire + timeout; adaptive with start 60000, end
 * 120000: at 90000 states tcp.established 86400 scales to
 * 86400 * 30000 / 60000 = 43200; at 60000 (not above start) no scaling;
 * at 120000 and beyond 0 (expired at once); PFTM_PURGE 0.
 */
static void
test_state_expires_adaptive(void **state)
{
	struct pf_state st;

	defaults();
	memset(&st, 0, sizeof(st));
	st.expire = 1000;
	st.timeout = PFTM_TCP_ESTABLISHED;
	assert_int_equal(state_expires(&st, tmo, 10), 1000 + 86400);
	assert_int_equal(state_expires(&st, tmo, 60000), 1000 + 86400);
	assert_int_equal(state_expires(&st, tmo, 90000), 1000 + 43200);
	assert_int_equal(state_expires(&st, tmo, 119999), 1000 + 1);
	assert_int_equal(state_expires(&st, tmo, 120000), 0);
	st.timeout = PFTM_UDP_SINGLE;
	assert_int_equal(state_expires(&st, tmo, 1), 1030);
	/* 0/0 disables adaptive scaling */
	tmo[PFTM_ADAPTIVE_START] = tmo[PFTM_ADAPTIVE_END] = 0;
	assert_int_equal(state_expires(&st, tmo, 500000), 1030);
	st.timeout = PFTM_PURGE;
	assert_int_equal(state_expires(&st, tmo, 1), 0);
	/* a smaller table: start 10, end 20, 15 states: half the timeout */
	tmo[PFTM_ADAPTIVE_START] = 10;
	tmo[PFTM_ADAPTIVE_END] = 20;
	st.timeout = PFTM_TCP_CLOSED;
	assert_int_equal(state_expires(&st, tmo, 15), 1000 + 45);
}

static uint16_t order[4096];
static int norder;

static void
rec_remove(void *arg, struct pf_state *st)
{
	order[norder++] = st->kn[0].key.port[0];
	state_unlink(arg, st);
}

/*
 * Small table (share = 5 / 10 = 0 < 64): one tick scans from the head
 * to the tail; the expired states are collected by SLIST_INSERT_HEAD and
 * removed from the list head, so in reverse: 5, 3, 1 for states 1..5
 * where 2 and 4 have not expired.
 */
static void
test_state_purge_small_reverse(void **state)
{
	struct state_table t;
	struct purge p;
	int i;

	defaults();
	assert_int_equal(state_table_init(&t), 0);
	for (i = 1; i <= 5; i++)
		mk(&t, (uint16_t)i, i % 2 ? 100 : 200, PFTM_TCP_CLOSED);
	purge_init(&p, rec_remove, &t);
	norder = 0;
	/* deadline of the odd ones 100 + 90 = 190: not yet at 189 */
	assert_int_equal(purge_tick(&p, &t, tmo, 189), 0);
	assert_int_equal(purge_tick(&p, &t, tmo, 190), 3);
	assert_int_equal(norder, 3);
	assert_int_equal(order[0], 5);
	assert_int_equal(order[1], 3);
	assert_int_equal(order[2], 1);
	assert_int_equal(t.nstates, 2);
	state_table_free(&t);
}

/*
 * 1000 states, interval 10, all expired: share = 100.  Run 1: limit
 * max(100, 64) = 100, stops after the 64th collected, scanned = 63
 * (the break skips the increment) < 100, so share = 37 and the task runs
 * again: limit 64, 64 more collected, scanned 63 >= 37: done.  128
 * freed in the tick; removal order 64..1 then 128..65.
 */
static void
test_state_purge_batches_of_64(void **state)
{
	struct state_table t;
	struct purge p;
	int i;

	defaults();
	assert_int_equal(state_table_init(&t), 0);
	for (i = 1; i <= 1000; i++)
		mk(&t, (uint16_t)i, 0, PFTM_TCP_CLOSED);
	purge_init(&p, rec_remove, &t);
	norder = 0;
	assert_int_equal(purge_tick(&p, &t, tmo, 1000), 128);
	assert_int_equal(order[0], 64);
	assert_int_equal(order[63], 1);
	assert_int_equal(order[64], 128);
	assert_int_equal(order[127], 65);
	assert_int_equal(t.nstates, 872);
	state_table_free(&t);
}

/*
 * Nothing expired, 1000 states: each tick scans share = 100, so after
 * 9 ticks the cursor is at index 900; the 10th tick scans 900..999,
 * stops at the tail with scanned 99 < 100, share becomes 1, and the
 * rerun from the head scans 64 (limit max(1, 64)): cursor at index 64.
 * purge_dry_ticks must land exactly where real ticks do.
 */
static void
test_state_purge_cursor_and_dry_ticks(void **state)
{
	struct state_table t1, t2;
	struct purge p1, p2;
	struct pf_state *s;
	int i, n;
	long pos;

	defaults();
	assert_int_equal(state_table_init(&t1), 0);
	assert_int_equal(state_table_init(&t2), 0);
	for (i = 1; i <= 1000; i++) {
		mk(&t1, (uint16_t)i, 5000, PFTM_TCP_ESTABLISHED);
		mk(&t2, (uint16_t)i, 5000, PFTM_TCP_ESTABLISHED);
	}
	purge_init(&p1, rec_remove, &t1);
	purge_init(&p2, rec_remove, &t2);
	for (n = 1; n <= 37; n++) {
		assert_int_equal(purge_tick(&p1, &t1, tmo, 5000 + n), 0);
		if (n == 9)
			assert_int_equal(p1.cur->kn[0].key.port[0], 901);
		if (n == 10)
			assert_int_equal(p1.cur->kn[0].key.port[0], 65);
	}
	purge_dry_ticks(&p2, &t2, tmo, 37);
	for (pos = 0, s = t1.head; s != p1.cur; s = s->lnext)
		pos++;
	assert_non_null(p2.cur);
	assert_int_equal(p2.cur->kn[0].key.port[0], p1.cur->kn[0].key.port[0]);
	assert_true(p1.scanned >= p2.scanned);
	/* and the minimum deadline is the earliest state's */
	assert_int_equal(purge_min_deadline(&t1, tmo), 5000 + 86400);
	state_table_free(&t1);
	state_table_free(&t2);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_state_key_layout_and_lookup),
		cmocka_unit_test(test_state_translated_keys),
		cmocka_unit_test(test_state_expires_adaptive),
		cmocka_unit_test(test_state_purge_small_reverse),
		cmocka_unit_test(test_state_purge_batches_of_64),
		cmocka_unit_test(test_state_purge_cursor_and_dry_ticks),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
