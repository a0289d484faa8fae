/*
 * fault.h: faults the simulator commits on demand (sim --fault SPEC,
 * scenario "fault" lines).  The grammar is in pflowlab-sim(1):
 *
 *   drop dgram N | drop rate R        the Nth export datagram (from 0) /
 *                                     each with probability R
 *   drop data N                       the Nth data datagram (no templates)
 *   dup dgram N | dup rate R          sent twice  (also dup data N)
 *   reorder dgram N | reorder rate R  swapped with the one after it
 *                                     (also reorder data N)
 *   restart at T                      pflow0 destroyed and re-created
 *   lose-template [N]                 the Nth template message (default 0)
 *   clock-step [+|-]D at T            gateway wall clock steps by D
 *   counter record N octets|packets [+|-]D   a wrong counter
 *   wrong-template                    templates announce wrong lengths
 *   seq-jump [+|-]D at dgram N        sequence numbers jump by D
 *
 * T and D are seconds with an optional s, m or h suffix; T counts from
 * the first packet of the traffic.
 */
#ifndef PFL_SIM_FAULT_H
#define PFL_SIM_FAULT_H

#include <stddef.h>
#include <stdint.h>

enum fault_kind {
	FAULT_DROP,
	FAULT_DUP,
	FAULT_REORDER,
	FAULT_RESTART,
	FAULT_LOSE_TMPL,
	FAULT_CLOCK_STEP,
	FAULT_COUNTER,
	FAULT_WRONG_TMPL,
	FAULT_SEQ_JUMP
};

struct fault {
	enum fault_kind	 kind;
	int64_t		 index;		/* datagram / record / template, -1 */
	double		 rate;		/* 0 when by index */
	int64_t		 at_us;		/* from the first packet, -1 */
	int64_t		 delta;		/* counter / sequence / clock (us) */
	int		 field;		/* COUNTER: 0 octets, 1 packets */
	int		 data_only;	/* index counts data datagrams only */
	int		 done;
	char		 spec[128];
};

#define FAULT_MAX	32

int	fault_parse(const char *, struct fault *, char *err, size_t errlen);
const char *fault_kind_name(enum fault_kind);

typedef void (*fault_out_fn)(void *, int ifidx, int64_t ts_us,
	    const uint8_t *, size_t);

/* The datagram-level faults between the exporter and the outputs. */
struct fault_run {
	const struct fault *f;
	int		 n;
	uint64_t	 rng;
	uint64_t	 dgram;		/* datagrams seen, the next one's index */
	uint64_t	 tmpl;		/* template messages seen */
	uint64_t	 data;		/* other datagrams seen */
	int64_t		 seq_delta;	/* applied to headers from now on */
	int		 held;		/* a datagram waits to be reordered */
	int		 held_if;
	size_t		 held_len;
	uint8_t		 held_buf[4096];
	uint64_t	 dropped;
	uint64_t	 duplicated;
	uint64_t	 reordered;
};

void	fault_run_init(struct fault_run *, const struct fault *, int n,
	    uint64_t seed);
/* One datagram from the exporter; calls out zero, one or two times. */
void	fault_dgram(struct fault_run *, int ifidx, int is_tmpl, int64_t ts,
	    uint8_t *, size_t, fault_out_fn, void *);
/* End of the stream: a held datagram goes out. */
void	fault_finish(struct fault_run *, int64_t ts, fault_out_fn, void *);

#endif /* PFL_SIM_FAULT_H */
