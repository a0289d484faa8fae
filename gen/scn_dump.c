/*
 * scn_dump.c: print a parsed scenario as plain text, one fact per line
 * ("pflowlab gen -D"): the parser's golden tests compare this, and a user
 * can see how a scenario was understood (sides, ids, translations).
 */
#include <sys/socket.h>
#include <netinet/in.h>

#include <inttypes.h>
#include <stdio.h>

#include "scn_dump.h"

static const char *
proto_name(uint8_t p)
{
	switch (p) {
	case IPPROTO_TCP:
		return "tcp";
	case IPPROTO_UDP:
		return "udp";
	case IPPROTO_ICMP:
		return "icmp";
	case IPPROTO_ICMPV6:
		return "icmp6";
	default:
		return "?";
	}
}

static void
ep(FILE *f, const struct addr *a, uint16_t port)
{
	char b[ADDR_STRLEN];

	addr_fmt(a, b, sizeof(b));
	if (a->af == AF_INET6)
		fprintf(f, "[%s]:%u", b, port);
	else
		fprintf(f, "%s:%u", b, port);
}

void
scn_dump(FILE *f, const struct scenario *s)
{
	const struct gw_conf *g = &s->gw;
	char a[ADDR_STRLEN], b[ADDR_STRLEN];
	size_t i, j;
	int t;

	fprintf(f, "title %s\n", s->title);
	fprintf(f, "epoch_us %" PRId64 " seed %" PRIu64 "\n", s->epoch_us,
	    s->seed);
	fprintf(f, "gw profile %s pflow_in %d pflow_out %d tos %u limit %u "
	    "flush_at_end %d\n", g->profile->name, g->pflow_in, g->pflow_out,
	    g->rule_tos, g->state_limit, g->flush_at_end);
	for (t = 0; t < PFTM_MAX; t++)
		if (g->timeouts[t] != g->profile->timeouts[t])
			fprintf(f, "gw timeout %s %u\n", pftm_name((enum pftm)t),
			    g->timeouts[t]);
	if (g->nat.on)
		fprintf(f, "gw nat-to %s port %u:%u from %s/%u\n",
		    addr_fmt(&g->nat.to, a, sizeof(a)), g->nat.port_lo,
		    g->nat.port_hi, addr_fmt(&g->nat.match, b, sizeof(b)),
		    g->nat.match_plen);
	if (g->rdr.on)
		fprintf(f, "gw rdr-to %s port %u -> %s port %u\n",
		    addr_fmt(&g->rdr.match, a, sizeof(a)), g->rdr.match_port,
		    addr_fmt(&g->rdr.to, b, sizeof(b)), g->rdr.to_port);
	for (t = 0; t < g->npflow; t++) {
		char e[EXPORTER_STRLEN];

		fprintf(f, "gw pflow%d proto %d flowsrc %s flowdst %s mtu %u\n",
		    t, g->pflow[t].proto,
		    addr_fmt(&g->pflow[t].flowsrc, a, sizeof(a)),
		    exporter_fmt(&g->pflow[t].flowdst, e, sizeof(e)),
		    g->pflow[t].mtu);
	}
	for (i = 0; i < s->nhosts; i++)
		fprintf(f, "host %s %s %s line %u\n", s->hosts[i].name,
		    addr_fmt(&s->hosts[i].addr, a, sizeof(a)),
		    s->hosts[i].side == SCN_CLIENT ? "client" : "server",
		    s->hosts[i].line);
	for (i = 0; i < s->nsessions; i++) {
		const struct scn_session *ss = &s->sessions[i];

		fprintf(f, "session %u line %u name '%s' at %" PRId64 "us %s ",
		    ss->id, ss->line, ss->name, ss->start_us,
		    proto_name(ss->proto));
		ep(f, &ss->src, ss->sport);
		fprintf(f, " > ");
		ep(f, &ss->dst, ss->dport);
		fprintf(f, " from %s tos %u pace %" PRId64 "us\n",
		    ss->from == SCN_CLIENT ? "client" : "server", ss->tos,
		    ss->pace_us);
		if (ss->repeat > 1)
			fprintf(f, "  repeat %u every %" PRId64 "us sport +%u "
			    "src +%u (ids %u-%u)\n", ss->repeat,
			    ss->interval_us, ss->sport_step, ss->src_step,
			    ss->id, ss->id + ss->repeat - 1);
		if (ss->rdr) {
			fprintf(f, "  rdr-to answered by ");
			ep(f, &ss->rsrc, ss->rport);
			fprintf(f, "\n");
		}
		if (ss->nat)
			fprintf(f, "  nat-to\n");
		for (j = 0; j < ss->nsteps; j++) {
			const struct scn_step *st = &ss->steps[j];

			fprintf(f, "  step %s count %u size %u", scn_op_name(
			    st->op), st->count, st->size);
			if (st->gap_us >= 0)
				fprintf(f, " gap %" PRId64 "us", st->gap_us);
			if (st->op == SCN_OP_IDLE)
				fprintf(f, " dur %" PRId64 "us", st->dur_us);
			if (st->op == SCN_OP_PING)
				fprintf(f, " reply %d", st->reply);
			fprintf(f, " at %u:%u\n", st->line, st->col);
		}
	}
	for (i = 0; i < s->nexpects; i++) {
		const struct scn_expect *e = &s->expects[i];

		fprintf(f, "expect line %u ", e->line);
		switch (e->kind) {
		case SCN_EXP_RECORDS:
			fprintf(f, "records %" PRId64, e->records);
			break;
		case SCN_EXP_FLOW:
			fprintf(f, "session %u %s packets %" PRId64 " octets %"
			    PRId64, e->session, e->rev ? "rev" : "fwd",
			    e->packets, e->octets);
			break;
		case SCN_EXP_NONE:
			fprintf(f, "session %u none", e->session);
			break;
		case SCN_EXP_FINDING:
			fprintf(f, "finding %s count %" PRId64, e->rule,
			    e->count);
			break;
		case SCN_EXP_VERDICT:
			fprintf(f, "verdict %s", e->pass ? "pass" : "fail");
			break;
		}
		fprintf(f, " tolerance %u%%\n", e->tolerance_pct);
	}
	for (i = 0; i < s->nfaults; i++)
		fprintf(f, "fault line %u '%s'\n", s->faults[i].line,
		    s->faults[i].spec);
}
