/*
 * test_addr.c: addr_in_net(), the prefix match gen and sim share.
 */
#include <sys/socket.h>

#include "testutil.h"

#include "addr.h"

static int
in(const char *a, const char *net, uint8_t plen)
{
	struct addr x, n;

	assert_int_equal(addr_parse(a, &x), 0);
	assert_int_equal(addr_parse(net, &n), 0);
	return addr_in_net(x.af, x.a, &n, plen);
}

static void
test_addr_in_net_v4(void **state)
{
	(void)state;
	assert_true(in("198.18.1.2", "198.18.0.0", 15));
	assert_true(in("198.19.255.255", "198.18.0.0", 15));
	assert_false(in("198.20.0.0", "198.18.0.0", 15));
	assert_true(in("198.18.1.2", "198.18.1.2", 32));
	assert_false(in("198.18.1.3", "198.18.1.2", 32));
	assert_true(in("198.18.1.129", "198.18.1.128", 25));
	assert_false(in("198.18.1.127", "198.18.1.128", 25));
	assert_true(in("203.0.113.9", "0.0.0.0", 0));
}

static void
test_addr_in_net_v6_and_family(void **state)
{
	(void)state;
	assert_true(in("2001:db8::1", "2001:db8::", 32));
	assert_false(in("2001:db9::1", "2001:db8::", 32));
	assert_true(in("2001:db8:0:ff::1", "2001:db8:0:fe::", 63));
	assert_false(in("2001:db8:0:fd::1", "2001:db8:0:fe::", 63));
	/* another family never matches, not even /0 */
	assert_false(in("198.18.1.2", "::", 0));
	assert_false(in("2001:db8::1", "0.0.0.0", 0));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_addr_in_net_v4),
		cmocka_unit_test(test_addr_in_net_v6_and_family),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
