/*
 * finding.c: findings as JSON Lines (the findings.jsonl format, see
 * pflowlab-collect(1)):
 *
 *   {"rule":"V5-COUNT","severity":"error","exporter":"198.18.0.1:4739",
 *    "domain":0,"dgram":3,"offset":2,"expected":"30","observed":"31",
 *    "msg":"..."}
 *
 * offset is null when the finding has no byte position; expected and
 * observed are omitted when empty.
 */
#include <stdio.h>

#include "finding.h"

const char *
severity_str(enum severity s)
{
	switch (s) {
	case SEV_INFO:
		return "info";
	case SEV_WARN:
		return "warning";
	case SEV_ERROR:
		return "error";
	}
	return "?";
}

/* A JSON string: quotes, backslash and control characters escaped. */
static void
finding_str(FILE *f, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	putc('"', f);
	for (; *p != '\0'; p++) {
		switch (*p) {
		case '"':
			fputs("\\\"", f);
			break;
		case '\\':
			fputs("\\\\", f);
			break;
		case '\n':
			fputs("\\n", f);
			break;
		case '\t':
			fputs("\\t", f);
			break;
		case '\r':
			fputs("\\r", f);
			break;
		default:
			if (*p < 0x20 || *p == 0x7f)
				fprintf(f, "\\u%04x", *p);
			else
				putc(*p, f);
		}
	}
	putc('"', f);
}

int
finding_json(FILE *f, const struct finding *fd)
{
	char exp[EXPORTER_STRLEN];

	fputs("{\"rule\":", f);
	finding_str(f, fd->rule != NULL ? fd->rule : "");
	fprintf(f, ",\"severity\":\"%s\",\"exporter\":", severity_str(fd->severity));
	finding_str(f, exporter_fmt(&fd->exp, exp, sizeof(exp)));
	fprintf(f, ",\"domain\":%lu,\"dgram\":%llu,\"offset\":",
	    (unsigned long)fd->domain, (unsigned long long)fd->dgram);
	if (fd->offset < 0)
		fputs("null", f);
	else
		fprintf(f, "%lld", (long long)fd->offset);
	if (fd->expected[0] != '\0') {
		fputs(",\"expected\":", f);
		finding_str(f, fd->expected);
	}
	if (fd->observed[0] != '\0') {
		fputs(",\"observed\":", f);
		finding_str(f, fd->observed);
	}
	fputs(",\"msg\":", f);
	finding_str(f, fd->msg);
	fputs("}\n", f);
	return ferror(f) ? -1 : 0;
}
