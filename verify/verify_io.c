/*
 * verify_io.c: read records.jsonl and findings.jsonl (the collector's
 * output, pflowlab-collect(1)) with jansson, one object per line.
 * Field names are the IANA element names; the provenance fields are the
 * collector's (dgram, version, domain, arrival_us, ...).
 */
#include <sys/mman.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "verify.h"
#include "verify_jsonl.h"

enum fld {
	F_SRC, F_DST, F_SPORT, F_DPORT, F_PROTO, F_PKTS, F_OCTS, F_START,
	F_END, F_IN, F_OUT, F_PSRC, F_PDST, F_PSPORT, F_PDPORT, F_VERSION,
	F_DGRAM, F_DOMAIN, F_TMPL, F_EXPTIME, F_ARRIVAL, F_TOS, F_COUNT
};

static const char *const fnames[F_COUNT][4] = {
	[F_SRC] = { "sourceIPv4Address", "sourceIPv6Address", "src", NULL },
	[F_DST] = { "destinationIPv4Address", "destinationIPv6Address", "dst",
	    NULL },
	[F_SPORT] = { "sourceTransportPort", "sport", NULL, NULL },
	[F_DPORT] = { "destinationTransportPort", "dport", NULL, NULL },
	[F_PROTO] = { "protocolIdentifier", "proto", NULL, NULL },
	[F_PKTS] = { "packetDeltaCount", "packets", "dPkts", NULL },
	[F_OCTS] = { "octetDeltaCount", "octets", "dOctets", NULL },
	[F_START] = { "flowStartMilliseconds", "start_ms", NULL, NULL },
	[F_END] = { "flowEndMilliseconds", "end_ms", NULL, NULL },
	[F_IN] = { "ingressInterface", "in_if", NULL, NULL },
	[F_OUT] = { "egressInterface", "out_if", NULL, NULL },
	[F_PSRC] = { "postNATSourceIPv4Address", "post_src", NULL, NULL },
	[F_PDST] = { "postNATDestinationIPv4Address", "post_dst", NULL, NULL },
	[F_PSPORT] = { "postNAPTSourceTransportPort", "post_sport", NULL,
	    NULL },
	[F_PDPORT] = { "postNAPTDestinationTransportPort", "post_dport", NULL,
	    NULL },
	[F_VERSION] = { "version", NULL, NULL, NULL },
	[F_DGRAM] = { "dgram", "datagram", NULL, NULL },
	[F_DOMAIN] = { "domain", "observationDomainId", NULL, NULL },
	[F_TMPL] = { "template", "tmpl", "template_id", NULL },
	[F_EXPTIME] = { "export_time", "exportTime", NULL, NULL },
	[F_ARRIVAL] = { "arrival_us", "arrival", NULL, NULL },
	[F_TOS] = { "ipClassOfService", "tos", NULL, NULL },
};

static json_t *
get(json_t *o, enum fld f)
{
	json_t *j;
	int i;

	for (i = 0; i < 4 && fnames[f][i] != NULL; i++)
		if ((j = json_object_get(o, fnames[f][i])) != NULL &&
		    !json_is_null(j))
			return j;
	return NULL;
}

static int
get_u64(json_t *o, enum fld f, uint64_t *v)
{
	json_t *j = get(o, f);

	if (j == NULL)
		return 0;
	if (json_is_integer(j)) {
		*v = (uint64_t)json_integer_value(j);
		return 1;
	}
	if (json_is_string(j)) {	/* 64-bit counters may be strings */
		char *end;

		errno = 0;
		*v = strtoull(json_string_value(j), &end, 10);
		return errno == 0 && *end == '\0';
	}
	if (json_is_real(j)) {
		*v = (uint64_t)json_real_value(j);
		return 1;
	}
	return 0;
}

static int
get_addr(json_t *o, enum fld f, struct addr *a)
{
	json_t *j = get(o, f);

	if (j == NULL || !json_is_string(j))
		return 0;
	return addr_parse(json_string_value(j), a) == 0;
}

static void
seterr(char *errbuf, size_t len, const char *path, long line, const char *m)
{
	snprintf(errbuf, len, "%s:%ld: %s", path, line, m);
}

/*
 * Read a file of JSON objects, one per line; calls fast (when not NULL)
 * with the line's pairs from the flat scanner, and fn with jansson's
 * object when the scanner or fast declines (returns 1).
 */
/* One line of a JSON Lines file: 0, or -1 with the message set. */
static int
one_line(const char *path, long line, const char *buf, size_t n,
    int (*fn)(void *, json_t *, char *, size_t),
    int (*fast)(void *, const struct jl_kv *, int), void *arg,
    char *errbuf, size_t errlen)
{
	struct jl_kv kv[64];
	json_error_t je;
	json_t *o;
	char why[160];
	int nkv;

	if (fast != NULL && (nkv = jl_scan(buf, n, kv, 64)) >= 0) {
		int r = fast(arg, kv, nkv);

		if (r == -1) {
			seterr(errbuf, errlen, path, line, "out of memory");
			return -1;
		}
		if (r == 0)
			return 0;
	}
	o = json_loadb(buf, n, JSON_DISABLE_EOF_CHECK | JSON_ALLOW_NUL,
	    &je);	/* softflowd pads ifName */
	if (o == NULL || !json_is_object(o)) {
		snprintf(why, sizeof(why), "not a JSON object: %.120s",
		    o == NULL ? je.text : "wrong type");
		json_decref(o);
		seterr(errbuf, errlen, path, line, why);
		return -1;
	}
	why[0] = '\0';
	if (fn(arg, o, why, sizeof(why)) == -1) {
		json_decref(o);
		seterr(errbuf, errlen, path, line, why[0] ? why :
		    "out of memory");
		return -1;
	}
	json_decref(o);
	return 0;
}

/*
 * Read a file of JSON objects, one per line; calls fast (when not NULL)
 * with the line's pairs from the flat scanner, and fn with jansson's
 * object when the scanner or fast declines (returns 1).  A regular file
 * is mapped (no copy per line); anything else is read line by line.
 */
static long
read_lines(const char *path, int (*fn)(void *, json_t *, char *, size_t),
    int (*fast)(void *, const struct jl_kv *, int), void *arg,
    char *errbuf, size_t errlen)
{
	struct stat st;
	FILE *f;
	char *buf = NULL;
	size_t cap = 0;
	ssize_t n;
	long line = 0, count = 0;
	int fd;

	if ((fd = open(path, O_RDONLY)) == -1) {
		snprintf(errbuf, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0) {
		const char *m, *p, *e, *nl;

		m = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE,
		    fd, 0);
		if (m != MAP_FAILED) {
			(void)madvise((void *)m, (size_t)st.st_size,
			    MADV_SEQUENTIAL);
			close(fd);
			e = m + st.st_size;
			for (p = m; p < e; p = nl + 1) {
				size_t len;

				nl = memchr(p, '\n', (size_t)(e - p));
				if (nl == NULL)
					nl = e;
				line++;
				len = (size_t)(nl - p);
				while (len > 0 && p[len - 1] == '\r')
					len--;
				if (len == 0)
					continue;
				if (one_line(path, line, p, len, fn, fast, arg,
				    errbuf, errlen) == -1) {
					count = -1;
					break;
				}
				count++;
			}
			munmap((void *)m, (size_t)st.st_size);
			return count;
		}
	}
	if ((f = fdopen(fd, "r")) == NULL) {
		snprintf(errbuf, errlen, "%s: %s", path, strerror(errno));
		close(fd);
		return -1;
	}
	while ((n = getline(&buf, &cap, f)) != -1) {
		line++;
		while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == '\r'))
			buf[--n] = '\0';
		if (n == 0)
			continue;
		if (one_line(path, line, buf, (size_t)n, fn, fast, arg, errbuf,
		    errlen) == -1) {
			count = -1;
			break;
		}
		count++;
	}
	if (count >= 0 && ferror(f)) {
		snprintf(errbuf, errlen, "%s: read error", path);
		count = -1;
	}
	free(buf);
	fclose(f);
	return count;
}

/*
 * Room for one more element of size sz in the array whose pointer is at
 * vp (n used of *cap; doubles, first size first): 0 or -1.
 */
static int
grow(void *vp, size_t *cap, size_t n, size_t sz, size_t first)
{
	size_t ncap;
	void *v, *nv;

	if (n < *cap)
		return 0;
	ncap = *cap ? *cap * 2 : first;
	memcpy(&v, vp, sizeof(v));
	if ((nv = realloc(v, ncap * sz)) == NULL)
		return -1;
	memcpy(vp, &nv, sizeof(nv));
	*cap = ncap;
	return 0;
}

struct recs {
	struct vobs	*v;
	size_t		 n;
	size_t		 cap;
};

/* One numeric field of a record into the flow (both read paths). */
static void
rec_set(struct flow *f, int fld, uint64_t u)
{
	switch (fld) {
	case F_SPORT:
		f->sport = (uint16_t)u;
		f->has |= FLOW_HAS_PORTS;
		break;
	case F_DPORT:
		f->dport = (uint16_t)u;
		break;
	case F_PROTO:
		f->proto = (uint8_t)u;
		break;
	case F_TOS:
		f->tos = (uint8_t)u;
		f->has |= FLOW_HAS_TOS;
		break;
	case F_PKTS:
		f->packets = u;
		break;
	case F_OCTS:
		f->octets = u;
		break;
	case F_START:
		f->start_ms = (int64_t)u;
		f->has |= FLOW_HAS_START;
		break;
	case F_END:
		f->end_ms = (int64_t)u;
		f->has |= FLOW_HAS_END;
		break;
	case F_IN:
		f->in_if = (uint32_t)u;
		f->has |= FLOW_HAS_IFACES;
		break;
	case F_OUT:
		f->out_if = (uint32_t)u;
		f->has |= FLOW_HAS_IFACES;
		break;
	case F_PSPORT:
		f->post_sport = (uint16_t)u;
		break;
	case F_PDPORT:
		f->post_dport = (uint16_t)u;
		break;
	case F_VERSION:
		f->version = (uint16_t)u;
		break;
	case F_DGRAM:
		f->dgram = u;
		break;
	case F_DOMAIN:
		f->domain = (uint32_t)u;
		break;
	case F_TMPL:
		f->tmpl_id = (uint16_t)u;
		break;
	case F_EXPTIME:
		f->export_time = (uint32_t)u;
		break;
	case F_ARRIVAL:
		f->arrival_us = (int64_t)u;
		break;
	default:
		break;
	}
}

static int
rec_one(void *arg, json_t *o, char *why, size_t len)
{
	struct recs *r = arg;
	struct vobs *ob;
	struct flow *f;
	uint64_t u;
	int fld;

	if (json_object_get(o, "set") != NULL ||
	    json_object_get(o, "fields") != NULL)
		return 0;	/* a template line, if the file has any */
	if (grow(&r->v, &r->cap, r->n, sizeof(*r->v), 1024) == -1)
		return -1;
	ob = &r->v[r->n];
	memset(ob, 0, sizeof(*ob));
	f = &ob->f;
	if (get(o, F_SRC) == NULL && get(o, F_DST) == NULL)
		return 0;	/* options data (softflowd's ifName, sampling) */
	if (!get_addr(o, F_SRC, &f->src) || !get_addr(o, F_DST, &f->dst)) {
		snprintf(why, len, "record without source/destination "
		    "address");
		return -1;
	}
	if (get_addr(o, F_PSRC, &f->post_src) &&
	    get_addr(o, F_PDST, &f->post_dst))
		f->has |= FLOW_HAS_POSTNAT;
	for (fld = 0; fld < F_COUNT; fld++) {
		if (fld == F_SRC || fld == F_DST || fld == F_PSRC ||
		    fld == F_PDST)
			continue;
		/* post-NAT ports only with both post-NAT addresses */
		if ((fld == F_PSPORT || fld == F_PDPORT) &&
		    !(f->has & FLOW_HAS_POSTNAT))
			continue;
		if (get_u64(o, fld, &u))
			rec_set(f, fld, u);
	}
	ob->exp = -1;
	r->n++;
	return 0;
}

/* Dotted-quad IPv4 without a library call; -1 if it is not one. */
static int
ipv4_quick(const char *s, size_t n, struct addr *a)
{
	uint8_t b[4];
	unsigned int v = 0, digits = 0, part = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		if (s[i] >= '0' && s[i] <= '9') {
			v = v * 10 + (unsigned int)(s[i] - '0');
			if (++digits > 3 || v > 255)
				return -1;
		} else if (s[i] == '.' && digits > 0 && part < 3) {
			b[part++] = (uint8_t)v;
			v = digits = 0;
		} else
			return -1;
	}
	if (part != 3 || digits == 0)
		return -1;
	b[3] = (uint8_t)v;
	addr_set4(a, b);
	return 0;
}

static int
kv_addr(const struct jl_kv *x, struct addr *a)
{
	char b[ADDR_STRLEN];

	if (x->type != JL_STR || x->slen == 0 || x->slen >= sizeof(b))
		return -1;
	if (x->slen <= 15 && ipv4_quick(x->s, x->slen, a) == 0)
		return 0;
	memcpy(b, x->s, x->slen);
	b[x->slen] = '\0';
	return addr_parse(b, a);
}

/* Field names by length, for the fast path: alias lists of a length. */
struct fname_ix {
	const char	*name;
	size_t		 len;
	int		 fld;
};
static struct fname_ix fix[F_COUNT * 4];
static int fix_first[65], fix_n;

static int
fix_cmp(const void *a, const void *b)
{
	const struct fname_ix *x = a, *y = b;

	return x->len < y->len ? -1 : x->len > y->len;
}

static void
fix_init(void)
{
	int f, a, i;

	if (fix_n > 0)
		return;
	for (f = 0; f < F_COUNT; f++)
		for (a = 0; a < 4 && fnames[f][a] != NULL; a++) {
			fix[fix_n].name = fnames[f][a];
			fix[fix_n].len = strlen(fnames[f][a]);
			fix[fix_n].fld = f;
			fix_n++;
		}
	qsort(fix, (size_t)fix_n, sizeof(fix[0]), fix_cmp);
	for (i = 0; i <= 64; i++)
		fix_first[i] = fix_n;
	for (i = fix_n; i-- > 0;)
		if (fix[i].len <= 64)
			fix_first[fix[i].len] = i;
}

static int
field_of(const char *k, size_t len)
{
	int i;

	if (len > 64)
		return F_COUNT;
	for (i = fix_first[len]; i < fix_n && fix[i].len == len; i++)
		if (fix[i].name[0] == k[0] && fix[i].name[len - 1] ==
		    k[len - 1] && memcmp(fix[i].name, k, len) == 0)
			return fix[i].fld;
	return F_COUNT;
}

/* The fast path of rec_one: 0 done, 1 let jansson do it, -1 ENOMEM. */
static int
rec_fast(void *arg, const struct jl_kv *kv, int n)
{
	struct recs *r = arg;
	struct vobs *ob;
	struct flow *f;
	int i, have_src = 0, have_dst = 0, have_post = 0;

	if (grow(&r->v, &r->cap, r->n, sizeof(*r->v), 1024) == -1)
		return -1;
	ob = &r->v[r->n];
	memset(ob, 0, sizeof(*ob));
	f = &ob->f;
	for (i = 0; i < n; i++) {
		const struct jl_kv *x = &kv[i];
		int fld;

		if (x->type == JL_NULL)
			continue;
		fld = field_of(x->k, x->klen);
		if (fld == F_COUNT) {
			if (jl_key(x, "set") || jl_key(x, "fields"))
				return 1;
			continue;
		}
		if (fld == F_SRC || fld == F_DST || fld == F_PSRC ||
		    fld == F_PDST) {
			struct addr *ap = fld == F_SRC ? &f->src :
			    fld == F_DST ? &f->dst : fld == F_PSRC ?
			    &f->post_src : &f->post_dst;

			if (kv_addr(x, ap) == -1)
				return 1;
			if (fld == F_SRC)
				have_src = 1;
			else if (fld == F_DST)
				have_dst = 1;
			else
				have_post |= fld == F_PSRC ? 1 : 2;
			continue;
		}
		if (x->type != JL_NUM || x->neg)
			return 1;
		rec_set(f, fld, x->u);
	}
	if (!have_src || !have_dst)
		return 1;	/* jansson path words the error */
	/* as rec_one: post-NAT only with both post-NAT addresses */
	if (have_post == 3)
		f->has |= FLOW_HAS_POSTNAT;
	else
		f->post_sport = f->post_dport = 0;
	ob->exp = -1;
	r->n++;
	return 0;
}

/* Entries to reserve for a JSON Lines file of about per octets a line. */
static size_t
guess_lines(const char *path, size_t per)
{
	struct stat st;

	if (stat(path, &st) == -1 || !S_ISREG(st.st_mode))
		return 0;
	return (size_t)st.st_size / per + 16;
}

long
verify_read_records(const char *path, struct vobs **out, char *errbuf,
    size_t errlen)
{
	struct recs r = { NULL, 0, 0 };
	long n;

	if ((r.cap = guess_lines(path, 400)) > 0 &&
	    (r.v = malloc(r.cap * sizeof(*r.v))) == NULL)
		r.cap = 0;

	fix_init();
	n = read_lines(path, rec_one, rec_fast, &r, errbuf, errlen);
	if (n < 0) {
		free(r.v);
		return -1;
	}
	*out = r.v;
	return (long)r.n;
}

struct finds {
	struct vfind	*v;
	size_t		 n;
	size_t		 cap;
};

static void
copy_str(json_t *o, const char *k, char *dst, size_t len)
{
	json_t *j = json_object_get(o, k);

	dst[0] = '\0';
	if (j != NULL && json_is_string(j))
		snprintf(dst, len, "%s", json_string_value(j));
	else if (j != NULL && json_is_integer(j))
		snprintf(dst, len, "%" JSON_INTEGER_FORMAT,
		    json_integer_value(j));
}

/* The first unsigned number in a string ("seq 1234" -> 1234). */
static int
first_num(const char *s, uint64_t *v)
{
	while (*s != '\0' && (*s < '0' || *s > '9'))
		s++;
	if (*s == '\0')
		return 0;
	*v = strtoull(s, NULL, 10);
	return 1;
}

static int
find_one(void *arg, json_t *o, char *why, size_t len)
{
	struct finds *r = arg;
	struct vfind *f;
	json_t *j;
	const char *sev;
	uint64_t e, ob;

	if (grow(&r->v, &r->cap, r->n, sizeof(*r->v), 64) == -1)
		return -1;
	f = &r->v[r->n];
	memset(f, 0, sizeof(*f));
	copy_str(o, "rule", f->rule, sizeof(f->rule));
	if (f->rule[0] == '\0') {
		snprintf(why, len, "finding without a rule");
		return -1;
	}
	j = json_object_get(o, "severity");
	sev = j != NULL && json_is_string(j) ? json_string_value(j) : "error";
	f->severity = strcmp(sev, "info") == 0 ? SEV_INFO :
	    strncmp(sev, "warn", 4) == 0 ? SEV_WARN : SEV_ERROR;
	j = json_object_get(o, "dgram");
	if (j != NULL && json_is_integer(j))
		f->dgram = (uint64_t)json_integer_value(j);
	copy_str(o, "expected", f->expected, sizeof(f->expected));
	copy_str(o, "observed", f->observed, sizeof(f->observed));
	copy_str(o, "msg", f->msg, sizeof(f->msg));
	/* a sequence gap: records lost = observed - expected (mod 2^32) */
	j = json_object_get(o, "lost");
	if (j != NULL && json_is_integer(j))
		f->lost = json_integer_value(j);
	else if (strlen(f->rule) > 4 &&
	    strcmp(f->rule + strlen(f->rule) - 4, "-SEQ") == 0 &&
	    first_num(f->expected, &e) && first_num(f->observed, &ob)) {
		uint32_t d = (uint32_t)ob - (uint32_t)e;

		if (d > 0 && d < 0x80000000U)
			f->lost = d;
	}
	r->n++;
	return 0;
}

long
verify_read_findings(const char *path, struct vfind **out, char *errbuf,
    size_t errlen)
{
	struct finds r = { NULL, 0, 0 };
	long n;

	n = read_lines(path, find_one, NULL, &r, errbuf, errlen);
	if (n < 0) {
		free(r.v);
		return -1;
	}
	*out = r.v;
	return (long)r.n;
}

/* ------------------------------------------------------------------ */
/* ledger.jsonl, fast path; any line it does not take sends the whole
 * file to ledger_read() (lib/ledger.c), which words the errors */

struct leds {
	struct ledger_ent *v;
	size_t		 n;
	size_t		 cap;
	int		 slow;
};

static int
led_slow(void *arg, json_t *o, char *why, size_t len)
{
	struct leds *l = arg;

	(void)o;
	(void)why;
	(void)len;
	l->slow = 1;
	return 0;
}

static int
kv_str(const struct jl_kv *x, char *buf, size_t len)
{
	if (x->type != JL_STR || x->slen >= len)
		return -1;
	memcpy(buf, x->s, x->slen);
	buf[x->slen] = '\0';
	return 0;
}

static int
led_fast(void *arg, const struct jl_kv *kv, int n)
{
	struct leds *l = arg;
	struct ledger_ent *e;
	unsigned int seen = 0;
	int i;

	if (l->slow)
		return 0;
	if (grow(&l->v, &l->cap, l->n, sizeof(*l->v), 1024) == -1)
		return -1;
	e = &l->v[l->n];
	memset(e, 0, sizeof(*e));
	for (i = 0; i < n; i++) {
		const struct jl_kv *x = &kv[i];
		const char *k = x->k;
		size_t kl = x->klen;
		int num = x->type == JL_NUM && !x->neg;

#define K(s)	(kl == sizeof(s) - 1 && memcmp(k, s, kl) == 0)
		if (K("session") && num && x->u >= 1 && x->u <= UINT32_MAX) {
			e->session = (uint32_t)x->u;
			seen |= 1;
		} else if (K("line") && num && x->u <= UINT32_MAX)
			e->line = (uint32_t)x->u;
		else if (K("dir") && x->type == JL_STR && x->slen == 3 &&
		    (memcmp(x->s, "fwd", 3) == 0 || memcmp(x->s, "rev", 3) ==
		    0)) {
			e->rev = x->s[0] == 'r';
			seen |= 2;
		} else if (K("proto") && num && x->u <= 255) {
			e->proto = (uint8_t)x->u;
			seen |= 4;
		} else if (K("af"))
			continue;
		else if (K("src") && kv_addr(x, &e->src) == 0)
			seen |= 8;
		else if (K("dst") && kv_addr(x, &e->dst) == 0)
			seen |= 16;
		else if (K("sport") && num && x->u <= 65535)
			e->sport = (uint16_t)x->u;
		else if (K("dport") && num && x->u <= 65535)
			e->dport = (uint16_t)x->u;
		else if (K("packets") && num && x->u <= INT64_MAX) {
			e->packets = x->u;
			seen |= 32;
		} else if (K("octets") && num && x->u <= INT64_MAX) {
			e->octets = x->u;
			seen |= 64;
		} else if (K("first_us") && x->type == JL_NUM &&
		    x->u <= INT64_MAX) {
			e->first_us = x->neg ? -(int64_t)x->u : (int64_t)x->u;
			seen |= 128;
		} else if (K("last_us") && x->type == JL_NUM &&
		    x->u <= INT64_MAX) {
			e->last_us = x->neg ? -(int64_t)x->u : (int64_t)x->u;
			seen |= 256;
		} else if (K("end") && kv_str(x, e->end, sizeof(e->end)) == 0)
			seen |= 512;
		else if (K("from") && kv_str(x, e->from, sizeof(e->from)) == 0)
			seen |= 1024;
		else if (K("xsrc") && kv_addr(x, &e->xsrc) == 0)
			e->xlate = 1;
		else if (K("xdst") && kv_addr(x, &e->xdst) == 0)
			e->xlate = 1;
		else if (K("xsport") && num && x->u <= 65535)
			e->xsport = (uint16_t)x->u;
		else if (K("xdport") && num && x->u <= 65535)
			e->xdport = (uint16_t)x->u;
		else {
			l->slow = 1;	/* unknown or bad: ledger_read */
			return 0;
		}
#undef K
	}
	if (seen != 2047) {
		l->slow = 1;
		return 0;
	}
	l->n++;
	return 0;
}

long
verify_read_ledger(const char *path, struct ledger_ent **out, char *errbuf,
    size_t errlen)
{
	struct leds l = { NULL, 0, 0, 0 };
	long n;

	if ((l.cap = guess_lines(path, 220)) > 0 &&
	    (l.v = malloc(l.cap * sizeof(*l.v))) == NULL)
		l.cap = 0;

	n = read_lines(path, led_slow, led_fast, &l, errbuf, errlen);
	if (n >= 0 && !l.slow) {
		*out = l.v;
		return (long)l.n;
	}
	free(l.v);
	if (n < 0 && !l.slow)
		return -1;
	return ledger_read(path, out, errbuf, errlen);
}
