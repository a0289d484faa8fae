/*
 * verify_expect_lines.c: the scenario's hand-written expectations
 * ("expect records N", "expect session S fwd packets P octets O",
 * "expect session S none", "expect finding RULE [count N]", "expect
 * verdict pass|fail"), checked against what was observed.  They are
 * written from the scenario alone, not from the profile model, so they
 * keep the model honest.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "verify.h"

static int
within(int64_t want, uint64_t got, uint32_t pct)
{
	int64_t d = (int64_t)got - want;

	if (d < 0)
		d = -d;
	if (pct == 0)
		return d == 0;
	return d * 100 <= want * (int64_t)pct;
}

static void
num(char *buf, size_t len, int64_t want, uint32_t pct)
{
	if (pct)
		snprintf(buf, len, "%" PRId64 " (~%u%%)", want, pct);
	else
		snprintf(buf, len, "%" PRId64, want);
}

/* expect session S fwd|rev packets P octets O: each state's record(s)
 * of that session and direction (v5 chunks summed). */
static int
expect_flow(struct verify *v, const struct scn_expect *x, struct vcheck *c,
    char *exp, char *obs, size_t len)
{
	/* one slot per pflow interface and state kind */
	uint64_t pk[GW_MAXPFLOW * 3], oc[GW_MAXPFLOW * 3];
	int seen[GW_MAXPFLOW * 3], ok = 1, any = 0, k;
	size_t i;
	char b1[48], b2[48];

	memset(seen, 0, sizeof(seen));
	memset(pk, 0, sizeof(pk));
	memset(oc, 0, sizeof(oc));
	for (i = 0; i < v->nobs; i++) {
		const struct vobs *o = &v->obs[i];
		const struct vexp *e;

		if (o->exp < 0 || o->dup)
			continue;
		e = &v->exp[o->exp];
		if (e->session != x->session || e->rev != x->rev)
			continue;
		k = e->pfl * 3 + e->state;
		if (k < 0 || k >= GW_MAXPFLOW * 3)
			continue;
		seen[k] = 1;
		if (o->f.packets > pk[k])
			pk[k] = o->f.packets;
		oc[k] += o->f.octets;
	}
	b1[0] = b2[0] = '\0';
	if (x->packets >= 0)
		num(b1, sizeof(b1), x->packets, x->tolerance_pct);
	if (x->octets >= 0)
		num(b2, sizeof(b2), x->octets, x->tolerance_pct);
	snprintf(exp, len, "%s%.30s%s%.30s", b1[0] ? "packets " : "", b1,
	    b2[0] ? " octets " : "", b2);
	obs[0] = '\0';
	for (k = 0; k < GW_MAXPFLOW * 3; k++) {
		size_t l = strlen(obs);

		if (!seen[k])
			continue;
		any = 1;
		snprintf(obs + l, len - l, "%spackets %" PRIu64 " octets %"
		    PRIu64, l ? "; " : "", pk[k], oc[k]);
		if (x->packets >= 0 &&
		    !within(x->packets, pk[k], x->tolerance_pct))
			ok = 0;
		if (x->octets >= 0 &&
		    !within(x->octets, oc[k], x->tolerance_pct))
			ok = 0;
	}
	if (!any) {
		snprintf(obs, len, "no record");
		ok = 0;
	}
	c->tested++;
	return ok;
}

int
verify_expect_lines(struct verify *v)
{
	size_t i, j;

	if (v->scn == NULL)
		return 0;
	for (i = 0; i < v->scn->nexpects; i++) {
		const struct scn_expect *x = &v->scn->expects[i];
		char name[48], exp[FINDING_VALLEN], obs[FINDING_VALLEN];
		const char *rule = NULL;
		struct vcheck *c;
		int ok = 1;

		switch (x->kind) {
		case SCN_EXP_RECORDS:
			rule = "EXPECT-RECORDS";
			break;
		case SCN_EXP_FLOW:
			rule = "EXPECT-FLOW";
			break;
		case SCN_EXP_NONE:
			rule = "EXPECT-NONE";
			break;
		case SCN_EXP_FINDING:
			rule = "EXPECT-FINDING";
			if (x->count != 0)
				v->negative = 1;
			break;
		case SCN_EXP_VERDICT:
			rule = "EXPECT-VERDICT";
			if (!x->pass)
				v->negative = 1;
			break;
		}
		if (rule == NULL)
			continue;
		snprintf(name, sizeof(name), "%s line %u", rule, x->line);
		c = verify_check(v, name, rule, NULL);
		if (c == NULL)
			return -1;
		exp[0] = obs[0] = '\0';
		switch (x->kind) {
		case SCN_EXP_RECORDS:
			num(exp, sizeof(exp), x->records, x->tolerance_pct);
			snprintf(obs, sizeof(obs), "%" PRIu64,
			    v->tot.obs_records);
			c->tested = 1;
			ok = within(x->records, v->tot.obs_records,
			    x->tolerance_pct);
			break;
		case SCN_EXP_FLOW:
			ok = expect_flow(v, x, c, exp, obs, sizeof(exp));
			break;
		case SCN_EXP_NONE: {
			uint64_t n = 0;

			for (j = 0; j < v->nobs; j++)
				if (v->obs[j].session == x->session)
					n++;
			snprintf(exp, sizeof(exp), "no record");
			snprintf(obs, sizeof(obs), "%" PRIu64 " record(s)", n);
			c->tested = 1;
			ok = n == 0;
			break;
		}
		case SCN_EXP_FINDING: {
			int n = verify_count(v, x->rule);

			if (x->count >= 0)
				snprintf(exp, sizeof(exp), "%s x %" PRId64,
				    x->rule, x->count);
			else
				snprintf(exp, sizeof(exp), "%s at least once",
				    x->rule);
			snprintf(obs, sizeof(obs), "%s x %d", x->rule, n);
			c->tested = 1;
			ok = x->count >= 0 ? n == x->count : n > 0;
			break;
		}
		case SCN_EXP_VERDICT:
			snprintf(exp, sizeof(exp), "%s", x->pass ? "pass" :
			    "fail");
			snprintf(obs, sizeof(obs), "%s", v->raw_pass ? "pass" :
			    "fail");
			c->tested = 1;
			ok = (x->pass != 0) == (v->raw_pass != 0);
			break;
		}
		c->failed = ok ? 0 : 1;
		c->status = ok ? VCHK_PASS : VCHK_FAIL;
		snprintf(c->evidence, sizeof(c->evidence),
		    "expected %s, observed %s", exp, obs);
		if (!ok) {
			struct vexp ctx;

			memset(&ctx, 0, sizeof(ctx));
			ctx.session = x->session;
			ctx.line = x->line;
			ctx.rev = x->kind == SCN_EXP_FLOW ? x->rev : -1;
			if (verify_add(v, rule, SEV_ERROR, "expect",
			    x->kind == SCN_EXP_FLOW ||
			    x->kind == SCN_EXP_NONE ? &ctx : NULL, -1, exp, obs,
			    "scenario line %u: expectation not met",
			    x->line) == -1)
				return -1;
			if (v->nfnd > 0 && v->fnd_dropped == 0)
				v->fnd[v->nfnd - 1].line = x->line;
		}
	}
	return 0;
}
