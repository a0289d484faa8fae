/*
 * test_report.c: the report writers on a hand-made report: one passing
 * scenario, one failing, one negative that failed as it asked, one the
 * harness could not run.  JUnit has one root and the right counts, TAP
 * its plan and "not ok" lines, the HTML no external resource and the
 * highlighted difference, the matrix the right status per rule, and
 * --compare / --merge count what they should.
 */
#include "testutil.h"

#include "report.h"

static json_t *
check(const char *rule, const char *status, int tested, int failed)
{
	return json_pack("{s:s, s:s, s:s, s:s, s:i, s:i, s:s}", "name", rule,
	    "rule", rule, "requirement", "req", "status", status, "tested",
	    tested, "failed", failed, "evidence", "ev");
}

static json_t *
scenario(const char *name, const char *status, int negative,
    const char *failrule, int asked)
{
	json_t *v, *checks, *findings, *counts, *flows;

	checks = json_array();
	json_array_append_new(checks, check("ACCT-MISSING", "PASS", 2, 0));
	json_array_append_new(checks, check("ACCT-OCTETS",
	    failrule ? "FAIL" : "PASS", 2, failrule ? 1 : 0));
	json_array_append_new(checks, check("ACCT-NAT", "N/A", 0, 0));
	findings = json_array();
	counts = json_object();
	if (failrule) {
		json_array_append_new(findings, json_pack("{s:s, s:s, s:s, "
		    "s:s, s:s, s:s, s:b}", "rule", failrule, "severity",
		    "error", "source", "accounting", "expected", "1284",
		    "observed", "1285", "msg", "session 1 fwd: octets",
		    "expected_by_scenario", asked));
		json_object_set_new(counts, failrule, json_integer(1));
	}
	flows = json_array();
	json_array_append_new(flows, json_pack("{s:i, s:s, s:s, s:i, s:i, "
	    "s:s, s:i, s:s, s:i, s:I, s:I, s:{s:i, s:i, s:I, s:I, s:i, s:i}, "
	    "s:{s:i, s:i, s:I, s:I, s:I}, s:[s], s:s}",
	    "session", 1, "dir", "fwd", "state", "in", "version", 10, "proto",
	    6, "src", "198.18.1.2", "sport", 41000, "dst", "198.18.2.2",
	    "dport", 80, "first_us", (json_int_t)1767225600000000LL,
	    "last_us", (json_int_t)1767225600013000LL, "expected", "packets",
	    7, "octets", 1284, "start_ms", (json_int_t)1767225600000LL,
	    "end_ms", (json_int_t)1767225600000LL, "in_if", 1, "out_if", 1,
	    "observed", "packets", 7, "octets", failrule ? 1285 : 1284,
	    "start_ms", (json_int_t)1767225600000LL, "end_ms",
	    (json_int_t)1767225600000LL, "arrival_us",
	    (json_int_t)1767225720000000LL, "differences", "octets", "status",
	    failrule ? "differs" : "ok"));
	v = json_pack("{s:s, s:s, s:b, s:b, s:b, s:[i], s:{s:i, s:i}, s:o, "
	    "s:o, s:o, s:o, s:i, s:I}", "scenario", name, "profile",
	    "openbsd-7.8", "pass", strcmp(status, "pass") == 0, "raw_pass",
	    failrule == NULL, "negative", negative, "versions", 10, "totals",
	    "expected_records", 2, "observed_records", 2, "checks", checks,
	    "findings", findings, "rule_counts", counts, "flows", flows,
	    "flows_total", 2, "epoch_us", (json_int_t)1767225600000000LL);
	return json_pack("{s:s, s:s, s:s, s:s, s:f, s:s, s:o}", "name", name,
	    "file", "x.scn", "title", "a <title> & more", "status", status,
	    "seconds", 0.5, "reason", failrule ? failrule : "", "verdict", v);
}

static json_t *
make_report(void)
{
	json_t *r = report_new("sim", "1/1");

	report_add(r, scenario("good", "pass", 0, NULL, 0));
	report_add(r, scenario("bad", "fail", 0, "ACCT-OCTETS", 0));
	report_add(r, scenario("neg", "pass", 1, "ACCT-OCTETS", 1));
	report_add(r, json_pack("{s:s, s:s, s:s, s:f, s:n}", "name", "broken",
	    "status", "error", "reason", "gen failed (exit 2)", "seconds",
	    0.1, "verdict"));
	report_summarize(r, 1.5);
	return r;
}

static char *
render(int (*fn)(json_t *, FILE *), json_t *r)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(f);
	assert_int_equal(fn(r, f), 0);
	fclose(f);
	return buf;
}

static int
count(const char *hay, const char *needle)
{
	int n = 0;

	while ((hay = strstr(hay, needle)) != NULL) {
		n++;
		hay++;
	}
	return n;
}

static void
test_report_junit(void **state)
{
	json_t *r = make_report();
	char *s = render(report_junit, r);

	assert_int_equal(count(s, "<testsuites"), 1);
	assert_int_equal(count(s, "<testsuite "), 4);
	/* one real failure (bad: ACCT-OCTETS and its verdict), the
	 * negative scenario's asked-for failure is not one */
	assert_int_equal(count(s, "<failure"), 2);
	assert_int_equal(count(s, "<error"), 1);
	assert_non_null(strstr(s, "failed as the negative scenario expects"));
	assert_null(strstr(s, "<title>"));
	free(s);
	json_decref(r);
}

static void
test_report_tap(void **state)
{
	json_t *r = make_report();
	char *s = render(report_tap, r);

	assert_true(strncmp(s, "TAP version 14\n1..4\n", 20) == 0);
	assert_non_null(strstr(s, "ok 1 - good"));
	assert_non_null(strstr(s, "not ok 2 - bad"));
	assert_non_null(strstr(s, "ok 3 - neg"));
	assert_null(strstr(s, "not ok 3 - neg"));
	assert_non_null(strstr(s, "not ok 4 - broken"));
	assert_non_null(strstr(s, "# SKIP not applicable"));
	free(s);
	json_decref(r);
}

static void
test_report_html_and_md(void **state)
{
	json_t *r = make_report();
	char *s = render(report_html, r);

	assert_null(strstr(s, "<script"));
	assert_null(strstr(s, "http://www.w3.org/1999"));
	assert_null(strstr(s, "<link"));
	assert_non_null(strstr(s, "id=\"matrix\""));
	assert_int_equal(count(s, "<svg"), 3);
	/* the octets cell of bad's flow is highlighted */
	assert_non_null(strstr(s, "<td class=\"n bad\">1284 / 1285</td>"));
	assert_non_null(strstr(s, "a &lt;title&gt; &amp; more"));
	free(s);
	s = render(report_md, r);
	assert_non_null(strstr(s, "4 scenarios, 2 passed, 1 failed, 1 errors"));
	assert_non_null(strstr(s, "negative: failed as expected"));
	assert_non_null(strstr(s, "#### bad"));
	free(s);
	json_decref(r);
}

static void
test_report_matrix(void **state)
{
	json_t *r = make_report();
	struct rule_agg *a;
	int n, i, seen = 0;

	a = report_rules(r, &n);
	assert_non_null(a);
	for (i = 0; i < n; i++) {
		if (strcmp(a[i].id, "ACCT-OCTETS") == 0) {
			assert_int_equal(a[i].status, 2);
			assert_int_equal(a[i].nfail, 1);
			assert_int_equal(a[i].nexpected, 1);
			assert_non_null(strstr(a[i].evidence, "bad"));
			seen++;
		} else if (strcmp(a[i].id, "ACCT-MISSING") == 0) {
			assert_int_equal(a[i].status, 1);
			seen++;
		} else if (strcmp(a[i].id, "ACCT-NAT") == 0) {
			assert_int_equal(a[i].status, 0);
			seen++;
		} else if (strcmp(a[i].id, "V5-COUNT") == 0) {
			/* only IPFIX in this run */
			assert_int_equal(a[i].status, 0);
			seen++;
		}
	}
	assert_int_equal(seen, 4);
	free(a);
	json_decref(r);
}

static void
test_report_compare_merge(void **state)
{
	json_t *a = make_report(), *b = make_report(), *in[2], *m;
	char *buf = NULL;
	size_t len = 0;
	FILE *f;
	int n;

	f = open_memstream(&buf, &len);
	assert_int_equal(report_compare(a, b, f), 0);
	fclose(f);
	free(buf);
	/* b's "good" now differs in octets and result */
	json_array_set_new(json_object_get(b, "scenarios"), 0,
	    scenario("good", "fail", 0, "ACCT-OCTETS", 0));
	f = open_memstream(&buf, &len);
	n = report_compare(a, b, f);
	fclose(f);
	assert_true(n >= 3);
	assert_non_null(strstr(buf, "good: result pass -> fail"));
	assert_non_null(strstr(buf, "good: check ACCT-OCTETS PASS -> FAIL"));
	assert_non_null(strstr(buf, "octets 1284 -> 1285"));
	free(buf);
	in[0] = a;
	in[1] = b;
	m = report_merge(in, 2);
	assert_int_equal(json_integer_value(json_object_get(
	    json_object_get(m, "summary"), "scenarios")), 8);
	json_decref(m);
	json_decref(a);
	json_decref(b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_report_junit),
		cmocka_unit_test(test_report_tap),
		cmocka_unit_test(test_report_html_and_md),
		cmocka_unit_test(test_report_matrix),
		cmocka_unit_test(test_report_compare_merge),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
