/*
 * report_md.c: Markdown for CI summaries ($GITHUB_STEP_SUMMARY, GitLab
 * MR notes): the totals, a table of scenarios and, for each one that did
 * not pass, its failed checks with expected and observed values.
 */
#include <stdio.h>
#include <string.h>

#include "report.h"

static void
md_esc(FILE *f, const char *s)
{
	for (; *s != '\0'; s++) {
		if (*s == '|')
			fputs("\\|", f);
		else if (*s == '\n')
			fputs("<br>", f);
		else
			fputc(*s, f);
	}
}

struct mcase {
	FILE	*f;
};

static void
mcase_fn(void *arg, const char *name, int o, const char *msg,
    const char *detail)
{
	struct mcase *m = arg;

	if (o != RO_FAIL && o != RO_ERROR)
		return;
	fputs("| ", m->f);
	md_esc(m->f, name);
	fputs(" | ", m->f);
	md_esc(m->f, msg);
	fputs(" | ", m->f);
	md_esc(m->f, detail);
	fputs(" |\n", m->f);
}

int
report_md(json_t *r, FILE *f)
{
	json_t *sum = json_object_get(r, "summary"), *s;
	size_t i;
	int bad = 0;

	fprintf(f, "## pflowlab: %lld scenarios, %lld passed, %lld failed, "
	    "%lld errors, %lld skipped\n\n", rj_int(sum, "scenarios", 0),
	    rj_int(sum, "passed", 0), rj_int(sum, "failed", 0),
	    rj_int(sum, "errors", 0), rj_int(sum, "skipped", 0));
	fprintf(f, "Gateway `%s`, generated %s, %.1f s.\n\n",
	    rj_str(r, "gateway", "?"), rj_str(r, "generated", "?"),
	    json_number_value(json_object_get(sum, "seconds")));
	fputs("| scenario | result | profile | expected records | observed "
	    "| missing | unexpected | note |\n|---|---|---|---:|---:|---:|"
	    "---:|---|\n", f);
	json_array_foreach(json_object_get(r, "scenarios"), i, s) {
		json_t *v = json_object_get(s, "verdict");
		json_t *t = json_object_get(v, "totals");
		const char *st = rj_str(s, "status", "error");

		fputs("| ", f);
		md_esc(f, rj_str(s, "name", "?"));
		fprintf(f, " | %s | %s | %lld | %lld | %lld | %lld | ",
		    strcmp(st, "pass") == 0 ? "✅ pass" : strcmp(st, "skip")
		    == 0 ? "⏭ skip" : strcmp(st, "fail") == 0 ? "❌ fail" :
		    "⚠ error", rj_str(v, "profile", ""),
		    rj_int(t, "expected_records", 0),
		    rj_int(t, "observed_records", 0),
		    rj_int(t, "missing", 0) + rj_int(t, "lost", 0),
		    rj_int(t, "unexpected", 0) + rj_int(t, "duplicate", 0));
		if (strcmp(st, "pass") == 0 && rj_int(v, "negative", 0))
			fputs("negative: failed as expected", f);
		else if (strcmp(st, "pass") != 0) {
			md_esc(f, rj_str(s, "reason", ""));
			bad++;
		}
		fputs(" |\n", f);
	}
	if (bad == 0)
		return ferror(f) ? -1 : 0;
	fputs("\n### What failed\n", f);
	json_array_foreach(json_object_get(r, "scenarios"), i, s) {
		struct mcase m = { f };

		if (strcmp(rj_str(s, "status", "error"), "pass") == 0 ||
		    strcmp(rj_str(s, "status", "error"), "skip") == 0)
			continue;
		fprintf(f, "\n#### %s\n\n| check | evidence | findings |\n"
		    "|---|---|---|\n", rj_str(s, "name", "?"));
		report_cases(s, mcase_fn, &m);
	}
	return ferror(f) ? -1 : 0;
}
