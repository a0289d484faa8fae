/*
 * pcapio.c: pcap savefile reading and writing through libpcap, and the
 * UDP-in-IP frame builder used to write export datagrams into pcaps.
 */
#include <sys/socket.h>
#include <netinet/in.h>

#include <errno.h>
#include <pcap/pcap.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cursor.h"
#include "pcapio.h"

#ifndef DLT_LINUX_SLL2
#define DLT_LINUX_SLL2	276
#endif

struct pcapio_r {
	pcap_t		*p;
	int		 linktype;
	uint64_t	 n;
	char		 path[256];
	char		 err[PCAPIO_ERRBUF_SIZE];
};

#define PCAPIO_FRAMEBUF	(65535 + 128)

struct pcapio_w {
	pcap_t		*p;
	pcap_dumper_t	*d;
	int		 linktype;
	int		 failed;
	uint8_t		*fbuf;		/* frames built by pcapio_write_udp */
};

struct pcapio_r *
pcapio_open(const char *path, char *errbuf)
{
	char pe[PCAP_ERRBUF_SIZE];
	struct pcapio_r *r;

	if ((r = calloc(1, sizeof(*r))) == NULL) {
		snprintf(errbuf, PCAPIO_ERRBUF_SIZE, "%s: %s", path,
		    strerror(errno));
		return NULL;
	}
	pe[0] = '\0';
	r->p = pcap_open_offline_with_tstamp_precision(path,
	    PCAP_TSTAMP_PRECISION_MICRO, pe);
	if (r->p == NULL) {
		snprintf(errbuf, PCAPIO_ERRBUF_SIZE, "%s: %s", path, pe);
		free(r);
		return NULL;
	}
	r->linktype = pcap_datalink(r->p);
	snprintf(r->path, sizeof(r->path), "%s", path);
	return r;
}

int
pcapio_next(struct pcapio_r *r, struct pcapio_frame *f)
{
	struct pcap_pkthdr *h;
	const u_char *data;
	int rc;

	rc = pcap_next_ex(r->p, &h, &data);
	if (rc == 1) {
		f->data = data;
		f->caplen = h->caplen;
		f->wirelen = h->len;
		f->ts_us = (int64_t)h->ts.tv_sec * 1000000 + h->ts.tv_usec;
		f->linktype = r->linktype;
		f->index = r->n++;
		return 1;
	}
	if (rc == PCAP_ERROR_BREAK)
		return 0;
	snprintf(r->err, sizeof(r->err), "%s: frame %llu: %s", r->path,
	    (unsigned long long)r->n, pcap_geterr(r->p));
	return -1;
}

int
pcapio_linktype(const struct pcapio_r *r)
{
	return r->linktype;
}

const char *
pcapio_geterr(struct pcapio_r *r)
{
	return r->err;
}

void
pcapio_close(struct pcapio_r *r)
{
	if (r == NULL)
		return;
	pcap_close(r->p);
	free(r);
}

struct pcapio_w *
pcapio_create(const char *path, int linktype, char *errbuf)
{
	struct pcapio_w *w;

	if ((w = calloc(1, sizeof(*w))) == NULL) {
		snprintf(errbuf, PCAPIO_ERRBUF_SIZE, "%s: %s", path,
		    strerror(errno));
		return NULL;
	}
	w->linktype = linktype;
	w->p = pcap_open_dead_with_tstamp_precision(linktype, PCAPIO_SNAPLEN,
	    PCAP_TSTAMP_PRECISION_MICRO);
	if (w->p == NULL) {
		snprintf(errbuf, PCAPIO_ERRBUF_SIZE, "%s: link type %d: "
		    "pcap_open_dead failed", path, linktype);
		free(w);
		return NULL;
	}
	if ((w->fbuf = malloc(PCAPIO_FRAMEBUF)) == NULL) {
		snprintf(errbuf, PCAPIO_ERRBUF_SIZE, "%s: %s", path,
		    strerror(errno));
		pcap_close(w->p);
		free(w);
		return NULL;
	}
	if ((w->d = pcap_dump_open(w->p, path)) == NULL) {
		snprintf(errbuf, PCAPIO_ERRBUF_SIZE, "%s", pcap_geterr(w->p));
		pcap_close(w->p);
		free(w->fbuf);
		free(w);
		return NULL;
	}
	return w;
}

int
pcapio_write(struct pcapio_w *w, int64_t ts_us, const void *buf,
    size_t caplen, size_t wirelen)
{
	struct pcap_pkthdr h;

	memset(&h, 0, sizeof(h));
	h.ts.tv_sec = (time_t)(ts_us / 1000000);
	h.ts.tv_usec = (suseconds_t)(ts_us % 1000000);
	if (h.ts.tv_usec < 0) {
		h.ts.tv_sec--;
		h.ts.tv_usec += 1000000;
	}
	if (caplen > PCAPIO_SNAPLEN)
		caplen = PCAPIO_SNAPLEN;
	h.caplen = (bpf_u_int32)caplen;
	h.len = (bpf_u_int32)(wirelen < caplen ? caplen : wirelen);
	pcap_dump((u_char *)w->d, &h, buf);
	if (ferror(pcap_dump_file(w->d))) {
		w->failed = 1;
		return -1;
	}
	return 0;
}

int
pcapio_w_linktype(const struct pcapio_w *w)
{
	return w->linktype;
}

int
pcapio_w_close(struct pcapio_w *w)
{
	int rc;

	if (w == NULL)
		return 0;
	rc = pcap_dump_flush(w->d) == 0 && !w->failed ? 0 : -1;
	if (ferror(pcap_dump_file(w->d)))
		rc = -1;
	pcap_dump_close(w->d);
	pcap_close(w->p);
	free(w->fbuf);
	free(w);
	return rc;
}

/* Internet checksum over a sequence of buffers, folded by the caller. */
static uint32_t
pcapio_sum(uint32_t sum, const uint8_t *p, size_t len)
{
	size_t i;

	for (i = 0; i + 1 < len; i += 2)
		sum += (uint32_t)(p[i] << 8 | p[i + 1]);
	if (len & 1)
		sum += (uint32_t)(p[len - 1] << 8);
	return sum;
}

static uint16_t
pcapio_fold(uint32_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

/* Link-layer header for an IP packet of family af; returns its length. */
static int
pcapio_link(uint8_t *buf, size_t buflen, int lt, int af)
{
	static const uint8_t mac_dst[6] = { 2, 0, 0, 0, 0, 2 };
	static const uint8_t mac_src[6] = { 2, 0, 0, 0, 0, 1 };
	uint16_t et = af == AF_INET6 ? 0x86dd : 0x0800;

	switch (lt) {
	case DLT_EN10MB:
		if (buflen < 14)
			return -1;
		memcpy(buf, mac_dst, 6);
		memcpy(buf + 6, mac_src, 6);
		put16(buf + 12, et);
		return 14;
	case DLT_RAW:
		return 0;
	case DLT_LINUX_SLL:
		if (buflen < 16)
			return -1;
		memset(buf, 0, 16);
		put16(buf, 0);			/* to us */
		put16(buf + 2, 1);		/* ARPHRD_ETHER */
		put16(buf + 4, 6);
		memcpy(buf + 6, mac_src, 6);
		put16(buf + 14, et);
		return 16;
	case DLT_LINUX_SLL2:
		if (buflen < 20)
			return -1;
		memset(buf, 0, 20);
		put16(buf, et);
		put32(buf + 4, 1);		/* ifindex */
		put16(buf + 8, 1);		/* ARPHRD_ETHER */
		buf[10] = 0;			/* to us */
		buf[11] = 6;
		memcpy(buf + 12, mac_src, 6);
		return 20;
	case DLT_NULL:
		if (buflen < 4)
			return -1;
		/* host order on the capturing machine; little-endian here */
		buf[0] = af == AF_INET6 ? 24 : 2;
		buf[1] = buf[2] = buf[3] = 0;
		return 4;
	default:
		return -1;
	}
}

/* UDP header with checksum over the pseudo-header; 8 octets at seg. */
static void
pcapio_udp_hdr(uint8_t *seg, const struct exporter *src,
    const struct exporter *dst, const void *payload, size_t len)
{
	uint32_t sum = 0;
	uint16_t ck;
	size_t alen = src->addr.af == AF_INET6 ? 16 : 4;
	uint8_t ph[4];

	put16(seg, src->port);
	put16(seg + 2, dst->port);
	put16(seg + 4, (uint16_t)(len + 8));
	put16(seg + 6, 0);
	sum = pcapio_sum(sum, src->addr.a, alen);
	sum = pcapio_sum(sum, dst->addr.a, alen);
	put32(ph, (uint32_t)(len + 8));
	sum = pcapio_sum(sum, ph, 4);
	sum += IPPROTO_UDP;
	sum = pcapio_sum(sum, seg, 8);
	sum = pcapio_sum(sum, payload, len);
	ck = pcapio_fold(sum);
	put16(seg + 6, ck == 0 ? 0xffff : ck);
}

/*
 * One IP packet holding bytes [off, off + n) of the transport segment
 * (udp header 8 octets + payload).  more: more fragments follow.
 * frag: write fragment fields (IPv6: a fragment header).
 */
static int
pcapio_ip(uint8_t *buf, size_t buflen, int lt, const struct exporter *src,
    const struct exporter *dst, const uint8_t *udph, const uint8_t *payload,
    size_t plen, size_t off, size_t n, int frag, int more, uint32_t id)
{
	int ll;
	size_t hl, i;
	uint8_t *ip, *d;
	int af = src->addr.af;

	if (af != dst->addr.af || (af != AF_INET && af != AF_INET6))
		return -1;
	if ((ll = pcapio_link(buf, buflen, lt, af)) < 0)
		return -1;
	hl = af == AF_INET ? 20 : 40 + (frag ? 8 : 0);
	if ((size_t)ll + hl + n > buflen || hl + n > 65535 + 40)
		return -1;
	ip = buf + ll;
	if (af == AF_INET) {
		if (hl + n > 65535)
			return -1;
		memset(ip, 0, 20);
		ip[0] = 0x45;
		put16(ip + 2, (uint16_t)(hl + n));
		put16(ip + 4, (uint16_t)id);
		put16(ip + 6, (uint16_t)((frag ? (off / 8) : 0) |
		    (more ? 0x2000 : 0)));
		ip[8] = 64;
		ip[9] = IPPROTO_UDP;
		memcpy(ip + 12, src->addr.a, 4);
		memcpy(ip + 16, dst->addr.a, 4);
		put16(ip + 10, pcapio_fold(pcapio_sum(0, ip, 20)));
	} else {
		if (hl - 40 + n > 65535)
			return -1;
		memset(ip, 0, hl);
		ip[0] = 0x60;
		put16(ip + 4, (uint16_t)(hl - 40 + n));
		ip[6] = frag ? 44 : IPPROTO_UDP;
		ip[7] = 64;
		memcpy(ip + 8, src->addr.a, 16);
		memcpy(ip + 24, dst->addr.a, 16);
		if (frag) {
			ip[40] = IPPROTO_UDP;
			put16(ip + 42, (uint16_t)((off & 0xfff8) |
			    (more ? 1 : 0)));
			put32(ip + 44, id);
		}
	}
	d = ip + hl;
	/* copy segment bytes [off, off+n): udp header then payload */
	for (i = 0; i < n; i++) {
		size_t s = off + i;

		if (s < 8)
			d[i] = udph[s];
		else {
			memcpy(d + i, payload + (s - 8), n - i);
			break;
		}
	}
	(void)plen;
	return ll + (int)(hl + n);
}

int
pcapio_udp_frame(uint8_t *buf, size_t buflen, int lt,
    const struct exporter *src, const struct exporter *dst,
    const void *payload, size_t len)
{
	uint8_t udph[8];

	if (len > 65535 - 8 - 20 && src->addr.af == AF_INET)
		return -1;
	if (len > 65535 - 8)
		return -1;
	pcapio_udp_hdr(udph, src, dst, payload, len);
	return pcapio_ip(buf, buflen, lt, src, dst, udph, payload, len, 0,
	    len + 8, 0, 0, 0);
}

int
pcapio_write_udp(struct pcapio_w *w, int64_t ts_us,
    const struct exporter *src, const struct exporter *dst,
    const void *payload, size_t len, size_t mtu, uint32_t id)
{
	uint8_t *buf = w->fbuf;
	uint8_t udph[8];
	size_t seglen = len + 8, hl, step, off;
	int n, frames = 0;

	if (src->addr.af != dst->addr.af || len > 65535 - 8)
		return -1;
	hl = src->addr.af == AF_INET6 ? 40 : 20;
	if (mtu == 0 || hl + seglen <= mtu) {
		n = pcapio_udp_frame(buf, PCAPIO_FRAMEBUF, w->linktype, src,
		    dst, payload, len);
		if (n < 0 || pcapio_write(w, ts_us, buf, (size_t)n,
		    (size_t)n) != 0)
			return -1;
		return 1;
	}
	if (src->addr.af == AF_INET6)
		hl += 8;
	if (mtu < hl + 8)
		return -1;
	step = (mtu - hl) & ~(size_t)7;
	pcapio_udp_hdr(udph, src, dst, payload, len);
	for (off = 0; off < seglen; off += step) {
		size_t k = seglen - off < step ? seglen - off : step;
		int more = off + k < seglen;

		n = pcapio_ip(buf, PCAPIO_FRAMEBUF, w->linktype, src, dst,
		    udph, payload, len, off, k, 1, more, id);
		if (n < 0 || pcapio_write(w, ts_us, buf, (size_t)n,
		    (size_t)n) != 0)
			return -1;
		frames++;
	}
	return frames;
}
