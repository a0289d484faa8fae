/*
 * conform_ipfix.c: per-message IPFIX (RFC 7011) and NetFlow v9 (RFC 3954)
 * rules that the decoder does not report itself: sequence numbers (IPFIX
 * counts data records, templates do not advance it; v9 counts packets)
 * and plausible export times.  Structural rules (lengths, set ids,
 * template ids, padding, unknown templates) come from the decoder's
 * statuses, mapped in conform.c.
 */
#include <stdio.h>

#include "conform_int.h"
#include "ie.h"

void
conform_ipfix_header(struct conform *c, struct cstream *s)
{
	if (c->msg->version == 10) {
		conform_time_sane(c, R_IPFIX_EXPORT_TIME, c->msg->export_time,
		    4);
		if (s->pflow)
			conform_pflow_ipfix_header(c, s);
	} else
		conform_time_sane(c, R_NF9_EXPORT_TIME, c->msg->export_time,
		    8);
}

void
conform_ipfix_end(struct conform *c, struct cstream *s, int stopped)
{
	if (c->msg->version == 9) {
		conform_seq(c, s, c->msg->seq, 1, 12, R_NF9_SEQ);
		return;
	}
	conform_seq(c, s, c->msg->seq, c->nrec, 8, R_IPFIX_SEQ);
	/* records we could not count: the next message resynchronises */
	if (stopped || c->had_notmpl)
		seq_forget(&s->seq);
	conform_pflow_ipfix_end(c, s, stopped);
}

/* The length a field of this IANA type may have on the wire. */
static int
fieldlen_ok(const struct ie_def *d, uint16_t len)
{
	if (len == TMPL_VARLEN)
		return 1;	/* variable length: the records tell */
	switch (d->type) {
	case IE_UNSIGNED:
	case IE_SIGNED:
		return len >= 1 && len <= d->len;
	case IE_FLOAT:
		return len == d->len || (d->len == 8 && len == 4);
	case IE_BOOLEAN:
		return len == 1;
	case IE_MAC:
		return len == 6;
	case IE_IPV4:
	case IE_DATE_SEC:
		return len == 4;
	case IE_IPV6:
		return len == 16;
	case IE_DATE_MS:
	case IE_DATE_US:
	case IE_DATE_NS:
		return len == 8;
	default:
		return 1;	/* octetArray, string, lists: any */
	}
}

static const char *
fieldlen_want(const struct ie_def *d, char *buf, size_t n)
{
	switch (d->type) {
	case IE_UNSIGNED:
	case IE_SIGNED:
		snprintf(buf, n, "1..%u", d->len);
		break;
	case IE_FLOAT:
		snprintf(buf, n, d->len == 8 ? "4 or 8" : "4");
		break;
	default:
		snprintf(buf, n, "%u", d->len);
		break;
	}
	return buf;
}

void
conform_ipfix_tmpl(struct conform *c, struct cstream *s,
    const struct tmpl *t, size_t off)
{
	const struct ie_def *d;
	char e[FINDING_VALLEN], o[FINDING_VALLEN];
	size_t q = off + 4 + (t->kind == TMPL_OPTIONS ? 2 : 0);
	int i;

	for (i = 0; i < t->nfields; q += t->f[i].pen != 0 ? 8 : 4, i++) {
		if (t->f[i].pen != 0 || (d = ie_lookup(t->f[i].ie)) == NULL ||
		    fieldlen_ok(d, t->f[i].len))
			continue;
		snprintf(o, sizeof(o), "%u", t->f[i].len);
		conform_emit(c, R_IPFIX_FIELDLEN, (int64_t)q + 2,
		    fieldlen_want(d, e, sizeof(e)), o,
		    "template %u: %s with %u octets", t->id, d->name,
		    t->f[i].len);
	}
}
