/*
 * tmpl.h: a record layout (IPFIX/v9 template, or the fixed NetFlow v5
 * record) and a decoded record viewed through it.
 *
 * One walker serves every format: v5 records are described by a built-in
 * template (nf5_tmpl()), v9 and IPFIX by the templates on the wire.  Field
 * values are slices of the datagram; nothing is copied or byte-swapped.
 */
#ifndef PFL_TMPL_H
#define PFL_TMPL_H

#include <stddef.h>
#include <stdint.h>

#define TMPL_VARLEN	65535	/* RFC 7011 3.2: variable-length field */
#define TMPL_MAXFIELDS	1024	/* a template record cannot hold more */

struct tmpl_field {
	uint16_t	ie;	/* element id, enterprise bit cleared */
	uint16_t	len;	/* octets, or TMPL_VARLEN */
	uint32_t	pen;	/* private enterprise number, 0 = IANA */
};

enum tmpl_kind {
	TMPL_DATA = 0,		/* template set (IPFIX 2, v9 0) */
	TMPL_OPTIONS = 1	/* options template set (IPFIX 3, v9 1) */
};

/*
 * Fields flow_from_rec reads, located once per template by tmpl_index():
 * fx[] holds the field index, or -1 when the template lacks the element.
 */
enum tmpl_fx {
	FX_SRC4, FX_DST4, FX_SRC6, FX_DST6, FX_SPORT, FX_DPORT, FX_PROTO,
	FX_TOS, FX_FLAGS, FX_IN, FX_OUT, FX_PKTS, FX_OCTETS, FX_PKTS_TOTAL,
	FX_OCTETS_TOTAL, FX_START_MS, FX_END_MS, FX_START_S, FX_END_S,
	FX_START_US, FX_END_US, FX_START_NS, FX_END_NS, FX_START_UP,
	FX_END_UP, FX_POST_SRC4, FX_POST_DST4, FX_POST_SRC6, FX_POST_DST6,
	FX_POST_SPORT, FX_POST_DPORT,
	FX_SYSINIT,		/* systemInitTimeMilliseconds (options data) */
	FX_N
};

struct tmpl {
	uint16_t	 id;
	uint16_t	 nfields;
	uint16_t	 scope;		/* scope field count (options only) */
	uint8_t		 kind;		/* enum tmpl_kind */
	uint8_t		 version;	/* 5, 9 or 10 */
	uint32_t	 minlen;	/* sum of fixed lengths (+1 per varlen) */
	int		 varlen;	/* any field of variable length */
	struct tmpl_field *f;		/* nfields entries */
	/* derived by tmpl_index(); zero-initialised means "not yet" */
	int		 indexed;
	int16_t		 fx[FX_N];	/* enum tmpl_fx -> field index or -1 */
};

/* One field value of one record: a slice of the datagram. */
struct rec_val {
	const uint8_t	*p;
	uint16_t	 len;
};

/*
 * A record handed to dec_ops.rec: valid only during the callback, and
 * read-only (the walker reuses v[] for the next record of the set).
 */
struct rec {
	const struct tmpl *t;
	const uint8_t	*data;		/* first byte of the record */
	size_t		 len;		/* record length on the wire */
	size_t		 off;		/* offset of the record in the datagram */
	struct rec_val	*v;		/* t->nfields values */
};

/* Two templates describe the same layout (ids are not compared). */
int	tmpl_same_layout(const struct tmpl *, const struct tmpl *);
/* Deep copy into freshly allocated storage; NULL on ENOMEM. */
struct tmpl *tmpl_dup(const struct tmpl *);
void	tmpl_free(struct tmpl *);
/*
 * Compute minlen, varlen and fx[] from f[] and set indexed.  tmpl_dup and
 * the decoders do it; a hand-built template may call it (flow_from_rec
 * copes without it, only slower).
 */
void	tmpl_index(struct tmpl *);
/* Index of the first field with this IANA element id, or -1. */
int	tmpl_find(const struct tmpl *, uint16_t ie);

/*
 * Cut one record of template t out of the avail octets at p: fill v[]
 * (t->nfields entries) and *len.  Variable-length fields (IPFIX) take
 * their 1- or 3-octet length prefix.  -1 when a field runs past avail.
 */
int	rec_parse(const struct tmpl *, const uint8_t *, size_t avail,
	    struct rec_val *, size_t *len);

/* Unsigned integer value of a field of 1..8 octets (reduced-size encoding). */
int	rec_uint(const struct rec *, int idx, uint64_t *);

#endif /* PFL_TMPL_H */
