/*
 * rig_capture.c: libpcap capture on the gateway's two traffic veths (gc
 * toward the client, gs toward the server), in a thread that entered the
 * gateway namespace.  Immediate mode, so nothing waits in a ring block
 * and the tail of a run is never lost (linux-rig-notes.md 6); cap_stop
 * drains what the kernel still holds before closing.
 */
#include <sys/socket.h>

#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <pcap/pcap.h>

#include "rig_capture.h"

#define CAP_SNAPLEN	256	/* headers are what the truth needs */

struct rig_capture {
	pcap_t		*p[CAP_NEDGE];
	pcap_dumper_t	*d[CAP_NEDGE];
	_Atomic uint64_t n[CAP_NEDGE];
	atomic_int	 stop;
	pthread_t	 th;
	int		 running;
};

void
cap_path(const char *dir, int edge, char *buf, size_t len)
{
	snprintf(buf, len, "%s/edge-%s.pcap", dir, edge ? "server" :
	    "client");
}

struct edge_arg {
	struct rig_capture	*c;
	int			 edge;
};

static void
on_edge(u_char *arg, const struct pcap_pkthdr *h, const u_char *b)
{
	struct edge_arg *ea = (struct edge_arg *)(void *)arg;

	pcap_dump((u_char *)ea->c->d[ea->edge], h, b);
	atomic_fetch_add(&ea->c->n[ea->edge], 1);
}

static void *
cap_loop(void *arg)
{
	struct rig_capture *c = arg;
	struct edge_arg ea[CAP_NEDGE];
	struct pollfd pf[CAP_NEDGE];
	int i, idle;

	for (i = 0; i < CAP_NEDGE; i++) {
		ea[i].c = c;
		ea[i].edge = i;
		pf[i].fd = pcap_get_selectable_fd(c->p[i]);
		pf[i].events = POLLIN;
	}
	for (;;) {
		int stopping = atomic_load(&c->stop);

		poll(pf, CAP_NEDGE, stopping ? 0 : 50);
		idle = 1;
		for (i = 0; i < CAP_NEDGE; i++)
			if (pcap_dispatch(c->p[i], -1, on_edge,
			    (u_char *)&ea[i]) > 0)
				idle = 0;
		if (stopping && idle)
			break;
	}
	return NULL;
}

struct rig_capture *
cap_start(const struct rig *r, const char *dir, char *eb, size_t el)
{
	char pe[PCAP_ERRBUF_SIZE], path[1024];
	const char *ns[CAP_NEDGE], *ifs[CAP_NEDGE];
	struct bpf_program bp;
	struct rig_capture *c;
	sigset_t old;
	int i, saved = -1;

	if ((c = calloc(1, sizeof(*c))) == NULL) {
		snprintf(eb, el, "out of memory");
		return NULL;
	}
	for (i = 0; i < CAP_NEDGE; i++) {
		rig_edge(r, i, &ns[i], &ifs[i]);
		/* a packet socket belongs to the namespace it was made in */
		if (rig_enter(ns[i], &saved) == -1) {
			snprintf(eb, el, "cannot enter %s: %s", ns[i],
			    strerror(errno));
			goto fail;
		}
		if ((c->p[i] = pcap_create(ifs[i], pe)) == NULL) {
			snprintf(eb, el, "%s: %s", ifs[i], pe);
			goto fail;
		}
		pcap_set_snaplen(c->p[i], CAP_SNAPLEN);
		pcap_set_immediate_mode(c->p[i], 1);
		pcap_set_buffer_size(c->p[i], 16 << 20);
		if (pcap_activate(c->p[i]) < 0) {
			snprintf(eb, el, "%s: %s", ifs[i],
			    pcap_geterr(c->p[i]));
			goto fail;
		}
		if (pcap_compile(c->p[i], &bp, "ip", 1,
		    PCAP_NETMASK_UNKNOWN) == 0) {
			pcap_setfilter(c->p[i], &bp);
			pcap_freecode(&bp);
		}
		pcap_setnonblock(c->p[i], 1, pe);
		cap_path(dir, i, path, sizeof(path));
		if ((c->d[i] = pcap_dump_open(c->p[i], path)) == NULL) {
			snprintf(eb, el, "%s: %s", path, pcap_geterr(c->p[i]));
			goto fail;
		}
		rig_leave(saved);
		saved = -1;
	}
	rig_block_signals(&old);
	if (pthread_create(&c->th, NULL, cap_loop, c) != 0) {
		rig_restore_signals(&old);
		snprintf(eb, el, "cannot start the capture thread");
		goto fail;
	}
	rig_restore_signals(&old);
	c->running = 1;
	return c;
fail:
	rig_leave(saved);
	for (i = 0; i < CAP_NEDGE; i++) {
		if (c->d[i] != NULL)
			pcap_dump_close(c->d[i]);
		if (c->p[i] != NULL)
			pcap_close(c->p[i]);
	}
	free(c);
	return NULL;
}

uint64_t
cap_count(struct rig_capture *c, int edge)
{
	return atomic_load(&c->n[edge]);
}

int
cap_stop(struct rig_capture *c, uint64_t drops[CAP_NEDGE])
{
	struct pcap_stat st;
	int i, rc = 0;

	if (c == NULL)
		return -1;
	atomic_store(&c->stop, 1);
	if (c->running)
		pthread_join(c->th, NULL);
	for (i = 0; i < CAP_NEDGE; i++) {
		drops[i] = 0;
		if (pcap_stats(c->p[i], &st) == 0)
			drops[i] = st.ps_drop;
		pcap_dump_flush(c->d[i]);
		if (ferror(pcap_dump_file(c->d[i])))
			rc = -1;
		pcap_dump_close(c->d[i]);
		pcap_close(c->p[i]);
	}
	free(c);
	return rc;
}
