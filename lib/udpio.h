/*
 * udpio.h: the collector's UDP socket: bind an IPv4 or IPv6 address and
 * port, a large receive buffer, batched receive (recvmmsg where the OS has
 * it), kernel receive timestamps, and the kernel's drop counter where Linux
 * offers it (SO_RXQ_OVFL).
 */
#ifndef PFL_UDPIO_H
#define PFL_UDPIO_H

#include <sys/socket.h>

#include <stddef.h>
#include <stdint.h>

#include "addr.h"

#define UDPIO_ERRBUF_SIZE	256
#define UDPIO_BATCH		64
#define UDPIO_MAXDGRAM		65535
#define UDPIO_DEFAULT_PORT	4739
#define UDPIO_DEFAULT_RCVBUF	(32 * 1024 * 1024)

struct udpio;

struct udpio_dgram {
	const uint8_t	*data;
	size_t		 len;
	int		 truncated;	/* longer than the buffer */
	struct exporter	 from;
	int64_t		 arrival_us;	/* kernel timestamp, unix us */
};

/*
 * Parse "[ADDR]:PORT", "ADDR:PORT", "ADDR", ":PORT" or "PORT" into a
 * socket address (ADDR defaults to 0.0.0.0, PORT to 4739).  IPv6 needs
 * the brackets when a port follows.  0 on success, -1 with a message.
 */
int	udpio_parse(const char *, struct exporter *, char *errbuf);
/* The socket address of an exporter (address and port); its length. */
socklen_t udpio_sa(const struct exporter *, struct sockaddr_storage *);
/* Bind; rcvbuf 0 leaves the system default.  NULL with errbuf filled. */
struct udpio *udpio_open(const struct exporter *, int rcvbuf, char *errbuf);
/* The bound address (the port chosen when 0 was asked). */
const struct exporter *udpio_local(const struct udpio *);
/* Receive buffer size the kernel granted. */
int	udpio_rcvbuf(const struct udpio *);
/*
 * Wait up to timeout_ms (-1: forever) and receive a batch.  Returns the
 * number of datagrams in d (valid until the next call), 0 on timeout or
 * interruption by a signal, -1 on error (errbuf).
 */
int	udpio_recv(struct udpio *, int timeout_ms, struct udpio_dgram *d,
	    int max, char *errbuf);
/* Datagrams the kernel dropped for want of buffer space since open, or
 * -1 when the OS does not tell. */
int64_t	udpio_drops(const struct udpio *);
int	udpio_fd(const struct udpio *);
void	udpio_close(struct udpio *);

#endif /* PFL_UDPIO_H */
