/*
 * verify.c: the verifier's bookkeeping: set up, findings, checks, the
 * ACCT-/EXPECT- rule table and the final verdict.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "verify.h"

struct vrule {
	const char	*id;
	const char	*req;
	int		 warn;		/* a warning, not an error */
};

static const struct vrule vrules[] = {
	{ "ACCT-MISSING", "Every record the ledger and the profile predict "
	    "is exported (and was not lost in transit).", 0 },
	{ "ACCT-LOST", "Records missing from the collection are accounted "
	    "for by sequence gaps (their datagram was lost).", 0 },
	{ "ACCT-UNEXPECTED", "No record is exported for traffic that did not "
	    "cross the gateway or that the profile does not export.", 0 },
	{ "ACCT-DUPLICATE", "Each predicted record is exported "
	    "exactly once.", 0 },
	{ "ACCT-PACKETS", "A record's packet count equals the packets of its "
	    "session and direction (v5: low 32 bits).", 0 },
	{ "ACCT-OCTETS", "A record's octet count equals the layer-3 bytes of "
	    "its session and direction (v5: split at 0xffffffff).", 0 },
	{ "ACCT-START", "Flow start is the first packet's time at the "
	    "profile's granularity (whole seconds for pflow).", 0 },
	{ "ACCT-END", "Flow end is the state's last packet time at the "
	    "profile's granularity.", 0 },
	{ "ACCT-IFACE", "Ingress/egress interfaces are the state's "
	    "if_index_in/out (record 2 swapped, 0 for an unseen side).", 0 },
	{ "ACCT-NAT", "Post-translation fields appear exactly in the "
	    "translating state's records of a NAT-template profile.", 0 },
	{ "ACCT-TOS", "ipClassOfService (v5 tos) is the creating pass rule's "
	    "tos match value (0 without one), not the packets' ToS.", 0 },
	{ "ACCT-LATENCY", "Export arrives after the state's timeout and "
	    "within timeout + purge interval + flush timer of its last "
	    "packet.", 0 },
	{ "ACCT-TOTALS", "Total exported packets and octets equal the "
	    "predicted totals (summary).", 1 },
	{ "EXPECT-RECORDS", "The scenario's 'expect records N' holds.", 0 },
	{ "EXPECT-FLOW", "The scenario's 'expect session S fwd|rev packets P "
	    "octets O' holds.", 0 },
	{ "EXPECT-NONE", "The scenario's 'expect session S none' holds: no "
	    "record for that session.", 0 },
	{ "EXPECT-FINDING", "The scenario's 'expect finding RULE' holds: the "
	    "rule fired (the given number of times).", 0 },
	{ "EXPECT-VERDICT", "The scenario's 'expect verdict "
	    "pass|fail' holds.", 0 },
	{ "EXPECT-ONLY", "A negative scenario fails only with the findings it "
	    "expects.", 0 },
};

#define NVRULES	(sizeof(vrules) / sizeof(vrules[0]))

static const struct vrule *
verify_rule(const char *id)
{
	size_t i;

	for (i = 0; i < NVRULES; i++)
		if (strcmp(vrules[i].id, id) == 0)
			return &vrules[i];
	return NULL;
}

const char *
verify_rule_text(const char *id)
{
	const struct vrule *r = verify_rule(id);

	return r != NULL ? r->req : NULL;
}

enum severity
verify_rule_severity(const char *id)
{
	const struct vrule *r = verify_rule(id);

	return r != NULL && r->warn ? SEV_WARN : SEV_ERROR;
}

const char *const *
verify_rules(void)
{
	static const char *ids[NVRULES + 1];
	size_t i;

	if (ids[0] == NULL)
		for (i = 0; i < NVRULES; i++)
			ids[i] = vrules[i].id;
	return ids;
}

void
verify_init(struct verify *v, const struct gw_conf *gw,
    const struct ledger_ent *led, size_t nled, struct vobs *obs, size_t nobs)
{
	size_t i;

	memset(v, 0, sizeof(*v));
	v->gw = *gw;
	v->led = led;
	v->nled = nled;
	v->obs = obs;
	v->nobs = nobs;
	for (i = 0; i < nobs; i++) {
		obs[i].exp = -1;
		obs[i].dup = 0;
		obs[i].session = 0;
	}
}

void
verify_free(struct verify *v)
{
	free(v->exp);
	free(v->fnd);
	free(v->chk);
	v->exp = NULL;
	v->fnd = NULL;
	v->chk = NULL;
	v->nexp = v->nfnd = v->nchk = 0;
}

int
verify_add(struct verify *v, const char *rule, enum severity sev,
    const char *source, const struct vexp *e, long rec, const char *expected,
    const char *observed, const char *fmt, ...)
{
	struct vfinding *f;
	va_list ap;

	if (v->nfnd >= VERIFY_MAXFINDINGS) {
		v->fnd_dropped++;
		return 0;
	}
	if (v->nfnd == v->fndcap) {
		size_t ncap = v->fndcap ? v->fndcap * 2 : 32;
		struct vfinding *n = realloc(v->fnd, ncap * sizeof(*n));

		if (n == NULL)
			return -1;
		v->fnd = n;
		v->fndcap = ncap;
	}
	f = &v->fnd[v->nfnd++];
	memset(f, 0, sizeof(*f));
	snprintf(f->rule, sizeof(f->rule), "%s", rule);
	f->severity = sev;
	f->source = source;
	f->rev = -1;
	f->rec = rec;
	f->dgram = UINT64_MAX;
	if (e != NULL) {
		f->session = e->session;
		f->line = e->line;
		f->rev = e->rev;
	}
	snprintf(f->expected, sizeof(f->expected), "%s",
	    expected != NULL ? expected : "");
	snprintf(f->observed, sizeof(f->observed), "%s",
	    observed != NULL ? observed : "");
	va_start(ap, fmt);
	vsnprintf(f->msg, sizeof(f->msg), fmt, ap);
	va_end(ap);
	return 0;
}

struct vcheck *
verify_check(struct verify *v, const char *name, const char *rule,
    const char *req)
{
	struct vcheck *c;
	size_t i;

	for (i = 0; i < v->nchk; i++)
		if (strcmp(v->chk[i].name, name) == 0)
			return &v->chk[i];
	if (v->nchk == v->chkcap) {
		size_t ncap = v->chkcap ? v->chkcap * 2 : 32;
		struct vcheck *n = realloc(v->chk, ncap * sizeof(*n));

		if (n == NULL)
			return NULL;
		v->chk = n;
		v->chkcap = ncap;
	}
	c = &v->chk[v->nchk++];
	memset(c, 0, sizeof(*c));
	snprintf(c->name, sizeof(c->name), "%s", name);
	snprintf(c->rule, sizeof(c->rule), "%s", rule);
	c->requirement = req != NULL ? req : verify_rule_text(rule);
	return c;
}

/* How many findings of this rule were raised. */
int
verify_count(const struct verify *v, const char *rule)
{
	size_t i;
	int n = 0;

	for (i = 0; i < v->nfnd; i++)
		if (strcmp(v->fnd[i].rule, rule) == 0)
			n++;
	return n;
}

/* Was an error with this rule expected by the scenario? */
static int
rule_expected(const struct verify *v, const char *rule)
{
	size_t i;

	if (v->scn == NULL)
		return 0;
	for (i = 0; i < v->scn->nexpects; i++) {
		const struct scn_expect *x = &v->scn->expects[i];

		if (x->kind == SCN_EXP_FINDING && strcmp(x->rule, rule) == 0)
			return 1;
	}
	return 0;
}

int
verify_run(struct verify *v)
{
	size_t i;
	int expect_ok = 1, unwanted = 0;
	struct vcheck *c;

	if (v->exp == NULL && verify_expect(v) == -1)
		return -1;
	if (verify_join(v) == -1)
		return -1;
	/* conformance findings ride along */
	for (i = 0; i < v->ncf; i++) {
		const struct vfind *cf = &v->cf[i];

		if (verify_add(v, cf->rule, cf->severity, "conformance", NULL,
		    -1, cf->expected, cf->observed, "%s", cf->msg) == -1)
			return -1;
		if (v->nfnd > 0 && v->fnd_dropped == 0)
			v->fnd[v->nfnd - 1].dgram = cf->dgram;
	}
	v->raw_pass = 1;
	for (i = 0; i < v->nfnd; i++)
		if (v->fnd[i].severity == SEV_ERROR)
			v->raw_pass = 0;
	if (v->fnd_dropped > 0)
		v->raw_pass = 0;
	if (verify_expect_lines(v) == -1)
		return -1;
	for (i = 0; i < v->nchk; i++)
		if (strncmp(v->chk[i].rule, "EXPECT-", 7) == 0 &&
		    v->chk[i].status == VCHK_FAIL)
			expect_ok = 0;
	if (!v->negative) {
		v->pass = v->raw_pass && expect_ok;
		return 0;
	}
	/* negative scenario: exactly the expected rules may fire */
	for (i = 0; i < v->nfnd; i++) {
		struct vfinding *f = &v->fnd[i];

		if (strncmp(f->rule, "EXPECT-", 7) == 0)
			continue;
		if (rule_expected(v, f->rule))
			f->expected_fired = 1;
		else if (f->severity == SEV_ERROR)
			unwanted++;
	}
	c = verify_check(v, "EXPECT-ONLY", "EXPECT-ONLY", NULL);
	if (c == NULL)
		return -1;
	c->tested = v->nfnd;
	c->failed = (uint64_t)unwanted;
	c->status = unwanted ? VCHK_FAIL : VCHK_PASS;
	if (unwanted) {
		snprintf(c->evidence, sizeof(c->evidence),
		    "%d error finding(s) not asked for by an expect line",
		    unwanted);
		if (verify_add(v, "EXPECT-ONLY", SEV_ERROR, "expect", NULL, -1,
		    "only the expected findings", "others fired", "%s",
		    c->evidence) == -1)
			return -1;
	}
	v->pass = expect_ok && unwanted == 0;
	return 0;
}
