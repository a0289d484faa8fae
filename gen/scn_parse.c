/*
 * scn_parse.c: read a scenario (.scn, pflowlab-scenario(5)) into struct
 * scenario.  One line is one statement; the first word says which.  Names
 * and sides that may be declared later in the file are resolved at the
 * end; the first error stops the parse and nothing is returned.
 */
#include <sys/socket.h>
#include <netinet/in.h>

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scn_lex.h"

#define TOK(i)	(p->tok[(i)].s)
#define IS(i, w)	((i) < p->ntok && strcmp(TOK(i), (w)) == 0)

static int
grow(void **v, size_t n, size_t sz)
{
	void *nv;
	size_t cap;

	/* capacity doubles at powers of two */
	if (n != 0 && (n & (n - 1)) != 0)
		return 0;
	cap = n == 0 ? 4 : n * 2;
	nv = realloc(*v, cap * sz);
	if (nv == NULL)
		return -1;
	*v = nv;
	return 0;
}

static const char *const op_names[SCN_OP_COUNT_] = {
	[SCN_OP_CONNECT] = "connect",
	[SCN_OP_SYN_ONLY] = "syn",
	[SCN_OP_SEND] = "send",
	[SCN_OP_RECV] = "recv",
	[SCN_OP_IDLE] = "idle",
	[SCN_OP_SHUT] = "shut",
	[SCN_OP_SHUT_PEER] = "shut peer",
	[SCN_OP_CLOSE_FIN] = "close fin",
	[SCN_OP_CLOSE_FIN_PEER] = "close fin peer",
	[SCN_OP_RST] = "close rst",
	[SCN_OP_RST_PEER] = "close rst peer",
	[SCN_OP_PING] = "ping",
	[SCN_OP_BOTH] = "both",
};

const char *
scn_op_name(enum scn_op op)
{
	return (unsigned int)op < SCN_OP_COUNT_ ? op_names[op] : "?";
}

uint64_t
scn_ninstances(const struct scenario *s)
{
	uint64_t n = 0;
	size_t i;

	for (i = 0; i < s->nsessions; i++)
		n += s->sessions[i].repeat;
	return n;
}

void
scn_name(const char *path, char *buf, size_t len)
{
	const char *b = strrchr(path, '/');
	size_t n;

	b = b != NULL ? b + 1 : path;
	snprintf(buf, len, "%s", b);
	n = strlen(buf);
	if (n > 4 && strcmp(buf + n - 4, ".scn") == 0)
		buf[n - 4] = '\0';
}

/* ------------------------------------------------------------------ */
/* small readers over the current line's tokens */

static int
want(struct scn_parser *p, int i, const char *what)
{
	if (i < p->ntok && strcmp(TOK(i), ";") != 0)
		return 0;
	scn_terr(p, i, "expected %s", what);
	return -1;
}

static int
get_u64(struct scn_parser *p, int i, uint64_t max, const char *what,
    uint64_t *v)
{
	if (want(p, i, what) == -1)
		return -1;
	if (scn_val_u64(TOK(i), max, v) == -1) {
		scn_terr(p, i, "%s: '%s' is not a number from 0 to %llu",
		    what, TOK(i), (unsigned long long)max);
		return -1;
	}
	return 0;
}

static int
get_dur(struct scn_parser *p, int i, const char *what, int64_t *us)
{
	if (want(p, i, what) == -1)
		return -1;
	if (scn_val_dur(TOK(i), us) == -1) {
		scn_terr(p, i, "%s: '%s' is not a duration (like 1.5s, 10ms, "
		    "250us, 2m, 1h)", what, TOK(i));
		return -1;
	}
	return 0;
}

static int
end_of_line(struct scn_parser *p, int i)
{
	if (i >= p->ntok)
		return 0;
	scn_terr(p, i, "unexpected '%s'", TOK(i));
	return -1;
}

static const struct scn_host *
host_find(const struct scenario *s, const char *name)
{
	size_t i;

	for (i = 0; i < s->nhosts; i++)
		if (strcmp(s->hosts[i].name, name) == 0)
			return &s->hosts[i];
	return NULL;
}

static int
side_word(const char *w, enum scn_side *side)
{
	if (strcmp(w, "client") == 0 || strcmp(w, "inside") == 0)
		*side = SCN_CLIENT;
	else if (strcmp(w, "server") == 0 || strcmp(w, "outside") == 0)
		*side = SCN_SERVER;
	else
		return -1;
	return 0;
}

/*
 * An endpoint: "198.18.1.2:40000", "web:80", "[2001:db8::1]:80",
 * "2001:db8::1", "198.18.1.2", "web".  port is -1 when absent.
 */
static int
get_endpoint(struct scn_parser *p, int i, struct addr *a, int *port)
{
	char buf[128];
	const char *t, *colon = NULL, *h;
	const struct scn_host *host;
	uint64_t v;
	size_t n;

	if (want(p, i, "an address") == -1)
		return -1;
	t = TOK(i);
	*port = -1;
	if (strlen(t) >= sizeof(buf)) {
		scn_terr(p, i, "address too long");
		return -1;
	}
	if (t[0] == '[') {
		const char *rb = strchr(t, ']');

		if (rb == NULL) {
			scn_terr(p, i, "missing ']' after IPv6 address");
			return -1;
		}
		n = (size_t)(rb - t - 1);
		memcpy(buf, t + 1, n);
		buf[n] = '\0';
		if (rb[1] == ':')
			colon = rb + 1;
		else if (rb[1] != '\0') {
			scn_terr(p, i, "expected ':PORT' after ']'");
			return -1;
		}
	} else {
		const char *c1 = strchr(t, ':');

		if (c1 != NULL && strchr(c1 + 1, ':') == NULL) {
			colon = c1;
			n = (size_t)(c1 - t);
		} else
			n = strlen(t);
		memcpy(buf, t, n);
		buf[n] = '\0';
	}
	if (colon != NULL) {
		if (scn_val_u64(colon + 1, 65535, &v) == -1) {
			scn_terr(p, i, "'%s' is not a port number (0-65535)",
			    colon + 1);
			return -1;
		}
		*port = (int)v;
	}
	if (addr_parse(buf, a) == 0)
		return 0;
	h = buf;
	if ((host = host_find(p->s, h)) != NULL) {
		*a = host->addr;
		return 0;
	}
	if (isalpha((unsigned char)h[0]))
		scn_terr(p, i, "unknown host '%s' (declare it with 'host %s "
		    "ADDRESS client|server' before use)", h, h);
	else
		scn_terr(p, i, "'%s' is not an IPv4 or IPv6 address", h);
	return -1;
}

/* ------------------------------------------------------------------ */
/* gateway statements */

static int
proto_word(const char *w)
{
	if (strcmp(w, "ipfix") == 0 || strcmp(w, "10") == 0)
		return 10;
	if (strcmp(w, "v5") == 0 || strcmp(w, "5") == 0)
		return 5;
	return 0;
}

static int
st_profile(struct scn_parser *p)
{
	const struct profile *const *all;
	char names[256] = "";

	if (want(p, 1, "a profile name") == -1)
		return -1;
	if ((p->prof = profile_get(TOK(1))) == NULL) {
		for (all = profile_all(); *all != NULL; all++) {
			if (names[0] != '\0')
				scn_lcat(names, ", ", sizeof(names));
			scn_lcat(names, (*all)->name, sizeof(names));
		}
		scn_terr(p, 1, "unknown profile '%s' (known: %s)", TOK(1),
		    names);
		return -1;
	}
	if (p->ntok > 2) {
		if ((p->proto = proto_word(TOK(2))) == 0) {
			scn_terr(p, 2, "export protocol must be v5 or ipfix");
			return -1;
		}
		return end_of_line(p, 3);
	}
	return 0;
}

static int
st_export(struct scn_parser *p)
{
	if (want(p, 1, "v5 or ipfix") == -1)
		return -1;
	if ((p->proto = proto_word(TOK(1))) == 0) {
		scn_terr(p, 1, "export protocol must be v5 or ipfix");
		return -1;
	}
	return end_of_line(p, 2);
}

static int
get_exporter(struct scn_parser *p, int i, struct exporter *e)
{
	int port;

	if (get_endpoint(p, i, &e->addr, &port) == -1)
		return -1;
	e->port = port < 0 ? 0 : (uint16_t)port;
	return 0;
}

static int
st_pflow(struct scn_parser *p)
{
	struct gw_pflow *pf;
	uint64_t v;
	int i, port;

	if (IS(1, "in") || IS(1, "out") || IS(1, "both")) {
		p->pflow_in = IS(1, "in") || IS(1, "both");
		p->pflow_out = IS(1, "out") || IS(1, "both");
		p->placement = 1;
		return end_of_line(p, 2);
	}
	if (want(p, 1, "in, out, both or an interface pflowN") == -1)
		return -1;
	if (strncmp(TOK(1), "pflow", 5) != 0 ||
	    scn_val_u64(TOK(1) + 5, 255, &v) == -1) {
		scn_terr(p, 1, "expected in, out, both or an interface "
		    "pflowN, not '%s'", TOK(1));
		return -1;
	}
	if (p->npf == GW_MAXPFLOW) {
		scn_terr(p, 1, "at most %d pflow interfaces", GW_MAXPFLOW);
		return -1;
	}
	pf = &p->pf[p->npf];
	memset(pf, 0, sizeof(*pf));
	pf->mtu = 1500;
	p->pf_proto[p->npf] = 0;
	for (i = 2; i < p->ntok; i += 2) {
		if (IS(i, "flowsrc")) {
			if (get_endpoint(p, i + 1, &pf->flowsrc, &port) == -1)
				return -1;
			if (port >= 0) {
				scn_terr(p, i + 1, "flowsrc takes no port");
				return -1;
			}
		} else if (IS(i, "flowdst")) {
			if (get_exporter(p, i + 1, &pf->flowdst) == -1)
				return -1;
		} else if (IS(i, "proto") || IS(i, "pflowproto")) {
			if (want(p, i + 1, "5 or 10") == -1)
				return -1;
			if ((pf->proto = proto_word(TOK(i + 1))) == 0) {
				scn_terr(p, i + 1, "pflowproto must be 5 or "
				    "10 (v5 or ipfix)");
				return -1;
			}
			p->pf_proto[p->npf] = 1;
		} else if (IS(i, "mtu")) {
			if (get_u64(p, i + 1, 65535, "mtu", &v) == -1)
				return -1;
			if (v < 576) {
				scn_terr(p, i + 1, "mtu below 576");
				return -1;
			}
			pf->mtu = (uint16_t)v;
		} else {
			scn_terr(p, i, "expected flowsrc, flowdst, proto or "
			    "mtu, not '%s'", TOK(i));
			return -1;
		}
	}
	if (pf->flowdst.addr.af == 0) {
		scn_terr(p, 1, "pflow interface without flowdst");
		return -1;
	}
	if (pf->flowsrc.af == 0) {
		static const uint8_t d4[4] = { 198, 18, 0, 1 };
		addr_set4(&pf->flowsrc, d4);
	}
	if (pf->flowsrc.af != pf->flowdst.addr.af) {
		scn_terr(p, 1, "flowsrc and flowdst differ in address family");
		return -1;
	}
	p->npf++;
	return 0;
}

static int
st_nat(struct scn_parser *p)
{
	struct gw_nat *n = &p->nat;
	uint64_t lo, hi;
	char buf[32], *c;
	int i, port, r;

	memset(n, 0, sizeof(*n));
	if (get_endpoint(p, 1, &n->to, &port) == -1)
		return -1;
	if (port >= 0) {
		scn_terr(p, 1, "write the port range as 'port LO:HI'");
		return -1;
	}
	for (i = 2; i < p->ntok; i += 2) {
		if (IS(i, "port")) {
			if (want(p, i + 1, "a port or LO:HI") == -1)
				return -1;
			scn_lcpy(buf, TOK(i + 1), sizeof(buf));
			if ((c = strchr(buf, ':')) != NULL)
				*c++ = '\0';
			if (scn_val_u64(buf, 65535, &lo) == -1 || lo == 0 ||
			    (c != NULL && scn_val_u64(c, 65535, &hi) == -1) ||
			    (c == NULL && (hi = lo, 0))) {
				scn_terr(p, i + 1, "expected a port or LO:HI "
				    "from 1 to 65535");
				return -1;
			}
			if (hi < lo) {
				scn_terr(p, i + 1, "port range ends before "
				    "it starts");
				return -1;
			}
			n->port_lo = (uint16_t)lo;
			n->port_hi = (uint16_t)hi;
		} else if (IS(i, "from")) {
			if (want(p, i + 1, "a network") == -1)
				return -1;
			r = scn_val_net(TOK(i + 1), &n->match, &n->match_plen);
			if (r == -2) {
				scn_terr(p, i + 1, "host bits set in '%s'",
				    TOK(i + 1));
				return -1;
			}
			if (r == -1) {
				scn_terr(p, i + 1, "'%s' is not a network",
				    TOK(i + 1));
				return -1;
			}
			if (n->match.af != n->to.af) {
				scn_terr(p, i + 1, "nat-to address and 'from' "
				    "network differ in address family");
				return -1;
			}
		} else {
			scn_terr(p, i, "expected 'port' or 'from', not '%s'",
			    TOK(i));
			return -1;
		}
	}
	if (n->match.af == 0)
		n->match.af = n->to.af;	/* any address of that family */
	n->on = 1;
	return 0;
}

static int
st_rdr(struct scn_parser *p)
{
	struct gw_rdr *r = &p->rdr;
	int port, i = 2;

	memset(r, 0, sizeof(*r));
	if (get_endpoint(p, 1, &r->match, &port) == -1)
		return -1;
	r->match_port = port < 0 ? 0 : (uint16_t)port;
	if (IS(2, "->") || IS(2, "to"))
		i = 3;
	else {
		scn_terr(p, 2, "expected '->' and the internal address");
		return -1;
	}
	if (get_endpoint(p, i, &r->to, &port) == -1)
		return -1;
	r->to_port = port < 0 ? 0 : (uint16_t)port;
	if (r->to.af != r->match.af) {
		scn_terr(p, i, "rdr-to addresses differ in address family");
		return -1;
	}
	r->on = 1;
	return end_of_line(p, i + 1);
}

static int
st_set(struct scn_parser *p)
{
	uint64_t v;
	int i, t;

	if (IS(1, "timeout")) {
		if (want(p, 2, "a timeout name") == -1)
			return -1;
		for (i = 2; i < p->ntok; i += 2) {
			if ((t = pftm_byname(TOK(i))) < 0) {
				scn_terr(p, i, "unknown timeout '%s' (pf.conf "
				    "names: tcp.first, tcp.established, "
				    "udp.single, interval, ...)", TOK(i));
				return -1;
			}
			if (want(p, i + 1, "seconds") == -1)
				return -1;
			if (scn_val_u64(TOK(i + 1), UINT32_MAX, &v) == -1) {
				int64_t us;

				if (scn_val_dur(TOK(i + 1), &us) == -1 ||
				    us % 1000000 != 0) {
					scn_terr(p, i + 1, "timeout must be "
					    "whole seconds, not '%s'",
					    TOK(i + 1));
					return -1;
				}
				v = (uint64_t)us / 1000000;
			}
			p->tmo[t] = (uint32_t)v;
			p->tmo_set[t] = 1;
		}
		return 0;
	}
	if (IS(1, "limit")) {
		if (!IS(2, "states")) {
			scn_terr(p, 2, "only 'set limit states N' is known");
			return -1;
		}
		if (get_u64(p, 3, UINT32_MAX, "state limit", &v) == -1)
			return -1;
		p->limit = (int64_t)v;
		return end_of_line(p, 4);
	}
	if (p->ntok < 2)
		scn_terr(p, 1, "expected 'timeout' or 'limit'");
	else
		scn_terr(p, 1, "expected 'timeout' or 'limit', not '%s'",
		    TOK(1));
	return -1;
}

static int
st_tos(struct scn_parser *p, int i, int *tos)
{
	uint64_t v;

	if (get_u64(p, i, 255, "tos", &v) == -1)
		return -1;
	*tos = (int)v;
	return 0;
}

/* ------------------------------------------------------------------ */
/* hosts and sides */

static int
st_host(struct scn_parser *p)
{
	struct scenario *s = p->s;
	struct scn_host *h;
	enum scn_side side;
	int port;

	if (want(p, 1, "a host name") == -1)
		return -1;
	if (!isalpha((unsigned char)TOK(1)[0]) ||
	    strlen(TOK(1)) >= SCN_NAMELEN || strchr(TOK(1), ':') != NULL) {
		scn_terr(p, 1, "host name must start with a letter, have no "
		    "':' and fewer than %d characters", SCN_NAMELEN);
		return -1;
	}
	if (host_find(s, TOK(1)) != NULL) {
		scn_terr(p, 1, "host '%s' declared twice", TOK(1));
		return -1;
	}
	if (grow((void **)&s->hosts, s->nhosts, sizeof(*h)) == -1) {
		scn_terr(p, 0, "out of memory");
		return -1;
	}
	h = &s->hosts[s->nhosts];
	memset(h, 0, sizeof(*h));
	if (get_endpoint(p, 2, &h->addr, &port) == -1)
		return -1;
	if (port >= 0) {
		scn_terr(p, 2, "a host has no port");
		return -1;
	}
	if (want(p, 3, "client or server") == -1)
		return -1;
	if (side_word(TOK(3), &side) == -1) {
		scn_terr(p, 3, "side must be client (inside) or server "
		    "(outside), not '%s'", TOK(3));
		return -1;
	}
	scn_lcpy(h->name, TOK(1), sizeof(h->name));
	h->side = side;
	h->line = p->lineno;
	s->nhosts++;
	return end_of_line(p, 4);
}

static int
st_net(struct scn_parser *p, enum scn_side side)
{
	struct scn_net *n;
	int i, r;

	if (want(p, 1, "a network") == -1)
		return -1;
	for (i = 1; i < p->ntok; i++) {
		if (grow((void **)&p->nets, p->nnets, sizeof(*n)) == -1) {
			scn_terr(p, 0, "out of memory");
			return -1;
		}
		n = &p->nets[p->nnets];
		r = scn_val_net(TOK(i), &n->net, &n->plen);
		if (r == -2) {
			scn_terr(p, i, "host bits set in '%s'", TOK(i));
			return -1;
		}
		if (r == -1) {
			scn_terr(p, i, "'%s' is not a network (like "
			    "198.18.1.0/24)", TOK(i));
			return -1;
		}
		n->side = side;
		p->nnets++;
	}
	return 0;
}

/* Side of an address: host table, then the longest declared net. */
static int
side_of(const struct scn_parser *p, const struct addr *a)
{
	const struct scn_host *h;
	size_t i;
	int best = -1, side = -1;

	for (i = 0; i < p->s->nhosts; i++) {
		h = &p->s->hosts[i];
		if (addr_cmp(&h->addr, a) == 0)
			return (int)h->side;
	}
	for (i = 0; i < p->nnets; i++)
		if (addr_in_net(a->af, a->a, &p->nets[i].net,
		    p->nets[i].plen) &&
		    (int)p->nets[i].plen > best) {
			best = p->nets[i].plen;
			side = (int)p->nets[i].side;
		}
	return side;
}

/* ------------------------------------------------------------------ */
/* sessions */

static int
add_step(struct scn_parser *p, struct scn_session *ss, int i,
    const struct scn_step *st)
{
	if (grow((void **)&ss->steps, ss->nsteps, sizeof(*st)) == -1) {
		scn_terr(p, i, "out of memory");
		return -1;
	}
	ss->steps[ss->nsteps] = *st;
	ss->steps[ss->nsteps].line = p->lineno;
	ss->steps[ss->nsteps].col = p->tok[i].col;
	ss->nsteps++;
	return 0;
}

static int
is_step_word(const char *w)
{
	static const char *const words[] = { "connect", "syn", "send",
	    "recv", "both", "idle", "shut", "close", "rst", "ping", NULL };
	int i;

	for (i = 0; words[i] != NULL; i++)
		if (strcmp(w, words[i]) == 0)
			return 1;
	return 0;
}

/* Session options, before the protocol or after the endpoints. */
static int
sess_option(struct scn_parser *p, struct scn_session *ss, int *ip,
    int *tos)
{
	int i = *ip;
	uint64_t v;

	if (IS(i, "at")) {
		if (get_dur(p, i + 1, "start time", &ss->start_us) == -1)
			return -1;
		*ip = i + 2;
	} else if (IS(i, "repeat")) {
		if (get_u64(p, i + 1, 100000000, "repeat count", &v) == -1)
			return -1;
		if (v == 0) {
			scn_terr(p, i + 1, "repeat count must be at least 1");
			return -1;
		}
		ss->repeat = (uint32_t)v;
		*ip = i + 2;
	} else if (IS(i, "every")) {
		if (get_dur(p, i + 1, "interval", &ss->interval_us) == -1)
			return -1;
		*ip = i + 2;
	} else if (IS(i, "sport") || IS(i, "src")) {
		const char *t;

		if (want(p, i + 1, "+STEP") == -1)
			return -1;
		t = TOK(i + 1);
		if (t[0] != '+' || scn_val_u64(t + 1, IS(i, "sport") ?
		    65535 : UINT32_MAX, &v) == -1) {
			scn_terr(p, i + 1, "expected +STEP (like +1), not "
			    "'%s'", t);
			return -1;
		}
		if (IS(i, "sport"))
			ss->sport_step = (uint16_t)v;
		else
			ss->src_step = (uint32_t)v;
		*ip = i + 2;
	} else if (IS(i, "name")) {
		if (want(p, i + 1, "a session name") == -1)
			return -1;
		if (!isalpha((unsigned char)TOK(i + 1)[0]) ||
		    strlen(TOK(i + 1)) >= SCN_NAMELEN) {
			scn_terr(p, i + 1, "session name must start with a "
			    "letter and have fewer than %d characters",
			    SCN_NAMELEN);
			return -1;
		}
		scn_lcpy(ss->name, TOK(i + 1), sizeof(ss->name));
		*ip = i + 2;
	} else if (IS(i, "tos")) {
		if (st_tos(p, i + 1, tos) == -1)
			return -1;
		*ip = i + 2;
	} else if (IS(i, "pace")) {
		if (get_dur(p, i + 1, "pace", &ss->pace_us) == -1)
			return -1;
		*ip = i + 2;
	} else if (IS(i, "id")) {
		if (get_u64(p, i + 1, 65535, "echo id", &v) == -1)
			return -1;
		if (ss->proto != 0 && ss->proto != IPPROTO_ICMP &&
		    ss->proto != IPPROTO_ICMPV6) {
			scn_terr(p, i, "'id' is the echo id of icmp and icmp6 "
			    "sessions");
			return -1;
		}
		p->echo_id = (int)v;
		p->echo_id_tok = i;
		*ip = i + 2;
	} else
		return 0;
	return 1;
}

/* Optional "gap D" at token i; *ip moves past it. */
static int
opt_gap(struct scn_parser *p, int *ip, int64_t *gap)
{
	if (IS(*ip, "gap")) {
		if (get_dur(p, *ip + 1, "gap", gap) == -1)
			return -1;
		*ip += 2;
	}
	return 0;
}

struct tcpstate {
	int	open;		/* handshake done */
	int	syn;		/* syn-only: nothing but idle may follow */
	int	fin[2];		/* FIN sent by initiator / responder */
	int	closed;		/* close or rst done */
};

/* One step starting at token i; returns the token after it. */
static int
sess_step(struct scn_parser *p, struct scn_session *ss, int i,
    struct tcpstate *ts, uint64_t *npkts)
{
	struct scn_step st;
	const char *w = TOK(i);
	int j = i + 1, peer = 0;
	uint64_t v;

	memset(&st, 0, sizeof(st));
	st.count = 1;
	st.gap_us = -1;
	if (strcmp(w, ";") == 0) {
		scn_terr(p, i, "empty step (two ';' in a row)");
		return -1;
	}
	if (!is_step_word(w)) {
		scn_terr(p, i, "unknown step '%s' (connect, syn, send, recv, "
		    "both, idle, shut, close, rst, ping)", w);
		return -1;
	}
	if (ss->proto == IPPROTO_TCP) {
		if (strcmp(w, "ping") == 0) {
			scn_terr(p, i, "ping is for icmp and icmp6 sessions");
			return -1;
		}
		if (ts->closed && strcmp(w, "idle") != 0) {
			scn_terr(p, i, "'%s' after the session was closed", w);
			return -1;
		}
		if (ts->syn && strcmp(w, "idle") != 0) {
			scn_terr(p, i, "'%s' after an unanswered syn", w);
			return -1;
		}
		if (!ts->open && strcmp(w, "connect") != 0 &&
		    strcmp(w, "syn") != 0 && strcmp(w, "idle") != 0) {
			scn_terr(p, i, "'%s' before 'connect' (a TCP session "
			    "starts with connect or syn)", w);
			return -1;
		}
		if (ts->open && (strcmp(w, "connect") == 0 ||
		    strcmp(w, "syn") == 0)) {
			scn_terr(p, i, "'%s' on a connected session", w);
			return -1;
		}
	} else if (strcmp(w, "send") != 0 && strcmp(w, "recv") != 0 &&
	    strcmp(w, "both") != 0 &&
	    strcmp(w, "idle") != 0 && !(strcmp(w, "ping") == 0 &&
	    (ss->proto == IPPROTO_ICMP || ss->proto == IPPROTO_ICMPV6))) {
		scn_terr(p, i, "'%s' is not a %s step (%s)", w,
		    ss->proto == IPPROTO_UDP ? "udp" : "icmp",
		    ss->proto == IPPROTO_UDP ? "send, recv, both, idle" :
		    "ping, idle");
		return -1;
	} else if (ss->proto != IPPROTO_UDP && strcmp(w, "ping") != 0 &&
	    strcmp(w, "idle") != 0) {
		scn_terr(p, i, "'%s' is not an icmp step (ping, idle)", w);
		return -1;
	}

	if (strcmp(w, "connect") == 0) {
		st.op = SCN_OP_CONNECT;
		ts->open = 1;
		*npkts += 3;
	} else if (strcmp(w, "syn") == 0) {
		st.op = SCN_OP_SYN_ONLY;
		if (j < p->ntok && isdigit((unsigned char)TOK(j)[0])) {
			if (get_u64(p, j, 1000, "SYN count", &v) == -1)
				return -1;
			if (v == 0) {
				scn_terr(p, j, "SYN count must be at least 1");
				return -1;
			}
			st.count = (uint32_t)v;
			j++;
		}
		if (opt_gap(p, &j, &st.gap_us) == -1)
			return -1;
		ts->syn = 1;
		*npkts += st.count;
	} else if (strcmp(w, "send") == 0 || strcmp(w, "recv") == 0 ||
	    strcmp(w, "both") == 0) {
		int rev = w[0] == 'r', both = w[0] == 'b';

		st.op = both ? SCN_OP_BOTH : rev ? SCN_OP_RECV : SCN_OP_SEND;
		if (want(p, j, "COUNTxSIZE (like 3x1000)") == -1)
			return -1;
		if (scn_val_size(TOK(j), &st.count, &st.size) == -1) {
			scn_terr(p, j, "expected COUNTxSIZE (like 3x1000) or "
			    "SIZE, not '%s'", TOK(j));
			return -1;
		}
		if (st.size > SCN_MAXSIZE) {
			scn_terr(p, j, "size %u is above %u octets", st.size,
			    SCN_MAXSIZE);
			return -1;
		}
		if (ss->proto == IPPROTO_TCP && st.size == 0) {
			scn_terr(p, j, "a TCP segment carries at least one "
			    "octet");
			return -1;
		}
		if (ss->proto == IPPROTO_TCP && (ts->fin[rev] ||
		    (both && ts->fin[1]))) {
			scn_terr(p, i, "'%s' after the %s sent its FIN", w,
			    rev || (both && !ts->fin[0]) ? "responder" :
			    "initiator");
			return -1;
		}
		j++;
		if (opt_gap(p, &j, &st.gap_us) == -1)
			return -1;
		*npkts += (uint64_t)st.count * (both ? 2 : 1) +
		    (ss->proto == IPPROTO_TCP);
	} else if (strcmp(w, "idle") == 0) {
		st.op = SCN_OP_IDLE;
		st.count = 0;
		if (get_dur(p, j, "idle time", &st.dur_us) == -1)
			return -1;
		j++;
	} else if (strcmp(w, "shut") == 0) {
		if (IS(j, "peer")) {
			peer = 1;
			j++;
		}
		st.op = peer ? SCN_OP_SHUT_PEER : SCN_OP_SHUT;
		if (ts->fin[peer]) {
			scn_terr(p, i, "the %s already sent its FIN",
			    peer ? "responder" : "initiator");
			return -1;
		}
		ts->fin[peer] = 1;
		*npkts += 2;
	} else if (strcmp(w, "close") == 0 || strcmp(w, "rst") == 0) {
		int rst = w[0] == 'r';

		if (!rst && IS(j, "fin"))
			j++;
		else if (!rst && IS(j, "rst")) {
			rst = 1;
			j++;
		}
		if (IS(j, "peer")) {
			peer = 1;
			j++;
		}
		if (rst)
			st.op = peer ? SCN_OP_RST_PEER : SCN_OP_RST;
		else {
			st.op = peer ? SCN_OP_CLOSE_FIN_PEER :
			    SCN_OP_CLOSE_FIN;
			if (ts->fin[0] && ts->fin[1]) {
				scn_terr(p, i, "both sides already sent FIN; "
				    "nothing to close");
				return -1;
			}
		}
		ts->closed = 1;
		*npkts += 3;
	} else if (strcmp(w, "ping") == 0) {
		st.op = SCN_OP_PING;
		st.size = 56;
		st.reply = 1;
		if (j < p->ntok && isdigit((unsigned char)TOK(j)[0])) {
			if (scn_val_size(TOK(j), &st.count, &st.size) == -1 ||
			    (strchr(TOK(j), 'x') == NULL &&
			    (st.count = st.size, st.size = 56, 0))) {
				scn_terr(p, j, "expected COUNT or COUNTxSIZE "
				    "(like 3x56), not '%s'", TOK(j));
				return -1;
			}
			if (st.count == 0) {
				scn_terr(p, j, "ping count must be at least 1");
				return -1;
			}
			if (st.size > SCN_MAXSIZE) {
				scn_terr(p, j, "size %u is above %u octets",
				    st.size, SCN_MAXSIZE);
				return -1;
			}
			j++;
		}
		for (;;) {
			if (IS(j, "noreply")) {
				st.reply = 0;
				j++;
			} else if (IS(j, "gap")) {
				if (opt_gap(p, &j, &st.gap_us) == -1)
					return -1;
			} else
				break;
		}
		*npkts += (uint64_t)st.count * (st.reply ? 2 : 1);
	}
	if (j < p->ntok && !IS(j, ";")) {
		scn_terr(p, j, "unexpected '%s' in '%s' (steps are separated "
		    "by ';')", TOK(j), w);
		return -1;
	}
	if (add_step(p, ss, i, &st) == -1)
		return -1;
	return j;
}

static int
st_session(struct scn_parser *p)
{
	struct scenario *s = p->s;
	struct scn_session ss;
	struct scn_ref ref;
	struct tcpstate ts;
	uint64_t npkts = 0;
	int i = 0, r, sport, dport, tos = -1, pi, si, di;

	memset(&ss, 0, sizeof(ss));
	memset(&ts, 0, sizeof(ts));
	memset(&ref, 0, sizeof(ref));
	ss.repeat = 1;
	ss.interval_us = 1000;
	ss.sport_step = 1;
	ss.pace_us = SCN_DEFAULT_PACE_US;
	ss.line = p->lineno;
	ss.sport = 0;
	p->echo_id = -1;
	while ((r = sess_option(p, &ss, &i, &tos)) == 1)
		;
	if (r == -1)
		goto bad;
	if (want(p, i, "tcp, udp, icmp or icmp6") == -1)
		goto bad;
	pi = i;
	if (IS(i, "tcp"))
		ss.proto = IPPROTO_TCP;
	else if (IS(i, "udp"))
		ss.proto = IPPROTO_UDP;
	else if (IS(i, "icmp"))
		ss.proto = IPPROTO_ICMP;
	else if (IS(i, "icmp6") || IS(i, "ipv6-icmp"))
		ss.proto = IPPROTO_ICMPV6;
	else {
		if (i == 0)
			scn_terr(p, i, "unknown keyword '%s'", TOK(i));
		else
			scn_terr(p, i, "expected tcp, udp, icmp or icmp6, not "
			    "'%s'", TOK(i));
		goto bad;
	}
	si = ++i;
	if (get_endpoint(p, i, &ss.src, &sport) == -1)
		goto bad;
	if (!IS(i + 1, ">")) {
		scn_terr(p, i + 1, "expected '>' between source and "
		    "destination");
		goto bad;
	}
	di = i += 2;
	if (get_endpoint(p, i, &ss.dst, &dport) == -1)
		goto bad;
	i++;
	if (ss.src.af != ss.dst.af) {
		scn_terr(p, di, "source and destination differ in address "
		    "family");
		goto bad;
	}
	if (ss.proto == IPPROTO_ICMP && ss.src.af == AF_INET6) {
		scn_terr(p, pi, "IPv6 echo is 'icmp6'");
		goto bad;
	}
	if (ss.proto == IPPROTO_ICMPV6 && ss.src.af == AF_INET) {
		scn_terr(p, pi, "IPv4 echo is 'icmp'");
		goto bad;
	}
	if (ss.proto == IPPROTO_TCP || ss.proto == IPPROTO_UDP) {
		if (dport <= 0) {
			scn_terr(p, di, "destination port missing (like "
			    "198.18.2.2:80)");
			goto bad;
		}
		if (sport == 0) {
			scn_terr(p, si, "source port 0");
			goto bad;
		}
		if (p->echo_id >= 0) {
			scn_terr(p, p->echo_id_tok, "'id' is the echo id of "
			    "icmp and icmp6 sessions");
			goto bad;
		}
		ss.sport = sport > 0 ? (uint16_t)sport :
		    (uint16_t)(49152 + p->next_id % 16384);
		ss.dport = (uint16_t)dport;
	} else {
		if (sport >= 0 || dport >= 0) {
			scn_terr(p, sport >= 0 ? si : di, "ICMP has no ports "
			    "(the echo id is 'id N')");
			goto bad;
		}
		ss.dport = ss.proto == IPPROTO_ICMP ? 8 : 128;
	}
	while ((r = sess_option(p, &ss, &i, &tos)) == 1)
		;
	if (r == -1)
		goto bad;
	/* echo id: "id N", else the session number */
	if (ss.proto == IPPROTO_ICMP || ss.proto == IPPROTO_ICMPV6)
		ss.sport = p->echo_id >= 0 ? (uint16_t)p->echo_id :
		    (uint16_t)(p->next_id + 1);
	if (i >= p->ntok) {
		scn_terr(p, i, "session without steps (like 'connect; send "
		    "1x100; close fin')");
		goto bad;
	}
	for (;;) {
		if ((i = sess_step(p, &ss, i, &ts, &npkts)) == -1)
			goto bad;
		if (i >= p->ntok)
			break;
		i++;	/* ';' */
		if (i >= p->ntok)
			break;
	}
	if (npkts == 0) {
		scn_terr(p, 0, "this session sends no packet");
		goto bad;
	}
	if ((double)ss.start_us + (double)(ss.repeat - 1) *
	    (double)ss.interval_us > (double)SCN_MAXEND_US) {
		scn_terr(p, 0, "the last repetition would start too late");
		goto bad;
	}
	ss.tos = (uint8_t)(tos >= 0 ? tos : 0);
	ss.rsrc = ss.dst;
	ss.rport = ss.dport;
	ss.id = (uint32_t)(p->next_id + 1);
	if (p->next_id + ss.repeat > UINT32_MAX) {
		scn_terr(p, 0, "more than 2^32-1 sessions");
		goto bad;
	}
	p->next_id += ss.repeat;
	if (grow((void **)&s->sessions, s->nsessions, sizeof(ss)) == -1 ||
	    grow((void **)&p->sref, s->nsessions, sizeof(ref)) == -1) {
		scn_terr(p, 0, "out of memory");
		goto bad;
	}
	ref.line = p->lineno;
	ref.col = p->tok[si].col;
	ref.col2 = p->tok[di].col;
	/* tos < 0: take the rule's tos at the end */
	ref.name[0] = tos < 0 ? 1 : 0;
	p->sref[s->nsessions] = ref;
	s->sessions[s->nsessions++] = ss;
	return 0;
bad:
	free(ss.steps);
	return -1;
}

/* ------------------------------------------------------------------ */
/* expectations and the rest */

static int
num_tol(struct scn_parser *p, int *ip, int64_t *v, uint32_t *tol,
    const char *what)
{
	uint64_t x;

	if (get_u64(p, *ip, INT64_MAX, what, &x) == -1)
		return -1;
	*v = (int64_t)x;
	(*ip)++;
	if (*ip < p->ntok && TOK(*ip)[0] == '~') {
		if (scn_val_pct(TOK(*ip), tol) == -1) {
			scn_terr(p, *ip, "tolerance is written ~N%% (like "
			    "~5%%)");
			return -1;
		}
		(*ip)++;
	}
	return 0;
}

static int
st_expect(struct scn_parser *p)
{
	struct scenario *s = p->s;
	struct scn_expect e;
	struct scn_ref ref;
	uint64_t v;
	int i = 2;

	memset(&e, 0, sizeof(e));
	memset(&ref, 0, sizeof(ref));
	e.line = p->lineno;
	e.records = e.packets = e.octets = e.count = -1;
	if (IS(1, "records")) {
		e.kind = SCN_EXP_RECORDS;
		if (num_tol(p, &i, &e.records, &e.tolerance_pct,
		    "record count") == -1)
			return -1;
	} else if (IS(1, "session")) {
		if (want(p, 2, "a session number or name") == -1)
			return -1;
		ref.line = p->lineno;
		ref.col = p->tok[2].col;
		if (isdigit((unsigned char)TOK(2)[0])) {
			if (get_u64(p, 2, UINT32_MAX, "session", &v) == -1)
				return -1;
			if (v == 0) {
				scn_terr(p, 2, "sessions are numbered from 1");
				return -1;
			}
			e.session = (uint32_t)v;
		} else
			scn_lcpy(ref.name, TOK(2), sizeof(ref.name));
		i = 3;
		if (IS(3, "none")) {
			e.kind = SCN_EXP_NONE;
			i = 4;
		} else if (IS(3, "fwd") || IS(3, "rev")) {
			e.kind = SCN_EXP_FLOW;
			e.rev = IS(3, "rev");
			for (i = 4; i < p->ntok;) {
				if (IS(i, "packets")) {
					i++;
					if (num_tol(p, &i, &e.packets,
					    &e.tolerance_pct, "packets") == -1)
						return -1;
				} else if (IS(i, "octets")) {
					i++;
					if (num_tol(p, &i, &e.octets,
					    &e.tolerance_pct, "octets") == -1)
						return -1;
				} else
					break;
			}
			if (e.packets < 0 && e.octets < 0) {
				scn_terr(p, i, "expected 'packets N' or "
				    "'octets N'");
				return -1;
			}
		} else {
			scn_terr(p, 3, "expected fwd, rev or none");
			return -1;
		}
	} else if (IS(1, "finding")) {
		e.kind = SCN_EXP_FINDING;
		if (want(p, 2, "a rule ID (like IPFIX-SEQ)") == -1)
			return -1;
		if (strlen(TOK(2)) >= sizeof(e.rule) ||
		    !isupper((unsigned char)TOK(2)[0])) {
			scn_terr(p, 2, "rule IDs are upper case, like "
			    "IPFIX-SEQ");
			return -1;
		}
		scn_lcpy(e.rule, TOK(2), sizeof(e.rule));
		i = 3;
		if (IS(3, "count")) {
			if (get_u64(p, 4, INT64_MAX, "count", &v) == -1)
				return -1;
			e.count = (int64_t)v;
			i = 5;
		}
	} else if (IS(1, "verdict")) {
		e.kind = SCN_EXP_VERDICT;
		if (IS(2, "pass"))
			e.pass = 1;
		else if (!IS(2, "fail")) {
			scn_terr(p, 2, "expected pass or fail");
			return -1;
		}
		i = 3;
	} else {
		scn_terr(p, 1, "expected records, session, finding or "
		    "verdict after 'expect'");
		return -1;
	}
	if (end_of_line(p, i) == -1)
		return -1;
	if (grow((void **)&s->expects, s->nexpects, sizeof(e)) == -1 ||
	    grow((void **)&p->eref, s->nexpects, sizeof(ref)) == -1) {
		scn_terr(p, 0, "out of memory");
		return -1;
	}
	p->eref[s->nexpects] = ref;
	s->expects[s->nexpects++] = e;
	return 0;
}

static int
st_fault(struct scn_parser *p)
{
	struct scenario *s = p->s;
	struct scn_fault f;
	char *o;
	int i;

	if (want(p, 1, "a fault (like 'drop dgram 3')") == -1)
		return -1;
	memset(&f, 0, sizeof(f));
	f.line = p->lineno;
	o = f.spec;
	for (i = 1; i < p->ntok; i++) {
		if (strlen(f.spec) + strlen(TOK(i)) + 2 > sizeof(f.spec)) {
			scn_terr(p, i, "fault too long");
			return -1;
		}
		if (i > 1)
			*o++ = ' ';
		o = stpcpy(o, TOK(i));
	}
	if (grow((void **)&s->faults, s->nfaults, sizeof(f)) == -1) {
		scn_terr(p, 0, "out of memory");
		return -1;
	}
	s->faults[s->nfaults++] = f;
	return 0;
}

static int
statement(struct scn_parser *p)
{
	struct scenario *s = p->s;
	const char *w = TOK(0);
	uint64_t v;
	int tos;

	if (strcmp(w, "profile") == 0)
		return st_profile(p);
	if (strcmp(w, "export") == 0)
		return st_export(p);
	if (strcmp(w, "pflow") == 0)
		return st_pflow(p);
	if (strcmp(w, "nat-to") == 0)
		return st_nat(p);
	if (strcmp(w, "rdr-to") == 0)
		return st_rdr(p);
	if (strcmp(w, "set") == 0)
		return st_set(p);
	if (strcmp(w, "flush-at-end") == 0) {
		p->flush = 1;
		return end_of_line(p, 1);
	}
	if (strcmp(w, "tos") == 0) {
		if (st_tos(p, 1, &tos) == -1)
			return -1;
		p->tos = tos;
		return end_of_line(p, 2);
	}
	if (strcmp(w, "host") == 0)
		return st_host(p);
	if (strcmp(w, "client") == 0 || strcmp(w, "inside") == 0)
		return st_net(p, SCN_CLIENT);
	if (strcmp(w, "server") == 0 || strcmp(w, "outside") == 0)
		return st_net(p, SCN_SERVER);
	if (strcmp(w, "seed") == 0) {
		if (get_u64(p, 1, UINT64_MAX, "seed", &v) == -1)
			return -1;
		s->seed = v;
		return end_of_line(p, 2);
	}
	if (strcmp(w, "epoch") == 0) {
		if (want(p, 1, "a UTC time like 2026-01-01T00:00:00Z") == -1)
			return -1;
		if (scn_val_epoch(TOK(1), &s->epoch_us) == -1) {
			scn_terr(p, 1, "expected a UTC time like "
			    "2026-01-01T00:00:00Z, not '%s'", TOK(1));
			return -1;
		}
		return end_of_line(p, 2);
	}
	if (strcmp(w, "expect") == 0)
		return st_expect(p);
	if (strcmp(w, "fault") == 0)
		return st_fault(p);
	return st_session(p);
}

/* Split the current line into tokens; ';' is a token of its own. */
static int
tokenize(struct scn_parser *p, const char *line, size_t len)
{
	char *b, *o;
	size_t i;

	if (len + 1 > p->lbufsz) {
		size_t sz = (len + 1) * 2;
		char *nb = realloc(p->lbuf, sz * 2);

		if (nb == NULL)
			return -1;
		p->lbuf = nb;
		p->lbufsz = sz;
	}
	/* each character may become char + NUL: the buffer is 2x */
	b = o = p->lbuf;
	p->ntok = 0;
	for (i = 0; i < len;) {
		unsigned char c = (unsigned char)line[i];

		if (c == '#')
			break;
		if (c == ' ' || c == '\t' || c == '\r' || c == '\f' ||
		    c == '\v') {
			i++;
			continue;
		}
		if (p->ntok == SCN_MAXTOK) {
			scn_error(p, p->lineno, (uint32_t)i + 1,
			    "more than %d words on one line", SCN_MAXTOK);
			return -1;
		}
		p->tok[p->ntok].s = o;
		p->tok[p->ntok].col = (uint32_t)i + 1;
		p->ntok++;
		if (c == ';') {
			*o++ = ';';
			*o++ = '\0';
			i++;
			continue;
		}
		while (i < len && line[i] != ' ' && line[i] != '\t' &&
		    line[i] != ';' && line[i] != '#' && line[i] != '\r' &&
		    line[i] != '\f' && line[i] != '\v') {
			if (line[i] == '\0' || !isprint((unsigned char)line[i])) {
				scn_error(p, p->lineno, (uint32_t)i + 1,
				    "unexpected control or non-ASCII "
				    "character");
				return -1;
			}
			*o++ = line[i++];
		}
		*o++ = '\0';
	}
	(void)b;
	return 0;
}

static void
title_from(struct scn_parser *p, const char *line, size_t len)
{
	size_t i = 0;

	while (i < len && (line[i] == ' ' || line[i] == '\t'))
		i++;
	if (i >= len || line[i] != '#')
		return;
	i++;
	while (i < len && (line[i] == ' ' || line[i] == '\t' ||
	    line[i] == '#'))
		i++;
	while (len > i && (line[len - 1] == ' ' || line[len - 1] == '\t' ||
	    line[len - 1] == '\r'))
		len--;
	if (i >= len)
		return;
	if (len - i >= sizeof(p->s->title))
		len = i + sizeof(p->s->title) - 1;
	memcpy(p->s->title, line + i, len - i);
	p->s->title[len - i] = '\0';
	p->title_done = 1;
}

/* ------------------------------------------------------------------ */
/* the end of the file: gateway, sides, names */

static void
finish_gw(struct scn_parser *p)
{
	struct gw_conf *gw = &p->s->gw;
	int i, t;

	gw_conf_defaults(gw, p->prof);
	if (p->placement) {
		gw->pflow_in = p->pflow_in;
		gw->pflow_out = p->pflow_out;
	}
	gw->rule_tos = (uint8_t)p->tos;
	gw->nat = p->nat;
	gw->rdr = p->rdr;
	for (t = 0; t < PFTM_MAX; t++)
		if (p->tmo_set[t])
			gw->timeouts[t] = p->tmo[t];
	if (p->limit >= 0)
		gw->state_limit = (uint32_t)p->limit;
	gw->flush_at_end = p->flush;
	if (p->npf > 0) {
		gw->npflow = p->npf;
		memcpy(gw->pflow, p->pf, sizeof(p->pf));
	}
	for (i = 0; i < gw->npflow; i++) {
		if (i >= p->npf || !p->pf_proto[i])
			gw->pflow[i].proto = p->proto != 0 ? p->proto : 10;
		if (gw->pflow[i].flowdst.port == 0)
			gw->pflow[i].flowdst.port =
			    gw->pflow[i].proto == 5 ? 2055 : 4739;
	}
}

static int
finish_sessions(struct scn_parser *p)
{
	struct scenario *s = p->s;
	const struct gw_conf *gw = &s->gw;
	struct scn_session *ss;
	struct scn_ref *r;
	size_t i;
	int fs, ts;

	for (i = 0; i < s->nsessions; i++) {
		ss = &s->sessions[i];
		r = &p->sref[i];
		if (r->name[0] == 1)
			ss->tos = gw->rule_tos;
		if (gw->rdr.on && ss->proto != IPPROTO_ICMP &&
		    ss->proto != IPPROTO_ICMPV6 &&
		    addr_cmp(&ss->dst, &gw->rdr.match) == 0 &&
		    (gw->rdr.match_port == 0 ||
		    gw->rdr.match_port == ss->dport)) {
			ss->rdr = 1;
			ss->rsrc = gw->rdr.to;
			if (gw->rdr.to_port != 0)
				ss->rport = gw->rdr.to_port;
		}
		fs = side_of(p, &ss->src);
		ts = side_of(p, &ss->rsrc);
		/* undeclared: the initiator is a client, except that a
		   session redirected by rdr-to comes from outside */
		if (fs < 0 && ts < 0)
			fs = ss->rdr ? SCN_SERVER : SCN_CLIENT;
		else if (fs < 0)
			fs = !ts;
		if (ts < 0)
			ts = !fs;
		if (fs == ts) {
			scn_error(p, r->line, ts == side_of(p, &ss->rsrc) &&
			    side_of(p, &ss->src) < 0 ? r->col2 : r->col,
			    "both ends are on the %s side of the gateway; "
			    "the session would not cross it",
			    fs == SCN_CLIENT ? "client" : "server");
			return -1;
		}
		ss->from = (enum scn_side)fs;
		if (gw->nat.on && fs == SCN_CLIENT &&
		    ss->src.af == gw->nat.to.af &&
		    addr_in_net(ss->src.af, ss->src.a, &gw->nat.match,
		    gw->nat.match_plen))
			ss->nat = 1;
	}
	return 0;
}

static int
finish_expects(struct scn_parser *p)
{
	struct scenario *s = p->s;
	uint64_t total = scn_ninstances(s);
	size_t i, j;

	/* session names are unique */
	for (i = 0; i < s->nsessions; i++)
		for (j = 0; j < i && s->sessions[i].name[0] != '\0'; j++)
			if (strcmp(s->sessions[i].name,
			    s->sessions[j].name) == 0) {
				scn_error(p, s->sessions[i].line, 1,
				    "session name '%s' already used on line "
				    "%u", s->sessions[i].name,
				    s->sessions[j].line);
				return -1;
			}
	for (i = 0; i < s->nexpects; i++) {
		struct scn_expect *e = &s->expects[i];
		struct scn_ref *r = &p->eref[i];

		if (e->kind != SCN_EXP_FLOW && e->kind != SCN_EXP_NONE)
			continue;
		if (r->name[0] != '\0') {
			for (j = 0; j < s->nsessions; j++)
				if (strcmp(s->sessions[j].name, r->name) == 0)
					break;
			if (j == s->nsessions) {
				scn_error(p, r->line, r->col, "no session "
				    "named '%s'", r->name);
				return -1;
			}
			e->session = s->sessions[j].id;
		}
		if (e->session > total) {
			scn_error(p, r->line, r->col, "no session %u (the "
			    "scenario has %llu)", e->session,
			    (unsigned long long)total);
			return -1;
		}
	}
	return 0;
}

/* ------------------------------------------------------------------ */

void
scn_free(struct scenario *s)
{
	size_t i;

	if (s == NULL)
		return;
	for (i = 0; i < s->nsessions; i++)
		free(s->sessions[i].steps);
	free(s->sessions);
	free(s->hosts);
	free(s->expects);
	free(s->faults);
	memset(s, 0, sizeof(*s));
}

int
scn_parse_buf(const char *name, const char *buf, size_t len,
    struct scenario *s, char *err, size_t errlen)
{
	struct scn_parser p;
	const char *line, *nl, *end = buf + len, *base;
	size_t ll;
	int rc = 0;

	memset(s, 0, sizeof(*s));
	memset(&p, 0, sizeof(p));
	if (err != NULL && errlen > 0)
		err[0] = '\0';
	p.file = name;
	p.buf = buf;
	p.len = len;
	p.s = s;
	p.prof = profile_get("openbsd-7.8");
	p.limit = -1;
	s->epoch_us = SCN_DEFAULT_EPOCH_US;
	s->seed = 1;
	p.err = err;
	p.errlen = errlen;
	scn_lcpy(s->path, name, sizeof(s->path));

	for (line = buf; line < end && !p.failed; line = nl + 1) {
		p.lineno++;
		nl = memchr(line, '\n', (size_t)(end - line));
		if (nl == NULL)
			nl = end;
		ll = (size_t)(nl - line);
		if (memchr(line, '\0', ll) != NULL) {
			scn_error(&p, p.lineno, (uint32_t)((const char *)
			    memchr(line, '\0', ll) - line) + 1,
			    "NUL byte in a scenario");
			break;
		}
		if (!p.title_done)
			title_from(&p, line, ll);
		if (tokenize(&p, line, ll) == -1) {
			if (!p.failed)
				scn_error(&p, p.lineno, 1, "out of memory");
			break;
		}
		if (p.ntok == 0)
			continue;
		p.title_done = 1;
		if (statement(&p) == -1 && !p.failed)
			scn_terr(&p, 0, "bad statement");
	}
	if (!p.failed) {
		finish_gw(&p);
		if (s->nsessions == 0)
			scn_error(&p, p.lineno > 0 ? p.lineno : 1, 1,
			    "the scenario has no session");
	}
	if (!p.failed)
		(void)(finish_sessions(&p) == 0 && finish_expects(&p) == 0);
	if (!p.failed && s->title[0] == '\0') {
		base = strrchr(name, '/');
		scn_lcpy(s->title, base != NULL ? base + 1 : name,
		    sizeof(s->title));
	}
	if (p.failed) {
		scn_free(s);
		rc = -1;
	}
	free(p.lbuf);
	free(p.nets);
	free(p.sref);
	free(p.eref);
	return rc;
}

int
scn_parse_file(const char *path, struct scenario *s, char *err,
    size_t errlen)
{
	FILE *f;
	char *buf = NULL;
	size_t len = 0, cap = 0, n;
	int rc;

	memset(s, 0, sizeof(*s));
	if ((f = fopen(path, "r")) == NULL) {
		snprintf(err, errlen, "%s: %s\n", path, strerror(errno));
		return -1;
	}
	for (;;) {
		if (len + 65536 > cap) {
			char *nb;

			cap = cap == 0 ? 65536 * 2 : cap * 2;
			if (cap > (64u << 20) || (nb = realloc(buf, cap)) ==
			    NULL) {
				snprintf(err, errlen, "%s: %s\n", path,
				    cap > (64u << 20) ? "larger than 64 MB" :
				    strerror(ENOMEM));
				free(buf);
				fclose(f);
				return -1;
			}
			buf = nb;
		}
		n = fread(buf + len, 1, cap - len, f);
		len += n;
		if (n == 0)
			break;
	}
	if (ferror(f)) {
		snprintf(err, errlen, "%s: %s\n", path, strerror(errno));
		free(buf);
		fclose(f);
		return -1;
	}
	fclose(f);
	rc = scn_parse_buf(path, buf != NULL ? buf : "", len, s, err, errlen);
	free(buf);
	return rc;
}
