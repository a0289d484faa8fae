/*
 * verify_json.c: verdict.json, the verifier's result for one scenario:
 * the verdict, totals, one entry per check (rule or expect line), the
 * findings (accounting, expectation and the conformance ones carried on)
 * and the expected-against-observed flow table the reports draw from.
 * The flow table lists every flow with a difference first, then the
 * others, up to a limit (a million-flow run keeps its file small).
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "verify.h"

static const char *
chk_status(int s)
{
	return s == VCHK_PASS ? "PASS" : s == VCHK_FAIL ? "FAIL" : "N/A";
}

static json_t *
jaddr(const struct addr *a)
{
	char b[ADDR_STRLEN];

	return json_string(addr_fmt(a, b, sizeof(b)));
}

static const char *
state_name(int st)
{
	return st == VST_IN ? "in" : st == VST_OUT ? "out" : "flow";
}

static json_t *
flow_counts(const struct flow *f)
{
	json_t *o = json_object();

	json_object_set_new(o, "packets", json_integer((json_int_t)f->packets));
	json_object_set_new(o, "octets", json_integer((json_int_t)f->octets));
	if (f->has & FLOW_HAS_START)
		json_object_set_new(o, "start_ms", json_integer(f->start_ms));
	if (f->has & FLOW_HAS_END)
		json_object_set_new(o, "end_ms", json_integer(f->end_ms));
	if (f->has & FLOW_HAS_IFACES) {
		json_object_set_new(o, "in_if", json_integer(f->in_if));
		json_object_set_new(o, "out_if", json_integer(f->out_if));
	}
	if (f->has & FLOW_HAS_POSTNAT) {
		json_object_set_new(o, "post_src", jaddr(&f->post_src));
		json_object_set_new(o, "post_dst", jaddr(&f->post_dst));
		json_object_set_new(o, "post_sport",
		    json_integer(f->post_sport));
		json_object_set_new(o, "post_dport",
		    json_integer(f->post_dport));
	}
	json_object_set_new(o, "arrival_us", json_integer(f->arrival_us));
	json_object_set_new(o, "dgram", json_integer((json_int_t)f->dgram));
	return o;
}

static json_t *
flow_entry(const struct verify *v, const struct vexp *e)
{
	json_t *o = json_object(), *x = json_object(), *bad = json_array();
	static const struct {
		uint32_t bit;
		const char *name;
	} bits[] = {
		{ VBAD_PACKETS, "packets" }, { VBAD_OCTETS, "octets" },
		{ VBAD_START, "start" }, { VBAD_END, "end" },
		{ VBAD_IFACE, "iface" }, { VBAD_LATENCY, "latency" },
		{ VBAD_POSTNAT, "nat" }, { VBAD_TOS, "tos" },
	};
	const char *status;
	size_t i;

	json_object_set_new(o, "session", json_integer(e->session));
	json_object_set_new(o, "line", json_integer(e->line));
	json_object_set_new(o, "dir", json_string(e->rev ? "rev" : "fwd"));
	json_object_set_new(o, "state", json_string(state_name(e->state)));
	json_object_set_new(o, "pflow", json_integer(e->pfl));
	json_object_set_new(o, "version", json_integer(e->version));
	json_object_set_new(o, "proto", json_integer(e->proto));
	json_object_set_new(o, "src", jaddr(&e->src));
	json_object_set_new(o, "sport", json_integer(e->sport));
	json_object_set_new(o, "dst", jaddr(&e->dst));
	json_object_set_new(o, "dport", json_integer(e->dport));
	if (e->chunk)
		json_object_set_new(o, "chunk", json_integer(e->chunk));
	json_object_set_new(o, "first_us", json_integer(e->first_us));
	json_object_set_new(o, "last_us", json_integer(e->last_us));
	json_object_set_new(x, "packets", json_integer((json_int_t)e->packets));
	json_object_set_new(x, "octets", json_integer((json_int_t)e->octets));
	json_object_set_new(x, "start_ms", json_integer(e->start_ms));
	json_object_set_new(x, "end_ms", json_integer(e->end_ms));
	if (e->in_if != UINT32_MAX) {
		json_object_set_new(x, "in_if", json_integer(e->in_if));
		json_object_set_new(x, "out_if", json_integer(e->out_if));
	}
	if (e->has_post) {
		json_object_set_new(x, "post_src", jaddr(&e->post_src));
		json_object_set_new(x, "post_dst", jaddr(&e->post_dst));
		json_object_set_new(x, "post_sport",
		    json_integer(e->post_sport));
		json_object_set_new(x, "post_dport",
		    json_integer(e->post_dport));
	}
	json_object_set_new(x, "latency_lo_ms", json_integer(e->lat_lo_ms));
	json_object_set_new(x, "latency_hi_ms", json_integer(e->lat_hi_ms));
	json_object_set_new(o, "expected", x);
	if (e->obs >= 0)
		json_object_set_new(o, "observed",
		    flow_counts(&v->obs[e->obs].f));
	else
		json_object_set_new(o, "observed", json_null());
	for (i = 0; i < sizeof(bits) / sizeof(bits[0]); i++)
		if (e->bad & bits[i].bit)
			json_array_append_new(bad, json_string(bits[i].name));
	json_object_set_new(o, "differences", bad);
	if (e->absent != NULL)
		status = "absent";
	else if (e->bad & VBAD_LOST)
		status = "lost";
	else if (e->obs < 0)
		status = "missing";
	else if (e->bad)
		status = "differs";
	else
		status = "ok";
	json_object_set_new(o, "status", json_string(status));
	if (e->absent != NULL)
		json_object_set_new(o, "why_absent", json_string(e->absent));
	return o;
}

static json_t *
obs_entry(const struct vobs *ob)
{
	json_t *o = flow_counts(&ob->f);

	json_object_set_new(o, "session", json_integer(ob->session));
	json_object_set_new(o, "version", json_integer(ob->f.version));
	json_object_set_new(o, "proto", json_integer(ob->f.proto));
	json_object_set_new(o, "src", jaddr(&ob->f.src));
	json_object_set_new(o, "sport", json_integer(ob->f.sport));
	json_object_set_new(o, "dst", jaddr(&ob->f.dst));
	json_object_set_new(o, "dport", json_integer(ob->f.dport));
	json_object_set_new(o, "status", json_string(ob->dup ? "duplicate" :
	    "unexpected"));
	return o;
}

#define MAXLISTED_FINDINGS	5000

int
verify_write_json(const struct verify *v, FILE *fp, const char *scenario,
    size_t maxflows)
{
	json_t *root = json_object(), *a, *o, *counts, *vers;
	const struct verify_totals *t = &v->tot;
	size_t i, listed = 0, pass;
	int seen5 = 0, seen9 = 0, seen10 = 0, rc;

	json_object_set_new(root, "scenario", json_string(scenario));
	if (v->scn != NULL) {
		json_object_set_new(root, "title", json_string(v->scn->title));
		json_object_set_new(root, "path", json_string(v->scn->path));
		json_object_set_new(root, "epoch_us",
		    json_integer(v->scn->epoch_us));
	}
	json_object_set_new(root, "profile",
	    json_string(v->gw.profile->name));
	json_object_set_new(root, "pass", json_boolean(v->pass));
	json_object_set_new(root, "raw_pass", json_boolean(v->raw_pass));
	json_object_set_new(root, "negative", json_boolean(v->negative));
	json_object_set_new(root, "traffic_end_us",
	    json_integer(v->traffic_end_us));
	for (i = 0; i < v->nobs; i++) {
		seen5 |= v->obs[i].f.version == 5;
		seen9 |= v->obs[i].f.version == 9;
		seen10 |= v->obs[i].f.version == 10;
	}
	for (i = 0; i < (size_t)v->gw.npflow; i++) {
		seen5 |= v->gw.pflow[i].proto == 5;
		seen10 |= v->gw.pflow[i].proto == 10;
	}
	vers = json_array();
	if (seen5)
		json_array_append_new(vers, json_integer(5));
	if (seen9)
		json_array_append_new(vers, json_integer(9));
	if (seen10)
		json_array_append_new(vers, json_integer(10));
	json_object_set_new(root, "versions", vers);

	o = json_object();
	json_object_set_new(o, "sessions", json_integer((json_int_t)t->sessions));
	json_object_set_new(o, "expected_records",
	    json_integer((json_int_t)t->exp_records));
	json_object_set_new(o, "observed_records",
	    json_integer((json_int_t)t->obs_records));
	json_object_set_new(o, "matched", json_integer((json_int_t)t->matched));
	json_object_set_new(o, "missing", json_integer((json_int_t)t->missing));
	json_object_set_new(o, "lost", json_integer((json_int_t)t->lost));
	json_object_set_new(o, "sequence_lost",
	    json_integer((json_int_t)t->seq_lost));
	json_object_set_new(o, "unexpected",
	    json_integer((json_int_t)t->unexpected));
	json_object_set_new(o, "duplicate",
	    json_integer((json_int_t)t->duplicate));
	json_object_set_new(o, "expected_packets",
	    json_integer((json_int_t)t->exp_packets));
	json_object_set_new(o, "observed_packets",
	    json_integer((json_int_t)t->obs_packets));
	json_object_set_new(o, "expected_octets",
	    json_integer((json_int_t)t->exp_octets));
	json_object_set_new(o, "observed_octets",
	    json_integer((json_int_t)t->obs_octets));
	json_object_set_new(root, "totals", o);

	a = json_array();
	for (i = 0; i < v->nchk; i++) {
		const struct vcheck *c = &v->chk[i];

		o = json_object();
		json_object_set_new(o, "name", json_string(c->name));
		json_object_set_new(o, "rule", json_string(c->rule));
		json_object_set_new(o, "requirement",
		    json_string(c->requirement != NULL ? c->requirement : ""));
		json_object_set_new(o, "status",
		    json_string(chk_status(c->status)));
		json_object_set_new(o, "tested",
		    json_integer((json_int_t)c->tested));
		json_object_set_new(o, "failed",
		    json_integer((json_int_t)c->failed));
		json_object_set_new(o, "evidence", json_string(c->evidence));
		json_array_append_new(a, o);
	}
	json_object_set_new(root, "checks", a);

	a = json_array();
	counts = json_object();
	for (i = 0; i < v->nfnd; i++) {
		const struct vfinding *f = &v->fnd[i];
		json_t *n = json_object_get(counts, f->rule);

		json_object_set_new(counts, f->rule, json_integer(n != NULL ?
		    json_integer_value(n) + 1 : 1));
		if (i >= MAXLISTED_FINDINGS)
			continue;
		o = json_object();
		json_object_set_new(o, "rule", json_string(f->rule));
		json_object_set_new(o, "severity",
		    json_string(severity_str(f->severity)));
		json_object_set_new(o, "source", json_string(f->source));
		if (f->session)
			json_object_set_new(o, "session",
			    json_integer(f->session));
		if (f->line)
			json_object_set_new(o, "line", json_integer(f->line));
		if (f->rev >= 0)
			json_object_set_new(o, "dir",
			    json_string(f->rev ? "rev" : "fwd"));
		if (f->dgram != UINT64_MAX)
			json_object_set_new(o, "dgram",
			    json_integer((json_int_t)f->dgram));
		json_object_set_new(o, "expected", json_string(f->expected));
		json_object_set_new(o, "observed", json_string(f->observed));
		json_object_set_new(o, "msg", json_string(f->msg));
		json_object_set_new(o, "expected_by_scenario",
		    json_boolean(f->expected_fired));
		json_array_append_new(a, o);
	}
	json_object_set_new(root, "findings", a);
	json_object_set_new(root, "rule_counts", counts);
	json_object_set_new(root, "findings_total",
	    json_integer((json_int_t)(v->nfnd + v->fnd_dropped)));

	/* flows: differences first, then the rest, up to maxflows */
	a = json_array();
	for (pass = 0; pass < 2; pass++) {
		for (i = 0; i < v->nexp && listed < maxflows; i++) {
			const struct vexp *e = &v->exp[i];
			int diff = e->bad != 0 || (e->absent == NULL &&
			    e->obs < 0);

			if ((pass == 0) != (diff != 0))
				continue;
			json_array_append_new(a, flow_entry(v, e));
			listed++;
		}
	}
	json_object_set_new(root, "flows", a);
	json_object_set_new(root, "flows_total",
	    json_integer((json_int_t)v->nexp));
	a = json_array();
	for (i = 0, listed = 0; i < v->nobs && listed < maxflows; i++) {
		if (v->obs[i].exp >= 0 && !v->obs[i].dup)
			continue;
		json_array_append_new(a, obs_entry(&v->obs[i]));
		listed++;
	}
	json_object_set_new(root, "unmatched", a);

	rc = json_dumpf(root, fp, JSON_INDENT(1) | JSON_PRESERVE_ORDER);
	fputc('\n', fp);
	json_decref(root);
	return rc == 0 && !ferror(fp) ? 0 : -1;
}
