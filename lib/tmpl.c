/*
 * tmpl.c: templates (record layouts) and field values of decoded records.
 */
#include <stdlib.h>
#include <string.h>

#include "cursor.h"
#include "ie.h"
#include "tmpl.h"

/* Which element fills which flow slot, and the lengths accepted for it. */
static const struct {
	uint16_t	ie;
	uint8_t		fx;
	uint8_t		minlen, maxlen;
} tmpl_fxmap[] = {
	{ IE_sourceIPv4Address,		FX_SRC4,	4, 4 },
	{ IE_destinationIPv4Address,	FX_DST4,	4, 4 },
	{ IE_sourceIPv6Address,		FX_SRC6,	16, 16 },
	{ IE_destinationIPv6Address,	FX_DST6,	16, 16 },
	{ IE_sourceTransportPort,	FX_SPORT,	1, 2 },
	{ IE_destinationTransportPort,	FX_DPORT,	1, 2 },
	{ IE_protocolIdentifier,	FX_PROTO,	1, 1 },
	{ IE_ipClassOfService,		FX_TOS,		1, 1 },
	{ IE_tcpControlBits,		FX_FLAGS,	1, 2 },
	{ IE_ingressInterface,		FX_IN,		1, 4 },
	{ IE_egressInterface,		FX_OUT,		1, 4 },
	{ IE_packetDeltaCount,		FX_PKTS,	1, 8 },
	{ IE_octetDeltaCount,		FX_OCTETS,	1, 8 },
	{ IE_packetTotalCount,		FX_PKTS_TOTAL,	1, 8 },
	{ IE_octetTotalCount,		FX_OCTETS_TOTAL, 1, 8 },
	{ IE_flowStartMilliseconds,	FX_START_MS,	1, 8 },
	{ IE_flowEndMilliseconds,	FX_END_MS,	1, 8 },
	{ IE_flowStartSeconds,		FX_START_S,	1, 4 },
	{ IE_flowEndSeconds,		FX_END_S,	1, 4 },
	{ IE_flowStartMicroseconds,	FX_START_US,	8, 8 },
	{ IE_flowEndMicroseconds,	FX_END_US,	8, 8 },
	{ IE_flowStartNanoseconds,	FX_START_NS,	8, 8 },
	{ IE_flowEndNanoseconds,	FX_END_NS,	8, 8 },
	{ IE_flowStartSysUpTime,	FX_START_UP,	1, 4 },
	{ IE_flowEndSysUpTime,		FX_END_UP,	1, 4 },
	{ IE_postNATSourceIPv4Address,	FX_POST_SRC4,	4, 4 },
	{ IE_postNATDestinationIPv4Address, FX_POST_DST4, 4, 4 },
	{ IE_postNATSourceIPv6Address,	FX_POST_SRC6,	16, 16 },
	{ IE_postNATDestinationIPv6Address, FX_POST_DST6, 16, 16 },
	{ IE_postNAPTSourceTransportPort, FX_POST_SPORT, 1, 2 },
	{ IE_postNAPTDestinationTransportPort, FX_POST_DPORT, 1, 2 },
	{ IE_systemInitTimeMilliseconds, FX_SYSINIT,	8, 8 },
};

void
tmpl_index(struct tmpl *t)
{
	const struct tmpl_field *f;
	size_t i, k;

	t->minlen = 0;
	t->varlen = 0;
	for (k = 0; k < FX_N; k++)
		t->fx[k] = -1;
	for (i = 0; i < t->nfields; i++) {
		f = &t->f[i];
		if (f->len == TMPL_VARLEN) {
			t->varlen = 1;
			t->minlen += 1;
		} else
			t->minlen += f->len;
		if (f->pen != 0)
			continue;
		/* v9 scope fields (types 1..5) are not IANA elements */
		if (t->version == 9 && t->kind == TMPL_OPTIONS &&
		    i < t->scope)
			continue;
		for (k = 0; k < sizeof(tmpl_fxmap) / sizeof(tmpl_fxmap[0]);
		    k++) {
			if (tmpl_fxmap[k].ie != f->ie)
				continue;
			if (t->fx[tmpl_fxmap[k].fx] == -1 &&
			    f->len >= tmpl_fxmap[k].minlen &&
			    f->len <= tmpl_fxmap[k].maxlen)
				t->fx[tmpl_fxmap[k].fx] = (int16_t)i;
			break;
		}
	}
	t->indexed = 1;
}

int
tmpl_same_layout(const struct tmpl *a, const struct tmpl *b)
{
	uint16_t i;

	if (a->nfields != b->nfields || a->scope != b->scope ||
	    a->kind != b->kind)
		return 0;
	for (i = 0; i < a->nfields; i++)
		if (a->f[i].ie != b->f[i].ie || a->f[i].len != b->f[i].len ||
		    a->f[i].pen != b->f[i].pen)
			return 0;
	return 1;
}

struct tmpl *
tmpl_dup(const struct tmpl *t)
{
	struct tmpl *n;
	size_t fl = (size_t)t->nfields * sizeof(struct tmpl_field);

	/* one block: the struct, then its fields */
	if ((n = malloc(sizeof(*n) + (fl ? fl : 1))) == NULL)
		return NULL;
	*n = *t;
	n->f = (struct tmpl_field *)(n + 1);
	if (fl)
		memcpy(n->f, t->f, fl);
	tmpl_index(n);
	return n;
}

void
tmpl_free(struct tmpl *t)
{
	free(t);
}

int
tmpl_find(const struct tmpl *t, uint16_t ie)
{
	uint16_t i;

	for (i = 0; i < t->nfields; i++)
		if (t->f[i].ie == ie && t->f[i].pen == 0)
			return i;
	return -1;
}

int
rec_uint(const struct rec *r, int idx, uint64_t *v)
{
	const struct rec_val *rv;

	if (idx < 0 || idx >= r->t->nfields)
		return -1;
	rv = &r->v[idx];
	if (rv->len == 0 || rv->len > 8)
		return -1;
	*v = beuint(rv->p, rv->len);
	return 0;
}

int
rec_parse(const struct tmpl *t, const uint8_t *p, size_t avail,
    struct rec_val *v, size_t *len)
{
	const struct tmpl_field *f = t->f;
	size_t o = 0, l;
	uint16_t i, n = t->nfields;

	if (!t->varlen) {
		if (avail < t->minlen)
			return -1;
		for (i = 0; i < n; i++) {
			v[i].p = p + o;
			v[i].len = f[i].len;
			o += f[i].len;
		}
		*len = o;
		return 0;
	}
	for (i = 0; i < n; i++) {
		l = f[i].len;
		if (l == TMPL_VARLEN) {
			if (o >= avail)
				return -1;
			l = p[o++];
			if (l == 255) {
				if (avail - o < 2)
					return -1;
				l = be16(p + o);
				o += 2;
			}
		}
		if (avail - o < l)
			return -1;
		v[i].p = p + o;
		v[i].len = (uint16_t)l;
		o += l;
	}
	*len = o;
	return 0;
}
