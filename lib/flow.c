/*
 * flow.c: map a decoded record (v5, v9 or IPFIX) to the neutral struct
 * flow.  The fields are found through the template's fx[] index, built
 * once per template, so the per-record path only loads values.
 */
#include <sys/socket.h>

#include <string.h>

#include "cursor.h"
#include "flow.h"

/* A value of more than 8 octets reads as its first 8. */
static inline uint64_t
flow_uint(const struct rec_val *v)
{
	return beuint(v->p, v->len < 8 ? v->len : 8);
}

/* NTP timestamp (dateTimeMicroseconds / Nanoseconds) to unix ms. */
static int64_t
flow_ntp_ms(const struct rec_val *v)
{
	uint64_t x = be64(v->p);
	uint64_t sec = x >> 32, frac = x & 0xffffffffULL;

	return ((int64_t)sec - (int64_t)NTP_UNIX_DELTA) * 1000 +
	    (int64_t)((frac * 1000) >> 32);
}

/* sysUpTime ms of an event to unix ms, from the header (mod 2^32). */
static int64_t
flow_uptime_ms(const struct msg *m, uint32_t t)
{
	uint32_t ago = m->uptime_ms - t;	/* wraps */

	return (int64_t)m->export_time * 1000 + m->nsecs / 1000000 -
	    (int64_t)ago;
}

static const struct flow flow_zero;

/* First absolute time element present (ms, s, us, ns) as unix ms. */
static inline int
flow_abs_ms(const struct rec_val *v, const int16_t *fx, int ms, int sec,
    int us, int ns, int64_t *out)
{
	int i;

	if ((i = fx[ms]) >= 0)
		*out = (int64_t)flow_uint(&v[i]);
	else if ((i = fx[sec]) >= 0)
		*out = (int64_t)flow_uint(&v[i]) * 1000;
	else if ((i = fx[us]) >= 0 || (i = fx[ns]) >= 0)
		*out = flow_ntp_ms(&v[i]);
	else
		return 0;
	return 1;
}

/* addr_set4/6 on a zeroed addr, inlined: this is the per-record path */
static inline void
flow_addr4(struct addr *a, const uint8_t *p)
{
	a->af = AF_INET;
	memcpy(a->a, p, 4);
}

static inline void
flow_addr6(struct addr *a, const uint8_t *p)
{
	a->af = AF_INET6;
	memcpy(a->a, p, 16);
}

void
flow_from_rec(const struct msg *m, const struct rec *r, struct flow *f)
{
	const struct tmpl *t = r->t;
	const struct rec_val *v = r->v;
	const int16_t *fx = t->fx;
	struct tmpl local;
	int i;

	if (!t->indexed) {
		local = *t;
		tmpl_index(&local);
		fx = local.fx;
	}
	*f = flow_zero;		/* a struct copy: no rep stos on this path */
	if ((i = fx[FX_SRC4]) >= 0)
		flow_addr4(&f->src, v[i].p);
	else if ((i = fx[FX_SRC6]) >= 0)
		flow_addr6(&f->src, v[i].p);
	if ((i = fx[FX_DST4]) >= 0)
		flow_addr4(&f->dst, v[i].p);
	else if ((i = fx[FX_DST6]) >= 0)
		flow_addr6(&f->dst, v[i].p);
	if (fx[FX_SPORT] >= 0 || fx[FX_DPORT] >= 0) {
		f->has |= FLOW_HAS_PORTS;
		if ((i = fx[FX_SPORT]) >= 0)
			f->sport = (uint16_t)flow_uint(&v[i]);
		if ((i = fx[FX_DPORT]) >= 0)
			f->dport = (uint16_t)flow_uint(&v[i]);
	}
	if ((i = fx[FX_PROTO]) >= 0)
		f->proto = v[i].p[0];
	if ((i = fx[FX_TOS]) >= 0) {
		f->tos = v[i].p[0];
		f->has |= FLOW_HAS_TOS;
	}
	if ((i = fx[FX_FLAGS]) >= 0) {
		f->tcp_flags = (uint8_t)flow_uint(&v[i]);
		f->has |= FLOW_HAS_FLAGS;
	}
	if (fx[FX_IN] >= 0 || fx[FX_OUT] >= 0) {
		f->has |= FLOW_HAS_IFACES;
		if ((i = fx[FX_IN]) >= 0)
			f->in_if = (uint32_t)flow_uint(&v[i]);
		if ((i = fx[FX_OUT]) >= 0)
			f->out_if = (uint32_t)flow_uint(&v[i]);
	}
	if ((i = fx[FX_PKTS]) >= 0 || (i = fx[FX_PKTS_TOTAL]) >= 0)
		f->packets = flow_uint(&v[i]);
	if ((i = fx[FX_OCTETS]) >= 0 || (i = fx[FX_OCTETS_TOTAL]) >= 0)
		f->octets = flow_uint(&v[i]);

	/* times: absolute elements first, then sysUpTime (v5, v9) */
	if (flow_abs_ms(v, fx, FX_START_MS, FX_START_S, FX_START_US,
	    FX_START_NS, &f->start_ms))
		f->has |= FLOW_HAS_START;
	if (flow_abs_ms(v, fx, FX_END_MS, FX_END_S, FX_END_US, FX_END_NS,
	    &f->end_ms))
		f->has |= FLOW_HAS_END;
	if (fx[FX_START_UP] >= 0 || fx[FX_END_UP] >= 0) {
		f->has |= FLOW_HAS_UPTIME;
		if ((i = fx[FX_START_UP]) >= 0)
			f->first_uptime = (uint32_t)flow_uint(&v[i]);
		if ((i = fx[FX_END_UP]) >= 0)
			f->last_uptime = (uint32_t)flow_uint(&v[i]);
		/*
		 * v5/v9 headers carry the uptime to convert with; IPFIX
		 * needs the exporter's systemInitTimeMilliseconds.
		 */
		if (m->version == 10 && m->sysinit_ms != 0) {
			if (!(f->has & FLOW_HAS_START) &&
			    fx[FX_START_UP] >= 0) {
				f->start_ms = m->sysinit_ms + f->first_uptime;
				f->has |= FLOW_HAS_START;
			}
			if (!(f->has & FLOW_HAS_END) && fx[FX_END_UP] >= 0) {
				f->end_ms = m->sysinit_ms + f->last_uptime;
				f->has |= FLOW_HAS_END;
			}
		} else if (m->version == 5 || m->version == 9) {
			if (!(f->has & FLOW_HAS_START) &&
			    fx[FX_START_UP] >= 0) {
				f->start_ms = flow_uptime_ms(m,
				    f->first_uptime);
				f->has |= FLOW_HAS_START;
			}
			if (!(f->has & FLOW_HAS_END) && fx[FX_END_UP] >= 0) {
				f->end_ms = flow_uptime_ms(m, f->last_uptime);
				f->has |= FLOW_HAS_END;
			}
		}
	}

	if ((i = fx[FX_POST_SRC4]) >= 0)
		flow_addr4(&f->post_src, v[i].p);
	else if ((i = fx[FX_POST_SRC6]) >= 0)
		flow_addr6(&f->post_src, v[i].p);
	if ((i = fx[FX_POST_DST4]) >= 0)
		flow_addr4(&f->post_dst, v[i].p);
	else if ((i = fx[FX_POST_DST6]) >= 0)
		flow_addr6(&f->post_dst, v[i].p);
	if ((i = fx[FX_POST_SPORT]) >= 0)
		f->post_sport = (uint16_t)flow_uint(&v[i]);
	if ((i = fx[FX_POST_DPORT]) >= 0)
		f->post_dport = (uint16_t)flow_uint(&v[i]);
	if (f->post_src.af != 0 || f->post_dst.af != 0 ||
	    fx[FX_POST_SPORT] >= 0 || fx[FX_POST_DPORT] >= 0)
		f->has |= FLOW_HAS_POSTNAT;

	f->version = m->version;
	f->tmpl_id = t->id;
	f->domain = m->domain;
	f->dgram = m->index;
	f->export_time = m->export_time;
	f->arrival_us = m->arrival_us;
}
