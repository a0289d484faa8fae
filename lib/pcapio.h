/*
 * pcapio.h: read and write pcap savefiles through libpcap, and build the
 * IPv4/IPv6 + UDP frames that carry export datagrams (for the collector's
 * -W output, the tests and the benchmark).
 *
 * Reading hands out frames with their link type and capture time; the
 * frame bytes stay valid until the next pcapio_next().  Fallible setup
 * calls take an errbuf of PCAPIO_ERRBUF_SIZE and name the file in it.
 */
#ifndef PFL_PCAPIO_H
#define PFL_PCAPIO_H

#include <stddef.h>
#include <stdint.h>

#include "addr.h"

#define PCAPIO_ERRBUF_SIZE	512
#define PCAPIO_SNAPLEN		262144

struct pcapio_r;
struct pcapio_w;

struct pcapio_frame {
	const uint8_t	*data;
	size_t		 caplen;
	size_t		 wirelen;
	int64_t		 ts_us;		/* capture time, unix microseconds */
	int		 linktype;	/* DLT_* */
	uint64_t	 index;		/* frame number in the file, from 0 */
};

struct pcapio_r	*pcapio_open(const char *path, char *errbuf);
/* 1: a frame in *f; 0: end of file; -1: read error (pcapio_geterr). */
int		 pcapio_next(struct pcapio_r *, struct pcapio_frame *);
int		 pcapio_linktype(const struct pcapio_r *);
const char	*pcapio_geterr(struct pcapio_r *);
void		 pcapio_close(struct pcapio_r *);

/* "-" writes to stdout. */
struct pcapio_w	*pcapio_create(const char *path, int linktype, char *errbuf);
int		 pcapio_write(struct pcapio_w *, int64_t ts_us,
		    const void *, size_t caplen, size_t wirelen);
int		 pcapio_w_linktype(const struct pcapio_w *);
/* Flush and close; -1 when a write failed on the way. */
int		 pcapio_w_close(struct pcapio_w *);

/*
 * Build one frame carrying a UDP datagram from src to dst (same address
 * family) for linktype DLT_EN10MB, DLT_RAW, DLT_LINUX_SLL, DLT_LINUX_SLL2
 * or DLT_NULL.  IP and UDP checksums are filled in.  Returns the frame
 * length, or -1 when buf is too small or the arguments do not fit.
 */
int	pcapio_udp_frame(uint8_t *buf, size_t buflen, int linktype,
	    const struct exporter *src, const struct exporter *dst,
	    const void *payload, size_t len);
/*
 * Write a UDP datagram as IP fragments of at most mtu octets of IP packet
 * each (IPv4 fragments, or IPv6 fragment headers), with identification id.
 * mtu 0 (or a datagram that fits) writes one unfragmented frame.
 * Returns the number of frames written, -1 on error.
 */
int	pcapio_write_udp(struct pcapio_w *, int64_t ts_us,
	    const struct exporter *src, const struct exporter *dst,
	    const void *payload, size_t len, size_t mtu, uint32_t id);

#endif /* PFL_PCAPIO_H */
