/*
 * rig.h: the Linux network-namespace rig.  Four namespaces (client,
 * gateway, server, collector) joined by veth pairs that are created
 * directly inside their namespaces, addresses from 198.18.0.0/15 only,
 * forwarding on in the gateway, offloads off so captures show wire-sized
 * packets.  Names are "pfl<PID>-cli|gw|srv|col" so two runs coexist; every
 * exit path removes them, and rig_cleanup() removes what a killed run
 * left.  Everything here needs root (rig_have_root()).
 */
#ifndef PFL_RIG_H
#define PFL_RIG_H

#include <stddef.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

#include "addr.h"

#define RIG_NSLEN	32
#define RIG_PREFIX	"pfl"		/* every namespace name starts so */
#define RIG_MAXPIDS	64
#define RIG_MAXADDRS	64
#define RIG_ERRLEN	256
#define RIG_STATEDIR	"/run/pflowlab"

enum rig_nsid {
	RIG_CLI = 0,
	RIG_GW,
	RIG_SRV,
	RIG_COL,
	RIG_NNS
};

/*
 * The fixed transit addresses (inside each namespace, so two rigs never
 * clash): client link 198.19.251.0/24, server link 198.19.252.0/24,
 * collector link 198.19.253.0/24; .1 is the gateway side.  Scenario host
 * addresses are added as /32 on the client or server veth and routed by
 * the gateway through the transit address.
 */
#define RIG_NET_CLI	"198.19.251."
#define RIG_NET_SRV	"198.19.252."
#define RIG_NET_COL	"198.19.253."

struct rig {
	char	 prefix[RIG_NSLEN];	/* "pfl1234" */
	char	 ns[RIG_NNS][RIG_NSLEN];	/* "pfl1234-cli", ... */
	int	 up;			/* namespaces exist */
	pid_t	 owner;			/* process whose exit makes it stale */
	/* interfaces: client c0, server s0, collector k0; gateway gc gs gk */
	char	 cli_if[16], srv_if[16], col_if[16];
	char	 gw_cli_if[16], gw_srv_if[16], gw_col_if[16];
	char	 col_addr[ADDR_STRLEN];	/* 198.19.253.2 */
	char	 gw_col_addr[ADDR_STRLEN]; /* export source, 198.19.253.1 */
	int	 external;		/* no gateway namespace: a real box
					   between host interfaces */
	char	 ext_if[3][16];		/* its client, server, collector
					   side host interfaces */
	int	 gw_routes;		/* the gateway namespace routes
					   (0: it is an L2 patch to a VM) */
	int	 clsact[2];		/* clsact qdisc on c0 / s0 added */
	uint32_t drops;			/* tc drop filters added */
};

/* 1 when we may build namespaces; else 0 and why in errbuf. */
int	rig_have_root(char *, size_t);
/* Fill names for prefix (NULL: RIG_PREFIX + getpid()). */
void	rig_init(struct rig *, const char *prefix);
/*
 * Create the topology.  Registers the rig for removal on every exit path
 * (atexit, SIGINT, SIGTERM, SIGHUP).  -1 with a message on error (and
 * whatever was made is removed again).
 */
int	rig_up(struct rig *, char *, size_t);
/*
 * The rig for an external gateway (a real box): client, server and
 * collector namespaces, each with a macvlan on the host interface that
 * leads to the box (the host interfaces themselves are not changed), the
 * rig's transit addresses (the box has .1 on each link, as rig
 * openbsd-conf writes it) and, in the collector namespace, the address
 * the box exports to.
 */
int	rig_up_external(struct rig *, const char *cli_if, const char *srv_if,
	    const char *col_if, const struct addr *col_addr, char *, size_t);
/* Where the gateway's edges are captured: namespace and interface. */
void	rig_edge(const struct rig *, int edge, const char **ns,
	    const char **ifname);
/* Kill the processes we started in it, delete the namespaces. */
int	rig_down(struct rig *);
/*
 * Route a scenario host address (/32) to the client (0) or server (1)
 * side; local: also give it to that namespace (else packets to it cross
 * the gateway and are dropped silently on the far side: never answered).
 */
int	rig_add_host(struct rig *, int side, const struct addr *, int local,
	    char *, size_t);
/*
 * Drop, at the responder's veth ingress, packets of one flow so that it
 * stays unanswered (SYN never answered, echo never replied).  side is the
 * responder's side (0 client, 1 server).
 */
int	rig_drop_flow(struct rig *, int side, uint8_t proto,
	    const struct addr *src, uint16_t sport, const struct addr *dst,
	    uint16_t dport, char *, size_t);
/* Print the namespaces of all rigs (and whether their owner lives). */
int	rig_status(FILE *);
/*
 * Remove the rigs whose owner is gone (prefix NULL) or the one named
 * prefix (even if alive when force).  Returns the number removed, -1 on
 * error.  Only processes that carry our PFLOWLAB_RIG marker are killed;
 * a namespace holding any other process is left and reported.
 */
int	rig_cleanup(const char *prefix, int force, FILE *);

/* Process helpers (rig_sys.c). */
/* Path of the namespace file. */
void	rig_ns_path(const char *ns, char *, size_t);
/* argv[0] for rig_spawn: this very binary (/proc/self/exe, so a rebuilt
 * or deleted ./pflowlab does not matter). */
#define RIG_SELF	"pflowlab"

/*
 * Start argv in namespace ns (NULL: the current one) with PFLOWLAB_RIG set,
 * stdout/stderr to the given files (NULL: /dev/null); the child dies with
 * us (PR_SET_PDEATHSIG).  The pid is remembered for cleanup.
 */
pid_t	rig_spawn(const struct rig *, const char *ns, char *const argv[],
	    const char *out, const char *errf, char *const extra_env[]);
/* Run argv to completion (in ns), 0 when it exits 0, else -1. */
int	rig_run(const struct rig *, const char *ns, char *const argv[],
	    char *, size_t);
/* Remember a pid we forked ourselves (killed on every exit path). */
void	rig_track(pid_t);
/* Forget a pid (it was reaped). */
void	rig_forget(pid_t);
/* SIGTERM, wait up to ms, SIGKILL; reaps.  Returns its exit status. */
int	rig_stop(pid_t, int ms);
/* Wait for a pid to exit within ms: 1 exited (status in *st), 0 not. */
int	rig_wait(pid_t, int ms, int *st);
/*
 * Around pthread_create: the new thread inherits a mask without SIGINT,
 * SIGTERM and SIGHUP, so only the main thread runs the teardown handler.
 */
void	rig_block_signals(sigset_t *);
void	rig_restore_signals(const sigset_t *);
/* Enter a namespace in this thread (saved = old netns fd, -1 none). */
int	rig_enter(const char *ns, int *saved);
int	rig_leave(int saved);
/* Write a /proc/sys value inside ns. */
int	rig_sysctl(const char *ns, const char *path, const char *val);
/* Sleep for the scenario's pacing (not for synchronisation). */
void	rig_pace_us(int64_t);

#endif /* PFL_RIG_H */
