/*
 * frag.h: what PF's fragment reassembly (scrub, on by default) means for
 * the state table: a fragmented datagram is filtered once, when its last
 * missing fragment arrives, as one packet of its reassembled length.
 * Only lengths are kept, so captures cut by a snap length work too.
 */
#ifndef PFL_SIM_FRAG_H
#define PFL_SIM_FRAG_H

#include <stdint.h>

#include "pkt.h"

#define FRAG_SLOTS	1024

struct frag_ent {
	int		 used;
	struct addr	 src;
	struct addr	 dst;
	uint32_t	 id;
	uint8_t		 proto;
	int		 have_first;
	uint32_t	 got;		/* payload octets received */
	uint32_t	 total;		/* 0 until the last fragment */
	int64_t		 first_us;
	struct pkt	 first;		/* the offset-0 fragment's fields */
};

struct frag {
	struct frag_ent	 e[FRAG_SLOTS];
	int64_t		 timeout_us;	/* PF's frag timeout */
	uint64_t	 held;		/* fragments taken in */
	uint64_t	 done;		/* datagrams completed */
	uint64_t	 dropped;	/* timed out or evicted */
};

void	frag_init(struct frag *, uint32_t timeout_s);
/*
 * One fragment (p->frag & PKT_FRAG) at ts_us.  Returns 1 and fills *out
 * (the datagram as PF filters it: the first fragment's headers, the
 * whole length) when this fragment completes it, else 0.
 */
int	frag_add(struct frag *, const struct pkt *, int64_t ts_us,
	    struct pkt *out);

#endif /* PFL_SIM_FRAG_H */
