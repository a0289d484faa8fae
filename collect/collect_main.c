/*
 * collect_main.c: `pflowlab collect`, the command line over the collector
 * library (collect.h): inputs (live UDP, pcap files, raw payload files),
 * outputs, limits, the summary and the exit status.
 */
#include <sys/socket.h>
#include <netinet/in.h>

#include <err.h>
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <pcap/dlt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmds.h"
#include "collect.h"
#include "collect_live.h"
#include "pcapio.h"
#include "profile.h"
#include "udpio.h"

#define COLLECT_MAXPORTS	64
#define COLLECT_MAXRAW		(1024 * 1024)

static volatile sig_atomic_t collect_stop;

static void
collect_onsig(int sig)
{
	collect_stop = 1;
}

static void
collect_usage(FILE *f)
{
	fprintf(f,
"usage: pflowlab collect [-qs] [-B bytes] [-c records] [-f findings.jsonl]\n"
"\t[-l [addr]:port] [-n datagrams] [-p port] [-r file.pcap] [-t seconds]\n"
"\t[-W export.pcap] [-w records.jsonl] [--any-port] [--csv file]\n"
"\t[--exporter addr:port] [--profile name] [--raw] [--text file]\n"
"\t[file ...]\n");
}

/* "-" is stdout. */
static FILE *
collect_fopen(const char *path, const char *what)
{
	FILE *f;

	if (strcmp(path, "-") == 0)
		return stdout;
	if ((f = fopen(path, "w")) == NULL)
		warn("%s (%s)", path, what);
	return f;
}

static int
collect_fclose(FILE *f, const char *path)
{
	int rc = 0;

	if (f == NULL)
		return 0;
	if (fflush(f) != 0 || ferror(f))
		rc = -1;
	if (f != stdout && fclose(f) != 0)
		rc = -1;
	if (rc != 0)
		warnx("%s: write error", path);
	return rc;
}

static int
collect_num(const char *s, uint64_t *v, const char *what)
{
	char *end;
	unsigned long long n;

	errno = 0;
	n = strtoull(s, &end, 10);
	if (s[0] == '\0' || s[0] == '-' || *end != '\0' || errno != 0) {
		warnx("%s: bad %s", s, what);
		return -1;
	}
	*v = n;
	return 0;
}

/* One raw payload file = one datagram. */
static int
collect_raw(struct collector *c, const char *path,
    const struct exporter *exp)
{
	FILE *f;
	uint8_t *buf;
	size_t n;

	if ((f = fopen(path, "rb")) == NULL) {
		warn("%s", path);
		return -1;
	}
	if ((buf = malloc(COLLECT_MAXRAW + 1)) == NULL) {
		fclose(f);
		warn("%s", path);
		return -1;
	}
	n = fread(buf, 1, COLLECT_MAXRAW + 1, f);
	if (ferror(f)) {
		warn("%s", path);
		fclose(f);
		free(buf);
		return -1;
	}
	fclose(f);
	if (n > COLLECT_MAXRAW) {
		warnx("%s: larger than %d octets, not one datagram", path,
		    COLLECT_MAXRAW);
		free(buf);
		return -1;
	}
	collector_datagram(c, buf, n, exp, 0);	/* no arrival time */
	free(buf);
	return 0;
}

enum {
	OPT_ANYPORT = 256,
	OPT_CSV,
	OPT_EXPORTER,
	OPT_PROFILE,
	OPT_RAW,
	OPT_TEXT,
	OPT_HELP
};

static const struct option collect_longopts[] = {
	{ "any-port",	no_argument,		NULL, OPT_ANYPORT },
	{ "csv",	required_argument,	NULL, OPT_CSV },
	{ "exporter",	required_argument,	NULL, OPT_EXPORTER },
	{ "profile",	required_argument,	NULL, OPT_PROFILE },
	{ "raw",	no_argument,		NULL, OPT_RAW },
	{ "text",	required_argument,	NULL, OPT_TEXT },
	{ "help",	no_argument,		NULL, OPT_HELP },
	{ "listen",	required_argument,	NULL, 'l' },
	{ "read",	required_argument,	NULL, 'r' },
	{ "port",	required_argument,	NULL, 'p' },
	{ "records",	required_argument,	NULL, 'w' },
	{ "findings",	required_argument,	NULL, 'f' },
	{ "write-pcap",	required_argument,	NULL, 'W' },
	{ "rcvbuf",	required_argument,	NULL, 'B' },
	{ "count",	required_argument,	NULL, 'c' },
	{ "datagrams",	required_argument,	NULL, 'n' },
	{ "idle",	required_argument,	NULL, 't' },
	{ "quiet",	no_argument,		NULL, 'q' },
	{ "summary-stdout", no_argument,	NULL, 's' },
	{ NULL,		0,			NULL, 0 }
};

int
collect_main(int argc, char **argv)
{
	struct collect_opts o;
	struct collect_pcap_opts po;
	struct collector *c = NULL;
	struct udpio *u = NULL;
	struct exporter listen_at, raw_exp;
	uint16_t ports[COLLECT_MAXPORTS];
	const char **pcaps = NULL;
	const char *listen = NULL, *wpath = NULL, *cpath = NULL;
	const char *tpath = NULL, *fpath = NULL, *Wpath = NULL;
	const char *profname = "auto";
	char errbuf[PCAPIO_ERRBUF_SIZE + UDPIO_ERRBUF_SIZE];
	char es[EXPORTER_STRLEN];
	struct sigaction sa;
	uint64_t v;
	int64_t idle_us = 0;
	int ch, i, npcap = 0, raw = 0, quiet = 0, sum_stdout = 0;
	int rcvbuf = UDPIO_DEFAULT_RCVBUF, rc = EXIT_HARNESS, wrc;
	double secs;
	char *end;

	memset(&o, 0, sizeof(o));
	memset(&po, 0, sizeof(po));
	memset(&raw_exp, 0, sizeof(raw_exp));
	raw_exp.addr.af = AF_INET;
	po.ports = ports;
	po.stop = &collect_stop;
	if ((pcaps = calloc((size_t)argc + 1, sizeof(*pcaps))) == NULL)
		err(EXIT_HARNESS, NULL);
	optind = 1;
	while ((ch = getopt_long(argc, argv, "B:c:f:hl:n:p:qr:st:W:w:",
	    collect_longopts, NULL)) != -1) {
		switch (ch) {
		case 'B':
			if (collect_num(optarg, &v, "receive buffer size") != 0
			    || v > INT_MAX)
				goto usage;
			rcvbuf = (int)v;
			break;
		case 'c':
			if (collect_num(optarg, &o.max_records,
			    "record count") != 0)
				goto usage;
			break;
		case 'f':
			fpath = optarg;
			break;
		case 'l':
			listen = optarg;
			break;
		case 'n':
			if (collect_num(optarg, &o.max_dgrams,
			    "datagram count") != 0)
				goto usage;
			break;
		case 'p':
			if (collect_num(optarg, &v, "port") != 0 || v == 0 ||
			    v > 65535)
				goto usage;
			if (po.nports == COLLECT_MAXPORTS) {
				warnx("too many -p ports");
				goto usage;
			}
			ports[po.nports++] = (uint16_t)v;
			break;
		case 'q':
			quiet = 1;
			break;
		case 'r':
			pcaps[npcap++] = optarg;
			break;
		case 's':
			sum_stdout = 1;
			break;
		case 't':
			errno = 0;
			secs = strtod(optarg, &end);
			if (optarg[0] == '\0' || *end != '\0' || errno != 0 ||
			    !(secs > 0) || secs > 1e9) {
				warnx("%s: bad idle timeout", optarg);
				goto usage;
			}
			idle_us = (int64_t)(secs * 1e6);
			break;
		case 'W':
			Wpath = optarg;
			break;
		case 'w':
			wpath = optarg;
			break;
		case OPT_ANYPORT:
			po.any_port = 1;
			break;
		case OPT_CSV:
			cpath = optarg;
			break;
		case OPT_EXPORTER:
			if (udpio_parse(optarg, &raw_exp, errbuf) != 0) {
				warnx("--exporter %s", errbuf);
				goto usage;
			}
			break;
		case OPT_PROFILE:
			profname = optarg;
			break;
		case OPT_RAW:
			raw = 1;
			break;
		case OPT_TEXT:
			tpath = optarg;
			break;
		case 'h':
		case OPT_HELP:
			collect_usage(stdout);
			free(pcaps);
			return EXIT_PASS;
		default:
			goto usage;
		}
	}
	argc -= optind;
	argv += optind;
	if (!raw)
		for (i = 0; i < argc; i++)
			pcaps[npcap++] = argv[i];
	if (listen != NULL && (npcap > 0 || (raw && argc > 0))) {
		warnx("-l cannot be combined with pcap or raw input files");
		goto usage;
	}
	if (listen == NULL && npcap == 0 && !(raw && argc > 0)) {
		warnx("no input: give -l, -r FILE or --raw FILE...");
		goto usage;
	}
	if (strcmp(profname, "none") == 0)
		o.no_pflow = 1;
	else if (strcmp(profname, "auto") != 0 &&
	    (o.profile = profile_get(profname)) == NULL) {
		const struct profile *const *pp;

		warnx("unknown profile '%s'; known: auto none", profname);
		for (pp = profile_all(); *pp != NULL; pp++)
			fprintf(stderr, "  %s\n", (*pp)->name);
		goto usage;
	}

	/* the socket first, so a bind error is reported before any output
	 * file is created */
	if (listen != NULL) {
		if (udpio_parse(listen, &listen_at, errbuf) != 0) {
			warnx("-l %s", errbuf);
			goto usage;
		}
		if ((u = udpio_open(&listen_at, rcvbuf, errbuf)) == NULL) {
			warnx("%s", errbuf);
			goto out;
		}
		o.pcap_dst = *udpio_local(u);
	} else {
		o.pcap_dst.addr.af = AF_INET;
		o.pcap_dst.port = UDPIO_DEFAULT_PORT;
	}
	if ((wpath != NULL && (o.json = collect_fopen(wpath, "-w")) == NULL) ||
	    (cpath != NULL && (o.csv = collect_fopen(cpath, "--csv")) ==
	    NULL) ||
	    (tpath != NULL && (o.text = collect_fopen(tpath, "--text")) ==
	    NULL) ||
	    (fpath != NULL && (o.findings = collect_fopen(fpath, "-f")) ==
	    NULL))
		goto out;
	if (Wpath != NULL && (o.pcap_out = pcapio_create(Wpath, DLT_EN10MB,
	    errbuf)) == NULL) {
		warnx("%s", errbuf);
		goto out;
	}
	if ((c = collector_new(&o)) == NULL) {
		warnx("out of memory");
		goto out;
	}

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = collect_onsig;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = 0;		/* no SA_RESTART: wake poll() */
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);

	if (u != NULL) {
		fprintf(stderr, "pflowlab collect: listening on %s "
		    "(receive buffer %d)\n",
		    exporter_fmt(udpio_local(u), es, sizeof(es)),
		    udpio_rcvbuf(u));
		fflush(stderr);
		if (collect_live(c, u, idle_us, &collect_stop, errbuf) != 0) {
			warnx("%s", errbuf);
			goto out;
		}
	}
	for (i = 0; i < npcap && !collector_done(c) && !collect_stop; i++) {
		int prc = collector_pcap(c, pcaps[i], &po, errbuf,
		    sizeof(errbuf));

		if (prc != 0)
			warnx("%s%s", errbuf, prc > 0 ?
			    " (the capture was cut short; the frames before "
			    "were read)" : "");
		if (prc < 0)
			goto out;
	}
	if (raw)
		for (i = 0; i < argc && !collector_done(c) && !collect_stop;
		    i++)
			if (collect_raw(c, argv[i], &raw_exp) != 0)
				goto out;
	collector_finish(c);
	if (!quiet)
		collector_summary(c, sum_stdout ? stdout : stderr);
	rc = collector_status(c);
	if (collector_write_error(c)) {
		warnx("write error on an output");
		rc = EXIT_HARNESS;
	}
out:
	if (c != NULL && rc == EXIT_HARNESS)
		collector_finish(c);
	collector_free(c);
	/* every output closed (and its error told), not the first only */
	wrc = collect_fclose(o.json, wpath);
	wrc |= collect_fclose(o.csv, cpath);
	wrc |= collect_fclose(o.text, tpath);
	wrc |= collect_fclose(o.findings, fpath);
	if (wrc != 0)
		rc = EXIT_HARNESS;
	if (o.pcap_out != NULL && pcapio_w_close(o.pcap_out) != 0) {
		warnx("%s: write error", Wpath);
		rc = EXIT_HARNESS;
	}
	udpio_close(u);
	free(pcaps);
	return rc;
usage:
	collect_usage(stderr);
	free(pcaps);
	return EXIT_HARNESS;
}
