/*
 * ipfix.h: IPFIX (RFC 7011) message codec.
 *
 *   message header (16)                  set header (4)
 *   0 Version (10)  2 Length             0 Set ID  2 Length
 *   4 Export Time                        template record: Template ID,
 *   8 Sequence Number                      Field Count, then per field
 *  12 Observation Domain ID                IE id (E bit) | length [| PEN]
 */
#ifndef PFL_IPFIX_H
#define PFL_IPFIX_H

#include <stddef.h>
#include <stdint.h>

#include "cursor.h"
#include "dec.h"
#include "tcache.h"

#define IPFIX_VERSION		10
#define IPFIX_HDR_LEN		16
#define IPFIX_SET_HDR_LEN	4
#define IPFIX_SET_TMPL		2
#define IPFIX_SET_OPTS		3
#define IPFIX_TMPL_ID_MIN	256
#define IPFIX_ENTERPRISE_BIT	0x8000

/*
 * Walk one IPFIX message.  Templates go into tc under (msg->exp,
 * observation domain); data sets are decoded with the templates found
 * there.  Errors that make the rest of the message unreadable stop the
 * walk (RFC 7011 10: discard); others are reported through ops->anomaly.
 */
enum dec_status ipfix_decode(const uint8_t *, size_t, struct msg *,
	    struct tcache *, const struct dec_ops *, struct dec_err *);

/*
 * Encoder.  Usage: ipfix_enc_begin, then sets (template sets with
 * ipfix_enc_tmpl_set; data sets with ipfix_enc_set_begin, ipfix_enc_rec...,
 * ipfix_enc_set_end), then ipfix_enc_end which fills in the length.
 * Every call returns 0, or -1 when the buffer is too small.
 */
struct ipfix_enc {
	struct wcursor	w;
	size_t		set_start;
	int		in_set;
};

int	ipfix_enc_begin(struct ipfix_enc *, void *, size_t, uint32_t export_time,
	    uint32_t seq, uint32_t domain);
/* One set (id 2 or 3 by kind) holding n templates. */
int	ipfix_enc_tmpl_set(struct ipfix_enc *, const struct tmpl *const *, int n);
int	ipfix_enc_set_begin(struct ipfix_enc *, uint16_t set_id);
/* One record from field values (varlen fields get a length prefix). */
int	ipfix_enc_rec(struct ipfix_enc *, const struct tmpl *,
	    const struct rec_val *);
/* Raw bytes inside the current set (a record already in wire form). */
int	ipfix_enc_raw(struct ipfix_enc *, const void *, size_t);
int	ipfix_enc_set_end(struct ipfix_enc *, size_t padding);
/* Returns the message length, or -1. */
int	ipfix_enc_end(struct ipfix_enc *);

#endif /* PFL_IPFIX_H */
