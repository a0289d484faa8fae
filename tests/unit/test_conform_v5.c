/*
 * test_conform_v5.c: the NetFlow v5 rules, each with a datagram that
 * carries exactly that defect, and clean streams that yield nothing.
 */
#include "conform_test.h"

#define ENG	1	/* engine 1/1: not pflow, RFC-style rules only */
#define R0	24	/* offset of the first record */

static void
test_v5_clean_stream(void **state)
{
	struct tctx *t = tctx_new(NULL, 0);
	struct v5rec r = v5rec_ok();
	struct bld b;

	v5_msg(&b, 0, ENG, &r, 2);
	feed(t, &b);
	v5_msg(&b, 2, ENG, &r, 30);
	feed(t, &b);
	v5_msg(&b, 32, ENG, &r, 1);
	assert_int_equal(feed(t, &b), DEC_OK);
	expect_none(t);
	assert_int_equal(t->recs, 33);
	tctx_free(t);
}

static void
test_v5_length(void **state)
{
	struct tctx *t = tctx_new(NULL, 0);
	struct v5rec r = v5rec_ok();
	struct bld b;

	v5_msg(&b, 0, ENG, &r, 2);
	b.n -= 48;		/* count 2, one record */
	feed(t, &b);
	expect_one(t, "V5-LENGTH", 0, 2, "120", "72");
	t->n = 0;
	v5_msg(&b, 2, ENG, &r, 1);
	b.n += 5;		/* trailing garbage */
	feed(t, &b);
	expect_one(t, "V5-LENGTH", 1, 2, "72", "77");
	t->n = 0;
	memset(&b, 0, sizeof(b));
	b16(&b, 5);
	b.n = 20;		/* shorter than the header */
	feed(t, &b);
	expect_one(t, "V5-LENGTH", 2, 0, ">= 24", "20");
	tctx_free(t);
}

static void
test_v5_count(void **state)
{
	struct tctx *t = tctx_new(NULL, 0);
	struct v5rec r = v5rec_ok();
	struct bld b;

	v5_msg(&b, 0, ENG, &r, 0);
	feed(t, &b);
	expect_one(t, "V5-COUNT", 0, 2, "1..30", "0");
	t->n = 0;
	v5_msg(&b, 0, ENG, &r, 31);
	feed(t, &b);
	expect_one(t, "V5-COUNT", 1, 2, "1..30", "31");
	tctx_free(t);
}

static void
test_v5_seq_gap(void **state)
{
	struct tctx *t = tctx_new(NULL, 0);
	struct v5rec r = v5rec_ok();
	struct bld b;

	v5_msg(&b, 100, ENG, &r, 2);
	feed(t, &b);
	v5_msg(&b, 105, ENG, &r, 1);
	feed(t, &b);
	expect_one(t, "V5-SEQ", 1, 16, "102", "105");
	assert_non_null(strstr(t->f[0].msg, "3 records lost"));
	tctx_free(t);
}

static void
test_v5_seq_dup(void **state)
{
	struct tctx *t = tctx_new(NULL, 0);
	struct v5rec r = v5rec_ok();
	struct bld b;

	v5_msg(&b, 0, ENG, &r, 2);
	feed(t, &b);
	v5_msg(&b, 2, ENG, &r, 1);
	feed(t, &b);
	feed(t, &b);
	expect_one(t, "V5-SEQ-DUP", 2, 16, "3", "2");
	tctx_free(t);
}

static void
test_v5_seq_reorder(void **state)
{
	struct tctx *t = tctx_new(NULL, 0);
	struct v5rec r = v5rec_ok();
	struct bld b;

	v5_msg(&b, 0, ENG, &r, 2);
	feed(t, &b);
	v5_msg(&b, 4, ENG, &r, 1);	/* 2..3 missing */
	feed(t, &b);
	v5_msg(&b, 2, ENG, &r, 2);	/* ... and here they come */
	feed(t, &b);
	v5_msg(&b, 5, ENG, &r, 1);
	feed(t, &b);
	assert_int_equal(t->n, 2);
	expect_at(t, 0, "V5-SEQ", 1, 16, "2", "4");
	expect_at(t, 1, "V5-SEQ-REORDER", 2, 16, "5", "2");
	tctx_free(t);
}

static void
test_v5_seq_reset(void **state)
{
	struct tctx *t = tctx_new(NULL, 0);
	struct v5rec r = v5rec_ok();
	struct bld b;

	v5_msg(&b, 1000, ENG, &r, 2);
	feed(t, &b);
	v5_msg(&b, 0, ENG, &r, 1);
	feed(t, &b);
	v5_msg(&b, 1, ENG, &r, 1);
	feed(t, &b);
	expect_one(t, "V5-SEQ-RESET", 1, 16, "1002", "0");
	tctx_free(t);
}

/* A little behind, before anything seen: late, not a restart. */
static void
test_v5_seq_late_untracked(void **state)
{
	struct tctx *t = tctx_new(NULL, 0);
	struct v5rec r = v5rec_ok();
	struct bld b;

	v5_msg(&b, 100, ENG, &r, 2);
	feed(t, &b);
	v5_msg(&b, 98, ENG, &r, 2);
	feed(t, &b);
	v5_msg(&b, 102, ENG, &r, 1);
	feed(t, &b);
	expect_one(t, "V5-SEQ-REORDER", 1, 16, "102", "98");
	tctx_free(t);
}

static void
test_v5_seq_wraps(void **state)
{
	struct tctx *t = tctx_new(NULL, 0);
	struct v5rec r = v5rec_ok();
	struct bld b;

	v5_msg(&b, 0xfffffffeu, ENG, &r, 3);
	feed(t, &b);
	v5_msg(&b, 1, ENG, &r, 1);
	feed(t, &b);
	expect_none(t);
	tctx_free(t);
}

/* Streams are per exporter port and per engine: no cross-talk. */
static void
test_v5_seq_per_exporter(void **state)
{
	struct tctx *t = tctx_new(NULL, 0);
	struct v5rec r = v5rec_ok();
	struct bld b;

	v5_msg(&b, 0, ENG, &r, 2);
	feed(t, &b);
	v5_msg(&b, 500, ENG + 1, &r, 2);	/* other engine */
	feed(t, &b);
	t->exp.port++;
	v5_msg(&b, 900, ENG, &r, 2);		/* other port */
	feed(t, &b);
	t->exp.port--;
	v5_msg(&b, 2, ENG, &r, 2);
	feed(t, &b);
	expect_none(t);
	tctx_free(t);
}

/* The records of a datagram with a broken header are not judged. */
static void
test_v5_malformed_records_unchecked(void **state)
{
	struct tctx *t = tctx_new(NULL, 0);
	struct v5rec r = v5rec_ok();
	struct bld b;

	r.first = 99000;
	r.last = 1000;
	v5_msg(&b, 0, ENG, &r, 31);
	b.b[R0 + 36] = 1;
	feed(t, &b);
	expect_one(t, "V5-COUNT", 0, 2, "1..30", "31");
	assert_int_equal(t->recs, 31);	/* still delivered to the caller */
	tctx_free(t);
}

static void
test_v5_time_order(void **state)
{
	struct tctx *t = tctx_new(NULL, 0);
	struct v5rec r = v5rec_ok();
	struct bld b;

	r.first = 90000;
	r.last = 50000;
	v5_msg(&b, 0, ENG, &r, 1);
	feed(t, &b);
	expect_one(t, "V5-TIME-ORDER", 0, R0 + 24, "<= 50000", "90000");
	t->n = 0;
	r = v5rec_ok();
	r.last = 100500;	/* after SysUptime 100000 */
	v5_msg(&b, 1, ENG, &r, 1);
	feed(t, &b);
	expect_one(t, "V5-TIME-ORDER", 1, R0 + 28, "<= 100000", "100500");
	t->n = 0;
	r = v5rec_ok();
	r.first = 100001;
	r.last = 0;		/* Last unknown: First still <= SysUptime */
	v5_msg(&b, 2, ENG, &r, 1);
	feed(t, &b);
	expect_one(t, "V5-TIME-ORDER", 2, R0 + 24, "<= 100000", "100001");
	tctx_free(t);
}

static void
test_v5_time_wrap_and_zero(void **state)
{
	struct tctx *t = tctx_new(NULL, 0);
	struct v5rec r = v5rec_ok();
	struct bld b;

	/* SysUptime 100000 just after the 2^32 wrap, First before it */
	r.first = 0xfffff000u;
	r.last = 1000;
	v5_msg(&b, 0, ENG, &r, 1);
	feed(t, &b);
	r.first = 0;		/* creation unknown */
	r.last = 90000;
	v5_msg(&b, 1, ENG, &r, 1);
	feed(t, &b);
	r.first = 90000;
	r.last = 0;		/* expire unknown */
	v5_msg(&b, 2, ENG, &r, 1);
	feed(t, &b);
	expect_none(t);
	tctx_free(t);
}

static void
test_v5_reserved(void **state)
{
	struct tctx *t = tctx_new(NULL, 0);
	struct v5rec r = v5rec_ok();
	struct bld b;

	v5_msg(&b, 0, ENG, &r, 2);
	b.b[R0 + 48 + 36] = 7;		/* pad1 of record 2 */
	feed(t, &b);
	expect_one(t, "V5-RESERVED", 0, R0 + 48 + 36, "0", "7");
	t->n = 0;
	v5_msg(&b, 2, ENG, &r, 1);
	put16(b.b + R0 + 46, 0x0101);	/* pad2 */
	feed(t, &b);
	expect_one(t, "V5-RESERVED", 1, R0 + 46, "0", "257");
	tctx_free(t);
}

static void
test_v5_export_time(void **state)
{
	struct tctx *t = tctx_new(NULL, 0);
	struct v5rec r = v5rec_ok();
	struct bld b;

	v5_msg(&b, 0, ENG, &r, 1);
	put32(b.b + 8, 0);
	feed(t, &b);
	expect_one(t, "V5-EXPORT-TIME", 0, 8, "> 0", "0");
	t->n = 0;
	v5_msg(&b, 1, ENG, &r, 1);
	put32(b.b + 8, 900000000);	/* 1998 */
	feed(t, &b);
	expect_one(t, "V5-EXPORT-TIME", 1, 8, ">= 946684800", "900000000");
	t->n = 0;
	t->arrival_us = (int64_t)(T_NOW - 3600) * 1000000;
	v5_msg(&b, 2, ENG, &r, 1);	/* an hour after it arrived */
	feed(t, &b);
	expect_one(t, "V5-EXPORT-TIME", 2, 8, "<= 1764236700", "1764240000");
	t->n = 0;
	t->arrival_us = (int64_t)(T_NOW + 2) * 1000000;
	v5_msg(&b, 3, ENG, &r, 1);
	feed(t, &b);
	expect_none(t);
	tctx_free(t);
}

static void
test_v5_version(void **state)
{
	struct tctx *t = tctx_new(NULL, 0);
	struct v5rec r = v5rec_ok();
	struct bld b;

	v5_msg(&b, 0, ENG, &r, 1);
	put16(b.b, 7);
	assert_int_equal(feed(t, &b), DEC_E_VERSION);
	expect_one(t, "DGRAM-VERSION", 0, 0, "5, 9 or 10", "7");
	t->n = 0;
	b.n = 1;
	feed(t, &b);
	expect_one(t, "DGRAM-VERSION", 1, 0, NULL, NULL);
	tctx_free(t);
}

struct stats_col {
	struct conform_stats s[4];
	int n;
};

static void
stats_cb(void *arg, const struct conform_stats *st)
{
	struct stats_col *sc = arg;

	if (sc->n < 4)
		sc->s[sc->n] = *st;
	sc->n++;
}

static void
test_v5_stats(void **state)
{
	struct tctx *t = tctx_new(NULL, 0);
	struct v5rec r = v5rec_ok();
	struct stats_col sc = { .n = 0 };
	struct bld b;

	v5_msg(&b, 0, ENG, &r, 2);
	feed(t, &b);
	v5_msg(&b, 7, ENG, &r, 3);	/* 5 lost */
	feed(t, &b);
	feed(t, &b);			/* duplicate */
	expect_at(t, 0, "V5-SEQ", 1, 16, "2", "7");
	expect_at(t, 1, "V5-SEQ-DUP", 2, 16, "10", "7");
	t->exp.port++;
	v5_msg(&b, 0, ENG, &r, 1);	/* a second exporter */
	feed(t, &b);
	assert_int_equal(t->n, 2);
	conform_foreach(t->c, stats_cb, &sc);
	assert_int_equal(sc.n, 2);
	assert_int_equal(sc.s[0].exp.port, 40000);
	assert_int_equal(sc.s[0].version, 5);
	assert_int_equal(sc.s[0].engine, ENG << 8 | ENG);
	assert_int_equal(sc.s[0].datagrams, 3);
	assert_int_equal(sc.s[0].records, 8);
	assert_int_equal(sc.s[0].seq_gaps, 1);
	assert_int_equal(sc.s[0].lost, 5);
	assert_int_equal(sc.s[0].dups, 1);
	assert_null(sc.s[0].layout);
	assert_int_equal(sc.s[1].exp.port, 40001);
	assert_int_equal(sc.s[1].datagrams, 1);
	assert_int_equal(sc.s[1].records, 1);
	assert_int_equal(sc.s[1].lost, 0);
	tctx_free(t);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_v5_clean_stream),
		cmocka_unit_test(test_v5_length),
		cmocka_unit_test(test_v5_count),
		cmocka_unit_test(test_v5_seq_gap),
		cmocka_unit_test(test_v5_seq_dup),
		cmocka_unit_test(test_v5_seq_reorder),
		cmocka_unit_test(test_v5_seq_reset),
		cmocka_unit_test(test_v5_seq_late_untracked),
		cmocka_unit_test(test_v5_seq_wraps),
		cmocka_unit_test(test_v5_malformed_records_unchecked),
		cmocka_unit_test(test_v5_seq_per_exporter),
		cmocka_unit_test(test_v5_time_order),
		cmocka_unit_test(test_v5_time_wrap_and_zero),
		cmocka_unit_test(test_v5_reserved),
		cmocka_unit_test(test_v5_export_time),
		cmocka_unit_test(test_v5_version),
		cmocka_unit_test(test_v5_stats),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
