/*
 * gen_out.c: write a scenario's traffic to DIR/traffic.pcap (libpcap,
 * Ethernet, microsecond timestamps) and its ground truth to
 * DIR/ledger.jsonl.  Both are written under temporary names and renamed
 * only when everything succeeded.
 */
#include <errno.h>
#include <pcap/pcap.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "gen.h"

struct out {
	pcap_dumper_t	*d;
	FILE		*led;
	uint32_t	 snaplen;
};

static int
out_frame(void *arg, int64_t ts_us, const uint8_t *f, uint32_t len)
{
	struct out *o = arg;
	struct pcap_pkthdr h;

	h.ts.tv_sec = (time_t)(ts_us / 1000000);
	h.ts.tv_usec = (suseconds_t)(ts_us % 1000000);
	h.len = len;
	h.caplen = len < o->snaplen ? len : o->snaplen;
	pcap_dump((u_char *)o->d, &h, f);
	return 0;
}

static int
out_ledger(void *arg, const struct ledger_ent *e)
{
	struct out *o = arg;

	return ledger_write(o->led, e);
}

int
gen_write(const struct scenario *sc, const char *dir, uint32_t snaplen,
    struct gen_stats *st, char *err, size_t errlen)
{
	char pc[4096], pct[4096], lg[4096], lgt[4096];
	struct gen_sink sink;
	struct out o;
	pcap_t *pd = NULL;
	FILE *pf = NULL;
	int rc = -1;

	memset(&o, 0, sizeof(o));
	o.snaplen = snaplen == 0 || snaplen > 262144 ? 262144 : snaplen;
	snprintf(pc, sizeof(pc), "%s/traffic.pcap", dir);
	snprintf(pct, sizeof(pct), "%s/.traffic.pcap.tmp", dir);
	snprintf(lg, sizeof(lg), "%s/ledger.jsonl", dir);
	snprintf(lgt, sizeof(lgt), "%s/.ledger.jsonl.tmp", dir);
	if ((pd = pcap_open_dead(DLT_EN10MB, (int)o.snaplen)) == NULL) {
		snprintf(err, errlen, "pcap_open_dead failed");
		return -1;
	}
	if ((pf = fopen(pct, "wb")) == NULL) {
		snprintf(err, errlen, "%s: %s", pct, strerror(errno));
		goto out;
	}
	setvbuf(pf, NULL, _IOFBF, 1 << 20);
	if ((o.d = pcap_dump_fopen(pd, pf)) == NULL) {
		snprintf(err, errlen, "%s: %s", pct, pcap_geterr(pd));
		fclose(pf);
		goto out;
	}
	if ((o.led = fopen(lgt, "w")) == NULL) {
		snprintf(err, errlen, "%s: %s", lgt, strerror(errno));
		goto out;
	}
	setvbuf(o.led, NULL, _IOFBF, 1 << 18);
	sink.frame = out_frame;
	sink.ledger = out_ledger;
	sink.arg = &o;
	if (gen_run(sc, &sink, st, err, errlen) == -1)
		goto out;
	if (pcap_dump_flush(o.d) == -1 || ferror(pf)) {
		snprintf(err, errlen, "%s: write error", pct);
		goto out;
	}
	pcap_dump_close(o.d);
	o.d = NULL;
	if (fflush(o.led) == EOF || ferror(o.led) || fclose(o.led) == EOF) {
		o.led = NULL;
		snprintf(err, errlen, "%s: write error", lgt);
		goto out;
	}
	o.led = NULL;
	if (rename(pct, pc) == -1) {
		snprintf(err, errlen, "%s: %s", pc, strerror(errno));
		goto out;
	}
	if (rename(lgt, lg) == -1) {
		snprintf(err, errlen, "%s: %s", lg, strerror(errno));
		unlink(pc);
		goto out;
	}
	rc = 0;
out:
	if (o.d != NULL)
		pcap_dump_close(o.d);
	if (o.led != NULL)
		fclose(o.led);
	if (rc == -1) {
		unlink(pct);
		unlink(lgt);
	}
	pcap_close(pd);
	return rc;
}
