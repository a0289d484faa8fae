/*
 * conform_ipfix.c: per-message IPFIX (RFC 7011) and NetFlow v9 (RFC 3954)
 * rules that the decoder does not report itself: sequence numbers (IPFIX
 * counts data records, templates do not advance it; v9 counts packets)
 * and plausible export times.  Structural rules (lengths, set ids,
 * template ids, padding, unknown templates) come from the decoder's
 * statuses, mapped in conform.c.
 */
#include "conform_int.h"

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
