/*
 * report_tap.c: TAP version 14: one test point per scenario, each a
 * subtest with one point per check; YAML diagnostics carry expected and
 * observed values of failed checks.
 */
#include <stdio.h>
#include <string.h>

#include "report.h"

struct tcase {
	FILE	*f;
	int	 n;
	int	 count;	/* 1: count only */
};

static void
yaml_str(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s != '\0'; s++) {
		if (*s == '"' || *s == '\\')
			fputc('\\', f);
		if (*s == '\n')
			fputs("\\n", f);
		else
			fputc(*s, f);
	}
	fputc('"', f);
}

static void
tcase_fn(void *arg, const char *name, int o, const char *msg,
    const char *detail)
{
	struct tcase *t = arg;
	FILE *f = t->f;

	t->n++;
	if (t->count)
		return;
	fprintf(f, "    %s %d - %s", o == RO_FAIL || o == RO_ERROR ?
	    "not ok" : "ok", t->n, name);
	if (o == RO_NA)
		fputs(" # SKIP not applicable", f);
	else if (o == RO_SKIP)
		fprintf(f, " # SKIP %s", msg);
	fputc('\n', f);
	if (o == RO_FAIL || o == RO_ERROR || o == RO_ASKED || o == RO_WARN) {
		fputs("      ---\n      message: ", f);
		yaml_str(f, msg);
		fputc('\n', f);
		if (o == RO_ASKED)
			fputs("      note: \"failed as the negative scenario "
			    "expects\"\n", f);
		if (detail[0]) {
			fputs("      findings: ", f);
			yaml_str(f, detail);
			fputc('\n', f);
		}
		fputs("      ...\n", f);
	}
}

int
report_tap(json_t *r, FILE *f)
{
	json_t *s;
	size_t i;

	fputs("TAP version 14\n", f);
	fprintf(f, "1..%zu\n", json_array_size(json_object_get(r,
	    "scenarios")));
	json_array_foreach(json_object_get(r, "scenarios"), i, s) {
		struct tcase t = { f, 0, 1 };
		const char *st = rj_str(s, "status", "error");

		report_cases(s, tcase_fn, &t);
		fprintf(f, "# Subtest: %s\n    1..%d\n", rj_str(s, "name", "?"),
		    t.n);
		t.n = 0;
		t.count = 0;
		report_cases(s, tcase_fn, &t);
		fprintf(f, "%s %zu - %s", strcmp(st, "pass") == 0 ||
		    strcmp(st, "skip") == 0 ? "ok" : "not ok", i + 1,
		    rj_str(s, "name", "?"));
		if (strcmp(st, "skip") == 0)
			fprintf(f, " # SKIP %s", rj_str(s, "reason", ""));
		fputc('\n', f);
	}
	return ferror(f) ? -1 : 0;
}
