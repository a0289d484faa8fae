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
	size_t i;

	for (i = 0; i < t->nslabs; i++)
		free(t->slabs[i]);
	free(t->slabs);
	free(t->buckets);
	memset(t, 0, sizeof(*t));
}

uint32_t
state_key_hash(const struct pf_key *k)
{
	/*
	 * Each (address, port) end is mixed on its own (murmur3 fmix64
	 * steps) and the two are added: the hash does not depend on their
	 * order, so the in-state (C, S) and the out-state (S, C) of one
	 * connection share a bucket and the second lookup of a packet finds
	 * its lines in the cache.
	 */
	uint64_t e[2], w;
	size_t j;

	for (j = 0; j < 2; j++) {
		const uint8_t *a = k->addr[j];

		w = (uint64_t)a[0] << 24 | (uint64_t)a[1] << 16 |
		    (uint64_t)a[2] << 8 | a[3];
		if (k->af != AF_INET) {
			uint64_t w2 = (uint64_t)a[4] << 24 | a[5] << 16 |
			    a[6] << 8 | a[7];
			uint64_t w3 = (uint64_t)a[8] << 24 | a[9] << 16 |
			    a[10] << 8 | a[11];
			uint64_t w4 = (uint64_t)a[12] << 24 | a[13] << 16 |
			    a[14] << 8 | a[15];

			w = (w << 32 | w2) * 0x9e3779b97f4a7c15ULL ^
			    (w3 << 32 | w4);
		}
		e[j] = ((w << 16) ^ k->port[j]) * 0xff51afd7ed558ccdULL;
		e[j] ^= e[j] >> 31;
	}
	w = (e[0] + e[1]) ^ ((uint64_t)k->proto << 56);
	w *= 0xc4ceb9fe1a85ec53ULL;
	w ^= w >> 32;
	return (uint32_t)w;
}

int
state_key_eq(const struct pf_key *a, const struct pf_key *b)
{
	/* keys are built zeroed beyond the address length */
	return memcmp(a, b, sizeof(*a)) == 0;
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
	struct pf_state *st;
	int want = dir == PF_IN ? PF_SK_WIRE : PF_SK_STACK;

	if (any_purged != NULL)
		*any_purged = NULL;
	for (n = t->buckets[hash & (t->nbuckets - 1)]; n != NULL;
	    n = n->next) {
		if (n->hash != hash || (n->which != 2 && n->which != want) ||
		    !state_key_eq(&n->key, k))
			continue;
		st = STATE_OF(n);
		if (st->timeout == PFTM_PURGE) {
			if (any_purged != NULL)
				*any_purged = st;
			continue;
		}
		return st;
	}
	return NULL;
}

struct pf_state *
state_alloc(struct state_table *t)
{
	struct pf_state *st;

	if ((st = t->freelist) != NULL)
		t->freelist = st->lnext;
	else {
		if (t->nslabs == 0 || t->slab_used == STATE_SLAB) {
			struct pf_state **ns, *slab;

			if ((ns = realloc(t->slabs, (t->nslabs + 1) *
			    sizeof(*ns))) == NULL)
				return NULL;
			t->slabs = ns;
			if ((slab = aligned_alloc(64, STATE_SLAB *
			    sizeof(*slab))) == NULL)
				return NULL;
			t->slabs[t->nslabs++] = slab;
			t->slab_used = 0;
		}
		st = &t->slabs[t->nslabs - 1][t->slab_used++];
	}
	memset(st, 0, sizeof(*st));
	st->kn[1].idx = 1;
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
			struct pf_keynode **head = &nb[n->hash & (nn - 1)];

			next = n->next;
			n->next = *head;
			if (*head != NULL)
				(*head)->pprev = &n->next;
			n->pprev = head;
			*head = n;
		}
	free(t->buckets);
	t->buckets = nb;
	t->nbuckets = nn;
	return 0;
}

static void
state_hash_add(struct state_table *t, struct pf_keynode *n)
{
	struct pf_keynode **head = &t->buckets[n->hash & (t->nbuckets - 1)];

	n->next = *head;
	if (*head != NULL)
		(*head)->pprev = &n->next;
	n->pprev = head;
	*head = n;
	t->nkeys++;
}

int
state_insert(struct state_table *t, struct pf_state *st)
{
	if (t->nkeys + 2 > t->nbuckets && state_grow(t) == -1)
		return -1;
	st->translated = !state_key_eq(&st->kn[0].key, &st->kn[1].key);
	st->kn[0].idx = 0;
	st->kn[1].idx = 1;
	st->kn[0].hash = state_key_hash(&st->kn[0].key);
	if (st->translated) {
		st->kn[0].which = PF_SK_WIRE;
		st->kn[1].which = PF_SK_STACK;
		st->kn[1].hash = state_key_hash(&st->kn[1].key);
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
	int i;

	if (st->timeout == PFTM_UNLINKED)
		return;
	for (i = 0; i < st->nkn; i++) {
		struct pf_keynode *n = &st->kn[i];

		*n->pprev = n->next;
		if (n->next != NULL)
			n->next->pprev = n->pprev;
		t->nkeys--;
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

/* four cache lines: two keys, the hot fields, the rest */
_Static_assert(sizeof(struct pf_state) == 256, "struct pf_state size");
