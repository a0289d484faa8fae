/*
 * ledger.c: write ledger.jsonl lines (formatted directly: numbers,
 * addresses and fixed words only) and read them back with jansson.
 */
#include <sys/socket.h>

#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ledger.h"

/* Appenders for the hot path: a ledger line is numbers and words. */
#define PUT_LIT(o, lit)	(memcpy((o), (lit), sizeof(lit) - 1), \
			    (o) + sizeof(lit) - 1)

static char *
put_s(char *o, const char *s)
{
	size_t n = strlen(s);

	memcpy(o, s, n);
	return o + n;
}

static const char digits2[201] =
    "0001020304050607080910111213141516171819"
    "2021222324252627282930313233343536373839"
    "4041424344454647484950515253545556575859"
    "6061626364656667686970717273747576777879"
    "8081828384858687888990919293949596979899";

static char *
put_u(char *o, uint64_t v)
{
	char b[24], *e = b + sizeof(b), *c = e;
	size_t n;

	while (v >= 100) {
		unsigned int r = (unsigned int)(v % 100);

		v /= 100;
		c -= 2;
		memcpy(c, digits2 + 2 * r, 2);
	}
	if (v >= 10) {
		c -= 2;
		memcpy(c, digits2 + 2 * v, 2);
	} else
		*--c = (char)('0' + v);
	n = (size_t)(e - c);
	memcpy(o, c, n);
	return o + n;
}

static char *
put_i(char *o, int64_t v)
{
	if (v < 0) {
		*o++ = '-';
		return put_u(o, (uint64_t)0 - (uint64_t)v);
	}
	return put_u(o, (uint64_t)v);
}

static char *
put_addr(char *o, const struct addr *a)
{
	char b[ADDR_STRLEN];
	int i;

	if (a->af == AF_INET) {
		for (i = 0; i < 4; i++) {
			if (i > 0)
				*o++ = '.';
			o = put_u(o, a->a[i]);
		}
		return o;
	}
	return put_s(o, addr_fmt(a, b, sizeof(b)));
}

int
ledger_write(FILE *f, const struct ledger_ent *e)
{
	char line[1024], *o = line;

	o = PUT_LIT(o, "{\"session\":");
	o = put_u(o, e->session);
	o = PUT_LIT(o, ",\"line\":");
	o = put_u(o, e->line);
	o = put_s(o, e->rev ? ",\"dir\":\"rev\",\"proto\":" :
	    ",\"dir\":\"fwd\",\"proto\":");
	o = put_u(o, e->proto);
	o = put_s(o, e->src.af == AF_INET6 ? ",\"af\":6,\"src\":\"" :
	    ",\"af\":4,\"src\":\"");
	o = put_addr(o, &e->src);
	o = PUT_LIT(o, "\",\"sport\":");
	o = put_u(o, e->sport);
	o = PUT_LIT(o, ",\"dst\":\"");
	o = put_addr(o, &e->dst);
	o = PUT_LIT(o, "\",\"dport\":");
	o = put_u(o, e->dport);
	o = PUT_LIT(o, ",\"packets\":");
	o = put_u(o, e->packets);
	o = PUT_LIT(o, ",\"octets\":");
	o = put_u(o, e->octets);
	o = PUT_LIT(o, ",\"first_us\":");
	o = put_i(o, e->first_us);
	o = PUT_LIT(o, ",\"last_us\":");
	o = put_i(o, e->last_us);
	o = PUT_LIT(o, ",\"end\":\"");
	o = put_s(o, e->end);
	o = PUT_LIT(o, "\",\"from\":\"");
	o = put_s(o, e->from);
	*o++ = '"';
	if (e->xlate) {
		o = PUT_LIT(o, ",\"xsrc\":\"");
		o = put_addr(o, &e->xsrc);
		o = PUT_LIT(o, "\",\"xsport\":");
		o = put_u(o, e->xsport);
		o = PUT_LIT(o, ",\"xdst\":\"");
		o = put_addr(o, &e->xdst);
		o = PUT_LIT(o, "\",\"xdport\":");
		o = put_u(o, e->xdport);
	}
	*o++ = '}';
	*o++ = '\n';
	return fwrite(line, 1, (size_t)(o - line), f) == (size_t)(o - line) ?
	    0 : -1;
}

static int
get_int(json_t *o, const char *k, int64_t lo, int64_t hi, int64_t *v,
    const char **why)
{
	json_t *j = json_object_get(o, k);

	if (j == NULL || !json_is_integer(j)) {
		*why = "missing or not an integer";
		return -1;
	}
	*v = json_integer_value(j);
	if (*v < lo || *v > hi) {
		*why = "out of range";
		return -1;
	}
	return 0;
}

static int
get_str(json_t *o, const char *k, char *buf, size_t len, const char **why)
{
	json_t *j = json_object_get(o, k);
	const char *s;

	if (j == NULL || !json_is_string(j)) {
		*why = "missing or not a string";
		return -1;
	}
	s = json_string_value(j);
	if (strlen(s) >= len) {
		*why = "too long";
		return -1;
	}
	memcpy(buf, s, strlen(s) + 1);
	return 0;
}

static int
get_addr(json_t *o, const char *k, struct addr *a, const char **why)
{
	char buf[ADDR_STRLEN];

	if (get_str(o, k, buf, sizeof(buf), why) == -1)
		return -1;
	if (addr_parse(buf, a) == -1) {
		*why = "not an address";
		return -1;
	}
	return 0;
}

/* One line into e; NULL or the name of the bad field with *why. */
static const char *
parse_line(json_t *o, struct ledger_ent *e, const char **why)
{
	char dir[8];
	int64_t v;

	memset(e, 0, sizeof(*e));
	if (!json_is_object(o)) {
		*why = "not a JSON object";
		return "line";
	}
#define INT(k, lo, hi, dst)						\
	do {								\
		if (get_int(o, k, lo, hi, &v, why) == -1)		\
			return k;					\
		dst = v;						\
	} while (0)
	INT("session", 1, UINT32_MAX, e->session);
	INT("line", 0, UINT32_MAX, e->line);
	if (get_str(o, "dir", dir, sizeof(dir), why) == -1)
		return "dir";
	if (strcmp(dir, "fwd") != 0 && strcmp(dir, "rev") != 0) {
		*why = "not fwd or rev";
		return "dir";
	}
	e->rev = dir[0] == 'r';
	INT("proto", 0, 255, e->proto);
	if (get_addr(o, "src", &e->src, why) == -1)
		return "src";
	if (get_addr(o, "dst", &e->dst, why) == -1)
		return "dst";
	INT("sport", 0, 65535, e->sport);
	INT("dport", 0, 65535, e->dport);
	INT("packets", 0, INT64_MAX, e->packets);
	INT("octets", 0, INT64_MAX, e->octets);
	INT("first_us", INT64_MIN, INT64_MAX, e->first_us);
	INT("last_us", INT64_MIN, INT64_MAX, e->last_us);
	if (get_str(o, "end", e->end, sizeof(e->end), why) == -1)
		return "end";
	if (get_str(o, "from", e->from, sizeof(e->from), why) == -1)
		return "from";
	if (json_object_get(o, "xsrc") != NULL) {
		e->xlate = 1;
		if (get_addr(o, "xsrc", &e->xsrc, why) == -1)
			return "xsrc";
		if (get_addr(o, "xdst", &e->xdst, why) == -1)
			return "xdst";
		INT("xsport", 0, 65535, e->xsport);
		INT("xdport", 0, 65535, e->xdport);
	}
#undef INT
	return NULL;
}

long
ledger_read(const char *path, struct ledger_ent **out, char *err,
    size_t errlen)
{
	struct ledger_ent *v = NULL, *nv;
	size_t n = 0, cap = 0, lcap = 0;
	char *line = NULL;
	ssize_t ll;
	unsigned long lineno = 0;
	json_error_t je;
	const char *bad, *why = "";
	json_t *o;
	FILE *f;

	*out = NULL;
	if ((f = fopen(path, "r")) == NULL) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	while ((ll = getline(&line, &lcap, f)) != -1) {
		lineno++;
		while (ll > 0 && (line[ll - 1] == '\n' || line[ll - 1] == '\r'))
			line[--ll] = '\0';
		if (ll == 0)
			continue;
		if ((o = json_loadb(line, (size_t)ll, 0, &je)) == NULL) {
			snprintf(err, errlen, "%s:%lu: %s", path, lineno,
			    je.text);
			goto fail;
		}
		if (n == cap) {
			cap = cap == 0 ? 64 : cap * 2;
			if ((nv = realloc(v, cap * sizeof(*v))) == NULL) {
				json_decref(o);
				snprintf(err, errlen, "%s: out of memory",
				    path);
				goto fail;
			}
			v = nv;
		}
		bad = parse_line(o, &v[n], &why);
		json_decref(o);
		if (bad != NULL) {
			snprintf(err, errlen, "%s:%lu: \"%s\" %s", path, lineno,
			    bad, why);
			goto fail;
		}
		n++;
	}
	if (ferror(f)) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		goto fail;
	}
	free(line);
	fclose(f);
	*out = v;
	return (long)n;
fail:
	free(line);
	free(v);
	fclose(f);
	return -1;
}
