/*
 * sim.h: the embedded gateway (PF + pflow on a virtual clock) as an
 * in-process API, for `pflowlab sim` and `pflowlab run`.
 *
 *   struct sim_opts o;
 *   sim_opts_defaults(&o, profile_get("openbsd-7.8"));
 *   ... o.gw.pflow[0].proto = 5; ...
 *   s = sim_new(&o, my_output, my_arg, err, sizeof(err));
 *   sim_run_pcap(s, "traffic.pcap", err, sizeof(err));  (or sim_frame...)
 *   sim_finish(s);          runs the clock on until everything is out
 *   sim_free(s);
 *
 * The output callback gets every export datagram (UDP payload) in send
 * order with its virtual time, after the datagram-level faults.
 */
#ifndef PFL_SIM_SIM_H
#define PFL_SIM_SIM_H

#include <stddef.h>
#include <stdint.h>

#include "addr.h"
#include "fault.h"
#include "gwconf.h"

#define SIM_MAXSIDE	8
#define SIM_CLIENT	0
#define SIM_SERVER	1

struct sim_opts {
	struct gw_conf	 gw;
	int		 boot_set;	/* gw.boot_us is meant (scenario,
					   --boot); else uptime_s before the
					   first packet */
	int64_t		 uptime_s;	/* uptime at the first packet (3600) */
	/* which side a frame enters from: MACs, then prefixes, then the
	 * generator's MAC convention (scn.h), then learnt (initiator =
	 * client) */
	int		 nclient_mac;
	uint8_t		 client_mac[SIM_MAXSIDE][6];
	int		 nclient_net;
	struct addr	 client_net[SIM_MAXSIDE];
	uint8_t		 client_plen[SIM_MAXSIDE];
	int		 nserver_net;
	struct addr	 server_net[SIM_MAXSIDE];
	uint8_t		 server_plen[SIM_MAXSIDE];
	int		 flags_any;	/* TCP states from any packet */
	struct fault	 faults[FAULT_MAX];
	int		 nfaults;
	uint64_t	 seed;
	int		 live;		/* the real clock (sim --live): no
					   virtual clock is installed; time
					   comes from sim_begin/sim_advance
					   and the packets */
};

struct sim_stats {
	uint64_t	 frames;
	uint64_t	 packets;	/* IP packets through the gateway */
	uint64_t	 skipped;	/* not IP, truncated, malformed */
	uint64_t	 dropped;	/* blocked by pf (no state, reuse) */
	uint64_t	 states;	/* created */
	uint64_t	 removed;
	uint64_t	 flushed;	/* of those, by the final flush */
	uint64_t	 reuse;
	uint64_t	 limited;	/* states refused at the state limit */
	uint64_t	 records;	/* flow records packed, all interfaces */
	uint64_t	 datagrams;	/* produced by the exporter */
	uint64_t	 sent;		/* handed to the output (after faults) */
	uint64_t	 fault_dropped;
	uint64_t	 fault_duplicated;
	uint64_t	 fault_reordered;
	int64_t		 first_us;	/* first packet */
	int64_t		 last_us;	/* last packet */
	int64_t		 end_us;	/* virtual time when everything was out */
	uint64_t	 purge_scanned;
};

typedef void (*sim_out_fn)(void *, int ifidx, int64_t ts_us,
	    const uint8_t *, size_t);

struct sim;

void	 sim_opts_defaults(struct sim_opts *, const struct profile *);
/* Take the gateway and faults of a parsed scenario. 0, or -1 + err. */
struct scenario;
int	 sim_opts_from_scenario(struct sim_opts *, const struct scenario *,
	    char *, size_t);
/* Parse "client-mac"-style text values; 0 or -1. */
int	 sim_parse_mac(const char *, uint8_t *);
int	 sim_parse_prefix(const char *, struct addr *, uint8_t *);

struct sim *sim_new(const struct sim_opts *, sim_out_fn, void *,
	    char *, size_t);
/* One captured frame at ts_us (in time order). 0, or -1 if out of order. */
int	 sim_frame(struct sim *, int linktype, int64_t ts_us, const uint8_t *,
	    size_t);
/* A parsed packet entering from side (SIM_CLIENT / SIM_SERVER). */
struct pkt;
int	 sim_packet(struct sim *, int64_t ts_us, const struct pkt *, int side);
/* A frame known to enter from side (SIM_CLIENT / SIM_SERVER), e.g. the
 * interface it was captured on. */
int	 sim_frame_side(struct sim *, int linktype, int64_t ts_us,
	    const uint8_t *, size_t, int side);
/*
 * Live mode (o.live, sim/live.c): bring the gateway up at now (pflow
 * interfaces up, templates out); run every timed event (purge ticks,
 * pflow timeouts, timed faults) due by now; when the next one is due
 * (INT64_MAX: none); and at the end remove every state (pfctl -F states)
 * and send every pending buffer at once.
 */
void	 sim_begin(struct sim *, int64_t now_us);
void	 sim_advance(struct sim *, int64_t now_us);
int64_t	 sim_next_event_us(struct sim *);
void	 sim_shutdown(struct sim *);
/* Every frame of a pcap file. 0, or -1 + err. */
int	 sim_run_pcap(struct sim *, const char *, char *, size_t);
/* After the traffic: flush (if asked) and run the clock until every
 * state is gone and every buffer sent. */
void	 sim_finish(struct sim *);
const struct sim_stats *sim_get_stats(const struct sim *);
/* The exporter's flowsrc/flowdst, for writing frames. */
const struct gw_conf *sim_gw(const struct sim *);
void	 sim_free(struct sim *);

#endif /* PFL_SIM_SIM_H */
