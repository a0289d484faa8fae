/*
 * verify_join.c: join the observed records with the expected ones by key
 * (export version, protocol, addresses, ports) through a hash table, then
 * check each pair (packets, octets, start, end, interfaces, NAT fields,
 * export latency), and classify what is left over: missing records (lost
 * with their datagram, by the sequence findings, or never exported),
 * unexpected and duplicate records.  Linear in the number of records.
 */
#include <sys/socket.h>

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "verify.h"

struct jkey {
	uint16_t	 version;
	uint8_t		 proto;
	const struct addr *src;
	const struct addr *dst;
	uint16_t	 sport;
	uint16_t	 dport;
};

struct jtab {
	long		*head;		/* bucket -> first expected, -1 */
	long		*next;		/* expected -> next in bucket */
	size_t		 mask;
};

static uint64_t
mix(uint64_t h, uint64_t x)
{
	h ^= x + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
	return h;
}

static uint64_t
addr_h(uint64_t h, const struct addr *a)
{
	uint64_t w[2];

	memcpy(w, a->a, 16);
	h = mix(h, a->af);
	h = mix(h, w[0]);
	return mix(h, w[1]);
}

static size_t
jkey_hash(const struct jkey *k)
{
	uint64_t h = 1469598103934665603ULL;

	h = mix(h, ((uint64_t)k->version << 40) | ((uint64_t)k->proto << 32) |
	    ((uint64_t)k->sport << 16) | k->dport);
	h = addr_h(h, k->src);
	h = addr_h(h, k->dst);
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	return (size_t)h;
}

static int
addr_eq(const struct addr *x, const struct addr *y)
{
	return x->af == y->af && memcmp(x->a, y->a, 16) == 0;
}

/* struct addr from a decoder may leave bytes past an IPv4 address
 * uninitialised: compare on the family's length only. */
static int
addr_same(const struct addr *x, const struct addr *y)
{
	if (x->af != y->af)
		return 0;
	return memcmp(x->a, y->a, x->af == AF_INET6 ? 16 : 4) == 0;
}

static void
addr_norm(struct addr *a)
{
	if (a->af != AF_INET6)
		memset(a->a + 4, 0, 12);
}

static int
exp_key_eq(const struct vexp *e, const struct jkey *k)
{
	return e->version == k->version && e->proto == k->proto &&
	    e->sport == k->sport && e->dport == k->dport &&
	    addr_eq(&e->src, k->src) && addr_eq(&e->dst, k->dst);
}

#define PF_AHEAD	16	/* prefetch distance, in records */

static size_t
exp_bucket(const struct jtab *t, struct vexp *e)
{
	struct jkey k;

	addr_norm(&e->src);
	addr_norm(&e->dst);
	k.version = e->version;
	k.proto = e->proto;
	k.src = &e->src;
	k.dst = &e->dst;
	k.sport = e->sport;
	k.dport = e->dport;
	return jkey_hash(&k) & t->mask;
}

static size_t
obs_bucket(const struct jtab *t, struct vobs *o)
{
	struct jkey k;

	addr_norm(&o->f.src);
	addr_norm(&o->f.dst);
	k.version = o->f.version;
	k.proto = o->f.proto;
	k.src = &o->f.src;
	k.dst = &o->f.dst;
	k.sport = o->f.sport;
	k.dport = o->f.dport;
	return jkey_hash(&k) & t->mask;
}

/*
 * Buckets are computed in one sequential pass first, so the random
 * accesses (bucket heads, expected records) can be prefetched a few
 * records ahead: the join is bound by memory latency, not by work.
 */
static int
jtab_build(struct jtab *t, struct verify *v, size_t **obs_b)
{
	size_t n = 16, i, *eb;

	while (n < v->nexp * 2)
		n <<= 1;
	t->mask = n - 1;
	t->head = malloc(n * sizeof(long));
	t->next = malloc((v->nexp ? v->nexp : 1) * sizeof(long));
	eb = malloc((v->nexp ? v->nexp : 1) * sizeof(size_t));
	*obs_b = malloc((v->nobs ? v->nobs : 1) * sizeof(size_t));
	if (t->head == NULL || t->next == NULL || eb == NULL ||
	    *obs_b == NULL) {
		free(eb);
		return -1;
	}
	for (i = 0; i < n; i++)
		t->head[i] = -1;
	for (i = 0; i < v->nexp; i++)
		eb[i] = exp_bucket(t, &v->exp[i]);
	for (i = 0; i < v->nobs; i++)
		(*obs_b)[i] = obs_bucket(t, &v->obs[i]);
	/* insert backwards so that bucket order is ledger order */
	for (i = v->nexp; i-- > 0;) {
		if (i >= PF_AHEAD)
			__builtin_prefetch(&t->head[eb[i - PF_AHEAD]], 1);
		t->next[i] = t->head[eb[i]];
		t->head[eb[i]] = (long)i;
	}
	free(eb);
	return 0;
}

static int64_t
dabs(int64_t x)
{
	return x < 0 ? -x : x;
}

/* How well an observed record fits an expected one (higher is better). */
static int64_t
fit(const struct vexp *e, const struct flow *f)
{
	int64_t s = 0;

	if (e->in_if == UINT32_MAX ||
	    (e->in_if == f->in_if && e->out_if == f->out_if))
		s += 1LL << 40;
	if (e->octets == f->octets)
		s += 1LL << 39;
	if (e->packets == f->packets)
		s += 1LL << 38;
	if ((f->has & FLOW_HAS_START) == 0 ||
	    dabs(f->start_ms - e->start_ms) <= e->ts_slack_ms)
		s += 1LL << 37;
	if ((f->has & FLOW_HAS_END) == 0 ||
	    dabs(f->end_ms - e->end_ms) <= e->ts_slack_ms)
		s += 1LL << 36;
	if (f->has & FLOW_HAS_START)
		s -= dabs(f->start_ms - e->start_ms) > (1LL << 35) ?
		    (1LL << 35) : dabs(f->start_ms - e->start_ms);
	return s;
}

static int
flow_same(const struct flow *a, const struct flow *b)
{
	return a->packets == b->packets && a->octets == b->octets &&
	    a->start_ms == b->start_ms && a->end_ms == b->end_ms &&
	    a->in_if == b->in_if && a->out_if == b->out_if;
}

static const char *
dirname_(int rev)
{
	return rev ? "rev" : "fwd";
}

/* "s3 fwd 198.18.1.2:40000 > 198.18.2.2:80 tcp" */
static void
desc(const struct vexp *e, char *buf, size_t len)
{
	char s[ADDR_STRLEN], d[ADDR_STRLEN];

	addr_fmt(&e->src, s, sizeof(s));
	addr_fmt(&e->dst, d, sizeof(d));
	snprintf(buf, len, "session %u %s%s %s:%u > %s:%u proto %u v%u",
	    e->session, dirname_(e->rev),
	    e->state == VST_OUT ? " out-state" : e->state == VST_IN ?
	    " in-state" : "", s, e->sport, d, e->dport, e->proto, e->version);
}

/* The accounting checks, looked up once per join. */
struct jchk {
	struct vcheck	*packets, *octets, *start, *end, *iface, *nat;
	struct vcheck	*tos, *latency;
};

static int
jchk_init(struct verify *v, struct jchk *j)
{
	j->packets = verify_check(v, "ACCT-PACKETS", "ACCT-PACKETS", NULL);
	j->octets = verify_check(v, "ACCT-OCTETS", "ACCT-OCTETS", NULL);
	j->start = verify_check(v, "ACCT-START", "ACCT-START", NULL);
	j->end = verify_check(v, "ACCT-END", "ACCT-END", NULL);
	j->iface = verify_check(v, "ACCT-IFACE", "ACCT-IFACE", NULL);
	j->nat = verify_check(v, "ACCT-NAT", "ACCT-NAT", NULL);
	j->tos = verify_check(v, "ACCT-TOS", "ACCT-TOS", NULL);
	j->latency = verify_check(v, "ACCT-LATENCY", "ACCT-LATENCY", NULL);
	return j->packets && j->octets && j->start && j->end && j->iface &&
	    j->nat && j->tos && j->latency ? 0 : -1;
}

static int
check_pair(struct verify *v, const struct jchk *j, long ei,
    const struct vobs *o)
{
	struct vexp *e = &v->exp[ei];
	const struct flow *f = &o->f;
	char x[FINDING_VALLEN], y[FINDING_VALLEN], d[160];
	struct vcheck *c;
	int rc = 0;

	d[0] = '\0';
#define CHK(name) do {							\
	c = j->name;							\
	c->tested++;							\
} while (0)
#define FAIL(name, bit, ...) do {					\
	c->failed++;							\
	e->bad |= (bit);						\
	if (d[0] == '\0')						\
		desc(e, d, sizeof(d));					\
	rc |= verify_add(v, name, SEV_ERROR, "accounting", e, ei, x, y,	\
	    __VA_ARGS__);						\
} while (0)

	CHK(packets);
	if (f->packets != e->packets) {
		snprintf(x, sizeof(x), "%" PRIu64, e->packets);
		snprintf(y, sizeof(y), "%" PRIu64, f->packets);
		FAIL("ACCT-PACKETS", VBAD_PACKETS, "%s: packets", d);
	}
	CHK(octets);
	if (f->octets != e->octets) {
		snprintf(x, sizeof(x), "%" PRIu64, e->octets);
		snprintf(y, sizeof(y), "%" PRIu64, f->octets);
		FAIL("ACCT-OCTETS", VBAD_OCTETS, "%s: octets", d);
	}
	if (f->has & FLOW_HAS_START) {
		CHK(start);
		if (dabs(f->start_ms - e->start_ms) > e->ts_slack_ms) {
			snprintf(x, sizeof(x), "%" PRId64 " ms (+-%" PRId64 ")",
			    e->start_ms, e->ts_slack_ms);
			snprintf(y, sizeof(y), "%" PRId64 " ms (%+" PRId64
			    " ms)", f->start_ms, f->start_ms - e->start_ms);
			FAIL("ACCT-START", VBAD_START, "%s: flow start", d);
		}
	}
	if (f->has & FLOW_HAS_END) {
		CHK(end);
		if (dabs(f->end_ms - e->end_ms) > e->ts_slack_ms) {
			snprintf(x, sizeof(x), "%" PRId64 " ms (+-%" PRId64 ")",
			    e->end_ms, e->ts_slack_ms);
			snprintf(y, sizeof(y), "%" PRId64 " ms (%+" PRId64
			    " ms)", f->end_ms, f->end_ms - e->end_ms);
			FAIL("ACCT-END", VBAD_END, "%s: flow end", d);
		}
	}
	if (e->in_if != UINT32_MAX && (f->has & FLOW_HAS_IFACES)) {
		CHK(iface);
		if (f->in_if != e->in_if || f->out_if != e->out_if) {
			snprintf(x, sizeof(x), "in %u out %u", e->in_if,
			    e->out_if);
			snprintf(y, sizeof(y), "in %u out %u", f->in_if,
			    f->out_if);
			FAIL("ACCT-IFACE", VBAD_IFACE, "%s: interfaces", d);
		}
	}
	if (e->version == 10 && v->gw.profile->max_nat > 0 &&
	    e->src.af == AF_INET) {
		int ok;

		CHK(nat);
		if (e->has_post) {
			ok = (f->has & FLOW_HAS_POSTNAT) &&
			    addr_same(&f->post_src, &e->post_src) &&
			    addr_same(&f->post_dst, &e->post_dst) &&
			    (e->post_sport == 0 ||
			    f->post_sport == e->post_sport) &&
			    (e->post_dport == 0 ||
			    f->post_dport == e->post_dport);
		} else
			ok = (f->has & FLOW_HAS_POSTNAT) == 0;
		if (!ok) {
			char a1[ADDR_STRLEN], a2[ADDR_STRLEN];

			if (e->has_post)
				snprintf(x, sizeof(x), "post %s:%u > %s:%u",
				    addr_fmt(&e->post_src, a1, sizeof(a1)),
				    e->post_sport,
				    addr_fmt(&e->post_dst, a2, sizeof(a2)),
				    e->post_dport);
			else
				snprintf(x, sizeof(x), "no NAT fields");
			if (f->has & FLOW_HAS_POSTNAT)
				snprintf(y, sizeof(y), "post %s:%u > %s:%u",
				    addr_fmt(&f->post_src, a1, sizeof(a1)),
				    f->post_sport,
				    addr_fmt(&f->post_dst, a2, sizeof(a2)),
				    f->post_dport);
			else
				snprintf(y, sizeof(y), "no NAT fields");
			FAIL("ACCT-NAT", VBAD_POSTNAT, "%s: NAT fields", d);
		}
	}
	if ((f->has & FLOW_HAS_TOS) && v->gw.profile->kind == PROFILE_PFLOW) {
		/* pflow exports the rule's tos, not the packets' (1.2) */
		CHK(tos);
		if (f->tos != v->gw.rule_tos) {
			snprintf(x, sizeof(x), "%u (the rule's tos)",
			    v->gw.rule_tos);
			snprintf(y, sizeof(y), "%u", f->tos);
			FAIL("ACCT-TOS", VBAD_TOS, "%s: ipClassOfService", d);
		}
	}
	if (f->arrival_us != 0 && v->gw.profile->kind == PROFILE_PFLOW) {
		int64_t lat = f->arrival_us / 1000 - e->end_ms;

		CHK(latency);
		if (lat < e->lat_lo_ms || lat > e->lat_hi_ms) {
			snprintf(x, sizeof(x), "%" PRId64 "..%" PRId64 " s",
			    e->lat_lo_ms / 1000, e->lat_hi_ms / 1000);
			snprintf(y, sizeof(y), "%.3f s", lat / 1000.0);
			FAIL("ACCT-LATENCY", VBAD_LATENCY,
			    "%s: export arrival minus flow end", d);
		}
	}
#undef CHK
#undef FAIL
	return rc;
}

/* Arrival time of a datagram index (records carry both); -1 unknown. */
static int64_t
dgram_time(const struct verify *v, uint64_t dg, const int64_t *dgt,
    size_t ndgt)
{
	(void)v;
	if (dg < ndgt && dgt[dg] != 0)
		return dgt[dg];
	/* nearest earlier known datagram */
	while (dg > 0) {
		dg--;
		if (dg < ndgt && dgt[dg] != 0)
			return dgt[dg];
	}
	return -1;
}

/*
 * Missing records: those whose export window holds a sequence gap are
 * counted as lost with their datagram (up to the number of records the
 * gaps account for); the rest were never exported.
 */
static int
classify_missing(struct verify *v)
{
	int64_t *dgt = NULL, *gapt = NULL, *gapn = NULL;
	size_t ndgt = 0, ngap = 0, i, g;
	uint64_t nmiss = 0, budget = 0;
	int rc = -1;
	struct vcheck *cm, *cl;

	cm = verify_check(v, "ACCT-MISSING", "ACCT-MISSING", NULL);
	cl = verify_check(v, "ACCT-LOST", "ACCT-LOST", NULL);
	if (cm == NULL || cl == NULL)
		return -1;
	for (i = 0; i < v->nobs; i++)
		if (v->obs[i].f.dgram + 1 > ndgt)
			ndgt = (size_t)v->obs[i].f.dgram + 1;
	if (ndgt > 0 && (dgt = calloc(ndgt, sizeof(*dgt))) == NULL)
		goto out;
	for (i = 0; i < v->nobs; i++)
		dgt[v->obs[i].f.dgram] = v->obs[i].f.arrival_us;
	gapt = calloc(v->ncf + 1, sizeof(*gapt));
	gapn = calloc(v->ncf + 1, sizeof(*gapn));
	if (gapt == NULL || gapn == NULL)
		goto out;
	for (i = 0; i < v->ncf; i++) {
		if (v->cf[i].lost <= 0)
			continue;
		gapt[ngap] = dgram_time(v, v->cf[i].dgram, dgt, ndgt);
		gapn[ngap++] = v->cf[i].lost;
		budget += (uint64_t)v->cf[i].lost;
	}
	v->tot.seq_lost = budget;
	for (i = 0; i < v->nexp; i++)
		if (v->exp[i].absent == NULL && v->exp[i].obs == -1)
			nmiss++;
	cm->tested = cl->tested = v->tot.exp_records;
	/* pass 1: a gap inside the record's export window */
	for (i = 0; i < v->nexp && budget > 0; i++) {
		struct vexp *e = &v->exp[i];
		int64_t lo, hi;

		if (e->absent != NULL || e->obs != -1)
			continue;
		lo = (e->end_ms + e->lat_lo_ms) * 1000 -
		    (int64_t)v->gw.profile->flush_s * 1000000;
		hi = (e->end_ms + e->lat_hi_ms) * 1000 +
		    (int64_t)v->gw.profile->flush_s * 1000000;
		for (g = 0; g < ngap; g++) {
			if (gapn[g] <= 0)
				continue;
			if (gapt[g] >= 0 && (gapt[g] < lo || gapt[g] > hi))
				continue;
			gapn[g]--;
			budget--;
			e->bad |= VBAD_LOST;
			break;
		}
	}
	/* pass 2: the gaps account for exactly what is missing */
	if (budget > 0 && budget == nmiss - (v->tot.seq_lost - budget)) {
		for (i = 0; i < v->nexp; i++) {
			struct vexp *e = &v->exp[i];

			if (e->absent == NULL && e->obs == -1 &&
			    (e->bad & VBAD_LOST) == 0)
				e->bad |= VBAD_LOST;
		}
	}
	for (i = 0; i < v->nexp; i++) {
		struct vexp *e = &v->exp[i];
		char d[160], x[FINDING_VALLEN];

		if (e->absent != NULL || e->obs != -1)
			continue;
		desc(e, d, sizeof(d));
		snprintf(x, sizeof(x), "%" PRIu64 " packets %" PRIu64
		    " octets", e->packets, e->octets);
		if (e->bad & VBAD_LOST) {
			v->tot.lost++;
			cl->failed++;
			if (verify_add(v, "ACCT-LOST", SEV_ERROR, "accounting",
			    e, (long)i, x, "lost (sequence gap)",
			    "%s: missing; its datagram was lost in transit "
			    "(the sequence numbers account for it)", d) == -1)
				goto out;
		} else {
			e->bad |= VBAD_MISSING;
			v->tot.missing++;
			cm->failed++;
			if (verify_add(v, "ACCT-MISSING", SEV_ERROR,
			    "accounting", e, (long)i, x, "no record",
			    "%s: never exported (no sequence gap accounts "
			    "for it)", d) == -1)
				goto out;
		}
	}
	rc = 0;
out:
	free(dgt);
	free(gapt);
	free(gapn);
	return rc;
}

int
verify_join(struct verify *v)
{
	struct jtab t = { NULL, NULL, 0 };
	size_t *ob = NULL;
	struct vcheck *cu, *cd, *ct;
	struct jchk jc;
	enum severity tsev;
	size_t i;
	int rc = -1;

	if (jtab_build(&t, v, &ob) == -1)
		goto out;
	/* every accounting check, in table order, so the matrix lists
	 * each one (N/A when nothing was tested) */
	for (i = 0; verify_rules()[i] != NULL; i++)
		if (strncmp(verify_rules()[i], "ACCT-", 5) == 0 &&
		    verify_check(v, verify_rules()[i], verify_rules()[i],
		    NULL) == NULL)
			goto out;
	cu = verify_check(v, "ACCT-UNEXPECTED", "ACCT-UNEXPECTED", NULL);
	cd = verify_check(v, "ACCT-DUPLICATE", "ACCT-DUPLICATE", NULL);
	if (cu == NULL || cd == NULL || jchk_init(v, &jc) == -1)
		goto out;
	for (i = 0; i < v->nobs; i++) {
		struct vobs *o = &v->obs[i];
		struct jkey k;
		long ei, best = -1, bestm = -1, absent = -1;
		int64_t sb = INT64_MIN, sm = INT64_MIN, s;

		if (i + PF_AHEAD < v->nobs)
			__builtin_prefetch(&t.head[ob[i + PF_AHEAD]]);
		if (i + PF_AHEAD / 2 < v->nobs &&
		    t.head[ob[i + PF_AHEAD / 2]] >= 0)
			__builtin_prefetch(&v->exp[t.head[ob[i +
			    PF_AHEAD / 2]]]);
		k.version = o->f.version;
		k.proto = o->f.proto;
		k.src = &o->f.src;
		k.dst = &o->f.dst;
		k.sport = o->f.sport;
		k.dport = o->f.dport;
		v->tot.obs_records++;
		v->tot.obs_packets += o->f.packets;
		v->tot.obs_octets += o->f.octets;
		for (ei = t.head[ob[i]]; ei != -1; ei = t.next[ei]) {
			struct vexp *e = &v->exp[ei];

			if (!exp_key_eq(e, &k))
				continue;
			if (e->absent != NULL) {
				absent = ei;
				continue;
			}
			s = fit(e, &o->f);
			if (e->obs == -1) {
				if (s > sb) {
					sb = s;
					best = ei;
				}
			} else if (flow_same(&v->obs[e->obs].f, &o->f) &&
			    s > sm) {
				sm = s;
				bestm = ei;
			}
		}
		cu->tested++;
		cd->tested++;
		if (bestm != -1 && (best == -1 || sm > sb)) {
			char d[160];

			o->dup = 1;
			o->session = v->exp[bestm].session;
			v->tot.duplicate++;
			cd->failed++;
			desc(&v->exp[bestm], d, sizeof(d));
			if (verify_add(v, "ACCT-DUPLICATE", SEV_ERROR,
			    "accounting", &v->exp[bestm], bestm, "1 record",
			    "2 or more", "%s: exported again (datagram %"
			    PRIu64 ")", d, o->f.dgram) == -1)
				goto out;
			continue;
		}
		if (best != -1) {
			v->exp[best].obs = (long)i;
			o->exp = best;
			o->session = v->exp[best].session;
			v->tot.matched++;
			if (check_pair(v, &jc, best, o) != 0)
				goto out;
			continue;
		}
		{
			char s1[ADDR_STRLEN], s2[ADDR_STRLEN], y[FINDING_VALLEN];
			const struct vexp *ae = absent != -1 ?
			    &v->exp[absent] : NULL;

			if (ae != NULL)
				o->session = ae->session;
			v->tot.unexpected++;
			cu->failed++;
			snprintf(y, sizeof(y), "%" PRIu64 " packets %" PRIu64
			    " octets", o->f.packets, o->f.octets);
			if (verify_add(v, "ACCT-UNEXPECTED", SEV_ERROR,
			    "accounting", ae, absent, "no record", y,
			    "v%u record %s:%u > %s:%u proto %u (datagram %"
			    PRIu64 "): %s", o->f.version,
			    addr_fmt(&o->f.src, s1, sizeof(s1)), o->f.sport,
			    addr_fmt(&o->f.dst, s2, sizeof(s2)), o->f.dport,
			    o->f.proto, o->f.dgram, ae != NULL ? ae->absent :
			    "no session of the ledger has this key (or all "
			    "its records were already matched)") == -1)
				goto out;
		}
	}
	if (classify_missing(v) == -1)
		goto out;
	ct = verify_check(v, "ACCT-TOTALS", "ACCT-TOTALS", NULL);
	if (ct == NULL)
		goto out;
	tsev = verify_rule_severity("ACCT-TOTALS");
	ct->tested = 2;
	if (v->tot.obs_packets != v->tot.exp_packets) {
		char x[FINDING_VALLEN], y[FINDING_VALLEN];

		ct->failed++;
		snprintf(x, sizeof(x), "%" PRIu64, v->tot.exp_packets);
		snprintf(y, sizeof(y), "%" PRIu64, v->tot.obs_packets);
		if (verify_add(v, "ACCT-TOTALS", tsev, "accounting", NULL,
		    -1, x, y, "total packets over all records") == -1)
			goto out;
	}
	if (v->tot.obs_octets != v->tot.exp_octets) {
		char x[FINDING_VALLEN], y[FINDING_VALLEN];

		ct->failed++;
		snprintf(x, sizeof(x), "%" PRIu64, v->tot.exp_octets);
		snprintf(y, sizeof(y), "%" PRIu64, v->tot.obs_octets);
		if (verify_add(v, "ACCT-TOTALS", tsev, "accounting", NULL,
		    -1, x, y, "total octets over all records") == -1)
			goto out;
	}
	/* statuses */
	for (i = 0; i < v->nchk; i++) {
		struct vcheck *c = &v->chk[i];

		if (c->tested == 0)
			c->status = VCHK_NA;
		else
			c->status = c->failed ? VCHK_FAIL : VCHK_PASS;
		if (c->failed)
			snprintf(c->evidence, sizeof(c->evidence),
			    "%" PRIu64 " of %" PRIu64 " failed", c->failed,
			    c->tested);
		else if (c->tested)
			snprintf(c->evidence, sizeof(c->evidence),
			    "%" PRIu64 " checked", c->tested);
	}
	rc = 0;
out:
	free(t.head);
	free(t.next);
	free(ob);
	return rc;
}
