/*
 * sim_main.c: "pflowlab sim": traffic pcap in, pflow export out (a pcap
 * of UDP datagrams and/or a live collector), pflowlab-sim(1).  With
 * --live the traffic is captured on a real gateway's interfaces instead
 * (sim/live.c).
 */
#include <sys/socket.h>
#include <netinet/in.h>

#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <pcap/dlt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "clock.h"
#include "cmds.h"
#include "live.h"
#include "pcapio.h"
#include "profile.h"
#include "scn.h"
#include "sim.h"
#include "udpio.h"

#define SIM_SPORT_BASE	49152	/* source port of pflowN: 49152 + N */

struct sim_main_out {
	struct pcapio_w	*w;
	const struct gw_conf *gw;
	int		 fd;
	struct exporter	 to;
	double		 pace;
	int64_t		 last_ts;
	uint32_t	 ipid;
	int		 failed;
};

static void
sim_usage(FILE *f)
{
	fprintf(f,
	    "usage: pflowlab sim [-q] -r traffic.pcap [-s scenario.scn] "
	    "[-p profile]\n"
	    "           [--proto v5|ipfix] [--pflow in|out|both] "
	    "[--nat-to ADDR[:LO-HI]]\n"
	    "           [--nat-from PREFIX] [--rdr-to PUB[:PORT]=ADDR[:PORT]] "
	    "[--timeout name=sec]\n"
	    "           [--flush] [--mtu N] [--tos N] [--flowsrc ADDR] "
	    "[--flowdst ADDR:PORT]\n"
	    "           [--pflow-if v5|ipfix[,ADDR:PORT]] "
	    "[--client-mac MAC] [--client-net PREFIX]\n"
	    "           [--server-net PREFIX] [--uptime SEC] "
	    "[--flags-any] [--state-limit N] [--fault SPEC]\n"
	    "           [--seed N] [-w export.pcap] [--send ADDR:PORT "
	    "[--pace X]]\n"
	    "       pflowlab sim --live --client-if IF --server-if IF "
	    "--collector ADDR:PORT\n"
	    "           [options above] [-w export.pcap] scenario.scn\n"
	    "profiles:");
	{
		const struct profile *const *p;

		for (p = profile_all(); *p != NULL; p++)
			if ((*p)->kind == PROFILE_PFLOW)
				fprintf(f, " %s", (*p)->name);
	}
	fprintf(f, "\n");
}

static void
sim_main_out(void *arg, int ifidx, int64_t ts, const uint8_t *b, size_t len)
{
	struct sim_main_out *o = arg;
	const struct gw_pflow *pf = &o->gw->pflow[ifidx];
	struct exporter src;

	src.addr = pf->flowsrc;
	src.port = (uint16_t)(SIM_SPORT_BASE + ifidx);
	if (o->w != NULL && pcapio_write_udp(o->w, ts, &src, &pf->flowdst, b,
	    len, 0, o->ipid++) < 0)
		o->failed = 1;
	if (o->fd >= 0) {
		struct sockaddr_storage ss;
		socklen_t sl;

		if (o->pace > 0 && o->last_ts != 0 && ts > o->last_ts) {
			double d = (double)(ts - o->last_ts) / o->pace;
			struct timespec rq;

			if (d > 10e6)
				d = 10e6;	/* never wait more than 10 s */
			rq.tv_sec = (time_t)(d / 1e6);
			rq.tv_nsec = (long)((d - (double)rq.tv_sec * 1e6) *
			    1000);
			nanosleep(&rq, NULL);
		}
		o->last_ts = ts;
		sl = udpio_sa(&o->to, &ss);
		if (sendto(o->fd, b, len, 0, (struct sockaddr *)&ss, sl) < 0)
			o->failed = 1;
	}
}

static int
sim_proto(const char *s)
{
	if (strcmp(s, "v5") == 0 || strcmp(s, "5") == 0)
		return 5;
	if (strcmp(s, "ipfix") == 0 || strcmp(s, "10") == 0 ||
	    strcmp(s, "v10") == 0)
		return 10;
	return -1;
}

/* "ADDR" or "ADDR:LO-HI" (IPv4) */
static int
sim_nat_arg(const char *s, struct gw_nat *n)
{
	char buf[80], *colon;
	unsigned int lo, hi;

	if (strlen(s) >= sizeof(buf))
		return -1;
	snprintf(buf, sizeof(buf), "%s", s);
	colon = strchr(buf, ':');
	if (colon != NULL && strchr(colon + 1, ':') == NULL) {
		*colon++ = '\0';
		if (sscanf(colon, "%u-%u", &lo, &hi) != 2 || lo == 0 ||
		    lo > hi || hi > 65535)
			return -1;
		n->port_lo = (uint16_t)lo;
		n->port_hi = (uint16_t)hi;
	}
	if (addr_parse(buf, &n->to) == -1)
		return -1;
	n->on = 1;
	return 0;
}

/* "PUB[:PORT]=ADDR[:PORT]" */
static int
sim_rdr_arg(const char *s, struct gw_rdr *r)
{
	char buf[160], *eq;
	struct exporter a, b;
	char eb[UDPIO_ERRBUF_SIZE];

	if (strlen(s) >= sizeof(buf) || (eq = strchr(s, '=')) == NULL)
		return -1;
	snprintf(buf, sizeof(buf), "%s", s);
	buf[eq - s] = '\0';
	memset(&a, 0, sizeof(a));
	memset(&b, 0, sizeof(b));
	if (strchr(buf, ':') != NULL ? udpio_parse(buf, &a, eb) == -1 :
	    addr_parse(buf, &a.addr) == -1)
		return -1;
	if (strchr(buf + (eq - s) + 1, ':') != NULL ?
	    udpio_parse(buf + (eq - s) + 1, &b, eb) == -1 :
	    addr_parse(buf + (eq - s) + 1, &b.addr) == -1)
		return -1;
	r->on = 1;
	r->match = a.addr;
	r->match_port = strchr(buf, ':') != NULL ? a.port : 0;
	r->to = b.addr;
	r->to_port = strchr(buf + (eq - s) + 1, ':') != NULL ? b.port : 0;
	return 0;
}

static int
sim_num(const char *s, long lo, long hi, long *v)
{
	char *end;

	errno = 0;
	*v = strtol(s, &end, 10);
	return end == s || *end != '\0' || errno != 0 || *v < lo || *v > hi ?
	    -1 : 0;
}

enum {
	O_PROTO = 256, O_PFLOW, O_NAT, O_NATFROM, O_RDR, O_TIMEOUT, O_FLUSH,
	O_MTU, O_TOS, O_FLOWSRC, O_FLOWDST, O_PFLOWIF, O_CMAC, O_CNET,
	O_SNET, O_UPTIME, O_FLAGSANY, O_FAULT, O_SEED, O_SEND, O_PACE,
	O_LIMIT, O_LIVE, O_CLIENTIF, O_SERVERIF, O_COLLECTOR
};

int
sim_main(int argc, char **argv)
{
	static const struct option lo[] = {
		{ "read", required_argument, NULL, 'r' },
		{ "scenario", required_argument, NULL, 's' },
		{ "profile", required_argument, NULL, 'p' },
		{ "write", required_argument, NULL, 'w' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ "proto", required_argument, NULL, O_PROTO },
		{ "pflow", required_argument, NULL, O_PFLOW },
		{ "nat-to", required_argument, NULL, O_NAT },
		{ "nat-from", required_argument, NULL, O_NATFROM },
		{ "rdr-to", required_argument, NULL, O_RDR },
		{ "timeout", required_argument, NULL, O_TIMEOUT },
		{ "flush", no_argument, NULL, O_FLUSH },
		{ "mtu", required_argument, NULL, O_MTU },
		{ "tos", required_argument, NULL, O_TOS },
		{ "flowsrc", required_argument, NULL, O_FLOWSRC },
		{ "flowdst", required_argument, NULL, O_FLOWDST },
		{ "pflow-if", required_argument, NULL, O_PFLOWIF },
		{ "client-mac", required_argument, NULL, O_CMAC },
		{ "client-net", required_argument, NULL, O_CNET },
		{ "server-net", required_argument, NULL, O_SNET },
		{ "uptime", required_argument, NULL, O_UPTIME },
		{ "flags-any", no_argument, NULL, O_FLAGSANY },
		{ "fault", required_argument, NULL, O_FAULT },
		{ "seed", required_argument, NULL, O_SEED },
		{ "send", required_argument, NULL, O_SEND },
		{ "pace", required_argument, NULL, O_PACE },
		{ "state-limit", required_argument, NULL, O_LIMIT },
		{ "live", no_argument, NULL, O_LIVE },
		{ "client-if", required_argument, NULL, O_CLIENTIF },
		{ "server-if", required_argument, NULL, O_SERVERIF },
		{ "collector", required_argument, NULL, O_COLLECTOR },
		{ NULL, 0, NULL, 0 }
	};
	/* options are applied after the scenario, in order */
	struct { int ch; const char *arg; } ov[128];
	int nov = 0;
	const char *rfile = NULL, *sfile = NULL, *wfile = NULL, *prof = NULL;
	const char *send = NULL, *collector = NULL;
	struct sim_live_opts slo;
	int live = 0;
	char err[4096], eb[PCAPIO_ERRBUF_SIZE];
	struct sim_opts o;
	struct sim_main_out out;
	struct scenario scn;
	const struct profile *p;
	const struct sim_stats *st;
	struct sim *s;
	int ch, i, quiet = 0, rc = EXIT_PASS, have_scn = 0;
	long v;

	memset(&slo, 0, sizeof(slo));
	optind = 0;
	while ((ch = getopt_long(argc, argv, "r:s:p:w:qh", lo, NULL)) != -1) {
		switch (ch) {
		case 'r':
			rfile = optarg;
			break;
		case 's':
			sfile = optarg;
			break;
		case 'p':
			prof = optarg;
			break;
		case 'w':
			wfile = optarg;
			break;
		case 'q':
			quiet = 1;
			break;
		case 'h':
			sim_usage(stdout);
			return EXIT_PASS;
		case O_SEND:
			send = optarg;
			break;
		case O_LIVE:
			live = 1;
			break;
		case O_CLIENTIF:
			slo.client_if = optarg;
			break;
		case O_SERVERIF:
			slo.server_if = optarg;
			break;
		case O_COLLECTOR:
			collector = optarg;
			break;
		case '?':
			sim_usage(stderr);
			return EXIT_HARNESS;
		default:
			if (nov == (int)(sizeof(ov) / sizeof(ov[0]))) {
				fprintf(stderr, "pflowlab sim: too many "
				    "options\n");
				return EXIT_HARNESS;
			}
			ov[nov].ch = ch;
			ov[nov++].arg = optarg;
			break;
		}
	}
	if (live) {
		/* live: the operand is the scenario, the traffic is real */
		if (optind < argc && sfile == NULL)
			sfile = argv[optind++];
		if (rfile != NULL || send != NULL || optind != argc ||
		    slo.client_if == NULL || slo.server_if == NULL ||
		    collector == NULL) {
			fprintf(stderr, "pflowlab sim: --live needs --client-if, "
			    "--server-if and --collector (and no -r or "
			    "--send)\n");
			sim_usage(stderr);
			return EXIT_HARNESS;
		}
		if (udpio_parse(collector, &slo.collector, err) == -1 ||
		    slo.collector.port == 0) {
			fprintf(stderr, "pflowlab sim: --collector: %s\n",
			    err);
			return EXIT_HARNESS;
		}
	} else {
		if (optind < argc && rfile == NULL)
			rfile = argv[optind++];
		if (rfile == NULL || optind != argc || slo.client_if != NULL ||
		    slo.server_if != NULL || collector != NULL) {
			sim_usage(stderr);
			return EXIT_HARNESS;
		}
	}
	p = profile_get(prof != NULL ? prof : "openbsd-7.8");
	if (p == NULL || p->kind != PROFILE_PFLOW) {
		fprintf(stderr, "pflowlab sim: unknown profile '%s'\n", prof);
		sim_usage(stderr);
		return EXIT_HARNESS;
	}
	sim_opts_defaults(&o, p);
	memset(&scn, 0, sizeof(scn));
	if (sfile != NULL) {
		if (scn_parse_file(sfile, &scn, err, sizeof(err)) == -1) {
			fprintf(stderr, "%s", err);
			if (err[0] != '\0' && err[strlen(err) - 1] != '\n')
				fputc('\n', stderr);
			return EXIT_HARNESS;
		}
		have_scn = 1;
		if (sim_opts_from_scenario(&o, &scn, err, sizeof(err)) == -1) {
			fprintf(stderr, "pflowlab sim: %s\n", err);
			scn_free(&scn);
			return EXIT_HARNESS;
		}
		/* -p swaps the exporter; the scenario's timeouts stay */
		if (prof != NULL)
			o.gw.profile = p;
	}
	for (i = 0; i < nov; i++) {
		const char *a = ov[i].arg;
		struct gw_pflow *pf0 = &o.gw.pflow[0];
		char *eq;

		switch (ov[i].ch) {
		case O_PROTO:
			if ((pf0->proto = sim_proto(a)) == -1)
				goto bad;
			if (pf0->flowdst.port == 4739 || pf0->flowdst.port == 2055)
				pf0->flowdst.port = pf0->proto == 5 ? 2055 : 4739;
			break;
		case O_PFLOW:
			if (strcmp(a, "in") == 0) {
				o.gw.pflow_in = 1;
				o.gw.pflow_out = 0;
			} else if (strcmp(a, "out") == 0) {
				o.gw.pflow_in = 0;
				o.gw.pflow_out = 1;
			} else if (strcmp(a, "both") == 0)
				o.gw.pflow_in = o.gw.pflow_out = 1;
			else
				goto bad;
			break;
		case O_NAT:
			if (sim_nat_arg(a, &o.gw.nat) == -1)
				goto bad;
			break;
		case O_NATFROM:
			if (sim_parse_prefix(a, &o.gw.nat.match,
			    &o.gw.nat.match_plen) == -1)
				goto bad;
			break;
		case O_RDR:
			if (sim_rdr_arg(a, &o.gw.rdr) == -1)
				goto bad;
			break;
		case O_TIMEOUT: {
			char name[40];
			int t;

			if ((eq = strchr(a, '=')) == NULL ||
			    (size_t)(eq - a) >= sizeof(name))
				goto bad;
			memcpy(name, a, (size_t)(eq - a));
			name[eq - a] = '\0';
			if ((t = pftm_byname(name)) == -1 ||
			    sim_num(eq + 1, 0, 100000000, &v) == -1)
				goto bad;
			o.gw.timeouts[t] = (uint32_t)v;
			break;
		}
		case O_FLUSH:
			o.gw.flush_at_end = 1;
			break;
		case O_MTU:
			if (sim_num(a, 72, 65535, &v) == -1)
				goto bad;
			pf0->mtu = (uint16_t)v;
			break;
		case O_TOS:
			if (sim_num(a, 0, 255, &v) == -1)
				goto bad;
			o.gw.rule_tos = (uint8_t)v;
			break;
		case O_FLOWSRC:
			if (addr_parse(a, &pf0->flowsrc) == -1)
				goto bad;
			break;
		case O_FLOWDST:
			if (udpio_parse(a, &pf0->flowdst, err) == -1)
				goto bad;
			break;
		case O_PFLOWIF: {
			struct gw_pflow *n;
			char pr[16];
			const char *comma = strchr(a, ',');
			size_t l = comma != NULL ? (size_t)(comma - a) :
			    strlen(a);

			if (o.gw.npflow >= GW_MAXPFLOW || l >= sizeof(pr))
				goto bad;
			memcpy(pr, a, l);
			pr[l] = '\0';
			n = &o.gw.pflow[o.gw.npflow];
			*n = o.gw.pflow[0];
			n->mtu = 1500;
			if ((n->proto = sim_proto(pr)) == -1)
				goto bad;
			n->flowdst.port = n->proto == 5 ? 2055 : 4739;
			if (comma != NULL &&
			    udpio_parse(comma + 1, &n->flowdst, err) == -1)
				goto bad;
			o.gw.npflow++;
			break;
		}
		case O_CMAC:
			if (o.nclient_mac >= SIM_MAXSIDE || sim_parse_mac(a,
			    o.client_mac[o.nclient_mac]) == -1)
				goto bad;
			o.nclient_mac++;
			break;
		case O_CNET:
			if (o.nclient_net >= SIM_MAXSIDE ||
			    sim_parse_prefix(a, &o.client_net[o.nclient_net],
			    &o.client_plen[o.nclient_net]) == -1)
				goto bad;
			o.nclient_net++;
			break;
		case O_SNET:
			if (o.nserver_net >= SIM_MAXSIDE ||
			    sim_parse_prefix(a, &o.server_net[o.nserver_net],
			    &o.server_plen[o.nserver_net]) == -1)
				goto bad;
			o.nserver_net++;
			break;
		case O_UPTIME:
			if (sim_num(a, 0, 40L * 86400 * 365, &v) == -1)
				goto bad;
			o.uptime_s = v;
			o.boot_set = 0;
			break;
		case O_FLAGSANY:
			o.flags_any = 1;
			break;
		case O_LIMIT:
			if (sim_num(a, 0, 100000000, &v) == -1)
				goto bad;
			o.gw.state_limit = (uint32_t)v;
			break;
		case O_FAULT:
			if (o.nfaults >= FAULT_MAX) {
				fprintf(stderr, "pflowlab sim: too many "
				    "faults\n");
				rc = EXIT_HARNESS;
				goto done;
			}
			if (fault_parse(a, &o.faults[o.nfaults], err,
			    sizeof(err)) == -1) {
				fprintf(stderr, "pflowlab sim: %s\n", err);
				rc = EXIT_HARNESS;
				goto done;
			}
			o.nfaults++;
			break;
		case O_SEED: {
			char *end;

			errno = 0;
			o.seed = strtoull(a, &end, 0);
			if (*end != '\0' || errno != 0)
				goto bad;
			break;
		}
		case O_PACE:
			break;
		default:
			goto bad;
		}
		continue;
bad:
		for (v = 0; lo[v].name != NULL && lo[v].val != ov[i].ch; v++)
			;
		fprintf(stderr, "pflowlab sim: bad --%s '%s'\n",
		    lo[v].name != NULL ? lo[v].name : "?", a);
		rc = EXIT_HARNESS;
		goto done;
	}
	memset(&out, 0, sizeof(out));
	out.fd = -1;
	for (i = 0; i < nov; i++)
		if (ov[i].ch == O_PACE) {
			char *end;

			out.pace = strtod(ov[i].arg, &end);
			if (*end != '\0' || out.pace <= 0) {
				fprintf(stderr, "pflowlab sim: bad --pace\n");
				rc = EXIT_HARNESS;
				goto done;
			}
		}
	if (live) {
		slo.wfile = wfile;
		slo.quiet = quiet;
		rc = sim_live_run(&o, &slo);
		goto done;
	}
	for (i = 0; i < o.gw.npflow; i++)
		if (o.gw.pflow[i].flowsrc.af != o.gw.pflow[i].flowdst.addr.af) {
			fprintf(stderr, "pflowlab sim: pflow%d: flowsrc and "
			    "flowdst of different families (give --flowsrc)\n",
			    i);
			rc = EXIT_HARNESS;
			goto done;
		}
	if (wfile == NULL && send == NULL) {
		fprintf(stderr, "pflowlab sim: nothing to do (give -w "
		    "export.pcap and/or --send ADDR:PORT)\n");
		rc = EXIT_HARNESS;
		goto done;
	}
	if (send != NULL) {
		if (udpio_parse(send, &out.to, err) == -1) {
			fprintf(stderr, "pflowlab sim: --send: %s\n", err);
			rc = EXIT_HARNESS;
			goto done;
		}
		out.fd = socket(out.to.addr.af == AF_INET6 ? AF_INET6 :
		    AF_INET, SOCK_DGRAM, 0);
		if (out.fd == -1) {
			fprintf(stderr, "pflowlab sim: socket: %s\n",
			    strerror(errno));
			rc = EXIT_HARNESS;
			goto done;
		}
	}
	if (wfile != NULL &&
	    (out.w = pcapio_create(wfile, DLT_EN10MB, eb)) == NULL) {
		fprintf(stderr, "pflowlab sim: %s\n", eb);
		rc = EXIT_HARNESS;
		goto done;
	}
	if ((s = sim_new(&o, sim_main_out, &out, err, sizeof(err))) == NULL) {
		fprintf(stderr, "pflowlab sim: %s\n", err);
		rc = EXIT_HARNESS;
		goto done;
	}
	out.gw = sim_gw(s);
	if (sim_run_pcap(s, rfile, err, sizeof(err)) == -1) {
		fprintf(stderr, "pflowlab sim: %s\n", err);
		sim_free(s);
		rc = EXIT_HARNESS;
		goto done;
	}
	sim_finish(s);
	st = sim_get_stats(s);
	if (!quiet) {
		char b1[40], b2[40];

		fprintf(stderr, "pflowlab sim: %" PRIu64 " packets (%" PRIu64
		    " skipped, %" PRIu64 " blocked), %" PRIu64 " states, %"
		    PRIu64 " records, %" PRIu64 " datagrams", st->packets,
		    st->skipped, st->dropped, st->states, st->records,
		    st->sent);
		if (st->packets > 0)
			fprintf(stderr, ", traffic %s .. export done %s",
			    clock_fmt_us(st->first_us, b1, sizeof(b1)),
			    clock_fmt_us(st->end_us, b2, sizeof(b2)));
		fprintf(stderr, "\n");
		fprintf(stderr, "pflowlab sim: pf: %" PRIu64 " removed, %"
		    PRIu64 " reused, %" PRIu64 " refused at the state limit, "
		    "purge examined %" PRIu64 " states\n", st->removed,
		    st->reuse, st->limited, st->purge_scanned);
		if (o.nfaults > 0)
			fprintf(stderr, "pflowlab sim: faults: %" PRIu64
			    " dropped, %" PRIu64 " duplicated, %" PRIu64
			    " reordered\n", st->fault_dropped,
			    st->fault_duplicated, st->fault_reordered);
	}
	sim_free(s);
	if (out.failed) {
		fprintf(stderr, "pflowlab sim: writing the export failed\n");
		rc = EXIT_HARNESS;
	}
done:
	if (out.w != NULL && pcapio_w_close(out.w) == -1) {
		fprintf(stderr, "pflowlab sim: %s: write error\n", wfile);
		rc = EXIT_HARNESS;
	}
	if (out.fd >= 0)
		close(out.fd);
	if (have_scn)
		scn_free(&scn);
	return rc;
}
