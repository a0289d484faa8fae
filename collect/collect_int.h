/*
 * collect_int.h: the collector's insides, shared by collect.c (engine),
 * collect_out.c (record writers) and collect_pcap.c (pcap input).
 */
#ifndef PFL_COLLECT_INT_H
#define PFL_COLLECT_INT_H

#include "collect.h"
#include "dec.h"
#include "obuf.h"

struct conform;
struct tcache;

/* How one field value prints. */
enum collect_pt {
	PT_HEX = 0,
	PT_UINT,
	PT_INT,
	PT_FLOAT,
	PT_BOOL,
	PT_MAC,
	PT_STR,
	PT_NTP_US,		/* dateTimeMicroseconds, NTP -> unix us */
	PT_NTP_NS,		/* dateTimeNanoseconds, NTP -> unix ns */
	PT_IP4,
	PT_IP6
};

/* A template prepared for printing: keys with duplicate suffixes. */
struct collect_layout {
	const struct tmpl *t;
	uint16_t	 id;
	uint16_t	 nfields;
	const struct tmpl_field *f;
	uint64_t	 gen;
	const char	*lname;		/* pflow layout name, or NULL */
	char		**jkey;		/* ,"name": */
	uint8_t		*jlen;		/* its length */
	char		**tkey;		/* " name=" */
	uint8_t		*pt;		/* enum collect_pt */
	uint8_t		*covered;	/* shown by the text line's fixed keys */
};

struct collect_fcount {
	uint32_t	 hash;
	struct exporter	 exp;
	uint32_t	 domain;
	const char	*rule;		/* strdup'd; NULL = empty slot */
	enum severity	 severity;
	uint64_t	 count;
	size_t		 order;
	int		 printed;
};

struct collector {
	struct collect_opts o;
	struct tcache	*tc;
	struct conform	*conf;
	struct dec_ops	 ops;
	int		 want_rec;
	int		 done;
	int		 finished;
	int		 werr;
	uint64_t	 ndgrams;
	uint64_t	 nrecords;
	uint64_t	 nfindings;
	uint64_t	 nerrors;
	int64_t		 drops;
	int		 have_drops;
	/* findings made before the header callback of the datagram, held
	 * so that they follow its header line in a shared output */
	int		 hdr_seen;
	struct finding	 fq[16];
	int		 nfq;
	/* finding counts */
	struct collect_fcount *fc;
	size_t		 fcap;
	size_t		 nfc;
	/* writers */
	struct obuf	 oj, oc, ot;
	char		 jpre1[256];	/* {"dgram":..,"domain":..,"template": */
	size_t		 jpre1_len;
	char		 jpre2[160];	/* ,"seq":..,"arrival_us":.. */
	size_t		 jpre2_len;
	char		 cpre1[128];	/* CSV: dgram,exporter,version,domain, */
	size_t		 cpre1_len;
	char		 cpre2[96];	/* CSV: ,seq,export_time,arrival_us, */
	size_t		 cpre2_len;
	uint64_t	 gen;		/* bumped at every template event */
	struct collect_layout **lay;	/* open addressing by tmpl pointer */
	size_t		 laycap;
	size_t		 nlay;
	struct collect_layout *last;
};

int	collect_out_init(struct collector *);
void	collect_out_free(struct collector *);
void	collect_out_flush(struct collector *);
/* Flush the record writers that share FILE f (before a finding). */
void	collect_out_sync(struct collector *, FILE *);
void	collect_out_header(struct collector *, const struct msg *);
void	collect_out_tmpl(struct collector *, const struct msg *,
	    const struct tmpl *, enum tmpl_event, size_t);
void	collect_out_rec(struct collector *, const struct msg *,
	    const struct rec *);

#endif /* PFL_COLLECT_INT_H */
