/*
 * report_main.c: pflowlab report: rewrite the reports of a run from its
 * report.json, join the report.json of several shards (--merge), or list
 * the behaviour differences between two runs (--compare).
 */
#include <sys/stat.h>

#include <err.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmds.h"
#include "report.h"

static void
usage(void)
{
	fprintf(stderr, "usage: pflowlab report [-o DIR] [--format json|junit|"
	    "tap|md|html] report.json\n"
	    "       pflowlab report --merge [-o DIR] report.json ...\n"
	    "       pflowlab report --compare OLD.json NEW.json\n");
}

static int
status_of(json_t *r)
{
	json_t *sum = json_object_get(r, "summary");

	if (rj_int(sum, "errors", 0) > 0)
		return EXIT_HARNESS;
	if (rj_int(sum, "failed", 0) > 0)
		return EXIT_FAIL;
	if (rj_int(sum, "scenarios", 0) > 0 &&
	    rj_int(sum, "skipped", 0) == rj_int(sum, "scenarios", 0))
		return EXIT_SKIP;
	return EXIT_PASS;
}

int
report_main(int argc, char **argv)
{
	static const struct option lopts[] = {
		{ "merge", no_argument, NULL, 'm' },
		{ "compare", no_argument, NULL, 'c' },
		{ "format", required_argument, NULL, 'f' },
		{ "output", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *odir = NULL, *fmt = NULL;
	int merge = 0, compare = 0, c, i, n, rc;
	json_t **in, *r;
	char errbuf[1024];

	optind = 1;
	while ((c = getopt_long(argc, argv, "mcf:o:h", lopts, NULL)) != -1) {
		switch (c) {
		case 'm':
			merge = 1;
			break;
		case 'c':
			compare = 1;
			break;
		case 'f':
			fmt = optarg;
			break;
		case 'o':
			odir = optarg;
			break;
		case 'h':
			usage();
			return EXIT_PASS;
		default:
			usage();
			return EXIT_HARNESS;
		}
	}
	argc -= optind;
	argv += optind;
	if ((compare && argc != 2) || (!compare && !merge && argc != 1) ||
	    argc < 1 || (merge && compare)) {
		usage();
		return EXIT_HARNESS;
	}
	if ((in = calloc((size_t)argc, sizeof(*in))) == NULL)
		err(EXIT_HARNESS, NULL);
	for (i = 0; i < argc; i++) {
		if ((in[i] = report_load(argv[i], errbuf,
		    sizeof(errbuf))) == NULL) {
			warnx("%s", errbuf);
			for (n = 0; n < i; n++)
				json_decref(in[n]);
			free(in);
			return EXIT_HARNESS;
		}
	}
	if (compare) {
		n = report_compare(in[0], in[1], stdout);
		json_decref(in[0]);
		json_decref(in[1]);
		free(in);
		return n == 0 ? EXIT_PASS : EXIT_FAIL;
	}
	if (merge)
		r = report_merge(in, argc);
	else {
		r = json_incref(in[0]);
		/* recount: the file may have been edited or filtered */
		report_summarize(r, json_number_value(json_object_get(
		    json_object_get(r, "summary"), "seconds")));
	}
	for (i = 0; i < argc; i++)
		json_decref(in[i]);
	free(in);
	rc = EXIT_PASS;
	if (fmt != NULL) {
		int (*fn)(json_t *, FILE *) = NULL;

		if (strcmp(fmt, "json") == 0)
			fn = report_json;
		else if (strcmp(fmt, "junit") == 0)
			fn = report_junit;
		else if (strcmp(fmt, "tap") == 0)
			fn = report_tap;
		else if (strcmp(fmt, "md") == 0)
			fn = report_md;
		else if (strcmp(fmt, "html") == 0)
			fn = report_html;
		if (fn == NULL) {
			warnx("unknown format '%s'", fmt);
			json_decref(r);
			return EXIT_HARNESS;
		}
		if (fn(r, stdout) != 0)
			rc = EXIT_HARNESS;
	}
	if (odir != NULL) {
		if (mkdir(odir, 0777) == -1 && access(odir, W_OK) != 0) {
			warn("%s", odir);
			json_decref(r);
			return EXIT_HARNESS;
		}
		if (report_write_all(r, odir, errbuf, sizeof(errbuf)) != 0) {
			warnx("%s", errbuf);
			json_decref(r);
			return EXIT_HARNESS;
		}
	}
	if (fmt == NULL)
		report_table(r, stdout);
	if (rc == EXIT_PASS)
		rc = status_of(r);
	json_decref(r);
	return rc;
}
