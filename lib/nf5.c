/*
 * nf5.c: NetFlow version 5 decode and encode.  The fixed 48-octet record
 * is described by a built-in template so that v5 records reach the
 * callers as the same struct rec as v9 and IPFIX ones.
 */
#include <string.h>

#include "cursor.h"
#include "ie.h"
#include "nf5.h"

#define NF5_NFIELDS	20

static struct tmpl_field nf5_fields[NF5_NFIELDS] = {
	{ IE_sourceIPv4Address, 4, 0 },		/*  0 srcaddr */
	{ IE_destinationIPv4Address, 4, 0 },	/*  4 dstaddr */
	{ IE_ipNextHopIPv4Address, 4, 0 },	/*  8 nexthop */
	{ IE_ingressInterface, 2, 0 },		/* 12 input */
	{ IE_egressInterface, 2, 0 },		/* 14 output */
	{ IE_packetDeltaCount, 4, 0 },		/* 16 dPkts */
	{ IE_octetDeltaCount, 4, 0 },		/* 20 dOctets */
	{ IE_flowStartSysUpTime, 4, 0 },	/* 24 First */
	{ IE_flowEndSysUpTime, 4, 0 },		/* 28 Last */
	{ IE_sourceTransportPort, 2, 0 },	/* 32 srcport */
	{ IE_destinationTransportPort, 2, 0 },	/* 34 dstport */
	{ IE_paddingOctets, 1, 0 },		/* 36 pad1 */
	{ IE_tcpControlBits, 1, 0 },		/* 37 tcp_flags */
	{ IE_protocolIdentifier, 1, 0 },	/* 38 prot */
	{ IE_ipClassOfService, 1, 0 },		/* 39 tos */
	{ IE_bgpSourceAsNumber, 2, 0 },		/* 40 src_as */
	{ IE_bgpDestinationAsNumber, 2, 0 },	/* 42 dst_as */
	{ IE_sourceIPv4PrefixLength, 1, 0 },	/* 44 src_mask */
	{ IE_destinationIPv4PrefixLength, 1, 0 },/* 45 dst_mask */
	{ IE_paddingOctets, 2, 0 },		/* 46 pad2 */
};

static const uint8_t nf5_off[NF5_NFIELDS] = {
	0, 4, 8, 12, 14, 16, 20, 24, 28, 32, 34, 36, 37, 38, 39, 40, 42, 44,
	45, 46
};

/* fx[] written out (test_nf5 checks it against tmpl_index) */
static struct tmpl nf5_template = {
	.id = 0,
	.nfields = NF5_NFIELDS,
	.kind = TMPL_DATA,
	.version = NF5_VERSION,
	.minlen = NF5_REC_LEN,
	.f = nf5_fields,
	.indexed = 1,
	.fx = {
		[FX_SRC4] = 0, [FX_DST4] = 1, [FX_SRC6] = -1, [FX_DST6] = -1,
		[FX_SPORT] = 9, [FX_DPORT] = 10, [FX_PROTO] = 13,
		[FX_TOS] = 14, [FX_FLAGS] = 12, [FX_IN] = 3, [FX_OUT] = 4,
		[FX_PKTS] = 5, [FX_OCTETS] = 6, [FX_PKTS_TOTAL] = -1,
		[FX_OCTETS_TOTAL] = -1, [FX_START_MS] = -1,
		[FX_END_MS] = -1, [FX_START_S] = -1, [FX_END_S] = -1,
		[FX_START_US] = -1, [FX_END_US] = -1, [FX_START_NS] = -1,
		[FX_END_NS] = -1, [FX_START_UP] = 7, [FX_END_UP] = 8,
		[FX_POST_SRC4] = -1, [FX_POST_DST4] = -1,
		[FX_POST_SRC6] = -1, [FX_POST_DST6] = -1,
		[FX_POST_SPORT] = -1, [FX_POST_DPORT] = -1,
		[FX_SYSINIT] = -1,
	},
};

const struct tmpl *
nf5_tmpl(void)
{
	return &nf5_template;
}

enum dec_status
nf5_decode(const uint8_t *p, size_t len, struct msg *m,
    const struct dec_ops *ops, struct dec_err *err)
{
	struct rec_val v[NF5_NFIELDS];
	struct nf5_hdr h;
	struct rec r;
	size_t fit, i, k, off;

	if (nf5_read_hdr(p, len, &h) == -1)
		return dec_seterr(err, DEC_E_TRUNC, len, "Header", NF5_HDR_LEN,
		    len, 0);
	if (h.version != NF5_VERSION)
		return dec_seterr(err, DEC_E_VERSION, 0, "Version",
		    NF5_VERSION, h.version, 0);
	dec_msg_begin(m, NF5_VERSION, len);
	m->count = h.count;
	m->uptime_ms = h.uptime_ms;
	m->export_time = h.time_sec;
	m->nsecs = h.time_nanosec;
	m->seq = h.flow_sequence;
	m->engine_type = h.engine_type;
	m->engine_id = h.engine_id;
	m->sampling = h.sampling_interval;
	if (ops != NULL && ops->header != NULL)
		ops->header(ops->arg, m);

	fit = (len - NF5_HDR_LEN) / NF5_REC_LEN;
	if (m->count != fit || (len - NF5_HDR_LEN) % NF5_REC_LEN != 0)
		dec_anomaly(ops, m, DEC_E_COUNT, 2, "count", fit, m->count, 0);

	r.t = &nf5_template;
	r.len = NF5_REC_LEN;
	r.v = v;
	for (k = 0; k < NF5_NFIELDS; k++)
		v[k].len = nf5_fields[k].len;
	for (i = 0; i < fit && i < m->count; i++) {
		off = NF5_HDR_LEN + i * NF5_REC_LEN;
		r.data = p + off;
		r.off = off;
		for (k = 0; k < NF5_NFIELDS; k++)
			v[k].p = r.data + nf5_off[k];
		m->ndata++;
		if (ops != NULL && ops->rec != NULL)
			ops->rec(ops->arg, m, &r);
	}
	if (m->count > fit)
		return dec_seterr(err, DEC_E_TRUNC,
		    NF5_HDR_LEN + fit * NF5_REC_LEN, "record",
		    NF5_HDR_LEN + (size_t)m->count * NF5_REC_LEN, len, 0);
	return dec_seterr(err, DEC_OK, 0, NULL, 0, 0, 0);
}

int
nf5_read_hdr(const uint8_t *p, size_t len, struct nf5_hdr *h)
{
	if (len < NF5_HDR_LEN)
		return -1;
	h->version = be16(p);
	h->count = be16(p + 2);
	h->uptime_ms = be32(p + 4);
	h->time_sec = be32(p + 8);
	h->time_nanosec = be32(p + 12);
	h->flow_sequence = be32(p + 16);
	h->engine_type = p[20];
	h->engine_id = p[21];
	h->sampling_interval = be16(p + 22);
	return 0;
}

int
nf5_read_rec(const uint8_t *p, size_t len, struct nf5_rec *r)
{
	if (len < NF5_REC_LEN)
		return -1;
	memcpy(r->src_ip, p, 4);
	memcpy(r->dest_ip, p + 4, 4);
	memcpy(r->nexthop, p + 8, 4);
	r->if_index_in = be16(p + 12);
	r->if_index_out = be16(p + 14);
	r->flow_packets = be32(p + 16);
	r->flow_octets = be32(p + 20);
	r->flow_start = be32(p + 24);
	r->flow_finish = be32(p + 28);
	r->src_port = be16(p + 32);
	r->dest_port = be16(p + 34);
	r->pad1 = p[36];
	r->tcp_flags = p[37];
	r->protocol = p[38];
	r->tos = p[39];
	r->src_as = be16(p + 40);
	r->dest_as = be16(p + 42);
	r->src_mask = p[44];
	r->dest_mask = p[45];
	r->pad2 = be16(p + 46);
	return 0;
}

int
nf5_encode_hdr(uint8_t *p, size_t len, const struct nf5_hdr *h)
{
	if (len < NF5_HDR_LEN)
		return -1;
	put16(p, h->version);
	put16(p + 2, h->count);
	put32(p + 4, h->uptime_ms);
	put32(p + 8, h->time_sec);
	put32(p + 12, h->time_nanosec);
	put32(p + 16, h->flow_sequence);
	p[20] = h->engine_type;
	p[21] = h->engine_id;
	put16(p + 22, h->sampling_interval);
	return NF5_HDR_LEN;
}

int
nf5_encode_rec(uint8_t *p, size_t len, const struct nf5_rec *r)
{
	if (len < NF5_REC_LEN)
		return -1;
	memcpy(p, r->src_ip, 4);
	memcpy(p + 4, r->dest_ip, 4);
	memcpy(p + 8, r->nexthop, 4);
	put16(p + 12, r->if_index_in);
	put16(p + 14, r->if_index_out);
	put32(p + 16, r->flow_packets);
	put32(p + 20, r->flow_octets);
	put32(p + 24, r->flow_start);
	put32(p + 28, r->flow_finish);
	put16(p + 32, r->src_port);
	put16(p + 34, r->dest_port);
	p[36] = r->pad1;
	p[37] = r->tcp_flags;
	p[38] = r->protocol;
	p[39] = r->tos;
	put16(p + 40, r->src_as);
	put16(p + 42, r->dest_as);
	p[44] = r->src_mask;
	p[45] = r->dest_mask;
	put16(p + 46, r->pad2);
	return NF5_REC_LEN;
}
