/*
 * nf5.h: Cisco NetFlow version 5 (as pflow(4) writes it).
 *
 *   header (24 octets)                    record (48 octets)
 *   0  version          2  count          0  srcaddr      4  dstaddr
 *   4  SysUptime (ms)                     8  nexthop     12  input  14 output
 *   8  unix_secs                         16  dPkts       20  dOctets
 *  12  unix_nsecs                        24  First       28  Last
 *  16  flow_sequence                     32  srcport     34  dstport
 *  20  engine_type 21 engine_id          36  pad1 37 tcp_flags 38 prot 39 tos
 *  22  sampling_interval                 40  src_as      42  dst_as
 *                                        44  src_mask 45 dst_mask 46 pad2
 */
#ifndef PFL_NF5_H
#define PFL_NF5_H

#include <stddef.h>
#include <stdint.h>

#include "dec.h"

#define NF5_VERSION	5
#define NF5_HDR_LEN	24
#define NF5_REC_LEN	48
#define NF5_MAXREC	30
#define NF5_MAXLEN	(NF5_HDR_LEN + NF5_MAXREC * NF5_REC_LEN)

struct nf5_hdr {
	uint16_t	version;
	uint16_t	count;
	uint32_t	uptime_ms;
	uint32_t	time_sec;
	uint32_t	time_nanosec;
	uint32_t	flow_sequence;
	uint8_t		engine_type;
	uint8_t		engine_id;
	uint16_t	sampling_interval;
};

struct nf5_rec {
	uint8_t		src_ip[4];
	uint8_t		dest_ip[4];
	uint8_t		nexthop[4];
	uint16_t	if_index_in;
	uint16_t	if_index_out;
	uint32_t	flow_packets;
	uint32_t	flow_octets;
	uint32_t	flow_start;	/* First, sysuptime ms */
	uint32_t	flow_finish;	/* Last */
	uint16_t	src_port;
	uint16_t	dest_port;
	uint8_t		pad1;
	uint8_t		tcp_flags;
	uint8_t		protocol;
	uint8_t		tos;
	uint16_t	src_as;
	uint16_t	dest_as;
	uint8_t		src_mask;
	uint8_t		dest_mask;
	uint16_t	pad2;
};

/* The fixed v5 record as a template, field names under IANA spelling. */
const struct tmpl *nf5_tmpl(void);

/*
 * Walk a v5 datagram: header callback, then one rec callback per record.
 * Returns DEC_OK or the error that stopped it (details in *err).
 * A count that disagrees with the length is reported through anomaly and
 * the records that fit are still delivered.
 */
enum dec_status nf5_decode(const uint8_t *, size_t, struct msg *,
	    const struct dec_ops *, struct dec_err *);

/* Plain struct views of the same bytes. */
int	nf5_read_hdr(const uint8_t *, size_t, struct nf5_hdr *);
int	nf5_read_rec(const uint8_t *, size_t, struct nf5_rec *);

/* Encoders: write exactly NF5_HDR_LEN / NF5_REC_LEN octets; -1 if no room. */
int	nf5_encode_hdr(uint8_t *, size_t, const struct nf5_hdr *);
int	nf5_encode_rec(uint8_t *, size_t, const struct nf5_rec *);

#endif /* PFL_NF5_H */
