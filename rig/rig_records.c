/*
 * rig_records.c: read records.jsonl (pflowlab collect's, or the one
 * rig_nfdump.c writes) for the live join.  Unlike a plain data-record
 * reader it accepts what real exporters send besides flows: options
 * records (softflowd's IPFIX options data carry interfaceName padded
 * with NULs, written as \u0000) and records without addresses are
 * skipped, not errors.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "rig_check.h"

static json_t *
field(json_t *o, const char *a, const char *b)
{
	json_t *j = json_object_get(o, a);

	if ((j == NULL || json_is_null(j)) && b != NULL)
		j = json_object_get(o, b);
	return j != NULL && !json_is_null(j) ? j : NULL;
}

static int
num(json_t *o, const char *a, const char *b, long long *v)
{
	json_t *j = field(o, a, b);

	if (j == NULL)
		return 0;
	if (json_is_integer(j))
		*v = (long long)json_integer_value(j);
	else if (json_is_string(j))
		*v = strtoll(json_string_value(j), NULL, 10);
	else
		return 0;
	return 1;
}

static int
addr_of(json_t *o, const char *a, const char *b, const char *c,
    struct addr *out)
{
	json_t *j = field(o, a, b);

	if (j == NULL)
		j = field(o, c, NULL);
	return j != NULL && json_is_string(j) &&
	    addr_parse(json_string_value(j), out) == 0;
}

long
rec_read(const char *path, struct vobs **out, char *eb, size_t el)
{
	struct vobs *v = NULL, *nv;
	size_t n = 0, cap = 0, bl = 0;
	char *buf = NULL;
	json_error_t je;
	long line = 0;
	long long x;
	FILE *f;
	json_t *o;

	if ((f = fopen(path, "r")) == NULL) {
		snprintf(eb, el, "%s: %s", path, strerror(errno));
		return -1;
	}
	while (getline(&buf, &bl, f) != -1) {
		struct flow *fl;

		line++;
		if (buf[strspn(buf, " \t\r\n")] == '\0')
			continue;
		o = json_loads(buf, JSON_ALLOW_NUL, &je);
		if (o == NULL || !json_is_object(o)) {
			snprintf(eb, el, "%s:%ld: %s", path, line,
			    o == NULL ? je.text : "not an object");
			json_decref(o);
			goto fail;
		}
		if (n == cap) {
			cap = cap ? cap * 2 : 256;
			if ((nv = realloc(v, cap * sizeof(*v))) == NULL) {
				json_decref(o);
				snprintf(eb, el, "out of memory");
				goto fail;
			}
			v = nv;
		}
		memset(&v[n], 0, sizeof(v[n]));
		fl = &v[n].f;
		if (!addr_of(o, "sourceIPv4Address", "sourceIPv6Address",
		    "src", &fl->src) ||
		    !addr_of(o, "destinationIPv4Address",
		    "destinationIPv6Address", "dst", &fl->dst)) {
			json_decref(o);
			continue;	/* options record */
		}
		if (num(o, "sourceTransportPort", "sport", &x)) {
			fl->sport = (uint16_t)x;
			fl->has |= FLOW_HAS_PORTS;
		}
		if (num(o, "destinationTransportPort", "dport", &x))
			fl->dport = (uint16_t)x;
		if (num(o, "protocolIdentifier", "proto", &x))
			fl->proto = (uint8_t)x;
		if (num(o, "packetDeltaCount", "packets", &x))
			fl->packets = (uint64_t)x;
		if (num(o, "octetDeltaCount", "octets", &x))
			fl->octets = (uint64_t)x;
		if (num(o, "start_ms", "flowStartMilliseconds", &x)) {
			fl->start_ms = x;
			fl->has |= FLOW_HAS_START;
		}
		if (num(o, "end_ms", "flowEndMilliseconds", &x)) {
			fl->end_ms = x;
			fl->has |= FLOW_HAS_END;
		}
		if (num(o, "version", NULL, &x))
			fl->version = (uint16_t)x;
		if (num(o, "dgram", NULL, &x))
			fl->dgram = (uint64_t)x;
		v[n].exp = -1;
		n++;
		json_decref(o);
	}
	free(buf);
	fclose(f);
	*out = v;
	return (long)n;
fail:
	free(buf);
	free(v);
	fclose(f);
	return -1;
}
