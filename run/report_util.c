/*
 * report_util.c: the report document (see report.h): create, summarize,
 * load, merge, the per-rule aggregation the matrix and the JUnit suite
 * show, and small helpers shared by the writers.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "clock.h"
#include "cmds.h"
#include "profile.h"
#include "report.h"
#include "rules.h"
#include "verify.h"

const char *
rj_str(json_t *o, const char *k, const char *dflt)
{
	json_t *j = o != NULL ? json_object_get(o, k) : NULL;

	return j != NULL && json_is_string(j) ? json_string_value(j) : dflt;
}

long long
rj_int(json_t *o, const char *k, long long dflt)
{
	json_t *j = o != NULL ? json_object_get(o, k) : NULL;

	if (j == NULL)
		return dflt;
	if (json_is_integer(j))
		return json_integer_value(j);
	if (json_is_real(j))
		return (long long)json_real_value(j);
	if (json_is_true(j))
		return 1;
	if (json_is_false(j))
		return 0;
	return dflt;
}

void
rx_esc(FILE *f, const char *s)
{
	const unsigned char *p = (const unsigned char *)(s != NULL ? s : "");

	for (; *p != '\0'; p++) {
		switch (*p) {
		case '<':
			fputs("&lt;", f);
			break;
		case '>':
			fputs("&gt;", f);
			break;
		case '&':
			fputs("&amp;", f);
			break;
		case '"':
			fputs("&quot;", f);
			break;
		case '\'':
			fputs("&#39;", f);
			break;
		default:
			if (*p < 0x20 && *p != '\n' && *p != '\t')
				fputc('?', f);
			else
				fputc(*p, f);
		}
	}
}

static json_t *
rule_table(void)
{
	json_t *a = json_array(), *o;
	const struct rule *r = rules_all();
	const char *const *v = verify_rules();
	unsigned int i;

	for (i = 0; i < rules_count(); i++) {
		o = json_object();
		json_object_set_new(o, "id", json_string(r[i].id));
		json_object_set_new(o, "scope", json_string(r[i].scope));
		json_object_set_new(o, "severity",
		    json_string(severity_str(r[i].severity)));
		json_object_set_new(o, "requirement", json_string(r[i].req));
		json_object_set_new(o, "source", json_string(r[i].source));
		json_array_append_new(a, o);
	}
	for (i = 0; v[i] != NULL; i++) {
		o = json_object();
		json_object_set_new(o, "id", json_string(v[i]));
		json_object_set_new(o, "scope", json_string(
		    strncmp(v[i], "ACCT-", 5) == 0 ? "accounting" :
		    "expectation"));
		json_object_set_new(o, "severity", json_string(
		    severity_str(verify_rule_severity(v[i]))));
		json_object_set_new(o, "requirement",
		    json_string(verify_rule_text(v[i])));
		json_object_set_new(o, "source", json_string(
		    "pflow-facts.md 3-4; pflowlab-verify(1)"));
		json_array_append_new(a, o);
	}
	return a;
}

json_t *
report_new(const char *gateway, const char *shard)
{
	json_t *r = json_object();
	char ts[40];

	json_object_set_new(r, "tool", json_string("pflowlab"));
	json_object_set_new(r, "version", json_string(PFLOWLAB_VERSION));
	json_object_set_new(r, "generated",
	    json_string(clock_fmt_us(clock_now_us(), ts, sizeof(ts))));
	json_object_set_new(r, "gateway", json_string(gateway));
	json_object_set_new(r, "shard", json_string(shard));
	json_object_set_new(r, "summary", json_object());
	json_object_set_new(r, "rules", rule_table());
	json_object_set_new(r, "scenarios", json_array());
	return r;
}

void
report_add(json_t *r, json_t *s)
{
	json_array_append_new(json_object_get(r, "scenarios"), s);
}

void
report_summarize(json_t *r, double seconds)
{
	json_t *sum = json_object(), *s;
	size_t i;
	long long n[4] = { 0, 0, 0, 0 };

	json_array_foreach(json_object_get(r, "scenarios"), i, s) {
		const char *st = rj_str(s, "status", "error");

		if (strcmp(st, "pass") == 0)
			n[0]++;
		else if (strcmp(st, "fail") == 0)
			n[1]++;
		else if (strcmp(st, "skip") == 0)
			n[3]++;
		else
			n[2]++;
	}
	json_object_set_new(sum, "scenarios",
	    json_integer(n[0] + n[1] + n[2] + n[3]));
	json_object_set_new(sum, "passed", json_integer(n[0]));
	json_object_set_new(sum, "failed", json_integer(n[1]));
	json_object_set_new(sum, "errors", json_integer(n[2]));
	json_object_set_new(sum, "skipped", json_integer(n[3]));
	json_object_set_new(sum, "seconds", json_real(seconds));
	json_object_set_new(r, "summary", sum);
}

json_t *
report_load(const char *path, char *errbuf, size_t len)
{
	json_error_t je;
	json_t *r = json_load_file(path, 0, &je);

	if (r == NULL) {
		snprintf(errbuf, len, "%s:%d:%d: %s", path, je.line,
		    je.column, je.text);
		return NULL;
	}
	if (!json_is_object(r) ||
	    !json_is_array(json_object_get(r, "scenarios"))) {
		snprintf(errbuf, len, "%s: not a pflowlab report", path);
		json_decref(r);
		return NULL;
	}
	return r;
}

json_t *
report_merge(json_t *const *in, int n)
{
	json_t *r, *s;
	double secs = 0;
	int i;
	size_t j;

	r = report_new(n > 0 ? rj_str(in[0], "gateway", "sim") : "sim",
	    "merged");
	for (i = 0; i < n; i++) {
		json_t *sum = json_object_get(in[i], "summary");
		json_t *sj = json_object_get(sum, "seconds");

		if (sj != NULL && json_is_number(sj) &&
		    json_number_value(sj) > secs)
			secs = json_number_value(sj);
		json_array_foreach(json_object_get(in[i], "scenarios"), j, s)
			report_add(r, json_incref(s));
	}
	report_summarize(r, secs);
	return r;
}

/* ------------------------------------------------------------------ */
/* per-rule aggregation */

static int
scope_applies(const char *scope, json_t *verdict)
{
	json_t *vers = json_object_get(verdict, "versions"), *x;
	size_t i;
	int want = 0;

	if (strcmp(scope, "NetFlow v5") == 0)
		want = 5;
	else if (strcmp(scope, "NetFlow v9") == 0)
		want = 9;
	else if (strcmp(scope, "IPFIX") == 0)
		want = 10;
	else if (strcmp(scope, "pflow") == 0) {
		const struct profile *p = profile_get(rj_str(verdict,
		    "profile", ""));

		return p != NULL && p->kind == PROFILE_PFLOW;
	}
	if (want == 0)
		return 1;
	json_array_foreach(vers, i, x)
		if (json_integer_value(x) == want)
			return 1;
	return 0;
}

/* Did rule fire in this verdict, and was it asked for? */
static void
rule_fired(json_t *verdict, const char *id, long long *count, int *asked,
    const char **msg)
{
	json_t *f;
	size_t i;

	*count = rj_int(json_object_get(verdict, "rule_counts"), id, 0);
	*asked = 0;
	*msg = NULL;
	json_array_foreach(json_object_get(verdict, "findings"), i, f) {
		if (strcmp(rj_str(f, "rule", ""), id) != 0)
			continue;
		if (*msg == NULL)
			*msg = rj_str(f, "msg", "");
		if (rj_int(f, "expected_by_scenario", 0))
			*asked = 1;
	}
}

static void
ev_add(char *ev, size_t len, const char *s)
{
	size_t l = strlen(ev);

	if (l + 1 >= len)
		return;
	snprintf(ev + l, len - l, "%s", s);
}

struct rule_agg *
report_rules(json_t *r, int *np)
{
	json_t *rules = json_object_get(r, "rules"), *ru, *s;
	struct rule_agg *a;
	size_t i, j;
	int n = (int)json_array_size(rules);

	a = calloc(n > 0 ? (size_t)n : 1, sizeof(*a));
	if (a == NULL) {
		*np = 0;
		return NULL;
	}
	json_array_foreach(rules, i, ru) {
		struct rule_agg *g = &a[i];
		char failed[256] = "", asked[256] = "", first[200] = "";
		int tested = 0;
		long long items = 0;

		g->id = rj_str(ru, "id", "?");
		g->req = rj_str(ru, "requirement", "");
		g->scope = rj_str(ru, "scope", "");
		json_array_foreach(json_object_get(r, "scenarios"), j, s) {
			json_t *v = json_object_get(s, "verdict");
			const char *name = rj_str(s, "name", "?");
			const char *msg;
			long long cnt;
			int ask, fail = 0, applies;

			if (v == NULL || !json_is_object(v))
				continue;
			rule_fired(v, g->id, &cnt, &ask, &msg);
			if (strncmp(g->id, "ACCT-", 5) == 0 ||
			    strncmp(g->id, "EXPECT-", 7) == 0) {
				json_t *c;
				size_t k;

				applies = 0;
				json_array_foreach(json_object_get(v,
				    "checks"), k, c) {
					const char *st;

					if (strcmp(rj_str(c, "rule", ""),
					    g->id) != 0)
						continue;
					st = rj_str(c, "status", "N/A");
					if (strcmp(st, "N/A") != 0) {
						applies = 1;
						items += rj_int(c, "tested", 0);
					}
					if (strcmp(st, "FAIL") == 0)
						fail = 1;
				}
				if (cnt > 0 && strcmp(g->id, "ACCT-TOTALS"))
					fail = 1;
			} else {
				applies = scope_applies(g->scope, v);
				fail = cnt > 0;
			}
			if (!applies && !fail)
				continue;
			tested++;
			if (fail && ask) {
				g->nexpected++;
				if (asked[0])
					ev_add(asked, sizeof(asked), ", ");
				ev_add(asked, sizeof(asked), name);
			} else if (fail) {
				g->nfail++;
				if (failed[0])
					ev_add(failed, sizeof(failed), ", ");
				ev_add(failed, sizeof(failed), name);
				if (first[0] == '\0' && msg != NULL)
					snprintf(first, sizeof(first), "%s",
					    msg);
			} else
				g->npass++;
		}
		g->status = tested == 0 ? 0 : g->nfail > 0 ? 2 : 1;
		g->evidence[0] = '\0';
		if (g->nfail > 0) {
			snprintf(g->evidence, sizeof(g->evidence),
			    "fails in %d scenario(s): %s%s%s", g->nfail,
			    failed, first[0] ? ". First: " : "", first);
		} else if (tested > 0) {
			snprintf(g->evidence, sizeof(g->evidence),
			    "holds in %d scenario(s)", g->npass);
			if (items > 0) {
				char b[64];

				snprintf(b, sizeof(b), " (%lld items checked)",
				    items);
				ev_add(g->evidence, sizeof(g->evidence), b);
			}
		} else
			snprintf(g->evidence, sizeof(g->evidence),
			    "not applicable to any scenario of this run");
		if (g->nexpected > 0) {
			ev_add(g->evidence, sizeof(g->evidence),
			    "; fired as asked in negative scenario(s): ");
			ev_add(g->evidence, sizeof(g->evidence), asked);
		}
	}
	*np = n;
	return a;
}

int
report_json(json_t *r, FILE *f)
{
	if (json_dumpf(r, f, JSON_INDENT(1) | JSON_PRESERVE_ORDER) != 0)
		return -1;
	fputc('\n', f);
	return ferror(f) ? -1 : 0;
}

static int
write_one(json_t *r, const char *dir, const char *name,
    int (*fn)(json_t *, FILE *), char *errbuf, size_t len)
{
	char path[4096];
	FILE *f;
	int rc;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if ((f = fopen(path, "w")) == NULL) {
		snprintf(errbuf, len, "%s: %s", path, strerror(errno));
		return -1;
	}
	rc = fn(r, f);
	if (fclose(f) != 0)
		rc = -1;
	if (rc != 0)
		snprintf(errbuf, len, "%s: write error", path);
	return rc;
}

int
report_write_all(json_t *r, const char *dir, char *errbuf, size_t len)
{
	if (write_one(r, dir, "report.json", report_json, errbuf, len) ||
	    write_one(r, dir, "junit.xml", report_junit, errbuf, len) ||
	    write_one(r, dir, "report.tap", report_tap, errbuf, len) ||
	    write_one(r, dir, "report.md", report_md, errbuf, len) ||
	    write_one(r, dir, "report.html", report_html, errbuf, len))
		return -1;
	return 0;
}

void
report_table(json_t *r, FILE *f)
{
	json_t *s, *sum = json_object_get(r, "summary");
	size_t i;

	fprintf(f, "%-32s %-6s %8s %8s %8s %8s %7s  %s\n", "scenario",
	    "result", "expected", "observed", "missing", "unexpect", "seconds",
	    "why");
	json_array_foreach(json_object_get(r, "scenarios"), i, s) {
		json_t *v = json_object_get(s, "verdict");
		json_t *t = json_object_get(v, "totals");
		const char *st = rj_str(s, "status", "error");
		char why[120];

		why[0] = '\0';
		if (strcmp(st, "pass") == 0 && rj_int(v, "negative", 0))
			snprintf(why, sizeof(why), "failed as expected");
		else if (strcmp(st, "pass") != 0)
			snprintf(why, sizeof(why), "%s",
			    rj_str(s, "reason", ""));
		fprintf(f, "%-32.32s %-6s %8lld %8lld %8lld %8lld %7.2f  %s\n",
		    rj_str(s, "name", "?"), strcmp(st, "pass") == 0 ? "PASS" :
		    strcmp(st, "fail") == 0 ? "FAIL" : strcmp(st, "skip") == 0 ?
		    "SKIP" : "ERROR",
		    rj_int(t, "expected_records", 0),
		    rj_int(t, "observed_records", 0),
		    rj_int(t, "missing", 0) + rj_int(t, "lost", 0),
		    rj_int(t, "unexpected", 0) + rj_int(t, "duplicate", 0),
		    json_number_value(json_object_get(s, "seconds")), why);
	}
	fprintf(f, "%lld scenarios: %lld passed, %lld failed, %lld errors, "
	    "%lld skipped (%.1f s)\n", rj_int(sum, "scenarios", 0),
	    rj_int(sum, "passed", 0), rj_int(sum, "failed", 0),
	    rj_int(sum, "errors", 0), rj_int(sum, "skipped", 0),
	    json_number_value(json_object_get(sum, "seconds")));
}

/* Was a finding of this rule asked for by the scenario? */
int
report_rule_asked(json_t *verdict, const char *rule)
{
	json_t *f;
	size_t i;

	json_array_foreach(json_object_get(verdict, "findings"), i, f)
		if (strcmp(rj_str(f, "rule", ""), rule) == 0 &&
		    rj_int(f, "expected_by_scenario", 0))
			return 1;
	return 0;
}

int
report_check_outcome(json_t *verdict, json_t *c)
{
	const char *st = rj_str(c, "status", "N/A");
	const char *rule = rj_str(c, "rule", "");

	if (strcmp(st, "PASS") == 0)
		return RO_PASS;
	if (strcmp(st, "N/A") == 0)
		return RO_NA;
	if (strncmp(rule, "EXPECT-", 7) != 0 &&
	    report_rule_asked(verdict, rule))
		return RO_ASKED;
	if (strcmp(rule, "ACCT-TOTALS") == 0)
		return RO_WARN;
	return RO_FAIL;
}

/* Findings of this rule, "expected X, observed Y: msg" lines. */
void
report_rule_detail(json_t *verdict, const char *rule, char *buf, size_t len,
    int max)
{
	json_t *f;
	size_t i;
	int n = 0;

	buf[0] = '\0';
	json_array_foreach(json_object_get(verdict, "findings"), i, f) {
		size_t l = strlen(buf);

		if (strcmp(rj_str(f, "rule", ""), rule) != 0)
			continue;
		if (n++ >= max) {
			snprintf(buf + l, len - l, "...\n");
			break;
		}
		snprintf(buf + l, len - l, "%s: expected %s, observed %s\n",
		    rj_str(f, "msg", ""), rj_str(f, "expected", "-"),
		    rj_str(f, "observed", "-"));
	}
}

void
report_cases(json_t *s, void (*fn)(void *, const char *, int, const char *,
    const char *), void *arg)
{
	json_t *v = json_object_get(s, "verdict"), *c, *cnt;
	const char *st = rj_str(s, "status", "error"), *rule;
	char detail[2048], name[96], msg[256];
	size_t i;

	if (strcmp(st, "skip") == 0) {
		fn(arg, "run", RO_SKIP, rj_str(s, "reason", "skipped"), "");
		return;
	}
	if (v == NULL || !json_is_object(v)) {
		fn(arg, "run", RO_ERROR, rj_str(s, "reason", "harness error"),
		    "");
		return;
	}
	json_array_foreach(json_object_get(v, "checks"), i, c) {
		int o = report_check_outcome(v, c);

		report_rule_detail(v, rj_str(c, "rule", ""), detail,
		    sizeof(detail), 10);
		fn(arg, rj_str(c, "name", "?"), o, rj_str(c, "evidence", ""),
		    o == RO_PASS || o == RO_NA ? "" : detail);
	}
	cnt = json_object_get(v, "rule_counts");
	json_object_foreach(cnt, rule, c) {
		json_t *f;
		size_t k;
		const char *sev = "error";
		int o;

		if (strncmp(rule, "ACCT-", 5) == 0 ||
		    strncmp(rule, "EXPECT-", 7) == 0)
			continue;
		json_array_foreach(json_object_get(v, "findings"), k, f)
			if (strcmp(rj_str(f, "rule", ""), rule) == 0) {
				sev = rj_str(f, "severity", "error");
				break;
			}
		if (report_rule_asked(v, rule))
			o = RO_ASKED;
		else if (strcmp(sev, "info") == 0)
			o = RO_PASS;
		else if (strcmp(sev, "error") == 0)
			o = RO_FAIL;
		else
			o = RO_WARN;
		snprintf(name, sizeof(name), "conformance %s", rule);
		snprintf(msg, sizeof(msg), "%lld %s finding(s)",
		    (long long)json_integer_value(c), sev);
		report_rule_detail(v, rule, detail, sizeof(detail), 10);
		fn(arg, name, o, msg, detail);
	}
	snprintf(msg, sizeof(msg), "%s%s", strcmp(st, "pass") == 0 ?
	    (rj_int(v, "negative", 0) ? "failed exactly as the scenario "
	    "expects" : "all checks hold") : rj_str(s, "reason", "failed"),
	    "");
	fn(arg, "verdict", strcmp(st, "pass") == 0 ? RO_PASS :
	    strcmp(st, "fail") == 0 ? RO_FAIL : RO_ERROR, msg, "");
}
