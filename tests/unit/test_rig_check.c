/*
 * test_rig_check.c: the live rig's join (rig/rig_check.c).  A clean set
 * of capture truth and softflowd-shaped records passes; each planted
 * defect -- a missing record, an unexpected one, a wrong packet or octet
 * count, a start or end off by more than the tolerance, first stored
 * after last -- gives exactly its LIVE-* finding.  Also: idle-timeout
 * splits are summed, shared first/last of a bidirectional entry and v9's
 * one-second header resolution are accepted, and the records reader
 * skips options records with NULs.
 */
#include <sys/socket.h>
#include <netinet/in.h>

#include <unistd.h>

#include "testutil.h"

#include "rig_check.h"

#define T0	1795785694000000LL	/* us */

static void
ent(struct truth_ent *t, uint32_t s, int rev, uint8_t proto, const char *src,
    uint16_t sp, const char *dst, uint16_t dp, uint64_t pk, uint64_t oc,
    int64_t f_us, int64_t l_us)
{
	memset(t, 0, sizeof(*t));
	t->l.session = s;
	t->l.rev = rev;
	t->l.proto = proto;
	assert_int_equal(addr_parse(src, &t->l.src), 0);
	assert_int_equal(addr_parse(dst, &t->l.dst), 0);
	t->l.sport = sp;
	t->l.dport = dp;
	t->l.packets = pk;
	t->l.octets = oc;
	t->l.first_us = f_us;
	t->l.last_us = l_us;
}

static void
rec(struct vobs *o, const struct truth_ent *t, int64_t s_ms, int64_t e_ms)
{
	memset(o, 0, sizeof(*o));
	o->f.src = t->l.src;
	o->f.dst = t->l.dst;
	o->f.sport = t->l.proto == IPPROTO_ICMP ? 0 : t->l.sport;
	o->f.dport = t->l.proto == IPPROTO_ICMP ? (t->l.rev ? 0 : 2048) :
	    t->l.dport;
	o->f.proto = t->l.proto;
	o->f.packets = t->l.packets;
	o->f.octets = t->l.octets;
	o->f.start_ms = s_ms;
	o->f.end_ms = e_ms;
	o->f.has = FLOW_HAS_START | FLOW_HAS_END | FLOW_HAS_PORTS;
	o->f.version = 5;
	o->exp = -1;
}

/* A TCP session both ways, a UDP exchange and a ping; records as
 * softflowd exports them (shared first/last per bidirectional entry). */
static void
fixture(struct truth_ent *t, struct vobs *o)
{
	ent(&t[0], 1, 0, 6, "198.18.1.2", 40000, "198.18.2.2", 80, 12, 3632,
	    T0 + 100, T0 + 9000);
	ent(&t[1], 1, 1, 6, "198.18.2.2", 80, "198.18.1.2", 40000, 10, 7768,
	    T0 + 400, T0 + 9500);
	ent(&t[2], 2, 0, 17, "198.18.1.2", 5353, "198.18.2.2", 53, 1, 61,
	    T0 + 20000, T0 + 20000);
	ent(&t[3], 2, 1, 17, "198.18.2.2", 53, "198.18.1.2", 5353, 1, 148,
	    T0 + 20300, T0 + 20300);
	ent(&t[4], 3, 0, 1, "198.18.1.2", 4, "198.18.2.2", 8, 3, 252,
	    T0 + 30000, T0 + 130000);
	ent(&t[5], 3, 1, 1, "198.18.2.2", 8, "198.18.1.2", 4, 3, 252,
	    T0 + 30100, T0 + 130100);
	/* softflowd: both directions share the entry's first and last */
	rec(&o[0], &t[0], (T0 + 100) / 1000, (T0 + 9500) / 1000);
	rec(&o[1], &t[1], (T0 + 100) / 1000, (T0 + 9500) / 1000);
	rec(&o[2], &t[2], (T0 + 20000) / 1000, (T0 + 20300) / 1000);
	rec(&o[3], &t[3], (T0 + 20000) / 1000, (T0 + 20300) / 1000);
	rec(&o[4], &t[4], (T0 + 30000) / 1000, (T0 + 130000) / 1000);
	rec(&o[5], &t[5], (T0 + 30100) / 1000, (T0 + 130100) / 1000);
}

static int
join(const struct truth_ent *t, size_t nt, const struct vobs *o, size_t no,
    struct chk_result *r, char *rules, size_t len)
{
	char *buf = NULL;
	size_t bl = 0;
	FILE *f = open_memstream(&buf, &bl);
	int rc;

	assert_non_null(f);
	rc = chk_join(t, nt, o, no, f, NULL, r);
	fclose(f);
	snprintf(rules, len, "%s", buf != NULL ? buf : "");
	free(buf);
	return rc;
}

static void
test_clean(void **state)
{
	struct truth_ent t[6];
	struct vobs o[6];
	struct chk_result r;
	char rules[4096];

	(void)state;
	fixture(t, o);
	assert_int_equal(join(t, 6, o, 6, &r, rules, sizeof(rules)), 0);
	assert_int_equal(r.matched, 6);
	assert_int_equal(r.findings, 0);
	assert_string_equal(rules, "");
}

static void
test_split_summed(void **state)
{
	struct truth_ent t[6];
	struct vobs o[7];
	struct chk_result r;
	char rules[4096];

	(void)state;
	fixture(t, o);
	/* an idle timeout split session 1 fwd in two records */
	o[6] = o[0];
	o[0].f.packets = 5;
	o[0].f.octets = 1000;
	o[0].f.end_ms = (T0 + 3000) / 1000;
	o[6].f.packets = 7;
	o[6].f.octets = 2632;
	o[6].f.start_ms = (T0 + 5000) / 1000;
	assert_int_equal(join(t, 6, o, 7, &r, rules, sizeof(rules)), 0);
	assert_int_equal(r.observed, 7);
}

static void
test_plant_missing(void **state)
{
	struct truth_ent t[6];
	struct vobs o[6];
	struct chk_result r;
	char rules[4096];

	(void)state;
	fixture(t, o);
	assert_int_equal(join(t, 6, o, 5, &r, rules, sizeof(rules)), 1);
	assert_int_equal(r.missing, 1);
	assert_non_null(strstr(rules, "\"rule\":\"LIVE-MISSING\""));
	assert_int_equal(r.findings, 1);
}

static void
test_plant_unexpected(void **state)
{
	struct truth_ent t[6];
	struct vobs o[6];
	struct chk_result r;
	char rules[4096];

	(void)state;
	fixture(t, o);
	o[2].f.sport = 5354;	/* traffic that never crossed */
	assert_int_equal(join(t, 6, o, 6, &r, rules, sizeof(rules)), 1);
	assert_int_equal(r.unexpected, 1);
	assert_int_equal(r.missing, 1);
	assert_non_null(strstr(rules, "LIVE-UNEXPECTED"));
	assert_non_null(strstr(rules, "LIVE-MISSING"));
}

/*
 * A box's own IGMP report to 224.0.0.22 (link-local multicast, never
 * forwarded) is not the scenario's traffic: neither unexpected nor
 * counted; a unicast record the capture never saw still is unexpected.
 */
static void
test_linklocal_ignored(void **state)
{
	struct truth_ent t[6], igmp;
	struct vobs o[8];
	struct chk_result r;
	char rules[4096];

	(void)state;
	fixture(t, o);
	ent(&igmp, 0, 0, 2, "198.19.252.1", 0, "224.0.0.22", 0, 1, 40,
	    T0, T0);
	rec(&o[6], &igmp, T0 / 1000, T0 / 1000);
	assert_int_equal(join(t, 6, o, 7, &r, rules, sizeof(rules)), 0);
	assert_int_equal(r.observed, 6);
	assert_int_equal(r.findings, 0);
	/* the same record to a unicast address is a stray */
	assert_int_equal(addr_parse("198.18.9.9", &o[6].f.dst), 0);
	assert_int_equal(join(t, 6, o, 7, &r, rules, sizeof(rules)), 1);
	assert_int_equal(r.unexpected, 1);
	assert_non_null(strstr(rules, "LIVE-UNEXPECTED"));
}

static void
test_plant_counts(void **state)
{
	struct truth_ent t[6];
	struct vobs o[6];
	struct chk_result r;
	char rules[4096];

	(void)state;
	fixture(t, o);
	o[1].f.packets++;
	o[3].f.octets -= 20;
	assert_int_equal(join(t, 6, o, 6, &r, rules, sizeof(rules)), 1);
	assert_int_equal(r.counts, 2);
	assert_non_null(strstr(rules, "\"rule\":\"LIVE-PACKETS\""));
	assert_non_null(strstr(rules, "\"rule\":\"LIVE-OCTETS\""));
	assert_non_null(strstr(rules, "\"expected\":\"1/148\""));
}

static void
test_plant_times(void **state)
{
	struct truth_ent t[6];
	struct vobs o[6];
	struct chk_result r;
	char rules[4096];

	(void)state;
	fixture(t, o);
	o[4].f.start_ms -= CHK_TOL_MS + 3;	/* before any packet */
	o[5].f.end_ms += 50;
	assert_int_equal(join(t, 6, o, 6, &r, rules, sizeof(rules)), 1);
	assert_int_equal(r.times, 2);
	assert_non_null(strstr(rules, "LIVE-START"));
	assert_non_null(strstr(rules, "LIVE-END"));
	/* the same error in a v9 record is within its header's second */
	fixture(t, o);
	o[5].f.end_ms += 50;
	o[5].f.version = 9;
	assert_int_equal(join(t, 6, o, 6, &r, rules, sizeof(rules)), 0);
}

static void
test_plant_swap(void **state)
{
	struct truth_ent t[6];
	struct vobs o[6];
	struct chk_result r;
	char rules[4096];
	int64_t x;

	(void)state;
	fixture(t, o);
	x = o[0].f.start_ms;	/* nfdump 1.7.1, IPFIX IE 21/22 */
	o[0].f.start_ms = o[0].f.end_ms;
	o[0].f.end_ms = x;
	assert_int_equal(join(t, 6, o, 6, &r, rules, sizeof(rules)), 1);
	assert_int_equal(r.swapped, 1);
	assert_int_equal(r.times, 0);
	assert_non_null(strstr(rules, "\"rule\":\"LIVE-TS-SWAP\""));
}

static void
test_records_reader(void **state)
{
	char path[] = "/tmp/test_rig_check_XXXXXX", eb[256];
	struct vobs *o = NULL;
	FILE *f;
	long n;
	int fd;

	(void)state;
	fd = mkstemp(path);
	assert_true(fd >= 0);
	f = fdopen(fd, "w");
	fputs("{\"version\":10,\"template\":256,\"interfaceName\":"
	    "\"gc\\u0000\\u0000\"}\n", f);
	fputs("{\"version\":10,\"sourceIPv4Address\":\"198.18.1.2\","
	    "\"destinationIPv4Address\":\"198.18.2.2\","
	    "\"sourceTransportPort\":1,\"destinationTransportPort\":2,"
	    "\"protocolIdentifier\":17,\"packetDeltaCount\":3,"
	    "\"octetDeltaCount\":\"300\",\"start_ms\":5,\"end_ms\":9}\n", f);
	fputs("\n{\"src\":\"198.18.2.2\",\"dst\":\"198.18.1.2\",\"proto\":1,"
	    "\"packets\":1,\"octets\":84,\"start_ms\":1,\"end_ms\":1}\n", f);
	fclose(f);
	n = rec_read(path, &o, eb, sizeof(eb));
	assert_int_equal(n, 2);
	assert_int_equal(o[0].f.octets, 300);
	assert_int_equal(o[0].f.sport, 1);
	assert_int_equal(o[0].f.end_ms, 9);
	assert_true(o[0].f.has & FLOW_HAS_START);
	assert_int_equal(o[1].f.proto, 1);
	free(o);
	f = fopen(path, "w");
	fputs("{\"src\":\"198.18.2.2\",\n", f);
	fclose(f);
	assert_int_equal(rec_read(path, &o, eb, sizeof(eb)), -1);
	assert_non_null(strstr(eb, ":1:"));
	unlink(path);
}

/*
 * pflow(4) times are whole seconds (start = floor of the first packet's
 * second): a softflowd-sized tolerance flags them, the pflow tolerance
 * accepts them, and a start 1.5 s off is still caught.
 */
static void
test_pflow_tolerance(void **state)
{
	struct truth_ent t[6];
	struct vobs o[6];
	struct chk_result r;
	size_t i;
	int64_t s_ms, e_ms;

	(void)state;
	fixture(t, o);
	for (i = 0; i < 6; i++) {
		/* whole seconds: up to 130 ms early in this fixture */
		s_ms = t[i].l.first_us / 1000000 * 1000;
		e_ms = t[i].l.last_us / 1000000 * 1000;
		rec(&o[i], &t[i], s_ms, e_ms);
		o[i].f.version = 10;
	}
	assert_int_equal(chk_join(t, 6, o, 6, NULL, NULL, &r), 1);
	assert_true(r.times > 0);
	assert_int_equal(chk_join_tol(t, 6, o, 6, CHK_TOL_PFLOW_MS, NULL,
	    NULL, &r), 0);
	assert_int_equal(r.findings, 0);
	o[2].f.start_ms -= 1500;	/* 1.52 s before the packet */
	assert_int_equal(chk_join_tol(t, 6, o, 6, CHK_TOL_PFLOW_MS, NULL,
	    NULL, &r), 1);
	assert_int_equal(r.times, 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_clean),
		cmocka_unit_test(test_split_summed),
		cmocka_unit_test(test_plant_missing),
		cmocka_unit_test(test_plant_unexpected),
		cmocka_unit_test(test_linklocal_ignored),
		cmocka_unit_test(test_plant_counts),
		cmocka_unit_test(test_plant_times),
		cmocka_unit_test(test_plant_swap),
		cmocka_unit_test(test_records_reader),
		cmocka_unit_test(test_pflow_tolerance),
	};

	return cmocka_run_group_tests_name("rig_check", tests, NULL, NULL);
}
