/*
 * rig_live.h: the live parts of "pflowlab rig": one scenario through the
 * namespace rig with a real exporter (rig_live.c), the OpenBSD
 * configuration generator (rig_obsd.c) and the qemu recipe (rig_qemu.c).
 * The *_main functions return an exit status of lib/cmds.h.
 *
 * For "pflowlab run --gateway netns" (run/run_scenario.c runs it as the
 * gateway stage: "pflowlab rig run -q -V -e softflowd-v5|ipfix -o DIR
 * S.scn" after gen, then verify --profile softflowd): rig_live_run() with
 * an output folder per scenario leaves there ledger.jsonl (the truth
 * re-derived from the capture at the gateway's client edge; a ledger.jsonl
 * already there, gen's intent, is kept as ledger-intended.jsonl),
 * records.jsonl and
 * findings.jsonl (the live collector's), export.pcap, the edge captures,
 * live-findings.jsonl (LIVE-* differences under the exporter's semantics)
 * and live.txt, and returns EXIT_PASS / EXIT_FAIL / EXIT_HARNESS, or
 * EXIT_SKIP (not root, or a scenario the Linux rig cannot play: IPv6,
 * nat-to, rdr-to) with the reason in errbuf.
 */
#ifndef PFL_RIG_LIVE_H
#define PFL_RIG_LIVE_H

#include <stddef.h>
#include <stdint.h>

#include "rig_exporter.h"

struct rig_live_opts {
	const char		*scenario;	/* S.scn */
	const char		*outdir;
	const struct exp_spec	*exporter;	/* exp_lookup("softflowd-v5") */
	enum col_kind		 collector;
	uint16_t		 port;		/* collector port (9995) */
	double			 scale;		/* scenario time scale (1.0) */
	uint32_t		 idle_s;	/* exporter idle timeouts (2) */
	int			 ipfix_uptime;	/* softflowd -A uptime */
	int			 keep;		/* leave the rig up */
	int			 quiet;		/* no flow table on stdout */
	const char		*prefix;	/* use this rig (rig up, or
						   wired to a VM by
						   ci/openbsd/qemu.sh) */
	uint32_t		 wait_s;	/* external: give up after */
	const char		*ext_if[3];	/* external box: client, server,
						   collector side host
						   interfaces */
	const char		*ext_collector;	/* ADDR:PORT the box exports to */
	int			 no_verdict;	/* exit 0 once the artifacts
						   are complete (verify
						   judges) */
};

int	rig_live_run(const struct rig_live_opts *, char *, size_t);

int	rig_live_main(int, char **);
int	rig_obsd_main(int, char **);
int	rig_qemu_main(int, char **);
int	rig_inject_main(int, char **);

#endif /* PFL_RIG_LIVE_H */
