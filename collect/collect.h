/*
 * collect.h: the reference collector as a library.  `pflowlab collect` is
 * a thin command line over it, and `pflowlab run` can collect in-process.
 *
 *	c = collector_new(&opts);
 *	collector_datagram(c, buf, len, &exporter, arrival_us);  (repeat)
 *	  or collector_pcap(c, "export.pcap", &popts, errbuf);
 *	collector_finish(c);
 *	collector_summary(c, stderr);
 *	rc = collector_status(c);
 *	collector_free(c);
 *
 * Every datagram goes through conform_datagram(), which decodes it with
 * the collector's template cache, applies the conformance rules and calls
 * the collector back for every template and record.  Records are written
 * as JSON Lines, CSV or canonical text (see pflowlab-collect(1)); findings
 * as JSON Lines.
 */
#ifndef PFL_COLLECT_H
#define PFL_COLLECT_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "addr.h"
#include "finding.h"
#include "flow.h"
#include "profile.h"

struct collector;
struct pcapio_w;

struct collect_opts {
	const struct profile *profile;	/* NULL: auto (see conform.h) */
	int		 no_pflow;	/* never apply the pflow rules */
	FILE		*json;		/* records, JSON Lines */
	FILE		*csv;		/* records, CSV */
	FILE		*text;		/* canonical text (--text) */
	FILE		*findings;	/* findings, JSON Lines */
	struct pcapio_w	*pcap_out;	/* every datagram, as UDP frames */
	struct exporter	 pcap_dst;	/* destination for pcap_out */
	uint64_t	 max_records;	/* stop after this many; 0 no limit */
	uint64_t	 max_dgrams;
	/* in-process consumers; either may be NULL */
	void		(*on_flow)(void *, const struct flow *);
	void		(*on_finding)(void *, const struct finding *);
	void		*arg;
};

/* Which UDP datagrams of a capture are export datagrams. */
struct collect_pcap_opts {
	const uint16_t	*ports;		/* destination (or source) ports */
	int		 nports;	/* 0: 2055, 4739, 9995, 9996 */
	int		 any_port;	/* pick by content instead */
	/* when set and non-zero (a signal), reading stops after the
	 * current frame */
	volatile sig_atomic_t *stop;
};

struct collector *collector_new(const struct collect_opts *);
void		 collector_free(struct collector *);
/*
 * One export datagram (the UDP payload) from exp, arrived at arrival_us
 * (unix microseconds).  Returns 1 once a -c/-n limit is reached (the
 * caller should stop feeding), else 0.
 */
int		 collector_datagram(struct collector *, const uint8_t *,
		    size_t, const struct exporter *, int64_t arrival_us);
/* A finding about the input itself (fragments, truncation). */
void		 collector_finding(struct collector *, const struct finding *);
/*
 * Read a pcap file and feed every export datagram in it.  0 when the
 * whole file was read (or a limit was reached); 1 when the file ends in
 * the middle of a frame (everything before it was read; errbuf says so);
 * -1 on a harness error (errbuf, which names the file).
 */
int		 collector_pcap(struct collector *, const char *path,
		    const struct collect_pcap_opts *, char *errbuf,
		    size_t errlen);
/* A UDP payload that looks like NetFlow v5/v9 or IPFIX by its header. */
int		 collector_looks_like_export(const uint8_t *, size_t);
/* A limit was reached. */
int		 collector_done(const struct collector *);
/* End of input: stream-wide checks, flush every output. */
void		 collector_finish(struct collector *);
/* Per-exporter summary (after collector_finish). */
void		 collector_summary(struct collector *, FILE *);
/* EXIT_PASS, or EXIT_FAIL when an error-severity finding was made. */
int		 collector_status(const struct collector *);
/* An output could not be written (disk full, closed pipe). */
int		 collector_write_error(const struct collector *);
uint64_t	 collector_ndgrams(const struct collector *);
uint64_t	 collector_nrecords(const struct collector *);
uint64_t	 collector_nfindings(const struct collector *);
/* Kernel drops reported by the live socket, for the summary (-1 n/a). */
void		 collector_set_drops(struct collector *, int64_t);

#endif /* PFL_COLLECT_H */
