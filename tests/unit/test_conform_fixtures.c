/*
 * test_conform_fixtures.c: the conformance engine on real exporters'
 * datagrams (../shared/fixtures/real-exporters, SKIPPED when absent):
 * OpenBSD pflow's own export passes the pflow profile, recognised from
 * its templates; the malformed fixtures give their findings and nothing
 * else; every fixture is checked without a crash.
 */
#include <dirent.h>

#include "conform_test.h"

static void
feed_fixture(struct tctx *t, const char *name, uint8_t **keep, size_t *len)
{
	struct bld b;
	uint8_t *p = TEST_FIXTURE(name, len);

	assert_true(*len <= sizeof(b.b));
	memcpy(b.b, p, *len);
	b.n = *len;
	feed(t, &b);
	if (keep != NULL)
		*keep = p;
	else
		free(p);
}

static void
stats_cb(void *arg, const struct conform_stats *st)
{
	*(struct conform_stats *)arg = *st;
}

static void
test_fixture_pflow_pair_clean(void **state)
{
	struct tctx *t = tctx_new(NULL, 0);
	struct conform_stats st;
	size_t len;

	feed_fixture(t, "ipfix_test_openbsd_pflow_tpl.dat", NULL, &len);
	feed_fixture(t, "ipfix_test_openbsd_pflow_data.dat", NULL, &len);
	conform_finish(t->c);
	expect_none(t);
	assert_int_equal(t->recs, 26);
	memset(&st, 0, sizeof(st));
	conform_foreach(t->c, stats_cb, &st);
	assert_non_null(st.layout);
	assert_string_equal(st.layout, "openbsd-7.8");
	assert_int_equal(st.domain, 42);
	assert_int_equal(st.records, 26);
	assert_int_equal(st.templates, 2);
	tctx_free(t);
}

/* The profile really applies to the real stream: plant one defect. */
static void
test_fixture_pflow_pair_planted(void **state)
{
	struct tctx *t = tctx_new("openbsd-7.8", 0);
	uint8_t *p;
	size_t len;
	struct bld b;
	char obs[40];
	uint64_t v;

	feed_fixture(t, "ipfix_test_openbsd_pflow_tpl.dat", NULL, &len);
	expect_none(t);
	p = TEST_FIXTURE("ipfix_test_openbsd_pflow_data.dat", &len);
	memcpy(b.b, p, len);
	b.n = len;
	free(p);
	/* record 3 (offset 20 + 2 x 54) flowEndMilliseconds + 1 */
	v = be64(b.b + 20 + 2 * 54 + 40) + 1;
	put64(b.b + 20 + 2 * 54 + 40, v);
	feed(t, &b);
	snprintf(obs, sizeof(obs), "%llu", (unsigned long long)v);
	expect_one(t, "PFLOW-TS-GRANULARITY", 1, 20 + 2 * 54 + 40,
	    "multiple of 1000", obs);
	tctx_free(t);
}

static void
test_fixture_v5_invalid(void **state)
{
	static const char *f[] = { "netflow5_test_invalid01.dat",
	    "netflow5_test_invalid02.dat" };
	struct tctx *t;
	size_t len;
	unsigned int i;

	for (i = 0; i < 2; i++) {
		t = tctx_new(NULL, 0);
		feed_fixture(t, f[i], NULL, &len);
		assert_int_equal(t->n, 2);
		expect_at(t, 0, "V5-COUNT", 0, 2, "1..30", NULL);
		expect_at(t, 1, "V5-LENGTH", 0, 2, NULL, "1464");
		tctx_free(t);
	}
}

static void
test_fixture_v9_invalid(void **state)
{
	struct tctx *t = tctx_new(NULL, 0);
	size_t len;

	feed_fixture(t, "netflow9_test_invalid01.dat", NULL, &len);
	expect_one(t, "NF9-COUNT", 0, 2, "6", "2");
	tctx_free(t);
}

static void
test_fixture_clean_exporters(void **state)
{
	static const char *f[] = { "netflow5_test_juniper_mx80.dat",
	    "netflow5_test_microtik.dat", "netflow9_test_softflowd_tpl_data.dat",
	    "netflow9_test_valid01.dat" };
	struct tctx *t;
	size_t len;
	unsigned int i;

	for (i = 0; i < sizeof(f) / sizeof(f[0]); i++) {
		t = tctx_new(NULL, 0);
		feed_fixture(t, f[i], NULL, &len);
		conform_finish(t->c);
		expect_none(t);
		assert_true(t->recs > 0);
		tctx_free(t);
	}
}

/* Every fixture, in name order (templates before data), no crash. */
static void
test_fixture_all_no_crash(void **state)
{
	struct tctx *t = tctx_new(NULL, 0);
	struct dirent **ents;
	const char *dir = test_fixture_dir();
	size_t len;
	int i, n;

	if (dir == NULL) {
		print_message("SKIPPED: ../shared/fixtures is absent\n");
		skip();
	}
	n = scandir(dir, &ents, NULL, alphasort);
	assert_true(n > 0);
	for (i = 0; i < n; i++) {
		if (strstr(ents[i]->d_name, ".dat") != NULL)
			feed_fixture(t, ents[i]->d_name, NULL, &len);
		free(ents[i]);
	}
	free(ents);
	conform_finish(t->c);
	assert_true(t->idx > 30);
	tctx_free(t);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fixture_pflow_pair_clean),
		cmocka_unit_test(test_fixture_pflow_pair_planted),
		cmocka_unit_test(test_fixture_v5_invalid),
		cmocka_unit_test(test_fixture_v9_invalid),
		cmocka_unit_test(test_fixture_clean_exporters),
		cmocka_unit_test(test_fixture_all_no_crash),
	};

	return TEST_RUN_FIXTURE_GROUP("conform_fixtures", tests);
}
