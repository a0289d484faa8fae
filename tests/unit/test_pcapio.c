/*
 * test_pcapio.c: pcaps written through pcapio (every link type the
 * collector reads, IPv4 and IPv6, whole and fragmented) read back through
 * pcapio + pkt_parse with the same addresses, ports, payload and times.
 */
#include <sys/socket.h>
#include <netinet/in.h>

#include <pcap/pcap.h>
#include <unistd.h>

#include "testutil.h"

#include "ipfrag.h"
#include "pcapio.h"
#include "pkt.h"

#ifndef DLT_LINUX_SLL2
#define DLT_LINUX_SLL2	276
#endif

static void
ep(struct exporter *e, const char *a, uint16_t port)
{
	memset(e, 0, sizeof(*e));
	assert_int_equal(addr_parse(a, &e->addr), 0);
	e->port = port;
}

static char *
tmpname(char *buf, size_t len)
{
	int fd;

	snprintf(buf, len, "/tmp/test_pcapio.XXXXXX");
	fd = mkstemp(buf);
	assert_true(fd >= 0);
	close(fd);
	return buf;
}

/* Internet checksum of a buffer (0 when it verifies, folded). */
static uint16_t
cksum(uint32_t sum, const uint8_t *p, size_t n)
{
	size_t i;

	for (i = 0; i + 1 < n; i += 2)
		sum += (uint32_t)(p[i] << 8 | p[i + 1]);
	if (n & 1)
		sum += (uint32_t)(p[n - 1] << 8);
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

static void
roundtrip(int lt, const char *sa, const char *da)
{
	char path[64], errbuf[PCAPIO_ERRBUF_SIZE];
	struct pcapio_w *w;
	struct pcapio_r *r;
	struct pcapio_frame f;
	struct exporter src, dst;
	struct pkt p;
	uint8_t payload[300];
	size_t i;
	int n;

	for (i = 0; i < sizeof(payload); i++)
		payload[i] = (uint8_t)(i * 7 + 1);
	ep(&src, sa, 40001);
	ep(&dst, da, 4739);
	tmpname(path, sizeof(path));
	w = pcapio_create(path, lt, errbuf);
	assert_non_null(w);
	assert_int_equal(pcapio_w_linktype(w), lt);
	assert_int_equal(pcapio_write_udp(w, 1767225600123456LL, &src, &dst,
	    payload, sizeof(payload), 0, 0), 1);
	assert_int_equal(pcapio_write_udp(w, 1767225601000001LL, &src, &dst,
	    payload, 17, 0, 0), 1);
	assert_int_equal(pcapio_w_close(w), 0);

	r = pcapio_open(path, errbuf);
	assert_non_null(r);
	assert_int_equal(pcapio_linktype(r), lt);
	for (n = 0; n < 2; n++) {
		size_t want = n == 0 ? sizeof(payload) : 17;

		assert_int_equal(pcapio_next(r, &f), 1);
		assert_int_equal(f.index, (uint64_t)n);
		assert_true(f.ts_us == (n == 0 ? 1767225600123456LL :
		    1767225601000001LL));
		assert_int_equal(f.caplen, f.wirelen);
		assert_int_equal(pkt_parse(f.linktype, f.data, f.caplen, &p),
		    PKT_OK);
		assert_int_equal(addr_cmp(&p.src, &src.addr), 0);
		assert_int_equal(addr_cmp(&p.dst, &dst.addr), 0);
		assert_int_equal(p.proto, IPPROTO_UDP);
		assert_int_equal(p.sport, 40001);
		assert_int_equal(p.dport, 4739);
		assert_int_equal(p.payload_len, want);
		assert_int_equal(p.payload_wire, want);
		assert_memory_equal(p.payload, payload, want);
		assert_int_equal(p.frag, 0);
		if (src.addr.af == AF_INET) {
			/* IPv4 header checksum verifies */
			assert_int_equal(cksum(0, p.l3, 20), 0);
		}
		{
			/* UDP checksum over the pseudo-header verifies */
			uint8_t ph[4];
			uint32_t sum = 0;
			size_t al = src.addr.af == AF_INET6 ? 16 : 4, k;

			for (k = 0; k + 1 < al; k += 2) {
				sum += (uint32_t)(src.addr.a[k] << 8 |
				    src.addr.a[k + 1]);
				sum += (uint32_t)(dst.addr.a[k] << 8 |
				    dst.addr.a[k + 1]);
			}
			ph[0] = 0;
			ph[1] = 0;
			ph[2] = (uint8_t)((want + 8) >> 8);
			ph[3] = (uint8_t)(want + 8);
			sum += (uint32_t)(ph[2] << 8 | ph[3]) + IPPROTO_UDP;
			assert_int_equal(cksum(sum, p.l4, want + 8), 0);
		}
	}
	assert_int_equal(pcapio_next(r, &f), 0);
	pcapio_close(r);
	unlink(path);
}

static void
test_pcapio_ethernet_v4(void **state)
{
	roundtrip(DLT_EN10MB, "198.18.0.1", "198.18.0.2");
}

static void
test_pcapio_ethernet_v6(void **state)
{
	roundtrip(DLT_EN10MB, "2001:db8::1", "2001:db8::2");
}

static void
test_pcapio_raw(void **state)
{
	roundtrip(DLT_RAW, "198.18.0.1", "198.18.0.2");
	roundtrip(DLT_RAW, "2001:db8::1", "2001:db8::2");
}

static void
test_pcapio_sll(void **state)
{
	roundtrip(DLT_LINUX_SLL, "198.18.0.1", "198.18.0.2");
	roundtrip(DLT_LINUX_SLL, "2001:db8::1", "2001:db8::2");
}

static void
test_pcapio_sll2(void **state)
{
	roundtrip(DLT_LINUX_SLL2, "198.18.0.1", "198.18.0.2");
	roundtrip(DLT_LINUX_SLL2, "2001:db8::1", "2001:db8::2");
}

static void
test_pcapio_loopback(void **state)
{
	roundtrip(DLT_NULL, "127.0.0.1", "127.0.0.1");
	roundtrip(DLT_NULL, "::1", "::1");
}

/* Fragments written by pcapio_write_udp reassemble to the payload. */
static void
fragments(int lt, const char *sa, const char *da)
{
	char path[64], errbuf[PCAPIO_ERRBUF_SIZE];
	struct pcapio_w *w;
	struct pcapio_r *r;
	struct pcapio_frame f;
	struct exporter src, dst;
	struct pkt p;
	struct ipfrag *fr;
	struct ipfrag_done done;
	uint8_t payload[3000];
	size_t i;
	int n, frames = 0, got = 0;

	for (i = 0; i < sizeof(payload); i++)
		payload[i] = (uint8_t)(i ^ (i >> 8));
	ep(&src, sa, 2055);
	ep(&dst, da, 2055);
	tmpname(path, sizeof(path));
	w = pcapio_create(path, lt, errbuf);
	assert_non_null(w);
	n = pcapio_write_udp(w, 1000000, &src, &dst, payload,
	    sizeof(payload), 1280, 77);
	assert_int_equal(n, 3);
	assert_int_equal(pcapio_w_close(w), 0);

	fr = ipfrag_new(NULL, NULL, NULL);
	assert_non_null(fr);
	r = pcapio_open(path, errbuf);
	assert_non_null(r);
	while (pcapio_next(r, &f) == 1) {
		assert_int_equal(pkt_parse(f.linktype, f.data, f.caplen, &p),
		    PKT_OK);
		assert_true(p.frag & PKT_FRAG);
		assert_true(p.l3_len <= 1280);
		frames++;
		if (ipfrag_add(fr, &p, f.ts_us, f.index, &done) ==
		    IPFRAG_DONE) {
			got++;
			assert_int_equal(done.len, sizeof(payload) + 8);
			assert_int_equal(done.proto, IPPROTO_UDP);
			assert_int_equal(done.nfrags, 3);
			assert_memory_equal(done.data + 8, payload,
			    sizeof(payload));
		}
	}
	assert_int_equal(frames, 3);
	assert_int_equal(got, 1);
	assert_int_equal(ipfrag_pending(fr), 0);
	pcapio_close(r);
	ipfrag_free(fr);
	unlink(path);
}

static void
test_pcapio_fragments_v4(void **state)
{
	fragments(DLT_EN10MB, "198.18.0.1", "198.18.0.2");
}

static void
test_pcapio_fragments_v6(void **state)
{
	fragments(DLT_RAW, "2001:db8::1", "2001:db8::2");
}

static void
test_pcapio_open_missing_names_file(void **state)
{
	char errbuf[PCAPIO_ERRBUF_SIZE];

	assert_null(pcapio_open("/nonexistent/x.pcap", errbuf));
	assert_non_null(strstr(errbuf, "/nonexistent/x.pcap"));
}

static void
test_pcapio_frame_too_small(void **state)
{
	struct exporter src, dst;
	uint8_t buf[40], pl[100] = { 0 };

	ep(&src, "198.18.0.1", 1);
	ep(&dst, "198.18.0.2", 2);
	assert_int_equal(pcapio_udp_frame(buf, sizeof(buf), DLT_EN10MB, &src,
	    &dst, pl, sizeof(pl)), -1);
	/* mixed families refused */
	ep(&dst, "2001:db8::2", 2);
	assert_int_equal(pcapio_udp_frame(buf, sizeof(buf), DLT_RAW, &src,
	    &dst, pl, 1), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pcapio_ethernet_v4),
		cmocka_unit_test(test_pcapio_ethernet_v6),
		cmocka_unit_test(test_pcapio_raw),
		cmocka_unit_test(test_pcapio_sll),
		cmocka_unit_test(test_pcapio_sll2),
		cmocka_unit_test(test_pcapio_loopback),
		cmocka_unit_test(test_pcapio_fragments_v4),
		cmocka_unit_test(test_pcapio_fragments_v6),
		cmocka_unit_test(test_pcapio_open_missing_names_file),
		cmocka_unit_test(test_pcapio_frame_too_small),
	};

	return cmocka_run_group_tests_name("pcapio", tests, NULL, NULL);
}
