/*
 * nf9.c: NetFlow version 9 (RFC 3954) decoder.
 *
 * Same walk as IPFIX with v9's differences: a 20-octet header with a
 * record count instead of a length, FlowSet 0 = templates, 1 = options
 * templates (scope and option lengths in octets, scope types 1..5),
 * no enterprise bit and no variable-length fields, and padding to a
 * 4-octet boundary.  The header count is the number of records of all
 * kinds (templates, options templates, data); a mismatch is an anomaly.
 */
#include <string.h>

#include "cursor.h"
#include "nf9.h"

#define NF9_TMPL_ID_MIN		256
#define NF9_OPTS_MIN		10	/* options template with one scope */

static enum dec_status
nf9_store(struct tmpl *t, size_t rec, struct msg *m, struct tcache *tc,
    const struct dec_ops *ops, struct dec_err *err)
{
	uint16_t i;

	tmpl_index(t);
	if (t->varlen) {
		/* v9 has no variable-length encoding; 65535 cannot fit */
		for (i = 0; t->f[i].len != TMPL_VARLEN; i++)
			;
		dec_anomaly(ops, m, DEC_E_VARLEN, rec +
		    (t->kind == TMPL_OPTIONS ? 6 : 4) + 4 * (size_t)i + 2,
		    "Field Length", 0, TMPL_VARLEN, t->id);
		return DEC_OK;
	}
	if (t->id < NF9_TMPL_ID_MIN) {
		dec_anomaly(ops, m, DEC_E_TMPLID, rec, "Template ID",
		    NF9_TMPL_ID_MIN, t->id, t->id);
		return DEC_OK;
	}
	return dec_tmpl_store(t, rec, m, tc, ops, err);
}

/* FlowSet 0: template records. */
static enum dec_status
nf9_tmpl_set(const uint8_t *p, size_t off, size_t end, struct msg *m,
    struct tcache *tc, const struct dec_ops *ops, struct dec_err *err,
    struct set_info *si, uint32_t *nrec)
{
	struct tmpl_field fields[TMPL_MAXFIELDS];
	struct tmpl t;
	size_t q = off + 4, rec;
	uint16_t fc, i;
	enum dec_status st;

	while (end - q >= 4) {
		rec = q;
		memset(&t, 0, sizeof(t));
		t.id = be16(p + q);
		fc = be16(p + q + 2);
		t.kind = TMPL_DATA;
		t.version = NF9_VERSION;
		t.f = fields;
		q += 4;
		if (t.id == 0 && fc == 0 && dec_allzero(p + rec, end - rec)) {
			q = rec;	/* padding */
			break;
		}
		if (fc == 0 || fc > TMPL_MAXFIELDS) {
			dec_anomaly(ops, m, fc ? DEC_E_TOOMANY :
			    DEC_E_FIELDCOUNT, rec + 2, "Field Count",
			    fc ? TMPL_MAXFIELDS : 1, fc, t.id);
			return DEC_OK;
		}
		if ((size_t)fc * 4 > end - q) {
			dec_anomaly(ops, m, DEC_E_TMPLREC, rec, "Field Count",
			    (end - q) / 4, fc, t.id);
			return DEC_OK;
		}
		for (i = 0; i < fc; i++, q += 4) {
			fields[i].ie = be16(p + q);
			fields[i].len = be16(p + q + 2);
			fields[i].pen = 0;
		}
		t.nfields = fc;
		m->ntmpl++;
		si->nrec++;
		(*nrec)++;
		if ((st = nf9_store(&t, rec, m, tc, ops, err)) != DEC_OK)
			return st;
	}
	dec_set_padding(p, q, end, ops, m, si);
	return DEC_OK;
}

/* FlowSet 1: options template records. */
static enum dec_status
nf9_opts_set(const uint8_t *p, size_t off, size_t end, struct msg *m,
    struct tcache *tc, const struct dec_ops *ops, struct dec_err *err,
    struct set_info *si, uint32_t *nrec)
{
	struct tmpl_field fields[TMPL_MAXFIELDS];
	struct tmpl t;
	size_t q = off + 4, rec;
	uint16_t slen, olen, i, n;
	enum dec_status st;

	while (end - q >= NF9_OPTS_MIN) {
		rec = q;
		memset(&t, 0, sizeof(t));
		t.id = be16(p + q);
		slen = be16(p + q + 2);
		olen = be16(p + q + 4);
		t.kind = TMPL_OPTIONS;
		t.version = NF9_VERSION;
		t.f = fields;
		q += 6;
		if (t.id == 0 && dec_allzero(p + rec, end - rec)) {
			q = rec;
			break;
		}
		if (slen % 4 != 0 || olen % 4 != 0 || slen == 0) {
			dec_anomaly(ops, m, DEC_E_FIELDCOUNT, rec + 2,
			    "Option Scope Length", 4, slen, t.id);
			return DEC_OK;
		}
		if ((size_t)slen + olen > end - q) {
			dec_anomaly(ops, m, DEC_E_TMPLREC, rec + 2,
			    "Option Scope Length", end - q,
			    (size_t)slen + olen, t.id);
			return DEC_OK;
		}
		n = (uint16_t)((slen + olen) / 4);
		if (n > TMPL_MAXFIELDS) {
			dec_anomaly(ops, m, DEC_E_TOOMANY, rec + 2,
			    "Option Length", TMPL_MAXFIELDS, n, t.id);
			return DEC_OK;
		}
		for (i = 0; i < n; i++, q += 4) {
			fields[i].ie = be16(p + q);
			fields[i].len = be16(p + q + 2);
			fields[i].pen = 0;
		}
		t.nfields = n;
		t.scope = slen / 4;
		m->ntmpl++;
		si->nrec++;
		(*nrec)++;
		if ((st = nf9_store(&t, rec, m, tc, ops, err)) != DEC_OK)
			return st;
	}
	dec_set_padding(p, q, end, ops, m, si);
	return DEC_OK;
}

/* FlowSet >= 256: data records.  0, or -1 when the template is unknown. */
static int
nf9_data_set(const uint8_t *p, size_t off, size_t end, struct msg *m,
    struct tcache *tc, const struct dec_ops *ops, struct set_info *si,
    uint32_t *nrec)
{
	struct rec_val v[TMPL_MAXFIELDS];
	const struct tmpl *t;
	struct rec r;
	size_t q = off + 4, l = 0;
	uint32_t nr = 0;
	uint16_t i;

	if ((t = tcache_get(tc, m->exp, NF9_VERSION, m->domain, si->id)) ==
	    NULL) {
		dec_anomaly(ops, m, DEC_E_NOTMPL, off, "FlowSet ID", 0,
		    si->id, si->id);
		return -1;
	}
	r.t = t;
	r.v = v;
	while (t->minlen > 0 && end - q >= t->minlen) {
		if (!t->varlen && nr > 0) {
			/* fixed layout: the previous record, moved along */
			for (i = 0; i < t->nfields; i++)
				v[i].p += l;
		} else if (rec_parse(t, p + q, end - q, v, &l) == -1) {
			dec_anomaly(ops, m, DEC_E_VARLEN, q, "Field Length",
			    end - q, 0, si->id);
			return 0;
		}
		r.data = p + q;
		r.len = l;
		r.off = q;
		nr++;
		m->ndata++;
		si->nrec++;
		(*nrec)++;
		if (ops != NULL && ops->rec != NULL)
			ops->rec(ops->arg, m, &r);
		q += l;
	}
	dec_set_padding(p, q, end, ops, m, si);
	return 0;
}

enum dec_status
nf9_decode(const uint8_t *p, size_t len, struct msg *m, struct tcache *tc,
    const struct dec_ops *ops, struct dec_err *err)
{
	struct set_info si;
	size_t off;
	uint32_t nrec = 0;
	uint16_t sid, slen;
	int unknown = 0;
	enum dec_status st;

	if (len < NF9_HDR_LEN)
		return dec_seterr(err, DEC_E_TRUNC, len, "Header",
		    NF9_HDR_LEN, len, 0);
	if (be16(p) != NF9_VERSION)
		return dec_seterr(err, DEC_E_VERSION, 0, "Version",
		    NF9_VERSION, be16(p), 0);
	dec_msg_begin(m, NF9_VERSION, len);
	m->count = be16(p + 2);
	m->uptime_ms = be32(p + 4);
	m->export_time = be32(p + 8);
	m->seq = be32(p + 12);
	m->domain = be32(p + 16);
	if (ops != NULL && ops->header != NULL)
		ops->header(ops->arg, m);

	for (off = NF9_HDR_LEN; off < len; off += slen) {
		if ((st = dec_set_begin(p, off, len, m, &si, err)) != DEC_OK)
			return st;
		sid = si.id;
		slen = si.len;
		if (sid == NF9_SET_TMPL) {
			st = nf9_tmpl_set(p, off, off + slen, m, tc, ops, err,
			    &si, &nrec);
			if (st != DEC_OK)
				return st;
		} else if (sid == NF9_SET_OPTS) {
			st = nf9_opts_set(p, off, off + slen, m, tc, ops, err,
			    &si, &nrec);
			if (st != DEC_OK)
				return st;
		} else if (sid >= NF9_TMPL_ID_MIN) {
			if (nf9_data_set(p, off, off + slen, m, tc, ops, &si,
			    &nrec) == -1)
				unknown = 1;
		} else {
			dec_anomaly(ops, m, DEC_E_SETID, off, "FlowSet ID",
			    NF9_TMPL_ID_MIN, sid, sid);
			unknown = 1;
			continue;
		}
		if (ops != NULL && ops->set != NULL)
			ops->set(ops->arg, m, &si);
	}
	/* records in sets we could not read are not countable */
	if (!unknown && nrec != m->count)
		dec_anomaly(ops, m, DEC_E_V9COUNT, 2, "Count", nrec, m->count,
		    0);
	return dec_seterr(err, DEC_OK, 0, NULL, 0, 0, 0);
}
