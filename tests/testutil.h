/*
 * testutil.h: helpers for the unit tests (header-only, so each test binary
 * stays one .c file).
 */
#ifndef PFL_TESTUTIL_H
#define PFL_TESTUTIL_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cmocka_compat.h"

/* Directory of the real-exporter fixtures, or NULL when ../shared is gone. */
static inline const char *
test_fixture_dir(void)
{
	static char path[4096];
	const char *env = getenv("PFLOWLAB_SHARED");
	struct stat st;
	const char *cands[] = { "../shared", "../../shared", NULL };
	int i;

	if (env != NULL) {
		snprintf(path, sizeof(path), "%s/fixtures/real-exporters", env);
		return stat(path, &st) == 0 ? path : NULL;
	}
	for (i = 0; cands[i] != NULL; i++) {
		snprintf(path, sizeof(path), "%s/fixtures/real-exporters",
		    cands[i]);
		if (stat(path, &st) == 0)
			return path;
	}
	return NULL;
}

/* Read a whole file; NULL on error.  Caller frees. */
static inline uint8_t *
test_read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf;
	long n;

	if (f == NULL)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = malloc(n > 0 ? (size_t)n : 1);
	if (buf == NULL || fread(buf, 1, (size_t)n, f) != (size_t)n) {
		free(buf);
		fclose(f);
		return NULL;
	}
	fclose(f);
	*len = (size_t)n;
	return buf;
}

/* Compare got with the golden file at path; UPDATE_GOLDEN=1 rewrites it. */
static inline void
test_golden(const char *path, const char *got)
{
	size_t len = 0;
	uint8_t *want;

	if (getenv("UPDATE_GOLDEN") != NULL) {
		FILE *f = fopen(path, "w");

		assert_non_null(f);
		fputs(got, f);
		fclose(f);
		return;
	}
	want = test_read_file(path, &len);
	if (want == NULL)
		fail_msg("missing golden %s (UPDATE_GOLDEN=1 writes it)", path);
	if (len != strlen(got) || memcmp(want, got, len) != 0) {
		print_message("golden %s differs; got:\n%s", path, got);
		free(want);
		fail();
	}
	free(want);
}

/* Read a fixture by file name; skips the test when ../shared is absent. */
#define TEST_FIXTURE(name, lenp) test_fixture_or_skip((name), (lenp))
static inline uint8_t *
test_fixture_or_skip(const char *name, size_t *len)
{
	char path[4200];
	const char *dir = test_fixture_dir();
	uint8_t *buf;

	if (dir == NULL) {
		print_message("SKIPPED: ../shared/fixtures is absent\n");
		skip();
	}
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	buf = test_read_file(path, len);
	assert_non_null(buf);
	return buf;
}

/*
 * For a test binary made only of fixture tests: when ../shared is absent,
 * run one skipped test instead of the group, so that no test allocates
 * and then leaves through skip() (LeakSanitizer would call that a leak).
 */
static inline void
test_fixtures_absent(void **state)
{
	(void)state;
	print_message("SKIPPED: ../shared/fixtures is absent\n");
	skip();
}

#define TEST_RUN_FIXTURE_GROUP(name, tests) (test_fixture_dir() != NULL ? \
	cmocka_run_group_tests_name(name, tests, NULL, NULL) :		\
	test_run_fixtures_absent(name))

static inline int
test_run_fixtures_absent(const char *name)
{
	const struct CMUnitTest absent[] = {
		cmocka_unit_test(test_fixtures_absent),
	};

	return cmocka_run_group_tests_name(name, absent, NULL, NULL);
}

#endif /* PFL_TESTUTIL_H */
