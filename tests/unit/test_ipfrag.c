/*
 * test_ipfrag.c: fragment reassembly in order, out of order, with
 * duplicate and conflicting overlaps, at the timeout, at the end of the
 * input, over 65535 octets, cut by the snap length, and over the memory
 * limit; each failure is reported once with its reason.
 */
#include <sys/socket.h>
#include <netinet/in.h>

#include <pcap/dlt.h>

#include "testutil.h"

#include "cursor.h"
#include "ipfrag.h"
#include "pkt.h"

static uint8_t seg[4096];		/* the transport segment to split */

struct fails {
	int		 n;
	enum ipfrag_why	 why[8];
	size_t		 have[8];
	size_t		 need[8];
	uint16_t	 dport[8];
};

static void
on_fail(void *arg, const struct ipfrag_fail *f)
{
	struct fails *fl = arg;

	if (fl->n < 8) {
		fl->why[fl->n] = f->why;
		fl->have[fl->n] = f->have;
		fl->need[fl->n] = f->need;
		fl->dport[fl->n] = f->dport;
	}
	fl->n++;
}

static void
fill_seg(void)
{
	size_t i;

	for (i = 0; i < sizeof(seg); i++)
		seg[i] = (uint8_t)(i * 13 + 5);
	/* a UDP header: 40000 -> 4739 */
	put16(seg, 40000);
	put16(seg + 2, 4739);
	put16(seg + 4, 0);
	put16(seg + 6, 0);
}

/*
 * One IPv4 fragment of seg: [off, off+n), id, more.  The frame is built
 * in buf and parsed into p; caplen may cut it (0 = whole).
 */
static void
frag4(uint8_t *buf, struct pkt *p, size_t off, size_t n, uint16_t id,
    int more, size_t caplen)
{
	memset(buf, 0, 20);
	buf[0] = 0x45;
	put16(buf + 2, (uint16_t)(20 + n));
	put16(buf + 4, id);
	put16(buf + 6, (uint16_t)((off / 8) | (more ? 0x2000 : 0)));
	buf[8] = 64;
	buf[9] = IPPROTO_UDP;
	buf[12] = 198; buf[13] = 18; buf[14] = 0; buf[15] = 1;
	buf[16] = 198; buf[17] = 18; buf[18] = 0; buf[19] = 2;
	memcpy(buf + 20, seg + off, n);
	assert_int_equal(pkt_parse(DLT_RAW, buf, caplen ? caplen : 20 + n, p),
	    PKT_OK);
	assert_true(p->frag & PKT_FRAG);
}

static void
frag6(uint8_t *buf, struct pkt *p, size_t off, size_t n, uint32_t id,
    int more)
{
	memset(buf, 0, 48);
	buf[0] = 0x60;
	put16(buf + 4, (uint16_t)(8 + n));
	buf[6] = 44;
	buf[7] = 64;
	buf[8] = 0x20; buf[9] = 0x01; buf[10] = 0x0d; buf[11] = 0xb8;
	buf[23] = 1;
	buf[24] = 0x20; buf[25] = 0x01; buf[26] = 0x0d; buf[27] = 0xb8;
	buf[39] = 2;
	buf[40] = IPPROTO_UDP;
	put16(buf + 42, (uint16_t)((off & 0xfff8) | (more ? 1 : 0)));
	put32(buf + 44, id);
	memcpy(buf + 48, seg + off, n);
	assert_int_equal(pkt_parse(DLT_RAW, buf, 48 + n, p), PKT_OK);
	assert_true(p->frag & PKT_FRAG);
}

static void
test_ipfrag_in_order(void **state)
{
	uint8_t buf[2048];
	struct pkt p;
	struct ipfrag_done d;
	struct fails fl = { 0 };
	struct ipfrag *f = ipfrag_new(NULL, on_fail, &fl);

	fill_seg();
	frag4(buf, &p, 0, 1000, 7, 1, 0);
	assert_int_equal(ipfrag_add(f, &p, 100, 0, &d), IPFRAG_HELD);
	frag4(buf, &p, 1000, 1000, 7, 1, 0);
	assert_int_equal(ipfrag_add(f, &p, 101, 1, &d), IPFRAG_HELD);
	frag4(buf, &p, 2000, 555, 7, 0, 0);
	assert_int_equal(ipfrag_add(f, &p, 102, 2, &d), IPFRAG_DONE);
	assert_int_equal(d.len, 2555);
	assert_memory_equal(d.data, seg, 2555);
	assert_int_equal(d.nfrags, 3);
	assert_true(d.first_us == 100);
	assert_int_equal(d.first_frame, 0);
	assert_int_equal(d.proto, IPPROTO_UDP);
	assert_int_equal(ipfrag_pending(f), 0);
	assert_int_equal(ipfrag_bytes(f), 0);
	ipfrag_flush(f);
	assert_int_equal(fl.n, 0);
	ipfrag_free(f);
}

static void
test_ipfrag_out_of_order_with_duplicate(void **state)
{
	uint8_t buf[2048];
	struct pkt p;
	struct ipfrag_done d;
	struct fails fl = { 0 };
	struct ipfrag *f = ipfrag_new(NULL, on_fail, &fl);

	fill_seg();
	frag4(buf, &p, 2000, 555, 9, 0, 0);
	assert_int_equal(ipfrag_add(f, &p, 1, 0, &d), IPFRAG_HELD);
	frag4(buf, &p, 1000, 1000, 9, 1, 0);
	assert_int_equal(ipfrag_add(f, &p, 2, 1, &d), IPFRAG_HELD);
	/* the same fragment again: agreeing overlap is fine */
	frag4(buf, &p, 1000, 1000, 9, 1, 0);
	assert_int_equal(ipfrag_add(f, &p, 3, 2, &d), IPFRAG_HELD);
	/* a different datagram (other id) interleaved */
	frag4(buf, &p, 0, 8, 10, 1, 0);
	assert_int_equal(ipfrag_add(f, &p, 3, 3, &d), IPFRAG_HELD);
	assert_int_equal(ipfrag_pending(f), 2);
	frag4(buf, &p, 0, 1000, 9, 1, 0);
	assert_int_equal(ipfrag_add(f, &p, 4, 4, &d), IPFRAG_DONE);
	assert_int_equal(d.len, 2555);
	assert_memory_equal(d.data, seg, 2555);
	assert_int_equal(d.id, 9);
	assert_int_equal(ipfrag_pending(f), 1);
	ipfrag_flush(f);
	assert_int_equal(fl.n, 1);
	assert_int_equal(fl.why[0], IPFRAG_W_END);
	assert_int_equal(fl.have[0], 8);
	assert_int_equal(fl.need[0], 0);
	assert_int_equal(fl.dport[0], 4739);
	ipfrag_free(f);
}

static void
test_ipfrag_overlap_conflict(void **state)
{
	uint8_t buf[2048];
	struct pkt p;
	struct ipfrag_done d;
	struct fails fl = { 0 };
	struct ipfrag *f = ipfrag_new(NULL, on_fail, &fl);

	fill_seg();
	frag4(buf, &p, 0, 1000, 11, 1, 0);
	assert_int_equal(ipfrag_add(f, &p, 1, 0, &d), IPFRAG_HELD);
	/* overlaps [800, 1000) with one byte changed */
	frag4(buf, &p, 800, 1000, 11, 0, 0);
	buf[20 + 100] ^= 0xff;
	assert_int_equal(ipfrag_add(f, &p, 2, 1, &d), IPFRAG_DROP);
	assert_int_equal(fl.n, 1);
	assert_int_equal(fl.why[0], IPFRAG_W_OVERLAP);
	/* later fragments of the dead datagram are absorbed silently */
	frag4(buf, &p, 1000, 800, 11, 0, 0);
	assert_int_equal(ipfrag_add(f, &p, 3, 2, &d), IPFRAG_DROP);
	ipfrag_flush(f);
	assert_int_equal(fl.n, 1);
	ipfrag_free(f);
}

static void
test_ipfrag_timeout(void **state)
{
	uint8_t buf[2048];
	struct pkt p;
	struct ipfrag_done d;
	struct fails fl = { 0 };
	struct ipfrag_limits lim = { 5000000, 0, 0 };
	struct ipfrag *f = ipfrag_new(&lim, on_fail, &fl);

	fill_seg();
	frag4(buf, &p, 0, 1000, 12, 1, 0);
	assert_int_equal(ipfrag_add(f, &p, 1000000, 0, &d), IPFRAG_HELD);
	ipfrag_expire(f, 6000000);		/* exactly 5 s: still there */
	assert_int_equal(fl.n, 0);
	/* the last fragment 5.000001 s later: the first one is gone */
	frag4(buf, &p, 1000, 100, 12, 0, 0);
	assert_int_equal(ipfrag_add(f, &p, 6000001, 1, &d), IPFRAG_HELD);
	assert_int_equal(fl.n, 1);
	assert_int_equal(fl.why[0], IPFRAG_W_TIMEOUT);
	assert_int_equal(fl.have[0], 1000);
	ipfrag_expire(f, 20000000);
	assert_int_equal(fl.n, 2);
	assert_int_equal(fl.why[1], IPFRAG_W_TIMEOUT);
	assert_int_equal(fl.need[1], 1100);
	assert_int_equal(ipfrag_pending(f), 0);
	ipfrag_free(f);
}

static void
test_ipfrag_too_big(void **state)
{
	uint8_t buf[2048];
	struct pkt p;
	struct ipfrag_done d;
	struct fails fl = { 0 };
	struct ipfrag *f = ipfrag_new(NULL, on_fail, &fl);

	fill_seg();
	frag4(buf, &p, 0, 1000, 13, 1, 0);
	assert_int_equal(ipfrag_add(f, &p, 1, 0, &d), IPFRAG_HELD);
	/* offset 65000 + 1000 octets runs past 65535 */
	frag4(buf, &p, 0, 1000, 13, 1, 0);
	put16(buf + 6, 65000 / 8);
	assert_int_equal(pkt_parse(DLT_RAW, buf, 1020, &p), PKT_OK);
	assert_int_equal(ipfrag_add(f, &p, 2, 1, &d), IPFRAG_DROP);
	assert_int_equal(fl.n, 1);
	assert_int_equal(fl.why[0], IPFRAG_W_TOOBIG);
	ipfrag_free(f);
}

static void
test_ipfrag_snaplen_cut(void **state)
{
	uint8_t buf[2048];
	struct pkt p;
	struct ipfrag_done d;
	struct fails fl = { 0 };
	struct ipfrag *f = ipfrag_new(NULL, on_fail, &fl);

	fill_seg();
	frag4(buf, &p, 0, 1000, 14, 1, 96);
	assert_int_equal(ipfrag_add(f, &p, 1, 0, &d), IPFRAG_DROP);
	assert_int_equal(fl.n, 1);
	assert_int_equal(fl.why[0], IPFRAG_W_TRUNC);
	ipfrag_free(f);
}

static void
test_ipfrag_bad_lengths(void **state)
{
	uint8_t buf[2048];
	struct pkt p;
	struct ipfrag_done d;
	struct fails fl = { 0 };
	struct ipfrag *f = ipfrag_new(NULL, on_fail, &fl);

	fill_seg();
	/* a non-final fragment whose length is not a multiple of 8 */
	frag4(buf, &p, 0, 1001, 15, 1, 0);
	assert_int_equal(ipfrag_add(f, &p, 1, 0, &d), IPFRAG_DROP);
	assert_int_equal(fl.why[0], IPFRAG_W_BADLEN);
	/* data beyond a final fragment */
	frag4(buf, &p, 800, 800, 16, 0, 0);
	assert_int_equal(ipfrag_add(f, &p, 1, 1, &d), IPFRAG_HELD);
	frag4(buf, &p, 1600, 800, 16, 1, 0);
	assert_int_equal(ipfrag_add(f, &p, 1, 2, &d), IPFRAG_DROP);
	assert_int_equal(fl.n, 2);
	assert_int_equal(fl.why[1], IPFRAG_W_BADLEN);
	ipfrag_free(f);
}

static void
test_ipfrag_memory_limit(void **state)
{
	uint8_t buf[2048];
	struct pkt p;
	struct ipfrag_done d;
	struct fails fl = { 0 };
	struct ipfrag_limits lim = { 0, 2, 0 };
	struct ipfrag *f = ipfrag_new(&lim, on_fail, &fl);
	uint16_t id;

	fill_seg();
	for (id = 20; id < 23; id++) {
		frag4(buf, &p, 0, 1000, id, 1, 0);
		assert_int_equal(ipfrag_add(f, &p, id, id, &d), IPFRAG_HELD);
	}
	/* the third datagram evicted the first */
	assert_int_equal(ipfrag_pending(f), 2);
	assert_int_equal(fl.n, 1);
	assert_int_equal(fl.why[0], IPFRAG_W_MEMORY);
	assert_true(ipfrag_bytes(f) <= 2 * 65535);
	ipfrag_free(f);
}

static void
test_ipfrag_ipv6(void **state)
{
	uint8_t buf[2048];
	struct pkt p;
	struct ipfrag_done d;
	struct fails fl = { 0 };
	struct ipfrag *f = ipfrag_new(NULL, on_fail, &fl);

	fill_seg();
	frag6(buf, &p, 1232, 300, 0x01020304, 0);
	assert_int_equal(ipfrag_add(f, &p, 1, 0, &d), IPFRAG_HELD);
	frag6(buf, &p, 0, 1232, 0x01020304, 1);
	assert_int_equal(ipfrag_add(f, &p, 2, 1, &d), IPFRAG_DONE);
	assert_int_equal(d.len, 1532);
	assert_memory_equal(d.data, seg, 1532);
	assert_int_equal(d.src.af, AF_INET6);
	assert_int_equal(d.id, 0x01020304);
	assert_int_equal(fl.n, 0);
	ipfrag_free(f);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ipfrag_in_order),
		cmocka_unit_test(test_ipfrag_out_of_order_with_duplicate),
		cmocka_unit_test(test_ipfrag_overlap_conflict),
		cmocka_unit_test(test_ipfrag_timeout),
		cmocka_unit_test(test_ipfrag_too_big),
		cmocka_unit_test(test_ipfrag_snaplen_cut),
		cmocka_unit_test(test_ipfrag_bad_lengths),
		cmocka_unit_test(test_ipfrag_memory_limit),
		cmocka_unit_test(test_ipfrag_ipv6),
	};

	return cmocka_run_group_tests_name("ipfrag", tests, NULL, NULL);
}
