/*
 * profile.h: an exporter's behaviour as a table.  The simulator reads it to
 * behave, the verifier to expect.  PF timeout names and defaults follow
 * sys/net/pfvar.h (PFTM_*); see ../shared/spec/pflow-facts.md 4.
 */
#ifndef PFL_PROFILE_H
#define PFL_PROFILE_H

#include <stdint.h>

enum pftm {
	PFTM_TCP_FIRST_PACKET,
	PFTM_TCP_OPENING,
	PFTM_TCP_ESTABLISHED,
	PFTM_TCP_CLOSING,
	PFTM_TCP_FIN_WAIT,
	PFTM_TCP_CLOSED,
	PFTM_UDP_FIRST_PACKET,
	PFTM_UDP_SINGLE,
	PFTM_UDP_MULTIPLE,
	PFTM_ICMP_FIRST_PACKET,
	PFTM_ICMP_ERROR_REPLY,
	PFTM_OTHER_FIRST_PACKET,
	PFTM_OTHER_SINGLE,
	PFTM_OTHER_MULTIPLE,
	PFTM_FRAG,
	PFTM_INTERVAL,
	PFTM_ADAPTIVE_START,
	PFTM_ADAPTIVE_END,
	PFTM_SRC_NODE,
	PFTM_MAX
};

enum profile_kind {
	PROFILE_PFLOW,		/* OpenBSD pflow(4) semantics */
	PROFILE_SOFTFLOWD	/* softflowd on Linux */
};

struct profile {
	const char	*name;		/* "openbsd-7.8" */
	const char	*desc;
	enum profile_kind kind;
	int		 family;	/* enum pflow_family */
	uint32_t	 domain;	/* IPFIX observation domain (42) */
	uint32_t	 timeouts[PFTM_MAX]; /* seconds (adaptive: states) */
	uint32_t	 flush_s;	/* PFLOW_TIMEOUT: buffer flush timer */
	uint32_t	 tmpl_s;	/* PFLOW_TMPL_TIMEOUT */
	uint32_t	 state_limit;	/* PFSTATE_HIWAT */
	uint32_t	 ts_ms;		/* timestamp granularity (1000) */
	uint32_t	 max_v5;	/* records per message at MTU 1500 */
	uint32_t	 max_v4;
	uint32_t	 max_v6;
	uint32_t	 max_nat;	/* 0: no NAT template */
	uint8_t		 engine_type;	/* v5 header (42) */
	uint8_t		 engine_id;
};

const struct profile *profile_get(const char *);
/* NULL-terminated list of all profiles. */
const struct profile *const *profile_all(void);
/* pf.conf name ("tcp.first") of a timeout, and back (-1 if unknown). */
const char	*pftm_name(enum pftm);
int		 pftm_byname(const char *);

#endif /* PFL_PROFILE_H */
