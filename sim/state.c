/*
 * state.c: the PF state table: keys, hash lookup, the state list, and
 * the expiry rule.
 *
 * Facts from sys/net/pf.c (1.1218 era):
 *  - pf_find_state skips states whose timeout is PFTM_PURGE, so a state
 *    marked for purge by TCP state reuse no longer matches packets;
 *  - pf_state_expires: timeout = the rule's value, else the default;
 *    PFTM_PURGE and beyond expire at 0 (at once); with adaptive.start
 *    set and states > start: at states >= end return 0, else the timeout
 *    is scaled by (end - states) / (end - start) in 64-bit arithmetic;
 *    the deadline is expire + timeout;
 *  - pf_remove_state unlinks (PFTM_UNLINKED, keys detached, export) and
 *    pf_free_state later takes it off pf_state_list and decrements
 *    pf_status.states, so unlinked states still count for adaptive
 *    scaling and for the purge's share until the purge frees them.
 * The simulator has one rule set, so the rule's own timeouts and the
 * defaults are one table (struct gw_conf timeouts).
 */
#include <sys/socket.h>

#include <stdlib.h>
#include <string.h>

#include "state.h"

#define STATE_HASH_MIN	1024

int
state_table_init(struct state_table *t)
{
	memset(t, 0, sizeof(*t));
	t->nbuckets = STATE_HASH_MIN;
	t->buckets = calloc(t->nbuckets, sizeof(*t->buckets));
	t->next_id = 1;
	return t->buckets == NULL ? -1 : 0;
}

void
state_table_free(struct state_table *t)
{
	struct pf_state *st, *n;

	for (st = t->head; st != NULL; st = n) {
		n = st->lnext;
		free(st);
	}
	for (st = t->freelist; st != NULL; st = n) {
		n = st->lnext;
		free(st);
	}
	free(t->buckets);
	memset(t, 0, sizeof(*t));
}

uint32_t
state_key_hash(const struct pf_key *k)
{
	/* FNV-1a over the significant octets, then a final mix */
	uint32_t h = 2166136261u;
	size_t alen = k->af == AF_INET ? 4 : 16, i, j;

	h = (h ^ k->proto) * 16777619u;
	for (j = 0; j < 2; j++) {
		for (i = 0; i < alen; i++)
			h = (h ^ k->addr[j][i]) * 16777619u;
		h = (h ^ (k->port[j] >> 8)) * 16777619u;
		h = (h ^ (k->port[j] & 0xff)) * 16777619u;
	}
	h ^= h >> 16;
	h *= 0x7feb352d;
	h ^= h >> 15;
	return h;
}

int
state_key_eq(const struct pf_key *a, const struct pf_key *b)
{
	size_t alen;

	if (a->af != b->af || a->proto != b->proto ||
	    a->port[0] != b->port[0] || a->port[1] != b->port[1])
		return 0;
	alen = a->af == AF_INET ? 4 : 16;
	return memcmp(a->addr[0], b->addr[0], alen) == 0 &&
	    memcmp(a->addr[1], b->addr[1], alen) == 0;
}

void
state_key_make(struct pf_key *k, int dir, uint8_t af, uint8_t proto,
    const uint8_t *src, uint16_t sport, const uint8_t *dst, uint16_t dport)
{
	int sidx = dir == PF_IN ? 0 : 1, didx = 1 - sidx;
	size_t alen = af == AF_INET ? 4 : 16;

	memset(k, 0, sizeof(*k));
	k->af = af;
	k->proto = proto;
	memcpy(k->addr[sidx], src, alen);
	memcpy(k->addr[didx], dst, alen);
	k->port[sidx] = sport;
	k->port[didx] = dport;
}

struct pf_state *
state_find(struct state_table *t, const struct pf_key *k, uint32_t hash,
    int dir, struct pf_state **any_purged)
{
	struct pf_keynode *n;
	int want = dir == PF_IN ? PF_SK_WIRE : PF_SK_STACK;

	if (any_purged != NULL)
		*any_purged = NULL;
	for (n = t->buckets[hash & (t->nbuckets - 1)]; n != NULL;
	    n = n->next) {
		if (n->hash != hash || (n->which != 2 && n->which != want))
			continue;
		if (!state_key_eq(&n->st->key[n->which == 2 ? 0 : n->which],
		    k))
			continue;
		if (n->st->timeout == PFTM_PURGE) {
			if (any_purged != NULL)
				*any_purged = n->st;
			continue;
		}
		return n->st;
	}
	return NULL;
}

struct pf_state *
state_alloc(struct state_table *t)
{
	struct pf_state *st;

	if ((st = t->freelist) != NULL)
		t->freelist = st->lnext;
	else if ((st = malloc(sizeof(*st))) == NULL)
		return NULL;
	memset(st, 0, sizeof(*st));
	return st;
}

static int
state_grow(struct state_table *t)
{
	struct pf_keynode **nb, *n, *next;
	size_t nn = t->nbuckets * 2, i;

	if ((nb = calloc(nn, sizeof(*nb))) == NULL)
		return -1;
	for (i = 0; i < t->nbuckets; i++)
		for (n = t->buckets[i]; n != NULL; n = next) {
			next = n->next;
			n->next = nb[n->hash & (nn - 1)];
			nb[n->hash & (nn - 1)] = n;
		}
	free(t->buckets);
	t->buckets = nb;
	t->nbuckets = nn;
	return 0;
}

static void
state_hash_add(struct state_table *t, struct pf_keynode *n)
{
	size_t b = n->hash & (t->nbuckets - 1);

	n->next = t->buckets[b];
	t->buckets[b] = n;
	t->nkeys++;
}

int
state_insert(struct state_table *t, struct pf_state *st)
{
	if (t->nkeys + 2 > t->nbuckets && state_grow(t) == -1)
		return -1;
	st->translated = !state_key_eq(&st->key[0], &st->key[1]);
	st->kn[0].st = st;
	st->kn[0].hash = state_key_hash(&st->key[0]);
	if (st->translated) {
		st->kn[0].which = PF_SK_WIRE;
		st->kn[1].st = st;
		st->kn[1].which = PF_SK_STACK;
		st->kn[1].hash = state_key_hash(&st->key[1]);
		st->nkn = 2;
		state_hash_add(t, &st->kn[1]);
	} else {
		st->kn[0].which = 2;
		st->nkn = 1;
	}
	state_hash_add(t, &st->kn[0]);
	st->id = t->next_id++;
	st->lnext = NULL;
	st->lprev = t->tail;
	if (t->tail != NULL)
		t->tail->lnext = st;
	else
		t->head = st;
	t->tail = st;
	t->nstates++;
	t->nlinked++;
	return 0;
}

void
state_unlink(struct state_table *t, struct pf_state *st)
{
	struct pf_keynode **pp;
	int i;

	if (st->timeout == PFTM_UNLINKED)
		return;
	for (i = 0; i < st->nkn; i++) {
		pp = &t->buckets[st->kn[i].hash & (t->nbuckets - 1)];
		while (*pp != NULL && *pp != &st->kn[i])
			pp = &(*pp)->next;
		if (*pp != NULL) {
			*pp = st->kn[i].next;
			t->nkeys--;
		}
	}
	st->nkn = 0;
	st->timeout = PFTM_UNLINKED;
	t->nlinked--;
}

void
state_free(struct state_table *t, struct pf_state *st)
{
	state_unlink(t, st);
	if (st->lprev != NULL)
		st->lprev->lnext = st->lnext;
	else
		t->head = st->lnext;
	if (st->lnext != NULL)
		st->lnext->lprev = st->lprev;
	else
		t->tail = st->lprev;
	t->nstates--;
	st->lnext = t->freelist;
	t->freelist = st;
}

int32_t
state_expires(const struct pf_state *st, const uint32_t *tmo,
    uint32_t states)
{
	uint64_t timeout;
	uint32_t start, end;

	if (st->timeout >= PFTM_MAX)
		return 0;
	timeout = tmo[st->timeout];
	start = tmo[PFTM_ADAPTIVE_START];
	end = tmo[PFTM_ADAPTIVE_END];
	if (end != 0 && states > start && start < end) {
		if (states >= end)
			return 0;
		timeout = timeout * (end - states) / (end - start);
	}
	return (int32_t)(st->expire + (int64_t)timeout);
}
