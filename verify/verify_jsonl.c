/*
 * verify_jsonl.c: a strict scanner for the flat JSON Lines objects that
 * pflowlab writes itself (ledger.jsonl, records.jsonl): one object per
 * line whose values are numbers, plain strings, true/false/null.  It
 * exists for speed (a million lines in a fraction of a second); any line
 * it does not accept (escapes, nesting, odd spacing) is handed to
 * jansson by the caller, so the result never depends on it being clever.
 */
#include <stdint.h>
#include <string.h>

#include "verify_jsonl.h"

static const char *
ws(const char *p, const char *e)
{
	while (p < e && (*p == ' ' || *p == '\t'))
		p++;
	return p;
}

/* A string without escapes: p at the opening quote. */
static const char *
str(const char *p, const char *e, const char **s, size_t *len)
{
	const char *q;

	/* one pass: the closing quote, or give up at a backslash */
	for (q = ++p; q < e && *q != '"'; q++)
		if (*q == '\\')
			return NULL;
	if (q == e)
		return NULL;
	*s = p;
	*len = (size_t)(q - p);
	return q + 1;
}

int
jl_scan(const char *line, size_t n, struct jl_kv *kv, int max)
{
	const char *p = line, *e = line + n;
	int k = 0;

	p = ws(p, e);
	if (p == e || *p != '{')
		return -1;
	p = ws(p + 1, e);
	if (p < e && *p == '}')
		return ws(p + 1, e) == e ? 0 : -1;
	for (;;) {
		struct jl_kv *x;

		if (k == max || p == e || *p != '"')
			return -1;
		x = &kv[k++];
		if ((p = str(p, e, &x->k, &x->klen)) == NULL)
			return -1;
		p = ws(p, e);
		if (p == e || *p != ':')
			return -1;
		p = ws(p + 1, e);
		if (p == e)
			return -1;
		x->u = 0;
		x->neg = 0;
		x->s = NULL;
		x->slen = 0;
		if (*p == '"') {
			x->type = JL_STR;
			if ((p = str(p, e, &x->s, &x->slen)) == NULL)
				return -1;
		} else if (*p == '-' || (*p >= '0' && *p <= '9')) {
			const char *d;

			x->type = JL_NUM;
			if (*p == '-') {
				x->neg = 1;
				p++;
			}
			d = p;
			while (p < e && *p >= '0' && *p <= '9') {
				if (x->u > (UINT64_MAX - 9) / 10)
					return -1;
				x->u = x->u * 10 + (uint64_t)(*p - '0');
				p++;
			}
			if (p == d || (p < e && (*p == '.' || *p == 'e' ||
			    *p == 'E')))
				return -1;	/* reals: jansson */
		} else if (e - p >= 4 && memcmp(p, "null", 4) == 0) {
			x->type = JL_NULL;
			p += 4;
		} else if (e - p >= 4 && memcmp(p, "true", 4) == 0) {
			x->type = JL_NUM;
			x->u = 1;
			p += 4;
		} else if (e - p >= 5 && memcmp(p, "false", 5) == 0) {
			x->type = JL_NUM;
			p += 5;
		} else
			return -1;
		p = ws(p, e);
		if (p == e)
			return -1;
		if (*p == '}')
			return ws(p + 1, e) == e ? k : -1;
		if (*p != ',')
			return -1;
		p = ws(p + 1, e);
	}
}

int
jl_key(const struct jl_kv *x, const char *k)
{
	size_t n = strlen(k);

	return x->klen == n && memcmp(x->k, k, n) == 0;
}
