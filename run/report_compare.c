/*
 * report_compare.c: the behaviour differences between two runs (two
 * releases, two profiles, two gateways): per scenario its result, each
 * check's status, how often each rule fired, the totals, and the
 * observed values of each flow (matched by session, direction, state,
 * export version and chunk).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"

#define MAXFLOWDIFF	20

static json_t *
find_scn(json_t *r, const char *name)
{
	json_t *s;
	size_t i;

	json_array_foreach(json_object_get(r, "scenarios"), i, s)
		if (strcmp(rj_str(s, "name", ""), name) == 0)
			return s;
	return NULL;
}

static json_t *
find_check(json_t *v, const char *name)
{
	json_t *c;
	size_t i;

	json_array_foreach(json_object_get(v, "checks"), i, c)
		if (strcmp(rj_str(c, "name", ""), name) == 0)
			return c;
	return NULL;
}

static int
flow_same_key(json_t *a, json_t *b)
{
	return rj_int(a, "session", 0) == rj_int(b, "session", 0) &&
	    strcmp(rj_str(a, "dir", ""), rj_str(b, "dir", "")) == 0 &&
	    strcmp(rj_str(a, "state", ""), rj_str(b, "state", "")) == 0 &&
	    rj_int(a, "pflow", 0) == rj_int(b, "pflow", 0) &&
	    rj_int(a, "version", 0) == rj_int(b, "version", 0) &&
	    rj_int(a, "chunk", 0) == rj_int(b, "chunk", 0);
}

static int
cmp_flows(const char *name, json_t *vo, json_t *vn, FILE *f)
{
	static const char *const k[] = { "packets", "octets", "start_ms",
	    "end_ms", "in_if", "out_if", "post_src", "post_dst", NULL };
	json_t *a, *b;
	size_t i, j;
	int n = 0, m;

	json_array_foreach(json_object_get(vn, "flows"), i, b) {
		json_t *ob = json_object_get(b, "observed");

		json_array_foreach(json_object_get(vo, "flows"), j, a) {
			json_t *oa;
			char what[256] = "";

			if (!flow_same_key(a, b))
				continue;
			oa = json_object_get(a, "observed");
			if (strcmp(rj_str(a, "status", ""),
			    rj_str(b, "status", "")) != 0)
				snprintf(what, sizeof(what), "status %s -> %s",
				    rj_str(a, "status", ""),
				    rj_str(b, "status", ""));
			for (m = 0; k[m] != NULL; m++) {
				json_t *x = json_object_get(oa, k[m]);
				json_t *y = json_object_get(ob, k[m]);

				if ((x == NULL) != (y == NULL) || (x != NULL &&
				    !json_equal(x, y))) {
					char *xs = x ? json_dumps(x,
					    JSON_ENCODE_ANY) : NULL;
					char *ys = y ? json_dumps(y,
					    JSON_ENCODE_ANY) : NULL;

					size_t l = strlen(what);

					snprintf(what + l, sizeof(what) - l,
					    "%s%s %s -> %s", l ? ", " : "",
					    k[m], xs ? xs : "absent",
					    ys ? ys : "absent");
					free(xs);
					free(ys);
				}
			}
			if (what[0] != '\0') {
				if (n < MAXFLOWDIFF)
					fprintf(f, "%s: session %lld %s %s-state"
					    " v%lld: %s\n", name,
					    rj_int(b, "session", 0),
					    rj_str(b, "dir", ""),
					    rj_str(b, "state", ""),
					    rj_int(b, "version", 0), what);
				n++;
			}
			break;
		}
	}
	if (n > MAXFLOWDIFF)
		fprintf(f, "%s: ... %d flow differences in all\n", name, n);
	return n;
}

int
report_compare(json_t *old, json_t *new, FILE *f)
{
	static const char *const tk[] = { "expected_records",
	    "observed_records", "missing", "lost", "unexpected", "duplicate",
	    "observed_packets", "observed_octets", NULL };
	json_t *s, *so, *c, *co, *x;
	const char *rule;
	size_t i, j;
	int n = 0, k, said_profile = 0;

	json_array_foreach(json_object_get(new, "scenarios"), i, s) {
		const char *name = rj_str(s, "name", "?");
		json_t *vn = json_object_get(s, "verdict"), *vo;

		if ((so = find_scn(old, name)) == NULL) {
			fprintf(f, "%s: new scenario (%s)\n", name,
			    rj_str(s, "status", "?"));
			n++;
			continue;
		}
		vo = json_object_get(so, "verdict");
		if (strcmp(rj_str(so, "status", ""), rj_str(s, "status", ""))) {
			fprintf(f, "%s: result %s -> %s\n", name,
			    rj_str(so, "status", "?"), rj_str(s, "status", "?"));
			n++;
		}
		if (strcmp(rj_str(vo, "profile", ""),
		    rj_str(vn, "profile", "")) != 0 && !said_profile) {
			/* context, not a difference of behaviour */
			fprintf(f, "profile %s -> %s\n",
			    rj_str(vo, "profile", "?"),
			    rj_str(vn, "profile", "?"));
			said_profile = 1;
		}
		json_array_foreach(json_object_get(vn, "checks"), j, c) {
			const char *cso, *sn = rj_str(c, "status", "");

			co = find_check(vo, rj_str(c, "name", ""));
			cso = co != NULL ? rj_str(co, "status", "") : "N/A";
			/* a check that only became (in)applicable, without
			 * failing on either side, is no behaviour change */
			if (strcmp(cso, sn) != 0 && strcmp(cso, "FAIL") != 0 &&
			    strcmp(sn, "FAIL") != 0)
				continue;
			if (co == NULL || strcmp(cso, sn) != 0) {
				fprintf(f, "%s: check %s %s -> %s (%s)\n", name,
				    rj_str(c, "name", ""), co != NULL ?
				    rj_str(co, "status", "") : "absent",
				    rj_str(c, "status", ""),
				    rj_str(c, "evidence", ""));
				n++;
			}
		}
		json_object_foreach(json_object_get(vn, "rule_counts"), rule,
		    x) {
			long long a = rj_int(json_object_get(vo,
			    "rule_counts"), rule, 0);

			if (a != json_integer_value(x)) {
				fprintf(f, "%s: %s fired %lld -> %lld times\n",
				    name, rule, a,
				    (long long)json_integer_value(x));
				n++;
			}
		}
		json_object_foreach(json_object_get(vo, "rule_counts"), rule,
		    x) {
			if (json_object_get(json_object_get(vn, "rule_counts"),
			    rule) == NULL) {
				fprintf(f, "%s: %s fired %lld -> 0 times\n",
				    name, rule,
				    (long long)json_integer_value(x));
				n++;
			}
		}
		for (k = 0; tk[k] != NULL; k++) {
			long long a = rj_int(json_object_get(vo, "totals"),
			    tk[k], 0);
			long long b = rj_int(json_object_get(vn, "totals"),
			    tk[k], 0);

			if (a != b) {
				fprintf(f, "%s: %s %lld -> %lld\n", name,
				    tk[k], a, b);
				n++;
			}
		}
		n += cmp_flows(name, vo, vn, f);
	}
	json_array_foreach(json_object_get(old, "scenarios"), i, so) {
		if (find_scn(new, rj_str(so, "name", "")) == NULL) {
			fprintf(f, "%s: scenario gone (was %s)\n",
			    rj_str(so, "name", "?"), rj_str(so, "status", "?"));
			n++;
		}
	}
	fprintf(f, "%d difference(s)\n", n);
	return n;
}
