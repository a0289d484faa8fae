/*
 * test_obuf.c: the collector's hand-rolled formatting: integers at every
 * digit-count boundary and at the 64-bit limits, addresses, MACs, hex,
 * JSON escaping, and growth past the buffer with a FILE behind it.
 */
#include <inttypes.h>
#include <math.h>

#include "testutil.h"

#include "obuf.h"

static char *
text(struct obuf *o)
{
	obuf_putc(o, '\0');
	o->len--;
	return o->buf;
}

static void
test_obuf_integers(void **state)
{
	static const uint64_t u[] = { 0, 1, 9, 10, 11, 99, 100, 101, 999,
	    1000, 65535, 4294967295ULL, 4294967296ULL, 1767225600123ULL,
	    9007199254740993ULL, 9999999999999999999ULL,
	    10000000000000000000ULL, UINT64_MAX };
	static const int64_t s[] = { 0, -1, -9, -10, -100, INT64_MAX,
	    INT64_MIN, -1767225600000LL };
	char want[32];
	struct obuf o;
	size_t i;

	for (i = 0; i < sizeof(u) / sizeof(u[0]); i++) {
		assert_int_equal(obuf_init(&o, NULL), 0);
		obuf_u64(&o, u[i]);
		snprintf(want, sizeof(want), "%" PRIu64, u[i]);
		assert_string_equal(text(&o), want);
		obuf_free(&o);
	}
	for (i = 0; i < sizeof(s) / sizeof(s[0]); i++) {
		assert_int_equal(obuf_init(&o, NULL), 0);
		obuf_i64(&o, s[i]);
		snprintf(want, sizeof(want), "%" PRId64, s[i]);
		assert_string_equal(text(&o), want);
		obuf_free(&o);
	}
}

static void
test_obuf_addresses_and_bytes(void **state)
{
	const uint8_t a0[4] = { 0, 0, 0, 0 }, a1[4] = { 255, 255, 255, 255 },
	    a2[4] = { 198, 18, 10, 9 };
	const uint8_t v6[16] = { 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0,
	    0, 0, 0, 0, 0, 1 };
	const uint8_t mac[6] = { 0x02, 0x00, 0x5e, 0xab, 0xcd, 0xef };
	const uint8_t raw[] = { 'a', '"', '\\', '\n', '\t', 1, 0x7f, 0xc3,
	    'z' };
	struct obuf o;

	assert_int_equal(obuf_init(&o, NULL), 0);
	obuf_ip4(&o, a0);
	obuf_putc(&o, ' ');
	obuf_ip4(&o, a1);
	obuf_putc(&o, ' ');
	obuf_ip4(&o, a2);
	obuf_putc(&o, ' ');
	obuf_ip6(&o, v6);
	obuf_putc(&o, ' ');
	obuf_mac(&o, mac);
	obuf_putc(&o, ' ');
	obuf_hex(&o, mac, 3);
	obuf_putc(&o, ' ');
	obuf_jesc(&o, raw, sizeof(raw));
	obuf_putc(&o, ' ');
	obuf_double(&o, 0.5);
	obuf_putc(&o, ' ');
	obuf_double(&o, INFINITY);
	assert_string_equal(text(&o), "0.0.0.0 255.255.255.255 198.18.10.9 "
	    "2001:db8::1 02:00:5e:ab:cd:ef 02005e "
	    "a\\\"\\\\\\n\\t\\u0001\\u007f\\u00c3z 0.5 null");
	obuf_free(&o);
}

static void
test_obuf_grows_and_flushes(void **state)
{
	char *mem = NULL;
	size_t mlen = 0, i;
	FILE *f = open_memstream(&mem, &mlen);
	struct obuf o;
	char big[3000];

	memset(big, 'x', sizeof(big));
	assert_int_equal(obuf_init(&o, f), 0);
	for (i = 0; i < 1000; i++)
		obuf_mem(&o, big, sizeof(big));	/* 3 MB through 256 KB */
	obuf_u64(&o, 42);
	assert_int_equal(obuf_flush(&o), 0);
	fclose(f);
	assert_int_equal(mlen, 1000 * sizeof(big) + 2);
	assert_int_equal(mem[mlen - 2], '4');
	assert_int_equal(mem[mlen - 1], '2');
	assert_int_equal(mem[0], 'x');
	obuf_free(&o);
	free(mem);
}

/*
 * Under AddressSanitizer a huge realloc must fail as it does in libc
 * (return NULL) instead of stopping the test; without ASan this symbol
 * is simply unused.
 */
const char *__asan_default_options(void);
const char *
__asan_default_options(void)
{
	return "allocator_may_return_null=1";
}

/*
 * Memory running out while formatting is an output error, not a crash
 * or an exit: later writes go nowhere and obuf_flush says -1.  A request
 * no allocator can meet stands in for a failing realloc.
 */
static void
test_obuf_out_of_memory_is_an_error(void **state)
{
	char *mem = NULL;
	size_t mlen = 0;
	FILE *f = open_memstream(&mem, &mlen);
	struct obuf o;

	assert_int_equal(obuf_init(&o, f), 0);
	obuf_puts(&o, "before ");
	obuf_grow(&o, SIZE_MAX / 2);
	assert_true(o.err);
	obuf_u64(&o, 12345);		/* still safe to format */
	obuf_puts(&o, " after");
	assert_int_equal(obuf_flush(&o), -1);
	obuf_free(&o);
	fclose(f);
	/* what was formatted before memory ran out had been written */
	assert_int_equal(mlen, 7);
	assert_memory_equal(mem, "before ", 7);
	free(mem);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_obuf_integers),
		cmocka_unit_test(test_obuf_addresses_and_bytes),
		cmocka_unit_test(test_obuf_grows_and_flushes),
		cmocka_unit_test(test_obuf_out_of_memory_is_an_error),
	};

	return cmocka_run_group_tests_name("obuf", tests, NULL, NULL);
}
