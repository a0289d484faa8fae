/*
 * test_conform_ipfix.c: the IPFIX (RFC 7011) rules, each with a message
 * that carries exactly that defect, and clean streams that yield
 * nothing.  The pflow profile is off here (test_conform_pflow.c).
 */
#include "conform_test.h"

#define F78	PFLOW_F_OBSD_78
#define V4	PFLOW_L_OBSD_V4
#define V6	PFLOW_L_OBSD_V6

static struct tctx *
ctx_with_tmpl(void)
{
	struct tctx *t = tctx_new(NULL, 1);
	struct bld b;

	ipfix_tmpl_msg(&b, F78, T_NOW, 0, 42);
	feed(t, &b);
	expect_none(t);
	return t;
}

static void
test_ipfix_clean_stream(void **state)
{
	struct tctx *t = ctx_with_tmpl();
	struct prec p = prec_ok();
	struct bld b;

	ipfix_data_msg(&b, F78, V4, T_NOW, 0, 42, &p, 2);
	assert_int_equal(feed(t, &b), DEC_OK);
	ipfix_tmpl_msg(&b, F78, T_NOW + 1, 2, 42);	/* does not advance */
	feed(t, &b);
	ipfix_data_msg(&b, F78, V6, T_NOW + 1, 2, 42, &p, 1);
	feed(t, &b);
	ipfix_data_msg(&b, F78, V4, T_NOW + 2, 3, 42, &p, 26);
	feed(t, &b);
	expect_none(t);
	assert_int_equal(t->recs, 29);
	tctx_free(t);
}

static void
test_ipfix_msglen(void **state)
{
	struct tctx *t = ctx_with_tmpl();
	struct prec p = prec_ok();
	struct bld b;

	ipfix_data_msg(&b, F78, V4, T_NOW, 0, 42, &p, 1);
	put16(b.b + 2, (uint16_t)(b.n + 4));	/* longer than the datagram */
	assert_int_equal(feed(t, &b), DEC_E_MSGLEN);
	expect_one(t, "IPFIX-MSGLEN", 1, 2, "74", "78");
	t->n = 0;
	ipfix_data_msg(&b, F78, V4, T_NOW, 1, 42, &p, 1);
	b.n += 6;				/* datagram longer than Length */
	feed(t, &b);
	expect_one(t, "IPFIX-MSGLEN", 2, 2, "80", "74");
	t->n = 0;
	b.n = 10;				/* not even a header */
	feed(t, &b);
	expect_one(t, "IPFIX-MSGLEN", 3, 10, "16", "10");
	tctx_free(t);
}

static void
test_ipfix_setlen(void **state)
{
	struct tctx *t = ctx_with_tmpl();
	struct prec p = prec_ok();
	struct bld b;

	ipfix_data_msg(&b, F78, V4, T_NOW, 0, 42, &p, 1);
	put16(b.b + 18, 3);
	assert_int_equal(feed(t, &b), DEC_E_SETLEN);
	expect_one(t, "IPFIX-SETLEN", 1, 18, "58", "3");
	t->n = 0;
	ipfix_data_msg(&b, F78, V4, T_NOW, 0, 42, &p, 1);
	put16(b.b + 18, 59);			/* past the message end */
	feed(t, &b);
	expect_one(t, "IPFIX-SETLEN", 2, 18, "58", "59");
	tctx_free(t);
}

static void
test_ipfix_setid(void **state)
{
	struct tctx *t = ctx_with_tmpl();
	struct bld b;

	ipfix_hdr(&b, T_NOW, 0, 42);
	set_begin(&b, 5);
	b32(&b, 0);
	set_end(&b);
	ipfix_done(&b);
	feed(t, &b);
	expect_one(t, "IPFIX-SETID", 1, 16, "256", "5");
	tctx_free(t);
}

static void
test_ipfix_tmplid(void **state)
{
	struct tctx *t = tctx_new(NULL, 1);
	struct bld b;

	ipfix_hdr(&b, T_NOW, 0, 42);
	set_begin(&b, 2);
	tmpl_rec(&b, pflowtmpl_get(F78, V4), 255);
	set_end(&b);
	ipfix_done(&b);
	feed(t, &b);
	expect_one(t, "IPFIX-TMPLID", 0, 20, "256", "255");
	tctx_free(t);
}

static void
test_ipfix_fieldcount_withdrawal(void **state)
{
	struct tctx *t = ctx_with_tmpl();
	struct bld b;

	ipfix_hdr(&b, T_NOW, 0, 42);
	set_begin(&b, 2);
	b16(&b, 256);
	b16(&b, 0);		/* withdrawal over UDP */
	set_end(&b);
	ipfix_done(&b);
	feed(t, &b);
	expect_one(t, "IPFIX-FIELDCOUNT", 1, 20, "1", "0");
	tctx_free(t);
}

static void
test_ipfix_scope(void **state)
{
	struct tctx *t = tctx_new(NULL, 1);
	struct bld b;

	ipfix_hdr(&b, T_NOW, 0, 42);
	set_begin(&b, 3);
	b16(&b, 300);
	b16(&b, 2);		/* field count */
	b16(&b, 0);		/* scope field count 0 */
	b16(&b, 149);		/* observationDomainId */
	b16(&b, 4);
	b16(&b, 41);		/* exportedMessageTotalCount */
	b16(&b, 8);
	b16(&b, 0);		/* padding */
	set_end(&b);
	ipfix_done(&b);
	feed(t, &b);
	expect_one(t, "IPFIX-SCOPE", 0, 24, "2", "0");
	tctx_free(t);
}

static void
test_ipfix_fieldlen(void **state)
{
	struct tctx *t = tctx_new(NULL, 1);
	struct bld b;

	ipfix_hdr(&b, T_NOW, 0, 42);
	set_begin(&b, 2);
	b16(&b, 300);
	b16(&b, 4);
	b16(&b, 0x8000 | 12);	/* enterprise element: any length */
	b16(&b, 3);
	b32(&b, 29305);
	b16(&b, 1);		/* octetDeltaCount reduced to 4: fine */
	b16(&b, 4);
	b16(&b, 8);		/* sourceIPv4Address, 4 octets: fine */
	b16(&b, 4);
	b16(&b, 152);		/* flowStartMilliseconds in 4 octets */
	b16(&b, 4);
	set_end(&b);
	ipfix_done(&b);
	feed(t, &b);
	expect_one(t, "IPFIX-FIELDLEN", 0, 20 + 4 + 8 + 4 + 4 + 2, "8", "4");
	t->n = 0;
	ipfix_hdr(&b, T_NOW, 0, 42);
	set_begin(&b, 3);	/* options template: scope count first */
	b16(&b, 301);
	b16(&b, 2);
	b16(&b, 1);
	b16(&b, 149);		/* observationDomainId */
	b16(&b, 4);
	b16(&b, 41);		/* exportedMessageTotalCount in 9 octets */
	b16(&b, 9);
	b16(&b, 0);
	set_end(&b);
	ipfix_done(&b);
	feed(t, &b);
	expect_one(t, "IPFIX-FIELDLEN", 1, 20 + 6 + 4 + 2, "1..8", "9");
	tctx_free(t);
}

static void
test_ipfix_notmpl(void **state)
{
	struct tctx *t = tctx_new(NULL, 1);
	struct prec p = prec_ok();
	struct bld b;

	ipfix_data_msg(&b, F78, V4, T_NOW, 0, 42, &p, 2);
	feed(t, &b);
	expect_one(t, "IPFIX-NOTMPL", 0, 16, "0", "256");
	/* the records it held are unknown: the sequence resynchronises */
	t->n = 0;
	ipfix_tmpl_msg(&b, F78, T_NOW, 77, 42);
	feed(t, &b);
	ipfix_data_msg(&b, F78, V4, T_NOW, 77, 42, &p, 2);
	feed(t, &b);
	expect_none(t);
	tctx_free(t);
}

static void
test_ipfix_padding(void **state)
{
	struct tctx *t = ctx_with_tmpl();
	struct prec p = prec_ok();
	struct bld b;

	ipfix_hdr(&b, T_NOW, 0, 42);
	set_begin(&b, 256);
	prec_put(&b, V4, &p);
	b8(&b, 0);
	b8(&b, 0xff);
	b8(&b, 0);
	set_end(&b);
	ipfix_done(&b);
	feed(t, &b);
	expect_one(t, "IPFIX-PADDING", 1, 74, "0", "3");
	/* zero padding shorter than a record is fine (pflow profile off) */
	t->n = 0;
	b.b[75] = 0;
	put32(b.b + 8, 1);
	feed(t, &b);
	expect_none(t);
	tctx_free(t);
}

static void
test_ipfix_varlen(void **state)
{
	struct tctx *t = tctx_new(NULL, 1);
	struct bld b;

	ipfix_hdr(&b, T_NOW, 0, 42);
	set_begin(&b, 2);
	b16(&b, 300);
	b16(&b, 2);
	b16(&b, 82);		/* interfaceName, variable length */
	b16(&b, 65535);
	b16(&b, 4);		/* protocolIdentifier */
	b16(&b, 1);
	set_end(&b);
	ipfix_done(&b);
	feed(t, &b);
	expect_none(t);
	ipfix_hdr(&b, T_NOW, 0, 42);
	set_begin(&b, 300);
	b8(&b, 200);		/* 200 octets follow... */
	b8(&b, 'e');
	b8(&b, 'm');
	b8(&b, 6);		/* ...but the set ends here */
	set_end(&b);
	ipfix_done(&b);
	feed(t, &b);
	expect_one(t, "IPFIX-VARLEN", 1, 20, "4", "0");
	tctx_free(t);
}

static void
test_ipfix_redefine(void **state)
{
	struct tctx *t = ctx_with_tmpl();
	struct bld b;

	ipfix_hdr(&b, T_NOW, 0, 42);
	set_begin(&b, 2);
	tmpl_rec(&b, pflowtmpl_get(F78, V6), 256);	/* 256 was IPv4 */
	set_end(&b);
	ipfix_done(&b);
	feed(t, &b);
	expect_one(t, "IPFIX-REDEFINE", 1, 20, "0", "256");
	tctx_free(t);
}

static void
test_ipfix_tmplrec(void **state)
{
	struct tctx *t = tctx_new(NULL, 1);
	struct bld b;

	ipfix_hdr(&b, T_NOW, 0, 42);
	set_begin(&b, 2);
	b16(&b, 300);
	b16(&b, 5);		/* five fields announced, two present */
	b16(&b, 8);
	b16(&b, 4);
	b16(&b, 12);
	b16(&b, 4);
	set_end(&b);
	ipfix_done(&b);
	feed(t, &b);
	expect_one(t, "IPFIX-TMPLREC", 0, 32, "4", "0");
	tctx_free(t);
}

static void
test_ipfix_decode_limit(void **state)
{
	struct tctx *t = tctx_new(NULL, 1);
	struct bld b;
	int i;

	ipfix_hdr(&b, T_NOW, 0, 42);
	set_begin(&b, 2);
	b16(&b, 300);
	b16(&b, TMPL_MAXFIELDS + 1);
	for (i = 0; i < TMPL_MAXFIELDS + 1; i++) {
		b16(&b, 210);	/* paddingOctets */
		b16(&b, 1);
	}
	set_end(&b);
	ipfix_done(&b);
	feed(t, &b);
	expect_one(t, "DECODE-LIMIT", 0, 22, "1024", "1025");
	tctx_free(t);
}

static void
test_ipfix_seq_gap(void **state)
{
	struct tctx *t = ctx_with_tmpl();
	struct prec p = prec_ok();
	struct bld b;

	ipfix_data_msg(&b, F78, V4, T_NOW, 0, 42, &p, 2);
	feed(t, &b);
	ipfix_data_msg(&b, F78, V4, T_NOW, 5, 42, &p, 1);
	feed(t, &b);
	expect_one(t, "IPFIX-SEQ", 2, 8, "2", "5");
	assert_non_null(strstr(t->f[0].msg, "3 records lost"));
	tctx_free(t);
}

/* A template message carrying a wrong sequence number is caught too. */
static void
test_ipfix_seq_template_msg(void **state)
{
	struct tctx *t = ctx_with_tmpl();
	struct prec p = prec_ok();
	struct bld b;

	ipfix_data_msg(&b, F78, V4, T_NOW, 0, 42, &p, 2);
	feed(t, &b);
	ipfix_tmpl_msg(&b, F78, T_NOW, 4, 42);
	feed(t, &b);
	expect_one(t, "IPFIX-SEQ", 2, 8, "2", "4");
	tctx_free(t);
}

static void
test_ipfix_seq_dup(void **state)
{
	struct tctx *t = ctx_with_tmpl();
	struct prec p = prec_ok();
	struct bld b;

	ipfix_data_msg(&b, F78, V4, T_NOW, 0, 42, &p, 2);
	feed(t, &b);
	ipfix_data_msg(&b, F78, V4, T_NOW, 2, 42, &p, 3);
	feed(t, &b);
	feed(t, &b);
	expect_one(t, "IPFIX-SEQ-DUP", 3, 8, "5", "2");
	tctx_free(t);
}

static void
test_ipfix_seq_reorder(void **state)
{
	struct tctx *t = ctx_with_tmpl();
	struct prec p = prec_ok();
	struct bld b, late;

	ipfix_data_msg(&b, F78, V4, T_NOW, 0, 42, &p, 2);
	feed(t, &b);
	ipfix_data_msg(&late, F78, V4, T_NOW, 2, 42, &p, 3);
	ipfix_data_msg(&b, F78, V4, T_NOW, 5, 42, &p, 1);
	feed(t, &b);
	feed(t, &late);
	ipfix_data_msg(&b, F78, V4, T_NOW, 6, 42, &p, 1);
	feed(t, &b);
	assert_int_equal(t->n, 2);
	expect_at(t, 0, "IPFIX-SEQ", 2, 8, "2", "5");
	expect_at(t, 1, "IPFIX-SEQ-REORDER", 3, 8, "6", "2");
	tctx_free(t);
}

static void
test_ipfix_seq_reset(void **state)
{
	struct tctx *t = ctx_with_tmpl();
	struct prec p = prec_ok();
	struct bld b;

	ipfix_data_msg(&b, F78, V4, T_NOW, 0, 42, &p, 20);
	feed(t, &b);
	ipfix_tmpl_msg(&b, F78, T_NOW, 0, 42);	/* restarted */
	feed(t, &b);
	ipfix_data_msg(&b, F78, V4, T_NOW, 0, 42, &p, 1);
	feed(t, &b);
	expect_one(t, "IPFIX-SEQ-RESET", 2, 8, "20", "0");
	tctx_free(t);
}

/* Sequence numbers are per observation domain. */
static void
test_ipfix_seq_per_domain(void **state)
{
	struct tctx *t = tctx_new(NULL, 1);
	struct prec p = prec_ok();
	struct bld b;

	ipfix_tmpl_msg(&b, F78, T_NOW, 0, 1);
	feed(t, &b);
	ipfix_tmpl_msg(&b, F78, T_NOW, 1000, 2);
	feed(t, &b);
	ipfix_data_msg(&b, F78, V4, T_NOW, 0, 1, &p, 2);
	feed(t, &b);
	ipfix_data_msg(&b, F78, V4, T_NOW, 1000, 2, &p, 1);
	feed(t, &b);
	ipfix_data_msg(&b, F78, V4, T_NOW, 2, 1, &p, 1);
	feed(t, &b);
	ipfix_data_msg(&b, F78, V4, T_NOW, 1001, 2, &p, 1);
	feed(t, &b);
	expect_none(t);
	tctx_free(t);
}

static void
test_ipfix_export_time(void **state)
{
	struct tctx *t = ctx_with_tmpl();
	struct prec p = prec_ok();
	struct bld b;

	ipfix_data_msg(&b, F78, V4, 0, 0, 42, &p, 1);
	feed(t, &b);
	expect_one(t, "IPFIX-EXPORT-TIME", 1, 4, "> 0", "0");
	t->n = 0;
	ipfix_data_msg(&b, F78, V4, 915148800, 1, 42, &p, 1);	/* 1999 */
	feed(t, &b);
	expect_one(t, "IPFIX-EXPORT-TIME", 2, 4, ">= 946684800",
	    "915148800");
	t->n = 0;
	t->arrival_us = (int64_t)T_NOW * 1000000;
	ipfix_data_msg(&b, F78, V4, T_NOW + 301, 2, 42, &p, 1);
	feed(t, &b);
	expect_one(t, "IPFIX-EXPORT-TIME", 3, 4, "<= 1764240300",
	    "1764240301");
	t->n = 0;
	ipfix_data_msg(&b, F78, V4, T_NOW + 300, 3, 42, &p, 1);
	feed(t, &b);
	expect_none(t);
	tctx_free(t);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ipfix_clean_stream),
		cmocka_unit_test(test_ipfix_msglen),
		cmocka_unit_test(test_ipfix_setlen),
		cmocka_unit_test(test_ipfix_setid),
		cmocka_unit_test(test_ipfix_tmplid),
		cmocka_unit_test(test_ipfix_fieldcount_withdrawal),
		cmocka_unit_test(test_ipfix_scope),
		cmocka_unit_test(test_ipfix_fieldlen),
		cmocka_unit_test(test_ipfix_notmpl),
		cmocka_unit_test(test_ipfix_padding),
		cmocka_unit_test(test_ipfix_varlen),
		cmocka_unit_test(test_ipfix_redefine),
		cmocka_unit_test(test_ipfix_tmplrec),
		cmocka_unit_test(test_ipfix_decode_limit),
		cmocka_unit_test(test_ipfix_seq_gap),
		cmocka_unit_test(test_ipfix_seq_template_msg),
		cmocka_unit_test(test_ipfix_seq_dup),
		cmocka_unit_test(test_ipfix_seq_reorder),
		cmocka_unit_test(test_ipfix_seq_reset),
		cmocka_unit_test(test_ipfix_seq_per_domain),
		cmocka_unit_test(test_ipfix_export_time),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
