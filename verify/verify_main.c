/*
 * verify_main.c: pflowlab verify: join a ledger with collected records
 * (and the collector's findings) under a profile and the scenario's
 * gateway settings; write verdict.json; exit 0 pass, 1 fail, 2 harness.
 */
#include <err.h>
#include <getopt.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmds.h"
#include "profile.h"
#include "verify.h"

static void
usage(void)
{
	fprintf(stderr, "usage: pflowlab verify --ledger ledger.jsonl "
	    "--records records.jsonl\n"
	    "\t[--findings findings.jsonl] [--scenario S.scn] [--profile P]\n"
	    "\t[--proto 5|10] [--max-flows N] [-q] [-o verdict.json]\n");
}

struct ledger_job {
	const char	*path;
	struct ledger_ent *led;
	long		 n;
	char		 errbuf[1024];
};

static void *
read_ledger_thread(void *arg)
{
	struct ledger_job *j = arg;

	j->n = verify_read_ledger(j->path, &j->led, j->errbuf,
	    sizeof(j->errbuf));
	return NULL;
}

int
verify_main(int argc, char **argv)
{
	static const struct option lopts[] = {
		{ "ledger", required_argument, NULL, 'l' },
		{ "records", required_argument, NULL, 'r' },
		{ "findings", required_argument, NULL, 'f' },
		{ "scenario", required_argument, NULL, 's' },
		{ "profile", required_argument, NULL, 'p' },
		{ "proto", required_argument, NULL, 'P' },
		{ "max-flows", required_argument, NULL, 'm' },
		{ "output", required_argument, NULL, 'o' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *lpath = NULL, *rpath = NULL, *fpath = NULL, *spath = NULL;
	const char *pname = NULL, *opath = NULL;
	const struct profile *prof = NULL;
	struct scenario scn;
	int have_scn = 0, quiet = 0, proto = 0, c, rc = EXIT_HARNESS;
	struct ledger_ent *led = NULL;
	struct vobs *obs = NULL;
	struct vfind *cf = NULL;
	long nled, nobs, ncf = 0;
	size_t maxflows = 2000;
	struct gw_conf gw;
	struct verify v;
	char errbuf[1024], name[256];
	FILE *out;
	struct ledger_job lr;
	pthread_t th;
	int threaded, wrc;

	memset(&lr, 0, sizeof(lr));
	optind = 1;
	while ((c = getopt_long(argc, argv, "l:r:f:s:p:P:m:o:qh", lopts,
	    NULL)) != -1) {
		switch (c) {
		case 'l':
			lpath = optarg;
			break;
		case 'r':
			rpath = optarg;
			break;
		case 'f':
			fpath = optarg;
			break;
		case 's':
			spath = optarg;
			break;
		case 'p':
			pname = optarg;
			break;
		case 'P':
			proto = atoi(optarg);
			if (proto != 5 && proto != 10) {
				warnx("--proto: 5 or 10");
				return EXIT_HARNESS;
			}
			break;
		case 'm':
			maxflows = strtoul(optarg, NULL, 10);
			break;
		case 'o':
			opath = optarg;
			break;
		case 'q':
			quiet = 1;
			break;
		case 'h':
			usage();
			return EXIT_PASS;
		default:
			usage();
			return EXIT_HARNESS;
		}
	}
	if (lpath == NULL || rpath == NULL || optind != argc) {
		usage();
		return EXIT_HARNESS;
	}
	if (pname != NULL && (prof = profile_get(pname)) == NULL) {
		warnx("unknown profile '%s'", pname);
		return EXIT_HARNESS;
	}
	memset(&scn, 0, sizeof(scn));
	if (spath != NULL) {
		if (scn_parse_file(spath, &scn, errbuf, sizeof(errbuf)) == -1) {
			fprintf(stderr, "%s", errbuf);
			if (errbuf[0] && errbuf[strlen(errbuf) - 1] != '\n')
				fputc('\n', stderr);
			return EXIT_HARNESS;
		}
		have_scn = 1;
		gw = scn.gw;
		if (prof != NULL)
			gw.profile = prof;
		scn_name(spath, name, sizeof(name));
	} else {
		gw_conf_defaults(&gw, prof != NULL ? prof :
		    profile_get("openbsd-7.8"));
		snprintf(name, sizeof(name), "-");
	}
	/* the ledger in a second thread while this one reads the records */
	lr.path = lpath;
	threaded = pthread_create(&th, NULL, read_ledger_thread, &lr) == 0;
	if (!threaded)
		read_ledger_thread(&lr);
	nobs = verify_read_records(rpath, &obs, errbuf, sizeof(errbuf));
	if (threaded)
		pthread_join(th, NULL);
	led = lr.led;
	if ((nled = lr.n) < 0) {
		warnx("%s", lr.errbuf);
		goto out;
	}
	if (nobs < 0) {
		warnx("%s", errbuf);
		goto out;
	}
	if (fpath != NULL && (ncf = verify_read_findings(fpath, &cf, errbuf,
	    sizeof(errbuf))) < 0) {
		warnx("%s", errbuf);
		goto out;
	}
	if (!have_scn) {
		/* the export protocol from the records, or as told */
		if (proto == 0 && nobs > 0)
			proto = obs[0].f.version == 5 ? 5 : 10;
		if (proto != 0)
			gw.pflow[0].proto = proto;
	} else if (proto != 0) {
		int i;

		for (i = 0; i < gw.npflow; i++)
			gw.pflow[i].proto = proto;
	}
	verify_init(&v, &gw, led, (size_t)nled, obs, (size_t)nobs);
	v.cf = cf;
	v.ncf = (size_t)ncf;
	v.scn = have_scn ? &scn : NULL;
	if (verify_run(&v) == -1) {
		warnx("out of memory");
		verify_free(&v);
		goto out;
	}
	if (opath != NULL) {
		if ((out = fopen(opath, "w")) == NULL) {
			warn("%s", opath);
			verify_free(&v);
			goto out;
		}
		wrc = verify_write_json(&v, out, name, maxflows);
		if (fclose(out) != 0 || wrc == -1) {
			warnx("%s: write error", opath);
			verify_free(&v);
			goto out;
		}
	}
	if (!quiet) {
		size_t i, shown = 0;

		for (i = 0; i < v.nfnd && shown < 20; i++) {
			const struct vfinding *f = &v.fnd[i];

			if (f->severity != SEV_ERROR)
				continue;
			printf("%-16s %s%s%s%s%s\n", f->rule, f->msg,
			    f->expected[0] ? ": expected " : "", f->expected,
			    f->observed[0] ? ", observed " : "", f->observed);
			shown++;
		}
		printf("verify %s: %" PRIu64 " sessions, %" PRIu64
		    " expected records, %" PRIu64 " observed, %" PRIu64
		    " matched, %" PRIu64 " missing, %" PRIu64 " lost, %" PRIu64
		    " unexpected, %" PRIu64 " duplicate: %s%s\n", name,
		    v.tot.sessions, v.tot.exp_records, v.tot.obs_records,
		    v.tot.matched, v.tot.missing, v.tot.lost, v.tot.unexpected,
		    v.tot.duplicate, v.pass ? "PASS" : "FAIL",
		    v.negative ? " (negative scenario)" : "");
	}
	rc = v.pass ? EXIT_PASS : EXIT_FAIL;
	verify_free(&v);
out:
	free(led);
	free(obs);
	free(cf);
	if (have_scn)
		scn_free(&scn);
	return rc;
}
