/*
 * test_scn.c: the scenario parser.  Good inputs fill struct scenario as
 * pflowlab-scenario(5) says; every bad input gives exactly the golden
 * message in tests/golden/gen/NAME.err (file:line:col, the line, a caret)
 * and returns nothing; every scenarios/lang-*.scn parses to the golden
 * dump tests/golden/gen/NAME.dump.  UPDATE_GOLDEN=1 rewrites goldens.
 */
#include <sys/socket.h>
#include <netinet/in.h>

#include <glob.h>

#include "testutil.h"

#include "scn.h"
#include "scn_dump.h"

static int
parse(const char *text, struct scenario *s, char *err, size_t errlen)
{
	return scn_parse_buf("t.scn", text, strlen(text), s, err, errlen);
}

static void
test_scn_example(void **state)
{
	const char *t =
	    "# one short web request and a DNS exchange\n"
	    "profile openbsd-7.8 ipfix\n"
	    "at 0s   tcp 198.18.1.2:40000 > 198.18.2.2:80  connect; "
	    "send 3x1000; recv 5x1448; close fin\n"
	    "at 0.5s udp 198.18.1.2:5353  > 198.18.2.2:53  send 1x33; "
	    "recv 1x120\n"
	    "expect records 4\n";
	struct scenario s;
	char err[1024];

	assert_int_equal(parse(t, &s, err, sizeof(err)), 0);
	assert_string_equal(s.title, "one short web request and a DNS "
	    "exchange");
	assert_string_equal(s.gw.profile->name, "openbsd-7.8");
	assert_int_equal(s.gw.pflow[0].proto, 10);
	assert_int_equal(s.nsessions, 2);
	assert_int_equal(s.sessions[0].id, 1);
	assert_int_equal(s.sessions[0].proto, IPPROTO_TCP);
	assert_int_equal(s.sessions[0].sport, 40000);
	assert_int_equal(s.sessions[0].dport, 80);
	assert_int_equal(s.sessions[0].from, SCN_CLIENT);
	assert_int_equal(s.sessions[0].nsteps, 4);
	assert_int_equal(s.sessions[0].steps[1].op, SCN_OP_SEND);
	assert_int_equal(s.sessions[0].steps[1].count, 3);
	assert_int_equal(s.sessions[0].steps[1].size, 1000);
	assert_int_equal(s.sessions[0].steps[2].op, SCN_OP_RECV);
	assert_int_equal(s.sessions[0].steps[3].op, SCN_OP_CLOSE_FIN);
	assert_int_equal(s.sessions[1].id, 2);
	assert_true(s.sessions[1].start_us == 500000);
	assert_int_equal(s.nexpects, 1);
	assert_int_equal(s.expects[0].kind, SCN_EXP_RECORDS);
	assert_true(s.expects[0].records == 4);
	assert_true(s.epoch_us == SCN_DEFAULT_EPOCH_US);
	scn_free(&s);
}

static void
test_scn_gateway(void **state)
{
	const char *t =
	    "profile openbsd-current v5\n"
	    "pflow both\n"
	    "set timeout tcp.established 60 udp.single 5\n"
	    "set timeout interval 2s\n"
	    "set limit states 5000\n"
	    "tos 0x10\n"
	    "flush-at-end\n"
	    "nat-to 198.18.2.1 port 50000:50009 from 198.18.1.0/24\n"
	    "rdr-to 198.18.2.1:80 -> 198.18.1.80:8080\n"
	    "pflow pflow0 flowdst 198.18.0.9:9995\n"
	    "pflow pflow1 flowsrc 198.18.0.1 flowdst 198.18.0.3 proto 10 "
	    "mtu 9000\n"
	    "seed 7\n"
	    "epoch 2026-03-01T12:00:00.5Z\n"
	    "fault drop dgram 3   # a comment\n"
	    "udp 198.18.1.2:1 > 198.18.3.3:2 send 1x1\n";
	struct scenario s;
	char err[1024];

	assert_int_equal(parse(t, &s, err, sizeof(err)), 0);
	assert_string_equal(s.gw.profile->name, "openbsd-current");
	assert_int_equal(s.gw.pflow_in, 1);
	assert_int_equal(s.gw.pflow_out, 1);
	assert_int_equal(s.gw.timeouts[PFTM_TCP_ESTABLISHED], 60);
	assert_int_equal(s.gw.timeouts[PFTM_UDP_SINGLE], 5);
	assert_int_equal(s.gw.timeouts[PFTM_INTERVAL], 2);
	assert_int_equal(s.gw.timeouts[PFTM_TCP_FIRST_PACKET], 120);
	assert_int_equal(s.gw.state_limit, 5000);
	assert_int_equal(s.gw.rule_tos, 0x10);
	assert_int_equal(s.gw.flush_at_end, 1);
	assert_int_equal(s.gw.nat.on, 1);
	assert_int_equal(s.gw.nat.port_lo, 50000);
	assert_int_equal(s.gw.nat.port_hi, 50009);
	assert_int_equal(s.gw.nat.match_plen, 24);
	assert_int_equal(s.gw.rdr.on, 1);
	assert_int_equal(s.gw.rdr.match_port, 80);
	assert_int_equal(s.gw.rdr.to_port, 8080);
	assert_int_equal(s.gw.npflow, 2);
	assert_int_equal(s.gw.pflow[0].proto, 5);	/* "v5" on profile */
	assert_int_equal(s.gw.pflow[0].flowdst.port, 9995);
	assert_int_equal(s.gw.pflow[1].proto, 10);
	assert_int_equal(s.gw.pflow[1].flowdst.port, 4739);
	assert_int_equal(s.gw.pflow[1].mtu, 9000);
	assert_true(s.seed == 7);
	assert_true(s.epoch_us == 1772366400500000LL);
	assert_int_equal(s.nfaults, 1);
	assert_string_equal(s.faults[0].spec, "drop dgram 3");
	assert_int_equal(s.sessions[0].nat, 1);
	assert_int_equal(s.sessions[0].tos, 0x10);
	scn_free(&s);
}

static void
test_scn_sessions(void **state)
{
	const char *t =
	    "client 198.18.1.0/24 2001:db8:1::/48\n"
	    "host web 198.18.2.80 server\n"
	    "host nas 198.18.1.9 inside\n"
	    "at 1.5s repeat 10 every 10ms sport +2 src +1 tcp "
	    "198.18.1.2:30000 > web:80 name load connect; idle 2m; "
	    "shut; recv 2x10 gap 1ms; close fin\n"
	    "tcp web:1 > nas:22 connect; rst peer\n"
	    "icmp6 2001:db8:1::1 > 2001:db8:2::1 id 77 ping 4x64 gap 200ms "
	    "noreply\n"
	    "tcp [2001:db8:1::5]:5 > [2001:db8:2::5]:6 syn 3 gap 1s\n"
	    "udp 198.18.1.2:1 > 198.18.2.2:2 both 5x20 gap 2ms\n"
	    "expect session load fwd packets 10 ~5% octets 400\n"
	    "expect session 12 none\n"
	    "expect finding IPFIX-SEQ count 2\n"
	    "expect verdict fail\n";
	struct scenario s;
	const struct scn_session *ss;
	char err[1024];

	assert_int_equal(parse(t, &s, err, sizeof(err)), 0);
	assert_int_equal(s.nsessions, 5);
	assert_int_equal(s.sessions[4].steps[0].op, SCN_OP_BOTH);
	assert_int_equal(s.sessions[4].steps[0].count, 5);
	assert_int_equal(s.sessions[4].steps[0].size, 20);
	assert_true(s.sessions[4].steps[0].gap_us == 2000);
	ss = &s.sessions[0];
	assert_int_equal(ss->id, 1);
	assert_int_equal(ss->repeat, 10);
	assert_true(ss->interval_us == 10000);
	assert_true(ss->start_us == 1500000);
	assert_int_equal(ss->sport_step, 2);
	assert_int_equal(ss->src_step, 1);
	assert_string_equal(ss->name, "load");
	assert_int_equal(ss->steps[1].op, SCN_OP_IDLE);
	assert_true(ss->steps[1].dur_us == 120000000LL);
	assert_int_equal(ss->steps[2].op, SCN_OP_SHUT);
	assert_true(ss->steps[3].gap_us == 1000);
	/* ids continue after the ten instances */
	assert_int_equal(s.sessions[1].id, 11);
	assert_int_equal(s.sessions[1].from, SCN_SERVER);
	assert_int_equal(s.sessions[1].steps[1].op, SCN_OP_RST_PEER);
	ss = &s.sessions[2];
	assert_int_equal(ss->id, 12);
	assert_int_equal(ss->proto, IPPROTO_ICMPV6);
	assert_int_equal(ss->sport, 77);
	assert_int_equal(ss->dport, 128);
	assert_int_equal(ss->steps[0].op, SCN_OP_PING);
	assert_int_equal(ss->steps[0].count, 4);
	assert_int_equal(ss->steps[0].size, 64);
	assert_int_equal(ss->steps[0].reply, 0);
	assert_int_equal(s.sessions[3].steps[0].op, SCN_OP_SYN_ONLY);
	assert_int_equal(s.sessions[3].steps[0].count, 3);
	assert_true(scn_ninstances(&s) == 14);
	assert_int_equal(s.expects[0].kind, SCN_EXP_FLOW);
	assert_int_equal(s.expects[0].session, 1);
	assert_true(s.expects[0].packets == 10);
	/* "id" before the protocol counts too */
	scn_free(&s);
	assert_int_equal(parse("id 7 icmp 198.18.1.2 > 198.18.2.2 ping 1\n",
	    &s, err, sizeof(err)), 0);
	assert_int_equal(s.sessions[0].sport, 7);
	scn_free(&s);
	assert_int_equal(parse(t, &s, err, sizeof(err)), 0);
	assert_true(s.expects[0].octets == 400);
	assert_int_equal(s.expects[0].tolerance_pct, 5);
	assert_int_equal(s.expects[1].kind, SCN_EXP_NONE);
	assert_int_equal(s.expects[1].session, 12);
	assert_string_equal(s.expects[2].rule, "IPFIX-SEQ");
	assert_true(s.expects[2].count == 2);
	assert_int_equal(s.expects[3].pass, 0);
	scn_free(&s);
}

/* name, input: the golden is tests/golden/gen/<name>.err */
static const struct {
	const char *name;
	const char *text;
} bad[] = {
	{ "bad-keyword", "# comment\nfrobnicate 3\n" },
	{ "bad-duration", "at 1x tcp 198.18.1.2:1 > 198.18.2.2:80 connect\n" },
	{ "bad-dport", "tcp 198.18.1.2:1 > 198.18.2.2 connect\n" },
	{ "bad-addr", "udp 198.18.1.256:1 > 198.18.2.2:53 send 1\n" },
	{ "bad-host", "tcp 198.18.1.2:1 > web:80 connect\n" },
	{ "bad-arrow", "tcp 198.18.1.2:1 198.18.2.2:80 connect\n" },
	{ "bad-family", "tcp 198.18.1.2:1 > [2001:db8::1]:80 connect\n" },
	{ "bad-before-connect",
	    "tcp 198.18.1.2:1 > 198.18.2.2:80 send 3x100\n" },
	{ "bad-after-close", "tcp 198.18.1.2:1 > 198.18.2.2:80 connect; "
	    "close fin; send 1x1\n" },
	{ "bad-after-shut", "tcp 198.18.1.2:1 > 198.18.2.2:80 connect; "
	    "shut; send 1x1\n" },
	{ "bad-size", "udp 198.18.1.2:1 > 198.18.2.2:80 send 3y100\n" },
	{ "bad-toobig", "udp 198.18.1.2:1 > 198.18.2.2:80 send 70000\n" },
	{ "bad-udp-step", "udp 198.18.1.2:1 > 198.18.2.2:80 connect\n" },
	{ "bad-icmp-port", "icmp 198.18.1.2:1 > 198.18.2.2 ping 1\n" },
	{ "bad-icmp6", "icmp 2001:db8::1 > 2001:db8::2 ping 1\n" },
	{ "bad-empty-step", "\ttcp 198.18.1.2:1 > 198.18.2.2:80 connect;; "
	    "close\n" },
	{ "bad-no-steps", "tcp 198.18.1.2:1 > 198.18.2.2:80\n" },
	{ "bad-only-idle", "udp 198.18.1.2:1 > 198.18.2.2:80 idle 5s\n" },
	{ "bad-same-side", "client 198.18.1.0/24\nserver 198.18.0.0/16\n"
	    "tcp 198.18.1.2:1 > 198.18.1.3:80 connect\n" },
	{ "bad-profile", "profile openbsd-9 ipfix\n" },
	{ "bad-export", "export netflow9\n" },
	{ "bad-timeout", "set timeout tcp.bogus 5\n" },
	{ "bad-timeout-value", "set timeout tcp.first 1.5s\n" },
	{ "bad-limit", "set limit frags 5\n" },
	{ "bad-pflow", "pflow sideways\n" },
	{ "bad-pflow-nodst", "pflow pflow0 flowsrc 198.18.0.1\n" },
	{ "bad-nat-range", "nat-to 198.18.2.1 port 60000:50000\n" },
	{ "bad-nat-net", "nat-to 198.18.2.1 from 198.18.1.1/24\n" },
	{ "bad-rdr", "rdr-to 198.18.2.1:80 198.18.1.80:8080\n" },
	{ "bad-repeat", "repeat 0 udp 198.18.1.2:1 > 198.18.2.2:2 send 1\n" },
	{ "bad-sport-step", "repeat 2 sport 1 udp 198.18.1.2:1 > "
	    "198.18.2.2:2 send 1\n" },
	{ "bad-expect", "udp 198.18.1.2:1 > 198.18.2.2:2 send 1\n"
	    "expect flows 3\n" },
	{ "bad-expect-session", "udp 198.18.1.2:1 > 198.18.2.2:2 send 1\n"
	    "expect session 2 fwd packets 1\n" },
	{ "bad-expect-name", "udp 198.18.1.2:1 > 198.18.2.2:2 send 1\n"
	    "expect session dns none\n" },
	{ "bad-tolerance", "udp 198.18.1.2:1 > 198.18.2.2:2 send 1\n"
	    "expect records 1 ~5\n" },
	{ "bad-expect-empty", "udp 198.18.1.2:1 > 198.18.2.2:2 send 1\n"
	    "expect session 1 fwd\n" },
	{ "bad-name-twice", "udp 198.18.1.2:1 > 198.18.2.2:2 name a send 1\n"
	    "udp 198.18.1.2:3 > 198.18.2.2:2 name a send 1\n" },
	{ "bad-epoch", "epoch 2026-13-01T00:00:00Z\n" },
	{ "bad-seed", "seed -1\n" },
	{ "bad-no-session", "profile openbsd-7.8\n" },
	{ "bad-control", "udp 198.18.1.2:1 > 198.18.2.2:2 send 1\x01\n" },
	{ "bad-trailing", "flush-at-end now\n" },
	{ "bad-ping-step", "icmp 198.18.1.2 > 198.18.2.2 send 1\n" },
	{ "bad-syn-then", "tcp 198.18.1.2:1 > 198.18.2.2:80 syn; "
	    "send 1\n" },
	{ "bad-host-twice", "host a 198.18.1.1 client\n"
	    "host a 198.18.1.2 client\n" },
	{ "bad-host-side", "host a 198.18.1.1 left\n" },
	{ "bad-id", "udp 198.18.1.2:1 > 198.18.2.2:2 id 4 send 1\n" },
	{ "bad-both-fin", "tcp 198.18.1.2:1 > 198.18.2.2:80 connect; "
	    "shut peer; both 1x1\n" },
	{ "bad-late", "repeat 100000000 every 1000000000s "
	    "udp 198.18.1.2:1 > 198.18.2.2:2 send 1\n" },
};

static void
test_scn_bad_inputs(void **state)
{
	struct scenario s;
	char err[2048], path[256];
	size_t i;
	int nl;
	const char *c;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		memset(err, 0, sizeof(err));
		if (parse(bad[i].text, &s, err, sizeof(err)) != -1)
			fail_msg("%s parsed", bad[i].name);
		/* nothing is returned */
		assert_null(s.sessions);
		assert_int_equal(s.nsessions, 0);
		/* one message: three lines, starting "t.scn:LINE:COL: " */
		assert_true(strncmp(err, "t.scn:", 6) == 0);
		for (nl = 0, c = err; *c != '\0'; c++)
			nl += *c == '\n';
		if (nl != 3)
			fail_msg("%s: %d lines in\n%s", bad[i].name, nl, err);
		snprintf(path, sizeof(path), "tests/golden/gen/%s.err",
		    bad[i].name);
		test_golden(path, err);
	}
}

/* Every truncation of a good scenario parses or fails cleanly. */
static void
test_scn_truncations(void **state)
{
	size_t len = 0, n;
	uint8_t *buf = test_read_file("scenarios/lang-hosts.scn", &len);
	struct scenario s;
	char err[2048];

	assert_non_null(buf);
	for (n = 0; n <= len; n++) {
		if (scn_parse_buf("t.scn", (const char *)buf, n, &s, err,
		    sizeof(err)) == 0)
			scn_free(&s);
		else
			assert_true(strncmp(err, "t.scn:", 6) == 0);
	}
	free(buf);
}

static void
test_scn_lang_dumps(void **state)
{
	glob_t g;
	struct scenario s;
	char err[2048], path[512], *out;
	size_t i, olen;
	FILE *f;

	assert_int_equal(glob("scenarios/lang-*.scn", 0, NULL, &g), 0);
	assert_true(g.gl_pathc >= 20);
	for (i = 0; i < g.gl_pathc; i++) {
		const char *base = strrchr(g.gl_pathv[i], '/') + 1;

		if (scn_parse_file(g.gl_pathv[i], &s, err, sizeof(err)) != 0)
			fail_msg("%s", err);
		f = open_memstream(&out, &olen);
		assert_non_null(f);
		scn_dump(f, &s);
		fclose(f);
		snprintf(path, sizeof(path), "tests/golden/gen/%.*s.dump",
		    (int)(strlen(base) - 4), base);
		test_golden(path, out);
		free(out);
		scn_free(&s);
	}
	globfree(&g);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_scn_example),
		cmocka_unit_test(test_scn_gateway),
		cmocka_unit_test(test_scn_sessions),
		cmocka_unit_test(test_scn_bad_inputs),
		cmocka_unit_test(test_scn_truncations),
		cmocka_unit_test(test_scn_lang_dumps),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
