/*
 * collect_pcap.c: export datagrams out of a capture file: any link type
 * pkt_parse knows, UDP picked by destination port or by content, IP
 * fragments reassembled on capture time, and findings for what cannot be
 * used (fragments never completed, datagrams cut by the snap length).
 */
#include <sys/socket.h>
#include <netinet/in.h>

#include <stdio.h>
#include <string.h>

#include "collect_int.h"
#include "cursor.h"
#include "ipfrag.h"
#include "pcapio.h"
#include "pkt.h"
#include "rules.h"

static const uint16_t collect_default_ports[] = { 2055, 4739, 9995, 9996 };

int
collector_looks_like_export(const uint8_t *p, size_t len)
{
	size_t off, sl;

	if (len < 4)
		return 0;
	switch (be16(p)) {
	case 5: {
		uint16_t n = be16(p + 2);

		return n >= 1 && n <= 30 && len == 24 + 48 * (size_t)n;
	}
	case 9:
		if (len < 20 + 4)
			return 0;
		for (off = 20; off + 4 <= len; off += sl) {
			sl = be16(p + off + 2);
			if (sl < 4 || off + sl > len)
				return 0;
		}
		/* trailing octets shorter than a set header: padding */
		return len - off < 4;
	case 10:
		if (len < 16 + 4 || be16(p + 2) != len)
			return 0;
		for (off = 16; off < len; off += sl) {
			if (off + 4 > len)
				return 0;
			sl = be16(p + off + 2);
			if (sl < 4 || off + sl > len)
				return 0;
		}
		return 1;
	default:
		return 0;
	}
}

struct collect_pcap {
	struct collector *c;
	const struct collect_pcap_opts *po;
	const char	*path;
};

static int
collect_port_ok(const struct collect_pcap_opts *po, uint16_t port)
{
	const uint16_t *ports = collect_default_ports;
	int i, n = 4;

	if (po != NULL && po->nports > 0) {
		ports = po->ports;
		n = po->nports;
	}
	for (i = 0; i < n; i++)
		if (ports[i] == port)
			return 1;
	return 0;
}

static void
collect_frag_fail(void *arg, const struct ipfrag_fail *fl)
{
	struct collect_pcap *cp = arg;
	struct finding f;
	char a[ADDR_STRLEN], b[ADDR_STRLEN];
	int any = cp->po != NULL && cp->po->any_port;

	if (fl->proto != IPPROTO_UDP)
		return;
	/* only export traffic: the port is known when the first fragment
	 * was seen; without it, report (it may be export) */
	if (fl->dport != 0 && !any && !collect_port_ok(cp->po, fl->dport))
		return;
	memset(&f, 0, sizeof(f));
	f.rule = rules_at(R_CAPTURE_FRAG)->id;
	f.severity = rules_at(R_CAPTURE_FRAG)->severity;
	f.exp.addr = fl->src;
	f.exp.port = fl->sport;
	f.dgram = cp->c->ndgrams;
	f.offset = -1;
	if (fl->need != 0)
		snprintf(f.expected, sizeof(f.expected), "%zu octets",
		    fl->need);
	snprintf(f.observed, sizeof(f.observed), "%zu octets in %u fragments",
	    fl->have, fl->nfrags);
	snprintf(f.msg, sizeof(f.msg), "%s frame %llu: IPv%d datagram id "
	    "0x%x %s -> %s not reassembled: %s", cp->path,
	    (unsigned long long)fl->first_frame, fl->src.af == AF_INET6 ?
	    6 : 4, (unsigned int)fl->id, addr_fmt(&fl->src, a, sizeof(a)),
	    addr_fmt(&fl->dst, b, sizeof(b)), ipfrag_why_str(fl->why));
	collector_finding(cp->c, &f);
}

static void
collect_trunc(struct collect_pcap *cp, const struct pkt *p,
    const struct pcapio_frame *fr)
{
	struct finding f;

	memset(&f, 0, sizeof(f));
	f.rule = rules_at(R_CAPTURE_TRUNC)->id;
	f.severity = rules_at(R_CAPTURE_TRUNC)->severity;
	f.exp.addr = p->src;
	f.exp.port = p->sport;
	f.dgram = cp->c->ndgrams;
	f.offset = -1;
	snprintf(f.expected, sizeof(f.expected), "%zu octets",
	    p->payload_wire);
	snprintf(f.observed, sizeof(f.observed), "%zu octets",
	    p->payload_len);
	snprintf(f.msg, sizeof(f.msg), "%s frame %llu: export datagram cut "
	    "by the snap length, not decoded", cp->path,
	    (unsigned long long)fr->index);
	collector_finding(cp->c, &f);
}

static int
collect_pick(struct collect_pcap *cp, uint16_t dport, const uint8_t *pl,
    size_t len)
{
	if (cp->po != NULL && cp->po->any_port)
		return collector_looks_like_export(pl, len);
	return collect_port_ok(cp->po, dport);
}

int
collector_pcap(struct collector *c, const char *path,
    const struct collect_pcap_opts *po, char *errbuf, size_t errlen)
{
	char pe[PCAPIO_ERRBUF_SIZE];
	struct pcapio_r *r;
	struct pcapio_frame fr;
	struct collect_pcap cp;
	struct ipfrag *frag;
	struct ipfrag_done done;
	struct exporter exp;
	struct pkt p;
	int rc = 0;

	if ((r = pcapio_open(path, pe)) == NULL) {
		snprintf(errbuf, errlen, "%s", pe);
		return -1;
	}
	if (!pkt_linktype_ok(pcapio_linktype(r))) {
		snprintf(errbuf, errlen, "%s: link type %d is not supported",
		    path, pcapio_linktype(r));
		pcapio_close(r);
		return -1;
	}
	cp.c = c;
	cp.po = po;
	cp.path = path;
	if ((frag = ipfrag_new(NULL, collect_frag_fail, &cp)) == NULL) {
		snprintf(errbuf, errlen, "%s: out of memory", path);
		pcapio_close(r);
		return -1;
	}
	while (!c->done && (po == NULL || po->stop == NULL || !*po->stop) &&
	    (rc = pcapio_next(r, &fr)) == 1) {
		if (pkt_parse(fr.linktype, fr.data, fr.caplen, &p) != PKT_OK ||
		    p.proto != IPPROTO_UDP)
			continue;
		if (p.frag & PKT_FRAG) {
			const uint8_t *u;
			size_t ulen;

			if (ipfrag_add(frag, &p, fr.ts_us, fr.index, &done) !=
			    IPFRAG_DONE || done.len < 8)
				continue;
			u = done.data;
			ulen = be16(u + 4);
			if (ulen < 8 || ulen > done.len)
				ulen = done.len;
			if (!collect_pick(&cp, be16(u + 2), u + 8, ulen - 8))
				continue;
			exp.addr = done.src;
			exp.port = be16(u);
			collector_datagram(c, u + 8, ulen - 8, &exp, fr.ts_us);
			continue;
		}
		if (ipfrag_pending(frag) > 0)
			ipfrag_expire(frag, fr.ts_us);
		if (p.payload == NULL)
			continue;
		if (p.payload_len < p.payload_wire) {
			/* only the captured part may be looked at */
			int v = p.payload_len >= 2 ? be16(p.payload) : 0;

			if (po != NULL && po->any_port ?
			    (v == 5 || v == 9 || v == 10) :
			    collect_port_ok(po, p.dport))
				collect_trunc(&cp, &p, &fr);
			continue;
		}
		if (!collect_pick(&cp, p.dport, p.payload, p.payload_len))
			continue;
		exp.addr = p.src;
		exp.port = p.sport;
		collector_datagram(c, p.payload, p.payload_len, &exp,
		    fr.ts_us);
	}
	if (!c->done && rc < 0) {
		snprintf(errbuf, errlen, "%s", pcapio_geterr(r));
		/* a capture stopped in the middle of writing a frame: what
		 * came before is good, so it counts, with a warning */
		if (strstr(errbuf, "truncated dump file") == NULL) {
			ipfrag_free(frag);
			pcapio_close(r);
			return -1;
		}
	}
	if (!c->done)
		ipfrag_flush(frag);
	ipfrag_free(frag);
	pcapio_close(r);
	return !c->done && rc < 0 ? 1 : 0;
}
