/*
 * nf9.h: NetFlow version 9 (RFC 3954) decoder, for Linux exporters
 * (softflowd) and for pflow before 2014.
 *
 *   header (20): 0 Version (9) 2 Count 4 sysUpTime 8 UNIX Secs
 *               12 Package Sequence 16 Source ID
 *   FlowSet ID 0 = template, 1 = options template, >= 256 data.
 */
#ifndef PFL_NF9_H
#define PFL_NF9_H

#include <stddef.h>
#include <stdint.h>

#include "dec.h"
#include "tcache.h"

#define NF9_VERSION	9
#define NF9_HDR_LEN	20
#define NF9_SET_TMPL	0
#define NF9_SET_OPTS	1

enum dec_status nf9_decode(const uint8_t *, size_t, struct msg *,
	    struct tcache *, const struct dec_ops *, struct dec_err *);

#endif /* PFL_NF9_H */
