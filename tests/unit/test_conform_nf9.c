/*
 * test_conform_nf9.c: the NetFlow v9 (RFC 3954) rules, each with a
 * packet that carries exactly that defect, and a clean stream.
 */
#include "conform_test.h"

/* v9 header; count is patched by the caller when it differs. */
static void
v9_hdr(struct bld *b, uint16_t count, uint32_t seq, uint32_t source)
{
	memset(b, 0, sizeof(*b));
	b16(b, 9);
	b16(b, count);
	b32(b, 100000);
	b32(b, T_NOW);
	b32(b, seq);
	b32(b, source);
}

/* Template 256: sourceIPv4Address, destinationIPv4Address. */
static void
v9_tmpl(struct bld *b, uint16_t id)
{
	set_begin(b, 0);
	b16(b, id);
	b16(b, 2);
	b16(b, 8);
	b16(b, 4);
	b16(b, 12);
	b16(b, 4);
	set_end(b);
}

static void
v9_data(struct bld *b, int n)
{
	int i;

	set_begin(b, 256);
	for (i = 0; i < n; i++) {
		b32(b, 0xc6120001);
		b32(b, 0xc6120002);
	}
	set_end(b);
}

/* Packet seq with a template and n data records (count 1 + n). */
static void
v9_pkt(struct bld *b, uint32_t seq, int n)
{
	v9_hdr(b, (uint16_t)(1 + n), seq, 7);
	v9_tmpl(b, 256);
	v9_data(b, n);
}

static void
test_nf9_clean(void **state)
{
	struct tctx *t = tctx_new(NULL, 0);
	struct bld b;

	v9_pkt(&b, 0, 2);
	assert_int_equal(feed(t, &b), DEC_OK);
	v9_hdr(&b, 3, 1, 7);
	v9_data(&b, 3);
	feed(t, &b);
	v9_pkt(&b, 2, 1);
	feed(t, &b);
	expect_none(t);
	assert_int_equal(t->recs, 6);
	tctx_free(t);
}

static void
test_nf9_length(void **state)
{
	struct tctx *t = tctx_new(NULL, 0);
	struct bld b;

	v9_pkt(&b, 0, 1);
	b.n = 12;
	feed(t, &b);
	expect_one(t, "NF9-LENGTH", 0, 12, "20", "12");
	tctx_free(t);
}

static void
test_nf9_count(void **state)
{
	struct tctx *t = tctx_new(NULL, 0);
	struct bld b;

	v9_pkt(&b, 0, 2);
	put16(b.b + 2, 5);
	feed(t, &b);
	expect_one(t, "NF9-COUNT", 0, 2, "3", "5");
	tctx_free(t);
}

static void
test_nf9_setlen(void **state)
{
	struct tctx *t = tctx_new(NULL, 0);
	struct bld b;

	v9_pkt(&b, 0, 1);
	put16(b.b + 22, 2);
	feed(t, &b);
	expect_one(t, "NF9-SETLEN", 0, 22, NULL, "2");
	tctx_free(t);
}

static void
test_nf9_setid(void **state)
{
	struct tctx *t = tctx_new(NULL, 0);
	struct bld b;

	v9_hdr(&b, 0, 0, 7);
	set_begin(&b, 7);
	b32(&b, 0);
	set_end(&b);
	feed(t, &b);
	expect_one(t, "NF9-SETID", 0, 20, "256", "7");
	tctx_free(t);
}

static void
test_nf9_tmplid(void **state)
{
	struct tctx *t = tctx_new(NULL, 0);
	struct bld b;

	v9_hdr(&b, 1, 0, 7);
	v9_tmpl(&b, 100);
	feed(t, &b);
	expect_one(t, "NF9-TMPLID", 0, 24, "256", "100");
	tctx_free(t);
}

static void
test_nf9_tmplrec(void **state)
{
	struct tctx *t = tctx_new(NULL, 0);
	struct bld b;

	v9_hdr(&b, 1, 0, 7);
	set_begin(&b, 0);
	b16(&b, 256);
	b16(&b, 4);		/* four fields announced, one present */
	b16(&b, 8);
	b16(&b, 4);
	set_end(&b);
	feed(t, &b);
	/* the broken record is not counted either: count 1 vs 0 found */
	assert_int_equal(t->n, 2);
	expect_at(t, 0, "NF9-TMPLREC", 0, 24, "1", "4");
	expect_at(t, 1, "NF9-COUNT", 0, 2, "0", "1");
	tctx_free(t);
}

static void
test_nf9_notmpl(void **state)
{
	struct tctx *t = tctx_new(NULL, 0);
	struct bld b;

	v9_hdr(&b, 2, 0, 7);
	v9_data(&b, 2);
	feed(t, &b);
	expect_one(t, "NF9-NOTMPL", 0, 20, "0", "256");
	tctx_free(t);
}

static void
test_nf9_padding(void **state)
{
	struct tctx *t = tctx_new(NULL, 0);
	struct bld b;

	v9_hdr(&b, 2, 0, 7);
	v9_tmpl(&b, 256);
	set_begin(&b, 256);
	b32(&b, 1);
	b32(&b, 2);
	b16(&b, 0x0100);	/* padding that is not zero */
	set_end(&b);
	feed(t, &b);
	expect_one(t, "NF9-PADDING", 0, 48, "0", "2");
	tctx_free(t);
}

static void
test_nf9_seq(void **state)
{
	struct tctx *t = tctx_new(NULL, 0);
	struct bld b;

	v9_pkt(&b, 10, 2);
	feed(t, &b);
	v9_pkt(&b, 13, 2);	/* packets 11 and 12 lost */
	feed(t, &b);
	expect_one(t, "NF9-SEQ", 1, 12, "11", "13");
	assert_non_null(strstr(t->f[0].msg, "2 packets lost"));
	t->n = 0;
	feed(t, &b);		/* duplicate */
	expect_one(t, "NF9-SEQ-DUP", 2, 12, "14", "13");
	t->n = 0;
	v9_pkt(&b, 12, 1);	/* late */
	feed(t, &b);
	expect_one(t, "NF9-SEQ-REORDER", 3, 12, "14", "12");
	t->n = 0;
	v9_pkt(&b, 0, 1);	/* restart */
	feed(t, &b);
	expect_one(t, "NF9-SEQ-RESET", 4, 12, "14", "0");
	tctx_free(t);
}

static void
test_nf9_export_time(void **state)
{
	struct tctx *t = tctx_new(NULL, 0);
	struct bld b;

	v9_pkt(&b, 0, 1);
	put32(b.b + 8, 12345);
	feed(t, &b);
	expect_one(t, "NF9-EXPORT-TIME", 0, 8, ">= 946684800", "12345");
	tctx_free(t);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_nf9_clean),
		cmocka_unit_test(test_nf9_length),
		cmocka_unit_test(test_nf9_count),
		cmocka_unit_test(test_nf9_setlen),
		cmocka_unit_test(test_nf9_setid),
		cmocka_unit_test(test_nf9_tmplid),
		cmocka_unit_test(test_nf9_tmplrec),
		cmocka_unit_test(test_nf9_notmpl),
		cmocka_unit_test(test_nf9_padding),
		cmocka_unit_test(test_nf9_seq),
		cmocka_unit_test(test_nf9_export_time),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
