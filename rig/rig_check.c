/*
 * rig_check.c: join capture-derived truth with collected records under
 * softflowd's semantics (rig_check.h).  Both sides are grouped by a match
 * key -- protocol, addresses and, for TCP and UDP, ports (ICMP records
 * carry type/code or nothing in the port fields, depending on version and
 * collector) -- and the sums compared: packets and octets exactly, the
 * earliest start and latest end within CHK_TOL_MS of either the
 * direction's own first/last packet or its entry's (softflowd keeps one
 * entry per bidirectional flow).
 */
#include <sys/socket.h>
#include <netinet/in.h>

#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "finding.h"
#include "rig_check.h"

struct grp {
	uint8_t		 proto;
	struct addr	 src, dst;
	uint16_t	 sport, dport;
	/* truth */
	int		 has_t;
	uint32_t	 session;
	int		 rev;
	uint64_t	 t_pkts, t_octs;
	int64_t		 t_first, t_last;	/* us, own direction */
	int64_t		 e_first, e_last;	/* us, both ways */
	/* records */
	unsigned int	 nrec;
	uint64_t	 o_pkts, o_octs;
	int64_t		 o_start, o_end;	/* ms */
	int		 o_has_time;
	int		 o_swapped;
	int		 o_tol_ms;		/* timestamp resolution */
};

struct gset {
	struct grp	*v;
	size_t		 n, cap;
};

static int
key_eq(const struct grp *g, uint8_t proto, const struct addr *s,
    const struct addr *d, uint16_t sp, uint16_t dp)
{
	if (g->proto != proto || addr_cmp(&g->src, s) != 0 ||
	    addr_cmp(&g->dst, d) != 0)
		return 0;
	if (proto == IPPROTO_TCP || proto == IPPROTO_UDP)
		return g->sport == sp && g->dport == dp;
	return 1;
}

static struct grp *
gfind(struct gset *gs, uint8_t proto, const struct addr *s,
    const struct addr *d, uint16_t sp, uint16_t dp)
{
	struct grp *g;
	size_t i;

	for (i = 0; i < gs->n; i++)
		if (key_eq(&gs->v[i], proto, s, d, sp, dp))
			return &gs->v[i];
	if (gs->n == gs->cap) {
		gs->cap = gs->cap ? gs->cap * 2 : 64;
		g = realloc(gs->v, gs->cap * sizeof(*g));
		if (g == NULL)
			return NULL;
		gs->v = g;
	}
	g = &gs->v[gs->n++];
	memset(g, 0, sizeof(*g));
	g->proto = proto;
	g->src = *s;
	g->dst = *d;
	g->sport = sp;
	g->dport = dp;
	g->t_first = g->e_first = INT64_MAX;
	g->t_last = g->e_last = INT64_MIN;
	g->o_start = INT64_MAX;
	g->o_end = INT64_MIN;
	return g;
}

void
chk_finding(FILE *f, struct chk_result *r, const char *rule,
    const char *expected, const char *observed, const char *fmt, ...)
{
	struct finding fd;
	va_list ap;

	r->findings++;
	if (f == NULL)
		return;
	memset(&fd, 0, sizeof(fd));
	fd.rule = rule;
	fd.severity = SEV_ERROR;
	fd.offset = -1;
	snprintf(fd.expected, sizeof(fd.expected), "%s", expected);
	snprintf(fd.observed, sizeof(fd.observed), "%s", observed);
	va_start(ap, fmt);
	vsnprintf(fd.msg, sizeof(fd.msg), fmt, ap);
	va_end(ap);
	finding_json(f, &fd);
}

static void
flowname(const struct grp *g, char *buf, size_t len)
{
	char s[ADDR_STRLEN], d[ADDR_STRLEN];

	addr_fmt(&g->src, s, sizeof(s));
	addr_fmt(&g->dst, d, sizeof(d));
	if (g->proto == IPPROTO_TCP || g->proto == IPPROTO_UDP)
		snprintf(buf, len, "%s %s:%u > %s:%u", g->proto ==
		    IPPROTO_TCP ? "tcp" : "udp", s, g->sport, d, g->dport);
	else
		snprintf(buf, len, "proto %u %s > %s", g->proto, s, d);
}

static int
near(int64_t ms, int64_t us, int tol_ms)
{
	int64_t d = ms * 1000 - us;

	if (d < 0)
		d = -d;
	return d <= (int64_t)(tol_ms + 1) * 1000;
}

int
chk_join(const struct truth_ent *t, size_t nt, const struct vobs *o,
    size_t no, FILE *fnd, FILE *tab, struct chk_result *r)
{
	return chk_join_tol(t, nt, o, no, CHK_TOL_MS, fnd, tab, r);
}

/*
 * Link-local multicast (224.0.0.0/24: IGMP reports, routing hellos) and
 * the limited broadcast are a box's own control traffic: a router never
 * forwards them, no scenario makes them, and an exporter that sees its
 * own interfaces may still report them (a stand-in box's IGMP join).
 */
static int
chk_linklocal(const struct addr *dst)
{
	if (dst->af != AF_INET)
		return 0;
	return (dst->a[0] == 224 && dst->a[1] == 0 && dst->a[2] == 0) ||
	    (dst->a[0] == 255 && dst->a[1] == 255 && dst->a[2] == 255 &&
	    dst->a[3] == 255);
}

int
chk_join_tol(const struct truth_ent *t, size_t nt, const struct vobs *o,
    size_t no, int tol_ms, FILE *fnd, FILE *tab, struct chk_result *r)
{
	struct gset gs = { NULL, 0, 0 };
	char name[160], e[FINDING_VALLEN], ob[FINDING_VALLEN];
	struct grp *g;
	size_t i, j, nll = 0;

	memset(r, 0, sizeof(*r));
	for (i = 0; i < nt; i++) {
		const struct ledger_ent *l = &t[i].l;

		if (chk_linklocal(&l->dst))
			continue;
		if ((g = gfind(&gs, l->proto, &l->src, &l->dst, l->sport,
		    l->dport)) == NULL)
			goto oom;
		g->has_t = 1;
		g->session = l->session;
		g->rev = l->rev;
		g->t_pkts += l->packets;
		g->t_octs += l->octets;
		if (l->first_us < g->t_first)
			g->t_first = l->first_us;
		if (l->last_us > g->t_last)
			g->t_last = l->last_us;
		/* the entry spans both directions of the session */
		for (j = 0; j < nt; j++) {
			const struct ledger_ent *m = &t[j].l;

			if (j != i && (m->session != l->session ||
			    l->session == 0))
				continue;
			if (m->first_us < g->e_first)
				g->e_first = m->first_us;
			if (m->last_us > g->e_last)
				g->e_last = m->last_us;
		}
	}
	r->expected = (unsigned int)gs.n;
	for (i = 0; i < no; i++) {
		const struct flow *f = &o[i].f;

		if (chk_linklocal(&f->dst)) {
			nll++;		/* not counted as observed either */
			continue;
		}
		if ((g = gfind(&gs, f->proto, &f->src, &f->dst, f->sport,
		    f->dport)) == NULL)
			goto oom;
		g->nrec++;
		/* a NetFlow v9 header has whole seconds only: absolute
		   times derived from it are off by up to a second */
		if (g->o_tol_ms < tol_ms)
			g->o_tol_ms = tol_ms;
		if (g->o_tol_ms < (f->version == 9 ? 1000 : CHK_TOL_MS))
			g->o_tol_ms = f->version == 9 ? 1000 : CHK_TOL_MS;
		g->o_pkts += f->packets;
		g->o_octs += f->octets;
		if ((f->has & (FLOW_HAS_START | FLOW_HAS_END)) ==
		    (FLOW_HAS_START | FLOW_HAS_END)) {
			g->o_has_time = 1;
			if (f->start_ms > f->end_ms)
				g->o_swapped = 1;
			if (f->start_ms < g->o_start)
				g->o_start = f->start_ms;
			if (f->end_ms > g->o_end)
				g->o_end = f->end_ms;
		}
	}
	r->observed = (unsigned int)(no - nll);
	if (tab != NULL)
		fprintf(tab, "%-4s %-3s %-44s %13s %13s %7s %7s  %s\n", "sess",
		    "dir", "flow", "capture", "records", "dstart", "dend",
		    "result");
	for (i = 0; i < gs.n; i++) {
		const char *res = "ok";
		long long ds = 0, de = 0;

		g = &gs.v[i];
		flowname(g, name, sizeof(name));
		if (!g->has_t) {
			r->unexpected++;
			res = "UNEXPECTED";
			snprintf(ob, sizeof(ob), "%u records, %" PRIu64
			    " packets", g->nrec, g->o_pkts);
			chk_finding(fnd, r, "LIVE-UNEXPECTED", "no record", ob,
			    "%s: a record for traffic that never crossed the "
			    "gateway", name);
		} else if (g->nrec == 0) {
			r->missing++;
			res = "MISSING";
			snprintf(e, sizeof(e), "%" PRIu64 " packets",
			    g->t_pkts);
			chk_finding(fnd, r, "LIVE-MISSING", e, "no record",
			    "session %u %s %s: no record", g->session,
			    g->rev ? "rev" : "fwd", name);
		} else {
			r->matched++;
			if (g->t_pkts != g->o_pkts || g->t_octs != g->o_octs) {
				r->counts++;
				res = "COUNTS";
				snprintf(e, sizeof(e), "%" PRIu64 "/%" PRIu64,
				    g->t_pkts, g->t_octs);
				snprintf(ob, sizeof(ob), "%" PRIu64 "/%"
				    PRIu64, g->o_pkts, g->o_octs);
				chk_finding(fnd, r, g->t_pkts != g->o_pkts ?
				    "LIVE-PACKETS" : "LIVE-OCTETS", e, ob,
				    "session %u %s %s: packets/octets",
				    g->session, g->rev ? "rev" : "fwd", name);
			}
			if (g->o_swapped) {
				r->swapped++;
				res = "TS-SWAP";
				chk_finding(fnd, r, "LIVE-TS-SWAP",
				    "first <= last", "first > last",
				    "session %u %s %s: the collector stored "
				    "the flow's first time after its last "
				    "(nfdump 1.7.1 with IPFIX flowStart/"
				    "EndSysUpTime, nfdump issue #408)",
				    g->session, g->rev ? "rev" : "fwd", name);
			} else if (g->o_has_time) {
				ds = g->o_start * 1000 - g->t_first;
				de = g->o_end * 1000 - g->t_last;
				if (!near(g->o_start, g->t_first,
				    g->o_tol_ms) && !near(g->o_start,
				    g->e_first, g->o_tol_ms)) {
					r->times++;
					res = "START";
					snprintf(e, sizeof(e), "%lld ms",
					    (long long)(g->t_first / 1000));
					snprintf(ob, sizeof(ob), "%lld ms",
					    (long long)g->o_start);
					chk_finding(fnd, r, "LIVE-START", e, ob,
					    "session %u %s %s: start off by "
					    "%lld us", g->session,
					    g->rev ? "rev" : "fwd", name, ds);
				}
				if (!near(g->o_end, g->t_last,
				    g->o_tol_ms) && !near(g->o_end,
				    g->e_last, g->o_tol_ms)) {
					r->times++;
					res = "END";
					snprintf(e, sizeof(e), "%lld ms",
					    (long long)(g->t_last / 1000));
					snprintf(ob, sizeof(ob), "%lld ms",
					    (long long)g->o_end);
					chk_finding(fnd, r, "LIVE-END", e, ob,
					    "session %u %s %s: end off by "
					    "%lld us", g->session,
					    g->rev ? "rev" : "fwd", name, de);
				}
			}
		}
		if (tab != NULL) {
			char cs[32] = "-", rs[32] = "-";

			if (g->has_t)
				snprintf(cs, sizeof(cs), "%" PRIu64 "/%"
				    PRIu64, g->t_pkts, g->t_octs);
			if (g->nrec)
				snprintf(rs, sizeof(rs), "%" PRIu64 "/%"
				    PRIu64, g->o_pkts, g->o_octs);
			fprintf(tab, "%-4u %-3s %-44.44s %13s %13s %7.1f "
			    "%7.1f  %s\n", g->session, g->rev ? "rev" : "fwd",
			    name, cs, rs, ds / 1000.0, de / 1000.0, res);
		}
	}
	free(gs.v);
	return r->missing + r->unexpected + r->counts + r->times +
	    r->swapped > 0 ? 1 : 0;
oom:
	free(gs.v);
	return -1;
}
