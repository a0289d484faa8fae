/*
 * collect_send.c: bench helper for bench/collect.sh (built there, not
 * part of pflowlab): send the UDP payloads of a pcap to 127.0.0.1:PORT
 * as fast as sendmmsg goes, or at PPS datagrams per second, REPEAT
 * times.  Prints the datagrams sent and the seconds taken.
 *
 *	collect_send FILE.pcap PORT [PPS [REPEAT]]
 */
#define _GNU_SOURCE
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#include <pcap/pcap.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

int
main(int argc, char **argv)
{
	char eb[PCAP_ERRBUF_SIZE];
	pcap_t *p;
	struct pcap_pkthdr *h;
	const u_char *d;
	struct sockaddr_in sin;
	struct iovec *iov = NULL;
	struct mmsghdr *mm;
	size_t n = 0, cap = 0, i, sent = 0;
	double pps, t0, t1;
	int fd, rep, r;

	if (argc < 3)
		return 2;
	pps = argc > 3 ? atof(argv[3]) : 0;
	rep = argc > 4 ? atoi(argv[4]) : 1;
	if ((p = pcap_open_offline(argv[1], eb)) == NULL) {
		fprintf(stderr, "%s\n", eb);
		return 2;
	}
	while (pcap_next_ex(p, &h, &d) == 1) {
		/* Ethernet + 20-octet IPv4 + UDP, as collect_mkpcap.py writes */
		if (h->caplen < 42)
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 1024;
			iov = realloc(iov, cap * sizeof(*iov));
		}
		iov[n].iov_len = h->caplen - 42;
		iov[n].iov_base = malloc(iov[n].iov_len);
		memcpy(iov[n].iov_base, d + 42, iov[n].iov_len);
		n++;
	}
	mm = calloc(n, sizeof(*mm));
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_port = htons((uint16_t)atoi(argv[2]));
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	fd = socket(AF_INET, SOCK_DGRAM, 0);
	if (connect(fd, (struct sockaddr *)&sin, sizeof(sin)) != 0)
		return 2;
	for (i = 0; i < n; i++) {
		mm[i].msg_hdr.msg_iov = &iov[i];
		mm[i].msg_hdr.msg_iovlen = 1;
	}
	t0 = now();
	while (rep-- > 0) {
		for (i = 0; i < n; ) {
			size_t b = n - i < 32 ? n - i : 32;

			if (pps > 0)
				while ((now() - t0) * pps < (double)sent)
					;	/* pace */
			r = sendmmsg(fd, mm + i, (unsigned int)b, 0);
			if (r <= 0)
				continue;
			i += (size_t)r;
			sent += (size_t)r;
		}
	}
	t1 = now();
	printf("%zu %.6f\n", sent, t1 - t0);
	return 0;
}
