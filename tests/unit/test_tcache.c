/*
 * test_tcache.c: the template cache keeps one template per (exporter,
 * version, domain, id), tells new from refreshed from redefined, withdraws
 * one or all, and survives growth.
 */
#include "testutil.h"

#include "ie.h"
#include "tcache.h"
#include "dec.h"

static struct tmpl_field fa[2] = { { IE_sourceIPv4Address, 4, 0 },
    { IE_protocolIdentifier, 1, 0 } };
static struct tmpl_field fb[2] = { { IE_sourceIPv4Address, 4, 0 },
    { IE_protocolIdentifier, 1, 9 } };	/* enterprise: another layout */

static void
mk(struct tmpl *t, uint16_t id, struct tmpl_field *f, uint8_t version)
{
	memset(t, 0, sizeof(*t));
	t->id = id;
	t->nfields = 2;
	t->version = version;
	t->f = f;
}

static void
exp_set(struct exporter *e, uint8_t last, uint16_t port)
{
	uint8_t a[4] = { 198, 18, 0, last };

	memset(e, 0, sizeof(*e));
	addr_set4(&e->addr, a);
	e->port = port;
}

static void
test_tcache_events(void **state)
{
	struct tcache *tc = tcache_new();
	struct exporter e;
	struct tmpl a, b;
	const struct tmpl *g;

	exp_set(&e, 1, 4739);
	mk(&a, 256, fa, 10);
	mk(&b, 256, fb, 10);
	assert_int_equal(tcache_put(tc, &e, 42, &a), TMPL_EV_NEW);
	assert_int_equal(tcache_put(tc, &e, 42, &a), TMPL_EV_REFRESH);
	g = tcache_get(tc, &e, 10, 42, 256);
	assert_non_null(g);
	assert_ptr_not_equal(g->f, fa);		/* a copy */
	assert_int_equal(g->minlen, 5);
	assert_true(g->indexed);
	assert_int_equal(g->fx[FX_PROTO], 1);
	assert_int_equal(tcache_put(tc, &e, 42, &b), TMPL_EV_REDEFINE);
	g = tcache_get(tc, &e, 10, 42, 256);
	assert_int_equal(g->f[1].pen, 9);
	assert_int_equal(g->fx[FX_PROTO], -1);	/* enterprise, not IANA */
	assert_int_equal(tcache_count(tc), 1);
	tcache_free(tc);
}

static void
test_tcache_keys(void **state)
{
	struct tcache *tc = tcache_new();
	struct exporter e1, e2, e3;
	struct tmpl a, a9;

	exp_set(&e1, 1, 4739);
	exp_set(&e2, 2, 4739);
	exp_set(&e3, 1, 4740);
	mk(&a, 256, fa, 10);
	mk(&a9, 256, fa, 9);
	assert_int_equal(tcache_put(tc, &e1, 42, &a), TMPL_EV_NEW);
	assert_int_equal(tcache_put(tc, &e2, 42, &a), TMPL_EV_NEW);
	assert_int_equal(tcache_put(tc, &e3, 42, &a), TMPL_EV_NEW);
	assert_int_equal(tcache_put(tc, &e1, 43, &a), TMPL_EV_NEW);
	assert_int_equal(tcache_put(tc, &e1, 42, &a9), TMPL_EV_NEW);
	assert_int_equal(tcache_put(tc, NULL, 42, &a), TMPL_EV_NEW);
	assert_int_equal(tcache_count(tc), 6);
	assert_null(tcache_get(tc, &e1, 10, 44, 256));
	assert_null(tcache_get(tc, &e1, 10, 42, 257));
	assert_non_null(tcache_get(tc, &e3, 10, 42, 256));

	tcache_del(tc, &e1, 10, 42, 256);
	assert_null(tcache_get(tc, &e1, 10, 42, 256));
	assert_non_null(tcache_get(tc, &e1, 9, 42, 256));
	assert_non_null(tcache_get(tc, &e2, 10, 42, 256));
	assert_int_equal(tcache_count(tc), 5);
	tcache_free(tc);
}

static void
test_tcache_withdraw_all_and_grow(void **state)
{
	struct tcache *tc = tcache_new();
	struct exporter e1, e2;
	struct tmpl a;
	const struct tmpl *g;
	unsigned int i;

	exp_set(&e1, 1, 4739);
	exp_set(&e2, 2, 4739);
	for (i = 0; i < 2000; i++) {
		mk(&a, (uint16_t)(256 + i), fa, 10);
		assert_int_equal(tcache_put(tc, &e1, 42, &a), TMPL_EV_NEW);
		assert_int_equal(tcache_put(tc, &e2, 42, &a), TMPL_EV_NEW);
	}
	assert_int_equal(tcache_count(tc), 4000);
	for (i = 0; i < 2000; i++) {
		g = tcache_get(tc, &e1, 10, 42, (uint16_t)(256 + i));
		assert_non_null(g);
		assert_int_equal(g->id, 256 + i);
	}
	tcache_del(tc, &e1, 10, 42, 0xffff);
	assert_int_equal(tcache_count(tc), 2000);
	assert_null(tcache_get(tc, &e1, 10, 42, 300));
	assert_non_null(tcache_get(tc, &e2, 10, 42, 300));
	tcache_free(tc);
}

static void
test_tcache_null(void **state)
{
	struct tmpl a;

	mk(&a, 256, fa, 10);
	assert_int_equal(tcache_put(NULL, NULL, 1, &a), TMPL_EV_NEW);
	assert_null(tcache_get(NULL, NULL, 10, 1, 256));
	tcache_del(NULL, NULL, 10, 1, 0xffff);
	assert_int_equal(tcache_count(NULL), 0);
	assert_true(tcache_sysinit(NULL, NULL, 1) == 0);
	tcache_free(NULL);
}

static void
test_tcache_sysinit(void **state)
{
	struct tcache *tc = tcache_new();
	struct exporter e1, e2;
	unsigned int i;

	exp_set(&e1, 1, 4739);
	exp_set(&e2, 2, 4739);
	assert_true(tcache_sysinit(tc, &e1, 5) == 0);
	tcache_set_sysinit(tc, &e1, 5, 1000);
	tcache_set_sysinit(tc, &e2, 5, 2000);
	assert_true(tcache_sysinit(tc, &e1, 5) == 1000);
	assert_true(tcache_sysinit(tc, &e2, 5) == 2000);
	assert_true(tcache_sysinit(tc, &e1, 6) == 0);
	tcache_set_sysinit(tc, &e1, 5, 1500);
	assert_true(tcache_sysinit(tc, &e1, 5) == 1500);
	/* bounded: the oldest domains make room */
	for (i = 0; i < TCACHE_MAXDOMAINS + 10; i++)
		tcache_set_sysinit(tc, &e2, 100 + i, i + 1);
	assert_true(tcache_sysinit(tc, &e2, 100 + TCACHE_MAXDOMAINS + 9) ==
	    TCACHE_MAXDOMAINS + 10);
	assert_true(tcache_sysinit(tc, &e1, 5) == 0);
	tcache_free(tc);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tcache_events),
		cmocka_unit_test(test_tcache_keys),
		cmocka_unit_test(test_tcache_withdraw_all_and_grow),
		cmocka_unit_test(test_tcache_null),
		cmocka_unit_test(test_tcache_sysinit),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
