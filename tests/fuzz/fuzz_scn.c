/*
 * fuzz_scn.c: the scenario parser on arbitrary bytes: it returns a
 * scenario or one error message, never crashes or reads out of bounds;
 * a parsed scenario is dumped (every field read), and when it is small
 * played by the generator into a sink that checks time order.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "gen.h"
#include "scn.h"
#include "scn_dump.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static int64_t last_ts;

static int
frame(void *arg, int64_t ts, const uint8_t *f, uint32_t len)
{
	if (ts < last_ts || len < 14 + 20)
		__builtin_trap();
	last_ts = ts;
	return 0;
}

/* Packets the scenario would make, capped; large ones are not played. */
static int
small(const struct scenario *s)
{
	uint64_t n = 0, per;
	size_t i, j;

	for (i = 0; i < s->nsessions; i++) {
		per = 0;
		for (j = 0; j < s->sessions[i].nsteps; j++)
			per += (uint64_t)s->sessions[i].steps[j].count * 2 + 3;
		n += per * s->sessions[i].repeat;
		if (n > 2000)
			return 0;
	}
	return 1;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	static FILE *null;
	struct scenario s;
	char err[1024];

	if (null == NULL && (null = fopen("/dev/null", "w")) == NULL)
		return 0;
	if (scn_parse_buf("fuzz.scn", (const char *)data, len, &s, err,
	    sizeof(err)) == 0) {
		scn_dump(null, &s);
		if (small(&s)) {
			struct gen_sink sink = { frame, NULL, NULL };
			struct gen_stats st;

			last_ts = INT64_MIN;
			if (gen_run(&s, &sink, &st, err, sizeof(err)) != 0)
				__builtin_trap();
		}
		scn_free(&s);
	} else if (strncmp(err, "fuzz.scn:", 9) != 0)
		__builtin_trap();	/* every error names the file */
	return 0;
}
