/*
 * conform_v5.c: NetFlow v5 rules: length = 24 + 48 x count, 1 <= count
 * <= 30, flow_sequence continuity, First <= Last <= SysUptime modulo 2^32
 * (First = 0 / Last = 0 mean unknown, pflow-facts.md 1.2), zero pads,
 * plausible unix_secs.
 */
#include <stdio.h>

#include "conform_int.h"
#include "cursor.h"
#include "nf5.h"

void
conform_v5_header(struct conform *c, struct cstream *s)
{
	const struct msg *m = c->msg;
	char e[FINDING_VALLEN], o[FINDING_VALLEN];
	size_t want = NF5_HDR_LEN + (size_t)m->count * NF5_REC_LEN;

	if (m->count < 1 || m->count > NF5_MAXREC) {
		snprintf(o, sizeof(o), "%u", m->count);
		conform_emit(c, R_V5_COUNT, 2, "1..30", o,
		    "header count out of range");
		c->skip_recs = 1;
	}
	if (c->len != want) {
		snprintf(e, sizeof(e), "%zu", want);
		snprintf(o, sizeof(o), "%zu", c->len);
		conform_emit(c, R_V5_LENGTH, 2, e, o,
		    "datagram length is not 24 + 48 x count (%u)", m->count);
		c->skip_recs = 1;	/* records of a malformed datagram */
	}
	conform_time_sane(c, R_V5_EXPORT_TIME, m->export_time, 8);
	if (s->pflow)
		conform_pflow_v5_header(c, s);
}

void
conform_v5_rec(struct conform *c, struct cstream *s, const struct rec *r)
{
	const uint8_t *d = r->data;
	uint32_t up = c->msg->uptime_ms, first, last;
	char e[FINDING_VALLEN], o[FINDING_VALLEN];

	if (r->len < NF5_REC_LEN)
		return;
	first = be32(d + 24);
	last = be32(d + 28);
	if (last != 0 && up - last >= 0x80000000u) {
		snprintf(e, sizeof(e), "<= %u", up);
		snprintf(o, sizeof(o), "%u", last);
		conform_emit(c, R_V5_TIME_ORDER, (int64_t)r->off + 28, e, o,
		    "Last is after SysUptime");
	}
	if (first != 0 && last != 0 && last - first >= 0x80000000u) {
		snprintf(e, sizeof(e), "<= %u", last);
		snprintf(o, sizeof(o), "%u", first);
		conform_emit(c, R_V5_TIME_ORDER, (int64_t)r->off + 24, e, o,
		    "First is after Last");
	} else if (first != 0 && last == 0 && up - first >= 0x80000000u) {
		snprintf(e, sizeof(e), "<= %u", up);
		snprintf(o, sizeof(o), "%u", first);
		conform_emit(c, R_V5_TIME_ORDER, (int64_t)r->off + 24, e, o,
		    "First is after SysUptime");
	}
	if (d[36] != 0) {
		snprintf(o, sizeof(o), "%u", d[36]);
		conform_emit(c, R_V5_RESERVED, (int64_t)r->off + 36, "0", o,
		    "pad1 is not zero");
	}
	if (be16(d + 46) != 0) {
		snprintf(o, sizeof(o), "%u", be16(d + 46));
		conform_emit(c, R_V5_RESERVED, (int64_t)r->off + 46, "0", o,
		    "pad2 is not zero");
	}
}

void
conform_v5_end(struct conform *c, struct cstream *s)
{
	conform_seq(c, s, c->msg->seq, c->msg->count, 16, R_V5_SEQ);
}
