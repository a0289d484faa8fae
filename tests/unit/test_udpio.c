/*
 * test_udpio.c: the collector socket: address parsing, binding an
 * ephemeral port on IPv4 and IPv6 loopback, a batch of datagrams taken in
 * one call with their senders and kernel timestamps, the poll timeout.
 */
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#include <unistd.h>

#include "testutil.h"

#include "clock.h"
#include "udpio.h"

static void
test_udpio_parse(void **state)
{
	char eb[UDPIO_ERRBUF_SIZE], s[EXPORTER_STRLEN];
	struct exporter e;

	assert_int_equal(udpio_parse("198.18.0.1:2055", &e, eb), 0);
	assert_string_equal(exporter_fmt(&e, s, sizeof(s)), "198.18.0.1:2055");
	assert_int_equal(udpio_parse("[2001:db8::1]:9995", &e, eb), 0);
	assert_string_equal(exporter_fmt(&e, s, sizeof(s)),
	    "[2001:db8::1]:9995");
	assert_int_equal(udpio_parse("::1", &e, eb), 0);
	assert_string_equal(exporter_fmt(&e, s, sizeof(s)), "[::1]:4739");
	assert_int_equal(udpio_parse("127.0.0.1", &e, eb), 0);
	assert_int_equal(e.port, UDPIO_DEFAULT_PORT);
	assert_int_equal(udpio_parse(":9996", &e, eb), 0);
	assert_string_equal(exporter_fmt(&e, s, sizeof(s)), "0.0.0.0:9996");
	assert_int_equal(udpio_parse("2055", &e, eb), 0);
	assert_int_equal(e.port, 2055);
	assert_int_equal(e.addr.af, AF_INET);
	assert_int_equal(udpio_parse("[::]:0", &e, eb), 0);
	assert_int_equal(e.addr.af, AF_INET6);
	assert_int_equal(e.port, 0);
	assert_int_equal(udpio_parse("198.18.0.1:65536", &e, eb), -1);
	assert_non_null(strstr(eb, "65536"));
	assert_int_equal(udpio_parse("198.18.0.1:x", &e, eb), -1);
	assert_int_equal(udpio_parse("[::1", &e, eb), -1);
	assert_int_equal(udpio_parse("[::1]x", &e, eb), -1);
	assert_int_equal(udpio_parse("example.org:53", &e, eb), -1);
	assert_non_null(strstr(eb, "example.org"));
}

static void
batch(const char *listen)
{
	char eb[UDPIO_ERRBUF_SIZE];
	struct exporter at;
	struct udpio *u;
	struct udpio_dgram d[UDPIO_BATCH];
	struct sockaddr_storage ss, me;
	socklen_t sl, ml = sizeof(me);
	uint8_t msg[100];
	int fd, i, n, got = 0;
	int64_t t0 = clock_now_us();
	uint16_t myport;

	assert_int_equal(udpio_parse(listen, &at, eb), 0);
	u = udpio_open(&at, 1 << 20, eb);
	if (u == NULL && at.addr.af == AF_INET6) {
		print_message("SKIPPED: no IPv6 loopback here: %s\n", eb);
		skip();
	}
	if (u == NULL)
		fail_msg("%s", eb);
	assert_true(udpio_local(u)->port != 0);
	assert_true(udpio_rcvbuf(u) >= 1 << 20);
	assert_true(udpio_drops(u) >= 0);	/* Linux: SO_RXQ_OVFL */

	/* nothing there: the timeout returns 0 */
	assert_int_equal(udpio_recv(u, 10, d, UDPIO_BATCH, eb), 0);

	memset(&ss, 0, sizeof(ss));
	if (at.addr.af == AF_INET6) {
		struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)&ss;

		s6->sin6_family = AF_INET6;
		s6->sin6_port = htons(udpio_local(u)->port);
		memcpy(&s6->sin6_addr, at.addr.a, 16);
		sl = sizeof(*s6);
	} else {
		struct sockaddr_in *s4 = (struct sockaddr_in *)&ss;

		s4->sin_family = AF_INET;
		s4->sin_port = htons(udpio_local(u)->port);
		memcpy(&s4->sin_addr, at.addr.a, 4);
		sl = sizeof(*s4);
	}
	fd = socket(ss.ss_family, SOCK_DGRAM, 0);
	assert_true(fd >= 0);
	for (i = 0; i < 10; i++) {
		memset(msg, i, sizeof(msg));
		assert_int_equal(sendto(fd, msg, (size_t)(10 + i), 0,
		    (struct sockaddr *)&ss, sl), 10 + i);
	}
	assert_int_equal(getsockname(fd, (struct sockaddr *)&me, &ml), 0);
	myport = ntohs(((struct sockaddr_in *)&me)->sin_port);
	/* loopback delivery is done when sendto returns: one call takes
	 * the whole batch */
	n = udpio_recv(u, 1000, d, UDPIO_BATCH, eb);
	assert_int_equal(n, 10);
	for (i = 0; i < n; i++, got++) {
		assert_int_equal(d[i].len, 10 + i);
		assert_int_equal(d[i].data[0], i);
		assert_false(d[i].truncated);
		assert_int_equal(d[i].from.port, myport);
		assert_int_equal(addr_cmp(&d[i].from.addr, &at.addr), 0);
		assert_true(d[i].arrival_us >= t0 - 1000000 &&
		    d[i].arrival_us <= clock_now_us() + 1000000);
	}
	assert_int_equal(udpio_drops(u), 0);
	close(fd);
	udpio_close(u);
}

static void
test_udpio_batch_ipv4(void **state)
{
	batch("127.0.0.1:0");
}

static void
test_udpio_batch_ipv6(void **state)
{
	batch("[::1]:0");
}

static void
test_udpio_bind_error_names_address(void **state)
{
	char eb[UDPIO_ERRBUF_SIZE];
	struct exporter at;

	/* an address this host does not have */
	assert_int_equal(udpio_parse("198.51.100.77:0", &at, eb), 0);
	assert_null(udpio_open(&at, 0, eb));
	assert_non_null(strstr(eb, "198.51.100.77"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_udpio_parse),
		cmocka_unit_test(test_udpio_batch_ipv4),
		cmocka_unit_test(test_udpio_batch_ipv6),
		cmocka_unit_test(test_udpio_bind_error_names_address),
	};

	return cmocka_run_group_tests_name("udpio", tests, NULL, NULL);
}
