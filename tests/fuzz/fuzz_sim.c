/*
 * fuzz_sim.c: libFuzzer target for the simulator's packet path: the
 * input is a link type byte, then frames as [u16 length][u16 gap ms]
 * [bytes]; they go through sim_frame (fast path and pkt_parse, PF,
 * pflow) and sim_finish runs the clock out.  The export goes nowhere.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "profile.h"
#include "sim.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
sink(void *arg, int ifidx, int64_t ts, const uint8_t *b, size_t len)
{
	(void)arg;
	(void)ifidx;
	(void)ts;
	(void)b;
	(void)len;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sim_opts o;
	struct sim *s;
	char err[256];
	int64_t ts = 1767225600LL * 1000000;
	size_t off = 1;
	int lt;

	if (size < 1)
		return 0;
	lt = data[0] & 1 ? 1 : 101;	/* Ethernet or raw IP */
	sim_opts_defaults(&o, profile_get(data[0] & 2 ? "openbsd-current" :
	    "openbsd-7.8"));
	o.gw.pflow[0].proto = data[0] & 4 ? 5 : 10;
	o.gw.pflow_out = (data[0] & 8) != 0;
	o.flags_any = (data[0] & 16) != 0;
	if ((s = sim_new(&o, sink, NULL, err, sizeof(err))) == NULL)
		return 0;
	while (off + 4 <= size) {
		size_t len = (size_t)data[off] << 8 | data[off + 1];
		int64_t gap = (int64_t)(data[off + 2] << 8 | data[off + 3]);

		off += 4;
		if (len > size - off)
			len = size - off;
		ts += gap * 1000;
		sim_frame(s, lt, ts, data + off, len);
		off += len;
	}
	sim_finish(s);
	sim_free(s);
	return 0;
}
