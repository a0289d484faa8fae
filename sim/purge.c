/*
 * purge.c: the state purge, as sys/net/pf.c (1.1218 era) runs it.
 *
 * Facts (pf_purge_states_tick, pf_purge_states, pf_purge_expired_states):
 *  - a timeout fires every second (re-armed with timeout_add_sec(1) when
 *    a pass is over); with no states it just re-arms;
 *  - its share is limit = states / interval (interval > 1), kept in
 *    pf_purge_states_limit;
 *  - the task scans max(share, 64) states from a static cursor, stopping
 *    early at the list's tail (the cursor then restarts at the head) or
 *    once 64 expired states were collected; "scanned" counts the states
 *    after which the cursor moved on (the tail and the 64th expired one
 *    are examined but not counted);
 *  - a state is collected when pf_state_expires(st) <= getuptime() or it
 *    is already unlinked; collected states go on an SLIST by insertion at
 *    the head and are removed walking that list, i.e. in reverse scan
 *    order (pf_remove_state exports them, pf_free_state frees);
 *  - if scanned >= the share the pass is over, else the share is reduced
 *    by scanned and the task runs again at once (same second).
 * So a small table (share < 64) is scanned from the cursor to its tail on
 * every tick, and a big one about states/interval entries per second.
 */
#include <limits.h>

#include "purge.h"

void
purge_init(struct purge *p, void (*rm)(void *, struct pf_state *),
    void *arg)
{
	p->cur = NULL;
	p->scanned = 0;
	p->removed = 0;
	p->remove = rm;
	p->arg = arg;
}

static int
purge_is_expired(const struct pf_state *st, const uint32_t *tmo,
    uint32_t nstates, int32_t now)
{
	if (st->timeout == PFTM_UNLINKED)
		return 1;
	return state_expires(st, tmo, nstates) <= now;
}

/* pf_purge_expired_states(limit, collect) */
static unsigned int
purge_expired_states(struct purge *p, struct state_table *t,
    const uint32_t *tmo, int32_t now, unsigned int limit,
    unsigned int *freed)
{
	struct pf_state *gcl[PURGE_COLLECT];
	struct pf_state *tail = t->tail;
	unsigned int scanned, collected = 0, i;
	uint32_t nstates = t->nstates;

	if (t->head == NULL)
		return limit;
	if (p->cur == NULL)
		p->cur = t->head;
	for (scanned = 0; scanned < limit; scanned++) {
		int limited = 0;

		p->scanned++;
		if (purge_is_expired(p->cur, tmo, nstates, now)) {
			gcl[collected++] = p->cur;
			if (collected >= PURGE_COLLECT)
				limited = 1;
		}
		if (p->cur == tail) {
			p->cur = NULL;
			break;
		}
		p->cur = p->cur->lnext;
		if (limited)
			break;
	}
	/* SLIST_INSERT_HEAD then SLIST_FOREACH: newest collected first */
	for (i = collected; i > 0; i--) {
		struct pf_state *st = gcl[i - 1];

		if (st->timeout != PFTM_UNLINKED && p->remove != NULL)
			p->remove(p->arg, st);
		state_free(t, st);
		p->removed++;
		(*freed)++;
	}
	return scanned;
}

unsigned int
purge_tick(struct purge *p, struct state_table *t, const uint32_t *tmo,
    int32_t now)
{
	unsigned int share, limit, scanned, freed = 0;
	uint32_t interval = tmo[PFTM_INTERVAL];

	if (t->nstates == 0)
		return 0;
	share = t->nstates;
	if (interval > 1)
		share /= interval;
	for (;;) {
		limit = share < PURGE_COLLECT ? PURGE_COLLECT : share;
		scanned = purge_expired_states(p, t, tmo, now, limit, &freed);
		if (scanned >= share)
			break;
		share -= scanned;
	}
	return freed;
}

void
purge_dry_ticks(struct purge *p, struct state_table *t, const uint32_t *tmo,
    uint64_t n)
{
	struct pf_state *s;
	long pos = -1, nst = (long)t->nstates, start, avail;
	unsigned long share, limit, scanned;
	uint32_t interval = tmo[PFTM_INTERVAL];

	if (nst == 0 || n == 0)
		return;
	if (p->cur != NULL)
		for (pos = 0, s = t->head; s != NULL && s != p->cur;
		    s = s->lnext)
			pos++;
	while (n-- > 0) {
		share = (unsigned long)nst;
		if (interval > 1)
			share /= interval;
		for (;;) {
			limit = share < PURGE_COLLECT ? PURGE_COLLECT : share;
			start = pos < 0 ? 0 : pos;
			avail = nst - start;
			if ((long)limit < avail) {
				scanned = limit;
				pos = start + (long)limit;
			} else {
				scanned = (unsigned long)avail - 1;
				pos = -1;
			}
			p->scanned += scanned;
			if (scanned >= share)
				break;
			share -= scanned;
		}
	}
	p->cur = NULL;
	if (pos >= 0)
		for (p->cur = t->head; pos > 0 && p->cur != NULL; pos--)
			p->cur = p->cur->lnext;
}

int32_t
purge_min_deadline(const struct state_table *t, const uint32_t *tmo)
{
	const struct pf_state *s;
	int32_t m = INT32_MAX, d;

	if (t->nstates != t->nlinked)
		return INT32_MIN;
	for (s = t->head; s != NULL; s = s->lnext) {
		d = state_expires(s, tmo, t->nstates);
		if (d < m)
			m = d;
	}
	return m;
}
