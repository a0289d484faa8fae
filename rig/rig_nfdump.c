/*
 * rig_nfdump.c: what a real nfcapd stored, read back with
 * "nfdump -R DIR -o json" (nfdump 1.7.1) and written as records JSON
 * Lines in the field names verify reads, so the third-party collector is
 * held against the same ground truth as our own.  nfdump prints local
 * time ("first": "2026-11-27T13:18:48.419"), so it runs with TZ=UTC.
 * ICMP has no ports in nfdump's output; the type and code go into the
 * destination port as NetFlow v5 carries them (type * 256 + code).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>

#include "rig.h"
#include "rig_exporter.h"

/* "2026-11-27T13:18:48.419" (UTC) -> unix ms; -1 if malformed. */
static int64_t
nf_time(const char *s)
{
	struct tm tm;
	const char *p;
	int ms = 0, k;

	memset(&tm, 0, sizeof(tm));
	if (s == NULL || (p = strptime(s, "%Y-%m-%dT%H:%M:%S", &tm)) == NULL)
		return -1;
	if (*p == '.') {
		for (p++, k = 0; k < 3; k++, p++)
			ms = ms * 10 + (*p >= '0' && *p <= '9' ? *p - '0' : 0);
	}
	return (int64_t)timegm(&tm) * 1000 + ms;
}

static long long
nf_int(json_t *o, const char *k)
{
	json_t *j = json_object_get(o, k);

	return json_is_integer(j) ? (long long)json_integer_value(j) : 0;
}

static const char *
nf_str(json_t *o, const char *k)
{
	json_t *j = json_object_get(o, k);

	return json_is_string(j) ? json_string_value(j) : NULL;
}

long
nfdump_to_records(const char *nfdir, const char *out, char *eb, size_t el)
{
	char jpath[1100], *argv[] = { "nfdump", "-R", (char *)nfdir, "-o",
	    "json", NULL }, *env[] = { "TZ=UTC", NULL };
	json_error_t je;
	json_t *root, *o;
	FILE *f;
	size_t i;
	pid_t p;
	int st = 0;
	long n = 0;

	snprintf(jpath, sizeof(jpath), "%s.json", nfdir);
	unlink(jpath);
	if ((p = rig_spawn(NULL, NULL, argv, jpath, "/dev/null", env)) == -1 ||
	    !rig_wait(p, 20000, &st)) {
		snprintf(eb, el, "nfdump did not finish");
		return -1;
	}
	if ((root = json_load_file(jpath, 0, &je)) == NULL) {
		/* no flow at all: nfdump prints nothing JSON-shaped */
		FILE *t = fopen(jpath, "r");
		int c = t != NULL ? fgetc(t) : EOF;

		if (t != NULL)
			fclose(t);
		if (c == EOF) {
			root = json_array();
		} else {
			snprintf(eb, el, "%s:%d: %s", jpath, je.line, je.text);
			return -1;
		}
	}
	if (!json_is_array(root)) {
		json_decref(root);
		snprintf(eb, el, "%s: not a JSON array", jpath);
		return -1;
	}
	if ((f = fopen(out, "w")) == NULL) {
		json_decref(root);
		snprintf(eb, el, "%s: %s", out, strerror(errno));
		return -1;
	}
	json_array_foreach(root, i, o) {
		const char *src = nf_str(o, "src4_addr");
		const char *dst = nf_str(o, "dst4_addr");
		long long proto = nf_int(o, "proto");
		long long sp = nf_int(o, "src_port");
		long long dp = nf_int(o, "dst_port");
		int64_t first = nf_time(nf_str(o, "first"));
		int64_t last = nf_time(nf_str(o, "last"));

		if (src == NULL || dst == NULL)
			continue;	/* IPv6 or a non-flow record */
		if (nf_str(o, "type") != NULL &&
		    strcmp(nf_str(o, "type"), "FLOW") != 0)
			continue;
		if (proto == 1) {
			sp = 0;
			dp = nf_int(o, "icmp_type") * 256 +
			    nf_int(o, "icmp_code");
		}
		fprintf(f, "{\"collector\":\"nfcapd\",\"src\":\"%s\","
		    "\"dst\":\"%s\",\"sport\":%lld,\"dport\":%lld,"
		    "\"proto\":%lld,\"packets\":%lld,\"octets\":%lld,"
		    "\"start_ms\":%lld,\"end_ms\":%lld,\"dgram\":%ld}\n",
		    src, dst, sp, dp, proto, nf_int(o, "in_packets"),
		    nf_int(o, "in_bytes"), (long long)first, (long long)last,
		    n);
		n++;
	}
	json_decref(root);
	if (fclose(f) != 0) {
		snprintf(eb, el, "%s: write error", out);
		return -1;
	}
	return n;
}
