/*
 * test_ie.c: the information element table against an independent
 * excerpt of the IANA registry, lookups by number and name, and the
 * names of unknown and enterprise elements.
 */
#include "testutil.h"

#include "ie.h"
#include "vectors/iana_names.h"

static void
test_ie_iana_spelling(void **state)
{
	const struct ie_def *d;
	size_t i;

	for (i = 0; i < sizeof(iana_names) / sizeof(iana_names[0]); i++) {
		d = ie_lookup(iana_names[i].id);
		if (d == NULL)
			fail_msg("element %u missing", iana_names[i].id);
		if (strcmp(d->name, iana_names[i].name) != 0)
			fail_msg("element %u: \"%s\", IANA \"%s\"",
			    iana_names[i].id, d->name, iana_names[i].name);
		assert_int_equal(d->id, iana_names[i].id);
		d = ie_byname(iana_names[i].name);
		assert_non_null(d);
		assert_int_equal(d->id, iana_names[i].id);
	}
}

/* The enum spells the same names (compile-time check, here for grep). */
static void
test_ie_enum(void **state)
{
	assert_int_equal(IE_octetDeltaCount, 1);
	assert_int_equal(IE_flowStartMilliseconds, 152);
	assert_int_equal(IE_postNAPTDestinationTransportPort, 228);
	assert_int_equal(IE_observationTimeMilliseconds, 323);
}

static void
test_ie_types(void **state)
{
	static const struct {
		uint16_t	id;
		enum ie_type	type;
		uint16_t	len;
	} t[] = {
		{ 1, IE_UNSIGNED, 8 },
		{ 8, IE_IPV4, 4 },
		{ 27, IE_IPV6, 16 },
		{ 56, IE_MAC, 6 },
		{ 82, IE_STRING, 65535 },
		{ 150, IE_DATE_SEC, 4 },
		{ 152, IE_DATE_MS, 8 },
		{ 154, IE_DATE_US, 8 },
		{ 156, IE_DATE_NS, 8 },
		{ 210, IE_OCTETS, 65535 },
		{ 276, IE_BOOLEAN, 1 },
		{ 291, IE_BASICLIST, 65535 },
		{ 292, IE_SUBTEMPLATELIST, 65535 },
		{ 311, IE_FLOAT, 8 },
	};
	const struct ie_def *d;
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		d = ie_lookup(t[i].id);
		assert_non_null(d);
		assert_int_equal(d->type, t[i].type);
		assert_int_equal(d->len, t[i].len);
	}
}

static void
test_ie_unknown_names(void **state)
{
	char b[32];

	assert_null(ie_lookup(0));
	assert_null(ie_lookup(65));	/* unassigned */
	assert_null(ie_lookup(32767));
	assert_null(ie_byname("octetdeltacount"));
	assert_string_equal(ie_name(65, 0, b, sizeof(b)), "ie65");
	assert_string_equal(ie_name(32767, 0, b, sizeof(b)), "ie32767");
	assert_string_equal(ie_name(1, 29305, b, sizeof(b)), "e29305.1");
	assert_string_equal(ie_name(152, 0, b, sizeof(b)),
	    "flowStartMilliseconds");
}

/* Every id appears once, in order, and names are unique. */
static void
test_ie_table_sane(void **state)
{
	const struct ie_def *d, *e;
	unsigned int id, n = 0;

	for (id = 0; id < 1024; id++) {
		if ((d = ie_lookup((uint16_t)id)) == NULL)
			continue;
		n++;
		assert_int_equal(d->id, id);
		e = ie_byname(d->name);
		assert_ptr_equal(d, e);
	}
	assert_true(n > 300);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ie_iana_spelling),
		cmocka_unit_test(test_ie_enum),
		cmocka_unit_test(test_ie_types),
		cmocka_unit_test(test_ie_unknown_names),
		cmocka_unit_test(test_ie_table_sane),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
