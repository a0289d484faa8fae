/*
 * pflow.h: the pflow(4) exporter model, one struct pflow_sc per pflowN
 * interface, with function names after sys/net/if_pflow.c.
 */
#ifndef PFL_SIM_PFLOW_H
#define PFL_SIM_PFLOW_H

#include <stddef.h>
#include <stdint.h>

#include "addr.h"
#include "profile.h"
#include "state.h"

#define PFLOW_MAXFLOWS		30
#define PFLOW_MINMTU		72	/* v5 header + one record */
#define PFLOW_MAXMTU		2048	/* MCLBYTES */
#define PFLOW_BUFSZ		(PFLOW_MAXMTU + 64)
#define PFLOW_ENGINE		42
#define PFLOW_MAXBYTES		0xffffffffULL

#define PFLOW_TMPL_V4		256
#define PFLOW_TMPL_V6_78	257	/* <= 7.8 */
#define PFLOW_TMPL_NAT4		257	/* -current */
#define PFLOW_TMPL_V6_CUR	258	/* -current */

#define PFLOW_REC5_LEN		48
#define PFLOW_REC4_LEN		54
#define PFLOW_REC6_LEN		78
#define PFLOW_RECNAT_LEN	66

enum pflow_dgkind {
	PFLOW_DG_V5,
	PFLOW_DG_TMPL,
	PFLOW_DG_DATA
};

/* What the exporter needs from the world: time and a place to send. */
struct pflow_env {
	int64_t		 now_us;	/* true (virtual) time */
	int64_t		 step_us;	/* gateway wall clock minus true time */
	int64_t		 boot_us;	/* uptime origin */
	void		(*send)(void *, int ifidx, enum pflow_dgkind,
			    uint8_t *, size_t);
	void		*arg;
	/* fault: add delta to field of data record number recno (from 0) */
	uint64_t	 recno;		/* data records packed so far */
	int64_t		 fault_rec;	/* -1: none */
	int		 fault_field;	/* 0 octets, 1 packets */
	int64_t		 fault_delta;
	int		 wrong_tmpl;	/* send a template with wrong lengths */
	uint64_t	 arm_seq;	/* timeouts armed so far */
};

struct pflow_buf {
	uint8_t		 data[PFLOW_BUFSZ];
	size_t		 len;
	int		 count;
	int		 active;	/* sc_mbuf != NULL */
	int64_t		 tmo_us;	/* flush timer, 0 = not armed */
	uint64_t	 tmo_seq;	/* when it was armed (ties: FIFO) */
	uint16_t	 set_id;
};

struct pflow_sc {
	int		 idx;		/* N of pflowN */
	int		 version;	/* 5 or 10 */
	int		 current;	/* 1.112 templates (NAT 257, v6 258) */
	int		 running;
	uint16_t	 mtu;		/* interface MTU as pflow_setmtu sets it */
	int		 maxcount;	/* v5 */
	int		 maxcount4;
	int		 maxcount6;
	uint32_t	 gcounter;	/* sc_gcounter */
	uint32_t	 sequence;	/* sc_sequence */
	uint32_t	 flush_s;	/* PFLOW_TIMEOUT */
	uint32_t	 tmpl_s;	/* PFLOW_TMPL_TIMEOUT */
	struct pflow_buf b5, b4, b6, bnat;
	int64_t		 tmpl_tmo_us;	/* 0 = not armed */
	uint64_t	 tmpl_seq;
	uint64_t	 datagrams;
	uint64_t	 records;
};

/* pflow_clone_create + SIOCSETPFLOW + mtu: -1 on a bad mtu/version. */
int	pflow_init(struct pflow_sc *, int idx, int version,
	    const struct profile *, unsigned int mtu, char *err, size_t);
/* ifconfig up: RUNNING, and the IPFIX template goes out at once. */
void	pflow_up(struct pflow_env *, struct pflow_sc *);
/* export_pflow for one state over all interfaces (list order). */
void	pflow_export(struct pflow_env *, struct pflow_sc *, int n,
	    const struct pf_state *);
/* The earliest armed timer, or INT64_MAX. */
int64_t	pflow_next_timer(const struct pflow_sc *);
/*
 * The earliest armed timer as (time, arming order): timeouts due in the
 * same tick run in the order they were armed (the timeout wheel keeps
 * FIFO buckets).  Returns a slot for pflow_timer_fire, or -1.
 */
int	pflow_timer_peek(const struct pflow_sc *, int64_t *, uint64_t *);
void	pflow_timer_fire(struct pflow_env *, struct pflow_sc *, int slot);
/* Fire every timer due at env->now_us, in that order. */
void	pflow_run_timers(struct pflow_env *, struct pflow_sc *);
/* pflow_flush: send everything pending. */
void	pflow_flush(struct pflow_env *, struct pflow_sc *);
/* Anything buffered? */
int	pflow_pending(const struct pflow_sc *);
/* destroy + create: flush, counters back to 0, template again. */
void	pflow_restart(struct pflow_env *, struct pflow_sc *);

/* The template message bytes (for tests); returns the length. */
size_t	pflow_tmpl_msg(const struct pflow_sc *, uint8_t *, size_t,
	    uint32_t export_time, int wrong);

/* kernel-named internals, exposed for the unit tests */
int	pflow_pack_flow(struct pflow_env *, struct pflow_sc *,
	    const struct pf_state *, const uint64_t *bytes);
int	pflow_pack_flow_ipfix(struct pflow_env *, struct pflow_sc *,
	    const struct pf_state *);
void	pflow_sendout_v5(struct pflow_env *, struct pflow_sc *);
void	pflow_sendout_ipfix(struct pflow_env *, struct pflow_sc *,
	    struct pflow_buf *);
void	pflow_sendout_ipfix_tmpl(struct pflow_env *, struct pflow_sc *);

#endif /* PFL_SIM_PFLOW_H */
