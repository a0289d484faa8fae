/*
 * collect_live.h: feed a collector from a live UDP socket.
 */
#ifndef PFL_COLLECT_LIVE_H
#define PFL_COLLECT_LIVE_H

#include <signal.h>
#include <stdint.h>

struct collector;
struct udpio;

/*
 * Receive until *stop becomes non-zero, a -c/-n limit is reached, or
 * nothing arrived for idle_us (0: no idle timeout).  The kernel drop
 * count goes to the collector's summary.  0, or -1 with errbuf filled
 * (UDPIO_ERRBUF_SIZE) on a socket error.
 */
int	collect_live(struct collector *, struct udpio *, int64_t idle_us,
	    volatile sig_atomic_t *stop, char *errbuf);

#endif /* PFL_COLLECT_LIVE_H */
