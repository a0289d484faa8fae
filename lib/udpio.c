/*
 * udpio.c: the collector's UDP socket (see udpio.h).
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "clock.h"
#include "udpio.h"

#define UDPIO_CMSGLEN	256

struct udpio {
	int		 fd;
	struct exporter	 local;
	int		 rcvbuf;
	int		 have_ovfl;
	uint32_t	 ovfl;		/* last kernel drop counter seen */
	uint8_t		*bufs;
#ifdef __linux__
	struct mmsghdr	 mm[UDPIO_BATCH];
#endif
	struct iovec	 iov[UDPIO_BATCH];
	struct sockaddr_storage from[UDPIO_BATCH];
	uint8_t		 cmsg[UDPIO_BATCH][UDPIO_CMSGLEN];
};

int
udpio_parse(const char *s, struct exporter *e, char *errbuf)
{
	char host[128];
	const char *port = NULL, *p;
	char *end;
	unsigned long n;

	memset(e, 0, sizeof(*e));
	e->port = UDPIO_DEFAULT_PORT;
	host[0] = '\0';
	if (s[0] == '[') {
		if ((p = strchr(s, ']')) == NULL || (size_t)(p - s - 1) >=
		    sizeof(host)) {
			snprintf(errbuf, UDPIO_ERRBUF_SIZE,
			    "%s: missing ']'", s);
			return -1;
		}
		memcpy(host, s + 1, (size_t)(p - s - 1));
		host[p - s - 1] = '\0';
		if (p[1] == ':')
			port = p + 2;
		else if (p[1] != '\0') {
			snprintf(errbuf, UDPIO_ERRBUF_SIZE,
			    "%s: junk after ']'", s);
			return -1;
		}
	} else if ((p = strchr(s, ':')) != NULL && strchr(p + 1, ':') == NULL) {
		if ((size_t)(p - s) >= sizeof(host)) {
			snprintf(errbuf, UDPIO_ERRBUF_SIZE, "%s: too long", s);
			return -1;
		}
		memcpy(host, s, (size_t)(p - s));
		host[p - s] = '\0';
		port = p + 1;
	} else if (strspn(s, "0123456789") == strlen(s) && s[0] != '\0') {
		port = s;
	} else {
		if (strlen(s) >= sizeof(host)) {
			snprintf(errbuf, UDPIO_ERRBUF_SIZE, "%s: too long", s);
			return -1;
		}
		strcpy(host, s);
	}
	if (port != NULL) {
		errno = 0;
		n = strtoul(port, &end, 10);
		if (port[0] == '\0' || *end != '\0' || errno != 0 ||
		    n > 65535) {
			snprintf(errbuf, UDPIO_ERRBUF_SIZE,
			    "%s: bad port '%s'", s, port);
			return -1;
		}
		e->port = (uint16_t)n;
	}
	if (host[0] == '\0' || strcmp(host, "*") == 0) {
		e->addr.af = AF_INET;
		return 0;
	}
	if (addr_parse(host, &e->addr) != 0) {
		snprintf(errbuf, UDPIO_ERRBUF_SIZE,
		    "%s: '%s' is not a numeric IPv4/IPv6 address", s, host);
		return -1;
	}
	return 0;
}

socklen_t
udpio_sa(const struct exporter *e, struct sockaddr_storage *ss)
{
	memset(ss, 0, sizeof(*ss));
	if (e->addr.af == AF_INET6) {
		struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)ss;

		s6->sin6_family = AF_INET6;
		s6->sin6_port = htons(e->port);
		memcpy(&s6->sin6_addr, e->addr.a, 16);
		return sizeof(*s6);
	} else {
		struct sockaddr_in *s4 = (struct sockaddr_in *)ss;

		s4->sin_family = AF_INET;
		s4->sin_port = htons(e->port);
		memcpy(&s4->sin_addr, e->addr.a, 4);
		return sizeof(*s4);
	}
}

static void
udpio_from_sa(const struct sockaddr_storage *ss, struct exporter *e)
{
	memset(e, 0, sizeof(*e));
	if (ss->ss_family == AF_INET6) {
		const struct sockaddr_in6 *s6 =
		    (const struct sockaddr_in6 *)ss;
		static const uint8_t mapped[12] = { 0, 0, 0, 0, 0, 0, 0, 0,
		    0, 0, 0xff, 0xff };

		/* a v4-mapped sender on a dual-stack socket is IPv4 */
		if (memcmp(&s6->sin6_addr, mapped, 12) == 0)
			addr_set4(&e->addr, (const uint8_t *)&s6->sin6_addr + 12);
		else
			addr_set6(&e->addr, (const uint8_t *)&s6->sin6_addr);
		e->port = ntohs(s6->sin6_port);
	} else if (ss->ss_family == AF_INET) {
		const struct sockaddr_in *s4 = (const struct sockaddr_in *)ss;

		addr_set4(&e->addr, (const uint8_t *)&s4->sin_addr);
		e->port = ntohs(s4->sin_port);
	}
}

struct udpio *
udpio_open(const struct exporter *at, int rcvbuf, char *errbuf)
{
	struct udpio *u;
	struct sockaddr_storage ss;
	socklen_t sl;
	int on = 1, off = 0, i;
	char a[EXPORTER_STRLEN];

	if ((u = calloc(1, sizeof(*u))) == NULL ||
	    (u->bufs = malloc((size_t)UDPIO_BATCH * UDPIO_MAXDGRAM)) == NULL) {
		snprintf(errbuf, UDPIO_ERRBUF_SIZE, "%s", strerror(errno));
		free(u);
		return NULL;
	}
	exporter_fmt(at, a, sizeof(a));
	u->fd = socket(at->addr.af == AF_INET6 ? AF_INET6 : AF_INET,
	    SOCK_DGRAM, 0);
	if (u->fd == -1) {
		snprintf(errbuf, UDPIO_ERRBUF_SIZE, "socket: %s",
		    strerror(errno));
		goto fail;
	}
	if (at->addr.af == AF_INET6)
		(void)setsockopt(u->fd, IPPROTO_IPV6, IPV6_V6ONLY, &off,
		    sizeof(off));
	if (rcvbuf > 0) {
		/* FORCE passes rmem_max when we are allowed to */
#ifdef SO_RCVBUFFORCE
		if (setsockopt(u->fd, SOL_SOCKET, SO_RCVBUFFORCE, &rcvbuf,
		    sizeof(rcvbuf)) == -1)
#endif
			(void)setsockopt(u->fd, SOL_SOCKET, SO_RCVBUF,
			    &rcvbuf, sizeof(rcvbuf));
	}
	sl = sizeof(u->rcvbuf);
	(void)getsockopt(u->fd, SOL_SOCKET, SO_RCVBUF, &u->rcvbuf, &sl);
#ifdef SO_TIMESTAMPNS
	(void)setsockopt(u->fd, SOL_SOCKET, SO_TIMESTAMPNS, &on, sizeof(on));
#endif
#ifdef SO_RXQ_OVFL
	if (setsockopt(u->fd, SOL_SOCKET, SO_RXQ_OVFL, &on, sizeof(on)) == 0)
		u->have_ovfl = 1;
#endif
	sl = udpio_sa(at, &ss);
	if (bind(u->fd, (struct sockaddr *)&ss, sl) == -1) {
		snprintf(errbuf, UDPIO_ERRBUF_SIZE, "bind %s: %s", a,
		    strerror(errno));
		goto fail;
	}
	sl = sizeof(ss);
	if (getsockname(u->fd, (struct sockaddr *)&ss, &sl) == -1) {
		snprintf(errbuf, UDPIO_ERRBUF_SIZE, "getsockname: %s",
		    strerror(errno));
		goto fail;
	}
	udpio_from_sa(&ss, &u->local);
	if (at->addr.af == AF_INET6 && u->local.addr.af == AF_INET)
		u->local.addr = at->addr;	/* "::" shows as "::" */
	for (i = 0; i < UDPIO_BATCH; i++) {
		u->iov[i].iov_base = u->bufs + (size_t)i * UDPIO_MAXDGRAM;
		u->iov[i].iov_len = UDPIO_MAXDGRAM;
	}
	return u;
fail:
	if (u->fd != -1)
		close(u->fd);
	free(u->bufs);
	free(u);
	return NULL;
}

const struct exporter *
udpio_local(const struct udpio *u)
{
	return &u->local;
}

int
udpio_rcvbuf(const struct udpio *u)
{
	return u->rcvbuf;
}

int
udpio_fd(const struct udpio *u)
{
	return u->fd;
}

int64_t
udpio_drops(const struct udpio *u)
{
	return u->have_ovfl ? (int64_t)u->ovfl : -1;
}

/* Pick the timestamp and the drop counter out of the control data. */
static void
udpio_cmsgs(struct udpio *u, struct msghdr *mh, struct udpio_dgram *d)
{
	struct cmsghdr *c;

	for (c = CMSG_FIRSTHDR(mh); c != NULL; c = CMSG_NXTHDR(mh, c)) {
		if (c->cmsg_level != SOL_SOCKET)
			continue;
#ifdef SCM_TIMESTAMPNS
		if (c->cmsg_type == SCM_TIMESTAMPNS &&
		    c->cmsg_len >= CMSG_LEN(sizeof(struct timespec))) {
			struct timespec ts;

			memcpy(&ts, CMSG_DATA(c), sizeof(ts));
			d->arrival_us = (int64_t)ts.tv_sec * 1000000 +
			    ts.tv_nsec / 1000;
		}
#endif
#ifdef SO_RXQ_OVFL
		if (c->cmsg_type == SO_RXQ_OVFL &&
		    c->cmsg_len >= CMSG_LEN(sizeof(uint32_t))) {
			uint32_t n;

			memcpy(&n, CMSG_DATA(c), sizeof(n));
			u->ovfl = n;
		}
#endif
	}
}

int
udpio_recv(struct udpio *u, int timeout_ms, struct udpio_dgram *d, int max,
    char *errbuf)
{
	struct pollfd pfd;
	int n, i;
	int64_t now;

	if (max > UDPIO_BATCH)
		max = UDPIO_BATCH;
	pfd.fd = u->fd;
	pfd.events = POLLIN;
	pfd.revents = 0;
	n = poll(&pfd, 1, timeout_ms);
	if (n == -1) {
		if (errno == EINTR)
			return 0;
		snprintf(errbuf, UDPIO_ERRBUF_SIZE, "poll: %s",
		    strerror(errno));
		return -1;
	}
	if (n == 0)
		return 0;
#ifdef __linux__
	for (i = 0; i < max; i++) {
		struct msghdr *mh = &u->mm[i].msg_hdr;

		memset(mh, 0, sizeof(*mh));
		mh->msg_name = &u->from[i];
		mh->msg_namelen = sizeof(u->from[i]);
		mh->msg_iov = &u->iov[i];
		mh->msg_iovlen = 1;
		mh->msg_control = u->cmsg[i];
		mh->msg_controllen = UDPIO_CMSGLEN;
		u->mm[i].msg_len = 0;
	}
	n = recvmmsg(u->fd, u->mm, (unsigned int)max, MSG_DONTWAIT, NULL);
#else
	{
		struct msghdr mh;
		ssize_t r;

		memset(&mh, 0, sizeof(mh));
		mh.msg_name = &u->from[0];
		mh.msg_namelen = sizeof(u->from[0]);
		mh.msg_iov = &u->iov[0];
		mh.msg_iovlen = 1;
		mh.msg_control = u->cmsg[0];
		mh.msg_controllen = UDPIO_CMSGLEN;
		r = recvmsg(u->fd, &mh, MSG_DONTWAIT);
		n = r < 0 ? -1 : 1;
		if (n == 1) {
			d[0].data = u->iov[0].iov_base;
			d[0].len = (size_t)r;
			d[0].truncated = (mh.msg_flags & MSG_TRUNC) != 0;
			udpio_from_sa(&u->from[0], &d[0].from);
			d[0].arrival_us = 0;
			udpio_cmsgs(u, &mh, &d[0]);
			if (d[0].arrival_us == 0)
				d[0].arrival_us = clock_now_us();
		}
		return n < 0 ? (errno == EAGAIN || errno == EINTR ? 0 : -1) : n;
	}
#endif
	if (n == -1) {
		if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)
			return 0;
		snprintf(errbuf, UDPIO_ERRBUF_SIZE, "recvmmsg: %s",
		    strerror(errno));
		return -1;
	}
	now = 0;
#ifdef __linux__
	for (i = 0; i < n; i++) {
		struct msghdr *mh = &u->mm[i].msg_hdr;

		d[i].data = u->iov[i].iov_base;
		d[i].len = u->mm[i].msg_len;
		d[i].truncated = (mh->msg_flags & MSG_TRUNC) != 0;
		udpio_from_sa(&u->from[i], &d[i].from);
		d[i].arrival_us = 0;
		udpio_cmsgs(u, mh, &d[i]);
		if (d[i].arrival_us == 0) {
			if (now == 0)
				now = clock_now_us();
			d[i].arrival_us = now;
		}
	}
#endif
	return n;
}

void
udpio_close(struct udpio *u)
{
	if (u == NULL)
		return;
	if (u->fd != -1)
		close(u->fd);
	free(u->bufs);
	free(u);
}
