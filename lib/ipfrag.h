/*
 * ipfrag.h: IPv4 and IPv6 fragment reassembly for export datagrams read
 * from a capture.  Memory is bounded (datagrams pending and octets held);
 * time is capture time, so a pcap replays the same way every run.  A
 * datagram that cannot be put back together (a fragment missing at the
 * timeout or at the end of the capture, fragments that disagree where
 * they overlap, a datagram over 65535 octets, a fragment cut by the snap
 * length, memory limit reached) is handed to the caller's fail callback,
 * which the collector turns into a finding.
 */
#ifndef PFL_IPFRAG_H
#define PFL_IPFRAG_H

#include <stddef.h>
#include <stdint.h>

#include "addr.h"
#include "pkt.h"

#define IPFRAG_TIMEOUT_US	(30 * 1000000LL)	/* Linux ipfrag_time */
#define IPFRAG_MAXPENDING	1024
#define IPFRAG_MAXBYTES		(16u * 1024 * 1024)

enum ipfrag_why {
	IPFRAG_W_TIMEOUT,	/* fragments missing when the timer ran out */
	IPFRAG_W_END,		/* fragments missing at the end of the input */
	IPFRAG_W_OVERLAP,	/* overlapping fragments with different bytes */
	IPFRAG_W_TOOBIG,	/* reassembled datagram over 65535 octets */
	IPFRAG_W_TRUNC,		/* fragment cut short by the snap length */
	IPFRAG_W_BADLEN,	/* non-final fragment not a multiple of 8, or
				   data past a final fragment */
	IPFRAG_W_MEMORY		/* evicted to stay within the limits */
};

struct ipfrag_limits {
	int64_t		 timeout_us;	/* 0: IPFRAG_TIMEOUT_US */
	unsigned int	 max_pending;	/* 0: IPFRAG_MAXPENDING */
	size_t		 max_bytes;	/* 0: IPFRAG_MAXBYTES */
};

/* A reassembled datagram: the transport segment (e.g. UDP header and
 * payload).  data stays valid until the next ipfrag call. */
struct ipfrag_done {
	struct addr	 src;
	struct addr	 dst;
	uint8_t		 proto;
	uint32_t	 id;
	const uint8_t	*data;
	size_t		 len;
	int64_t		 first_us;	/* capture time of the first fragment */
	uint64_t	 first_frame;	/* its frame number */
	unsigned int	 nfrags;
};

struct ipfrag_fail {
	enum ipfrag_why	 why;
	struct addr	 src;
	struct addr	 dst;
	uint8_t		 proto;
	uint32_t	 id;
	size_t		 have;		/* octets received */
	size_t		 need;		/* total length, 0 if the last
					   fragment was never seen */
	int64_t		 first_us;
	uint64_t	 first_frame;
	unsigned int	 nfrags;
	/* UDP ports, when the first fragment was seen (else 0) */
	uint16_t	 sport;
	uint16_t	 dport;
};

enum ipfrag_status {
	IPFRAG_HELD = 0,	/* kept, waiting for more */
	IPFRAG_DONE,		/* *done filled */
	IPFRAG_DROP		/* this fragment (and its datagram) failed */
};

struct ipfrag;

struct ipfrag	*ipfrag_new(const struct ipfrag_limits *,
		    void (*fail)(void *, const struct ipfrag_fail *), void *);
void		 ipfrag_free(struct ipfrag *);
/* One fragment (p->frag & PKT_FRAG), captured at ts_us, frame number n. */
enum ipfrag_status ipfrag_add(struct ipfrag *, const struct pkt *,
		    int64_t ts_us, uint64_t n, struct ipfrag_done *);
/* Fail every datagram whose first fragment is older than the timeout. */
void		 ipfrag_expire(struct ipfrag *, int64_t now_us);
/* End of input: fail everything still pending (IPFRAG_W_END). */
void		 ipfrag_flush(struct ipfrag *);
unsigned int	 ipfrag_pending(const struct ipfrag *);
size_t		 ipfrag_bytes(const struct ipfrag *);
const char	*ipfrag_why_str(enum ipfrag_why);

#endif /* PFL_IPFRAG_H */
