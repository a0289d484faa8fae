/*
 * tcp.c: PF's per-peer protocol states and timeout selection.
 *
 * Facts from sys/net/pf.c:
 *  pf_create_state: TCP src = SYN_SENT, dst = CLOSED, timeout tcp.first;
 *    UDP src = SINGLE, dst = NO_TRAFFIC, udp.first; ICMP icmp.first;
 *    other protocols like UDP with other.first.  creation = expire =
 *    getuptime().  The creating packet does not run the tracker.
 *  pf_test_state (TCP): a SYN without ACK on a state where both peers are
 *    >= FIN_WAIT_2 is "state reuse": the state is marked PFTM_PURGE, the
 *    SYN is dropped; the retransmitted SYN no longer finds it (pf_find_state
 *    skips purge-marked states) and creates a new state, and
 *    pf_state_key_attach removes the old one at that moment if the purge
 *    did not get to it first.
 *  pf_tcp_track_full: the first packet from the responder (its seqlo
 *    still 0) lifts it to SYN_SENT whatever its flags; then, for a
 *    packet in the window, in this order:
 *    SYN: src < SYN_SENT -> SYN_SENT
 *    FIN: src < CLOSING -> CLOSING
 *    ACK: dst == SYN_SENT -> ESTABLISHED; dst == CLOSING -> FIN_WAIT_2
 *    RST: both -> TIME_WAIT
 *  then expire = getuptime() and the timeout:
 *    both >= FIN_WAIT_2          tcp.closed
 *    both >= CLOSING             tcp.finwait
 *    either < ESTABLISHED        tcp.opening
 *    either >= CLOSING           tcp.closing
 *    otherwise                   tcp.established
 *  Packets accepted only by the loose path (outside the window) do not
 *  refresh expire; the simulator treats every packet as in the window.
 *  UDP / other (pf_test_state): src < SINGLE -> SINGLE; dst == SINGLE ->
 *    MULTIPLE; both MULTIPLE -> udp.multiple else udp.single.
 *  ICMP query/reply (pf_test_state_icmp): expire = now, icmp.error.
 */
#include <netinet/in.h>

#include "tcp.h"

int
tcp_creates_state(uint8_t flags)
{
	/* pf.conf's default "flags S/SA": only SYN and ACK are looked at */
	return (flags & (TH_SYN | TH_ACK)) == TH_SYN;
}

void
tcp_state_init(struct pf_state *st, uint8_t proto)
{
	switch (proto) {
	case IPPROTO_TCP:
		st->src_state = TCPS_SYN_SENT;
		st->dst_state = TCPS_CLOSED;
		st->timeout = PFTM_TCP_FIRST_PACKET;
		break;
	case IPPROTO_UDP:
		st->src_state = PFUDPS_SINGLE;
		st->dst_state = PFUDPS_NO_TRAFFIC;
		st->timeout = PFTM_UDP_FIRST_PACKET;
		break;
	case IPPROTO_ICMP:
	case IPPROTO_ICMPV6:
		st->timeout = PFTM_ICMP_FIRST_PACKET;
		break;
	default:
		st->src_state = PFUDPS_SINGLE;
		st->dst_state = PFUDPS_NO_TRAFFIC;
		st->timeout = PFTM_OTHER_FIRST_PACKET;
		break;
	}
}

int
tcp_reuse(const struct pf_state *st, uint8_t flags)
{
	return (flags & (TH_SYN | TH_ACK)) == TH_SYN &&
	    st->src_state >= TCPS_FIN_WAIT_2 &&
	    st->dst_state >= TCPS_FIN_WAIT_2;
}

enum pftm
tcp_timeout(uint8_t src, uint8_t dst)
{
	if (src >= TCPS_FIN_WAIT_2 && dst >= TCPS_FIN_WAIT_2)
		return PFTM_TCP_CLOSED;
	if (src >= TCPS_CLOSING && dst >= TCPS_CLOSING)
		return PFTM_TCP_FIN_WAIT;
	if (src < TCPS_ESTABLISHED || dst < TCPS_ESTABLISHED)
		return PFTM_TCP_OPENING;
	if (src >= TCPS_CLOSING || dst >= TCPS_CLOSING)
		return PFTM_TCP_CLOSING;
	return PFTM_TCP_ESTABLISHED;
}

enum pftm
tcp_track(uint8_t *src, uint8_t *dst, uint8_t flags)
{
	if ((flags & TH_SYN) && *src < TCPS_SYN_SENT)
		*src = TCPS_SYN_SENT;
	if ((flags & TH_FIN) && *src < TCPS_CLOSING)
		*src = TCPS_CLOSING;
	if (flags & TH_ACK) {
		if (*dst == TCPS_SYN_SENT)
			*dst = TCPS_ESTABLISHED;
		else if (*dst == TCPS_CLOSING)
			*dst = TCPS_FIN_WAIT_2;
	}
	if (flags & TH_RST)
		*src = *dst = TCPS_TIME_WAIT;
	return tcp_timeout(*src, *dst);
}

enum pftm
tcp_udp_track(uint8_t *src, uint8_t *dst, uint8_t proto)
{
	int udp = proto == IPPROTO_UDP;

	if (*src < PFUDPS_SINGLE)
		*src = PFUDPS_SINGLE;
	if (*dst == PFUDPS_SINGLE)
		*dst = PFUDPS_MULTIPLE;
	if (*src == PFUDPS_MULTIPLE && *dst == PFUDPS_MULTIPLE)
		return udp ? PFTM_UDP_MULTIPLE : PFTM_OTHER_MULTIPLE;
	return udp ? PFTM_UDP_SINGLE : PFTM_OTHER_SINGLE;
}

const char *
tcp_state_name(uint8_t s)
{
	static const char *const n[] = {
		"CLOSED", "LISTEN", "SYN_SENT", "SYN_RCVD", "ESTABLISHED",
		"CLOSE_WAIT", "FIN_WAIT_1", "CLOSING", "LAST_ACK",
		"FIN_WAIT_2", "TIME_WAIT"
	};

	return s < sizeof(n) / sizeof(n[0]) ? n[s] : "?";
}
