/*
 * dec.h: what the NetFlow v5, v9 and IPFIX decoders report.
 *
 * Decoders never print and never exit.  They walk one datagram, hand each
 * template and record to the caller through struct dec_ops, report
 * anomalies they can step over through ops->anomaly, and return a status:
 * DEC_OK, or the first error that stopped the walk, with the byte offset
 * and the compared values in struct dec_err.  Records delivered before an
 * error stay delivered.
 */
#ifndef PFL_DEC_H
#define PFL_DEC_H

#include <stddef.h>
#include <stdint.h>

#include "addr.h"
#include "tmpl.h"

enum dec_status {
	DEC_OK = 0,
	DEC_E_TRUNC,		/* datagram shorter than a header or a field */
	DEC_E_VERSION,		/* version not 5/9/10 (or not the one asked) */
	DEC_E_MSGLEN,		/* IPFIX length != datagram length */
	DEC_E_COUNT,		/* v5 count out of range or != length */
	DEC_E_SETLEN,		/* set length < 4 or past the message end */
	DEC_E_SETID,		/* reserved set id (IPFIX 0,1,4..255; v9 2..255) */
	DEC_E_TMPLID,		/* template id < 256 */
	DEC_E_TMPLREC,		/* template record runs past its set */
	DEC_E_FIELDCOUNT,	/* options template with scope 0 or > count */
	DEC_E_NOTMPL,		/* data set for an unknown template */
	DEC_E_PADDING,		/* set tail not zero or not shorter than a record */
	DEC_E_VARLEN,		/* variable-length field runs past its record */
	DEC_E_WITHDRAW,		/* template withdrawal (field count 0) */
	DEC_E_REDEFINE,		/* template id reused with another layout */
	DEC_E_ZEROREC,		/* a template whose records have length 0 */
	DEC_E_NOMEM,		/* allocation failed */
	DEC_E_TOOMANY,		/* more fields than TMPL_MAXFIELDS */
	DEC_E_V9COUNT,		/* v9 header count != records found */
	DEC_NSTATUS
};

/* Where and why a decode stopped or stumbled. */
struct dec_err {
	enum dec_status	 status;
	size_t		 off;		/* byte offset in the datagram */
	const char	*field;		/* e.g. "Set Length" */
	uint64_t	 expected;
	uint64_t	 observed;
	uint16_t	 set_id;	/* set / template concerned, if any */
};

/* Message header facts, common to v5, v9 and IPFIX. */
struct msg {
	uint16_t	 version;	/* 5, 9 or 10 */
	uint16_t	 count;		/* v5/v9 header count */
	uint16_t	 length;	/* IPFIX header length */
	uint32_t	 export_time;	/* unix seconds */
	uint32_t	 nsecs;		/* v5 unix_nsecs */
	uint32_t	 uptime_ms;	/* v5/v9 sysUpTime */
	uint32_t	 seq;		/* flow_sequence / package seq / IPFIX seq */
	uint32_t	 domain;	/* IPFIX ODID, v9 source id, v5 0 */
	uint8_t		 engine_type;	/* v5 */
	uint8_t		 engine_id;	/* v5 */
	uint16_t	 sampling;	/* v5 sampling_interval */
	/* where the datagram came from; filled by the caller */
	const struct exporter *exp;
	uint64_t	 index;		/* datagram index in the input, from 0 */
	int64_t		 arrival_us;	/* arrival (capture) time, unix us */
	size_t		 dgram_len;
	/* filled by the walk */
	uint32_t	 nsets;
	uint32_t	 ntmpl;		/* template records (incl. options) */
	uint32_t	 ndata;		/* data records */
	/*
	 * IPFIX: the exporter's systemInitTimeMilliseconds (unix ms) from
	 * its options data, remembered per exporter and domain in the
	 * template cache; turns flowStart/EndSysUpTime into absolute times
	 * (softflowd).  0 = not known.
	 */
	int64_t		 sysinit_ms;
};

enum tmpl_event {
	TMPL_EV_NEW,		/* first definition of the id */
	TMPL_EV_REFRESH,	/* same layout sent again */
	TMPL_EV_REDEFINE,	/* id reused with another layout */
	TMPL_EV_WITHDRAW	/* field count 0 */
};

struct set_info {
	uint16_t	 id;
	uint16_t	 len;
	size_t		 off;		/* offset of the set header */
	uint32_t	 nrec;		/* records in the set */
	uint16_t	 padding;	/* trailing octets after the last record */
};

struct dec_ops {
	void	*arg;
	/* the header was read; called before anything else */
	void	(*header)(void *, const struct msg *);
	/* a template or options template was read (at byte offset off) */
	void	(*tmpl)(void *, const struct msg *, const struct tmpl *,
		    enum tmpl_event, size_t off);
	/* one data record */
	void	(*rec)(void *, const struct msg *, const struct rec *);
	/* a whole set was walked */
	void	(*set)(void *, const struct msg *, const struct set_info *);
	/* a problem the walk stepped over */
	void	(*anomaly)(void *, const struct msg *, const struct dec_err *);
};

const char *dec_status_str(enum dec_status);

/*
 * For the decoders: fill *e (which may be NULL) and return e->status;
 * dec_anomaly fills a dec_err and hands it to ops->anomaly if set.
 */
enum dec_status dec_seterr(struct dec_err *, enum dec_status, size_t off,
	    const char *field, uint64_t expected, uint64_t observed,
	    uint16_t set_id);
void	dec_anomaly(const struct dec_ops *, const struct msg *,
	    enum dec_status, size_t off, const char *field, uint64_t expected,
	    uint64_t observed, uint16_t set_id);

struct tcache;

/* Start a walk: version and length set, every walk-filled field zeroed. */
void	dec_msg_begin(struct msg *, uint16_t version, size_t len);
/*
 * The set (v9: FlowSet) header at off of a message ending at end: *si
 * filled, m->nsets counted; DEC_E_SETLEN when it cannot be trusted.
 */
enum dec_status dec_set_begin(const uint8_t *, size_t off, size_t end,
	    struct msg *, struct set_info *, struct dec_err *);
/* Are the n octets at p all zero (padding)? */
int	dec_allzero(const uint8_t *, size_t);
/* A set walked up to q of [.., end): note its padding, which must be zero. */
void	dec_set_padding(const uint8_t *, size_t q, size_t end,
	    const struct dec_ops *, const struct msg *, struct set_info *);
/*
 * Store an indexed template read at offset rec: a template with
 * zero-length records is an anomaly and is not stored; a redefinition is
 * an anomaly; ops->tmpl hears of it.  DEC_OK, or DEC_E_NOMEM.
 */
enum dec_status dec_tmpl_store(const struct tmpl *, size_t rec, struct msg *,
	    struct tcache *, const struct dec_ops *, struct dec_err *);

#endif /* PFL_DEC_H */
