/*
 * live.c: `pflowlab sim --live`: the embedded PF + pflow gateway on the
 * real clock.  Two libpcap captures, one per gateway interface (immediate
 * mode, inbound only, so a forwarded packet leaving on the other side is
 * not seen twice), feed every packet that enters the gateway into the
 * same model as the virtual-clock path, its side being the interface it
 * arrived on.  The purge tick, pflow's flush and template timeouts and
 * the timed faults run when they are due: the poll() timeout on the two
 * captures' selectable descriptors is the time to the next one, nothing
 * sleeps.  The export goes to the collector over UDP, in order, one
 * socket per pflow interface (bound to its flowsrc when that address is
 * local, else the kernel picks the source).  SIGTERM or SIGINT: read what
 * is still queued, remove every state (pfctl -F states), send every
 * pending buffer, exit 0.
 *
 * The two captures are merged by capture time: each pass reads both
 * until a whole round finds nothing more (or the queue is full), then
 * runs the frames in time order, so a reply read from one interface
 * never overtakes the request read from the other.
 */
#include <sys/socket.h>
#include <netinet/in.h>

#include <errno.h>
#include <inttypes.h>
#include <pcap/pcap.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "clock.h"
#include "cmds.h"
#include "live.h"
#include "pcapio.h"
#include "pkt.h"
#include "sim.h"
#include "udpio.h"

#define SIM_LIVE_SNAP	512		/* headers, ICMP quotes, v6 ext */
#define SIM_LIVE_QUEUE	4096		/* frames merged per pass */
#define SIM_LIVE_BUF	(8 << 20)	/* capture ring per interface */
#define SIM_LIVE_MAXWAIT 1000000	/* poll at least every second (us) */

struct sim_live_frame {
	int64_t		 ts;
	uint64_t	 seq;		/* arrival order, for equal times */
	int		 side;
	uint32_t	 caplen;
	uint8_t		 data[SIM_LIVE_SNAP];
};

struct sim_live_cap {
	pcap_t		*p;
	int		 fd;
	int		 linktype;
	int		 side;
	const char	*ifname;
};

struct sim_live {
	struct sim_live_cap cap[2];
	struct sim_live_frame *q;
	struct sim_live_frame **ord;
	size_t		 nq;
	uint64_t	 seq;
	int		 fd[GW_MAXPFLOW];	/* one socket per pflow if */
	struct exporter	 to;
	struct pcapio_w	*w;
	const struct gw_conf *gw;
	uint32_t	 ipid;
	uint64_t	 send_errors;
	int		 last_errno;
};

static volatile sig_atomic_t sim_live_stop;

static void
sim_live_onsig(int sig)
{
	(void)sig;
	sim_live_stop = 1;
}

/* --- export: UDP to the collector (and a pcap) --- */

static void
sim_live_out(void *arg, int ifidx, int64_t ts, const uint8_t *b, size_t len)
{
	struct sim_live *l = arg;
	struct sockaddr_storage ss;
	socklen_t sl;

	if (l->w != NULL) {
		struct exporter src;

		src.addr = l->gw->pflow[ifidx].flowsrc;
		src.port = (uint16_t)(49152 + ifidx);
		if (pcapio_write_udp(l->w, ts, &src, &l->to, b, len, 0,
		    l->ipid++) < 0)
			l->send_errors++;
	}
	sl = udpio_sa(&l->to, &ss);
	if (sendto(l->fd[ifidx], b, len, 0, (struct sockaddr *)&ss, sl) < 0) {
		l->send_errors++;
		l->last_errno = errno;
	}
}

/*
 * A socket for pflowN toward the collector, from flowsrc when that is an
 * address of this host (namespace); otherwise the kernel chooses.
 */
static int
sim_live_socket(const struct exporter *to, const struct addr *flowsrc,
    int *bound)
{
	struct sockaddr_storage ss;
	struct exporter src;
	socklen_t sl;
	int fd, af = to->addr.af == AF_INET6 ? AF_INET6 : AF_INET;

	*bound = 0;
	if ((fd = socket(af, SOCK_DGRAM, 0)) == -1)
		return -1;
	if (flowsrc->af != af)
		return fd;
	src.addr = *flowsrc;
	src.port = 0;		/* the kernel picks the port */
	sl = udpio_sa(&src, &ss);
	if (bind(fd, (struct sockaddr *)&ss, sl) == 0)
		*bound = 1;
	return fd;
}

/* --- capture --- */

static int
sim_live_open(struct sim_live_cap *c, const char *ifname, int side)
{
	char eb[PCAP_ERRBUF_SIZE];
	struct bpf_program bp;
	int r;

	c->ifname = ifname;
	c->side = side;
	c->fd = -1;
	if ((c->p = pcap_create(ifname, eb)) == NULL) {
		fprintf(stderr, "pflowlab sim: %s: %s\n", ifname, eb);
		return -1;
	}
	if (pcap_set_snaplen(c->p, SIM_LIVE_SNAP) != 0 ||
	    pcap_set_promisc(c->p, 0) != 0 ||
	    pcap_set_immediate_mode(c->p, 1) != 0 ||
	    pcap_set_buffer_size(c->p, SIM_LIVE_BUF) != 0) {
		fprintf(stderr, "pflowlab sim: %s: cannot set up the "
		    "capture\n", ifname);
		return -1;
	}
	if ((r = pcap_activate(c->p)) < 0) {
		fprintf(stderr, "pflowlab sim: %s: %s\n", ifname,
		    pcap_geterr(c->p)[0] != '\0' ? pcap_geterr(c->p) :
		    pcap_statustostr(r));
		return -1;
	}
	/* each packet once, as it enters the gateway on this interface */
	if (pcap_setdirection(c->p, PCAP_D_IN) != 0) {
		fprintf(stderr, "pflowlab sim: %s: inbound only: %s\n",
		    ifname, pcap_geterr(c->p));
		return -1;
	}
	c->linktype = pcap_datalink(c->p);
	if (!pkt_linktype_ok(c->linktype)) {
		fprintf(stderr, "pflowlab sim: %s: link type %d not "
		    "supported\n", ifname, c->linktype);
		return -1;
	}
	if (pcap_compile(c->p, &bp, "ip or ip6", 1,
	    PCAP_NETMASK_UNKNOWN) == 0) {
		if (pcap_setfilter(c->p, &bp) != 0) {
			fprintf(stderr, "pflowlab sim: %s: filter: %s\n",
			    ifname, pcap_geterr(c->p));
			pcap_freecode(&bp);
			return -1;
		}
		pcap_freecode(&bp);
	}
	if (pcap_setnonblock(c->p, 1, eb) != 0) {
		fprintf(stderr, "pflowlab sim: %s: %s\n", ifname, eb);
		return -1;
	}
	if ((c->fd = pcap_get_selectable_fd(c->p)) < 0) {
		fprintf(stderr, "pflowlab sim: %s: no selectable descriptor\n",
		    ifname);
		return -1;
	}
	return 0;
}

struct sim_live_rd {
	struct sim_live	*l;
	int		 side;
};

static void
sim_live_pkt(u_char *arg, const struct pcap_pkthdr *h, const u_char *d)
{
	struct sim_live_rd *rd = (struct sim_live_rd *)arg;
	struct sim_live *l = rd->l;
	struct sim_live_frame *f;

	if (l->nq >= SIM_LIVE_QUEUE)
		return;		/* cannot happen: dispatch is bounded */
	f = &l->q[l->nq++];
	f->ts = (int64_t)h->ts.tv_sec * 1000000 + h->ts.tv_usec;
	f->seq = l->seq++;
	f->side = rd->side;
	f->caplen = h->caplen < SIM_LIVE_SNAP ? h->caplen : SIM_LIVE_SNAP;
	memcpy(f->data, d, f->caplen);
}

static int
sim_live_cmp(const void *a, const void *b)
{
	const struct sim_live_frame *x = *(struct sim_live_frame *const *)a;
	const struct sim_live_frame *y = *(struct sim_live_frame *const *)b;

	if (x->ts != y->ts)
		return x->ts < y->ts ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/*
 * Read what both captures hold, round after round until one finds
 * nothing (or the queue is full), and run it in capture-time order.
 * -1 on a capture error.
 */
static int
sim_live_drain(struct sim_live *l, struct sim *s)
{
	struct sim_live_rd rd;
	size_t i;
	int c, n, got;

	l->nq = 0;
	do {
		got = 0;
		for (c = 0; c < 2; c++) {
			rd.l = l;
			rd.side = l->cap[c].side;
			while (l->nq < SIM_LIVE_QUEUE) {
				n = pcap_dispatch(l->cap[c].p,
				    (int)(SIM_LIVE_QUEUE - l->nq),
				    sim_live_pkt, (u_char *)&rd);
				if (n == PCAP_ERROR) {
					fprintf(stderr, "pflowlab sim: %s: "
					    "%s\n", l->cap[c].ifname,
					    pcap_geterr(l->cap[c].p));
					return -1;
				}
				if (n <= 0)
					break;
				got += n;
			}
		}
	} while (got > 0 && l->nq < SIM_LIVE_QUEUE);
	if (l->nq == 0)
		return 0;
	for (i = 0; i < l->nq; i++)
		l->ord[i] = &l->q[i];
	qsort(l->ord, l->nq, sizeof(l->ord[0]), sim_live_cmp);
	for (i = 0; i < l->nq; i++) {
		const struct sim_live_frame *f = l->ord[i];

		sim_frame_side(s, l->cap[f->side == SIM_CLIENT ? 0 :
		    1].linktype, f->ts, f->data, f->caplen, f->side);
	}
	l->nq = 0;
	return 0;
}

/* --- the loop --- */

static void
sim_live_close(struct sim_live *l)
{
	int i;

	for (i = 0; i < 2; i++)
		if (l->cap[i].p != NULL)
			pcap_close(l->cap[i].p);
	for (i = 0; i < GW_MAXPFLOW; i++)
		if (l->fd[i] >= 0)
			close(l->fd[i]);
	free(l->q);
	free(l->ord);
}

static uint64_t
sim_live_drops(struct sim_live *l)
{
	struct pcap_stat ps;
	uint64_t d = 0;
	int i;

	for (i = 0; i < 2; i++)
		if (pcap_stats(l->cap[i].p, &ps) == 0)
			d += ps.ps_drop + ps.ps_ifdrop;
	return d;
}

int
sim_live_run(struct sim_opts *o, const struct sim_live_opts *lo)
{
	struct sim_live l;
	struct sim *s = NULL;
	struct pollfd pfd[2];
	struct sigaction sa;
	sigset_t block, orig;
	char err[1024], eb[PCAPIO_ERRBUF_SIZE];
	const struct sim_stats *st;
	uint64_t drops;
	int64_t now, next, wait;
	int i, rc = EXIT_HARNESS, bound, nbound = 0;

	memset(&l, 0, sizeof(l));
	for (i = 0; i < GW_MAXPFLOW; i++)
		l.fd[i] = -1;
	l.to = lo->collector;
	o->live = 1;
	o->boot_set = 0;	/* uptime counts from the real clock */

	/* SIGTERM and SIGINT only while waiting in ppoll() */
	sigemptyset(&block);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGINT);
	sigprocmask(SIG_BLOCK, &block, &orig);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = sim_live_onsig;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sim_live_stop = 0;

	if ((l.q = calloc(SIM_LIVE_QUEUE, sizeof(*l.q))) == NULL ||
	    (l.ord = calloc(SIM_LIVE_QUEUE, sizeof(*l.ord))) == NULL) {
		fprintf(stderr, "pflowlab sim: out of memory\n");
		goto out;
	}
	for (i = 0; i < o->gw.npflow; i++) {
		o->gw.pflow[i].flowdst = lo->collector;
		if ((l.fd[i] = sim_live_socket(&lo->collector,
		    &o->gw.pflow[i].flowsrc, &bound)) == -1) {
			fprintf(stderr, "pflowlab sim: socket: %s\n",
			    strerror(errno));
			goto out;
		}
		nbound += bound;
	}
	if (lo->wfile != NULL &&
	    (l.w = pcapio_create(lo->wfile, DLT_EN10MB, eb)) == NULL) {
		fprintf(stderr, "pflowlab sim: %s\n", eb);
		goto out;
	}
	if ((s = sim_new(o, sim_live_out, &l, err, sizeof(err))) == NULL) {
		fprintf(stderr, "pflowlab sim: %s\n", err);
		goto out;
	}
	l.gw = sim_gw(s);
	if (sim_live_open(&l.cap[0], lo->client_if, SIM_CLIENT) == -1 ||
	    sim_live_open(&l.cap[1], lo->server_if, SIM_SERVER) == -1)
		goto out;
	for (i = 0; i < 2; i++) {
		pfd[i].fd = l.cap[i].fd;
		pfd[i].events = POLLIN;
	}
	/* the pflow interfaces come up now: templates go out at once */
	sim_begin(s, clock_now_us());
	fprintf(stderr, "%s: client side %s, server side %s, export to "
	    "%s:%u%s\n", SIM_LIVE_READY_LINE, lo->client_if, lo->server_if,
	    addr_fmt(&l.to.addr, err, sizeof(err)), l.to.port,
	    nbound ? " from flowsrc" : "");

	while (!sim_live_stop) {
		struct timespec tmo;
		int r;

		if (sim_live_drain(&l, s) == -1)
			goto out;
		now = clock_now_us();
		sim_advance(s, now);
		next = sim_next_event_us(s);
		wait = next == INT64_MAX ? SIM_LIVE_MAXWAIT : next - now;
		if (wait < 0)
			wait = 0;
		if (wait > SIM_LIVE_MAXWAIT)
			wait = SIM_LIVE_MAXWAIT;
		tmo.tv_sec = (time_t)(wait / 1000000);
		tmo.tv_nsec = (long)(wait % 1000000) * 1000;
		r = ppoll(pfd, 2, &tmo, &orig);
		if (r == -1 && errno != EINTR) {
			fprintf(stderr, "pflowlab sim: poll: %s\n",
			    strerror(errno));
			goto out;
		}
		for (i = 0; r > 0 && i < 2; i++)
			if (pfd[i].revents & (POLLERR | POLLNVAL)) {
				fprintf(stderr, "pflowlab sim: %s: the capture "
				    "failed\n", l.cap[i].ifname);
				goto out;
			}
	}
	/* what arrived before the signal still counts */
	if (sim_live_drain(&l, s) == -1)
		goto out;
	sim_advance(s, clock_now_us());
	sim_shutdown(s);
	st = sim_get_stats(s);
	drops = sim_live_drops(&l);
	if (!lo->quiet)
		fprintf(stderr, "pflowlab sim: %" PRIu64 " packets (%" PRIu64
		    " skipped, %" PRIu64 " blocked), %" PRIu64 " states (%"
		    PRIu64 " expired, %" PRIu64 " flushed), %" PRIu64
		    " records, %" PRIu64 " datagrams, %" PRIu64
		    " capture drops\n", st->packets, st->skipped, st->dropped,
		    st->states, st->removed - st->flushed, st->flushed,
		    st->records, st->sent, drops);
	rc = EXIT_PASS;
	if (drops > 0)
		fprintf(stderr, "pflowlab sim: the captures lost %" PRIu64
		    " packets: the export is incomplete\n", drops);
	if (l.send_errors > 0) {
		fprintf(stderr, "pflowlab sim: %" PRIu64 " datagrams could not "
		    "be sent (%s)\n", l.send_errors, strerror(l.last_errno));
		rc = EXIT_HARNESS;
	}
out:
	sim_free(s);
	if (l.w != NULL && pcapio_w_close(l.w) == -1) {
		fprintf(stderr, "pflowlab sim: %s: write error\n", lo->wfile);
		rc = EXIT_HARNESS;
	}
	sim_live_close(&l);
	sigprocmask(SIG_SETMASK, &orig, NULL);
	return rc;
}
