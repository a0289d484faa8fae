/*
 * fuzz_common.h: the dec_ops every fuzz target uses: each record is mapped
 * to a flow and each value read end to end, so a slice outside the input
 * shows up under ASan.
 */
#ifndef PFL_FUZZ_COMMON_H
#define PFL_FUZZ_COMMON_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "decode.h"
#include "flow.h"
#include "ie.h"
#include "tcache.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* templates kept across inputs, dropped when there are this many */
#define FUZZ_TCACHE_MAX	4096

static volatile uint64_t fuzz_sink;

static void
fuzz_rec(void *arg, const struct msg *m, const struct rec *r)
{
	struct flow f;
	uint64_t v;
	char nb[32];
	int i, k;

	flow_from_rec(m, r, &f);
	fuzz_sink += f.packets + f.octets + (uint64_t)f.start_ms;
	for (i = 0; i < r->t->nfields; i++) {
		for (k = 0; k < r->v[i].len; k++)
			fuzz_sink += r->v[i].p[k];
		if (rec_uint(r, i, &v) == 0)
			fuzz_sink += v;
		fuzz_sink += (uint64_t)(uintptr_t)ie_name(r->t->f[i].ie,
		    r->t->f[i].pen, nb, sizeof(nb));
	}
	if (r->off + r->len > m->dgram_len)
		abort();
}

static void
fuzz_anomaly(void *arg, const struct msg *m, const struct dec_err *e)
{
	fuzz_sink += e->off + (uint64_t)(uintptr_t)dec_status_str(e->status);
	if (e->off > m->dgram_len)
		abort();
}

static const struct dec_ops fuzz_ops = {
	NULL, NULL, NULL, fuzz_rec, NULL, fuzz_anomaly
};

static struct tcache *
fuzz_tcache(void)
{
	static struct tcache *tc;

	if (tc != NULL && tcache_count(tc) > FUZZ_TCACHE_MAX) {
		tcache_free(tc);
		tc = NULL;
	}
	if (tc == NULL && (tc = tcache_new()) == NULL)
		abort();
	return tc;
}

static const struct exporter fuzz_exp;

static void
fuzz_one(const uint8_t *data, size_t size, int version)
{
	struct dec_err err;
	struct msg m;
	uint8_t *copy;
	enum dec_status st;

	/* an exact-size heap copy: any read past the end is caught */
	if ((copy = malloc(size ? size : 1)) == NULL)
		return;
	if (size)
		memcpy(copy, data, size);
	if (size >= 2 && version != 0) {
		copy[0] = 0;
		copy[1] = (uint8_t)version;
	}
	memset(&m, 0, sizeof(m));
	m.exp = &fuzz_exp;
	st = decode_datagram(copy, size, &m, fuzz_tcache(), &fuzz_ops, &err);
	if (st != DEC_OK && err.off > size)
		abort();
	free(copy);
}

#endif /* PFL_FUZZ_COMMON_H */
