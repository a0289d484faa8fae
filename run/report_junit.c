/*
 * report_junit.c: JUnit XML: one <testsuites> root, one <testsuite> per
 * scenario, one <testcase> per check (peers.md 7).  A check that failed
 * as a negative scenario asked passes, with a note in <system-out>;
 * N/A checks are <skipped/>; a scenario the harness could not run is an
 * <error>.
 */
#include <stdio.h>
#include <string.h>

#include "report.h"

struct jcase {
	FILE		*f;
	const char	*suite;
	int		 pass;		/* 1: write; 0: count only */
	int		 n, fail, err, skip;
};

static void
jcase_fn(void *arg, const char *name, int o, const char *msg,
    const char *detail)
{
	struct jcase *j = arg;
	FILE *f = j->f;

	j->n++;
	if (o == RO_FAIL)
		j->fail++;
	else if (o == RO_ERROR)
		j->err++;
	else if (o == RO_SKIP || o == RO_NA)
		j->skip++;
	if (!j->pass)
		return;
	fputs("    <testcase classname=\"pflowlab.", f);
	rx_esc(f, j->suite);
	fputs("\" name=\"", f);
	rx_esc(f, name);
	fputs("\" time=\"0\">", f);
	switch (o) {
	case RO_FAIL:
		fputs("\n      <failure message=\"", f);
		rx_esc(f, msg);
		fputs("\" type=\"", f);
		rx_esc(f, name);
		fputs("\">", f);
		rx_esc(f, detail);
		fputs("</failure>\n    ", f);
		break;
	case RO_ERROR:
		fputs("\n      <error message=\"", f);
		rx_esc(f, msg);
		fputs("\"/>\n    ", f);
		break;
	case RO_SKIP:
	case RO_NA:
		fputs("\n      <skipped message=\"", f);
		rx_esc(f, o == RO_NA ? "not applicable" : msg);
		fputs("\"/>\n    ", f);
		break;
	default:
		if (msg[0] || detail[0]) {
			fputs("\n      <system-out>", f);
			if (o == RO_ASKED)
				fputs("failed as the negative scenario "
				    "expects: ", f);
			else if (o == RO_WARN)
				fputs("warning: ", f);
			rx_esc(f, msg);
			if (detail[0]) {
				fputc('\n', f);
				rx_esc(f, detail);
			}
			fputs("</system-out>\n    ", f);
		}
	}
	fputs("</testcase>\n", f);
}

int
report_junit(json_t *r, FILE *f)
{
	json_t *s;
	size_t i;
	struct jcase all = { f, "", 0, 0, 0, 0, 0 };

	json_array_foreach(json_object_get(r, "scenarios"), i, s) {
		all.suite = rj_str(s, "name", "?");
		report_cases(s, jcase_fn, &all);
	}
	fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", f);
	fprintf(f, "<testsuites name=\"pflowlab\" tests=\"%d\" failures=\"%d\""
	    " errors=\"%d\" skipped=\"%d\" time=\"%.3f\">\n", all.n, all.fail,
	    all.err, all.skip, json_number_value(json_object_get(
	    json_object_get(r, "summary"), "seconds")));
	json_array_foreach(json_object_get(r, "scenarios"), i, s) {
		struct jcase j = { f, rj_str(s, "name", "?"), 0, 0, 0, 0, 0 };

		report_cases(s, jcase_fn, &j);
		fputs("  <testsuite name=\"", f);
		rx_esc(f, j.suite);
		fprintf(f, "\" tests=\"%d\" failures=\"%d\" errors=\"%d\" "
		    "skipped=\"%d\" time=\"%.3f\">\n", j.n, j.fail, j.err,
		    j.skip, json_number_value(json_object_get(s, "seconds")));
		fputs("    <properties><property name=\"file\" value=\"", f);
		rx_esc(f, rj_str(s, "file", ""));
		fputs("\"/><property name=\"profile\" value=\"", f);
		rx_esc(f, rj_str(json_object_get(s, "verdict"), "profile",
		    ""));
		fputs("\"/></properties>\n", f);
		j.pass = 1;
		j.n = j.fail = j.err = j.skip = 0;
		report_cases(s, jcase_fn, &j);
		fputs("  </testsuite>\n", f);
	}
	fputs("</testsuites>\n", f);
	return ferror(f) ? -1 : 0;
}
