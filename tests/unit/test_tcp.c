/*
 * test_tcp.c: PF's TCP peer states and timeout selection against a table
 * derived by hand from sys/net/pf.c.
 *
 * Derivation (pf_tcp_track_full, in-window packet from peer "src"):
 *   1. SYN and src < SYN_SENT            -> src = SYN_SENT
 *   2. FIN and src < CLOSING             -> src = CLOSING
 *   3. ACK and dst == SYN_SENT           -> dst = ESTABLISHED
 *      ACK and dst == CLOSING            -> dst = FIN_WAIT_2
 *   4. RST                               -> src = dst = TIME_WAIT
 *   then the timeout, first match wins:
 *      src >= FIN_WAIT_2 && dst >= FIN_WAIT_2   tcp.closed
 *      src >= CLOSING    && dst >= CLOSING      tcp.finwait
 *      src < ESTABLISHED || dst < ESTABLISHED   tcp.opening
 *      src >= CLOSING    || dst >= CLOSING      tcp.closing
 *      otherwise                                tcp.established
 * pf_create_state: initiator SYN_SENT, responder CLOSED, tcp.first.
 *
 * Walk of a normal connection (C = initiator, S = responder; the state
 * shows C:S; "->" is the packet's sender):
 *   SYN    C->S  creates          SYN_SENT:CLOSED           tcp.first
 *   SYN+ACK S->C  S syn -> S=SYN_SENT; ack: dst C == SYN_SENT -> C=EST
 *                                  ESTABLISHED:SYN_SENT      tcp.opening
 *   ACK    C->S  dst S == SYN_SENT -> S=EST  EST:EST          tcp.established
 *   FIN    C->S  C=CLOSING         CLOSING:EST               tcp.closing
 *   ACK    S->C  dst C == CLOSING -> C=FIN_WAIT_2  FW2:EST    tcp.closing
 *   FIN    S->C  S=CLOSING         FW2:CLOSING               tcp.finwait
 *   ACK    C->S  dst S == CLOSING -> S=FW2   FW2:FW2          tcp.closed
 * Note a FIN+ACK from S right after C's FIN does both at once:
 *   FIN+ACK S->C  S=CLOSING, C=FIN_WAIT_2   FW2:CLOSING       tcp.finwait
 * RST from either side: TIME_WAIT:TIME_WAIT                   tcp.closed
 */
#include "testutil.h"

#include "state.h"
#include "tcp.h"

struct row {
	uint8_t		src, dst, flags;
	uint8_t		src2, dst2;
	enum pftm	tmo;
};

#define S	TH_SYN
#define A	TH_ACK
#define F	TH_FIN
#define R	TH_RST
#define CL	TCPS_CLOSED
#define SS	TCPS_SYN_SENT
#define ES	TCPS_ESTABLISHED
#define CG	TCPS_CLOSING
#define F2	TCPS_FIN_WAIT_2
#define TW	TCPS_TIME_WAIT

static const struct row rows[] = {
	/* handshake: SYN+ACK from the responder (src = responder) */
	{ CL, SS, S | A, SS, ES, PFTM_TCP_OPENING },
	/* the initiator's ACK (src = initiator, dst = responder SYN_SENT) */
	{ ES, SS, A, ES, ES, PFTM_TCP_ESTABLISHED },
	/* a retransmitted SYN before any answer */
	{ SS, CL, S, SS, CL, PFTM_TCP_OPENING },
	/* a bare ACK with the responder still CLOSED (simultaneous open
	 * missing): nothing moves, still opening */
	{ SS, CL, A, SS, CL, PFTM_TCP_OPENING },
	/* data both ways while established */
	{ ES, ES, A, ES, ES, PFTM_TCP_ESTABLISHED },
	{ ES, ES, A | TH_PUSH, ES, ES, PFTM_TCP_ESTABLISHED },
	/* first FIN */
	{ ES, ES, F | A, CG, ES, PFTM_TCP_CLOSING },
	/* its ACK from the other side: the FIN sender reaches FIN_WAIT_2 */
	{ ES, CG, A, ES, F2, PFTM_TCP_CLOSING },
	/* second FIN after the first was acked */
	{ ES, F2, F | A, CG, F2, PFTM_TCP_FIN_WAIT },
	/* second FIN that also acks the first */
	{ ES, CG, F | A, CG, F2, PFTM_TCP_FIN_WAIT },
	/* the last ACK */
	{ F2, CG, A, F2, F2, PFTM_TCP_CLOSED },
	/* simultaneous close: both CLOSING, no ack yet */
	{ ES, CG, F, CG, CG, PFTM_TCP_FIN_WAIT },
	{ CG, CG, A, CG, F2, PFTM_TCP_FIN_WAIT },
	{ F2, CG, A, F2, F2, PFTM_TCP_CLOSED },
	/* RST in any state */
	{ ES, ES, R, TW, TW, PFTM_TCP_CLOSED },
	{ SS, CL, R, TW, TW, PFTM_TCP_CLOSED },
	{ ES, SS, R | A, TW, TW, PFTM_TCP_CLOSED },
	/* a FIN from a peer already past CLOSING does not go back */
	{ F2, F2, F | A, F2, F2, PFTM_TCP_CLOSED },
	/* half-close: one FIN acked, data keeps flowing the other way */
	{ ES, F2, A, ES, F2, PFTM_TCP_CLOSING },
	{ F2, ES, A, F2, ES, PFTM_TCP_CLOSING },
};

static void
test_tcp_transition_table(void **state)
{
	size_t i;

	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		uint8_t s = rows[i].src, d = rows[i].dst;
		enum pftm t = tcp_track(&s, &d, rows[i].flags);

		print_message("row %zu: %s:%s flags %#x -> %s:%s %s\n", i,
		    tcp_state_name(rows[i].src), tcp_state_name(rows[i].dst),
		    rows[i].flags, tcp_state_name(s), tcp_state_name(d),
		    pftm_name(t));
		assert_int_equal(s, rows[i].src2);
		assert_int_equal(d, rows[i].dst2);
		assert_int_equal(t, rows[i].tmo);
	}
}

/* the whole connection walk of the header comment, through a state */
static void
test_tcp_connection_walk(void **state)
{
	struct pf_state st;
	struct {
		int	 from_init;	/* packet from the initiator */
		uint8_t	 flags;
		uint8_t	 c, s;
		enum pftm tmo;
	} walk[] = {
		{ 0, S | A, ES, SS, PFTM_TCP_OPENING },
		{ 1, A, ES, ES, PFTM_TCP_ESTABLISHED },
		{ 1, A | TH_PUSH, ES, ES, PFTM_TCP_ESTABLISHED },
		{ 1, F | A, CG, ES, PFTM_TCP_CLOSING },
		{ 0, A, F2, ES, PFTM_TCP_CLOSING },
		{ 0, F | A, F2, CG, PFTM_TCP_FIN_WAIT },
		{ 1, A, F2, F2, PFTM_TCP_CLOSED },
	};
	size_t i;

	memset(&st, 0, sizeof(st));
	tcp_state_init(&st, 6);
	assert_int_equal(st.src_state, TCPS_SYN_SENT);
	assert_int_equal(st.dst_state, TCPS_CLOSED);
	assert_int_equal(st.timeout, PFTM_TCP_FIRST_PACKET);
	for (i = 0; i < sizeof(walk) / sizeof(walk[0]); i++) {
		enum pftm t = walk[i].from_init ?
		    tcp_track(&st.src_state, &st.dst_state, walk[i].flags) :
		    tcp_track(&st.dst_state, &st.src_state, walk[i].flags);

		assert_int_equal(st.src_state, walk[i].c);
		assert_int_equal(st.dst_state, walk[i].s);
		assert_int_equal(t, walk[i].tmo);
	}
	/* now a new SYN on the same key is state reuse; SYN+ACK is not */
	assert_true(tcp_reuse(&st, S));
	assert_false(tcp_reuse(&st, S | A));
	st.dst_state = TCPS_CLOSING;
	assert_false(tcp_reuse(&st, S));
}

/* "flags S/SA": SYN without ACK opens a state, nothing else does */
static void
test_tcp_creates_state(void **state)
{
	assert_true(tcp_creates_state(S));
	assert_true(tcp_creates_state(S | TH_PUSH));
	assert_true(tcp_creates_state(S | F));	/* only S and A are looked at */
	assert_false(tcp_creates_state(S | A));
	assert_false(tcp_creates_state(A));
	assert_false(tcp_creates_state(F | A));
	assert_false(tcp_creates_state(R));
	assert_false(tcp_creates_state(0));
}

/*
 * UDP (pf_test_state): src < SINGLE -> SINGLE; dst == SINGLE ->
 * MULTIPLE; both MULTIPLE -> udp.multiple else udp.single.
 * Creation: A = SINGLE, B = NO_TRAFFIC (udp.first).
 *   A->B again: A stays SINGLE, B NO_TRAFFIC       udp.single
 *   B->A:       B = SINGLE, A (dst, SINGLE) = MULTIPLE   udp.single
 *   A->B:       A MULTIPLE, B (dst, SINGLE) = MULTIPLE   udp.multiple
 */
static void
test_tcp_udp_and_other(void **state)
{
	struct pf_state st;

	memset(&st, 0, sizeof(st));
	tcp_state_init(&st, 17);
	assert_int_equal(st.timeout, PFTM_UDP_FIRST_PACKET);
	assert_int_equal(tcp_udp_track(&st.src_state, &st.dst_state, 17),
	    PFTM_UDP_SINGLE);
	assert_int_equal(tcp_udp_track(&st.dst_state, &st.src_state, 17),
	    PFTM_UDP_SINGLE);
	assert_int_equal(st.src_state, PFUDPS_MULTIPLE);
	assert_int_equal(st.dst_state, PFUDPS_SINGLE);
	assert_int_equal(tcp_udp_track(&st.src_state, &st.dst_state, 17),
	    PFTM_UDP_MULTIPLE);
	/* other protocols: same machine, other.* timeouts */
	memset(&st, 0, sizeof(st));
	tcp_state_init(&st, 47);
	assert_int_equal(st.timeout, PFTM_OTHER_FIRST_PACKET);
	assert_int_equal(tcp_udp_track(&st.dst_state, &st.src_state, 47),
	    PFTM_OTHER_SINGLE);
	assert_int_equal(tcp_udp_track(&st.src_state, &st.dst_state, 47),
	    PFTM_OTHER_MULTIPLE);
	/* ICMP */
	memset(&st, 0, sizeof(st));
	tcp_state_init(&st, 1);
	assert_int_equal(st.timeout, PFTM_ICMP_FIRST_PACKET);
}

/* every combination of peer states against the five-line rule */
static void
test_tcp_timeout_selection(void **state)
{
	uint8_t s, d;

	for (s = TCPS_CLOSED; s <= TCPS_TIME_WAIT; s++)
		for (d = TCPS_CLOSED; d <= TCPS_TIME_WAIT; d++) {
			enum pftm want;

			if (s >= F2 && d >= F2)
				want = PFTM_TCP_CLOSED;
			else if (s >= CG && d >= CG)
				want = PFTM_TCP_FIN_WAIT;
			else if (s < ES || d < ES)
				want = PFTM_TCP_OPENING;
			else if (s >= CG || d >= CG)
				want = PFTM_TCP_CLOSING;
			else
				want = PFTM_TCP_ESTABLISHED;
			assert_int_equal(tcp_timeout(s, d), want);
			/* symmetric in the two peers */
			assert_int_equal(tcp_timeout(d, s), want);
		}
	/* spot checks that do not rely on the loop's own logic */
	assert_int_equal(tcp_timeout(SS, CL), PFTM_TCP_OPENING);
	assert_int_equal(tcp_timeout(ES, ES), PFTM_TCP_ESTABLISHED);
	assert_int_equal(tcp_timeout(CG, ES), PFTM_TCP_CLOSING);
	assert_int_equal(tcp_timeout(CG, SS), PFTM_TCP_OPENING);
	assert_int_equal(tcp_timeout(F2, CG), PFTM_TCP_FIN_WAIT);
	assert_int_equal(tcp_timeout(TW, TW), PFTM_TCP_CLOSED);
	assert_int_equal(tcp_timeout(F2, SS), PFTM_TCP_OPENING);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tcp_transition_table),
		cmocka_unit_test(test_tcp_connection_walk),
		cmocka_unit_test(test_tcp_creates_state),
		cmocka_unit_test(test_tcp_udp_and_other),
		cmocka_unit_test(test_tcp_timeout_selection),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
