/*
 * rig_engine.h: the live socket engine.  Plays a scenario's sessions with
 * the real kernel: TCP connect / send / receive in the scenario's sizes /
 * close by FIN / abort by RST (SO_LINGER 0), UDP datagrams, ICMP echo via
 * a raw socket, and unanswered SYNs via a raw TCP socket.  One engine
 * process runs per side (client namespace, server namespace); each plays
 * the initiator of the sessions started on its side and the responder of
 * the others.
 */
#ifndef PFL_RIG_ENGINE_H
#define PFL_RIG_ENGINE_H

#include <stdint.h>
#include <sys/types.h>

#include "addr.h"
#include "rig.h"
#include "scn.h"

/* One instance of a (possibly repeated) session. */
struct eng_inst {
	const struct scn_session *s;
	uint32_t	 session;	/* ledger session number */
	uint32_t	 inst;		/* 0 .. repeat-1 */
	uint8_t		 proto;
	struct addr	 src;		/* initiator */
	struct addr	 dst;
	uint16_t	 sport;		/* ICMP: echo id */
	uint16_t	 dport;
	struct addr	 rsrc;		/* responder as it answers (rdr-to
					   target, else dst) */
	int64_t		 start_us;	/* scenario time, unscaled */
	int		 from;		/* enum scn_side of the initiator */
	int		 unanswered;	/* SYN-only or echo without reply */
};

/* Expand repeats; returns the count (*out malloc'd) or -1 (errbuf). */
long	eng_plan(const struct scenario *, struct eng_inst **, char *, size_t);
/* Why a scenario cannot run live (NULL when it can). */
const char *eng_live_capable(const struct scenario *, char *, size_t);

struct eng_proc {
	pid_t	 pid;
	int	 ctl;		/* our end of the control pipe */
	int	 side;
};

/*
 * Fork the engine of one side into its namespace.  It sets up its
 * responders, then reports "ready"; eng_go() starts both at one instant;
 * eng_wait_done() returns when every session has played its script
 * (1), on a failure (-1, message in the errfile) or at the deadline (0).
 * The process then holds still-open sessions until eng_finish().
 */
int	eng_start(const struct rig *, const struct scenario *,
	    const struct eng_inst *, size_t, int side, double scale,
	    const char *errfile, struct eng_proc *);
int	eng_wait_ready(struct eng_proc *, int ms);
int	eng_go(struct eng_proc *, int n);
int	eng_wait_done(struct eng_proc *, int ms);
void	eng_finish(struct eng_proc *);

#endif /* PFL_RIG_ENGINE_H */
