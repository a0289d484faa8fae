/*
 * fault.c: parse fault specs and commit the datagram-level ones (drop,
 * duplicate, reorder, lost template, sequence jump).  The exporter-level
 * ones (restart, clock step, wrong counter, wrong template) are carried
 * out by sim.c and pflow.c.  Rate faults draw from a splitmix64 stream
 * seeded by --seed, one draw per fault per datagram, so a run repeats.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cursor.h"
#include "fault.h"
#include "rng.h"

static const char *const names[] = {
	[FAULT_DROP] = "drop",
	[FAULT_DUP] = "dup",
	[FAULT_REORDER] = "reorder",
	[FAULT_RESTART] = "restart",
	[FAULT_LOSE_TMPL] = "lose-template",
	[FAULT_CLOCK_STEP] = "clock-step",
	[FAULT_COUNTER] = "counter",
	[FAULT_WRONG_TMPL] = "wrong-template",
	[FAULT_SEQ_JUMP] = "seq-jump",
};

const char *
fault_kind_name(enum fault_kind k)
{
	return (unsigned int)k < sizeof(names) / sizeof(names[0]) ?
	    names[k] : "?";
}

/* "120", "120s", "2m", "1.5h", "+3600s", "-5" -> microseconds */
static int
fault_dur(const char *s, int sign_ok, int64_t *us)
{
	char *end;
	double v, mul = 1e6;

	if (!sign_ok && (*s == '+' || *s == '-'))
		return -1;
	v = strtod(s, &end);
	if (end == s)
		return -1;
	if (*end == 's')
		end++;
	else if (*end == 'm') {
		mul = 60e6;
		end++;
	} else if (*end == 'h') {
		mul = 3600e6;
		end++;
	}
	if (*end != '\0')
		return -1;
	*us = (int64_t)(v * mul + (v < 0 ? -0.5 : 0.5));
	return 0;
}

static int
fault_int(const char *s, int sign_ok, int64_t *v)
{
	char *end;
	long long x;

	if (!sign_ok && !isdigit((unsigned char)*s))
		return -1;
	x = strtoll(s, &end, 10);
	if (end == s || *end != '\0')
		return -1;
	*v = x;
	return 0;
}

#define FAULT_MAXW	8

int
fault_parse(const char *spec, struct fault *f, char *err, size_t errlen)
{
	char buf[128], *w[FAULT_MAXW], *p, *save = NULL;
	size_t k;
	int n = 0;

	memset(f, 0, sizeof(*f));
	f->index = -1;
	f->at_us = -1;
	snprintf(f->spec, sizeof(f->spec), "%s", spec);
	if (strlen(spec) >= sizeof(buf))
		goto bad;
	snprintf(buf, sizeof(buf), "%s", spec);
	for (p = strtok_r(buf, " \t", &save); p != NULL;
	    p = strtok_r(NULL, " \t", &save)) {
		if (n == FAULT_MAXW)
			goto bad;
		w[n++] = p;
	}
	if (n == 0)
		goto bad;
	for (k = 0; k < sizeof(names) / sizeof(names[0]); k++)
		if (strcmp(w[0], names[k]) == 0)
			break;
	if (k == sizeof(names) / sizeof(names[0]))
		goto bad;
	f->kind = (enum fault_kind)k;
	switch (f->kind) {
	case FAULT_DROP:
	case FAULT_DUP:
	case FAULT_REORDER:
		if (n != 3)
			goto bad;
		if (strcmp(w[1], "dgram") == 0 || strcmp(w[1], "data") == 0) {
			f->data_only = w[1][1] == 'a';
			if (fault_int(w[2], 0, &f->index) == -1)
				goto bad;
		} else if (strcmp(w[1], "rate") == 0) {
			char *end;

			f->rate = strtod(w[2], &end);
			if (end == w[2] || *end != '\0' || f->rate < 0 ||
			    f->rate > 1)
				goto bad;
		} else
			goto bad;
		return 0;
	case FAULT_RESTART:
		if (n != 3 || strcmp(w[1], "at") != 0 ||
		    fault_dur(w[2], 0, &f->at_us) == -1)
			goto bad;
		return 0;
	case FAULT_LOSE_TMPL:
		f->index = 0;
		if (n > 2 || (n == 2 && fault_int(w[1], 0, &f->index) == -1))
			goto bad;
		return 0;
	case FAULT_WRONG_TMPL:
		if (n != 1)
			goto bad;
		return 0;
	case FAULT_CLOCK_STEP:
		if (n != 4 || fault_dur(w[1], 1, &f->delta) == -1 ||
		    strcmp(w[2], "at") != 0 ||
		    fault_dur(w[3], 0, &f->at_us) == -1)
			goto bad;
		return 0;
	case FAULT_COUNTER:
		/* also "counter +D record N [octets|packets]" */
		if ((n == 4 || n == 5) && strcmp(w[2], "record") == 0) {
			if (fault_int(w[1], 1, &f->delta) == -1 ||
			    f->delta == 0 || fault_int(w[3], 0, &f->index) == -1)
				goto bad;
			if (n == 5 && strcmp(w[4], "packets") == 0)
				f->field = 1;
			else if (n == 5 && strcmp(w[4], "octets") != 0)
				goto bad;
			return 0;
		}
		if (n != 5 || strcmp(w[1], "record") != 0 ||
		    fault_int(w[2], 0, &f->index) == -1 ||
		    fault_int(w[4], 1, &f->delta) == -1 || f->delta == 0)
			goto bad;
		if (strcmp(w[3], "octets") == 0)
			f->field = 0;
		else if (strcmp(w[3], "packets") == 0)
			f->field = 1;
		else
			goto bad;
		return 0;
	case FAULT_SEQ_JUMP:
		if (n != 5 || fault_int(w[1], 1, &f->delta) == -1 ||
		    strcmp(w[2], "at") != 0 || strcmp(w[3], "dgram") != 0 ||
		    fault_int(w[4], 0, &f->index) == -1)
			goto bad;
		return 0;
	}
bad:
	snprintf(err, errlen, "bad fault \"%s\" (expected e.g. \"drop dgram "
	    "3\", \"drop data 0\", \"drop rate 0.1\", \"dup dgram 2\", "
	    "\"reorder dgram 4\", \"restart at 120s\", \"lose-template\", "
	    "\"clock-step +3600s at 60s\", \"counter record 2 octets +1\", "
	    "\"wrong-template\", \"seq-jump +5 at dgram 3\")", spec);
	return -1;
}

static int
fault_hit(struct fault_run *r, const struct fault *f, uint64_t idx,
    int is_tmpl, uint64_t didx)
{
	if (f->rate > 0)
		return (double)(rng_next(&r->rng) >> 11) /
		    9007199254740992.0 < f->rate;
	if (f->data_only)
		return !is_tmpl && f->index >= 0 && (uint64_t)f->index == didx;
	return f->index >= 0 && (uint64_t)f->index == idx;
}

void
fault_run_init(struct fault_run *r, const struct fault *f, int n,
    uint64_t seed)
{
	memset(r, 0, sizeof(*r));
	r->f = f;
	r->n = n;
	r->rng = seed;
}

static void
fault_patch_seq(struct fault_run *r, uint8_t *b, size_t len)
{
	size_t off;

	if (r->seq_delta == 0 || len < 16)
		return;
	off = be16(b) == 5 ? 16 : be16(b) == 10 ? 8 : 0;
	if (off == 0 || len < off + 4)
		return;
	put32(b + off, be32(b + off) + (uint32_t)r->seq_delta);
}

void
fault_dgram(struct fault_run *r, int ifidx, int is_tmpl, int64_t ts,
    uint8_t *b, size_t len, fault_out_fn out, void *arg)
{
	uint64_t idx = r->dgram++, tidx = 0, didx = 0;
	int drop = 0, dup = 0, reorder = 0, i;

	if (is_tmpl)
		tidx = r->tmpl++;
	else
		didx = r->data++;
	for (i = 0; i < r->n; i++) {
		const struct fault *f = &r->f[i];

		switch (f->kind) {
		case FAULT_DROP:
			drop |= fault_hit(r, f, idx, is_tmpl, didx);
			break;
		case FAULT_DUP:
			dup |= fault_hit(r, f, idx, is_tmpl, didx);
			break;
		case FAULT_REORDER:
			reorder |= fault_hit(r, f, idx, is_tmpl, didx);
			break;
		case FAULT_LOSE_TMPL:
			if (is_tmpl && (uint64_t)f->index == tidx)
				drop = 1;
			break;
		case FAULT_SEQ_JUMP:
			if ((uint64_t)f->index == idx)
				r->seq_delta += f->delta;
			break;
		default:
			break;
		}
	}
	fault_patch_seq(r, b, len);
	if (drop) {
		r->dropped++;
		return;
	}
	if (r->held) {
		/* the held one goes after this one, stamped with its time */
		out(arg, ifidx, ts, b, len);
		if (dup) {
			out(arg, ifidx, ts, b, len);
			r->duplicated++;
		}
		out(arg, r->held_if, ts, r->held_buf, r->held_len);
		r->held = 0;
		return;
	}
	if (reorder && len <= sizeof(r->held_buf)) {
		memcpy(r->held_buf, b, len);
		r->held_len = len;
		r->held_if = ifidx;
		r->held = 1;
		r->reordered++;
		return;
	}
	out(arg, ifidx, ts, b, len);
	if (dup) {
		out(arg, ifidx, ts, b, len);
		r->duplicated++;
	}
}

void
fault_finish(struct fault_run *r, int64_t ts, fault_out_fn out, void *arg)
{
	if (r->held) {
		out(arg, r->held_if, ts, r->held_buf, r->held_len);
		r->held = 0;
	}
}
