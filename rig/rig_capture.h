/*
 * rig_capture.h: capture at the gateway's edges and the ground truth
 * derived from it.  rig_capture.c runs libpcap on the gateway's client-
 * and server-side veths (immediate mode: no lost tail) in a thread and
 * writes one pcap per edge; rig_truth.c turns a capture into ledger
 * entries (lib/ledger.h) by matching every packet to a session instance,
 * so the verifier holds the export against what really crossed.
 */
#ifndef PFL_RIG_CAPTURE_H
#define PFL_RIG_CAPTURE_H

#include <stddef.h>
#include <stdint.h>

#include "ledger.h"
#include "rig.h"
#include "rig_engine.h"

#define CAP_NEDGE	2	/* 0 client edge (gc), 1 server edge (gs) */

struct rig_capture;

/* Start capturing on the gateway's gc and gs into dir/edge-*.pcap. */
struct rig_capture *cap_start(const struct rig *, const char *dir,
	    char *, size_t);
/* Packets captured so far on an edge. */
uint64_t cap_count(struct rig_capture *, int edge);
/*
 * Stop (after draining what the kernel still holds); kernel drop counts
 * go to drops[edge].  Frees the capture.
 */
int	cap_stop(struct rig_capture *, uint64_t drops[CAP_NEDGE]);
/* The pcap file of an edge under dir. */
void	cap_path(const char *dir, int edge, char *, size_t);

/* What a capture saw of one session direction. */
struct truth_ent {
	struct ledger_ent l;
	uint8_t		 tcp_flags;	/* OR of all flags */
	uint8_t		 icmp_type;	/* of the first packet */
	uint8_t		 icmp_code;
};

/*
 * Read a capture and return one entry per instance and direction that
 * carried packets, plus entries with session 0 for packets that belong to
 * no session.  -1 with errbuf on error.
 */
long	truth_from_pcap(const char *path, const struct eng_inst *, size_t,
	    struct truth_ent **, char *, size_t);
/* Write entries as ledger.jsonl; -1 on a write error. */
int	truth_write_ledger(const char *path, const struct truth_ent *, size_t);

#endif /* PFL_RIG_CAPTURE_H */
