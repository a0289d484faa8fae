/*
 * report.h: the reports of one run, all drawn from one JSON document
 * (report.json, the machine form):
 *
 *   {"tool":"pflowlab","version":..,"generated":"..Z","gateway":"sim",
 *    "shard":"1/1","summary":{"scenarios":N,"passed":..,"failed":..,
 *    "errors":..,"skipped":..,"seconds":..},
 *    "rules":[{"id","scope","severity","requirement","source"}],
 *    "scenarios":[{"name","file","title","status","reason","seconds",
 *      "dir","stages":[{"stage","exit","seconds"}],"verdict":{..}}]}
 *
 * where verdict is the scenario's verdict.json (pflowlab-verify(1)).
 * report_json.c builds and reads it; report_junit.c, report_tap.c,
 * report_md.c, report_html.c write the other forms; report_compare.c
 * compares two runs; report_main.c is `pflowlab report`.
 */
#ifndef PFL_REPORT_H
#define PFL_REPORT_H

#include <stdio.h>

#include <jansson.h>

/* New empty report. */
json_t	*report_new(const char *gateway, const char *shard);
/* Append a scenario entry (reference stolen). */
void	 report_add(json_t *, json_t *scenario);
/* Recount the summary from the scenario entries; seconds is wall time. */
void	 report_summarize(json_t *, double seconds);
/* Read report.json; NULL with a message in errbuf. */
json_t	*report_load(const char *, char *, size_t);
/* Join several reports (shards) into a new one. */
json_t	*report_merge(json_t *const *, int n);

int	 report_json(json_t *, FILE *);
int	 report_junit(json_t *, FILE *);
int	 report_tap(json_t *, FILE *);
int	 report_md(json_t *, FILE *);
int	 report_html(json_t *, FILE *);
/* The terminal summary table. */
void	 report_table(json_t *, FILE *);
/* Behaviour differences of NEW against OLD; returns how many. */
int	 report_compare(json_t *old, json_t *new, FILE *);
/*
 * Write report.json, junit.xml, report.tap, report.md and report.html
 * into dir.  -1 with errbuf on a write error.
 */
int	 report_write_all(json_t *, const char *dir, char *, size_t);

/* Helpers shared by the writers (report_util.c). */
const char *rj_str(json_t *, const char *key, const char *dflt);
long long rj_int(json_t *, const char *key, long long dflt);
/* Write s escaped for XML / HTML text and attributes. */
void	 rx_esc(FILE *, const char *);
/* The status of one check of one rule over the whole run. */
struct rule_agg {
	const char	*id;
	const char	*req;
	const char	*scope;
	int		 status;	/* 0 N/A, 1 PASS, 2 FAIL */
	int		 nfail;		/* scenarios where it failed */
	int		 nexpected;	/* negative scenarios where it fired
					   as asked */
	int		 npass;
	char		 evidence[512];
};
/* How one check of one scenario came out. */
#define RO_PASS		0
#define RO_FAIL		1
#define RO_NA		2
#define RO_ASKED	3	/* failed, as the negative scenario asked */
#define RO_WARN		4	/* a warning-level check that did not hold */
#define RO_ERROR	5	/* the harness could not run it */
#define RO_SKIP		6
/*
 * The test cases of one scenario entry: each check of its verdict, each
 * conformance rule that fired, and the verdict itself;
 * fn(arg, name, outcome, message, detail).
 */
void	 report_cases(json_t *scenario, void (*fn)(void *, const char *, int,
	    const char *, const char *), void *arg);
int	 report_check_outcome(json_t *verdict, json_t *check);
int	 report_rule_asked(json_t *verdict, const char *rule);
/* "msg: expected X, observed Y" lines of a rule's findings (max of). */
void	 report_rule_detail(json_t *verdict, const char *rule, char *,
	    size_t, int max);
/* One entry per rule (conformance, then accounting); free() it. */
struct rule_agg *report_rules(json_t *, int *n);

#endif /* PFL_REPORT_H */
