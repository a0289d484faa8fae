/*
 * dectest.h: a dec_ops that records what a decoder reported, for the codec
 * unit tests (header-only, one copy per test binary).
 */
#ifndef PFL_DECTEST_H
#define PFL_DECTEST_H

#include <stdlib.h>
#include <string.h>

#include "dec.h"
#include "flow.h"

#define DT_MAX	256

struct dt_cap {
	unsigned int	 nhdr, nrec, ntmpl, nset, nanom;
	struct flow	 flow[DT_MAX];
	size_t		 recoff[DT_MAX];
	size_t		 reclen[DT_MAX];
	uint16_t	 rectmpl[DT_MAX];
	struct dec_err	 anom[DT_MAX];
	enum tmpl_event	 tev[DT_MAX];
	uint16_t	 tid[DT_MAX];
	size_t		 toff[DT_MAX];
	struct set_info	 set[DT_MAX];
	struct msg	 hdr;
};

static void
dt_header(void *a, const struct msg *m)
{
	struct dt_cap *c = a;

	c->nhdr++;
	c->hdr = *m;
}

static void
dt_tmpl(void *a, const struct msg *m, const struct tmpl *t,
    enum tmpl_event ev, size_t off)
{
	struct dt_cap *c = a;

	if (c->ntmpl < DT_MAX) {
		c->tev[c->ntmpl] = ev;
		c->tid[c->ntmpl] = t->id;
		c->toff[c->ntmpl] = off;
	}
	c->ntmpl++;
}

static void
dt_rec(void *a, const struct msg *m, const struct rec *r)
{
	struct dt_cap *c = a;
	size_t i;

	/* touch every value: ASan catches a slice outside the datagram */
	for (i = 0; i < r->t->nfields; i++)
		if (r->v[i].len > 0)
			assert_true(r->v[i].p[0] == r->v[i].p[0] &&
			    r->v[i].p[r->v[i].len - 1] ==
			    r->v[i].p[r->v[i].len - 1]);
	if (c->nrec < DT_MAX) {
		flow_from_rec(m, r, &c->flow[c->nrec]);
		c->recoff[c->nrec] = r->off;
		c->reclen[c->nrec] = r->len;
		c->rectmpl[c->nrec] = r->t->id;
	}
	c->nrec++;
}

static void
dt_set(void *a, const struct msg *m, const struct set_info *si)
{
	struct dt_cap *c = a;

	if (c->nset < DT_MAX)
		c->set[c->nset] = *si;
	c->nset++;
}

static void
dt_anomaly(void *a, const struct msg *m, const struct dec_err *e)
{
	struct dt_cap *c = a;

	if (c->nanom < DT_MAX)
		c->anom[c->nanom] = *e;
	c->nanom++;
}

static inline void
dt_init(struct dt_cap *c, struct dec_ops *ops)
{
	memset(c, 0, sizeof(*c));
	memset(ops, 0, sizeof(*ops));
	ops->arg = c;
	ops->header = dt_header;
	ops->tmpl = dt_tmpl;
	ops->rec = dt_rec;
	ops->set = dt_set;
	ops->anomaly = dt_anomaly;
}

/* Index of the first anomaly with this status, or -1. */
static inline int
dt_find_anom(const struct dt_cap *c, enum dec_status st)
{
	unsigned int i;

	for (i = 0; i < c->nanom && i < DT_MAX; i++)
		if (c->anom[i].status == st)
			return (int)i;
	return -1;
}

/* A heap copy of exactly n bytes, so ASan sees a read past the end. */
static inline uint8_t *
dt_copy(const uint8_t *p, size_t n)
{
	uint8_t *q = malloc(n ? n : 1);

	assert_non_null(q);
	if (n)
		memcpy(q, p, n);
	return q;
}

#endif /* PFL_DECTEST_H */
