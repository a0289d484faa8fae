/*
 * rig_exporter.h: the exporters under test in the gateway namespace and
 * the collectors in the collector namespace, as child processes of the
 * rig (rig_exporter.c), plus nfdump's stored records turned back into
 * records for the verifier (rig_nfdump.c).
 */
#ifndef PFL_RIG_EXPORTER_H
#define PFL_RIG_EXPORTER_H

#include <stdint.h>
#include <sys/types.h>

#include "live.h"
#include "rig.h"

/* What `pflowlab sim --live` prints (stderr) once it captures. */
#define SIM_LIVE_READY	SIM_LIVE_READY_LINE

enum exp_kind {
	EXP_SOFTFLOWD,		/* softflowd 1.1.0 + the capture shim */
	EXP_SIM,		/* pflowlab sim --live (the sim's hook) */
	EXP_NONE		/* an external gateway exports by itself */
};

struct exp_spec {
	const char	*name;		/* "softflowd-v5" */
	enum exp_kind	 kind;
	int		 version;	/* 5, 9, 10 */
	const char	*profile;	/* lib/profile.c name */
};

/* NULL if unknown; the list for messages. */
const struct exp_spec *exp_lookup(const char *);
const char	*exp_names(void);

struct exporter_run {
	const struct exp_spec *spec;
	pid_t		 pid;
	char		 ctl[1024];	/* softflowd control socket */
	char		 pidfile[1024];
	char		 log[1024];
	int		 ipfix_uptime;	/* -A uptime: IE 21/22 timestamps */
	uint32_t	 idle_s;	/* idle timeouts (time scale) */
};

/* Start it in the gateway, watching the client-side veth. */
int	exp_start(const struct rig *, struct exporter_run *, const char *dir,
	    const char *scn_path, const char *collector, char *, size_t);
/*
 * Wait until it has seen `packets` IP packets and has no active flow
 * left (everything expired and sent), within ms.  1 done, 0 timeout.
 * *records is what it says it exported (-1 unknown).
 */
int	exp_wait_idle(struct exporter_run *, uint64_t packets, int ms,
	    int64_t *records);
void	exp_stop(struct exporter_run *);

enum col_kind {
	COL_PFLOWLAB,		/* pflowlab collect -l */
	COL_NFCAPD		/* nfcapd (nfdump 1.7.1) */
};

struct collector_run {
	enum col_kind	 kind;
	pid_t		 pid;
	char		 addr[64];	/* "198.19.253.2:9995" */
	uint16_t	 port;
	char		 dir[1024];	/* nfcapd files */
	char		 log[1024];
	long long	 udp_base;	/* UDP datagrams in its namespace at
					   start */
};

int	col_start(const struct rig *, struct collector_run *, const char *dir,
	    const char *profile, char *, size_t);
/*
 * An external exporter's export is complete when the collector namespace
 * has received at least one datagram and then none for quiet_ms; gives
 * up after max_ms.  1 quiet, 0 deadline, -1 error.
 */
int	col_wait_quiet(const struct rig *, struct collector_run *, int quiet_ms,
	    int max_ms);
/* Wait until the collector's socket holds no unread datagram. */
int	col_drain(struct collector_run *, int ms);
/* Stop it (it flushes its files); 0 when it exited cleanly. */
int	col_stop(struct collector_run *);

/*
 * Read what nfcapd stored (nfdump -R DIR -o json) and write it as
 * records JSON Lines (the field names verify reads).  Returns the number
 * of records or -1 (errbuf).
 */
long	nfdump_to_records(const char *nfdir, const char *out, char *, size_t);

#endif /* PFL_RIG_EXPORTER_H */
