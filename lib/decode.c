/*
 * decode.c: pick the decoder by the version field of a datagram, and the
 * error reporting shared by the decoders.
 */
#include <stddef.h>
#include <string.h>

#include "cursor.h"
#include "decode.h"
#include "ipfix.h"
#include "nf5.h"
#include "nf9.h"

static const char *const dec_status_names[DEC_NSTATUS] = {
	[DEC_OK] = "ok",
	[DEC_E_TRUNC] = "truncated",
	[DEC_E_VERSION] = "bad version",
	[DEC_E_MSGLEN] = "message length mismatch",
	[DEC_E_COUNT] = "record count mismatch",
	[DEC_E_SETLEN] = "bad set length",
	[DEC_E_SETID] = "reserved set id",
	[DEC_E_TMPLID] = "template id below 256",
	[DEC_E_TMPLREC] = "template record past its set",
	[DEC_E_FIELDCOUNT] = "bad scope field count",
	[DEC_E_NOTMPL] = "data set without template",
	[DEC_E_PADDING] = "bad set padding",
	[DEC_E_VARLEN] = "variable-length field past its set",
	[DEC_E_WITHDRAW] = "template withdrawal",
	[DEC_E_REDEFINE] = "template redefined",
	[DEC_E_ZEROREC] = "zero-length records",
	[DEC_E_NOMEM] = "out of memory",
	[DEC_E_TOOMANY] = "too many fields",
	[DEC_E_V9COUNT] = "v9 record count mismatch",
};

const char *
dec_status_str(enum dec_status s)
{
	if ((unsigned int)s >= DEC_NSTATUS || dec_status_names[s] == NULL)
		return "unknown status";
	return dec_status_names[s];
}

enum dec_status
dec_seterr(struct dec_err *e, enum dec_status st, size_t off,
    const char *field, uint64_t expected, uint64_t observed, uint16_t set_id)
{
	if (e != NULL) {
		e->status = st;
		e->off = off;
		e->field = field;
		e->expected = expected;
		e->observed = observed;
		e->set_id = set_id;
	}
	return st;
}

void
dec_anomaly(const struct dec_ops *ops, const struct msg *m,
    enum dec_status st, size_t off, const char *field, uint64_t expected,
    uint64_t observed, uint16_t set_id)
{
	struct dec_err e;

	if (ops == NULL || ops->anomaly == NULL)
		return;
	dec_seterr(&e, st, off, field, expected, observed, set_id);
	ops->anomaly(ops->arg, m, &e);
}

void
dec_msg_begin(struct msg *m, uint16_t version, size_t len)
{
	m->version = version;
	m->count = 0;
	m->length = 0;
	m->export_time = 0;
	m->nsecs = 0;
	m->uptime_ms = 0;
	m->seq = 0;
	m->domain = 0;
	m->engine_type = 0;
	m->engine_id = 0;
	m->sampling = 0;
	m->dgram_len = len;
	m->nsets = 0;
	m->ntmpl = 0;
	m->ndata = 0;
	m->sysinit_ms = 0;
}

int
dec_allzero(const uint8_t *p, size_t n)
{
	while (n-- > 0)
		if (*p++ != 0)
			return 0;
	return 1;
}

enum dec_status
dec_set_begin(const uint8_t *p, size_t off, size_t end, struct msg *m,
    struct set_info *si, struct dec_err *err)
{
	int v9 = m->version == NF9_VERSION;
	uint16_t sid, slen;

	if (end - off < 4)
		return dec_seterr(err, DEC_E_SETLEN, off, v9 ?
		    "FlowSet Header" : "Set Header", 4, end - off, 0);
	sid = be16(p + off);
	slen = be16(p + off + 2);
	if (slen < 4 || slen > end - off)
		return dec_seterr(err, DEC_E_SETLEN, off + 2, v9 ?
		    "FlowSet Length" : "Set Length", end - off, slen, sid);
	m->nsets++;
	memset(si, 0, sizeof(*si));
	si->id = sid;
	si->len = slen;
	si->off = off;
	return DEC_OK;
}

void
dec_set_padding(const uint8_t *p, size_t q, size_t end,
    const struct dec_ops *ops, const struct msg *m, struct set_info *si)
{
	si->padding = (uint16_t)(end - q);
	if (!dec_allzero(p + q, end - q))
		dec_anomaly(ops, m, DEC_E_PADDING, q, "Padding", 0, end - q,
		    si->id);
}

enum dec_status
dec_tmpl_store(const struct tmpl *t, size_t rec, struct msg *m,
    struct tcache *tc, const struct dec_ops *ops, struct dec_err *err)
{
	int ev;

	if (t->minlen == 0) {
		dec_anomaly(ops, m, DEC_E_ZEROREC, rec, "Field Length", 1, 0,
		    t->id);
		return DEC_OK;
	}
	if ((ev = tcache_put(tc, m->exp, m->domain, t)) < 0)
		return dec_seterr(err, DEC_E_NOMEM, rec, "Template", 0, 0,
		    t->id);
	if (ev == TMPL_EV_REDEFINE)
		dec_anomaly(ops, m, DEC_E_REDEFINE, rec, "Template ID", 0,
		    t->id, t->id);
	if (ops != NULL && ops->tmpl != NULL)
		ops->tmpl(ops->arg, m, t, (enum tmpl_event)ev, rec);
	return DEC_OK;
}

int
decode_version(const uint8_t *p, size_t len)
{
	uint16_t v;

	if (len < 2)
		return 0;
	v = be16(p);
	return v == 5 || v == 9 || v == 10 ? v : 0;
}

enum dec_status
decode_datagram(const uint8_t *p, size_t len, struct msg *m,
    struct tcache *tc, const struct dec_ops *ops, struct dec_err *err)
{
	switch (decode_version(p, len)) {
	case NF5_VERSION:
		return nf5_decode(p, len, m, ops, err);
	case NF9_VERSION:
		return nf9_decode(p, len, m, tc, ops, err);
	case IPFIX_VERSION:
		return ipfix_decode(p, len, m, tc, ops, err);
	}
	if (len < 2)
		return dec_seterr(err, DEC_E_TRUNC, 0, "Version", 2, len, 0);
	return dec_seterr(err, DEC_E_VERSION, 0, "Version", 10, be16(p), 0);
}
