/*
 * fuzz_ipfrag.c: libFuzzer target for the collector's capture path below
 * the decoders: frames cut out of the input go through pkt_parse (link
 * type from the first octet of each frame), IP fragments through
 * ipfrag_add with a small memory limit and a capture clock that moves by
 * the input, and every UDP payload (whole or reassembled) through
 * collector_looks_like_export.
 *
 * Input: repeated [link selector 1][time step 1][length 2][frame...].
 */
#include <pcap/dlt.h>
#include <stddef.h>
#include <stdint.h>

#include "collect.h"
#include "cursor.h"
#include "ipfrag.h"
#include "pkt.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
fail_cb(void *arg, const struct ipfrag_fail *f)
{
	(*(unsigned int *)arg)++;
	(void)f;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const int lts[] = { DLT_RAW, DLT_EN10MB, DLT_LINUX_SLL,
	    276 /* SLL2 */, DLT_NULL };
	struct ipfrag_limits lim = { 2000000, 8, 200000 };
	struct ipfrag_done d;
	unsigned int fails = 0;
	struct ipfrag *f;
	struct pkt p;
	int64_t ts = 0;
	uint64_t n = 0;
	size_t off = 0, len;

	if ((f = ipfrag_new(&lim, fail_cb, &fails)) == NULL)
		return 0;
	while (off + 4 <= size) {
		int lt = lts[data[off] % 5];

		ts += (int64_t)data[off + 1] * 100000;
		len = be16(data + off + 2);
		off += 4;
		if (len > size - off)
			len = size - off;
		if (pkt_parse(lt, data + off, len, &p) == PKT_OK) {
			if (p.frag & PKT_FRAG) {
				if (ipfrag_add(f, &p, ts, n, &d) ==
				    IPFRAG_DONE && d.len >= 8)
					(void)collector_looks_like_export(
					    d.data + 8, d.len - 8);
			} else if (p.payload != NULL)
				(void)collector_looks_like_export(p.payload,
				    p.payload_len);
		}
		off += len;
		n++;
	}
	ipfrag_flush(f);
	ipfrag_free(f);
	return 0;
}
