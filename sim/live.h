/*
 * live.h: `pflowlab sim --live`: the embedded gateway on the real clock,
 * fed by libpcap captures of a real gateway's two interfaces and
 * exporting to a collector over UDP (sim/live.c).
 */
#ifndef PFL_SIM_LIVE_H
#define PFL_SIM_LIVE_H

#include <stddef.h>

#include "addr.h"
#include "sim.h"

/* What sim --live prints on stderr once both captures are active. */
#define SIM_LIVE_READY_LINE	"pflowlab sim: live capture on"

struct sim_live_opts {
	const char	*client_if;	/* packets entering here: client side */
	const char	*server_if;	/* ... server side */
	struct exporter	 collector;	/* every pflow interface sends here */
	const char	*wfile;		/* also a pcap of the export, or NULL */
	int		 quiet;		/* no summary */
};

/*
 * Capture, simulate and export until SIGTERM or SIGINT; then flush every
 * state and buffer, send them, and return an exit code (lib/cmds.h).
 * o->live is set here.  Messages go to stderr.
 */
int	sim_live_run(struct sim_opts *, const struct sim_live_opts *);

#endif /* PFL_SIM_LIVE_H */
