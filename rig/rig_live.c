/*
 * rig_live.c: one scenario live through the namespace rig.
 *
 *   rig up -> host addresses -> collector (pflowlab collect -l, or nfcapd)
 *   -> exporter (softflowd, or pflowlab sim --live) -> captures at the
 *   gateway's edges -> socket engines in the client and server namespaces
 *   -> wait for the exporter to go idle and the collector to drain ->
 *   stop everything -> ledger.jsonl from the client-edge capture ->
 *   join with records (rig_check.c) -> rig down.
 *
 * Output folder: ledger.jsonl (capture truth), records.jsonl,
 * findings.jsonl (collector conformance), export.pcap, edge-client.pcap,
 * edge-server.pcap, live-findings.jsonl (LIVE-* differences), live.txt
 * (the table), exporter.log, collector.log, engine.log.
 */
#include <sys/stat.h>

#include <err.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "clock.h"
#include "cmds.h"
#include "rig_capture.h"
#include "rig_check.h"
#include "rig_engine.h"
#include "rig_exporter.h"
#include "rig_live.h"
#include "scn.h"
#include "udpio.h"
#include "verify.h"

/* Does any instance need address a to be local (to send or answer)? */
static int
addr_local(const struct eng_inst *ins, size_t n, const struct addr *a)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (addr_cmp(&ins[i].src, a) == 0 ||
		    (!ins[i].unanswered && addr_cmp(&ins[i].dst, a) == 0))
			return 1;
	return 0;
}

static int
add_hosts(struct rig *r, const struct eng_inst *ins, size_t n, char *eb,
    size_t el)
{
	struct addr *done = NULL;
	int *dside = NULL;
	size_t nd = 0, i, j, k;
	int rc = 0;

	done = calloc(2 * n + 1, sizeof(*done));
	dside = calloc(2 * n + 1, sizeof(*dside));
	if (done == NULL || dside == NULL) {
		snprintf(eb, el, "out of memory");
		rc = -1;
		goto out;
	}
	for (i = 0; i < n && rc == 0; i++) {
		const struct addr *a[2] = { &ins[i].src, &ins[i].dst };
		int side[2] = { ins[i].from, !ins[i].from };

		for (k = 0; k < 2 && rc == 0; k++) {
			for (j = 0; j < nd; j++)
				if (addr_cmp(&done[j], a[k]) == 0)
					break;
			if (j < nd) {
				if (dside[j] != side[k]) {
					char as[ADDR_STRLEN];

					snprintf(eb, el, "%s is used on both "
					    "sides of the gateway",
					    addr_fmt(a[k], as, sizeof(as)));
					rc = -1;
				}
				continue;
			}
			done[nd] = *a[k];
			dside[nd++] = side[k];
			rc = rig_add_host(r, side[k], a[k],
			    addr_local(ins, n, a[k]), eb, el);
		}
	}
out:
	free(done);
	free(dside);
	return rc;
}

/*
 * Unanswered sessions toward an address that other sessions need (so it
 * is local): drop them at the responder's veth with tc (needs the
 * kernel's act_gact).  Toward an address of their own nothing is needed.
 */
static int
add_drops(struct rig *r, const struct eng_inst *ins, size_t n, char *eb,
    size_t el)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (!ins[i].unanswered || !addr_local(ins, n, &ins[i].dst))
			continue;
		if (rig_drop_flow(r, !ins[i].from, ins[i].proto, &ins[i].src,
		    ins[i].sport, &ins[i].dst, ins[i].dport, eb, el) == -1) {
			char as[ADDR_STRLEN];

			snprintf(eb, el, "session %u (line %u) is never "
			    "answered, but %s also answers other sessions and "
			    "this kernel cannot drop with tc; give it an "
			    "address of its own", ins[i].session,
			    ins[i].s->line, addr_fmt(&ins[i].dst, as,
			    sizeof(as)));
			return -1;
		}
	}
	return 0;
}

static int64_t
scn_span_us(const struct eng_inst *ins, size_t n)
{
	int64_t end = 0, t;
	size_t i, k;

	for (i = 0; i < n; i++) {
		t = ins[i].start_us;
		for (k = 0; k < ins[i].s->nsteps; k++) {
			const struct scn_step *st = &ins[i].s->steps[k];

			t += st->dur_us + (int64_t)st->count * st->gap_us;
		}
		if (t > end)
			end = t;
	}
	return end;
}

static void
print_log_tail(const char *path, const char *what)
{
	char line[512];
	FILE *f;
	int n = 0;

	if ((f = fopen(path, "r")) == NULL)
		return;
	while (fgets(line, sizeof(line), f) != NULL && n++ < 20)
		fprintf(stderr, "%s: %s", what, line);
	fclose(f);
}

int
rig_live_run(const struct rig_live_opts *lo, char *eb, size_t el)
{
	struct scenario scn;
	struct eng_inst *ins = NULL;
	struct eng_proc ep[2] = { { 0, -1, 0 }, { 0, -1, 1 } };
	struct exporter_run x;
	struct collector_run c;
	struct rig_capture *cap = NULL;
	struct truth_ent *tr = NULL, *trs = NULL;
	struct vobs *obs = NULL;
	struct chk_result cr;
	struct rig r;
	char path[1100], path2[1100], why[256], elog[1100];
	uint64_t drops[CAP_NEDGE], pk_c, pk_s, o_c, o_s;
	int64_t span, exported = -1;
	long n, nt = 0, nts = 0, no = 0;
	size_t i;
	int rc = EXIT_HARNESS, e, d, idle, ledger_ours;
	FILE *fnd = NULL, *tab = NULL;

	memset(&scn, 0, sizeof(scn));
	memset(&x, 0, sizeof(x));
	memset(&c, 0, sizeof(c));
	memset(&r, 0, sizeof(r));
	if (scn_parse_file(lo->scenario, &scn, eb, el) == -1)
		return EXIT_HARNESS;
	if (eng_live_capable(&scn, why, sizeof(why)) != NULL) {
		snprintf(eb, el, "%s: not live-capable: %s", lo->scenario, why);
		scn_free(&scn);
		return EXIT_SKIP;
	}
	if (!rig_have_root(eb, el)) {
		scn_free(&scn);
		return EXIT_SKIP;
	}
	if ((n = eng_plan(&scn, &ins, eb, el)) < 0)
		goto out;
	mkdir(lo->outdir, 0755);
	/* a ledger.jsonl of an earlier rig run here is ours to replace */
	snprintf(path, sizeof(path), "%s/live.txt", lo->outdir);
	ledger_ours = access(path, F_OK) == 0;
	x.spec = lo->exporter;
	x.ipfix_uptime = lo->ipfix_uptime;
	x.idle_s = lo->idle_s;
	c.kind = lo->collector;
	c.port = lo->port;

	if (lo->ext_if[0] != NULL) {
		struct exporter ce;

		memset(&ce, 0, sizeof(ce));
		char ueb[512];

		if (lo->ext_collector == NULL ||
		    udpio_parse(lo->ext_collector, &ce, ueb) == -1 ||
		    ce.port == 0) {
			snprintf(eb, el, "--collector ADDR:PORT (the box's "
			    "flowdst) is needed with --client-if");
			goto out;
		}
		c.port = ce.port;
		rig_init(&r, NULL);
		if (rig_up_external(&r, lo->ext_if[0], lo->ext_if[1],
		    lo->ext_if[2] != NULL ? lo->ext_if[2] : lo->ext_if[1],
		    &ce.addr, eb, el) == -1)
			goto out;
	} else if (lo->prefix != NULL) {
		char gw[RIG_NSLEN + 16];

		/* a rig made by "rig up" and maybe wired to a VM: its
		   gateway namespace may only bridge, so no routes there */
		rig_init(&r, lo->prefix);
		rig_ns_path(r.ns[RIG_GW], gw, sizeof(gw));
		if (access(gw, F_OK) != 0) {
			snprintf(eb, el, "no rig %s (see pflowlab rig status)",
			    lo->prefix);
			goto out;
		}
		r.gw_routes = 0;
	} else {
		rig_init(&r, NULL);
		if (rig_up(&r, eb, el) == -1)
			goto out;
	}
	if (add_hosts(&r, ins, (size_t)n, eb, el) == -1 ||
	    add_drops(&r, ins, (size_t)n, eb, el) == -1)
		goto out;
	if (col_start(&r, &c, lo->outdir, x.spec->profile, eb, el) == -1) {
		print_log_tail(c.log, "collector");
		goto out;
	}
	if (exp_start(&r, &x, lo->outdir, lo->scenario, c.addr, eb,
	    el) == -1) {
		print_log_tail(x.log, "exporter");
		goto out;
	}
	snprintf(elog, sizeof(elog), "%s/engine.log", lo->outdir);
	unlink(elog);
	for (i = 0; i < 2; i++)
		if (eng_start(&r, &scn, ins, (size_t)n, (int)i, lo->scale, elog,
		    &ep[i]) == -1) {
			snprintf(eb, el, "cannot start the socket engine: %s",
			    strerror(errno));
			goto out;
		}
	for (i = 0; i < 2; i++)
		if (eng_wait_ready(&ep[i], 10000) != 1) {
			snprintf(eb, el, "the %s engine did not get ready",
			    i ? "server" : "client");
			print_log_tail(elog, "engine");
			goto out;
		}
	/* the engines are forked before any thread of ours exists; they
	   send nothing before "go", so the capture misses nothing */
	if ((cap = cap_start(&r, lo->outdir, eb, el)) == NULL)
		goto out;
	eng_go(ep, 2);
	span = (int64_t)((double)scn_span_us(ins, (size_t)n) * lo->scale);
	for (i = 0; i < 2; i++) {
		d = eng_wait_done(&ep[i], (int)(span / 1000) + 30000);
		if (d != 1) {
			snprintf(eb, el, "the %s engine %s", i ? "server" :
			    "client", d == 0 ? "did not finish in time" :
			    "failed");
			print_log_tail(elog, "engine");
			goto out;
		}
	}
	/* every packet the exporter can see has been captured by now */
	pk_c = cap_count(cap, 0);
	if (x.spec->kind == EXP_NONE)
		idle = col_wait_quiet(&r, &c, (int)(lo->idle_s + 2) * 1000,
		    (int)(lo->wait_s > 0 ? lo->wait_s : 120) * 1000) == 1;
	else
		idle = exp_wait_idle(&x, pk_c, (int)(lo->idle_s + 2) * 1000 *
		    4 + 10000, &exported);
	if (c.pid > 0 && col_drain(&c, 5000) == -1)
		warnx("the collector's socket did not drain");
	pk_c = cap_count(cap, 0);
	pk_s = cap_count(cap, 1);
	e = cap_stop(cap, drops);
	cap = NULL;
	exp_stop(&x);
	/* the sim flushes at SIGTERM: let the collector take it all */
	if (x.spec->kind == EXP_SIM && c.pid > 0)
		col_drain(&c, 5000);
	if (col_stop(&c) == -1)
		warnx("the collector did not exit cleanly (see %s)", c.log);
	for (i = 0; i < 2; i++)
		eng_finish(&ep[i]);
	if (e == -1) {
		snprintf(eb, el, "writing the capture failed");
		goto out;
	}

	/* the truth: what crossed the client edge, where softflowd looks */
	cap_path(lo->outdir, 0, path, sizeof(path));
	if ((nt = truth_from_pcap(path, ins, (size_t)n, &tr, eb, el)) < 0)
		goto out;
	cap_path(lo->outdir, 1, path2, sizeof(path2));
	if ((nts = truth_from_pcap(path2, ins, (size_t)n, &trs, eb, el)) < 0)
		goto out;
	snprintf(path, sizeof(path), "%s/ledger.jsonl", lo->outdir);
	snprintf(path2, sizeof(path2), "%s/ledger-intended.jsonl", lo->outdir);
	if (access(path, F_OK) == 0 && !ledger_ours)
		rename(path, path2);	/* gen's: what was meant to cross */
	if (truth_write_ledger(path, tr, (size_t)nt) == -1) {
		snprintf(eb, el, "%s: write error", path);
		goto out;
	}
	snprintf(path, sizeof(path), "%s/records.jsonl", lo->outdir);
	if (c.kind == COL_NFCAPD &&
	    nfdump_to_records(c.dir, path, eb, el) < 0)
		goto out;
	if ((no = rec_read(path, &obs, eb, el)) < 0)
		goto out;

	snprintf(path, sizeof(path), "%s/live-findings.jsonl", lo->outdir);
	snprintf(path2, sizeof(path2), "%s/live.txt", lo->outdir);
	if ((fnd = fopen(path, "w")) == NULL ||
	    (tab = fopen(path2, "w")) == NULL) {
		snprintf(eb, el, "%s: %s", lo->outdir, strerror(errno));
		goto out;
	}
	/* under the pflow profile the expectations are pflow's: records at
	   state removal (all of them at the SIGTERM flush), times in whole
	   seconds */
	if (chk_join_tol(tr, (size_t)nt, obs, (size_t)no,
	    x.spec->kind == EXP_SIM ? CHK_TOL_PFLOW_MS : CHK_TOL_MS, fnd, tab,
	    &cr) == -1) {
		snprintf(eb, el, "out of memory");
		goto out;
	}
	/* the two edges must agree: the gateway forwards, nothing else */
	for (o_c = o_s = 0, i = 0; i < (size_t)nt; i++)
		o_c += tr[i].l.packets;
	for (i = 0; i < (size_t)nts; i++)
		o_s += trs[i].l.packets;
	if (o_c != o_s || nt != nts) {
		char ex[48], ob[48];

		snprintf(ex, sizeof(ex), "%llu packets",
		    (unsigned long long)o_c);
		snprintf(ob, sizeof(ob), "%llu packets",
		    (unsigned long long)o_s);
		chk_finding(fnd, &cr, "LIVE-EDGE", ex, ob, "the client and "
		    "server edges of the gateway saw different traffic");
	}
	if (drops[0] + drops[1] > 0) {
		char ob[48];

		snprintf(ob, sizeof(ob), "%llu", (unsigned long long)(drops[0] +
		    drops[1]));
		chk_finding(fnd, &cr, "LIVE-CAPTURE-DROP", "0", ob,
		    "the edge capture lost packets: the truth is incomplete");
	}
	if (!idle) {
		chk_finding(fnd, &cr, "LIVE-EXPORTER-IDLE", "idle", "busy",
		    x.spec->kind == EXP_NONE ? "the external gateway's export "
		    "did not end (or never began) before the deadline" :
		    "the exporter still had active flows at the deadline");
	}
	if (exported >= 0 && exported != no) {
		char ex[48], ob[48];

		snprintf(ex, sizeof(ex), "%lld records", (long long)exported);
		snprintf(ob, sizeof(ob), "%ld records", no);
		chk_finding(fnd, &cr, "LIVE-EXPORT-COUNT", ex, ob,
		    "the collector kept a different number of records than "
		    "the exporter says it sent");
	}
	fclose(tab);
	tab = NULL;
	if (!lo->quiet) {
		FILE *t = fopen(path2, "r");
		char line[256];

		while (t != NULL && fgets(line, sizeof(line), t) != NULL)
			fputs(line, stdout);
		if (t != NULL)
			fclose(t);
	}
	printf("live %s %s -> %s: %u flows, %ld records, %u matched, "
	    "%u missing, %u unexpected, %u count and %u time differences, "
	    "%u findings (capture %llu/%llu packets at the client/server "
	    "edge; rig %s)\n", lo->scenario, x.spec->name,
	    c.kind == COL_NFCAPD ?
	    "nfcapd" : "pflowlab collect", cr.expected, no, cr.matched,
	    cr.missing, cr.unexpected, cr.counts, cr.times, cr.findings,
	    (unsigned long long)pk_c, (unsigned long long)pk_s, r.prefix);
	rc = cr.findings == 0 ? EXIT_PASS : EXIT_FAIL;
	printf("verdict: %s\n", rc == EXIT_PASS ? "PASS" : "FAIL");
	if (lo->no_verdict)
		rc = EXIT_PASS;
out:
	if (cap != NULL)
		cap_stop(cap, drops);
	exp_stop(&x);
	col_stop(&c);
	for (i = 0; i < 2; i++)
		eng_finish(&ep[i]);
	if (r.up && !lo->keep)
		rig_down(&r);
	if (fnd != NULL)
		fclose(fnd);
	if (tab != NULL)
		fclose(tab);
	free(obs);
	free(tr);
	free(trs);
	free(ins);
	scn_free(&scn);
	return rc;
}

static void
live_usage(FILE *f)
{
	fprintf(f, "usage: pflowlab rig run [-kqUV] [-C pflowlab|nfcapd] "
	    "[-e EXPORTER] [-I SECONDS]\n\t[-o DIR] [-P PREFIX] [-p PORT] "
	    "[-s SCALE] [-w SECONDS] S.scn\n"
	    "       pflowlab rig run --client-if IF --server-if IF "
	    "[--collector-if IF]\n\t--collector ADDR:PORT [-I S] [-o DIR] "
	    "[-w SECONDS] S.scn\nexporters: %s\n", exp_names());
}

int
rig_live_main(int argc, char **argv)
{
	struct rig_live_opts lo;
	char eb[1024], tmpl[] = "/tmp/pflowlab-live-XXXXXX";
	int ch, rc;

	memset(&lo, 0, sizeof(lo));
	lo.exporter = exp_lookup("softflowd-v5");
	lo.collector = COL_PFLOWLAB;
	lo.scale = 1.0;
	lo.idle_s = 2;
	optind = 1;
	static const struct option lopts[] = {
		{ "client-if", required_argument, NULL, 1 },
		{ "server-if", required_argument, NULL, 2 },
		{ "collector-if", required_argument, NULL, 3 },
		{ "collector", required_argument, NULL, 4 },
		{ NULL, 0, NULL, 0 }
	};

	while ((ch = getopt_long(argc, argv, "C:e:hI:ko:P:p:qs:UVw:", lopts,
	    NULL)) != -1) {
		switch (ch) {
		case 1:
		case 2:
		case 3:
			lo.ext_if[ch - 1] = optarg;
			lo.exporter = exp_lookup("external");
			break;
		case 4:
			lo.ext_collector = optarg;
			break;
		case 'C':
			if (strcmp(optarg, "nfcapd") == 0)
				lo.collector = COL_NFCAPD;
			else if (strcmp(optarg, "pflowlab") == 0)
				lo.collector = COL_PFLOWLAB;
			else {
				warnx("-C pflowlab or nfcapd, not %s", optarg);
				return EXIT_HARNESS;
			}
			break;
		case 'e':
			if ((lo.exporter = exp_lookup(optarg)) == NULL) {
				warnx("unknown exporter %s (known: %s)", optarg,
				    exp_names());
				return EXIT_HARNESS;
			}
			break;
		case 'I':
			lo.idle_s = (uint32_t)strtoul(optarg, NULL, 10);
			if (lo.idle_s < 1 || lo.idle_s > 3600) {
				warnx("-I: 1 to 3600 seconds");
				return EXIT_HARNESS;
			}
			break;
		case 'k':
			lo.keep = 1;
			break;
		case 'o':
			lo.outdir = optarg;
			break;
		case 'P':
			lo.prefix = optarg;
			break;
		case 'p':
			lo.port = (uint16_t)strtoul(optarg, NULL, 10);
			break;
		case 'w':
			lo.wait_s = (uint32_t)strtoul(optarg, NULL, 10);
			break;
		case 'q':
			lo.quiet = 1;
			break;
		case 's':
			lo.scale = strtod(optarg, NULL);
			if (!(lo.scale > 0 && lo.scale <= 100)) {
				warnx("-s: a time scale above 0, at most 100");
				return EXIT_HARNESS;
			}
			break;
		case 'U':
			lo.ipfix_uptime = 1;
			break;
		case 'V':
			lo.no_verdict = 1;
			break;
		case 'h':
			live_usage(stdout);
			return EXIT_PASS;
		default:
			live_usage(stderr);
			return EXIT_HARNESS;
		}
	}
	if (optind + 1 != argc) {
		live_usage(stderr);
		return EXIT_HARNESS;
	}
	lo.scenario = argv[optind];
	if (!rig_have_root(eb, sizeof(eb))) {
		printf("SKIPPED: %s\n", eb);
		return EXIT_SKIP;
	}
	if (lo.outdir == NULL) {
		if (mkdtemp(tmpl) == NULL)
			err(EXIT_HARNESS, "mkdtemp");
		lo.outdir = tmpl;
		printf("output in %s\n", tmpl);
	}
	rc = rig_live_run(&lo, eb, sizeof(eb));
	if (rc == EXIT_SKIP)
		printf("SKIPPED: %s\n", eb);
	else if (rc == EXIT_HARNESS)
		warnx("%s", eb);
	return rc;
}
