/*
 * test_ledger.c: ledger.jsonl lines survive a write and a read (with
 * and without the translation fields), and a bad line is an error that
 * names the file, the line and the field.
 */
#include <sys/socket.h>

#include <unistd.h>

#include "testutil.h"

#include "ledger.h"

static char tmpl[] = "/tmp/test_ledger.XXXXXX";

static const char *
write_text(const char *text)
{
	static char path[64];
	FILE *f;
	int fd;

	snprintf(path, sizeof(path), "%s", tmpl);
	fd = mkstemp(path);
	assert_true(fd >= 0);
	f = fdopen(fd, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	return path;
}

static void
fill(struct ledger_ent *e, int v6, int x)
{
	static const uint8_t a4[4] = { 198, 18, 1, 2 }, b4[4] = { 198, 18, 2,
	    2 };
	static const uint8_t a6[16] = { 0x20, 0x01, 0x0d, 0xb8, 0, 1, [15] = 2 };
	static const uint8_t b6[16] = { 0x20, 0x01, 0x0d, 0xb8, 0, 2, [15] = 2 };

	memset(e, 0, sizeof(*e));
	e->session = 3;
	e->line = 12;
	e->rev = 1;
	e->proto = 6;
	if (v6) {
		addr_set6(&e->src, a6);
		addr_set6(&e->dst, b6);
	} else {
		addr_set4(&e->src, a4);
		addr_set4(&e->dst, b4);
	}
	e->sport = 80;
	e->dport = 40000;
	e->packets = 8;
	e->octets = 4520ULL << 32;	/* beyond 32 bits */
	e->first_us = 1767225600000000LL;
	e->last_us = 1767225601250000LL;
	snprintf(e->end, sizeof(e->end), "fin");
	snprintf(e->from, sizeof(e->from), "client");
	if (x) {
		e->xlate = 1;
		e->xsrc = e->dst;
		e->xsport = 50000;
		e->xdst = e->src;
		e->xdport = 80;
	}
}

static void
test_ledger_roundtrip(void **state)
{
	struct ledger_ent in[4], *out;
	char path[64], err[256];
	FILE *f;
	long n;
	int i, fd;

	for (i = 0; i < 4; i++)
		fill(&in[i], i & 1, i >> 1);
	snprintf(path, sizeof(path), "%s", tmpl);
	fd = mkstemp(path);
	assert_true(fd >= 0);
	f = fdopen(fd, "w");
	for (i = 0; i < 4; i++)
		assert_int_equal(ledger_write(f, &in[i]), 0);
	fclose(f);
	n = ledger_read(path, &out, err, sizeof(err));
	unlink(path);
	assert_int_equal(n, 4);
	for (i = 0; i < 4; i++)
		assert_memory_equal(&in[i], &out[i], sizeof(in[i]));
	free(out);
}

static void
test_ledger_format(void **state)
{
	struct ledger_ent e;
	char *buf;
	size_t len;
	FILE *f = open_memstream(&buf, &len);

	fill(&e, 0, 0);
	e.octets = 4520;
	assert_int_equal(ledger_write(f, &e), 0);
	fclose(f);
	assert_string_equal(buf, "{\"session\":3,\"line\":12,\"dir\":\"rev\","
	    "\"proto\":6,\"af\":4,\"src\":\"198.18.1.2\",\"sport\":80,"
	    "\"dst\":\"198.18.2.2\",\"dport\":40000,\"packets\":8,"
	    "\"octets\":4520,\"first_us\":1767225600000000,"
	    "\"last_us\":1767225601250000,\"end\":\"fin\","
	    "\"from\":\"client\"}\n");
	free(buf);
}

static void
test_ledger_bad_lines(void **state)
{
	static const struct {
		const char *text;
		const char *want;
	} bad[] = {
		{ "{\"session\":1}\n", ":1: \"line\" missing" },
		{ "\n\n{nope\n", ":3: " },
		{ "[1]\n", ":1: \"line\" not a JSON object" },
		{ "{\"session\":0}\n", ":1: \"session\" out of range" },
		{ "{\"session\":1,\"line\":1,\"dir\":\"up\"}\n",
		    ":1: \"dir\" not fwd or rev" },
		{ "{\"session\":1,\"line\":1,\"dir\":\"fwd\",\"proto\":6,"
		    "\"src\":\"1.2.3\"}\n", ":1: \"src\" not an address" },
	};
	struct ledger_ent *out;
	char err[256];
	const char *path;
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		path = write_text(bad[i].text);
		assert_int_equal(ledger_read(path, &out, err, sizeof(err)), -1);
		unlink(path);
		assert_non_null(strstr(err, path));
		if (strstr(err, bad[i].want) == NULL)
			fail_msg("'%s' lacks '%s'", err, bad[i].want);
	}
	assert_int_equal(ledger_read("/nonexistent/ledger.jsonl", &out, err,
	    sizeof(err)), -1);
	assert_non_null(strstr(err, "/nonexistent/ledger.jsonl"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ledger_roundtrip),
		cmocka_unit_test(test_ledger_format),
		cmocka_unit_test(test_ledger_bad_lines),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
