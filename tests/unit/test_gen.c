/*
 * test_gen.c: the generator, in memory.  Small scenarios are played and
 * every frame decoded with lib/pkt.h into text that must equal the
 * golden tests/golden/gen/NAME.pkts (UPDATE_GOLDEN=1 rewrites them);
 * every checksum is recomputed here, independently of libnet; the same
 * scenario gives the same bytes twice; the ledger lines equal a recount
 * of the frames; MAC addresses say the side.
 */
#include <sys/socket.h>
#include <netinet/in.h>

#include <pcap/dlt.h>

#include "testutil.h"

#include "gen.h"
#include "pkt.h"
#include "scn.h"

static const uint8_t mac_ch[6] = SCN_MAC_CLIENT_HOST;
static const uint8_t mac_gi[6] = SCN_MAC_GW_INSIDE;
static const uint8_t mac_sh[6] = SCN_MAC_SERVER_HOST;
static const uint8_t mac_go[6] = SCN_MAC_GW_OUTSIDE;

struct cap {
	uint8_t		*bytes;		/* all frames, back to back */
	size_t		 len, cap;
	FILE		*text;
	char		*tbuf;
	size_t		 tlen;
	int64_t		 epoch;
	int64_t		 last_ts;
	struct ledger_ent led[64];
	size_t		 nled;
	uint64_t	 frames;
	int		 bad_cksum;
	int		 out_of_order;
};

static uint32_t
sum16(const uint8_t *p, size_t n, uint32_t s)
{
	size_t i;

	for (i = 0; i + 1 < n; i += 2)
		s += (uint32_t)(p[i] << 8 | p[i + 1]);
	if (n & 1)
		s += (uint32_t)(p[n - 1] << 8);
	return s;
}

static uint16_t
fold(uint32_t s)
{
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return (uint16_t)s;
}

/* 1 when every checksum of the frame verifies. */
static int
cksum_ok(const struct pkt *k)
{
	uint32_t s = 0, l4len;
	uint8_t ph[4];

	if (k->src.af == AF_INET) {
		size_t ihl = (size_t)(k->l3[0] & 0x0f) * 4;

		if (fold(sum16(k->l3, ihl, 0)) != 0xffff)
			return 0;
		l4len = k->l3_len - (uint32_t)ihl;
		if (k->proto == IPPROTO_ICMP)
			return fold(sum16(k->l4, l4len, 0)) == 0xffff;
		s = sum16(k->src.a, 4, 0);
		s = sum16(k->dst.a, 4, s);
	} else {
		l4len = k->l3_len - 40;
		s = sum16(k->src.a, 16, 0);
		s = sum16(k->dst.a, 16, s);
	}
	ph[0] = 0;
	ph[1] = k->proto;
	ph[2] = (uint8_t)(l4len >> 8);
	ph[3] = (uint8_t)l4len;
	s = sum16(ph, 4, s);
	return fold(sum16(k->l4, l4len, s)) == 0xffff;
}

static void
flags_str(uint8_t f, char *b)
{
	const char *n = "FSRPAU";
	int i;

	for (i = 0; i < 6; i++)
		if (f & (1 << i))
			*b++ = n[i];
	*b = '\0';
}

static int
cap_frame(void *arg, int64_t ts, const uint8_t *f, uint32_t len)
{
	struct cap *c = arg;
	struct pkt k;
	char s[ADDR_STRLEN], d[ADDR_STRLEN], fl[8];
	const char *side = "?";

	if (c->len + len > c->cap) {
		c->cap = (c->len + len) * 2;
		c->bytes = realloc(c->bytes, c->cap);
		assert_non_null(c->bytes);
	}
	memcpy(c->bytes + c->len, f, len);
	c->len += len;
	c->frames++;
	if (ts < c->last_ts)
		c->out_of_order = 1;
	c->last_ts = ts;
	assert_int_equal(pkt_parse(DLT_EN10MB, f, len, &k), PKT_OK);
	assert_int_equal(k.caplen, len);
	if (memcmp(k.mac_src, mac_ch, 6) == 0 &&
	    memcmp(k.mac_dst, mac_gi, 6) == 0)
		side = "client";
	else if (memcmp(k.mac_src, mac_sh, 6) == 0 &&
	    memcmp(k.mac_dst, mac_go, 6) == 0)
		side = "server";
	if (!cksum_ok(&k))
		c->bad_cksum++;
	addr_fmt(&k.src, s, sizeof(s));
	addr_fmt(&k.dst, d, sizeof(d));
	fprintf(c->text, "%lld.%06lld %s %s %s > %s ",
	    (long long)((ts - c->epoch) / 1000000),
	    (long long)((ts - c->epoch) % 1000000), side,
	    k.src.af == AF_INET ? "ip4" : "ip6", s, d);
	switch (k.proto) {
	case IPPROTO_TCP:
		flags_str(k.tcp_flags, fl);
		fprintf(c->text, "tcp %u > %u [%s] seq %u ack %u win %u",
		    k.sport, k.dport, fl, k.tcp_seq, k.tcp_ack,
		    (unsigned)(k.l4[14] << 8 | k.l4[15]));
		if ((k.l4[12] >> 4) > 5 && k.l4[20] == 2)
			fprintf(c->text, " mss %u",
			    (unsigned)(k.l4[22] << 8 | k.l4[23]));
		break;
	case IPPROTO_UDP:
		fprintf(c->text, "udp %u > %u", k.sport, k.dport);
		break;
	default:
		fprintf(c->text, "icmp type %u code %u id %u seq %u",
		    k.icmp_type, k.icmp_code,
		    (unsigned)(k.l4[4] << 8 | k.l4[5]),
		    (unsigned)(k.l4[6] << 8 | k.l4[7]));
		break;
	}
	fprintf(c->text, " len %zu ip %u tos %u ttl %u", k.payload_wire,
	    k.l3_len, k.tos, k.ttl);
	if (k.src.af == AF_INET)
		fprintf(c->text, " id %u df %d", k.ip_id,
		    (k.l3[6] & 0x40) != 0);
	fprintf(c->text, "\n");
	return 0;
}

static int
cap_ledger(void *arg, const struct ledger_ent *e)
{
	struct cap *c = arg;

	assert_true(c->nled < 64);
	c->led[c->nled++] = *e;
	return 0;
}

static void
run(const char *text, struct cap *c, struct gen_stats *st)
{
	struct scenario s;
	struct gen_sink sink;
	char err[2048];

	memset(c, 0, sizeof(*c));
	if (scn_parse_buf("t.scn", text, strlen(text), &s, err,
	    sizeof(err)) != 0)
		fail_msg("%s", err);
	c->epoch = s.epoch_us;
	c->text = open_memstream(&c->tbuf, &c->tlen);
	assert_non_null(c->text);
	sink.frame = cap_frame;
	sink.ledger = cap_ledger;
	sink.arg = c;
	if (gen_run(&s, &sink, st, err, sizeof(err)) != 0)
		fail_msg("%s", err);
	fclose(c->text);
	scn_free(&s);
}

static void
cap_free(struct cap *c)
{
	free(c->bytes);
	free(c->tbuf);
}

/* Recount the frames per (session direction) by their addresses. */
static void
recount(const struct cap *c, const char *name)
{
	size_t off = 0, i;
	uint64_t pk[64] = { 0 }, oc[64] = { 0 };
	struct pkt k;

	while (off < c->len) {
		uint32_t flen;

		assert_int_equal(pkt_parse(DLT_EN10MB, c->bytes + off,
		    c->len - off, &k), PKT_OK);
		flen = 14 + k.l3_len;
		for (i = 0; i < c->nled; i++) {
			const struct ledger_ent *e = &c->led[i];
			uint16_t sp = k.sport, dp = k.dport;

			if (k.proto == IPPROTO_ICMP ||
			    k.proto == IPPROTO_ICMPV6) {
				/* PF's view: id and type in the port slots */
				uint16_t id = (uint16_t)(k.l4[4] << 8 |
				    k.l4[5]);

				sp = e->rev ? e->sport : id;
				dp = e->rev ? id : e->dport;
				if ((k.icmp_type == 0 || k.icmp_type == 129) !=
				    e->rev)
					continue;
			}
			if (addr_cmp(&e->src, &k.src) == 0 &&
			    addr_cmp(&e->dst, &k.dst) == 0 &&
			    e->sport == sp && e->dport == dp &&
			    e->proto == k.proto)
				break;
		}
		if (i == c->nled)
			fail_msg("a frame with no ledger line");
		pk[i]++;
		oc[i] += k.l3_len;
		off += flen;
	}
	for (i = 0; i < c->nled; i++)
		if (pk[i] != c->led[i].packets || oc[i] != c->led[i].octets)
			fail_msg("%s: ledger line %zu says %llu packets %llu "
			    "octets, the frames %llu %llu", name, i,
			    (unsigned long long)c->led[i].packets,
			    (unsigned long long)c->led[i].octets,
			    (unsigned long long)pk[i],
			    (unsigned long long)oc[i]);
}

static const struct {
	const char *name;
	const char *text;
} cases[] = {
	{ "tcp-fin", "at 0s tcp 198.18.1.2:40000 > 198.18.2.2:80 connect; "
	    "send 3x1000; recv 2x1448 gap 5ms; close fin\n" },
	{ "tcp-fin-peer", "tcp 198.18.1.2:40000 > 198.18.2.2:80 connect; "
	    "send 1x10; close fin peer\n" },
	{ "tcp-halfclose", "tcp 198.18.1.2:40000 > 198.18.2.2:80 connect; "
	    "shut; recv 2x100; close fin\n" },
	{ "tcp-rst", "tcp 198.18.1.2:40000 > 198.18.2.2:80 connect; "
	    "rst\ntcp 198.18.1.2:40001 > 198.18.2.2:80 connect; "
	    "recv 1x1; rst peer\n" },
	{ "tcp-syn", "tcp 198.18.1.2:40000 > 198.18.2.2:80 syn 3\n" },
	{ "tcp-idle", "tcp 198.18.1.2:40000 > 198.18.2.2:80 connect; "
	    "idle 1m; send 1x1; idle 5s; idle 5s\n" },
	{ "tcp6", "tcp [2001:db8:1::2]:40000 > [2001:db8:2::2]:80 tos 8 "
	    "connect; send 1x100; close fin\n" },
	{ "udp", "udp 198.18.1.2:5353 > 198.18.2.2:53 send 2x0 gap 10ms; "
	    "recv 1x120\nat 1s udp [2001:db8:1::2]:1 > [2001:db8:2::2]:2 "
	    "send 1x7\n" },
	{ "icmp", "icmp 198.18.1.2 > 198.18.2.2 id 9 ping 2x8 gap 100ms\n"
	    "icmp6 2001:db8:1::2 > 2001:db8:2::2 ping 2x8 noreply\n" },
	{ "repeat", "at 0s repeat 3 every 500us sport +7 src +1 "
	    "udp 198.18.1.250:65530 > 198.18.2.2:53 send 1x1; recv 1x2\n" },
	{ "server-side", "host web 198.18.2.2 server\n"
	    "tcp web:1000 > 198.18.1.2:22 connect; close rst peer\n" },
	{ "nat", "nat-to 198.18.2.1 port 60000:60009\n"
	    "repeat 3 udp 198.18.1.2:7 > 198.18.3.3:8 send 1; recv 1\n"
	    "icmp 198.18.1.2 > 198.18.3.3 id 5 ping 1\n" },
	{ "both", "udp 198.18.1.2:1 > 198.18.2.2:2 both 2x10 gap 5ms\n"
	    "at 1s tcp 198.18.1.2:3 > 198.18.2.2:4 connect; both 2x20; "
	    "shut peer; send 1x5; close fin\n" },
	{ "nat-first-packet", "nat-to 198.18.9.1 port 5000:5009\n"
	    "at 0s udp 198.18.1.2:1 > 198.18.2.2:2 idle 5s; send 1; recv 1\n"
	    "at 1s udp 198.18.1.2:3 > 198.18.2.2:2 send 1; recv 1\n" },
	{ "rdr", "rdr-to 198.18.2.1:80 -> 198.18.1.80:8080\n"
	    "tcp 198.18.3.3:1234 > 198.18.2.1:80 connect; close fin\n" },
};

static void
test_gen_goldens(void **state)
{
	struct cap c, c2;
	struct gen_stats st, st2;
	char path[256];
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		run(cases[i].text, &c, &st);
		if (c.bad_cksum != 0)
			fail_msg("%s: %d bad checksums", cases[i].name,
			    c.bad_cksum);
		assert_int_equal(c.out_of_order, 0);
		assert_true(st.packets == c.frames);
		snprintf(path, sizeof(path), "tests/golden/gen/%s.pkts",
		    cases[i].name);
		test_golden(path, c.tbuf);
		recount(&c, cases[i].name);
		/* same scenario, same bytes */
		run(cases[i].text, &c2, &st2);
		assert_int_equal(c.len, c2.len);
		assert_memory_equal(c.bytes, c2.bytes, c.len);
		assert_int_equal(c.nled, c2.nled);
		assert_memory_equal(c.led, c2.led, c.nled * sizeof(c.led[0]));
		cap_free(&c);
		cap_free(&c2);
	}
}

/* A different seed changes the ISNs and nothing about the ledger. */
static void
test_gen_seed(void **state)
{
	struct cap a, b;
	struct gen_stats st;
	const char *t1 = "seed 1\ntcp 198.18.1.2:1 > 198.18.2.2:2 connect\n";
	const char *t2 = "seed 2\ntcp 198.18.1.2:1 > 198.18.2.2:2 connect\n";
	size_t i;

	run(t1, &a, &st);
	run(t2, &b, &st);
	assert_int_equal(a.len, b.len);
	assert_memory_not_equal(a.bytes, b.bytes, a.len);
	for (i = 0; i < a.nled; i++) {
		assert_true(a.led[i].packets == b.led[i].packets);
		assert_true(a.led[i].octets == b.led[i].octets);
	}
	cap_free(&a);
	cap_free(&b);
}

/* The checker itself: a flipped byte is a bad checksum. */
static void
test_gen_cksum_checker(void **state)
{
	struct cap c;
	struct gen_stats st;
	struct pkt k;

	run("tcp 198.18.1.2:1 > 198.18.2.2:2 connect; send 1x10\n"
	    "udp 198.18.1.2:1 > 198.18.2.2:2 send 1x10\n"
	    "icmp 198.18.1.2 > 198.18.2.2 ping 1\n", &c, &st);
	assert_int_equal(pkt_parse(DLT_EN10MB, c.bytes, c.len, &k), PKT_OK);
	assert_true(cksum_ok(&k));
	c.bytes[14 + 20 + 4] ^= 0x01;	/* TCP sequence number */
	assert_int_equal(pkt_parse(DLT_EN10MB, c.bytes, c.len, &k), PKT_OK);
	assert_false(cksum_ok(&k));
	c.bytes[14 + 20 + 4] ^= 0x01;
	c.bytes[14 + 8] ^= 0x01;	/* IPv4 TTL */
	assert_int_equal(pkt_parse(DLT_EN10MB, c.bytes, c.len, &k), PKT_OK);
	assert_false(cksum_ok(&k));
	cap_free(&c);
}

/* Time order across interleaved sessions; how each session ended. */
static void
test_gen_order_and_ends(void **state)
{
	struct cap c;
	struct gen_stats st;
	size_t i;
	const char *want[] = { "unanswered", "oneway", "fin", "rst", "open",
	    "done", "unanswered" };

	run("at 0s tcp 198.18.1.2:1 > 198.18.2.2:2 syn\n"
	    "at 0s udp 198.18.1.2:1 > 198.18.2.2:2 send 1\n"
	    "at 1ms tcp 198.18.1.2:3 > 198.18.2.2:2 connect; close fin\n"
	    "at 2ms tcp 198.18.1.2:4 > 198.18.2.2:2 connect; rst\n"
	    "at 3ms tcp 198.18.1.2:5 > 198.18.2.2:2 connect\n"
	    "at 4ms icmp 198.18.1.2 > 198.18.2.2 ping 1\n"
	    "at 5ms icmp 198.18.1.2 > 198.18.2.3 ping 1 noreply\n",
	    &c, &st);
	assert_int_equal(c.out_of_order, 0);
	assert_int_equal(c.nled, 11);
	for (i = 0; i < c.nled; i++) {
		assert_string_equal(c.led[i].end, want[c.led[i].session - 1]);
		/* a session's fwd line comes right before its rev line */
		if (c.led[i].rev)
			assert_true(i > 0 && c.led[i - 1].session ==
			    c.led[i].session && !c.led[i - 1].rev);
		/* lines come in the order the sessions ended */
		if (i > 0)
			assert_true(c.led[i - 1].last_us <= c.led[i].last_us ||
			    c.led[i].rev);
	}
	cap_free(&c);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_gen_goldens),
		cmocka_unit_test(test_gen_seed),
		cmocka_unit_test(test_gen_cksum_checker),
		cmocka_unit_test(test_gen_order_and_ends),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
