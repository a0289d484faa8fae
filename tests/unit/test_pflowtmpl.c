/*
 * test_pflowtmpl.c: pflow's template sets as pflow-facts.md 2.3 and
 * FreeBSD's sys/net/pflow.h describe them, recognised by content, and the
 * family told from the (id, layout) pairs of a template set.
 */
#include "testutil.h"

#include "ie.h"
#include "ipfix.h"
#include "pflowtmpl.h"
#include "tcache.h"

static void
test_pflowtmpl_shapes(void **state)
{
	static const struct {
		enum pflow_family	f;
		enum pflow_layout	l;
		uint16_t		id, nfields, reclen;
	} t[] = {
		{ PFLOW_F_OBSD_78, PFLOW_L_OBSD_V4, 256, 12, 54 },
		{ PFLOW_F_OBSD_78, PFLOW_L_OBSD_V6, 257, 12, 78 },
		{ PFLOW_F_OBSD_CURRENT, PFLOW_L_OBSD_V4, 256, 12, 54 },
		{ PFLOW_F_OBSD_CURRENT, PFLOW_L_OBSD_NAT4, 257, 16, 66 },
		{ PFLOW_F_OBSD_CURRENT, PFLOW_L_OBSD_V6, 258, 12, 78 },
		{ PFLOW_F_FBSD, PFLOW_L_OBSD_V4, 256, 12, 54 },
		{ PFLOW_F_FBSD, PFLOW_L_OBSD_V6, 257, 12, 78 },
		{ PFLOW_F_FBSD, PFLOW_L_FBSD_NAT4, 258, 11, 34 },
	};
	const struct tmpl *p;
	struct tmpl c;
	size_t i;
	uint32_t sum;
	int k;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		p = pflowtmpl_get(t[i].f, t[i].l);
		assert_non_null(p);
		assert_int_equal(p->id, t[i].id);
		assert_int_equal(p->nfields, t[i].nfields);
		assert_int_equal(p->minlen, t[i].reclen);
		for (sum = 0, k = 0; k < p->nfields; k++) {
			sum += p->f[k].len;
			assert_int_equal(p->f[k].pen, 0);
			assert_non_null(ie_lookup(p->f[k].ie));
		}
		assert_int_equal(sum, t[i].reclen);
		assert_int_equal(pflowtmpl_match(p), t[i].l);
		c = *p;
		tmpl_index(&c);
		assert_int_equal(c.minlen, t[i].reclen);
	}
	assert_null(pflowtmpl_get(PFLOW_F_OBSD_78, PFLOW_L_OBSD_NAT4));
	assert_null(pflowtmpl_get(PFLOW_F_UNKNOWN, PFLOW_L_OBSD_V4));
}

/* pflow-facts 2.3: the NAT template's post-NAT fields precede the ports. */
static void
test_pflowtmpl_nat_order(void **state)
{
	const struct tmpl *p = pflowtmpl_get(PFLOW_F_OBSD_CURRENT,
	    PFLOW_L_OBSD_NAT4);
	static const uint16_t want[16] = { 8, 12, 10, 14, 2, 1, 152, 153,
	    225, 226, 227, 228, 7, 11, 5, 4 };
	const struct tmpl *f = pflowtmpl_get(PFLOW_F_FBSD,
	    PFLOW_L_FBSD_NAT4);
	static const uint16_t fwant[11] = { 323, 230, 4, 8, 7, 225, 227, 12,
	    11, 226, 228 };
	int i;

	for (i = 0; i < 16; i++)
		assert_int_equal(p->f[i].ie, want[i]);
	for (i = 0; i < 11; i++)
		assert_int_equal(f->f[i].ie, fwant[i]);
}

static void
test_pflowtmpl_match_rejects(void **state)
{
	const struct tmpl *p = pflowtmpl_get(PFLOW_F_OBSD_78,
	    PFLOW_L_OBSD_V4);
	struct tmpl_field f[12];
	struct tmpl c = *p;

	memcpy(f, p->f, sizeof(f));
	c.f = f;
	assert_int_equal(pflowtmpl_match(&c), PFLOW_L_OBSD_V4);
	f[4].len = 4;			/* 32-bit packets: not pflow */
	assert_int_equal(pflowtmpl_match(&c), PFLOW_L_NONE);
	f[4].len = 8;
	f[10].ie = IE_protocolIdentifier;	/* order matters */
	f[11].ie = IE_ipClassOfService;
	assert_int_equal(pflowtmpl_match(&c), PFLOW_L_NONE);
	memcpy(f, p->f, sizeof(f));
	c.nfields = 11;
	assert_int_equal(pflowtmpl_match(&c), PFLOW_L_NONE);
	c.nfields = 12;
	c.kind = TMPL_OPTIONS;
	assert_int_equal(pflowtmpl_match(&c), PFLOW_L_NONE);
	assert_int_equal(pflowtmpl_match(NULL), PFLOW_L_NONE);
}

static void
test_pflowtmpl_family(void **state)
{
	const struct tmpl *v4 = pflowtmpl_get(PFLOW_F_OBSD_78,
	    PFLOW_L_OBSD_V4);
	const struct tmpl *v6_257 = pflowtmpl_get(PFLOW_F_OBSD_78,
	    PFLOW_L_OBSD_V6);
	const struct tmpl *nat_257 = pflowtmpl_get(PFLOW_F_OBSD_CURRENT,
	    PFLOW_L_OBSD_NAT4);
	const struct tmpl *v6_258 = pflowtmpl_get(PFLOW_F_OBSD_CURRENT,
	    PFLOW_L_OBSD_V6);
	const struct tmpl *fnat = pflowtmpl_get(PFLOW_F_FBSD,
	    PFLOW_L_FBSD_NAT4);
	const struct tmpl *s[3];

	s[0] = v4;
	s[1] = v6_257;
	assert_int_equal(pflowtmpl_family(s, 2), PFLOW_F_OBSD_78);
	s[1] = nat_257;
	s[2] = v6_258;
	assert_int_equal(pflowtmpl_family(s, 3), PFLOW_F_OBSD_CURRENT);
	s[1] = v6_257;
	s[2] = fnat;
	assert_int_equal(pflowtmpl_family(s, 3), PFLOW_F_FBSD);
	/* 257 IPv6 with 258 IPv6: no family sends both */
	s[2] = v6_258;
	assert_int_equal(pflowtmpl_family(s, 3), PFLOW_F_UNKNOWN);
	/* IPv4 alone fits every family */
	assert_int_equal(pflowtmpl_family(s, 1), PFLOW_F_UNKNOWN);
	assert_int_equal(pflowtmpl_family(s, 0), PFLOW_F_UNKNOWN);
	assert_string_equal(pflowtmpl_family_name(PFLOW_F_OBSD_CURRENT),
	    "openbsd-current");
	assert_string_equal(pflowtmpl_layout_name(PFLOW_L_OBSD_NAT4),
	    "pflow-nat-ipv4");
}

/* A template set on the wire, decoded, then recognised: each family. */
static void
test_pflowtmpl_wire(void **state)
{
	static const struct {
		enum pflow_family	f;
		int			n;
		enum pflow_layout	l[3];
		int			setlen;
	} t[] = {
		{ PFLOW_F_OBSD_78, 2, { PFLOW_L_OBSD_V4, PFLOW_L_OBSD_V6 },
		  108 },
		{ PFLOW_F_OBSD_CURRENT, 3, { PFLOW_L_OBSD_V4,
		  PFLOW_L_OBSD_NAT4, PFLOW_L_OBSD_V6 }, 176 },
		{ PFLOW_F_FBSD, 3, { PFLOW_L_OBSD_V4, PFLOW_L_OBSD_V6,
		  PFLOW_L_FBSD_NAT4 }, 156 },
	};
	const struct tmpl *in[3], *out[3];
	struct ipfix_enc enc;
	struct dec_err err;
	struct msg m;
	uint8_t buf[512];
	size_t i;
	int k, n;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		struct tcache *tc = tcache_new();

		for (k = 0; k < t[i].n; k++)
			in[k] = pflowtmpl_get(t[i].f, t[i].l[k]);
		assert_int_equal(ipfix_enc_begin(&enc, buf, sizeof(buf), 0, 0,
		    42), 0);
		assert_int_equal(ipfix_enc_tmpl_set(&enc, in, t[i].n), 0);
		n = ipfix_enc_end(&enc);
		assert_int_equal(n, 16 + t[i].setlen);
		memset(&m, 0, sizeof(m));
		assert_int_equal(ipfix_decode(buf, n, &m, tc, NULL, &err),
		    DEC_OK);
		for (k = 0; k < t[i].n; k++) {
			out[k] = tcache_get(tc, NULL, 10, 42, in[k]->id);
			assert_non_null(out[k]);
			assert_int_equal(pflowtmpl_match(out[k]), t[i].l[k]);
		}
		assert_int_equal(pflowtmpl_family(out, t[i].n), t[i].f);
		tcache_free(tc);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pflowtmpl_shapes),
		cmocka_unit_test(test_pflowtmpl_nat_order),
		cmocka_unit_test(test_pflowtmpl_match_rejects),
		cmocka_unit_test(test_pflowtmpl_family),
		cmocka_unit_test(test_pflowtmpl_wire),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
