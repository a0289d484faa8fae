/*
 * test_gen_pcap.c: every scenarios/lang-*.scn is written to a pcap and a
 * ledger with gen_write; the pcap is read back with libpcap, each frame
 * decoded with lib/pkt.h and counted per direction of its session (by
 * addresses, ports and protocol), and the counts must equal the ledger
 * read back with ledger_read: packets, layer-3 octets, first and last
 * times.  The scenario's own hand-written "expect session" packet and
 * octet numbers must also hold for the ledger.
 */
#include <sys/socket.h>
#include <netinet/in.h>
#include <sys/stat.h>

#include <glob.h>
#include <pcap/pcap.h>
#include <unistd.h>

#include "testutil.h"

#include "gen.h"
#include "ledger.h"
#include "pkt.h"
#include "scn.h"

struct acc {
	uint64_t	 packets, octets;
	int64_t		 first, last;
};

static int
same_dir(const struct ledger_ent *e, const struct pkt *k)
{
	uint16_t sp = k->sport, dp = k->dport;

	if (k->proto == IPPROTO_ICMP || k->proto == IPPROTO_ICMPV6) {
		int reply = k->icmp_type == 0 || k->icmp_type == 129;
		uint16_t id = (uint16_t)(k->l4[4] << 8 | k->l4[5]);

		if (reply != e->rev)
			return 0;
		sp = e->rev ? e->sport : id;
		dp = e->rev ? id : e->dport;
	}
	return e->proto == k->proto && e->sport == sp && e->dport == dp &&
	    addr_cmp(&e->src, &k->src) == 0 && addr_cmp(&e->dst, &k->dst) == 0;
}

static int
within(int64_t want, uint32_t pct, uint64_t got)
{
	int64_t d = (int64_t)got - want;

	if (d < 0)
		d = -d;
	return d * 100 <= (int64_t)pct * want;
}

static void
check_expects(const struct scenario *s, const struct ledger_ent *l, long n,
    const char *path)
{
	size_t i;
	long j;

	for (i = 0; i < s->nexpects; i++) {
		const struct scn_expect *e = &s->expects[i];

		if (e->kind != SCN_EXP_FLOW)
			continue;
		for (j = 0; j < n; j++)
			if (l[j].session == e->session && l[j].rev == e->rev)
				break;
		if (j == n)
			fail_msg("%s:%u: no ledger line", path, e->line);
		if (e->packets >= 0 && !within(e->packets, e->tolerance_pct,
		    l[j].packets))
			fail_msg("%s:%u: ledger has %llu packets", path,
			    e->line, (unsigned long long)l[j].packets);
		if (e->octets >= 0 && !within(e->octets, e->tolerance_pct,
		    l[j].octets))
			fail_msg("%s:%u: ledger has %llu octets", path,
			    e->line, (unsigned long long)l[j].octets);
	}
}

static void
recount(const char *scn, const char *dir)
{
	struct scenario s;
	struct gen_stats st;
	struct ledger_ent *led;
	struct acc *acc;
	char err[2048], pcapf[512], ledf[512], ebuf[PCAP_ERRBUF_SIZE];
	struct pcap_pkthdr *h;
	const u_char *data;
	struct pkt k;
	pcap_t *p;
	long n, i;
	uint64_t frames = 0;
	int r;

	if (scn_parse_file(scn, &s, err, sizeof(err)) != 0)
		fail_msg("%s", err);
	if (gen_write(&s, dir, 0, &st, err, sizeof(err)) != 0)
		fail_msg("%s: %s", scn, err);
	snprintf(pcapf, sizeof(pcapf), "%s/traffic.pcap", dir);
	snprintf(ledf, sizeof(ledf), "%s/ledger.jsonl", dir);
	n = ledger_read(ledf, &led, err, sizeof(err));
	if (n <= 0)
		fail_msg("%s: %s", scn, err);
	acc = calloc((size_t)n, sizeof(*acc));
	assert_non_null(acc);
	p = pcap_open_offline(pcapf, ebuf);
	if (p == NULL)
		fail_msg("%s", ebuf);
	assert_int_equal(pcap_datalink(p), DLT_EN10MB);
	while ((r = pcap_next_ex(p, &h, &data)) == 1) {
		int64_t ts = (int64_t)h->ts.tv_sec * 1000000 + h->ts.tv_usec;

		frames++;
		assert_int_equal(h->caplen, h->len);
		assert_int_equal(pkt_parse(DLT_EN10MB, data, h->caplen, &k),
		    PKT_OK);
		assert_int_equal(h->len, 14 + k.l3_len);
		for (i = 0; i < n; i++)
			if (same_dir(&led[i], &k) &&
			    (acc[i].packets == 0 || acc[i].last <= ts) &&
			    ts >= led[i].first_us && ts <= led[i].last_us)
				break;
		if (i == n)
			fail_msg("%s: frame %llu matches no ledger line", scn,
			    (unsigned long long)frames);
		if (acc[i].packets == 0)
			acc[i].first = ts;
		acc[i].last = ts;
		acc[i].packets++;
		acc[i].octets += k.l3_len;
	}
	assert_int_equal(r, PCAP_ERROR_BREAK);
	pcap_close(p);
	assert_true(frames == st.packets);
	for (i = 0; i < n; i++) {
		if (acc[i].packets != led[i].packets ||
		    acc[i].octets != led[i].octets ||
		    acc[i].first != led[i].first_us ||
		    acc[i].last != led[i].last_us)
			fail_msg("%s: ledger line %ld (session %u %s): %llu "
			    "packets %llu octets, pcap %llu %llu", scn, i + 1,
			    led[i].session, led[i].rev ? "rev" : "fwd",
			    (unsigned long long)led[i].packets,
			    (unsigned long long)led[i].octets,
			    (unsigned long long)acc[i].packets,
			    (unsigned long long)acc[i].octets);
	}
	check_expects(&s, led, n, scn);
	free(acc);
	free(led);
	scn_free(&s);
	unlink(pcapf);
	unlink(ledf);
}

static void
test_gen_pcap_recount(void **state)
{
	char dir[] = "/tmp/test_gen_pcap.XXXXXX";
	glob_t g;
	size_t i;

	assert_non_null(mkdtemp(dir));
	assert_int_equal(glob("scenarios/lang-*.scn", 0, NULL, &g), 0);
	assert_true(g.gl_pathc >= 20);
	for (i = 0; i < g.gl_pathc; i++)
		recount(g.gl_pathv[i], dir);
	globfree(&g);
	rmdir(dir);
}

/* The recount catches a ledger that is off by one packet. */
static void
test_gen_pcap_catches_wrong_ledger(void **state)
{
	struct ledger_ent e = { 0 };
	struct pkt k;
	static const uint8_t a[4] = { 198, 18, 1, 2 }, b[4] = { 198, 18, 2, 2 };

	memset(&k, 0, sizeof(k));
	e.proto = k.proto = IPPROTO_UDP;
	addr_set4(&e.src, a);
	addr_set4(&e.dst, b);
	k.src = e.src;
	k.dst = e.dst;
	e.sport = k.sport = 1;
	e.dport = k.dport = 2;
	assert_true(same_dir(&e, &k));
	k.dport = 3;
	assert_false(same_dir(&e, &k));
	assert_true(within(100, 5, 105));
	assert_false(within(100, 5, 106));
	assert_false(within(8, 0, 9));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_gen_pcap_recount),
		cmocka_unit_test(test_gen_pcap_catches_wrong_ledger),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
