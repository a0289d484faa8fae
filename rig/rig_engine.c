/*
 * rig_engine.c: the live socket engine (see rig_engine.h).  Real kernel
 * sockets in the client and server namespaces play each session's script
 * step by step; both sides follow the same script, so they stay in step
 * through blocking reads of exact amounts, never through sleeps.  The
 * only waits on the clock are the scenario's own start times, gaps and
 * idle periods (scaled).
 */
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/wait.h>

#include <netinet/in.h>
#include <netinet/ip.h>
#include <netinet/ip_icmp.h>
#include <netinet/tcp.h>

#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "clock.h"
#include "rig_engine.h"

#define ENG_IO_TIMEOUT_S	10
#define ENG_MAXTHREADS		1024
#define ENG_ECHO_WAIT_US	3000000

static int
inst_unanswered(const struct scn_session *s)
{
	size_t i;

	for (i = 0; i < s->nsteps; i++) {
		if (s->steps[i].op == SCN_OP_SYN_ONLY)
			return 1;
		if (s->steps[i].op == SCN_OP_PING && !s->steps[i].reply)
			return 1;
	}
	return 0;
}

const char *
eng_live_capable(const struct scenario *scn, char *buf, size_t len)
{
	size_t i;

	if (scn->gw.nat.on || scn->gw.rdr.on) {
		snprintf(buf, len, "nat-to/rdr-to need PF (an OpenBSD "
		    "gateway); the Linux rig forwards without translation");
		return buf;
	}
	for (i = 0; i < scn->nsessions; i++) {
		const struct scn_session *s = &scn->sessions[i];

		if (s->src.af != AF_INET || s->dst.af != AF_INET) {
			snprintf(buf, len, "line %u: the live rig runs IPv4 "
			    "only", s->line);
			return buf;
		}
		if (s->proto != IPPROTO_TCP && s->proto != IPPROTO_UDP &&
		    s->proto != IPPROTO_ICMP) {
			snprintf(buf, len, "line %u: protocol %u has no live "
			    "engine", s->line, s->proto);
			return buf;
		}
	}
	return NULL;
}

long
eng_plan(const struct scenario *scn, struct eng_inst **out, char *eb,
    size_t el)
{
	struct eng_inst *v = NULL, *e;
	size_t n = 0, cap = 0, i;
	uint32_t k, rep;

	for (i = 0; i < scn->nsessions; i++) {
		const struct scn_session *s = &scn->sessions[i];

		rep = s->repeat > 0 ? s->repeat : 1;
		for (k = 0; k < rep; k++) {
			if (n == cap) {
				cap = cap ? cap * 2 : 16;
				e = realloc(v, cap * sizeof(*v));
				if (e == NULL) {
					free(v);
					snprintf(eb, el, "out of memory");
					return -1;
				}
				v = e;
			}
			if (n >= ENG_MAXTHREADS / 2) {
				free(v);
				snprintf(eb, el, "more than %d session "
				    "instances: too many for the live engine",
				    ENG_MAXTHREADS / 2);
				return -1;
			}
			e = &v[n++];
			memset(e, 0, sizeof(*e));
			e->s = s;
			e->session = s->id + k;
			e->inst = k;
			e->proto = s->proto;
			e->src = s->src;
			if (s->src_step != 0 && k > 0) {
				uint32_t a = (uint32_t)e->src.a[0] << 24 |
				    (uint32_t)e->src.a[1] << 16 |
				    (uint32_t)e->src.a[2] << 8 | e->src.a[3];

				a += k * s->src_step;
				e->src.a[0] = (uint8_t)(a >> 24);
				e->src.a[1] = (uint8_t)(a >> 16);
				e->src.a[2] = (uint8_t)(a >> 8);
				e->src.a[3] = (uint8_t)a;
			}
			e->dst = s->dst;
			e->rsrc = s->rdr ? s->rsrc : s->dst;
			e->sport = (uint16_t)(s->sport + k * s->sport_step);
			e->dport = s->dport;
			e->start_us = s->start_us + (int64_t)k * s->interval_us;
			e->from = s->from;
			e->unanswered = inst_unanswered(s);
		}
	}
	*out = v;
	return (long)n;
}

/* ---- the engine process ---- */

struct conn {
	struct sockaddr_in	 local;
	struct sockaddr_in	 peer;
	int			 fd;
	int			 taken;
};

struct eng {
	const struct eng_inst	*ins;
	size_t			 n;
	int			 side;
	double			 scale;
	int64_t			 t0;		/* go, monotonic us */
	int			*resp_fd;	/* UDP responder sockets */
	int			 lfd[64];	/* TCP listeners */
	int			 nl;
	pthread_mutex_t		 mu;
	pthread_cond_t		 cv;
	struct conn		*conns;
	size_t			 nconns, capconns;
	int			 failed;
	int			 open_fds[ENG_MAXTHREADS];
	int			 nopen;
};

struct job {
	struct eng		*e;
	const struct eng_inst	*in;
	size_t			 idx;
	int			 role;		/* 0 initiator, 1 answer */
};

static void
efail(struct eng *e, const struct eng_inst *in, const char *fmt, ...)
{
	char msg[256], a[ADDR_STRLEN], b[ADDR_STRLEN];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	addr_fmt(&in->src, a, sizeof(a));
	addr_fmt(&in->dst, b, sizeof(b));
	fprintf(stderr, "engine: session %u (line %u) %s:%u > %s:%u: %s\n",
	    in->session, in->s->line, a, in->sport, b, in->dport, msg);
	pthread_mutex_lock(&e->mu);
	e->failed = 1;
	pthread_mutex_unlock(&e->mu);
}

static void
sin_of(const struct addr *a, uint16_t port, struct sockaddr_in *sin)
{
	memset(sin, 0, sizeof(*sin));
	sin->sin_family = AF_INET;
	memcpy(&sin->sin_addr, a->a, 4);
	sin->sin_port = htons(port);
}

static void
set_timeouts(int fd)
{
	struct timeval tv = { ENG_IO_TIMEOUT_S, 0 };

	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
}

static int
bound_socket(int type, const struct addr *a, uint16_t port)
{
	struct sockaddr_in sin;
	int fd, one = 1;

	if ((fd = socket(AF_INET, type | SOCK_CLOEXEC, 0)) == -1)
		return -1;
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	sin_of(a, port, &sin);
	if (bind(fd, (struct sockaddr *)&sin, sizeof(sin)) == -1) {
		close(fd);
		return -1;
	}
	set_timeouts(fd);
	return fd;
}

static void
at_time(struct eng *e, int64_t scn_us)
{
	int64_t when = e->t0 + (int64_t)((double)scn_us * e->scale);

	rig_pace_us(when - clock_mono_us());
}

static void
pace(struct eng *e, int64_t us)
{
	rig_pace_us((int64_t)((double)us * e->scale));
}

static int
write_all(int fd, const uint8_t *p, size_t n)
{
	ssize_t w;

	while (n > 0) {
		w = send(fd, p, n, MSG_NOSIGNAL);
		if (w == -1 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* Read exactly n octets. */
static int
read_n(int fd, size_t n)
{
	uint8_t buf[65536];
	ssize_t r;

	while (n > 0) {
		r = recv(fd, buf, n < sizeof(buf) ? n : sizeof(buf), 0);
		if (r == -1 && errno == EINTR)
			continue;
		if (r <= 0)
			return -1;
		n -= (size_t)r;
	}
	return 0;
}

/* Wait for the peer's FIN (1) or reset (0); -1 on timeout or data. */
static int
wait_end(int fd)
{
	uint8_t b[512];
	ssize_t r;

	for (;;) {
		r = recv(fd, b, sizeof(b), 0);
		if (r == -1 && errno == EINTR)
			continue;
		if (r == 0)
			return 1;
		if (r == -1 && (errno == ECONNRESET || errno == EPIPE))
			return 0;
		if (r == -1)
			return -1;
	}
}

static int
send_chunks(struct eng *e, int fd, const struct scn_step *st,
    const uint8_t *buf)
{
	uint32_t i;

	for (i = 0; i < st->count; i++) {
		if (write_all(fd, buf, st->size) == -1)
			return -1;
		if (st->gap_us > 0 && i + 1 < st->count)
			pace(e, st->gap_us);
	}
	return 0;
}

static void
keep_open(struct eng *e, int fd)
{
	pthread_mutex_lock(&e->mu);
	if (e->nopen < ENG_MAXTHREADS)
		e->open_fds[e->nopen++] = fd;
	pthread_mutex_unlock(&e->mu);
}

static void
rst_close(int fd)
{
	struct linger l = { 1, 0 };

	setsockopt(fd, SOL_SOCKET, SO_LINGER, &l, sizeof(l));
	close(fd);
}

/* Play a TCP script from one role on a connected socket. */
static void
tcp_script(struct eng *e, const struct eng_inst *in, int fd, int role)
{
	static uint8_t zeros[65536];
	const struct scn_session *s = in->s;
	int sent_fin = 0, got_eof = 0, mine, r;
	size_t i;

	for (i = 0; i < s->nsteps && fd != -1; i++) {
		const struct scn_step *st = &s->steps[i];

		if (st->size > sizeof(zeros)) {
			efail(e, in, "line %u: segment size %u too large for "
			    "the live engine", st->line, st->size);
			close(fd);
			return;
		}
		switch (st->op) {
		case SCN_OP_CONNECT:
			break;
		case SCN_OP_SEND:
		case SCN_OP_RECV:
			mine = (st->op == SCN_OP_SEND) == (role == 0);
			r = mine ? send_chunks(e, fd, st, zeros) :
			    read_n(fd, (size_t)st->count * st->size);
			if (r == -1) {
				efail(e, in, "line %u: %s %ux%u: %s", st->line,
				    mine ? "send" : "receive", st->count,
				    st->size, strerror(errno));
				close(fd);
				return;
			}
			break;
		case SCN_OP_IDLE:
			pace(e, st->dur_us);
			break;
		case SCN_OP_SHUT:
		case SCN_OP_SHUT_PEER:
			mine = (st->op == SCN_OP_SHUT) == (role == 0);
			if (mine && !sent_fin) {
				shutdown(fd, SHUT_WR);
				sent_fin = 1;
			} else if (!mine && !got_eof) {
				if (wait_end(fd) != 1)
					efail(e, in, "line %u: no FIN from "
					    "the peer", st->line);
				got_eof = 1;
			}
			break;
		case SCN_OP_CLOSE_FIN:
		case SCN_OP_CLOSE_FIN_PEER:
			mine = (st->op == SCN_OP_CLOSE_FIN) == (role == 0);
			if (mine && !sent_fin)
				shutdown(fd, SHUT_WR);
			if (!got_eof && wait_end(fd) != 1)
				efail(e, in, "line %u: no FIN from the peer",
				    st->line);
			close(fd);
			fd = -1;
			break;
		case SCN_OP_RST:
		case SCN_OP_RST_PEER:
			mine = (st->op == SCN_OP_RST) == (role == 0);
			if (mine)
				rst_close(fd);
			else {
				wait_end(fd);
				close(fd);
			}
			fd = -1;
			break;
		default:
			break;
		}
	}
	if (fd != -1)
		keep_open(e, fd);
}

static int
conn_match(const struct conn *c, const struct eng_inst *in)
{
	return memcmp(&c->peer.sin_addr, in->src.a, 4) == 0 &&
	    ntohs(c->peer.sin_port) == in->sport &&
	    memcmp(&c->local.sin_addr, in->dst.a, 4) == 0 &&
	    ntohs(c->local.sin_port) == in->dport;
}

/* The responder's end of a TCP session: wait for the acceptor. */
static int
tcp_take(struct eng *e, const struct eng_inst *in)
{
	struct timespec dl;
	int64_t until;
	size_t i;
	int fd = -1;

	/* pthread_cond_timedwait wants CLOCK_REALTIME */
	until = clock_now_us() + (int64_t)ENG_IO_TIMEOUT_S * 1000000 +
	    (int64_t)((double)in->start_us * e->scale);
	dl.tv_sec = (time_t)(until / 1000000);
	dl.tv_nsec = (long)(until % 1000000) * 1000;
	pthread_mutex_lock(&e->mu);
	for (;;) {
		for (i = 0; i < e->nconns; i++)
			if (!e->conns[i].taken && conn_match(&e->conns[i],
			    in)) {
				e->conns[i].taken = 1;
				fd = e->conns[i].fd;
				break;
			}
		if (fd != -1)
			break;
		if (pthread_cond_timedwait(&e->cv, &e->mu, &dl) == ETIMEDOUT)
			break;
	}
	pthread_mutex_unlock(&e->mu);
	return fd;
}

static void *
acceptor(void *arg)
{
	struct eng *e = arg;
	struct pollfd pfd[64];
	struct conn c, *nc;
	socklen_t sl;
	int i, one = 1;

	for (i = 0; i < e->nl; i++) {
		pfd[i].fd = e->lfd[i];
		pfd[i].events = POLLIN;
	}
	for (;;) {
		if (poll(pfd, (nfds_t)e->nl, -1) == -1) {
			if (errno == EINTR)
				continue;
			return NULL;
		}
		for (i = 0; i < e->nl; i++) {
			if (!(pfd[i].revents & POLLIN))
				continue;
			sl = sizeof(c.peer);
			c.fd = accept4(e->lfd[i], (struct sockaddr *)&c.peer,
			    &sl, SOCK_CLOEXEC);
			if (c.fd == -1)
				continue;
			sl = sizeof(c.local);
			getsockname(c.fd, (struct sockaddr *)&c.local, &sl);
			setsockopt(c.fd, IPPROTO_TCP, TCP_NODELAY, &one,
			    sizeof(one));
			set_timeouts(c.fd);
			c.taken = 0;
			pthread_mutex_lock(&e->mu);
			if (e->nconns == e->capconns) {
				e->capconns = e->capconns ? e->capconns * 2 :
				    32;
				nc = realloc(e->conns, e->capconns *
				    sizeof(*nc));
				if (nc == NULL)
					abort();
				e->conns = nc;
			}
			e->conns[e->nconns++] = c;
			pthread_cond_broadcast(&e->cv);
			pthread_mutex_unlock(&e->mu);
		}
	}
	return NULL;
}

static uint16_t
cksum(const void *p, size_t n, uint32_t sum)
{
	const uint8_t *b = p;

	while (n > 1) {
		sum += (uint32_t)(b[0] << 8 | b[1]);
		b += 2;
		n -= 2;
	}
	if (n)
		sum += (uint32_t)(b[0] << 8);
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

static void
run_ping(struct eng *e, const struct eng_inst *in, const struct scn_step *st)
{
	uint8_t pkt[65536], rb[65600];
	struct sockaddr_in to;
	uint32_t i;
	uint16_t c;
	size_t len = 8 + st->size;
	int fd;

	if (len > sizeof(pkt)) {
		efail(e, in, "echo size %u too large", st->size);
		return;
	}
	if ((fd = socket(AF_INET, SOCK_RAW | SOCK_CLOEXEC, IPPROTO_ICMP)) ==
	    -1) {
		efail(e, in, "raw ICMP socket: %s", strerror(errno));
		return;
	}
	sin_of(&in->src, 0, &to);
	if (bind(fd, (struct sockaddr *)&to, sizeof(to)) == -1) {
		efail(e, in, "bind: %s", strerror(errno));
		close(fd);
		return;
	}
	sin_of(&in->dst, 0, &to);
	for (i = 0; i < st->count; i++) {
		memset(pkt, 0, len);
		pkt[0] = ICMP_ECHO;
		pkt[4] = (uint8_t)(in->sport >> 8);
		pkt[5] = (uint8_t)in->sport;
		pkt[6] = (uint8_t)((i + 1) >> 8);
		pkt[7] = (uint8_t)(i + 1);
		c = cksum(pkt, len, 0);
		pkt[2] = (uint8_t)(c >> 8);
		pkt[3] = (uint8_t)c;
		if (sendto(fd, pkt, len, 0, (struct sockaddr *)&to,
		    sizeof(to)) != (ssize_t)len) {
			efail(e, in, "echo request: %s", strerror(errno));
			break;
		}
		if (st->reply) {
			int64_t dl = clock_mono_us() + ENG_ECHO_WAIT_US;
			int got = 0;

			while (!got && clock_mono_us() < dl) {
				struct pollfd pf = { fd, POLLIN, 0 };
				ssize_t r;
				size_t hl;

				if (poll(&pf, 1, (int)((dl - clock_mono_us())
				    / 1000) + 1) <= 0)
					continue;
				r = recv(fd, rb, sizeof(rb), 0);
				if (r < 20)
					continue;
				hl = (size_t)(rb[0] & 0x0f) * 4;
				if ((size_t)r < hl + 8 ||
				    rb[hl] != ICMP_ECHOREPLY)
					continue;
				if ((rb[hl + 4] << 8 | rb[hl + 5]) ==
				    in->sport && (uint32_t)(rb[hl + 6] << 8 |
				    rb[hl + 7]) == i + 1)
					got = 1;
			}
			if (!got)
				efail(e, in, "line %u: echo reply %u never "
				    "came", st->line, i + 1);
		}
		if (st->gap_us > 0 && i + 1 < st->count)
			pace(e, st->gap_us);
	}
	close(fd);
}

static void
run_syn(struct eng *e, const struct eng_inst *in, const struct scn_step *st)
{
	uint8_t seg[20], ph[12 + 20];
	struct sockaddr_in to;
	uint32_t i, n = st->count > 0 ? st->count : 1;
	uint32_t seq = 0x10000000u + in->session * 7919u;
	uint16_t c;
	int fd;

	if ((fd = socket(AF_INET, SOCK_RAW | SOCK_CLOEXEC, IPPROTO_TCP)) ==
	    -1) {
		efail(e, in, "raw TCP socket: %s", strerror(errno));
		return;
	}
	sin_of(&in->src, 0, &to);
	if (bind(fd, (struct sockaddr *)&to, sizeof(to)) == -1) {
		efail(e, in, "bind: %s", strerror(errno));
		close(fd);
		return;
	}
	sin_of(&in->dst, 0, &to);
	for (i = 0; i < n; i++) {
		memset(seg, 0, sizeof(seg));
		seg[0] = (uint8_t)(in->sport >> 8);
		seg[1] = (uint8_t)in->sport;
		seg[2] = (uint8_t)(in->dport >> 8);
		seg[3] = (uint8_t)in->dport;
		seg[4] = (uint8_t)(seq >> 24);
		seg[5] = (uint8_t)(seq >> 16);
		seg[6] = (uint8_t)(seq >> 8);
		seg[7] = (uint8_t)seq;
		seg[12] = 5 << 4;
		seg[13] = 0x02;		/* SYN */
		seg[14] = 0xfa;		/* window 64240 */
		seg[15] = 0xf0;
		memcpy(ph, in->src.a, 4);
		memcpy(ph + 4, in->dst.a, 4);
		ph[8] = 0;
		ph[9] = IPPROTO_TCP;
		ph[10] = 0;
		ph[11] = sizeof(seg);
		memcpy(ph + 12, seg, sizeof(seg));
		c = cksum(ph, sizeof(ph), 0);
		seg[16] = (uint8_t)(c >> 8);
		seg[17] = (uint8_t)c;
		if (sendto(fd, seg, sizeof(seg), 0, (struct sockaddr *)&to,
		    sizeof(to)) != (ssize_t)sizeof(seg)) {
			efail(e, in, "SYN: %s", strerror(errno));
			break;
		}
		if (st->gap_us > 0 && i + 1 < n)
			pace(e, st->gap_us);
	}
	close(fd);
}

static void
udp_script(struct eng *e, const struct eng_inst *in, int fd, int role)
{
	static uint8_t zeros[65536];
	uint8_t rb[65536];
	size_t i;
	uint32_t k;
	int mine;

	for (i = 0; i < in->s->nsteps; i++) {
		const struct scn_step *st = &in->s->steps[i];

		if (st->op == SCN_OP_IDLE) {
			pace(e, st->dur_us);
			continue;
		}
		if (st->op != SCN_OP_SEND && st->op != SCN_OP_RECV)
			continue;
		if (st->size > 65507) {
			efail(e, in, "line %u: datagram size %u too large",
			    st->line, st->size);
			break;
		}
		mine = (st->op == SCN_OP_SEND) == (role == 0);
		for (k = 0; k < st->count; k++) {
			if (mine) {
				if (send(fd, zeros, st->size, 0) !=
				    (ssize_t)st->size) {
					efail(e, in, "line %u: send: %s",
					    st->line, strerror(errno));
					return;
				}
				if (st->gap_us > 0 && k + 1 < st->count)
					pace(e, st->gap_us);
			} else if (recv(fd, rb, sizeof(rb), 0) < 0) {
				efail(e, in, "line %u: datagram %u of %u "
				    "never came: %s", st->line, k + 1,
				    st->count, strerror(errno));
				return;
			}
		}
	}
}

static void *
job_run(void *arg)
{
	struct job *j = arg;
	struct eng *e = j->e;
	const struct eng_inst *in = j->in;
	struct sockaddr_in sin;
	int fd, one = 1;

	if (j->role == 0)
		at_time(e, in->start_us);
	if (in->proto == IPPROTO_ICMP) {
		size_t i;

		for (i = 0; i < in->s->nsteps; i++) {
			if (in->s->steps[i].op == SCN_OP_PING)
				run_ping(e, in, &in->s->steps[i]);
			else if (in->s->steps[i].op == SCN_OP_IDLE)
				pace(e, in->s->steps[i].dur_us);
		}
		return NULL;
	}
	if (in->proto == IPPROTO_TCP && in->s->nsteps > 0 &&
	    in->s->steps[0].op == SCN_OP_SYN_ONLY) {
		run_syn(e, in, &in->s->steps[0]);
		return NULL;
	}
	if (in->proto == IPPROTO_UDP) {
		if (j->role == 0) {
			fd = bound_socket(SOCK_DGRAM, &in->src, in->sport);
			sin_of(&in->dst, in->dport, &sin);
			if (fd == -1 || connect(fd, (struct sockaddr *)&sin,
			    sizeof(sin)) == -1) {
				efail(e, in, "UDP socket: %s",
				    strerror(errno));
				if (fd != -1)
					close(fd);
				return NULL;
			}
		} else
			fd = e->resp_fd[j->idx];
		udp_script(e, in, fd, j->role);
		close(fd);
		return NULL;
	}
	/* TCP */
	if (j->role == 0) {
		fd = bound_socket(SOCK_STREAM, &in->src, in->sport);
		if (fd == -1) {
			efail(e, in, "bind: %s", strerror(errno));
			return NULL;
		}
		setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
		sin_of(&in->dst, in->dport, &sin);
		if (connect(fd, (struct sockaddr *)&sin, sizeof(sin)) == -1) {
			efail(e, in, "connect: %s", strerror(errno));
			close(fd);
			return NULL;
		}
	} else if ((fd = tcp_take(e, in)) == -1) {
		efail(e, in, "the connection never arrived");
		return NULL;
	}
	tcp_script(e, in, fd, j->role);
	return NULL;
}

static int
eng_setup(struct eng *e)
{
	struct sockaddr_in sin;
	size_t i;
	int k;

	for (i = 0; i < e->n; i++) {
		const struct eng_inst *in = &e->ins[i];

		e->resp_fd[i] = -1;
		if ((int)in->from == e->side || in->unanswered)
			continue;
		if (in->proto == IPPROTO_UDP) {
			int fd = bound_socket(SOCK_DGRAM, &in->dst, in->dport);

			sin_of(&in->src, in->sport, &sin);
			if (fd == -1 || connect(fd, (struct sockaddr *)&sin,
			    sizeof(sin)) == -1) {
				efail(e, in, "UDP responder: %s",
				    strerror(errno));
				return -1;
			}
			e->resp_fd[i] = fd;
		} else if (in->proto == IPPROTO_TCP) {
			for (k = 0; k < e->nl; k++) {
				socklen_t sl = sizeof(sin);

				getsockname(e->lfd[k], (struct sockaddr *)&sin,
				    &sl);
				if (memcmp(&sin.sin_addr, in->dst.a, 4) == 0 &&
				    ntohs(sin.sin_port) == in->dport)
					break;
			}
			if (k < e->nl)
				continue;
			if (e->nl == 64) {
				efail(e, in, "more than 64 listening "
				    "endpoints");
				return -1;
			}
			e->lfd[e->nl] = bound_socket(SOCK_STREAM, &in->dst,
			    in->dport);
			if (e->lfd[e->nl] == -1 ||
			    listen(e->lfd[e->nl], 1024) == -1) {
				efail(e, in, "listen: %s", strerror(errno));
				return -1;
			}
			e->nl++;
		}
	}
	return 0;
}

static int
eng_child(const struct eng_inst *ins, size_t n, int side, double scale,
    int ctl)
{
	static struct eng e;
	struct job *jobs;
	pthread_t *th, acc;
	pthread_attr_t at;
	size_t i, nj = 0;
	int64_t t0;
	char c;

	memset(&e, 0, sizeof(e));
	e.ins = ins;
	e.n = n;
	e.side = side;
	e.scale = scale;
	pthread_mutex_init(&e.mu, NULL);
	pthread_cond_init(&e.cv, NULL);
	e.resp_fd = calloc(n ? n : 1, sizeof(int));
	jobs = calloc(2 * (n ? n : 1), sizeof(*jobs));
	th = calloc(2 * (n ? n : 1), sizeof(*th));
	if (e.resp_fd == NULL || jobs == NULL || th == NULL)
		return 1;
	if (eng_setup(&e) == -1) {
		c = 'E';
		(void)!write(ctl, &c, 1);
		return 1;
	}
	pthread_attr_init(&at);
	pthread_attr_setstacksize(&at, 256 * 1024);
	if (e.nl > 0)
		pthread_create(&acc, &at, acceptor, &e);
	c = 'R';
	if (write(ctl, &c, 1) != 1 || read(ctl, &t0, sizeof(t0)) !=
	    (ssize_t)sizeof(t0))
		return 1;
	e.t0 = t0;
	for (i = 0; i < n; i++) {
		const struct eng_inst *in = &ins[i];
		int role;

		if ((int)in->from == side)
			role = 0;
		else if (!in->unanswered && in->proto != IPPROTO_ICMP)
			role = 1;
		else
			continue;
		jobs[nj].e = &e;
		jobs[nj].in = in;
		jobs[nj].idx = i;
		jobs[nj].role = role;
		if (pthread_create(&th[nj], &at, job_run, &jobs[nj]) != 0) {
			efail(&e, in, "cannot start a thread");
			break;
		}
		nj++;
	}
	for (i = 0; i < nj; i++)
		pthread_join(th[i], NULL);
	c = e.failed ? 'E' : 'D';
	(void)!write(ctl, &c, 1);
	/* hold open sessions until told to finish */
	while (read(ctl, &c, 1) > 0)
		;
	return e.failed;
}

int
eng_start(const struct rig *r, const struct scenario *scn,
    const struct eng_inst *ins, size_t n, int side, double scale,
    const char *errfile, struct eng_proc *ep)
{
	int sv[2], saved;
	pid_t ppid = getpid(), p;
	FILE *f;

	(void)scn;
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) == -1)
		return -1;
	fflush(stdout);
	fflush(stderr);
	if ((p = fork()) == -1) {
		close(sv[0]);
		close(sv[1]);
		return -1;
	}
	if (p == 0) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		if (getppid() != ppid)
			_exit(1);
		signal(SIGINT, SIG_DFL);
		signal(SIGTERM, SIG_DFL);
		signal(SIGHUP, SIG_DFL);
		close(sv[0]);
		if (errfile != NULL && (f = freopen(errfile, "a", stderr)) ==
		    NULL)
			_exit(1);
		setvbuf(stderr, NULL, _IOLBF, 0);
		if (rig_enter(r->ns[side ? RIG_SRV : RIG_CLI], &saved) == -1) {
			fprintf(stderr, "engine: cannot enter %s\n",
			    r->ns[side ? RIG_SRV : RIG_CLI]);
			_exit(1);
		}
		close(saved);
		_exit(eng_child(ins, n, side, scale, sv[1]));
	}
	rig_track(p);
	close(sv[1]);
	ep->pid = p;
	ep->ctl = sv[0];
	ep->side = side;
	return 0;
}

static int
wait_byte(struct eng_proc *ep, int ms, char *c)
{
	struct pollfd pf = { ep->ctl, POLLIN, 0 };

	if (poll(&pf, 1, ms) <= 0)
		return 0;
	if (read(ep->ctl, c, 1) != 1)
		return -1;
	return 1;
}

int
eng_wait_ready(struct eng_proc *ep, int ms)
{
	char c;
	int r = wait_byte(ep, ms, &c);

	return r == 1 && c == 'R' ? 1 : -1;
}

int
eng_go(struct eng_proc *ep, int n)
{
	int64_t t0 = clock_mono_us() + 20000;
	int i;

	for (i = 0; i < n; i++)
		if (write(ep[i].ctl, &t0, sizeof(t0)) != (ssize_t)sizeof(t0))
			return -1;
	return 0;
}

int
eng_wait_done(struct eng_proc *ep, int ms)
{
	char c;
	int r = wait_byte(ep, ms, &c);

	if (r == 0)
		return 0;
	return r == 1 && c == 'D' ? 1 : -1;
}

void
eng_finish(struct eng_proc *ep)
{
	if (ep->ctl != -1)
		close(ep->ctl);
	ep->ctl = -1;
	if (ep->pid > 0)
		rig_stop(ep->pid, 2000);
	ep->pid = 0;
}
