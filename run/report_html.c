/*
 * report_html.c: one self-contained HTML conformance report (no external
 * resources: inline CSS and SVG, no script): the totals, a table of
 * scenarios, the per-rule matrix (rule, requirement, PASS/FAIL/N-A,
 * evidence), and per scenario its checks, the expected-against-observed
 * flow table with the differences highlighted, and an SVG timeline (each
 * flow a bar from its first to its last packet, its export arrival
 * marked).
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"

#define MAXROWS		200	/* flow table rows per scenario */
#define MAXBARS		60	/* timeline rows per scenario */

static const char css[] =
"body{font:14px/1.4 system-ui,sans-serif;margin:1.5em;color:#222}"
"h1{font-size:1.6em;margin:0 0 .3em}h2{margin-top:1.6em;border-bottom:"
"2px solid #ccc}h3{margin:1.4em 0 .3em}"
"table{border-collapse:collapse;margin:.5em 0}"
"td,th{border:1px solid #ccc;padding:2px 6px;text-align:left;"
"vertical-align:top}th{background:#eee}td.n{text-align:right;"
"font-variant-numeric:tabular-nums}"
".PASS,.pass{background:#d7f5d7}.FAIL,.fail{background:#f8c9c9;"
"font-weight:bold}.NA{background:#eee;color:#777}.ASKED{background:"
"#fde9b8}.error{background:#f3b7f3}.skip{background:#eee}"
"td.bad{background:#f8c9c9;font-weight:bold}"
".sum span{display:inline-block;padding:.2em .8em;margin-right:.5em;"
"border-radius:4px}.small{font-size:12px;color:#555}"
"svg{background:#fafafa;border:1px solid #ddd}"
"code{background:#f3f3f3;padding:0 .2em}"
"pre{white-space:pre-wrap;word-break:break-word;margin:.3em 0}"
"td{max-width:60em}";

static const char *
cls(const char *status)
{
	if (strcmp(status, "pass") == 0)
		return "pass";
	if (strcmp(status, "fail") == 0)
		return "fail";
	if (strcmp(status, "skip") == 0)
		return "skip";
	return "error";
}

static void
anchor(FILE *f, const char *name)
{
	const char *p;

	fputs("s-", f);
	for (p = name; *p != '\0'; p++)
		fputc((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || *p == '-' ? *p : '_', f);
}

static void
matrix(json_t *r, FILE *f)
{
	struct rule_agg *a;
	int n, i;

	a = report_rules(r, &n);
	fputs("<h2 id=\"matrix\">Rule matrix</h2>\n<p class=\"small\">Each "
	    "requirement over every scenario of the run. PASS: it held "
	    "wherever it applies; FAIL: it was broken where no scenario "
	    "asked for it; N/A: no scenario exercised it. Negative scenarios "
	    "that make a rule fire on purpose are listed in the evidence."
	    "</p>\n<table><tr><th>rule</th><th>scope</th><th>requirement</th>"
	    "<th>status</th><th>evidence</th></tr>\n", f);
	for (i = 0; i < n; i++) {
		const char *st = a[i].status == 2 ? "FAIL" : a[i].status == 1 ?
		    "PASS" : "N/A";

		fputs("<tr><td><code>", f);
		rx_esc(f, a[i].id);
		fputs("</code></td><td>", f);
		rx_esc(f, a[i].scope);
		fputs("</td><td>", f);
		rx_esc(f, a[i].req);
		fprintf(f, "</td><td class=\"%s\">%s</td><td>",
		    a[i].status == 0 ? "NA" : st, st);
		rx_esc(f, a[i].evidence);
		fputs("</td></tr>\n", f);
	}
	fputs("</table>\n", f);
	free(a);
}

static void
checks(json_t *v, FILE *f)
{
	json_t *c;
	size_t i;

	fputs("<table><tr><th>check</th><th>result</th><th>requirement</th>"
	    "<th>evidence</th></tr>\n", f);
	json_array_foreach(json_object_get(v, "checks"), i, c) {
		int o = report_check_outcome(v, c);
		const char *st = o == RO_PASS ? "PASS" : o == RO_NA ? "N/A" :
		    o == RO_ASKED ? "FAIL (asked)" : o == RO_WARN ? "WARN" :
		    "FAIL";
		char detail[1024];

		fputs("<tr><td>", f);
		rx_esc(f, rj_str(c, "name", ""));
		fprintf(f, "</td><td class=\"%s\">%s</td><td>", o == RO_PASS ?
		    "PASS" : o == RO_NA ? "NA" : o == RO_ASKED ? "ASKED" :
		    "FAIL", st);
		rx_esc(f, rj_str(c, "requirement", ""));
		fputs("</td><td>", f);
		rx_esc(f, rj_str(c, "evidence", ""));
		if (o == RO_FAIL || o == RO_ASKED || o == RO_WARN) {
			report_rule_detail(v, rj_str(c, "rule", ""), detail,
			    sizeof(detail), 5);
			fputs("<pre class=\"small\">", f);
			rx_esc(f, detail);
			fputs("</pre>", f);
		}
		fputs("</td></tr>\n", f);
	}
	fputs("</table>\n", f);
}

static void
conf_findings(json_t *v, FILE *f)
{
	json_t *x;
	size_t i;
	int n = 0;

	json_array_foreach(json_object_get(v, "findings"), i, x) {
		if (strcmp(rj_str(x, "source", ""), "conformance") != 0)
			continue;
		if (n == 0)
			fputs("<p>Conformance findings on the export stream:"
			    "</p><table><tr><th>rule</th><th>severity</th>"
			    "<th>datagram</th><th>expected</th><th>observed"
			    "</th><th>message</th></tr>\n", f);
		if (++n > 50)
			break;
		fputs("<tr><td><code>", f);
		rx_esc(f, rj_str(x, "rule", ""));
		fprintf(f, "</code></td><td class=\"%s\">",
		    rj_int(x, "expected_by_scenario", 0) ? "ASKED" : "FAIL");
		rx_esc(f, rj_str(x, "severity", ""));
		fprintf(f, "</td><td class=\"n\">%lld</td><td>",
		    rj_int(x, "dgram", -1));
		rx_esc(f, rj_str(x, "expected", ""));
		fputs("</td><td>", f);
		rx_esc(f, rj_str(x, "observed", ""));
		fputs("</td><td>", f);
		rx_esc(f, rj_str(x, "msg", ""));
		fputs("</td></tr>\n", f);
	}
	if (n > 0)
		fputs("</table>\n", f);
}

static int
has_diff(json_t *fl, const char *what)
{
	json_t *d;
	size_t i;

	json_array_foreach(json_object_get(fl, "differences"), i, d)
		if (strcmp(json_string_value(d), what) == 0)
			return 1;
	return 0;
}

static void
cell2(FILE *f, json_t *x, json_t *o, const char *k, int bad, long long div)
{
	long long a = rj_int(x, k, -1), b = o != NULL ? rj_int(o, k, -1) : -1;

	fprintf(f, "<td class=\"n%s\">", bad ? " bad" : "");
	if (a != -1)
		fprintf(f, "%lld", div > 1 ? a / div : a);
	fputs(" / ", f);
	if (b != -1)
		fprintf(f, "%lld", div > 1 ? b / div : b);
	else
		fputs("-", f);
	fputs("</td>", f);
}

static void
flows(json_t *v, FILE *f)
{
	json_t *fl, *x, *o;
	size_t i;
	long long epoch_s = rj_int(v, "epoch_us", 0) / 1000000;

	fprintf(f, "<p>Expected against observed records (expected / observed"
	    "; times in seconds after the scenario start; %lld of %lld listed"
	    ", differences first).</p>\n",
	    (long long)json_array_size(json_object_get(v, "flows")),
	    rj_int(v, "flows_total", 0));
	fputs("<table><tr><th>session</th><th>dir</th><th>state</th>"
	    "<th>v</th><th>key</th><th>packets</th><th>octets</th>"
	    "<th>start s</th><th>end s</th><th>in if</th><th>out if</th>"
	    "<th>latency s</th><th>status</th></tr>\n", f);
	json_array_foreach(json_object_get(v, "flows"), i, fl) {
		const char *st = rj_str(fl, "status", "?");
		long long lat = -1;

		if (i >= MAXROWS)
			break;
		x = json_object_get(fl, "expected");
		o = json_object_get(fl, "observed");
		if (o != NULL && json_is_null(o))
			o = NULL;
		fprintf(f, "<tr><td class=\"n\">%lld</td><td>%s</td><td>%s"
		    "</td><td>%lld</td><td>", rj_int(fl, "session", 0),
		    rj_str(fl, "dir", ""), rj_str(fl, "state", ""),
		    rj_int(fl, "version", 0));
		rx_esc(f, rj_str(fl, "src", ""));
		fprintf(f, ":%lld &gt; ", rj_int(fl, "sport", 0));
		rx_esc(f, rj_str(fl, "dst", ""));
		fprintf(f, ":%lld p%lld", rj_int(fl, "dport", 0),
		    rj_int(fl, "proto", 0));
		if (json_object_get(x, "post_src") != NULL ||
		    (o != NULL && json_object_get(o, "post_src") != NULL)) {
			fprintf(f, "<br><span class=\"small%s\">post-NAT ",
			    has_diff(fl, "nat") ? " bad" : "");
			if (json_object_get(x, "post_src") != NULL) {
				rx_esc(f, rj_str(x, "post_src", ""));
				fprintf(f, ":%lld &gt; ", rj_int(x,
				    "post_sport", 0));
				rx_esc(f, rj_str(x, "post_dst", ""));
				fprintf(f, ":%lld", rj_int(x, "post_dport", 0));
			} else
				fputs("none", f);
			fputs(" / ", f);
			if (o != NULL && json_object_get(o, "post_src")) {
				rx_esc(f, rj_str(o, "post_src", ""));
				fprintf(f, ":%lld &gt; ", rj_int(o,
				    "post_sport", 0));
				rx_esc(f, rj_str(o, "post_dst", ""));
				fprintf(f, ":%lld", rj_int(o, "post_dport", 0));
			} else
				fputs("none", f);
			fputs("</span>", f);
		}
		fputs("</td>", f);
		cell2(f, x, o, "packets", has_diff(fl, "packets"), 1);
		cell2(f, x, o, "octets", has_diff(fl, "octets"), 1);
		fprintf(f, "<td class=\"n%s\">%lld / ", has_diff(fl, "start") ?
		    " bad" : "", rj_int(x, "start_ms", 0) / 1000 - epoch_s);
		if (o != NULL && json_object_get(o, "start_ms") != NULL)
			fprintf(f, "%lld", rj_int(o, "start_ms", 0) / 1000 -
			    epoch_s);
		else
			fputs("-", f);
		fprintf(f, "</td><td class=\"n%s\">%lld / ", has_diff(fl,
		    "end") ? " bad" : "", rj_int(x, "end_ms", 0) / 1000 -
		    epoch_s);
		if (o != NULL && json_object_get(o, "end_ms") != NULL)
			fprintf(f, "%lld", rj_int(o, "end_ms", 0) / 1000 -
			    epoch_s);
		else
			fputs("-", f);
		fputs("</td>", f);
		cell2(f, x, o, "in_if", has_diff(fl, "iface"), 1);
		cell2(f, x, o, "out_if", has_diff(fl, "iface"), 1);
		if (o != NULL && rj_int(o, "arrival_us", 0) != 0)
			lat = rj_int(o, "arrival_us", 0) / 1000 -
			    rj_int(x, "end_ms", 0);
		fprintf(f, "<td class=\"n%s\">%lld..%lld / ",
		    has_diff(fl, "latency") ? " bad" : "",
		    rj_int(x, "latency_lo_ms", 0) / 1000,
		    rj_int(x, "latency_hi_ms", 0) / 1000);
		if (lat != -1)
			fprintf(f, "%.1f", lat / 1000.0);
		else
			fputs("-", f);
		fprintf(f, "</td><td class=\"%s\">%s</td></tr>\n",
		    strcmp(st, "ok") == 0 ? "PASS" : strcmp(st, "absent") == 0 ?
		    "NA" : "FAIL", st);
	}
	json_array_foreach(json_object_get(v, "unmatched"), i, o) {
		if (i >= MAXROWS)
			break;
		fprintf(f, "<tr><td class=\"n\">%lld</td><td></td><td></td>"
		    "<td>%lld</td><td>", rj_int(o, "session", 0),
		    rj_int(o, "version", 0));
		rx_esc(f, rj_str(o, "src", ""));
		fprintf(f, ":%lld &gt; ", rj_int(o, "sport", 0));
		rx_esc(f, rj_str(o, "dst", ""));
		fprintf(f, ":%lld p%lld</td><td class=\"n bad\">- / %lld</td>"
		    "<td class=\"n bad\">- / %lld</td><td colspan=\"5\">"
		    "datagram %lld</td><td class=\"FAIL\">%s</td></tr>\n",
		    rj_int(o, "dport", 0), rj_int(o, "proto", 0),
		    rj_int(o, "packets", 0), rj_int(o, "octets", 0),
		    rj_int(o, "dgram", 0), rj_str(o, "status", "unexpected"));
	}
	fputs("</table>\n", f);
}

/*
 * The timeline: the traffic span takes the left part of the axis, the
 * export (which comes a timeout later, up to a day for established TCP)
 * the right part, each scaled on its own, with a break between.
 */
static void
timeline(json_t *v, FILE *f)
{
	json_t *fl, *o;
	size_t i, n = 0;
	long long t0 = INT64_MAX, t1 = 0, a0 = INT64_MAX, a1 = 0, t, a;
	const int W = 1100, L = 170, TW = 520, GAP = 40, AW = W - L - TW -
	    GAP - 20, RH = 14;
	int y;

	json_array_foreach(json_object_get(v, "flows"), i, fl) {
		if (i >= MAXBARS)
			break;
		if (strcmp(rj_str(fl, "status", ""), "absent") == 0)
			continue;
		n++;
		t = rj_int(fl, "first_us", 0);
		if (t < t0)
			t0 = t;
		t = rj_int(fl, "last_us", 0);
		if (t > t1)
			t1 = t;
		o = json_object_get(fl, "observed");
		if (o != NULL && json_is_object(o) &&
		    (a = rj_int(o, "arrival_us", 0)) != 0) {
			if (a < a0)
				a0 = a;
			if (a > a1)
				a1 = a;
		}
	}
	if (n == 0)
		return;
	if (rj_int(v, "epoch_us", 0) != 0 && rj_int(v, "epoch_us", 0) < t0)
		t0 = rj_int(v, "epoch_us", 0);
	if (t1 <= t0)
		t1 = t0 + 1000000;
	if (a0 == INT64_MAX) {
		a0 = t1;
		a1 = t1 + 1;
	}
	if (a0 > t1)
		a0 = t1;
	if (a1 <= a0)
		a1 = a0 + 1000000;
	fprintf(f, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" "
	    "height=\"%zu\" role=\"img\"><title>flow timeline</title>\n", W,
	    (size_t)RH * n + 50);
	fprintf(f, "<text x=\"%d\" y=\"14\" font-size=\"11\">traffic: 0 .. "
	    "%.3f s</text><text x=\"%d\" y=\"14\" font-size=\"11\">export "
	    "arrival: %.1f .. %.1f s</text>\n", L, (t1 - t0) / 1e6,
	    L + TW + GAP, (a0 - t0) / 1e6, (a1 - t0) / 1e6);
	fprintf(f, "<line x1=\"%d\" y1=\"20\" x2=\"%d\" y2=\"%zu\" "
	    "stroke=\"#999\" stroke-dasharray=\"4 3\"/>\n", L + TW + GAP / 2,
	    L + TW + GAP / 2, (size_t)RH * n + 30);
	y = 24;
	json_array_foreach(json_object_get(v, "flows"), i, fl) {
		double x1, x2, xa;
		const char *st = rj_str(fl, "status", "");
		const char *col = strcmp(st, "ok") == 0 ? "#3a7" :
		    strcmp(st, "lost") == 0 ? "#c93" : "#d33";

		if (i >= MAXBARS)
			break;
		if (strcmp(st, "absent") == 0)
			continue;
		x1 = L + (double)(rj_int(fl, "first_us", 0) - t0) * TW /
		    (double)(t1 - t0);
		x2 = L + (double)(rj_int(fl, "last_us", 0) - t0) * TW /
		    (double)(t1 - t0);
		if (x2 - x1 < 2)
			x2 = x1 + 2;
		fprintf(f, "<text x=\"4\" y=\"%d\" font-size=\"10\">s%lld %s "
		    "%s v%lld</text>", y + 10, rj_int(fl, "session", 0),
		    rj_str(fl, "dir", ""), rj_str(fl, "state", ""),
		    rj_int(fl, "version", 0));
		fprintf(f, "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height="
		    "\"%d\" fill=\"%s\"><title>session %lld %s: first %.3f s, "
		    "last %.3f s (%s)</title></rect>", x1, y + 2, x2 - x1,
		    RH - 4, col, rj_int(fl, "session", 0),
		    rj_str(fl, "dir", ""),
		    (rj_int(fl, "first_us", 0) - t0) / 1e6,
		    (rj_int(fl, "last_us", 0) - t0) / 1e6, st);
		o = json_object_get(fl, "observed");
		if (o != NULL && json_is_object(o) &&
		    (a = rj_int(o, "arrival_us", 0)) != 0) {
			xa = L + TW + GAP + (double)(a - a0) * AW /
			    (double)(a1 - a0);
			fprintf(f, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" "
			    "y2=\"%d\" stroke=\"#bbb\"/>", x2, y + RH / 2, xa,
			    y + RH / 2);
			fprintf(f, "<path d=\"M%.1f %d l5 5 l-5 5 l-5 -5 z\" "
			    "fill=\"#236\"><title>exported, arrived %.1f s "
			    "(%.1f s after the last packet)</title></path>",
			    xa, y + 1, (a - t0) / 1e6,
			    (a - rj_int(fl, "last_us", 0)) / 1e6);
		} else {
			fprintf(f, "<text x=\"%d\" y=\"%d\" font-size=\"10\" "
			    "fill=\"#d33\">%s</text>", L + TW + GAP, y + 10,
			    strcmp(st, "lost") == 0 ? "lost in transit" :
			    "never exported");
		}
		fputc('\n', f);
		y += RH;
	}
	fprintf(f, "<text x=\"%d\" y=\"%d\" font-size=\"10\" fill=\"#555\">"
	    "bar: first to last packet; diamond: export arrival</text>"
	    "</svg>\n", L, y + 16);
}

int
report_html(json_t *r, FILE *f)
{
	json_t *sum = json_object_get(r, "summary"), *s;
	size_t i;

	fprintf(f, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset="
	    "\"utf-8\"><title>pflowlab conformance report</title><style>%s"
	    "</style></head><body>\n", css);
	fputs("<h1>pflowlab conformance report</h1>\n<p class=\"small\">"
	    "Generated ", f);
	rx_esc(f, rj_str(r, "generated", ""));
	fputs(" &middot; gateway <code>", f);
	rx_esc(f, rj_str(r, "gateway", ""));
	fputs("</code> &middot; shard ", f);
	rx_esc(f, rj_str(r, "shard", ""));
	fprintf(f, " &middot; %.1f s</p>\n<p class=\"sum\"><span class=\""
	    "%s\">%lld scenarios</span><span class=\"pass\">%lld passed"
	    "</span><span class=\"%s\">%lld failed</span><span class="
	    "\"%s\">%lld errors</span><span class=\"skip\">%lld skipped"
	    "</span></p>\n", json_number_value(json_object_get(sum,
	    "seconds")), rj_int(sum, "failed", 0) + rj_int(sum, "errors", 0) ?
	    "fail" : "pass", rj_int(sum, "scenarios", 0),
	    rj_int(sum, "passed", 0), rj_int(sum, "failed", 0) ? "fail" :
	    "skip", rj_int(sum, "failed", 0), rj_int(sum, "errors", 0) ?
	    "error" : "skip", rj_int(sum, "errors", 0),
	    rj_int(sum, "skipped", 0));

	fputs("<h2>Scenarios</h2>\n<table><tr><th>scenario</th><th>title"
	    "</th><th>result</th><th>profile</th><th>expected records</th>"
	    "<th>observed</th><th>missing</th><th>lost</th><th>unexpected"
	    "</th><th>seconds</th><th>note</th></tr>\n", f);
	json_array_foreach(json_object_get(r, "scenarios"), i, s) {
		json_t *v = json_object_get(s, "verdict");
		json_t *t = json_object_get(v, "totals");
		const char *st = rj_str(s, "status", "error");

		fputs("<tr><td><a href=\"#", f);
		anchor(f, rj_str(s, "name", "?"));
		fputs("\">", f);
		rx_esc(f, rj_str(s, "name", "?"));
		fputs("</a></td><td>", f);
		rx_esc(f, rj_str(s, "title", ""));
		fprintf(f, "</td><td class=\"%s\">%s</td><td>", cls(st), st);
		rx_esc(f, rj_str(v, "profile", ""));
		fprintf(f, "</td><td class=\"n\">%lld</td><td class=\"n\">%lld"
		    "</td><td class=\"n\">%lld</td><td class=\"n\">%lld</td>"
		    "<td class=\"n\">%lld</td><td class=\"n\">%.2f</td><td>",
		    rj_int(t, "expected_records", 0),
		    rj_int(t, "observed_records", 0), rj_int(t, "missing", 0),
		    rj_int(t, "lost", 0), rj_int(t, "unexpected", 0) +
		    rj_int(t, "duplicate", 0),
		    json_number_value(json_object_get(s, "seconds")));
		if (rj_int(v, "negative", 0))
			fputs("negative scenario: ", f);
		rx_esc(f, rj_str(s, "reason", ""));
		fputs("</td></tr>\n", f);
	}
	fputs("</table>\n", f);

	matrix(r, f);

	fputs("<h2>Scenario details</h2>\n", f);
	json_array_foreach(json_object_get(r, "scenarios"), i, s) {
		json_t *v = json_object_get(s, "verdict");
		const char *st = rj_str(s, "status", "error");

		fputs("<h3 id=\"", f);
		anchor(f, rj_str(s, "name", "?"));
		fputs("\">", f);
		rx_esc(f, rj_str(s, "name", "?"));
		fprintf(f, " <span class=\"%s\">%s</span></h3>\n<p>", cls(st),
		    st);
		rx_esc(f, rj_str(s, "title", ""));
		fputs(" <span class=\"small\">(", f);
		rx_esc(f, rj_str(s, "file", ""));
		fputs("; artifacts in ", f);
		rx_esc(f, rj_str(s, "dir", ""));
		fputs(")</span></p>\n", f);
		if (rj_str(s, "reason", NULL) != NULL &&
		    strcmp(st, "pass") != 0) {
			fputs("<p class=\"fail\">", f);
			rx_esc(f, rj_str(s, "reason", ""));
			fputs("</p>\n", f);
		}
		if (v == NULL || !json_is_object(v))
			continue;
		timeline(v, f);
		checks(v, f);
		conf_findings(v, f);
		flows(v, f);
	}
	fputs("</body></html>\n", f);
	return ferror(f) ? -1 : 0;
}
