/*
 * ipfix.c: IPFIX (RFC 7011) message walk and encoder.
 *
 * The walk reads the message header, then each set: template and options
 * template sets go into the template cache, data sets are cut into records
 * with the cached templates.  A problem that leaves the rest of the message
 * readable is an anomaly (reported, stepped over); a set length that cannot
 * be trusted ends the walk (RFC 7011 10.3).
 */
#include <string.h>

#include "cursor.h"
#include "ipfix.h"

#define IPFIX_WITHDRAW_ALL	0xffff	/* tcache_del: every id of a domain */

/*
 * One template set or options template set.  Returns DEC_OK, or the
 * error (DEC_E_NOMEM) that ends the walk.
 */
static enum dec_status
ipfix_tmpl_set(const uint8_t *p, size_t off, size_t end, struct msg *m,
    struct tcache *tc, const struct dec_ops *ops, struct dec_err *err,
    struct set_info *si)
{
	struct tmpl_field fields[TMPL_MAXFIELDS];
	struct tmpl t;
	size_t q = off + IPFIX_SET_HDR_LEN, rec;
	uint16_t sid = si->id, tid, fc, scope, i, ie, flen;
	uint32_t pen;
	enum dec_status st;

	while (end - q >= 4) {
		rec = q;
		tid = be16(p + q);
		fc = be16(p + q + 2);
		q += 4;
		memset(&t, 0, sizeof(t));
		t.id = tid;
		t.kind = sid == IPFIX_SET_OPTS ? TMPL_OPTIONS : TMPL_DATA;
		t.version = IPFIX_VERSION;
		t.f = fields;
		if (fc == 0) {
			/* RFC 7011 8.1: withdrawal (set id = all of a kind) */
			dec_anomaly(ops, m, DEC_E_WITHDRAW, rec, "Field Count",
			    1, 0, tid);
			m->ntmpl++;
			si->nrec++;
			if (tid == sid)
				tcache_del(tc, m->exp, IPFIX_VERSION,
				    m->domain, IPFIX_WITHDRAW_ALL);
			else if (tid < IPFIX_TMPL_ID_MIN) {
				dec_anomaly(ops, m, DEC_E_TMPLID, rec,
				    "Template ID", IPFIX_TMPL_ID_MIN, tid, tid);
				continue;
			} else
				tcache_del(tc, m->exp, IPFIX_VERSION,
				    m->domain, tid);
			tmpl_index(&t);
			if (ops != NULL && ops->tmpl != NULL)
				ops->tmpl(ops->arg, m, &t, TMPL_EV_WITHDRAW,
				    rec);
			continue;
		}
		scope = 0;
		if (sid == IPFIX_SET_OPTS) {
			if (end - q < 2) {
				dec_anomaly(ops, m, DEC_E_TMPLREC, q,
				    "Scope Field Count", 2, end - q, tid);
				return DEC_OK;
			}
			scope = be16(p + q);
			q += 2;
		}
		if (fc > TMPL_MAXFIELDS) {
			dec_anomaly(ops, m, DEC_E_TOOMANY, rec + 2,
			    "Field Count", TMPL_MAXFIELDS, fc, tid);
			return DEC_OK;
		}
		for (i = 0; i < fc; i++) {
			if (end - q < 4) {
				dec_anomaly(ops, m, DEC_E_TMPLREC, q,
				    "Field Specifier", 4, end - q, tid);
				return DEC_OK;
			}
			ie = be16(p + q);
			flen = be16(p + q + 2);
			q += 4;
			pen = 0;
			if (ie & IPFIX_ENTERPRISE_BIT) {
				if (end - q < 4) {
					dec_anomaly(ops, m, DEC_E_TMPLREC, q,
					    "Enterprise Number", 4, end - q,
					    tid);
					return DEC_OK;
				}
				pen = be32(p + q);
				q += 4;
				ie &= ~IPFIX_ENTERPRISE_BIT;
			}
			fields[i].ie = ie;
			fields[i].len = flen;
			fields[i].pen = pen;
		}
		t.nfields = fc;
		t.scope = scope;
		m->ntmpl++;
		si->nrec++;
		if (tid < IPFIX_TMPL_ID_MIN) {
			dec_anomaly(ops, m, DEC_E_TMPLID, rec, "Template ID",
			    IPFIX_TMPL_ID_MIN, tid, tid);
			continue;
		}
		if (sid == IPFIX_SET_OPTS && (scope == 0 || scope > fc)) {
			dec_anomaly(ops, m, DEC_E_FIELDCOUNT, rec + 4,
			    "Scope Field Count", fc, scope, tid);
			continue;
		}
		tmpl_index(&t);
		if ((st = dec_tmpl_store(&t, rec, m, tc, ops, err)) != DEC_OK)
			return st;
	}
	dec_set_padding(p, q, end, ops, m, si);
	return DEC_OK;
}

static void
ipfix_data_set(const uint8_t *p, size_t off, size_t end, struct msg *m,
    struct tcache *tc, const struct dec_ops *ops, struct set_info *si)
{
	struct rec_val v[TMPL_MAXFIELDS];
	const struct tmpl *t;
	struct rec r;
	size_t q = off + IPFIX_SET_HDR_LEN, l = 0;
	uint32_t nr = 0;
	uint16_t i;
	uint16_t sid = si->id;

	if ((t = tcache_get(tc, m->exp, IPFIX_VERSION, m->domain, sid)) ==
	    NULL) {
		dec_anomaly(ops, m, DEC_E_NOTMPL, off, "Set ID", 0, sid, sid);
		return;
	}
	if (t->minlen == 0) {		/* cannot happen via the cache */
		dec_anomaly(ops, m, DEC_E_ZEROREC, off, "Set ID", 1, 0, sid);
		return;
	}
	r.t = t;
	r.v = v;
	while (end - q >= t->minlen) {
		if (!t->varlen && nr > 0) {
			/* fixed layout: the previous record, moved along */
			for (i = 0; i < t->nfields; i++)
				v[i].p += l;
		} else if (rec_parse(t, p + q, end - q, v, &l) == -1) {
			dec_anomaly(ops, m, DEC_E_VARLEN, q, "Field Length",
			    end - q, 0, sid);
			return;
		}
		r.data = p + q;
		r.len = l;
		r.off = q;
		nr++;
		m->ndata++;
		si->nrec++;
		/* softflowd's clock reference, for the records after it */
		if (t->fx[FX_SYSINIT] >= 0) {
			m->sysinit_ms = (int64_t)be64(v[t->fx[FX_SYSINIT]].p);
			tcache_set_sysinit(tc, m->exp, m->domain,
			    m->sysinit_ms);
		}
		if (ops != NULL && ops->rec != NULL)
			ops->rec(ops->arg, m, &r);
		q += l;
	}
	dec_set_padding(p, q, end, ops, m, si);
}

enum dec_status
ipfix_decode(const uint8_t *p, size_t len, struct msg *m, struct tcache *tc,
    const struct dec_ops *ops, struct dec_err *err)
{
	struct set_info si;
	size_t off, end;
	uint16_t sid, slen;
	enum dec_status st;

	if (len < IPFIX_HDR_LEN)
		return dec_seterr(err, DEC_E_TRUNC, len, "Message Header",
		    IPFIX_HDR_LEN, len, 0);
	if (be16(p) != IPFIX_VERSION)
		return dec_seterr(err, DEC_E_VERSION, 0, "Version",
		    IPFIX_VERSION, be16(p), 0);
	dec_msg_begin(m, IPFIX_VERSION, len);
	m->length = be16(p + 2);
	m->export_time = be32(p + 4);
	m->seq = be32(p + 8);
	m->domain = be32(p + 12);
	m->sysinit_ms = tcache_sysinit(tc, m->exp, m->domain);
	if (ops != NULL && ops->header != NULL)
		ops->header(ops->arg, m);

	if (m->length < IPFIX_HDR_LEN || m->length > len)
		return dec_seterr(err, DEC_E_MSGLEN, 2, "Length", len,
		    m->length, 0);
	if (m->length < len)
		dec_anomaly(ops, m, DEC_E_MSGLEN, 2, "Length", len, m->length,
		    0);
	end = m->length;
	for (off = IPFIX_HDR_LEN; off < end; off += slen) {
		if ((st = dec_set_begin(p, off, end, m, &si, err)) != DEC_OK)
			return st;
		sid = si.id;
		slen = si.len;
		if (sid == IPFIX_SET_TMPL || sid == IPFIX_SET_OPTS) {
			st = ipfix_tmpl_set(p, off, off + slen, m, tc, ops,
			    err, &si);
			if (st != DEC_OK)
				return st;
		} else if (sid >= IPFIX_TMPL_ID_MIN)
			ipfix_data_set(p, off, off + slen, m, tc, ops, &si);
		else {
			dec_anomaly(ops, m, DEC_E_SETID, off, "Set ID",
			    IPFIX_TMPL_ID_MIN, sid, sid);
			continue;
		}
		if (ops != NULL && ops->set != NULL)
			ops->set(ops->arg, m, &si);
	}
	return dec_seterr(err, DEC_OK, 0, NULL, 0, 0, 0);
}

/* Encoder */

int
ipfix_enc_begin(struct ipfix_enc *e, void *buf, size_t len,
    uint32_t export_time, uint32_t seq, uint32_t domain)
{
	wcur_init(&e->w, buf, len);
	e->set_start = 0;
	e->in_set = 0;
	wcur_u16(&e->w, IPFIX_VERSION);
	wcur_u16(&e->w, 0);
	wcur_u32(&e->w, export_time);
	wcur_u32(&e->w, seq);
	wcur_u32(&e->w, domain);
	return e->w.failed ? -1 : 0;
}

int
ipfix_enc_tmpl_set(struct ipfix_enc *e, const struct tmpl *const *t, int n)
{
	const struct tmpl_field *f;
	uint16_t sid;
	int i, k;

	if (n <= 0 || e->in_set)
		return -1;
	sid = t[0]->kind == TMPL_OPTIONS ? IPFIX_SET_OPTS : IPFIX_SET_TMPL;
	if (ipfix_enc_set_begin(e, sid) == -1)
		return -1;
	for (i = 0; i < n; i++) {
		wcur_u16(&e->w, t[i]->id);
		wcur_u16(&e->w, t[i]->nfields);
		if (sid == IPFIX_SET_OPTS && t[i]->nfields > 0)
			wcur_u16(&e->w, t[i]->scope);
		for (k = 0; k < t[i]->nfields; k++) {
			f = &t[i]->f[k];
			wcur_u16(&e->w, f->ie | (f->pen ?
			    IPFIX_ENTERPRISE_BIT : 0));
			wcur_u16(&e->w, f->len);
			if (f->pen)
				wcur_u32(&e->w, f->pen);
		}
	}
	return ipfix_enc_set_end(e, 0);
}

int
ipfix_enc_set_begin(struct ipfix_enc *e, uint16_t set_id)
{
	if (e->in_set)
		return -1;
	e->set_start = wcur_len(&e->w);
	e->in_set = 1;
	wcur_u16(&e->w, set_id);
	wcur_u16(&e->w, 0);
	return e->w.failed ? -1 : 0;
}

int
ipfix_enc_rec(struct ipfix_enc *e, const struct tmpl *t,
    const struct rec_val *v)
{
	uint16_t i;

	if (!e->in_set)
		return -1;
	for (i = 0; i < t->nfields; i++) {
		if (t->f[i].len == TMPL_VARLEN) {
			if (v[i].len < 255)
				wcur_u8(&e->w, (uint8_t)v[i].len);
			else {
				wcur_u8(&e->w, 255);
				wcur_u16(&e->w, v[i].len);
			}
		} else if (v[i].len != t->f[i].len)
			return -1;
		if (v[i].len > 0)
			wcur_bytes(&e->w, v[i].p, v[i].len);
	}
	return e->w.failed ? -1 : 0;
}

int
ipfix_enc_raw(struct ipfix_enc *e, const void *p, size_t n)
{
	if (!e->in_set)
		return -1;
	return wcur_bytes(&e->w, p, n);
}

int
ipfix_enc_set_end(struct ipfix_enc *e, size_t padding)
{
	size_t l;

	if (!e->in_set)
		return -1;
	wcur_zero(&e->w, padding);
	e->in_set = 0;
	l = wcur_len(&e->w) - e->set_start;
	if (e->w.failed || l > 0xffff)
		return -1;
	return wcur_patch_u16(&e->w, e->set_start + 2, (uint16_t)l);
}

int
ipfix_enc_end(struct ipfix_enc *e)
{
	size_t l;

	if (e->in_set && ipfix_enc_set_end(e, 0) == -1)
		return -1;
	l = wcur_len(&e->w);
	if (e->w.failed || l > 0xffff)
		return -1;
	if (wcur_patch_u16(&e->w, 2, (uint16_t)l) == -1)
		return -1;
	return (int)l;
}
