/*
 * conform.c: the conformance engine's core.  conform_datagram() decodes a
 * datagram with decode_datagram() through its own dec_ops, which run the
 * checks (conform_v5.c, conform_ipfix.c, conform_pflow.c) and forward
 * every callback to the caller's ops; decoder statuses become findings.
 * Streams (exporter, domain, version; v5 also engine) are looked up once
 * per datagram, by hash; nothing is allocated per record.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conform_int.h"
#include "decode.h"

#define TIME_2000	946684800u	/* 2000-01-01T00:00:00Z */
#define FUTURE_SLACK_S	300		/* export time after arrival */

/*
 * Decoder status -> rule, per format (v5, v9, IPFIX).  R_COUNT: the
 * engine checks it itself (v5 header) and ignores the decoder's report.
 */
static const unsigned char status_rule[DEC_NSTATUS][3] = {
	[DEC_OK] = { R_COUNT, R_COUNT, R_COUNT },
	[DEC_E_TRUNC] = { R_V5_LENGTH, R_NF9_LENGTH, R_IPFIX_MSGLEN },
	[DEC_E_VERSION] = { R_DGRAM_VERSION, R_DGRAM_VERSION, R_DGRAM_VERSION },
	[DEC_E_MSGLEN] = { R_V5_LENGTH, R_NF9_LENGTH, R_IPFIX_MSGLEN },
	[DEC_E_COUNT] = { R_V5_COUNT, R_NF9_COUNT, R_IPFIX_MSGLEN },
	[DEC_E_SETLEN] = { R_V5_LENGTH, R_NF9_SETLEN, R_IPFIX_SETLEN },
	[DEC_E_SETID] = { R_V5_LENGTH, R_NF9_SETID, R_IPFIX_SETID },
	[DEC_E_TMPLID] = { R_V5_LENGTH, R_NF9_TMPLID, R_IPFIX_TMPLID },
	[DEC_E_TMPLREC] = { R_V5_LENGTH, R_NF9_TMPLREC, R_IPFIX_TMPLREC },
	[DEC_E_FIELDCOUNT] = { R_V5_LENGTH, R_NF9_TMPLREC, R_IPFIX_SCOPE },
	[DEC_E_NOTMPL] = { R_V5_LENGTH, R_NF9_NOTMPL, R_IPFIX_NOTMPL },
	[DEC_E_PADDING] = { R_V5_LENGTH, R_NF9_PADDING, R_IPFIX_PADDING },
	[DEC_E_VARLEN] = { R_V5_LENGTH, R_NF9_TMPLREC, R_IPFIX_VARLEN },
	[DEC_E_WITHDRAW] = { R_V5_LENGTH, R_NF9_TMPLREC, R_IPFIX_FIELDCOUNT },
	[DEC_E_REDEFINE] = { R_V5_LENGTH, R_NF9_TMPLREC, R_IPFIX_REDEFINE },
	[DEC_E_ZEROREC] = { R_V5_LENGTH, R_NF9_TMPLREC, R_IPFIX_TMPLREC },
	[DEC_E_NOMEM] = { R_DECODE_LIMIT, R_DECODE_LIMIT, R_DECODE_LIMIT },
	[DEC_E_TOOMANY] = { R_DECODE_LIMIT, R_DECODE_LIMIT, R_DECODE_LIMIT },
	[DEC_E_V9COUNT] = { R_V5_COUNT, R_NF9_COUNT, R_IPFIX_MSGLEN },
};

static const struct exporter no_exporter;

static int
fmt_col(uint16_t version)
{
	return version == 5 ? 0 : version == 9 ? 1 : 2;
}

void
conform_emit(struct conform *c, enum rule_idx r, int64_t off,
    const char *expected, const char *observed, const char *fmt, ...)
{
	const struct rule *ru = rules_at(r);
	struct finding f;
	va_list ap;

	if (c->opts.emit == NULL || ru == NULL)
		return;
	memset(&f, 0, sizeof(f));
	f.rule = ru->id;
	f.severity = ru->severity;
	f.exp = c->msg->exp != NULL ? *c->msg->exp : no_exporter;
	f.domain = c->cur != NULL ? c->cur->st.domain : c->msg->domain;
	f.dgram = c->msg->index;
	f.offset = off;
	snprintf(f.expected, sizeof(f.expected), "%s",
	    expected != NULL ? expected : "");
	snprintf(f.observed, sizeof(f.observed), "%s",
	    observed != NULL ? observed : "");
	va_start(ap, fmt);
	vsnprintf(f.msg, sizeof(f.msg), fmt, ap);
	va_end(ap);
	c->opts.emit(c->opts.arg, &f);
}

/* ---- streams ---- */

static uint32_t
stream_hash(const struct exporter *e, uint16_t version, uint32_t domain,
    uint16_t engine)
{
	uint32_t h = exporter_hash(e);

	h ^= version * 0x9e3779b1u;
	h = (h ^ domain) * 0x85ebca6bu;
	h = (h ^ engine) * 0xc2b2ae35u;
	return h ^ (h >> 16);
}

static int
stream_is(const struct cstream *s, uint32_t h, const struct exporter *e,
    uint16_t version, uint32_t domain, uint16_t engine)
{
	return s->hash == h && s->st.version == version &&
	    s->st.domain == domain && s->engine == engine &&
	    exporter_cmp(&s->st.exp, e) == 0;
}

static int
slots_grow(struct conform *c)
{
	size_t n = c->nslots ? c->nslots * 2 : 64, i, j;
	uint32_t *sl = calloc(n, sizeof(*sl));

	if (sl == NULL)
		return -1;
	for (i = 0; i < c->nstreams; i++) {
		j = c->streams[i]->hash & (n - 1);
		while (sl[j] != 0)
			j = (j + 1) & (n - 1);
		sl[j] = (uint32_t)i + 1;
	}
	free(c->slots);
	c->slots = sl;
	c->nslots = n;
	return 0;
}

static struct cstream *
stream_get(struct conform *c, const struct msg *m)
{
	const struct exporter *e = m->exp != NULL ? m->exp : &no_exporter;
	uint16_t engine = m->version == 5 ?
	    (uint16_t)(m->engine_type << 8 | m->engine_id) : 0;
	uint32_t domain = m->version == 5 ? 0 : m->domain;
	uint32_t h = stream_hash(e, m->version, domain, engine);
	struct cstream *s, **ns;
	size_t j;

	if (c->last != NULL &&
	    stream_is(c->last, h, e, m->version, domain, engine))
		return c->last;
	if (c->nslots != 0) {
		for (j = h & (c->nslots - 1); c->slots[j] != 0;
		    j = (j + 1) & (c->nslots - 1)) {
			s = c->streams[c->slots[j] - 1];
			if (stream_is(s, h, e, m->version, domain, engine))
				return c->last = s;
		}
	}
	/* new stream */
	if ((c->nstreams + 1) * 2 > c->nslots && slots_grow(c) == -1)
		return NULL;
	if (c->nstreams == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 16;

		ns = reallocarray(c->streams, cap, sizeof(*ns));
		if (ns == NULL)
			return NULL;
		c->streams = ns;
		c->cap = cap;
	}
	if ((s = calloc(1, sizeof(*s))) == NULL)
		return NULL;
	s->hash = h;
	s->engine = engine;
	s->st.exp = *e;
	s->st.domain = domain;
	s->st.version = m->version;
	s->st.engine = engine;
	s->family = PFLOW_F_UNKNOWN;
	c->streams[c->nstreams++] = s;
	for (j = h & (c->nslots - 1); c->slots[j] != 0;
	    j = (j + 1) & (c->nslots - 1))
		;
	c->slots[j] = (uint32_t)c->nstreams;
	conform_pflow_select(c, s);
	return c->last = s;
}

/* ---- template facts, cached per stream ---- */

void
conform_tinfo_forget(struct cstream *s)
{
	memset(s->ti, 0, sizeof(s->ti));
	s->tinext = 0;
}

const struct tinfo *
conform_tinfo(struct cstream *s, const struct tmpl *t)
{
	struct tinfo *ti;
	unsigned int i;

	for (i = 0; i < TINFO_N; i++)
		if (s->ti[i].t == t && s->ti[i].id == t->id &&
		    s->ti[i].nfields == t->nfields)
			return &s->ti[i];
	ti = &s->ti[s->tinext];
	s->tinext = (s->tinext + 1) % TINFO_N;
	ti->t = t;
	ti->id = t->id;
	ti->nfields = t->nfields;
	ti->layout = (int8_t)pflowtmpl_match(t);
	ti->i_start = (int16_t)tmpl_find(t, 152);	/* flowStartMilliseconds */
	ti->i_end = (int16_t)tmpl_find(t, 153);		/* flowEndMilliseconds */
	ti->i_pkts = (int16_t)tmpl_find(t, 2);		/* packetDeltaCount */
	ti->i_octets = (int16_t)tmpl_find(t, 1);	/* octetDeltaCount */
	ti->i_sport = (int16_t)tmpl_find(t, 7);	/* sourceTransportPort */
	ti->i_dport = (int16_t)tmpl_find(t, 11);/* destinationTransportPort */
	ti->i_proto = (int16_t)tmpl_find(t, 4);	/* protocolIdentifier */
	ti->i_v6 = (int16_t)tmpl_find(t, 27);	/* sourceIPv6Address */
	return ti;
}

/* ---- shared checks ---- */

int
conform_time_sane(struct conform *c, enum rule_idx r, uint32_t t, size_t off)
{
	char e[FINDING_VALLEN], o[FINDING_VALLEN];
	int64_t arr = c->msg->arrival_us / 1000000;

	if (t >= TIME_2000 && (c->msg->arrival_us <= 0 ||
	    (int64_t)t <= arr + FUTURE_SLACK_S))
		return 1;
	snprintf(o, sizeof(o), "%u", t);
	if (t == 0) {
		conform_emit(c, r, (int64_t)off, "> 0", o,
		    "export time is 0");
		return 0;
	}
	if (t < TIME_2000) {
		snprintf(e, sizeof(e), ">= %u", TIME_2000);
		conform_emit(c, r, (int64_t)off, e, o,
		    "export time is before 2000");
		return 0;
	}
	if (c->msg->arrival_us > 0 && (int64_t)t > arr + FUTURE_SLACK_S) {
		snprintf(e, sizeof(e), "<= %lld",
		    (long long)(arr + FUTURE_SLACK_S));
		conform_emit(c, r, (int64_t)off, e, o,
		    "export time is %lld s after arrival",
		    (long long)t - arr);
		return 0;
	}
	return 1;
}

void
conform_seq(struct conform *c, struct cstream *s, uint32_t seq, uint32_t n,
    size_t off, enum rule_idx gap)
{
	char e[FINDING_VALLEN], o[FINDING_VALLEN];
	uint32_t expect = s->seq.next, delta;
	const char *unit = s->st.version == 9 ? "packets" : "records";

	switch (seq_check(&s->seq, seq, n, &delta)) {
	case SEQ_FIRST:
	case SEQ_OK:
		return;
	case SEQ_GAP:
		s->st.seq_gaps++;
		s->st.lost += delta;
		snprintf(e, sizeof(e), "%u", expect);
		snprintf(o, sizeof(o), "%u", seq);
		conform_emit(c, gap, (int64_t)off, e, o,
		    "sequence gap: %u %s lost", delta, unit);
		return;
	case SEQ_DUP:
		s->st.dups++;
		snprintf(e, sizeof(e), "%u", expect);
		snprintf(o, sizeof(o), "%u", seq);
		conform_emit(c, gap + 1, (int64_t)off, e, o,
		    "duplicate: sequence %u with %u %s seen before", seq, n,
		    unit);
		return;
	case SEQ_REORDER:
		s->st.lost = s->st.lost >= delta ? s->st.lost - delta : 0;
		snprintf(e, sizeof(e), "%u", expect);
		snprintf(o, sizeof(o), "%u", seq);
		if (delta > 0)
			conform_emit(c, gap + 2, (int64_t)off, e, o,
			    "late: fills %u %s of an earlier gap", delta, unit);
		else
			conform_emit(c, gap + 2, (int64_t)off, e, o,
			    "late: %u %s behind, before the messages seen",
			    expect - seq, unit);
		return;
	case SEQ_RESET:
		snprintf(e, sizeof(e), "%u", expect);
		snprintf(o, sizeof(o), "%u", seq);
		conform_emit(c, gap + 3, (int64_t)off, e, o,
		    "sequence went back by %u: exporter restarted", delta);
		if (s->pflow && s->st.version == 10)
			s->need_tmpl = 1;
		return;
	}
}

/* ---- the dec_ops the decoder calls ---- */

static void
w_header(void *arg, const struct msg *m)
{
	struct conform *c = arg;
	struct cstream *s;

	s = c->cur = stream_get(c, c->msg);
	if (s != NULL) {
		s->st.datagrams++;
		if (m->version == 5)
			conform_v5_header(c, s);
		else
			conform_ipfix_header(c, s);
	}
	if (c->user != NULL && c->user->header != NULL)
		c->user->header(c->user->arg, m);
}

static int
note_once(struct conform *c, enum rule_idx r, uint16_t id)
{
	unsigned int i;

	for (i = 0; i < c->nnotes; i++)
		if (c->notes[i].rule == (int)r && c->notes[i].id == id)
			return 0;
	if (c->nnotes < MSG_NOTES) {
		c->notes[c->nnotes].rule = (int)r;
		c->notes[c->nnotes].id = id;
		c->nnotes++;
	}
	return 1;
}

static void
w_tmpl(void *arg, const struct msg *m, const struct tmpl *t,
    enum tmpl_event ev, size_t off)
{
	struct conform *c = arg;
	struct cstream *s = c->cur;
	char o[FINDING_VALLEN];
	enum rule_idx fc = m->version == 9 ? R_NF9_TMPLREC : R_IPFIX_FIELDCOUNT;
	enum rule_idx rd = m->version == 9 ? R_NF9_TMPLREC : R_IPFIX_REDEFINE;

	if (s != NULL) {
		s->st.templates++;
		conform_tinfo_forget(s);
		c->rti = NULL;
		if (ev == TMPL_EV_WITHDRAW && note_once(c, fc, t->id)) {
			snprintf(o, sizeof(o), "template %u field count 0",
			    t->id);
			conform_emit(c, fc, (int64_t)off, "field count > 0",
			    o, "template withdrawal over UDP");
		} else if (ev == TMPL_EV_REDEFINE && note_once(c, rd, t->id)) {
			snprintf(o, sizeof(o), "template %u redefined",
			    t->id);
			conform_emit(c, rd, (int64_t)off, "same layout", o,
			    "template %u reused with another layout (%u "
			    "fields)", t->id, t->nfields);
		}
		if (m->version == 10 && ev != TMPL_EV_WITHDRAW) {
			if (ev != TMPL_EV_REFRESH)
				conform_ipfix_tmpl(c, s, t, off);
			conform_pflow_tmpl(c, s, t, off);
		}
	}
	if (c->user != NULL && c->user->tmpl != NULL)
		c->user->tmpl(c->user->arg, m, t, ev, off);
}

static void
w_rec(void *arg, const struct msg *m, const struct rec *r)
{
	struct conform *c = arg;
	struct cstream *s = c->cur;

	c->nrec++;
	if (s != NULL) {
		s->st.records++;
		if (c->skip_recs)
			;
		else if (m->version == 5) {
			conform_v5_rec(c, s, r);
			if (s->pflow)
				conform_pflow_rec(c, s, r);
		} else if (s->pflow)
			conform_pflow_rec(c, s, r);
	}
	if (c->user != NULL && c->user->rec != NULL)
		c->user->rec(c->user->arg, m, r);
}

static void
w_set(void *arg, const struct msg *m, const struct set_info *si)
{
	struct conform *c = arg;

	c->nsets++;
	if (si->id < 256)
		c->had_tmplset = 1;
	if (si->id == 2)
		c->tset_off = si->off;
	if (c->cur != NULL && c->cur->pflow && m->version == 10)
		conform_pflow_set(c, c->cur, si);
	if (c->user != NULL && c->user->set != NULL)
		c->user->set(c->user->arg, m, si);
}

static void
report_status(struct conform *c, const struct dec_err *err, uint16_t version)
{
	char e[FINDING_VALLEN], o[FINDING_VALLEN];
	enum rule_idx r;

	if ((unsigned int)err->status >= DEC_NSTATUS || err->status == DEC_OK)
		return;
	if (err->status == DEC_E_NOTMPL)
		c->had_notmpl = 1;
	/* the engine checks v5 header length and count itself */
	if (version == 5 && c->cur != NULL &&
	    (err->status == DEC_E_COUNT || err->status == DEC_E_TRUNC ||
	    err->status == DEC_E_MSGLEN))
		return;
	r = status_rule[err->status][fmt_col(version)];
	if (r == R_COUNT)
		return;
	if ((err->status == DEC_E_WITHDRAW || err->status == DEC_E_REDEFINE) &&
	    !note_once(c, r, err->set_id))
		return;
	snprintf(e, sizeof(e), "%llu", (unsigned long long)err->expected);
	snprintf(o, sizeof(o), "%llu", (unsigned long long)err->observed);
	if (err->status == DEC_E_VERSION)
		snprintf(e, sizeof(e), "5, 9 or 10");
	conform_emit(c, r, (int64_t)err->off, e, o, "%s%s%s (set %u)",
	    dec_status_str(err->status), err->field != NULL ? ": " : "",
	    err->field != NULL ? err->field : "", err->set_id);
}

static void
w_anomaly(void *arg, const struct msg *m, const struct dec_err *err)
{
	struct conform *c = arg;

	report_status(c, err, m->version);
	if (c->user != NULL && c->user->anomaly != NULL)
		c->user->anomaly(c->user->arg, m, err);
}

/* ---- public ---- */

struct conform *
conform_new(const struct conform_opts *o)
{
	struct conform *c = calloc(1, sizeof(*c));

	if (c == NULL)
		return NULL;
	if (o != NULL)
		c->opts = *o;
	return c;
}

void
conform_free(struct conform *c)
{
	size_t i;

	if (c == NULL)
		return;
	for (i = 0; i < c->nstreams; i++)
		free(c->streams[i]);
	free(c->streams);
	free(c->slots);
	free(c);
}

enum dec_status
conform_datagram(struct conform *c, const uint8_t *buf, size_t len,
    struct msg *m, struct tcache *tc, const struct dec_ops *user)
{
	struct dec_ops ops = { c, w_header, w_tmpl, w_rec, w_set, w_anomaly };
	struct dec_err err;
	enum dec_status st;
	uint16_t version;

	c->buf = buf;
	c->len = len;
	c->msg = m;
	c->user = user;
	c->cur = NULL;
	c->rti = NULL;
	c->nsets = 0;
	c->ntmpl = 0;
	c->tset_off = 0;
	c->nrec = 0;
	c->nnotes = 0;
	c->had_notmpl = 0;
	c->had_tmplset = 0;
	c->skip_recs = 0;
	m->dgram_len = len;
	memset(&err, 0, sizeof(err));
	st = decode_datagram(buf, len, m, tc, &ops, &err);
	version = c->cur != NULL ? m->version :
	    len >= 2 ? (uint16_t)(buf[0] << 8 | buf[1]) : 0;
	if (st != DEC_OK) {
		if (err.status == DEC_OK)
			err.status = st;
		if (c->cur == NULL && st == DEC_E_TRUNC && version != 5 &&
		    version != 9 && version != 10)
			err.status = DEC_E_VERSION;
		if (c->cur == NULL && version == 5 && st == DEC_E_TRUNC) {
			char o[FINDING_VALLEN];

			snprintf(o, sizeof(o), "%zu", len);
			conform_emit(c, R_V5_LENGTH, 0, ">= 24", o,
			    "datagram shorter than the v5 header");
		} else
			report_status(c, &err, version);
	}
	if (c->cur != NULL) {
		if (version == 5)
			conform_v5_end(c, c->cur);
		else
			conform_ipfix_end(c, c->cur, st != DEC_OK);
	}
	c->cur = NULL;
	return st;
}

void
conform_finish(struct conform *c)
{
	size_t i;

	for (i = 0; i < c->nstreams; i++)
		if (c->streams[i]->pflow)
			conform_pflow_finish(c, c->streams[i]);
}

void
conform_foreach(struct conform *c,
    void (*fn)(void *, const struct conform_stats *), void *arg)
{
	size_t i;

	for (i = 0; i < c->nstreams; i++)
		fn(arg, &c->streams[i]->st);
}
