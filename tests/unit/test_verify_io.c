/*
 * test_verify_io.c: the readers of records.jsonl, findings.jsonl and
 * ledger.jsonl: the fast scanner and the jansson path give the same
 * result (a line with an escape goes the slow way), malformed lines are
 * errors naming FILE:LINE, and sequence findings yield a lost count.
 */
#include "testutil.h"

#include <sys/socket.h>
#include <unistd.h>

#include "verify.h"
#include "verify_jsonl.h"

static char *
tmpfile_with(const char *text)
{
	static char path[64];
	FILE *f;

	snprintf(path, sizeof(path), "/tmp/pfl-vio-XXXXXX");
	close(mkstemp(path));
	f = fopen(path, "w");
	fputs(text, f);
	fclose(f);
	return path;
}

static void
test_jl_scan(void **state)
{
	struct jl_kv kv[8];
	const char *ok = "{\"a\":1,\"b\":\"x y\",\"c\":null,\"d\":-5,"
	    "\"e\":true}";
	const char *bad[] = {
		"{\"a\":\"x\\\"y\"}",	/* escape: jansson's job */
		"{\"a\":{\"b\":1}}",	/* nesting */
		"{\"a\":1.5}",		/* real */
		"{\"a\":1",		/* unterminated */
		"[1,2]",
		"{\"a\" 1}",
		"{\"a\":1}x",
		"{\"a\":99999999999999999999999}",
		NULL
	};
	int i;

	assert_int_equal(jl_scan(ok, strlen(ok), kv, 8), 5);
	assert_true(jl_key(&kv[0], "a") && kv[0].u == 1);
	assert_int_equal(kv[1].type, JL_STR);
	assert_int_equal(kv[1].slen, 3);
	assert_int_equal(kv[2].type, JL_NULL);
	assert_true(kv[3].neg && kv[3].u == 5);
	assert_int_equal(jl_scan("{}", 2, kv, 8), 0);
	assert_int_equal(jl_scan(ok, strlen(ok), kv, 4), -1);
	for (i = 0; bad[i] != NULL; i++)
		assert_int_equal(jl_scan(bad[i], strlen(bad[i]), kv, 8), -1);
}

static void
test_read_records_fast_and_slow_agree(void **state)
{
	/* the same record twice; the second has an escaped "layout" value
	 * (so it goes through jansson) and keys in another order */
	const char *text =
	    "{\"dgram\":4,\"version\":10,\"arrival_us\":1767225720000000,"
	    "\"start_ms\":1767225600000,\"end_ms\":1767225601000,"
	    "\"sourceIPv4Address\":\"198.18.1.2\",\"destinationIPv4Address\":"
	    "\"198.18.2.2\",\"ingressInterface\":1,\"egressInterface\":1,"
	    "\"packetDeltaCount\":6,\"octetDeltaCount\":644,"
	    "\"sourceTransportPort\":40000,\"destinationTransportPort\":80,"
	    "\"protocolIdentifier\":6}\n"
	    "\n"
	    "{\"layout\":\"p\\u0066low\",\"protocolIdentifier\":6,"
	    "\"destinationTransportPort\":80,\"sourceTransportPort\":40000,"
	    "\"octetDeltaCount\":644,\"packetDeltaCount\":6,"
	    "\"egressInterface\":1,\"ingressInterface\":1,"
	    "\"destinationIPv4Address\":\"198.18.2.2\",\"sourceIPv4Address\":"
	    "\"198.18.1.2\",\"end_ms\":1767225601000,\"start_ms\":"
	    "1767225600000,\"arrival_us\":1767225720000000,\"version\":10,"
	    "\"dgram\":4}\n";
	struct vobs *o = NULL;
	char err[256];
	char *p = tmpfile_with(text);
	long n = verify_read_records(p, &o, err, sizeof(err));

	assert_int_equal(n, 2);
	assert_true(o[0].f.octets == 644 && o[1].f.octets == 644);
	assert_int_equal(o[0].f.has, o[1].f.has);
	assert_true(o[0].f.start_ms == o[1].f.start_ms);
	assert_true(o[0].f.arrival_us == o[1].f.arrival_us);
	assert_int_equal(o[0].f.src.af, AF_INET);
	assert_int_equal(addr_cmp(&o[0].f.dst, &o[1].f.dst), 0);
	assert_int_equal(o[1].f.in_if, 1);
	free(o);
	unlink(p);
}

/* Post-NAT fields count with both post-NAT addresses only, on both paths. */
static void
test_read_records_postnat_needs_both(void **state)
{
	/* fast path, then jansson (escaped value): one post-NAT address */
	const char *text =
	    "{\"sourceIPv4Address\":\"198.18.1.2\",\"destinationIPv4Address\":"
	    "\"198.18.2.2\",\"postNATSourceIPv4Address\":\"198.19.0.1\","
	    "\"postNAPTSourceTransportPort\":1024}\n"
	    "{\"layout\":\"p\\u0066low\",\"sourceIPv4Address\":\"198.18.1.2\","
	    "\"destinationIPv4Address\":\"198.18.2.2\","
	    "\"postNATSourceIPv4Address\":\"198.19.0.1\","
	    "\"postNAPTSourceTransportPort\":1024}\n"
	    "{\"sourceIPv4Address\":\"198.18.1.2\",\"destinationIPv4Address\":"
	    "\"198.18.2.2\",\"postNATSourceIPv4Address\":\"198.19.0.1\","
	    "\"postNATDestinationIPv4Address\":\"198.18.2.2\","
	    "\"postNAPTSourceTransportPort\":1024}\n";
	struct vobs *o = NULL;
	char err[256];
	char *p = tmpfile_with(text);
	long n = verify_read_records(p, &o, err, sizeof(err));

	assert_int_equal(n, 3);
	assert_int_equal(o[0].f.has & FLOW_HAS_POSTNAT, 0);
	assert_int_equal(o[1].f.has & FLOW_HAS_POSTNAT, 0);
	assert_int_equal(o[0].f.post_sport, o[1].f.post_sport);
	assert_int_not_equal(o[2].f.has & FLOW_HAS_POSTNAT, 0);
	assert_int_equal(o[2].f.post_sport, 1024);
	free(o);
	unlink(p);
}

static void
test_read_errors_name_the_line(void **state)
{
	struct vobs *o = NULL;
	struct ledger_ent *l = NULL;
	char err[256];
	char *p;

	p = tmpfile_with("{\"sourceIPv4Address\":\"198.18.1.2\","
	    "\"destinationIPv4Address\":\"198.18.2.2\"}\n{\"x\":\n");
	assert_int_equal(verify_read_records(p, &o, err, sizeof(err)), -1);
	assert_non_null(strstr(err, ":2: "));
	unlink(p);
	/* (a line with no address at all is options data: skipped) */
	p = tmpfile_with("{\"octetDeltaCount\":5}\n"
	    "{\"sourceIPv4Address\":\"198.18.1.2\",\"octetDeltaCount\":5}\n");
	assert_int_equal(verify_read_records(p, &o, err, sizeof(err)), -1);
	assert_non_null(strstr(err, ":2: record without"));
	unlink(p);
	/* a ledger line without "from": the slow reader words it */
	p = tmpfile_with("{\"session\":1,\"line\":3,\"dir\":\"fwd\","
	    "\"proto\":17,\"af\":4,\"src\":\"198.18.1.2\",\"sport\":1,"
	    "\"dst\":\"198.18.2.2\",\"dport\":2,\"packets\":1,\"octets\":28,"
	    "\"first_us\":0,\"last_us\":0,\"end\":\"oneway\"}\n");
	assert_int_equal(verify_read_ledger(p, &l, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "from"));
	unlink(p);
}

static void
test_read_ledger_fast(void **state)
{
	struct ledger_ent *l = NULL, *m = NULL;
	char err[256];
	char *p = tmpfile_with("{\"session\":1,\"line\":3,\"dir\":\"fwd\","
	    "\"proto\":17,\"af\":4,\"src\":\"198.18.1.2\",\"sport\":1,"
	    "\"dst\":\"198.18.2.2\",\"dport\":2,\"packets\":1,\"octets\":28,"
	    "\"first_us\":1767225600000000,\"last_us\":1767225600000000,"
	    "\"end\":\"oneway\",\"from\":\"client\",\"xsrc\":\"198.18.9.9\","
	    "\"xsport\":50000,\"xdst\":\"198.18.2.2\",\"xdport\":2}\n");

	assert_int_equal(verify_read_ledger(p, &l, err, sizeof(err)), 1);
	assert_int_equal(ledger_read(p, &m, err, sizeof(err)), 1);
	assert_int_equal(l[0].session, m[0].session);
	assert_int_equal(l[0].xlate, 1);
	assert_int_equal(l[0].xsport, m[0].xsport);
	assert_int_equal(addr_cmp(&l[0].xsrc, &m[0].xsrc), 0);
	assert_true(l[0].first_us == m[0].first_us);
	assert_string_equal(l[0].from, m[0].from);
	free(l);
	free(m);
	unlink(p);
}

static void
test_read_findings_lost(void **state)
{
	struct vfind *f = NULL;
	char err[256];
	char *p = tmpfile_with(
	    "{\"rule\":\"IPFIX-SEQ\",\"severity\":\"warning\",\"dgram\":5,"
	    "\"expected\":\"26\",\"observed\":\"52\",\"msg\":\"gap\"}\n"
	    "{\"rule\":\"IPFIX-SEQ-DUP\",\"severity\":\"warning\",\"dgram\":6,"
	    "\"expected\":\"52\",\"observed\":\"26\",\"msg\":\"dup\"}\n");

	assert_int_equal(verify_read_findings(p, &f, err, sizeof(err)), 2);
	assert_int_equal(f[0].lost, 26);
	assert_int_equal(f[0].severity, SEV_WARN);
	assert_int_equal(f[1].lost, 0);
	free(f);
	unlink(p);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_jl_scan),
		cmocka_unit_test(test_read_records_fast_and_slow_agree),
		cmocka_unit_test(test_read_records_postnat_needs_both),
		cmocka_unit_test(test_read_errors_name_the_line),
		cmocka_unit_test(test_read_ledger_fast),
		cmocka_unit_test(test_read_findings_lost),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
