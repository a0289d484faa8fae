/*
 * test_collect_golden.c: a golden of the collector's text decode for
 * export made by our own encoders: NetFlow v5 (nf5_encode_*) and IPFIX
 * (ipfix_enc_*) with pflow's template sets of OpenBSD 7.8 and -current
 * (IPv4, IPv6, NAT IPv4), written into pcaps of three link types (Linux
 * cooked v2 over IPv6, raw IPv4, Ethernet with IPv4 fragments of a
 * 576-octet MTU) and read back through collector_pcap().  The text is
 * compared with tests/golden/encoded.out (run from the repository root,
 * as tests/run.sh does); PFLOWLAB_UPDATE_GOLDEN=1 rewrites it.
 */
#include <sys/socket.h>
#include <netinet/in.h>

#include <pcap/dlt.h>
#include <unistd.h>

#include "testutil.h"

#include "collect.h"
#include "cursor.h"
#include "ipfix.h"
#include "nf5.h"
#include "pcapio.h"
#include "pflowtmpl.h"

#ifndef DLT_LINUX_SLL2
#define DLT_LINUX_SLL2	276
#endif

#define GOLDEN	"tests/golden/encoded.out"
#define T0	1767225600u		/* 2026-01-01T00:00:00Z */

static void
ep(struct exporter *e, const char *a, uint16_t port)
{
	memset(e, 0, sizeof(*e));
	assert_int_equal(addr_parse(a, &e->addr), 0);
	e->port = port;
}

/* Values for record k of a pflow template, field by field. */
static void
fill(const struct tmpl *t, int k, uint8_t store[][16], struct rec_val *v)
{
	uint16_t i;

	for (i = 0; i < t->nfields; i++) {
		uint8_t *p = store[i];
		uint16_t len = t->f[i].len;

		memset(p, 0, 16);
		switch (t->f[i].ie) {
		case 8:		/* sourceIPv4Address */
			p[0] = 10; p[1] = 0; p[2] = 0; p[3] = (uint8_t)(2 + k);
			break;
		case 12:	/* destinationIPv4Address */
			p[0] = 198; p[1] = 19; p[2] = 0; p[3] = 80;
			break;
		case 225:	/* postNATSourceIPv4Address */
			p[0] = 198; p[1] = 18; p[2] = 9; p[3] = 1;
			break;
		case 226:
			p[0] = 198; p[1] = 19; p[2] = 0; p[3] = 80;
			break;
		case 27:	/* sourceIPv6Address */
			p[0] = 0x20; p[1] = 0x01; p[2] = 0x0d; p[3] = 0xb8;
			p[15] = (uint8_t)(1 + k);
			break;
		case 28:
			p[0] = 0x20; p[1] = 0x01; p[2] = 0x0d; p[3] = 0xb8;
			p[14] = 0xff;
			break;
		case 10:	/* ingressInterface */
		case 14:
			put32(p, 3);
			break;
		case 2:		/* packetDeltaCount */
			put64(p, (uint64_t)(3 + k));
			break;
		case 1:		/* octetDeltaCount */
			put64(p, (uint64_t)(180 + 1000 * k));
			break;
		case 152:	/* flowStartMilliseconds */
			put64(p, (uint64_t)(T0 - 40) * 1000);
			break;
		case 153:
			put64(p, (uint64_t)(T0 - 31 + k) * 1000);
			break;
		case 7:		/* sourceTransportPort */
			put16(p, (uint16_t)(40000 + k));
			break;
		case 227:	/* postNAPTSourceTransportPort */
			put16(p, (uint16_t)(60000 + k));
			break;
		case 11:
		case 228:
			put16(p, 443);
			break;
		case 4:		/* protocolIdentifier */
			p[0] = 6;
			break;
		default:
			break;
		}
		v[i].p = p;
		v[i].len = len;
	}
}

/* One IPFIX message: the template set of a family, or n data records
 * of one layout. */
static size_t
msg_ipfix(uint8_t *buf, size_t len, enum pflow_family fam,
    enum pflow_layout lay, int n, uint32_t seq)
{
	struct ipfix_enc e;
	const struct tmpl *ts[3];
	const struct tmpl *t;
	uint8_t store[32][16];
	struct rec_val v[32];
	int k, nt = 0, r;

	assert_int_equal(ipfix_enc_begin(&e, buf, len, T0, seq, 42), 0);
	if (n == 0) {
		ts[nt++] = pflowtmpl_get(fam, PFLOW_L_OBSD_V4);
		if (fam == PFLOW_F_OBSD_CURRENT)
			ts[nt++] = pflowtmpl_get(fam, PFLOW_L_OBSD_NAT4);
		ts[nt++] = pflowtmpl_get(fam, PFLOW_L_OBSD_V6);
		for (k = 0; k < nt; k++)
			assert_non_null(ts[k]);
		assert_int_equal(ipfix_enc_tmpl_set(&e, ts, nt), 0);
	} else {
		t = pflowtmpl_get(fam, lay);
		assert_non_null(t);
		assert_true(t->nfields <= 32);
		assert_int_equal(ipfix_enc_set_begin(&e, t->id), 0);
		for (k = 0; k < n; k++) {
			fill(t, k, store, v);
			assert_int_equal(ipfix_enc_rec(&e, t, v), 0);
		}
		assert_int_equal(ipfix_enc_set_end(&e, 0), 0);
	}
	r = ipfix_enc_end(&e);
	assert_true(r > 0);
	return (size_t)r;
}

static size_t
msg_v5(uint8_t *buf, int n, uint32_t seq)
{
	struct nf5_hdr h;
	struct nf5_rec r;
	int k;

	memset(&h, 0, sizeof(h));
	h.version = 5;
	h.count = (uint16_t)n;
	h.uptime_ms = 3600000;
	h.time_sec = T0;
	h.flow_sequence = seq;
	h.engine_type = 42;
	h.engine_id = 42;
	assert_true(nf5_encode_hdr(buf, NF5_HDR_LEN, &h) >= 0);
	for (k = 0; k < n; k++) {
		memset(&r, 0, sizeof(r));
		r.src_ip[0] = 10; r.src_ip[3] = (uint8_t)(2 + k);
		r.dest_ip[0] = 198; r.dest_ip[1] = 19; r.dest_ip[3] = 53;
		r.if_index_in = 3;
		r.if_index_out = 3;
		r.flow_packets = 1;
		r.flow_octets = (uint32_t)(61 + k);
		r.flow_start = 3600000 - 40000;
		r.flow_finish = 3600000 - 40000 + 1000 * (uint32_t)k;
		r.src_port = (uint16_t)(5353 + k);
		r.dest_port = 53;
		r.protocol = 17;
		assert_true(nf5_encode_rec(buf + NF5_HDR_LEN +
		    (size_t)k * NF5_REC_LEN, NF5_REC_LEN, &r) >= 0);
	}
	return NF5_HDR_LEN + (size_t)n * NF5_REC_LEN;
}

static void
test_collect_golden_encoded(void **state)
{
	char p[3][64], errbuf[512];
	struct collect_opts opts;
	struct collector *c;
	struct pcapio_w *w;
	struct exporter e78, ecur, ev5, col4, col6;
	static uint8_t buf[4096];
	char *text = NULL;
	size_t tlen = 0, glen = 0, len;
	uint8_t *golden;
	FILE *tf;
	int i, fd;

	for (i = 0; i < 3; i++) {
		snprintf(p[i], sizeof(p[i]), "/tmp/test_cgolden.XXXXXX");
		fd = mkstemp(p[i]);
		assert_true(fd >= 0);
		close(fd);
	}
	ep(&e78, "2001:db8::42", 40001);
	ep(&col6, "2001:db8::1", 4739);
	ep(&ecur, "198.18.0.42", 40002);
	ep(&ev5, "198.18.0.43", 40003);
	ep(&col4, "198.18.0.1", 2055);

	/* OpenBSD 7.8 over IPv6, Linux cooked v2 */
	w = pcapio_create(p[0], DLT_LINUX_SLL2, errbuf);
	assert_non_null(w);
	len = msg_ipfix(buf, sizeof(buf), PFLOW_F_OBSD_78, 0, 0, 0);
	assert_int_equal(pcapio_write_udp(w, (int64_t)T0 * 1000000, &e78,
	    &col6, buf, len, 0, 0), 1);
	len = msg_ipfix(buf, sizeof(buf), PFLOW_F_OBSD_78, PFLOW_L_OBSD_V4,
	    2, 0);
	assert_int_equal(pcapio_write_udp(w, (int64_t)T0 * 1000000 + 1000,
	    &e78, &col6, buf, len, 0, 0), 1);
	len = msg_ipfix(buf, sizeof(buf), PFLOW_F_OBSD_78, PFLOW_L_OBSD_V6,
	    2, 2);
	assert_int_equal(pcapio_write_udp(w, (int64_t)T0 * 1000000 + 2000,
	    &e78, &col6, buf, len, 0, 0), 1);
	assert_int_equal(pcapio_w_close(w), 0);

	/* OpenBSD -current over raw IPv4, NAT records */
	w = pcapio_create(p[1], DLT_RAW, errbuf);
	assert_non_null(w);
	len = msg_ipfix(buf, sizeof(buf), PFLOW_F_OBSD_CURRENT, 0, 0, 0);
	assert_int_equal(pcapio_write_udp(w, (int64_t)T0 * 1000000, &ecur,
	    &col4, buf, len, 0, 0), 1);
	len = msg_ipfix(buf, sizeof(buf), PFLOW_F_OBSD_CURRENT,
	    PFLOW_L_OBSD_NAT4, 2, 0);
	assert_int_equal(pcapio_write_udp(w, (int64_t)T0 * 1000000 + 1000,
	    &ecur, &col4, buf, len, 0, 0), 1);
	assert_int_equal(pcapio_w_close(w), 0);

	/* v5 and a full IPFIX message, as fragments of a 576 MTU */
	w = pcapio_create(p[2], DLT_EN10MB, errbuf);
	assert_non_null(w);
	len = msg_v5(buf, 3, 0);
	assert_int_equal(pcapio_write_udp(w, (int64_t)T0 * 1000000, &ev5,
	    &col4, buf, len, 576, 1), 1);
	len = msg_ipfix(buf, sizeof(buf), PFLOW_F_OBSD_CURRENT, 0, 0, 2);
	assert_int_equal(pcapio_write_udp(w, (int64_t)T0 * 1000000 + 500,
	    &ecur, &col4, buf, len, 576, 2), 1);
	len = msg_ipfix(buf, sizeof(buf), PFLOW_F_OBSD_CURRENT,
	    PFLOW_L_OBSD_V4, 22, 2);
	assert_true(pcapio_write_udp(w, (int64_t)T0 * 1000000 + 1000, &ecur,
	    &col4, buf, len, 576, 3) > 1);
	assert_int_equal(pcapio_w_close(w), 0);

	tf = open_memstream(&text, &tlen);
	memset(&opts, 0, sizeof(opts));
	opts.text = tf;
	c = collector_new(&opts);
	assert_non_null(c);
	for (i = 0; i < 3; i++)
		assert_int_equal(collector_pcap(c, p[i], NULL, errbuf,
		    sizeof(errbuf)), 0);
	collector_finish(c);
	collector_free(c);
	fclose(tf);
	for (i = 0; i < 3; i++)
		unlink(p[i]);

	if (getenv("PFLOWLAB_UPDATE_GOLDEN") != NULL) {
		FILE *g = fopen(GOLDEN, "w");

		assert_non_null(g);
		fwrite(text, 1, tlen, g);
		fclose(g);
	}
	golden = test_read_file(GOLDEN, &glen);
	if (golden == NULL) {
		print_message("SKIPPED: %s not found (run from the repository "
		    "root)\n", GOLDEN);
		free(text);
		skip();
	}
	if (glen != tlen || memcmp(golden, text, tlen) != 0)
		fail_msg("decode differs from %s; got:\n%s", GOLDEN, text);
	free(golden);
	free(text);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_collect_golden_encoded),
	};

	return cmocka_run_group_tests_name("collect_golden", tests, NULL,
	    NULL);
}
