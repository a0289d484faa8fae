/*
 * tcache.c: template cache, a chained hash table keyed by exporter,
 * protocol version, observation domain (v9 source id) and template id.
 * Lookups are O(1); the last hit is remembered because a stream of data
 * sets mostly asks for the same few templates again and again.
 */
#include <stdlib.h>
#include <string.h>

#include "dec.h"
#include "tcache.h"

struct tc_ent {
	struct tc_ent	*next;
	struct exporter	 exp;
	uint32_t	 hash;
	uint32_t	 domain;
	uint16_t	 id;
	uint8_t		 version;
	struct tmpl	*t;
};

struct tc_dom {
	struct exporter	 exp;
	uint32_t	 domain;
	int64_t		 sysinit_ms;
};

struct tcache {
	struct tc_ent	**b;
	unsigned int	 nb;		/* power of two */
	unsigned int	 n;
	struct tc_ent	*last;
	/* per-domain facts; few domains, so a small array (a ring when full) */
	struct tc_dom	*dom;
	unsigned int	 ndom, domnext;
};

static const struct exporter tc_noexp;

static uint32_t
tc_hash(const struct exporter *e, uint8_t version, uint32_t domain,
    uint16_t id)
{
	uint32_t h = exporter_hash(e);

	h ^= domain * 2654435761u;
	h ^= ((uint32_t)id << 8 | version) * 40503u;
	h ^= h >> 15;
	h *= 2246822519u;
	h ^= h >> 13;
	return h;
}

static int
tc_match(const struct tc_ent *x, const struct exporter *e, uint8_t version,
    uint32_t domain, uint16_t id)
{
	return x->id == id && x->domain == domain && x->version == version &&
	    x->exp.port == e->port && x->exp.addr.af == e->addr.af &&
	    memcmp(x->exp.addr.a, e->addr.a, sizeof(e->addr.a)) == 0;
}

struct tcache *
tcache_new(void)
{
	struct tcache *tc;

	if ((tc = calloc(1, sizeof(*tc))) == NULL)
		return NULL;
	tc->nb = 64;
	if ((tc->b = calloc(tc->nb, sizeof(*tc->b))) == NULL) {
		free(tc);
		return NULL;
	}
	return tc;
}

void
tcache_free(struct tcache *tc)
{
	struct tc_ent *x, *nx;
	unsigned int i;

	if (tc == NULL)
		return;
	for (i = 0; i < tc->nb; i++)
		for (x = tc->b[i]; x != NULL; x = nx) {
			nx = x->next;
			tmpl_free(x->t);
			free(x);
		}
	free(tc->b);
	free(tc->dom);
	free(tc);
}

const struct tmpl *
tcache_get(struct tcache *tc, const struct exporter *e, uint8_t version,
    uint32_t domain, uint16_t id)
{
	struct tc_ent *x;
	uint32_t h;

	if (tc == NULL)
		return NULL;
	if (e == NULL)
		e = &tc_noexp;
	if ((x = tc->last) != NULL && tc_match(x, e, version, domain, id))
		return x->t;
	h = tc_hash(e, version, domain, id);
	for (x = tc->b[h & (tc->nb - 1)]; x != NULL; x = x->next)
		if (x->hash == h && tc_match(x, e, version, domain, id)) {
			tc->last = x;
			return x->t;
		}
	return NULL;
}

static void
tc_grow(struct tcache *tc)
{
	struct tc_ent **nb, *x, *nx;
	unsigned int i, n = tc->nb * 2;

	if ((nb = calloc(n, sizeof(*nb))) == NULL)
		return;		/* keep the longer chains */
	for (i = 0; i < tc->nb; i++)
		for (x = tc->b[i]; x != NULL; x = nx) {
			nx = x->next;
			x->next = nb[x->hash & (n - 1)];
			nb[x->hash & (n - 1)] = x;
		}
	free(tc->b);
	tc->b = nb;
	tc->nb = n;
}

int
tcache_put(struct tcache *tc, const struct exporter *e, uint32_t domain,
    const struct tmpl *t)
{
	struct tc_ent *x;
	struct tmpl *c;
	uint32_t h;

	if (tc == NULL)			/* decoding without a cache */
		return TMPL_EV_NEW;
	if (e == NULL)
		e = &tc_noexp;
	h = tc_hash(e, t->version, domain, t->id);
	for (x = tc->b[h & (tc->nb - 1)]; x != NULL; x = x->next)
		if (x->hash == h && tc_match(x, e, t->version, domain, t->id))
			break;
	if (x != NULL) {
		if (tmpl_same_layout(x->t, t))
			return TMPL_EV_REFRESH;
		if ((c = tmpl_dup(t)) == NULL)
			return -1;
		tmpl_free(x->t);
		x->t = c;
		return TMPL_EV_REDEFINE;
	}
	if ((x = calloc(1, sizeof(*x))) == NULL)
		return -1;
	if ((x->t = tmpl_dup(t)) == NULL) {
		free(x);
		return -1;
	}
	x->exp = *e;
	x->hash = h;
	x->domain = domain;
	x->id = t->id;
	x->version = t->version;
	x->next = tc->b[h & (tc->nb - 1)];
	tc->b[h & (tc->nb - 1)] = x;
	if (++tc->n > tc->nb * 2)
		tc_grow(tc);
	return TMPL_EV_NEW;
}

void
tcache_del(struct tcache *tc, const struct exporter *e, uint8_t version,
    uint32_t domain, uint16_t id)
{
	struct tc_ent **px, *x;
	unsigned int i, lo, hi;
	uint32_t h;

	if (tc == NULL)
		return;
	if (e == NULL)
		e = &tc_noexp;
	tc->last = NULL;
	if (id == 0xffff) {
		lo = 0;
		hi = tc->nb;
	} else {
		h = tc_hash(e, version, domain, id);
		lo = h & (tc->nb - 1);
		hi = lo + 1;
	}
	for (i = lo; i < hi; i++) {
		px = &tc->b[i];
		while ((x = *px) != NULL) {
			if (tc_match(x, e, version, domain,
			    id == 0xffff ? x->id : id)) {
				*px = x->next;
				tmpl_free(x->t);
				free(x);
				tc->n--;
			} else
				px = &x->next;
		}
	}
}

unsigned int
tcache_count(const struct tcache *tc)
{
	return tc == NULL ? 0 : tc->n;
}

static struct tc_dom *
tc_dom_find(struct tcache *tc, const struct exporter *e, uint32_t domain)
{
	unsigned int i;

	for (i = 0; i < tc->ndom; i++)
		if (tc->dom[i].domain == domain &&
		    tc->dom[i].exp.port == e->port &&
		    tc->dom[i].exp.addr.af == e->addr.af &&
		    memcmp(tc->dom[i].exp.addr.a, e->addr.a,
		    sizeof(e->addr.a)) == 0)
			return &tc->dom[i];
	return NULL;
}

int64_t
tcache_sysinit(struct tcache *tc, const struct exporter *e, uint32_t domain)
{
	struct tc_dom *d;

	if (tc == NULL || tc->ndom == 0)
		return 0;
	if (e == NULL)
		e = &tc_noexp;
	return (d = tc_dom_find(tc, e, domain)) != NULL ? d->sysinit_ms : 0;
}

void
tcache_set_sysinit(struct tcache *tc, const struct exporter *e,
    uint32_t domain, int64_t ms)
{
	struct tc_dom *d;

	if (tc == NULL)
		return;
	if (e == NULL)
		e = &tc_noexp;
	if ((d = tc_dom_find(tc, e, domain)) == NULL) {
		if (tc->dom == NULL && (tc->dom = calloc(TCACHE_MAXDOMAINS,
		    sizeof(*tc->dom))) == NULL)
			return;
		if (tc->ndom < TCACHE_MAXDOMAINS)
			d = &tc->dom[tc->ndom++];
		else {
			d = &tc->dom[tc->domnext];
			tc->domnext = (tc->domnext + 1) % TCACHE_MAXDOMAINS;
		}
		d->exp = *e;
		d->domain = domain;
	}
	d->sysinit_ms = ms;
}
