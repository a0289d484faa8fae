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

struct tmpl {
	uint16_t	 id;
	uint16_t	 nfields;
	uint16_t	 scope;		/* scope field count (options only) */
	uint8_t		 kind;		/* enum tmpl_kind */
	uint8_t		 version;	/* 5, 9 or 10 */
	uint32_t	 minlen;	/* sum of fixed lengths (+1 per varlen) */
	int		 varlen;	/* any field of variable length */
	struct tmpl_field *f;		/* nfields entries */
};

/* One field value of one record: a slice of the datagram. */
struct rec_val {
	const uint8_t	*p;
	uint16_t	 len;
};

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
/* Index of the first field with this IANA element id, or -1. */
int	tmpl_find(const struct tmpl *, uint16_t ie);

/* Unsigned integer value of a field of 1..8 octets (reduced-size encoding). */
int	rec_uint(const struct rec *, int idx, uint64_t *);

#endif /* PFL_TMPL_H */
