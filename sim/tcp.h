/*
 * tcp.h: PF's TCP peer state machine and the timeout it selects
 * (pf_create_state, pf_test_state, pf_tcp_track_full in sys/net/pf.c),
 * and the UDP / ICMP / other-protocol equivalents.
 */
#ifndef PFL_SIM_TCP_H
#define PFL_SIM_TCP_H

#include <stdint.h>

#include "state.h"

#define TH_FIN	0x01
#define TH_SYN	0x02
#define TH_RST	0x04
#define TH_PUSH	0x08
#define TH_ACK	0x10

/* Does a packet with these flags create a state under "flags S/SA"? */
int	tcp_creates_state(uint8_t flags);
/* pf_create_state for a new state of protocol proto. */
void	tcp_state_init(struct pf_state *, uint8_t proto);
/*
 * pf_test_state's state reuse test: a SYN without ACK on a state whose
 * peers are both >= FIN_WAIT_2.  The caller marks it PFTM_PURGE and
 * drops the packet.
 */
int	tcp_reuse(const struct pf_state *, uint8_t flags);
/*
 * Update the peers for a packet with flags from the src peer
 * (pf_tcp_track_full, in-window packets) and return the timeout class.
 * src/dst point at st->src_state/dst_state, swapped for replies.
 */
enum pftm tcp_track(uint8_t *src, uint8_t *dst, uint8_t flags);
/* The timeout class for two peer states (the end of pf_tcp_track_full). */
enum pftm tcp_timeout(uint8_t src, uint8_t dst);
/* UDP (pf_test_state, PFUDPS_*) and other protocols (PFOTHERS_*). */
enum pftm tcp_udp_track(uint8_t *src, uint8_t *dst, uint8_t proto);
const char *tcp_state_name(uint8_t);

#endif /* PFL_SIM_TCP_H */
