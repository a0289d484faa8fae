/*
 * collect_out.c: the record writers: JSON Lines (-w), CSV (--csv) and
 * canonical text (--text).  Formats are described in pflowlab-collect(1).
 *
 * Each template is prepared once (collect_layout: JSON keys with "_2"
 * suffixes for repeated names, a print type per field); the per-datagram
 * part of a JSON line is formatted once in the header callback; the
 * per-record path only copies prepared keys and formats values into the
 * output buffer.
 */
#include <sys/socket.h>
#include <netinet/in.h>

#include <stdlib.h>
#include <string.h>

#include "collect_int.h"
#include "cursor.h"
#include "flow.h"
#include "ie.h"
#include "pflowtmpl.h"

static const char collect_csv_head[] =
    "dgram,exporter,version,domain,template,seq,export_time,arrival_us,"
    "src,dst,sport,dport,proto,tos,tcp_flags,in_if,out_if,packets,octets,"
    "start_ms,end_ms,post_src,post_dst,post_sport,post_dport\n";

int
collect_out_init(struct collector *c)
{
	if (c->o.json != NULL && obuf_init(&c->oj, c->o.json) != 0)
		return -1;
	if (c->o.csv != NULL) {
		if (obuf_init(&c->oc, c->o.csv) != 0)
			return -1;
		obuf_puts(&c->oc, collect_csv_head);
	}
	if (c->o.text != NULL && obuf_init(&c->ot, c->o.text) != 0)
		return -1;
	return 0;
}

static void
collect_layout_free(struct collect_layout *l)
{
	uint16_t i;

	if (l == NULL)
		return;
	for (i = 0; i < l->nfields; i++) {
		if (l->jkey != NULL)
			free(l->jkey[i]);
		if (l->tkey != NULL)
			free(l->tkey[i]);
	}
	free(l->jkey);
	free(l->jlen);
	free(l->tkey);
	free(l->pt);
	free(l->covered);
	free(l);
}

void
collect_out_free(struct collector *c)
{
	size_t i;

	obuf_free(&c->oj);
	obuf_free(&c->oc);
	obuf_free(&c->ot);
	for (i = 0; i < c->laycap; i++)
		collect_layout_free(c->lay[i]);
	free(c->lay);
}

static void
collect_flush1(struct collector *c, struct obuf *o)
{
	if (o->buf != NULL && obuf_flush(o) != 0)
		c->werr = 1;
}

void
collect_out_flush(struct collector *c)
{
	collect_flush1(c, &c->oj);
	collect_flush1(c, &c->oc);
	collect_flush1(c, &c->ot);
}

void
collect_out_sync(struct collector *c, FILE *f)
{
	if (c->oj.f == f)
		collect_flush1(c, &c->oj);
	if (c->oc.f == f)
		collect_flush1(c, &c->oc);
	if (c->ot.f == f)
		collect_flush1(c, &c->ot);
}

/* ---- layouts ---- */

/* Fields the text line shows under its fixed keys (struct flow). */
static int
collect_covered(const struct tmpl_field *f)
{
	if (f->pen != 0)
		return 0;
	switch (f->ie) {
	case 1: case 2: case 4: case 5: case 6: case 7: case 8: case 10:
	case 11: case 12: case 14: case 21: case 22: case 27: case 28:
	case 150: case 151: case 152: case 153: case 154: case 155:
	case 156: case 157: case 225: case 226: case 227: case 228:
		return 1;
	default:
		return 0;
	}
}

static enum collect_pt
collect_ptype(const struct tmpl_field *f)
{
	const struct ie_def *d;

	if (f->pen != 0 || (d = ie_lookup(f->ie)) == NULL)
		return PT_HEX;
	switch (d->type) {
	case IE_UNSIGNED:
	case IE_DATE_SEC:
	case IE_DATE_MS:
		return PT_UINT;
	case IE_SIGNED:
		return PT_INT;
	case IE_FLOAT:
		return PT_FLOAT;
	case IE_BOOLEAN:
		return PT_BOOL;
	case IE_MAC:
		return PT_MAC;
	case IE_STRING:
		return PT_STR;
	case IE_DATE_US:
		return PT_NTP_US;
	case IE_DATE_NS:
		return PT_NTP_NS;
	case IE_IPV4:
		return PT_IP4;
	case IE_IPV6:
		return PT_IP6;
	default:
		return PT_HEX;
	}
}

static struct collect_layout *
collect_layout_build(struct collector *c, const struct tmpl *t)
{
	struct collect_layout *l;
	char nbuf[64], key[96];
	const char *name;
	uint16_t i, j;
	enum pflow_layout pl;

	if ((l = calloc(1, sizeof(*l))) == NULL)
		return NULL;
	l->t = t;
	l->id = t->id;
	l->nfields = t->nfields;
	l->f = t->f;
	l->gen = c->gen;
	pl = pflowtmpl_match(t);
	l->lname = pl != PFLOW_L_NONE ? pflowtmpl_layout_name(pl) : NULL;
	l->jkey = calloc(t->nfields + 1, sizeof(char *));
	l->jlen = calloc(t->nfields + 1, 1);
	l->tkey = calloc(t->nfields + 1, sizeof(char *));
	l->pt = calloc(t->nfields + 1, 1);
	l->covered = calloc(t->nfields + 1, 1);
	if (l->jkey == NULL || l->jlen == NULL || l->tkey == NULL ||
	    l->pt == NULL ||
	    l->covered == NULL)
		goto fail;
	for (i = 0; i < t->nfields; i++) {
		const struct tmpl_field *f = &t->f[i];
		int dup = 1;

		for (j = 0; j < i; j++)
			if (t->f[j].ie == f->ie && t->f[j].pen == f->pen)
				dup++;
		name = ie_name(f->ie, f->pen, nbuf, sizeof(nbuf));
		if (dup > 1)
			snprintf(key, sizeof(key), ",\"%s_%d\":", name, dup);
		else
			snprintf(key, sizeof(key), ",\"%s\":", name);
		if ((l->jkey[i] = strdup(key)) == NULL)
			goto fail;
		l->jlen[i] = (uint8_t)strlen(key);
		if (dup > 1)
			snprintf(key, sizeof(key), " %s_%d=", name, dup);
		else
			snprintf(key, sizeof(key), " %s=", name);
		if ((l->tkey[i] = strdup(key)) == NULL)
			goto fail;
		l->pt[i] = (uint8_t)collect_ptype(f);
		l->covered[i] = (uint8_t)(dup == 1 && collect_covered(f));
	}
	return l;
fail:
	collect_layout_free(l);
	return NULL;
}

static size_t
collect_phash(const void *p, size_t cap)
{
	uintptr_t x = (uintptr_t)p;

	x ^= x >> 17;
	x *= 0x9e3779b97f4a7c15ULL;
	return (size_t)(x >> 20) & (cap - 1);
}

/* The prepared layout of t, built on first use in this generation. */
static struct collect_layout *
collect_layout_get(struct collector *c, const struct tmpl *t)
{
	struct collect_layout *l = c->last;
	size_t i;

	if (l != NULL && l->t == t && l->gen == c->gen)
		return l;
	if (c->nlay * 2 >= c->laycap) {
		/* rebuild, dropping layouts of earlier generations; the
		 * size follows the layouts still current */
		size_t ncap = 64, live = 0, j;
		struct collect_layout **nl;

		for (j = 0; j < c->laycap; j++)
			if (c->lay[j] != NULL && c->lay[j]->gen == c->gen)
				live++;
		while (ncap < 4 * (live + 1))
			ncap *= 2;
		if ((nl = calloc(ncap, sizeof(*nl))) == NULL)
			return NULL;
		c->nlay = 0;
		for (j = 0; j < c->laycap; j++) {
			struct collect_layout *o = c->lay[j];

			if (o == NULL)
				continue;
			if (o->gen != c->gen) {
				collect_layout_free(o);
				continue;
			}
			i = collect_phash(o->t, ncap);
			while (nl[i] != NULL)
				i = (i + 1) & (ncap - 1);
			nl[i] = o;
			c->nlay++;
		}
		free(c->lay);
		c->lay = nl;
		c->laycap = ncap;
		c->last = NULL;
	}
	for (i = collect_phash(t, c->laycap); c->lay[i] != NULL;
	    i = (i + 1) & (c->laycap - 1)) {
		l = c->lay[i];
		if (l->t != t)
			continue;
		if (l->gen != c->gen || l->id != t->id ||
		    l->nfields != t->nfields || l->f != t->f) {
			struct collect_layout *n = collect_layout_build(c, t);

			if (n == NULL)
				return NULL;
			collect_layout_free(l);
			c->lay[i] = n;
			l = n;
		}
		c->last = l;
		return l;
	}
	if ((l = collect_layout_build(c, t)) == NULL)
		return NULL;
	c->lay[i] = l;
	c->nlay++;
	c->last = l;
	return l;
}

/* ---- values ---- */

/*
 * One value.  json: strings, addresses, MACs and hex are quoted.
 * A value whose length does not suit its type prints as hex.
 */
static void
collect_val(struct obuf *o, enum collect_pt pt, const struct rec_val *v,
    int json)
{
	const uint8_t *p = v->p;
	uint16_t n = v->len;

	switch (pt) {
	case PT_UINT:
		if (n >= 1 && n <= 8) {
			obuf_u64(o, beuint(p, n));
			return;
		}
		break;
	case PT_INT:
		if (n >= 1 && n <= 8) {
			uint64_t x = beuint(p, n);

			if (n < 8 && (x >> (8 * n - 1)) & 1)
				x |= ~(uint64_t)0 << (8 * n);
			obuf_i64(o, (int64_t)x);
			return;
		}
		break;
	case PT_FLOAT:
		if (n == 4) {
			uint32_t u = be32(p);
			float fl;

			memcpy(&fl, &u, 4);
			obuf_double(o, fl);
			return;
		}
		if (n == 8) {
			uint64_t u = be64(p);
			double d;

			memcpy(&d, &u, 8);
			obuf_double(o, d);
			return;
		}
		break;
	case PT_BOOL:
		if (n == 1 && (p[0] == 1 || p[0] == 2)) {
			obuf_puts(o, p[0] == 1 ? "true" : "false");
			return;
		}
		break;
	case PT_NTP_US:
	case PT_NTP_NS:
		if (n == 8) {
			uint64_t sec = be32(p), frac = be32(p + 4);
			int64_t s = (int64_t)sec - (int64_t)NTP_UNIX_DELTA;

			if (pt == PT_NTP_US)
				obuf_i64(o, s * 1000000 +
				    (int64_t)((frac * 1000000) >> 32));
			else
				obuf_i64(o, s * 1000000000 +
				    (int64_t)((frac * 1000000000) >> 32));
			return;
		}
		break;
	case PT_MAC:
		if (n == 6) {
			if (json)
				obuf_putc(o, '"');
			obuf_mac(o, p);
			if (json)
				obuf_putc(o, '"');
			return;
		}
		break;
	case PT_IP4:
		if (n == 4) {
			if (json)
				obuf_putc(o, '"');
			obuf_ip4(o, p);
			if (json)
				obuf_putc(o, '"');
			return;
		}
		break;
	case PT_IP6:
		if (n == 16) {
			if (json)
				obuf_putc(o, '"');
			obuf_ip6(o, p);
			if (json)
				obuf_putc(o, '"');
			return;
		}
		break;
	case PT_STR:
		obuf_putc(o, '"');
		obuf_jesc(o, p, n);
		obuf_putc(o, '"');
		return;
	case PT_HEX:
		break;
	}
	if (json)
		obuf_putc(o, '"');
	if (n == 0 && !json)
		obuf_putc(o, '-');
	obuf_hex(o, p, n);
	if (json)
		obuf_putc(o, '"');
}

/* ---- JSON Lines ---- */

void
collect_out_header(struct collector *c, const struct msg *m)
{
	char es[EXPORTER_STRLEN];
	int n;

	if (c->oj.buf != NULL) {
		n = snprintf(c->jpre1, sizeof(c->jpre1),
		    "{\"dgram\":%llu,\"exporter\":\"%s\",\"version\":%u,"
		    "\"domain\":%lu,\"template\":",
		    (unsigned long long)m->index,
		    exporter_fmt(m->exp, es, sizeof(es)), m->version,
		    (unsigned long)m->domain);
		c->jpre1_len = n > 0 && (size_t)n < sizeof(c->jpre1) ?
		    (size_t)n : 0;
		n = snprintf(c->jpre2, sizeof(c->jpre2),
		    ",\"seq\":%lu,\"export_time\":%lu,\"arrival_us\":%lld",
		    (unsigned long)m->seq, (unsigned long)m->export_time,
		    (long long)m->arrival_us);
		c->jpre2_len = n > 0 && (size_t)n < sizeof(c->jpre2) ?
		    (size_t)n : 0;
	}
	if (c->oc.buf != NULL) {
		n = snprintf(c->cpre1, sizeof(c->cpre1), "%llu,%s,%u,%lu,",
		    (unsigned long long)m->index,
		    exporter_fmt(m->exp, es, sizeof(es)), m->version,
		    (unsigned long)m->domain);
		c->cpre1_len = n > 0 && (size_t)n < sizeof(c->cpre1) ?
		    (size_t)n : 0;
		n = snprintf(c->cpre2, sizeof(c->cpre2), ",%lu,%lu,%lld,",
		    (unsigned long)m->seq, (unsigned long)m->export_time,
		    (long long)m->arrival_us);
		c->cpre2_len = n > 0 && (size_t)n < sizeof(c->cpre2) ?
		    (size_t)n : 0;
	}
	if (c->ot.buf != NULL) {
		struct obuf *o = &c->ot;

		obuf_puts(o, "dgram=");
		obuf_u64(o, m->index);
		obuf_puts(o, " exporter=");
		obuf_puts(o, exporter_fmt(m->exp, es, sizeof(es)));
		obuf_puts(o, " version=");
		obuf_u64(o, m->version);
		obuf_puts(o, " len=");
		obuf_u64(o, m->dgram_len);
		if (m->version == 5 || m->version == 9) {
			obuf_puts(o, " count=");
			obuf_u64(o, m->count);
			obuf_puts(o, " uptime=");
			obuf_u64(o, m->uptime_ms);
		} else {
			obuf_puts(o, " length=");
			obuf_u64(o, m->length);
		}
		obuf_puts(o, " export_time=");
		obuf_u64(o, m->export_time);
		if (m->version == 5) {
			obuf_puts(o, " nsecs=");
			obuf_u64(o, m->nsecs);
		}
		obuf_puts(o, " seq=");
		obuf_u64(o, m->seq);
		if (m->version == 5) {
			obuf_puts(o, " engine=");
			obuf_u64(o, m->engine_type);
			obuf_putc(o, '/');
			obuf_u64(o, m->engine_id);
			obuf_puts(o, " sampling=");
			obuf_u64(o, m->sampling);
		} else {
			obuf_puts(o, " domain=");
			obuf_u64(o, m->domain);
		}
		obuf_puts(o, " arrival_us=");
		obuf_i64(o, m->arrival_us);
		obuf_putc(o, '\n');
	}
}

static const char *
collect_ev_str(enum tmpl_event ev)
{
	switch (ev) {
	case TMPL_EV_NEW:
		return "new";
	case TMPL_EV_REFRESH:
		return "refresh";
	case TMPL_EV_REDEFINE:
		return "redefine";
	case TMPL_EV_WITHDRAW:
		return "withdraw";
	}
	return "?";
}

void
collect_out_tmpl(struct collector *c, const struct msg *m,
    const struct tmpl *t, enum tmpl_event ev, size_t off)
{
	struct obuf *o = &c->ot;
	enum pflow_layout pl;
	char name[64];
	uint16_t i;

	if (o->buf == NULL)
		return;
	obuf_puts(o, "  tmpl id=");
	obuf_u64(o, t->id);
	obuf_puts(o, t->kind == TMPL_OPTIONS ? " kind=options" : " kind=data");
	obuf_puts(o, " event=");
	obuf_puts(o, collect_ev_str(ev));
	obuf_puts(o, " off=");
	obuf_u64(o, off);
	obuf_puts(o, " fields=");
	obuf_u64(o, t->nfields);
	if (t->kind == TMPL_OPTIONS) {
		obuf_puts(o, " scope=");
		obuf_u64(o, t->scope);
	}
	if (ev != TMPL_EV_WITHDRAW) {
		pl = pflowtmpl_match(t);
		if (pl != PFLOW_L_NONE) {
			obuf_puts(o, " layout=");
			obuf_puts(o, pflowtmpl_layout_name(pl));
		}
	}
	if (t->nfields > 0)
		obuf_puts(o, " :");
	for (i = 0; i < t->nfields; i++) {
		obuf_putc(o, ' ');
		obuf_puts(o, ie_name(t->f[i].ie, t->f[i].pen, name,
		    sizeof(name)));
		obuf_putc(o, '/');
		if (t->f[i].len == TMPL_VARLEN)
			obuf_putc(o, 'v');
		else
			obuf_u64(o, t->f[i].len);
	}
	obuf_putc(o, '\n');
}

static void
collect_json_rec(struct collector *c, struct collect_layout *l,
    const struct rec *r, const struct flow *fl)
{
	struct obuf *o = &c->oj;
	uint16_t i;

	obuf_mem(o, c->jpre1, c->jpre1_len);
	obuf_u64(o, r->t->id);
	obuf_mem(o, c->jpre2, c->jpre2_len);
	if (l->lname != NULL) {
		obuf_puts(o, ",\"layout\":\"");
		obuf_puts(o, l->lname);
		obuf_putc(o, '"');
	}
	obuf_puts(o, ",\"start_ms\":");
	if (fl->has & FLOW_HAS_START)
		obuf_i64(o, fl->start_ms);
	else
		obuf_puts(o, "null");
	obuf_puts(o, ",\"end_ms\":");
	if (fl->has & FLOW_HAS_END)
		obuf_i64(o, fl->end_ms);
	else
		obuf_puts(o, "null");
	for (i = 0; i < l->nfields; i++) {
		obuf_mem(o, l->jkey[i], l->jlen[i]);
		collect_val(o, (enum collect_pt)l->pt[i], &r->v[i], 1);
	}
	obuf_mem(o, "}\n", 2);
}

/* ---- CSV: one fixed neutral column set ---- */

static void
collect_csv_rec(struct collector *c, const struct msg *m,
    const struct rec *r, const struct flow *fl)
{
	struct obuf *o = &c->oc;

	obuf_mem(o, c->cpre1, c->cpre1_len);
	obuf_u64(o, r->t->id);
	obuf_mem(o, c->cpre2, c->cpre2_len);
	obuf_addr(o, &fl->src);
	obuf_putc(o, ',');
	obuf_addr(o, &fl->dst);
	obuf_putc(o, ',');
	if (fl->has & FLOW_HAS_PORTS) {
		obuf_u64(o, fl->sport);
		obuf_putc(o, ',');
		obuf_u64(o, fl->dport);
	} else
		obuf_putc(o, ',');
	obuf_putc(o, ',');
	obuf_u64(o, fl->proto);
	obuf_putc(o, ',');
	if (fl->has & FLOW_HAS_TOS)
		obuf_u64(o, fl->tos);
	obuf_putc(o, ',');
	if (fl->has & FLOW_HAS_FLAGS)
		obuf_u64(o, fl->tcp_flags);
	obuf_putc(o, ',');
	if (fl->has & FLOW_HAS_IFACES) {
		obuf_u64(o, fl->in_if);
		obuf_putc(o, ',');
		obuf_u64(o, fl->out_if);
	} else
		obuf_putc(o, ',');
	obuf_putc(o, ',');
	obuf_u64(o, fl->packets);
	obuf_putc(o, ',');
	obuf_u64(o, fl->octets);
	obuf_putc(o, ',');
	if (fl->has & FLOW_HAS_START)
		obuf_i64(o, fl->start_ms);
	obuf_putc(o, ',');
	if (fl->has & FLOW_HAS_END)
		obuf_i64(o, fl->end_ms);
	obuf_putc(o, ',');
	if (fl->has & FLOW_HAS_POSTNAT) {
		obuf_addr(o, &fl->post_src);
		obuf_putc(o, ',');
		obuf_addr(o, &fl->post_dst);
		obuf_putc(o, ',');
		obuf_u64(o, fl->post_sport);
		obuf_putc(o, ',');
		obuf_u64(o, fl->post_dport);
	} else
		obuf_puts(o, ",,,");
	obuf_putc(o, '\n');
}

/* ---- canonical text ---- */

/* "+1.500s" / "-30.000s": ms relative to the header's export time. */
static void
collect_rel(struct obuf *o, int64_t ms)
{
	uint64_t a;

	obuf_puts(o, " [");
	obuf_putc(o, ms < 0 ? '-' : '+');
	a = ms < 0 ? (uint64_t)0 - (uint64_t)ms : (uint64_t)ms;
	obuf_u64(o, a / 1000);
	obuf_putc(o, '.');
	obuf_putc(o, (char)('0' + a % 1000 / 100));
	obuf_putc(o, (char)('0' + a % 100 / 10));
	obuf_putc(o, (char)('0' + a % 10));
	obuf_puts(o, "s]");
}

static void
collect_text_time(struct obuf *o, const char *key, int has, int has_up,
    uint32_t up, int64_t ms, const struct msg *m)
{
	obuf_puts(o, key);
	if (!has && !has_up) {
		obuf_putc(o, '-');
		return;
	}
	if (has_up)
		obuf_u64(o, up);
	else
		obuf_i64(o, ms);
	if (has)
		collect_rel(o, ms - (int64_t)m->export_time * 1000);
}

static void
collect_text_rec(struct collector *c, struct collect_layout *l,
    const struct msg *m, const struct rec *r, const struct flow *fl)
{
	struct obuf *o = &c->ot;
	int up = (fl->has & FLOW_HAS_UPTIME) != 0;
	uint16_t i;

	obuf_puts(o, "  rec tmpl=");
	obuf_u64(o, r->t->id);
	obuf_puts(o, " off=");
	obuf_u64(o, r->off);
	obuf_puts(o, " src=");
	obuf_addr(o, &fl->src);
	obuf_puts(o, " dst=");
	obuf_addr(o, &fl->dst);
	if (fl->has & FLOW_HAS_PORTS) {
		obuf_puts(o, " sport=");
		obuf_u64(o, fl->sport);
		obuf_puts(o, " dport=");
		obuf_u64(o, fl->dport);
	}
	obuf_puts(o, " proto=");
	obuf_u64(o, fl->proto);
	if (fl->has & FLOW_HAS_TOS) {
		obuf_puts(o, " tos=");
		obuf_u64(o, fl->tos);
	}
	if (fl->has & FLOW_HAS_FLAGS) {
		obuf_puts(o, " flags=0x");
		obuf_hex(o, &fl->tcp_flags, 1);
	}
	if (fl->has & FLOW_HAS_IFACES) {
		obuf_puts(o, " in=");
		obuf_u64(o, fl->in_if);
		obuf_puts(o, " out=");
		obuf_u64(o, fl->out_if);
	}
	obuf_puts(o, " pkts=");
	obuf_u64(o, fl->packets);
	obuf_puts(o, " octets=");
	obuf_u64(o, fl->octets);
	collect_text_time(o, " first=", (fl->has & FLOW_HAS_START) != 0, up,
	    fl->first_uptime, fl->start_ms, m);
	collect_text_time(o, " last=", (fl->has & FLOW_HAS_END) != 0, up,
	    fl->last_uptime, fl->end_ms, m);
	if (fl->has & FLOW_HAS_POSTNAT) {
		obuf_puts(o, " post_src=");
		obuf_addr(o, &fl->post_src);
		obuf_puts(o, " post_dst=");
		obuf_addr(o, &fl->post_dst);
		obuf_puts(o, " post_sport=");
		obuf_u64(o, fl->post_sport);
		obuf_puts(o, " post_dport=");
		obuf_u64(o, fl->post_dport);
	}
	for (i = 0; i < l->nfields; i++) {
		if (l->covered[i])
			continue;
		obuf_puts(o, l->tkey[i]);
		collect_val(o, (enum collect_pt)l->pt[i], &r->v[i], 0);
	}
	obuf_putc(o, '\n');
}

void
collect_out_rec(struct collector *c, const struct msg *m,
    const struct rec *r)
{
	struct collect_layout *l = NULL;
	struct flow fl;

	flow_from_rec(m, r, &fl);
	if (c->oj.buf != NULL || c->ot.buf != NULL) {
		if ((l = collect_layout_get(c, r->t)) == NULL) {
			c->werr = 1;
			return;
		}
	}
	if (c->oj.buf != NULL)
		collect_json_rec(c, l, r, &fl);
	if (c->oc.buf != NULL)
		collect_csv_rec(c, m, r, &fl);
	if (c->ot.buf != NULL)
		collect_text_rec(c, l, m, r, &fl);
	if (c->o.on_flow != NULL)
		c->o.on_flow(c->o.arg, &fl);
}
