/*
 * scn_value.c: the scenario parser's value readers (numbers, durations,
 * "3x1000" sizes, "~5%" tolerances, networks, the epoch) and its error
 * reporter "FILE:LINE:COL: what" with the line and a caret.
 */
#include <sys/socket.h>

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "scn_lex.h"

/* The text of line n of the input (without its newline). */
static void
line_text(const struct scn_parser *p, uint32_t n, const char **start,
    size_t *len)
{
	const char *b = p->buf, *e = p->buf + p->len, *nl;
	uint32_t i;

	for (i = 1; i < n && b < e; i++) {
		nl = memchr(b, '\n', (size_t)(e - b));
		if (nl == NULL) {
			b = e;
			break;
		}
		b = nl + 1;
	}
	nl = memchr(b, '\n', (size_t)(e - b));
	*start = b;
	*len = nl != NULL ? (size_t)(nl - b) : (size_t)(e - b);
	if (*len > 0 && b[*len - 1] == '\r')
		(*len)--;
}

static void
verror(struct scn_parser *p, uint32_t line, uint32_t col, const char *fmt,
    va_list ap)
{
	const char *t;
	size_t tl, i, o;
	char msg[512];
	int n;

	if (p->failed)
		return;
	p->failed = 1;
	if (p->err == NULL || p->errlen == 0)
		return;
	vsnprintf(msg, sizeof(msg), fmt, ap);
	line_text(p, line, &t, &tl);
	if (col == 0)
		col = 1;
	n = snprintf(p->err, p->errlen, "%s:%u:%u: %s\n  ", p->file, line,
	    col, msg);
	if (n < 0 || (size_t)n >= p->errlen)
		return;
	o = (size_t)n;
	for (i = 0; i < tl && o + 1 < p->errlen; i++)
		p->err[o++] = t[i] == '\t' ? '\t' :
		    (isprint((unsigned char)t[i]) ? t[i] : '?');
	if (o + 4 < p->errlen) {
		p->err[o++] = '\n';
		p->err[o++] = ' ';
		p->err[o++] = ' ';
	}
	for (i = 0; i + 1 < col && i < tl && o + 3 < p->errlen; i++)
		p->err[o++] = t[i] == '\t' ? '\t' : ' ';
	if (o + 2 < p->errlen) {
		p->err[o++] = '^';
		p->err[o++] = '\n';
	}
	p->err[o < p->errlen ? o : p->errlen - 1] = '\0';
}

void
scn_error(struct scn_parser *p, uint32_t line, uint32_t col,
    const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	verror(p, line, col, fmt, ap);
	va_end(ap);
}

void
scn_terr(struct scn_parser *p, int i, const char *fmt, ...)
{
	va_list ap;
	uint32_t col;

	if (i < p->ntok)
		col = p->tok[i].col;
	else if (p->ntok > 0)	/* just after the last token */
		col = p->tok[p->ntok - 1].col +
		    (uint32_t)strlen(p->tok[p->ntok - 1].s) + 1;
	else
		col = 1;
	va_start(ap, fmt);
	verror(p, p->lineno, col, fmt, ap);
	va_end(ap);
}

/* Decimal (or 0x hex) unsigned number no larger than max. */
int
scn_val_u64(const char *s, uint64_t max, uint64_t *v)
{
	unsigned long long x;
	char *end;

	if (!isdigit((unsigned char)s[0]))
		return -1;
	x = strtoull(s, &end, 0);
	if (*end != '\0' || x > max)
		return -1;
	*v = x;
	return 0;
}

/* "1.5s", "10ms", "250us", "2m", "1h", "0"; microseconds. */
int
scn_val_dur(const char *s, int64_t *us)
{
	uint64_t ip = 0, frac = 0, fdiv = 1, mul;
	const char *c = s;

	if (!isdigit((unsigned char)*c))
		return -1;
	while (isdigit((unsigned char)*c)) {
		ip = ip * 10 + (uint64_t)(*c++ - '0');
		if (ip > 100000000000ULL)
			return -1;
	}
	if (*c == '.') {
		c++;
		if (!isdigit((unsigned char)*c))
			return -1;
		while (isdigit((unsigned char)*c)) {
			if (fdiv < 1000000000ULL) {
				frac = frac * 10 + (uint64_t)(*c - '0');
				fdiv *= 10;
			}
			c++;
		}
	}
	if (strcmp(c, "us") == 0)
		mul = 1;
	else if (strcmp(c, "ms") == 0)
		mul = 1000;
	else if (strcmp(c, "s") == 0)
		mul = 1000000;
	else if (strcmp(c, "m") == 0 || strcmp(c, "min") == 0)
		mul = 60000000;
	else if (strcmp(c, "h") == 0)
		mul = 3600000000ULL;
	else if (*c == '\0' && ip == 0 && frac == 0)
		mul = 1;
	else
		return -1;
	/* at most about 31 years: sums of many stay far from overflow */
	if (ip > SCN_MAXDUR_US / mul)
		return -1;
	*us = (int64_t)(ip * mul + frac * mul / fdiv);
	if (frac * mul % fdiv != 0)
		return -1;	/* finer than a microsecond */
	return 0;
}

/* "3x1000" (count x size) or "1000" (one of size). */
int
scn_val_size(const char *s, uint32_t *count, uint32_t *size)
{
	const char *x = strchr(s, 'x');
	uint64_t c = 1, z;
	char buf[32];

	if (x != NULL) {
		if ((size_t)(x - s) >= sizeof(buf) || x == s)
			return -1;
		memcpy(buf, s, (size_t)(x - s));
		buf[x - s] = '\0';
		if (scn_val_u64(buf, 1000000000, &c) == -1 || c == 0)
			return -1;
		s = x + 1;
	}
	if (scn_val_u64(s, UINT32_MAX, &z) == -1)
		return -1;
	*count = (uint32_t)c;
	*size = (uint32_t)z;
	return 0;
}

/* "~5%" or "~0.5%" is read as whole percent only: "~5%". */
int
scn_val_pct(const char *s, uint32_t *pct)
{
	char buf[16];
	size_t n = strlen(s);
	uint64_t v;

	if (s[0] != '~' || n < 3 || s[n - 1] != '%' || n - 2 >= sizeof(buf))
		return -1;
	memcpy(buf, s + 1, n - 2);
	buf[n - 2] = '\0';
	if (scn_val_u64(buf, 100, &v) == -1)
		return -1;
	*pct = (uint32_t)v;
	return 0;
}

/* "198.18.1.0/24", "2001:db8::/32", a bare address is a host route. */
int
scn_val_net(const char *s, struct addr *a, uint8_t *plen)
{
	char buf[64];
	const char *sl = strchr(s, '/');
	uint64_t v;
	size_t n = sl != NULL ? (size_t)(sl - s) : strlen(s);
	unsigned int max, i;

	if (n >= sizeof(buf))
		return -1;
	memcpy(buf, s, n);
	buf[n] = '\0';
	if (addr_parse(buf, a) == -1)
		return -1;
	max = a->af == AF_INET ? 32 : 128;
	v = max;
	if (sl != NULL && scn_val_u64(sl + 1, max, &v) == -1)
		return -1;
	*plen = (uint8_t)v;
	/* host bits must be zero, as pfctl insists for clarity */
	for (i = *plen; i < max; i++)
		if (a->a[i / 8] & (0x80 >> (i % 8)))
			return -2;
	return 0;
}

/* "2026-01-01T00:00:00Z" or with ".123456" before the Z. */
int
scn_val_epoch(const char *s, int64_t *us)
{
	struct tm tm;
	int y, mo, d, h, mi, sec, n = 0;
	int64_t frac = 0, div = 1;
	const char *c;
	time_t t;

	if (sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2d%n", &y, &mo, &d, &h, &mi,
	    &sec, &n) != 6 || n != 19)
		return -1;
	c = s + n;
	if (*c == '.') {
		c++;
		if (!isdigit((unsigned char)*c))
			return -1;
		while (isdigit((unsigned char)*c)) {
			if (div >= 1000000)
				return -1;
			frac = frac * 10 + (*c++ - '0');
			div *= 10;
		}
	}
	if (strcmp(c, "Z") != 0)
		return -1;
	if (y < 1970 || y > 9999 || mo < 1 || mo > 12 || d < 1 || d > 31 ||
	    h > 23 || mi > 59 || sec > 60)
		return -1;
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = sec;
	t = timegm(&tm);
	if (t == (time_t)-1)
		return -1;
	*us = (int64_t)t * 1000000 + frac * (1000000 / div);
	return 0;
}
