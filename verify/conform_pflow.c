/*
 * conform_pflow.c: the pflow(4) profile, the rules of pflow-facts.md
 * section 7 that the export stream alone can show: observation domain
 * 42, exactly the release's templates, one set per message, no padding,
 * records per message, whole-second times, zero v5 fields, counts,
 * template before data after a restart, the 30 s template refresh, and
 * ICMP type in the port slots.  Applied when the profile is a pflow one,
 * or per stream once its templates (IPFIX) or its engine 42/42 (v5) are
 * recognised as pflow's.
 */
#include <stdio.h>
#include <string.h>

#include "conform_int.h"
#include "cursor.h"
#include "nf5.h"

#define REFRESH_SLACK_S	5

static const struct profile *
profile_for_family(int family)
{
	const struct profile *const *p;

	for (p = profile_all(); *p != NULL; p++)
		if ((*p)->kind == PROFILE_PFLOW &&
		    (family == PFLOW_F_UNKNOWN || (*p)->family == family))
			return *p;
	return NULL;
}

void
conform_pflow_select(struct conform *c, struct cstream *s)
{
	const struct profile *p = c->opts.profile;
	uint16_t v = s->st.version;

	if (c->opts.no_pflow || (v != 5 && v != 10))
		return;
	if (p != NULL) {
		if (p->kind != PROFILE_PFLOW)
			return;
		s->pflow = 1;
		s->prof = p;
		s->family = p->family;
		return;
	}
	/* v5 carries no templates: pflow writes engine 42/42 */
	if (v == 5 && s->engine == (42 << 8 | 42)) {
		s->pflow = 1;
		s->prof = profile_for_family(PFLOW_F_UNKNOWN);
	}
}

void
conform_pflow_tmpl(struct conform *c, struct cstream *s, const struct tmpl *t,
    size_t off)
{
	if (c->opts.no_pflow || c->ntmpl >= MSG_TMPLS)
		return;
	c->mt[c->ntmpl].id = t->id;
	c->mt[c->ntmpl].nfields = t->nfields;
	c->mt[c->ntmpl].layout = t->kind == TMPL_DATA ?
	    (int8_t)pflowtmpl_match(t) : PFLOW_L_NONE;
	c->mt[c->ntmpl].off = off;
	c->ntmpl++;
}

/* The family the templates of this message belong to, or UNKNOWN. */
static int
tmplmsg_family(struct conform *c)
{
	static const int fams[] = { PFLOW_F_OBSD_78, PFLOW_F_OBSD_CURRENT,
	    PFLOW_F_FBSD };
	struct tmpl copy[MSG_TMPLS];
	const struct tmpl *arr[MSG_TMPLS], *t;
	int i, k;

	for (i = 0; i < c->ntmpl; i++) {
		if (c->mt[i].layout == PFLOW_L_NONE)
			return PFLOW_F_UNKNOWN;
		t = NULL;
		for (k = 0; k < 3 && t == NULL; k++)
			t = pflowtmpl_get(fams[k], c->mt[i].layout);
		if (t == NULL)
			return PFLOW_F_UNKNOWN;
		copy[i] = *t;
		copy[i].id = c->mt[i].id;
		arr[i] = &copy[i];
	}
	return pflowtmpl_family(arr, c->ntmpl);
}

/* Hold a template message to the family's template set. */
static void
tmplmsg_check(struct conform *c, struct cstream *s)
{
	char e[FINDING_VALLEN], o[FINDING_VALLEN];
	const char *fam = pflowtmpl_family_name(s->family);
	const struct tmpl *want;
	int i, l, seen[PFLOW_L_COUNT];

	memset(seen, 0, sizeof(seen));
	for (i = 0; i < c->ntmpl; i++) {
		l = c->mt[i].layout;
		if (l == PFLOW_L_NONE) {
			snprintf(e, sizeof(e), "a %s template", fam);
			snprintf(o, sizeof(o), "template %u, %u fields",
			    c->mt[i].id, c->mt[i].nfields);
			conform_emit(c, R_PFLOW_TEMPLATE, (int64_t)c->mt[i].off,
			    e, o, "template %u is not a pflow layout",
			    c->mt[i].id);
			continue;
		}
		seen[l]++;
		want = pflowtmpl_get(s->family, l);
		if (want == NULL) {
			snprintf(e, sizeof(e), "no %s template",
			    pflowtmpl_layout_name(l));
			snprintf(o, sizeof(o), "template %u: %s", c->mt[i].id,
			    pflowtmpl_layout_name(l));
			conform_emit(c, R_PFLOW_TEMPLATE, (int64_t)c->mt[i].off,
			    e, o, "%s layout seen as template %u; %s does not "
			    "send it", pflowtmpl_layout_name(l), c->mt[i].id,
			    fam);
		} else if (want->id != c->mt[i].id) {
			snprintf(e, sizeof(e), "template %u: %s", want->id,
			    pflowtmpl_layout_name(l));
			snprintf(o, sizeof(o), "template %u: %s", c->mt[i].id,
			    pflowtmpl_layout_name(l));
			conform_emit(c, R_PFLOW_TEMPLATE, (int64_t)c->mt[i].off,
			    e, o, "%s layout seen as template %u; %s sends it "
			    "as %u", pflowtmpl_layout_name(l), c->mt[i].id,
			    fam, want->id);
		}
	}
	for (l = PFLOW_L_NONE + 1; l < PFLOW_L_COUNT; l++) {
		want = pflowtmpl_get(s->family, l);
		if (want == NULL || seen[l] == 1)
			continue;
		snprintf(e, sizeof(e), "1 x template %u: %s", want->id,
		    pflowtmpl_layout_name(l));
		snprintf(o, sizeof(o), "%d", seen[l]);
		conform_emit(c, R_PFLOW_TEMPLATE, (int64_t)c->tset_off, e, o,
		    "template message holds %d %s templates; %s sends one",
		    seen[l], pflowtmpl_layout_name(l), fam);
	}
}

void
conform_pflow_set(struct conform *c, struct cstream *s,
    const struct set_info *si)
{
	char e[FINDING_VALLEN], o[FINDING_VALLEN];
	const struct tinfo *ti = c->rti;
	uint32_t lim = 0;

	if (si->id < 256)
		return;
	if (si->padding != 0) {
		snprintf(o, sizeof(o), "%u", si->padding);
		conform_emit(c, R_PFLOW_NO_PADDING,
		    (int64_t)(si->off + si->len - si->padding), "0", o,
		    "data set %u has %u octets of padding", si->id,
		    si->padding);
	}
	if (si->len == 4) {
		conform_emit(c, R_PFLOW_RECS_PER_MSG, (int64_t)si->off, ">= 1",
		    "0", "empty data set %u", si->id);
		return;
	}
	if (ti == NULL || ti->id != si->id || s->prof == NULL)
		return;
	switch (ti->layout) {
	case PFLOW_L_OBSD_V4:
		lim = s->prof->max_v4;
		break;
	case PFLOW_L_OBSD_V6:
		lim = s->prof->max_v6;
		break;
	case PFLOW_L_OBSD_NAT4:
		lim = s->prof->max_nat;
		break;
	default:
		return;
	}
	if (lim != 0 && si->nrec > lim) {
		snprintf(e, sizeof(e), "<= %u", lim);
		snprintf(o, sizeof(o), "%u", si->nrec);
		conform_emit(c, R_PFLOW_RECS_PER_MSG, (int64_t)si->off, e, o,
		    "%u %s records in one message; %s sends at most %u",
		    si->nrec, pflowtmpl_layout_name(ti->layout),
		    s->prof->name, lim);
	}
}

/* ---- per record ---- */

/* A value of more than 8 octets reads as its first 8. */
static inline uint64_t
val_uint(const struct rec_val *v)
{
	return beuint(v->p, v->len < 8 ? v->len : 8);
}

static int
icmp_query_type(uint8_t proto, uint16_t t)
{
	if (proto == 1)		/* echo, timestamp, info, address mask */
		return t == 8 || t == 13 || t == 15 || t == 17;
	/* ICMPv6 echo, MLD query, router and neighbour solicit, node info */
	return t == 128 || t == 130 || t == 133 || t == 135 || t == 139;
}

static void
check_icmp(struct conform *c, uint8_t proto, uint16_t sport, uint16_t dport,
    int64_t dport_off)
{
	char o[FINDING_VALLEN];

	if (icmp_query_type(proto, dport) || icmp_query_type(proto, sport))
		return;
	snprintf(o, sizeof(o), "sport %u dport %u", sport, dport);
	conform_emit(c, R_PFLOW_ICMP_PORTS, dport_off,
	    proto == 1 ? "8 (ICMP echo type)" : "128 (ICMPv6 echo type)", o,
	    "%s record without the query type in a port%s",
	    proto == 1 ? "ICMP" : "ICMPv6",
	    (dport >= 256 || sport >= 256) ? " (type x 256 + code?)" : "");
}

static void
check_counts_slow(struct conform *c, uint64_t pkts, int64_t poff,
    uint64_t oct, int64_t ooff, unsigned int hdr, int v5)
{
	char e[FINDING_VALLEN], o[FINDING_VALLEN];

	if (pkts == 0)
		conform_emit(c, R_PFLOW_ZERO_COUNT, poff, ">= 1", "0",
		    "record with 0 packets");
	if (oct == 0)
		conform_emit(c, R_PFLOW_ZERO_COUNT, ooff, ">= 1", "0",
		    "record with 0 octets");
	if (pkts == 0 || oct == 0 || (v5 && oct == 0xffffffffu))
		return;
	if (pkts > UINT64_MAX / hdr || oct < pkts * hdr) {
		snprintf(e, sizeof(e), ">= %llu",
		    pkts > UINT64_MAX / hdr ? (unsigned long long)UINT64_MAX :
		    (unsigned long long)(pkts * hdr));
		snprintf(o, sizeof(o), "%llu", (unsigned long long)oct);
		conform_emit(c, R_PFLOW_MIN_OCTETS, ooff, e, o,
		    "%llu octets for %llu packets: below %u per packet",
		    (unsigned long long)oct, (unsigned long long)pkts, hdr);
	}
}

/* Packets and octets >= 1, octets >= hdr x packets: one test when fine. */
static inline void
check_counts(struct conform *c, uint64_t pkts, int64_t poff, uint64_t oct,
    int64_t ooff, unsigned int hdr, int v5)
{
	if (pkts != 0 && pkts <= UINT64_MAX / 40 && oct >= pkts * hdr)
		return;
	check_counts_slow(c, pkts, poff, oct, ooff, hdr, v5);
}

static void
gran_slow(struct conform *c, uint64_t v, int64_t off, const char *what)
{
	char o[FINDING_VALLEN];

	snprintf(o, sizeof(o), "%llu", (unsigned long long)v);
	conform_emit(c, R_PFLOW_TS_GRANULARITY, off, "multiple of 1000", o,
	    "%s is not a whole second", what);
}

static inline void
gran(struct conform *c, uint64_t v, int64_t off, const char *what)
{
	if (v % 1000 != 0)
		gran_slow(c, v, off, what);
}

static void
pflow_v5_rec(struct conform *c, struct cstream *s, const struct rec *r)
{
	static const struct { uint8_t off, len; const char *name; } z[] = {
		{ 8, 4, "nexthop" }, { 37, 1, "tcp_flags" },
		{ 40, 2, "src_as" }, { 42, 2, "dst_as" },
		{ 44, 1, "src_mask" }, { 45, 1, "dst_mask" },
	};
	const uint8_t *d = r->data;
	char o[FINDING_VALLEN];
	uint32_t v;
	unsigned int i;

	if (r->len < NF5_REC_LEN)
		return;
	/* fast path: all of them zero */
	if ((be32(d + 8) | d[37] | be16(d + 40) | be16(d + 42) | d[44] |
	    d[45]) == 0)
		i = sizeof(z) / sizeof(z[0]);
	else
		i = 0;
	for (; i < sizeof(z) / sizeof(z[0]); i++) {
		v = z[i].len == 4 ? be32(d + z[i].off) : z[i].len == 2 ?
		    be16(d + z[i].off) : d[z[i].off];
		if (v == 0)
			continue;
		snprintf(o, sizeof(o), "%u", v);
		conform_emit(c, R_PFLOW_V5_ZERO, (int64_t)r->off + z[i].off,
		    "0", o, "%s is not zero", z[i].name);
	}
	gran(c, be32(d + 24), (int64_t)r->off + 24, "First");
	gran(c, be32(d + 28), (int64_t)r->off + 28, "Last");
	check_counts(c, be32(d + 16), (int64_t)r->off + 16, be32(d + 20),
	    (int64_t)r->off + 20, 20, 1);
	if (d[38] == 1)
		check_icmp(c, 1, be16(d + 32), be16(d + 34),
		    (int64_t)r->off + 34);
}

void
conform_pflow_rec(struct conform *c, struct cstream *s, const struct rec *r)
{
	const struct tinfo *ti = c->rti;
	const struct rec_val *v = r->v;
	char e[FINDING_VALLEN], o[FINDING_VALLEN];
	uint64_t start = 0, end = 0, lim;
	int64_t soff = -1, eoff = -1;
	uint8_t proto;

	if (s->st.version == 5) {
		pflow_v5_rec(c, s, r);
		return;
	}
	if (ti == NULL || ti->t != r->t)
		ti = c->rti = conform_tinfo(s, r->t);
	if (ti->i_start >= 0) {
		start = val_uint(&v[ti->i_start]);
		soff = v[ti->i_start].p - c->buf;
		gran(c, start, soff, "flowStartMilliseconds");
	}
	if (ti->i_end >= 0) {
		end = val_uint(&v[ti->i_end]);
		eoff = v[ti->i_end].p - c->buf;
		gran(c, end, eoff, "flowEndMilliseconds");
		lim = (uint64_t)c->msg->export_time * 1000 + 1000;
		if (end > lim) {
			snprintf(e, sizeof(e), "<= %llu",
			    (unsigned long long)lim);
			snprintf(o, sizeof(o), "%llu",
			    (unsigned long long)end);
			conform_emit(c, R_PFLOW_TIME_ORDER, eoff, e, o,
			    "flowEndMilliseconds after Export Time");
		}
	}
	if (soff >= 0 && eoff >= 0 && start > end) {
		snprintf(e, sizeof(e), "<= %llu", (unsigned long long)end);
		snprintf(o, sizeof(o), "%llu", (unsigned long long)start);
		conform_emit(c, R_PFLOW_TIME_ORDER, soff, e, o,
		    "flowStartMilliseconds after flowEndMilliseconds");
	}
	if (ti->i_pkts >= 0 && ti->i_octets >= 0)
		check_counts(c, val_uint(&v[ti->i_pkts]),
		    v[ti->i_pkts].p - c->buf, val_uint(&v[ti->i_octets]),
		    v[ti->i_octets].p - c->buf,
		    ti->i_v6 >= 0 || ti->layout == PFLOW_L_OBSD_V6 ? 40 : 20,
		    0);
	if (ti->i_proto >= 0 && ti->i_sport >= 0 && ti->i_dport >= 0) {
		proto = (uint8_t)val_uint(&v[ti->i_proto]);
		if (proto == 1 || proto == 58)
			check_icmp(c, proto,
			    (uint16_t)val_uint(&v[ti->i_sport]),
			    (uint16_t)val_uint(&v[ti->i_dport]),
			    v[ti->i_dport].p - c->buf);
	}
}

/* ---- per message ---- */

void
conform_pflow_v5_header(struct conform *c, struct cstream *s)
{
	const struct msg *m = c->msg;
	char e[FINDING_VALLEN], o[FINDING_VALLEN];

	if (c->opts.profile != NULL && (m->engine_type != s->prof->engine_type ||
	    m->engine_id != s->prof->engine_id)) {
		snprintf(e, sizeof(e), "%u/%u", s->prof->engine_type,
		    s->prof->engine_id);
		snprintf(o, sizeof(o), "%u/%u", m->engine_type, m->engine_id);
		conform_emit(c, R_PFLOW_V5_ENGINE, 20, e, o,
		    "engine_type/engine_id are not pflow's");
	}
	if (m->sampling != 0) {
		snprintf(o, sizeof(o), "%u", m->sampling);
		conform_emit(c, R_PFLOW_V5_ZERO, 22, "0", o,
		    "sampling_interval is not zero");
	}
	gran(c, m->uptime_ms, 4, "SysUptime");
	if (s->prof != NULL && m->count <= NF5_MAXREC &&
	    m->count > s->prof->max_v5) {
		snprintf(e, sizeof(e), "<= %u", s->prof->max_v5);
		snprintf(o, sizeof(o), "%u", m->count);
		conform_emit(c, R_PFLOW_RECS_PER_MSG, 2, e, o,
		    "%u records in one message; %s sends at most %u",
		    m->count, s->prof->name, s->prof->max_v5);
	}
}

void
conform_pflow_ipfix_header(struct conform *c, struct cstream *s)
{
	char e[FINDING_VALLEN], o[FINDING_VALLEN];

	if (s->prof == NULL || c->msg->domain == s->prof->domain)
		return;
	snprintf(e, sizeof(e), "%u", s->prof->domain);
	snprintf(o, sizeof(o), "%u", c->msg->domain);
	conform_emit(c, R_PFLOW_DOMAIN, 12, e, o,
	    "observation domain is not pflow's");
}

void
conform_pflow_ipfix_end(struct conform *c, struct cstream *s, int stopped)
{
	char e[FINDING_VALLEN], o[FINDING_VALLEN];
	uint32_t now = c->msg->export_time, lim, nsets;
	int fam;

	if (c->ntmpl > 0 && !c->opts.no_pflow) {
		fam = tmplmsg_family(c);
		if (fam != PFLOW_F_UNKNOWN)
			s->st.layout = pflowtmpl_family_name(fam);
		if (!s->pflow && c->opts.profile == NULL &&
		    (fam == PFLOW_F_OBSD_78 || fam == PFLOW_F_OBSD_CURRENT)) {
			s->pflow = 1;
			s->family = fam;
			s->prof = profile_for_family(fam);
		}
	}
	if (!s->pflow)
		return;
	/* sets with a reserved id are counted by the decoder only */
	nsets = c->msg->nsets > c->nsets ? c->msg->nsets : c->nsets;
	if (nsets != 1 && !stopped) {
		snprintf(o, sizeof(o), "%u sets", nsets);
		/* the second set starts where the first one ends */
		conform_emit(c, R_PFLOW_ONE_SET, nsets > 1 && c->len >= 20 ?
		    16 + (int64_t)be16(c->buf + 18) : 16, "1 set", o,
		    "pflow sends exactly one set per message");
	}
	lim = s->prof != NULL && s->prof->tmpl_s != 0 ?
	    s->prof->tmpl_s + REFRESH_SLACK_S : 0;
	if (c->ntmpl > 0 || c->had_tmplset) {
		if (s->family != PFLOW_F_UNKNOWN)
			tmplmsg_check(c, s);
		if (s->saw_data_late && lim != 0) {
			snprintf(e, sizeof(e), "<= %u s", lim);
			snprintf(o, sizeof(o), "%u s", now - s->tmpl_time);
			conform_emit(c, R_PFLOW_TMPL_REFRESH, 4, e, o,
			    "template message %u s after the previous one "
			    "while data flowed", now - s->tmpl_time);
		}
		s->have_tmpl_time = 1;
		s->tmpl_time = now;
		s->saw_data_late = 0;
		s->need_tmpl = 0;
	} else if (c->nrec > 0 || c->had_notmpl) {
		if (s->need_tmpl) {
			conform_emit(c, R_PFLOW_TMPL_FIRST, 16,
			    "template message", "data message",
			    "data after an exporter restart before any "
			    "template message");
			s->need_tmpl = 0;
		}
		if (lim != 0 && s->have_tmpl_time && !s->saw_data_late &&
		    now - s->tmpl_time > lim && now - s->tmpl_time < 0x80000000u) {
			s->saw_data_late = 1;
			s->late_dgram = c->msg->index;
		}
	}
	s->last_time = now;
}

void
conform_pflow_finish(struct conform *c, struct cstream *s)
{
	char e[FINDING_VALLEN], o[FINDING_VALLEN];
	struct msg fm;
	uint32_t lim;

	if (!s->saw_data_late || s->prof == NULL)
		return;
	lim = s->prof->tmpl_s + REFRESH_SLACK_S;
	memset(&fm, 0, sizeof(fm));
	fm.exp = &s->st.exp;
	fm.index = s->late_dgram;
	fm.domain = s->st.domain;
	c->msg = &fm;
	c->cur = s;
	snprintf(e, sizeof(e), "<= %u s", lim);
	snprintf(o, sizeof(o), "> %u s", s->last_time - s->tmpl_time);
	conform_emit(c, R_PFLOW_TMPL_REFRESH, 4, e, o,
	    "no template message for %u s of export time up to the end of "
	    "the stream while data flowed", s->last_time - s->tmpl_time);
	c->cur = NULL;
	c->msg = NULL;
	s->saw_data_late = 0;
}
