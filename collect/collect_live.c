/*
 * collect_live.c: the live receive loop: batches from the UDP socket into
 * the collector until a signal, a -c/-n limit, or the idle timeout.
 * Waiting is done by poll timeouts measured on the monotonic clock of
 * lib/clock.h; nothing sleeps.
 */
#include <signal.h>
#include <stdio.h>

#include "clock.h"
#include "collect_int.h"
#include "collect_live.h"
#include "udpio.h"

/* Longest single wait, so a signal that lands between the stop check and
 * poll() delays the exit by at most this much. */
#define COLLECT_LIVE_MAXWAIT_MS	200

int
collect_live(struct collector *c, struct udpio *u, int64_t idle_us,
    volatile sig_atomic_t *stop, char *errbuf)
{
	struct udpio_dgram d[UDPIO_BATCH];
	int64_t last = clock_mono_us(), now;
	int n = 0, i, wait;

	while (!c->done && (stop == NULL || !*stop)) {
		wait = COLLECT_LIVE_MAXWAIT_MS;
		if (idle_us > 0) {
			now = clock_mono_us();
			if (now - last >= idle_us)
				break;
			if ((idle_us - (now - last)) / 1000 < wait)
				wait = (int)((idle_us - (now - last) + 999) /
				    1000);
		}
		n = udpio_recv(u, wait, d, UDPIO_BATCH, errbuf);
		if (n < 0)
			return -1;
		if (n == 0)
			continue;
		last = clock_mono_us();
		for (i = 0; i < n && !c->done; i++)
			collector_datagram(c, d[i].data, d[i].len, &d[i].from,
			    d[i].arrival_us);
	}
	/* a signal: what already sits in the socket buffer was sent before
	 * the stop, so take it in (without waiting) */
	while (!c->done && (n = udpio_recv(u, 0, d, UDPIO_BATCH,
	    errbuf)) > 0)
		for (i = 0; i < n && !c->done; i++)
			collector_datagram(c, d[i].data, d[i].len, &d[i].from,
			    d[i].arrival_us);
	collector_set_drops(c, udpio_drops(u));
	return n < 0 ? -1 : 0;
}
