/*
 * test_collect.c: the collector library end to end: datagrams made with
 * the v5 and IPFIX encoders go in, JSON Lines / CSV / findings come out
 * and are read back with jansson; pcaps written by pcapio (fragmented,
 * cut short, on other ports) are picked apart as documented.
 */
#include <sys/socket.h>
#include <netinet/in.h>

#include <jansson.h>
#include <pcap/dlt.h>
#include <unistd.h>

#include "testutil.h"

#include "cmds.h"
#include "collect.h"
#include "collect_int.h"
#include "cursor.h"
#include "ipfix.h"
#include "nf5.h"
#include "pcapio.h"

struct out {
	char	*json, *csv, *text, *find;
	size_t	 jlen, clen, tlen, flen;
	FILE	*jf, *cf, *tf, *ff;
};

static struct collector *
mk(struct out *o, struct collect_opts *opts)
{
	memset(o, 0, sizeof(*o));
	o->jf = open_memstream(&o->json, &o->jlen);
	o->cf = open_memstream(&o->csv, &o->clen);
	o->tf = open_memstream(&o->text, &o->tlen);
	o->ff = open_memstream(&o->find, &o->flen);
	opts->json = o->jf;
	opts->csv = o->cf;
	opts->text = o->tf;
	opts->findings = o->ff;
	return collector_new(opts);
}

static void
done(struct collector *c, struct out *o)
{
	collector_finish(c);
	fclose(o->jf);
	fclose(o->cf);
	fclose(o->tf);
	fclose(o->ff);
}

static void
out_free(struct out *o)
{
	free(o->json);
	free(o->csv);
	free(o->text);
	free(o->find);
}

static int
nlines(const char *s)
{
	int n = 0;

	for (; s != NULL && *s != '\0'; s++)
		n += *s == '\n';
	return n;
}

/* Line i (from 0) of s parsed as JSON. */
static json_t *
jline(const char *s, int i)
{
	json_error_t e;
	const char *end;
	char *line;
	json_t *j;

	while (i-- > 0) {
		s = strchr(s, '\n');
		assert_non_null(s);
		s++;
	}
	end = strchr(s, '\n');
	assert_non_null(end);
	line = strndup(s, (size_t)(end - s));
	j = json_loads(line, 0, &e);
	if (j == NULL)
		fail_msg("bad JSON '%s': %s", line, e.text);
	free(line);
	return j;
}

static json_int_t
jint(json_t *o, const char *k)
{
	json_t *v = json_object_get(o, k);

	if (v == NULL || !json_is_integer(v))
		fail_msg("key %s missing or not an integer", k);
	return json_integer_value(v);
}

static const char *
jstr(json_t *o, const char *k)
{
	json_t *v = json_object_get(o, k);

	if (v == NULL || !json_is_string(v))
		fail_msg("key %s missing or not a string", k);
	return json_string_value(v);
}

static void
ep(struct exporter *e, const char *a, uint16_t port)
{
	memset(e, 0, sizeof(*e));
	assert_int_equal(addr_parse(a, &e->addr), 0);
	e->port = port;
}

/* ---- an IPFIX message with every kind of value ---- */

static struct tmpl_field kitchen_f[] = {
	{ 8, 4, 0 },		/* sourceIPv4Address */
	{ 28, 16, 0 },		/* destinationIPv6Address */
	{ 1, 8, 0 },		/* octetDeltaCount */
	{ 2, 8, 0 },		/* packetDeltaCount */
	{ 56, 6, 0 },		/* sourceMacAddress */
	{ 82, TMPL_VARLEN, 0 },	/* interfaceName */
	{ 1, 4, 0 },		/* octetDeltaCount again */
	{ 5, 2, 29305 },	/* enterprise element */
	{ 152, 8, 0 },		/* flowStartMilliseconds */
	{ 154, 8, 0 },		/* flowStartMicroseconds */
	{ 4, 1, 0 },		/* protocolIdentifier */
};

static struct tmpl kitchen = {
	.id = 300, .nfields = 11, .kind = TMPL_DATA, .version = 10,
	.f = kitchen_f
};

static size_t
kitchen_msg(uint8_t *buf, size_t len, uint64_t octets, uint32_t seq)
{
	struct ipfix_enc e;
	const struct tmpl *tp = &kitchen;
	uint8_t src[4] = { 198, 18, 0, 1 }, dst[16], oc[8], pk[8], mac[6] =
	    { 0x02, 0x00, 0x5e, 0xab, 0xcd, 0xef }, o2[4], en[2] = { 0xab,
	    0xcd }, st[8], us[8], pr[1] = { 17 };
	const char name[] = "em0 \"x\"\\\001";
	struct rec_val v[11];
	int n;

	memset(dst, 0, sizeof(dst));
	dst[0] = 0x20;
	dst[1] = 0x01;
	dst[2] = 0x0d;
	dst[3] = 0xb8;
	dst[15] = 2;
	put64(oc, octets);
	put64(pk, 9007199254740993ULL);		/* 2^53 + 1 */
	put32(o2, 77);
	put64(st, 1767225600500ULL);
	/* 2026-01-01T00:00:00.25 in NTP: seconds + 2^32/4 */
	put32(us, (uint32_t)(1767225600ULL + 2208988800ULL));
	put32(us + 4, 0x40000000u);
	v[0] = (struct rec_val){ src, 4 };
	v[1] = (struct rec_val){ dst, 16 };
	v[2] = (struct rec_val){ oc, 8 };
	v[3] = (struct rec_val){ pk, 8 };
	v[4] = (struct rec_val){ mac, 6 };
	v[5] = (struct rec_val){ (const uint8_t *)name, sizeof(name) - 1 };
	v[6] = (struct rec_val){ o2, 4 };
	v[7] = (struct rec_val){ en, 2 };
	v[8] = (struct rec_val){ st, 8 };
	v[9] = (struct rec_val){ us, 8 };
	v[10] = (struct rec_val){ pr, 1 };
	assert_int_equal(ipfix_enc_begin(&e, buf, len, 1767225601, seq, 7), 0);
	assert_int_equal(ipfix_enc_tmpl_set(&e, &tp, 1), 0);
	assert_int_equal(ipfix_enc_set_begin(&e, 300), 0);
	assert_int_equal(ipfix_enc_rec(&e, &kitchen, v), 0);
	assert_int_equal(ipfix_enc_set_end(&e, 0), 0);
	n = ipfix_enc_end(&e);
	assert_true(n > 0);
	return (size_t)n;
}

static void
test_collect_json_every_value_type(void **state)
{
	struct collect_opts opts = { 0 };
	struct out o;
	struct collector *c = mk(&o, &opts);
	struct exporter ex;
	uint8_t buf[512];
	size_t len = kitchen_msg(buf, sizeof(buf), UINT64_MAX, 0);
	json_t *j;
	const char *k;
	json_t *v;
	const char *order[] = { "dgram", "exporter", "version", "domain",
	    "template", "seq", "export_time", "arrival_us", "start_ms",
	    "end_ms", "sourceIPv4Address", "destinationIPv6Address",
	    "octetDeltaCount", "packetDeltaCount", "sourceMacAddress",
	    "interfaceName", "octetDeltaCount_2", "e29305.5",
	    "flowStartMilliseconds", "flowStartMicroseconds",
	    "protocolIdentifier" };
	size_t i = 0;

	ep(&ex, "198.18.0.9", 40000);
	assert_non_null(c);
	assert_int_equal(collector_datagram(c, buf, len, &ex,
	    1767225601123456LL), 0);
	len = kitchen_msg(buf, sizeof(buf), 12345, 1);
	assert_int_equal(collector_datagram(c, buf, len, &ex,
	    1767225601123456LL), 0);
	done(c, &o);
	assert_int_equal(nlines(o.json), 2);
	/* 64-bit exact, straight from the text (jansson stops at 2^63) */
	assert_non_null(strstr(o.json, "\"octetDeltaCount\":18446744073709551615,"));
	assert_non_null(strstr(o.json, "\"packetDeltaCount\":9007199254740993,"));
	j = jline(o.json, 1);
	assert_int_equal(jint(j, "octetDeltaCount"), 12345);
	/* keys in the documented order */
	json_object_foreach(j, k, v) {
		assert_true(i < sizeof(order) / sizeof(order[0]));
		assert_string_equal(k, order[i]);
		i++;
	}
	assert_int_equal(i, sizeof(order) / sizeof(order[0]));
	assert_int_equal(jint(j, "dgram"), 1);
	assert_int_equal(jint(j, "seq"), 1);
	assert_string_equal(jstr(j, "exporter"), "198.18.0.9:40000");
	assert_int_equal(jint(j, "version"), 10);
	assert_int_equal(jint(j, "domain"), 7);
	assert_int_equal(jint(j, "template"), 300);
	assert_int_equal(jint(j, "export_time"), 1767225601);
	assert_true(jint(j, "arrival_us") == 1767225601123456LL);
	assert_true(jint(j, "start_ms") == 1767225600500LL);
	assert_true(json_is_null(json_object_get(j, "end_ms")));
	assert_null(json_object_get(j, "layout"));
	assert_string_equal(jstr(j, "sourceIPv4Address"), "198.18.0.1");
	assert_string_equal(jstr(j, "destinationIPv6Address"), "2001:db8::2");
	assert_string_equal(jstr(j, "sourceMacAddress"), "02:00:5e:ab:cd:ef");
	assert_string_equal(jstr(j, "interfaceName"), "em0 \"x\"\\\001");
	assert_int_equal(jint(j, "octetDeltaCount_2"), 77);
	assert_string_equal(jstr(j, "e29305.5"), "abcd");
	assert_true(jint(j, "flowStartMicroseconds") == 1767225600250000LL);
	assert_int_equal(jint(j, "protocolIdentifier"), 17);
	json_decref(j);
	/* the text line shows the same record */
	assert_non_null(strstr(o.text, " rec tmpl=300 "));
	assert_non_null(strstr(o.text, "src=198.18.0.1 dst=2001:db8::2 "));
	assert_non_null(strstr(o.text, "first=1767225600500 [-0.500s]"));
	assert_non_null(strstr(o.text, " e29305.5=abcd"));
	assert_non_null(strstr(o.text, " sourceMacAddress=02:00:5e:ab:cd:ef"));
	assert_int_equal(collector_status(c), EXIT_PASS);
	collector_free(c);
	out_free(&o);
}

/* Templates re-sent in every message: the prepared layouts follow them
 * and their table stays small. */
static void
test_collect_template_churn(void **state)
{
	struct collect_opts opts = { 0 };
	struct out o;
	struct collector *c = mk(&o, &opts);
	struct exporter ex;
	uint8_t buf[512];
	size_t len;
	uint32_t i;

	ep(&ex, "198.18.0.9", 40000);
	for (i = 0; i < 5000; i++) {
		len = kitchen_msg(buf, sizeof(buf), i, i);
		collector_datagram(c, buf, len, &ex, 1767225601000000LL);
	}
	done(c, &o);
	assert_int_equal(nlines(o.json), 5000);
	assert_non_null(strstr(o.json, "\"octetDeltaCount\":4999,"));
	assert_true(c->laycap <= 256);
	collector_free(c);
	out_free(&o);
}

/* ---- NetFlow v5: JSON, CSV, derived times ---- */

static size_t
v5_msg(uint8_t *buf, uint16_t count, uint32_t seq)
{
	struct nf5_hdr h = { 0 };
	struct nf5_rec r;
	uint16_t i;

	h.version = 5;
	h.count = count;
	h.uptime_ms = 100000;
	h.time_sec = 1767225600;
	h.time_nanosec = 250000000;
	h.flow_sequence = seq;
	assert_true(nf5_encode_hdr(buf, NF5_HDR_LEN, &h) >= 0);
	for (i = 0; i < count; i++) {
		memset(&r, 0, sizeof(r));
		r.src_ip[0] = 198; r.src_ip[1] = 18; r.src_ip[3] = 1;
		r.dest_ip[0] = 198; r.dest_ip[1] = 19; r.dest_ip[3] = 2;
		r.if_index_in = 1;
		r.if_index_out = 2;
		r.flow_packets = 10 + i;
		r.flow_octets = 1000 + i;
		r.flow_start = 90000;
		r.flow_finish = 99000;
		r.src_port = (uint16_t)(40000 + i);
		r.dest_port = 80;
		r.protocol = 6;
		assert_true(nf5_encode_rec(buf + NF5_HDR_LEN +
		    (size_t)i * NF5_REC_LEN, NF5_REC_LEN, &r) >= 0);
	}
	return NF5_HDR_LEN + (size_t)count * NF5_REC_LEN;
}

static void
test_collect_v5_json_csv(void **state)
{
	struct collect_opts opts = { 0 };
	struct out o;
	struct collector *c = mk(&o, &opts);
	struct exporter ex;
	uint8_t buf[NF5_MAXLEN];
	size_t len;
	json_t *j;

	ep(&ex, "2001:db8::5", 2055);
	len = v5_msg(buf, 2, 0);
	collector_datagram(c, buf, len, &ex, 1767225600300000LL);
	len = v5_msg(buf, 1, 2);
	collector_datagram(c, buf, len, &ex, 1767225600400000LL);
	done(c, &o);
	assert_int_equal(nlines(o.json), 3);
	j = jline(o.json, 1);
	assert_string_equal(jstr(j, "exporter"), "[2001:db8::5]:2055");
	assert_int_equal(jint(j, "version"), 5);
	assert_int_equal(jint(j, "dgram"), 0);
	/* unix 1767225600.250 - (100000 - 90000) ms */
	assert_true(jint(j, "start_ms") == 1767225590250LL);
	assert_true(jint(j, "end_ms") == 1767225599250LL);
	assert_int_equal(jint(j, "packetDeltaCount"), 11);
	assert_int_equal(jint(j, "octetDeltaCount"), 1001);
	assert_int_equal(jint(j, "sourceTransportPort"), 40001);
	json_decref(j);
	j = jline(o.json, 2);
	assert_int_equal(jint(j, "dgram"), 1);
	assert_int_equal(jint(j, "seq"), 2);
	json_decref(j);
	/* CSV: header and one row per record, fixed columns */
	assert_int_equal(nlines(o.csv), 4);
	assert_true(strncmp(o.csv, "dgram,exporter,version,domain,template,"
	    "seq,export_time,arrival_us,src,dst,sport,dport,proto,", 60) == 0);
	assert_non_null(strstr(o.csv, "\n0,[2001:db8::5]:2055,5,0,"));
	assert_non_null(strstr(o.csv, ",198.18.0.1,198.19.0.2,40001,80,6,0,0,"
	    "1,2,11,1001,1767225590250,1767225599250,,,,\n"));
	/* text: raw uptime and the derived offset */
	assert_non_null(strstr(o.text, "first=90000 [-9.750s] "
	    "last=99000 [-0.750s]"));
	assert_string_equal(o.find, "");
	assert_int_equal(collector_status(c), EXIT_PASS);
	assert_int_equal(collector_nrecords(c), 3);
	assert_int_equal(collector_ndgrams(c), 2);
	collector_free(c);
	out_free(&o);
}

static void
test_collect_record_and_datagram_limits(void **state)
{
	struct collect_opts opts = { 0 };
	struct out o;
	struct collector *c;
	struct exporter ex;
	uint8_t buf[NF5_MAXLEN];
	size_t len = v5_msg(buf, 5, 0);

	ep(&ex, "198.18.0.1", 2055);
	opts.max_records = 3;
	c = mk(&o, &opts);
	assert_int_equal(collector_datagram(c, buf, len, &ex, 1), 1);
	assert_true(collector_done(c));
	assert_int_equal(collector_datagram(c, buf, len, &ex, 2), 1);
	done(c, &o);
	assert_int_equal(nlines(o.json), 3);
	assert_int_equal(collector_ndgrams(c), 1);
	collector_free(c);
	out_free(&o);

	memset(&opts, 0, sizeof(opts));
	opts.max_dgrams = 2;
	c = mk(&o, &opts);
	assert_int_equal(collector_datagram(c, buf, len, &ex, 1), 0);
	assert_int_equal(collector_datagram(c, buf, len, &ex, 2), 1);
	done(c, &o);
	assert_int_equal(nlines(o.json), 10);
	collector_free(c);
	out_free(&o);
}

static void
test_collect_error_finding_sets_status(void **state)
{
	struct collect_opts opts = { 0 };
	struct out o;
	struct collector *c = mk(&o, &opts);
	struct exporter ex;
	uint8_t buf[512];
	size_t len = kitchen_msg(buf, sizeof(buf), 1, 0);
	json_t *j;
	char *sum = NULL;
	size_t slen;
	FILE *sf;

	ep(&ex, "198.18.0.1", 4739);
	/* the message header claims 4 octets more than the datagram */
	put16(buf + 2, (uint16_t)(len + 4));
	collector_datagram(c, buf, len, &ex, 1767225601000000LL);
	done(c, &o);
	assert_true(nlines(o.find) >= 1);
	j = jline(o.find, 0);
	assert_string_equal(jstr(j, "rule"), "IPFIX-MSGLEN");
	assert_string_equal(jstr(j, "severity"), "error");
	assert_string_equal(jstr(j, "exporter"), "198.18.0.1:4739");
	assert_int_equal(jint(j, "offset"), 2);
	assert_int_equal(jint(j, "dgram"), 0);
	json_decref(j);
	assert_int_equal(collector_status(c), EXIT_FAIL);
	sf = open_memstream(&sum, &slen);
	collector_summary(c, sf);
	fclose(sf);
	assert_non_null(strstr(sum, "exporter 198.18.0.1:4739 domain 7 IPFIX"));
	assert_non_null(strstr(sum, "IPFIX-MSGLEN"));
	assert_non_null(strstr(sum, "errors 1"));
	free(sum);
	collector_free(c);
	out_free(&o);
}

/* ---- pcap input ---- */

static char *
tmpname(char *buf, size_t len)
{
	int fd;

	snprintf(buf, len, "/tmp/test_collect.XXXXXX");
	fd = mkstemp(buf);
	assert_true(fd >= 0);
	close(fd);
	return buf;
}

/* An IPFIX message of n pflow-style IPv4 records (54 octets each). */
static size_t
big_msg(uint8_t *buf, size_t len, int n, uint32_t seq)
{
	static struct tmpl_field f[] = {
		{ 8, 4, 0 }, { 12, 4, 0 }, { 10, 4, 0 }, { 14, 4, 0 },
		{ 2, 8, 0 }, { 1, 8, 0 }, { 152, 8, 0 }, { 153, 8, 0 },
		{ 7, 2, 0 }, { 11, 2, 0 }, { 5, 1, 0 }, { 4, 1, 0 },
	};
	static struct tmpl t = { .id = 256, .nfields = 12,
	    .kind = TMPL_DATA, .version = 10, .f = f };
	const struct tmpl *tp = &t;
	struct ipfix_enc e;
	uint8_t rec[54];
	int i, r;

	assert_int_equal(ipfix_enc_begin(&e, buf, len, 1767225601, seq, 42),
	    0);
	assert_int_equal(ipfix_enc_tmpl_set(&e, &tp, 1), 0);
	assert_int_equal(ipfix_enc_set_begin(&e, 256), 0);
	for (i = 0; i < n; i++) {
		memset(rec, 0, sizeof(rec));
		rec[0] = 198; rec[1] = 18; rec[3] = 1;
		rec[4] = 198; rec[5] = 19; rec[7] = 2;
		put64(rec + 16, 1);
		put64(rec + 24, (uint64_t)(100 + i));
		put64(rec + 32, 1767225600000ULL);
		put64(rec + 40, 1767225600000ULL);
		put16(rec + 48, (uint16_t)(1000 + i));
		put16(rec + 50, 53);
		rec[53] = 17;
		assert_int_equal(ipfix_enc_raw(&e, rec, sizeof(rec)), 0);
	}
	assert_int_equal(ipfix_enc_set_end(&e, 0), 0);
	r = ipfix_enc_end(&e);
	assert_true(r > 0);
	return (size_t)r;
}

static void
test_collect_pcap_fragmented_ipfix(void **state)
{
	char path[64], errbuf[512];
	struct collect_opts opts = { 0 };
	struct out o;
	struct collector *c;
	struct pcapio_w *w;
	struct exporter src, dst;
	static uint8_t buf[8192];
	size_t len = big_msg(buf, sizeof(buf), 80, 0);
	json_t *j;

	ep(&src, "198.18.0.1", 50000);
	ep(&dst, "198.18.0.2", 4739);
	tmpname(path, sizeof(path));
	w = pcapio_create(path, DLT_LINUX_SLL, errbuf);
	assert_non_null(w);
	assert_int_equal(pcapio_write_udp(w, 1767225601000000LL, &src, &dst,
	    buf, len, 1500, 4242), 3);
	assert_int_equal(pcapio_w_close(w), 0);
	c = mk(&o, &opts);
	assert_int_equal(collector_pcap(c, path, NULL, errbuf,
	    sizeof(errbuf)), 0);
	done(c, &o);
	assert_int_equal(nlines(o.json), 80);
	j = jline(o.json, 79);
	assert_string_equal(jstr(j, "exporter"), "198.18.0.1:50000");
	assert_string_equal(jstr(j, "layout"), "pflow-ipv4");
	assert_int_equal(jint(j, "sourceTransportPort"), 1079);
	assert_true(jint(j, "arrival_us") == 1767225601000000LL);
	json_decref(j);
	assert_null(strstr(o.find, "CAPTURE-"));
	collector_free(c);
	out_free(&o);
	unlink(path);
}

static void
test_collect_pcap_missing_fragment_is_a_finding(void **state)
{
	char p1[64], p2[64], errbuf[512];
	struct collect_opts opts = { 0 };
	struct out o;
	struct collector *c;
	struct pcapio_w *w;
	struct pcapio_r *r;
	struct pcapio_frame fr;
	struct exporter src, dst;
	static uint8_t buf[8192];
	size_t len = big_msg(buf, sizeof(buf), 80, 0);
	json_t *j;

	ep(&src, "198.18.0.1", 50000);
	ep(&dst, "198.18.0.2", 4739);
	tmpname(p1, sizeof(p1));
	tmpname(p2, sizeof(p2));
	w = pcapio_create(p1, DLT_EN10MB, errbuf);
	assert_int_equal(pcapio_write_udp(w, 1000000, &src, &dst, buf, len,
	    1500, 99), 3);
	assert_int_equal(pcapio_w_close(w), 0);
	/* copy all but the middle fragment */
	r = pcapio_open(p1, errbuf);
	w = pcapio_create(p2, DLT_EN10MB, errbuf);
	while (pcapio_next(r, &fr) == 1)
		if (fr.index != 1)
			pcapio_write(w, fr.ts_us, fr.data, fr.caplen,
			    fr.wirelen);
	pcapio_close(r);
	assert_int_equal(pcapio_w_close(w), 0);
	c = mk(&o, &opts);
	assert_int_equal(collector_pcap(c, p2, NULL, errbuf, sizeof(errbuf)),
	    0);
	done(c, &o);
	assert_int_equal(nlines(o.json), 0);
	assert_int_equal(nlines(o.find), 1);
	j = jline(o.find, 0);
	assert_string_equal(jstr(j, "rule"), "CAPTURE-FRAG");
	assert_string_equal(jstr(j, "severity"), "warning");
	assert_string_equal(jstr(j, "exporter"), "198.18.0.1:50000");
	assert_non_null(strstr(jstr(j, "msg"), "id 0x63"));
	assert_non_null(strstr(jstr(j, "msg"), p2));
	json_decref(j);
	assert_int_equal(collector_status(c), EXIT_PASS);
	collector_free(c);
	out_free(&o);
	unlink(p1);
	unlink(p2);
}

static void
test_collect_pcap_snaplen_cut_is_a_finding(void **state)
{
	char path[64], errbuf[512];
	struct collect_opts opts = { 0 };
	struct out o;
	struct collector *c;
	struct pcapio_w *w;
	struct exporter src, dst;
	uint8_t buf[NF5_MAXLEN], frame[2048];
	size_t len = v5_msg(buf, 3, 0);
	int n;

	ep(&src, "198.18.0.1", 50000);
	ep(&dst, "198.18.0.2", 2055);
	tmpname(path, sizeof(path));
	w = pcapio_create(path, DLT_EN10MB, errbuf);
	n = pcapio_udp_frame(frame, sizeof(frame), DLT_EN10MB, &src, &dst,
	    buf, len);
	assert_true(n > 100);
	assert_int_equal(pcapio_write(w, 1767225600100000LL, frame, 96,
	    (size_t)n), 0);
	assert_int_equal(pcapio_write(w, 1767225600200000LL, frame, (size_t)n,
	    (size_t)n), 0);
	assert_int_equal(pcapio_w_close(w), 0);
	c = mk(&o, &opts);
	assert_int_equal(collector_pcap(c, path, NULL, errbuf,
	    sizeof(errbuf)), 0);
	done(c, &o);
	assert_int_equal(nlines(o.json), 3);
	if (nlines(o.find) != 1)
		fail_msg("findings: %s", o.find);
	assert_non_null(strstr(o.find, "\"rule\":\"CAPTURE-TRUNC\""));
	assert_non_null(strstr(o.find, "\"expected\":\"168 octets\""));
	collector_free(c);
	out_free(&o);
	unlink(path);
}

static void
test_collect_pcap_port_and_content_selection(void **state)
{
	char path[64], errbuf[512];
	struct collect_opts opts;
	struct collect_pcap_opts po;
	struct out o;
	struct collector *c;
	struct pcapio_w *w;
	struct exporter src, dst, other;
	uint8_t buf[NF5_MAXLEN], junk[200];
	size_t len = v5_msg(buf, 2, 0);
	uint16_t port = 12345;

	memset(junk, 0x55, sizeof(junk));
	put16(junk, 5);		/* version 5, but the lengths are wrong */
	ep(&src, "198.18.0.1", 50000);
	ep(&dst, "198.18.0.2", 12345);
	ep(&other, "198.18.0.2", 2055);
	tmpname(path, sizeof(path));
	w = pcapio_create(path, DLT_RAW, errbuf);
	assert_int_equal(pcapio_write_udp(w, 1, &src, &dst, buf, len, 0, 0),
	    1);
	assert_int_equal(pcapio_write_udp(w, 2, &src, &dst, junk,
	    sizeof(junk), 0, 0), 1);
	assert_int_equal(pcapio_write_udp(w, 3, &src, &other, buf, len, 0,
	    0), 1);
	assert_int_equal(pcapio_w_close(w), 0);

	/* default ports: only the datagram to 2055 */
	memset(&opts, 0, sizeof(opts));
	c = mk(&o, &opts);
	assert_int_equal(collector_pcap(c, path, NULL, errbuf,
	    sizeof(errbuf)), 0);
	done(c, &o);
	assert_int_equal(collector_ndgrams(c), 1);
	collector_free(c);
	out_free(&o);

	/* -p 12345: both datagrams to 12345, junk one with findings */
	memset(&opts, 0, sizeof(opts));
	memset(&po, 0, sizeof(po));
	po.ports = &port;
	po.nports = 1;
	c = mk(&o, &opts);
	assert_int_equal(collector_pcap(c, path, &po, errbuf,
	    sizeof(errbuf)), 0);
	done(c, &o);
	assert_int_equal(collector_ndgrams(c), 2);
	assert_int_equal(collector_status(c), EXIT_FAIL);
	collector_free(c);
	out_free(&o);

	/* --any-port: the two well-formed ones, not the junk */
	memset(&opts, 0, sizeof(opts));
	memset(&po, 0, sizeof(po));
	po.any_port = 1;
	c = mk(&o, &opts);
	assert_int_equal(collector_pcap(c, path, &po, errbuf,
	    sizeof(errbuf)), 0);
	done(c, &o);
	assert_int_equal(collector_ndgrams(c), 2);
	assert_int_equal(collector_nrecords(c), 4);
	assert_int_equal(collector_status(c), EXIT_PASS);
	collector_free(c);
	out_free(&o);
	unlink(path);
}

static void
test_collect_looks_like_export(void **state)
{
	uint8_t b[2048];
	size_t n;

	n = v5_msg(b, 2, 0);
	assert_true(collector_looks_like_export(b, n));
	assert_false(collector_looks_like_export(b, n - 1));
	put16(b + 2, 0);
	assert_false(collector_looks_like_export(b, 24));
	n = big_msg(b, sizeof(b), 3, 0);
	assert_true(collector_looks_like_export(b, n));
	assert_false(collector_looks_like_export(b, n + 1));
	put16(b + 16 + 2, 3);		/* first set length < 4 */
	assert_false(collector_looks_like_export(b, n));
	/* v9: header + one flowset of 8 octets */
	memset(b, 0, 28);
	put16(b, 9);
	put16(b + 20, 256);
	put16(b + 22, 8);
	assert_true(collector_looks_like_export(b, 28));
	put16(b + 22, 12);
	assert_false(collector_looks_like_export(b, 28));
	put16(b, 7);
	assert_false(collector_looks_like_export(b, 28));
	assert_false(collector_looks_like_export(b, 2));
}

static void
test_collect_pcap_unreadable_names_file(void **state)
{
	char errbuf[512];
	struct collect_opts opts = { 0 };
	struct out o;
	struct collector *c = mk(&o, &opts);

	assert_int_equal(collector_pcap(c, "/nonexistent/e.pcap", NULL, errbuf,
	    sizeof(errbuf)), -1);
	assert_non_null(strstr(errbuf, "/nonexistent/e.pcap"));
	done(c, &o);
	collector_free(c);
	out_free(&o);
}

/* The OpenBSD pflow fixture pair: 26 records in the pflow IPv4 layout. */
static void
test_collect_openbsd_pflow_fixture(void **state)
{
	struct collect_opts opts = { 0 };
	struct out o;
	struct collector *c;
	struct exporter ex;
	uint8_t *t, *d;
	size_t tl, dl;
	json_t *j;

	t = TEST_FIXTURE("ipfix_test_openbsd_pflow_tpl.dat", &tl);
	d = TEST_FIXTURE("ipfix_test_openbsd_pflow_data.dat", &dl);
	ep(&ex, "198.18.0.1", 4739);
	c = mk(&o, &opts);
	collector_datagram(c, t, tl, &ex, 0);
	collector_datagram(c, d, dl, &ex, 0);
	done(c, &o);
	assert_int_equal(nlines(o.json), 26);
	j = jline(o.json, 0);
	assert_string_equal(jstr(j, "layout"), "pflow-ipv4");
	assert_int_equal(jint(j, "domain"), 42);
	assert_int_equal(jint(j, "template"), 256);
	assert_string_equal(jstr(j, "sourceIPv4Address"), "192.168.0.17");
	assert_int_equal(jint(j, "destinationTransportPort"), 80);
	assert_true(jint(j, "start_ms") == jint(j, "flowStartMilliseconds"));
	json_decref(j);
	assert_int_equal(collector_status(c), EXIT_PASS);
	free(t);
	free(d);
	collector_free(c);
	out_free(&o);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_collect_json_every_value_type),
		cmocka_unit_test(test_collect_template_churn),
		cmocka_unit_test(test_collect_v5_json_csv),
		cmocka_unit_test(test_collect_record_and_datagram_limits),
		cmocka_unit_test(test_collect_error_finding_sets_status),
		cmocka_unit_test(test_collect_pcap_fragmented_ipfix),
		cmocka_unit_test(test_collect_pcap_missing_fragment_is_a_finding),
		cmocka_unit_test(test_collect_pcap_snaplen_cut_is_a_finding),
		cmocka_unit_test(test_collect_pcap_port_and_content_selection),
		cmocka_unit_test(test_collect_looks_like_export),
		cmocka_unit_test(test_collect_pcap_unreadable_names_file),
		cmocka_unit_test(test_collect_openbsd_pflow_fixture),
	};

	return cmocka_run_group_tests_name("collect", tests, NULL, NULL);
}
