/*
 * conform_seq.c: sequence number tracking for one export stream, telling
 * loss (a jump forward), duplicates (a message seen again), reordering
 * (a late message that falls in an earlier gap) and resets (a jump
 * backwards that is neither) apart.  Units are records (v5, IPFIX) or
 * packets (v9); all arithmetic is modulo 2^32.
 */
#include <string.h>

#include "conform_int.h"

static void
ring_push(struct seq_track *s, uint32_t seq, uint32_t n)
{
	s->ring[s->rpos].seq = seq;
	s->ring[s->rpos].n = n;
	s->rpos = (s->rpos + 1) % SEQ_RING;
	if (s->rlen < SEQ_RING)
		s->rlen++;
}

static int
ring_has(const struct seq_track *s, uint32_t seq, uint32_t n)
{
	unsigned int i;

	for (i = 0; i < s->rlen; i++)
		if (s->ring[i].seq == seq && s->ring[i].n == n)
			return 1;
	return 0;
}

static void
gap_add(struct seq_track *s, uint32_t lo, uint32_t hi)
{
	if (s->ngaps == SEQ_GAPS) {	/* forget the oldest */
		memmove(&s->gap[0], &s->gap[1],
		    (SEQ_GAPS - 1) * sizeof(s->gap[0]));
		s->ngaps--;
	}
	s->gap[s->ngaps].lo = lo;
	s->gap[s->ngaps].hi = hi;
	s->ngaps++;
}

/* A message [seq, seq + n) inside an open gap: shrink the gap, 1 if so. */
static int
gap_fill(struct seq_track *s, uint32_t seq, uint32_t n)
{
	unsigned int i;
	uint32_t lo, hi, width;

	for (i = 0; i < s->ngaps; i++) {
		lo = s->gap[i].lo;
		hi = s->gap[i].hi;
		width = hi - lo;
		if (seq - lo >= width || seq - lo + n > width)
			continue;
		if (seq == lo)
			s->gap[i].lo = seq + n;
		else if (seq + n == hi)
			s->gap[i].hi = seq;
		if (s->gap[i].lo == s->gap[i].hi) {
			memmove(&s->gap[i], &s->gap[i + 1],
			    (s->ngaps - i - 1) * sizeof(s->gap[0]));
			s->ngaps--;
		}
		return 1;
	}
	return 0;
}

enum seq_verdict
seq_check(struct seq_track *s, uint32_t seq, uint32_t n, uint32_t *delta)
{
	int32_t d;

	*delta = 0;
	if (!s->valid) {
		s->valid = 1;
		s->next = seq + n;
		ring_push(s, seq, n);
		return SEQ_FIRST;
	}
	if (seq == s->next) {
		s->next = seq + n;
		ring_push(s, seq, n);
		return SEQ_OK;
	}
	d = (int32_t)(seq - s->next);
	if (d > 0) {
		*delta = (uint32_t)d;
		gap_add(s, s->next, seq);
		s->next = seq + n;
		ring_push(s, seq, n);
		return SEQ_GAP;
	}
	/*
	 * A record-less (template) message behind the count is an exporter
	 * restart (pflow sends its templates first, with sequence 0), not a
	 * duplicate: templates legitimately repeat a sequence number.
	 */
	if (n > 0 && ring_has(s, seq, n))
		return SEQ_DUP;
	if (n > 0 && gap_fill(s, seq, n)) {
		*delta = n;
		return SEQ_REORDER;
	}
	/*
	 * Just behind the count, not 0, and wholly before it: a message
	 * from before the first one seen (or a gap no longer tracked)
	 * arriving late.  pflow restarts at 0; a far jump back is a restart.
	 */
	if (seq != 0 && s->next - seq < SEQ_LATE_MAX && n <= s->next - seq) {
		*delta = 0;
		return SEQ_REORDER;
	}
	*delta = s->next - seq;
	s->next = seq + n;
	s->ngaps = 0;
	s->rlen = 0;
	s->rpos = 0;
	ring_push(s, seq, n);
	return SEQ_RESET;
}

void
seq_forget(struct seq_track *s)
{
	s->valid = 0;
	s->ngaps = 0;
}
