/*
 * rules.c: the conformance rule table (ids, severities, requirements and
 * where each requirement comes from), and pflowlab-rules(7) generated
 * from it.  pflow facts: ../shared/spec/pflow-facts.md section 7.
 */
#include <stddef.h>
#include <string.h>

#include "rules.h"

#define E	SEV_ERROR
#define W	SEV_WARN
#define I	SEV_INFO

static const struct rule table[R_COUNT] = {
	[R_DGRAM_VERSION] = { "DGRAM-VERSION", E, "any",
	    "A datagram is a NetFlow v5 (5), NetFlow v9 (9) or IPFIX (10) "
	    "message, at least as long as its header.",
	    "RFC 7011 3.1; RFC 3954 5.1; Cisco NetFlow v5" },
	[R_DECODE_LIMIT] = { "DECODE-LIMIT", I, "any",
	    "The message stays within the decoder's limits (memory, at most "
	    "1024 fields per template); beyond them it is not checked.",
	    "pflowlab" },
	[R_CAPTURE_FRAG] = { "CAPTURE-FRAG", W, "capture",
	    "Every fragment of an export datagram in a capture is there, "
	    "consistent and within the reassembly limits, so the datagram can "
	    "be reassembled; one that cannot is reported, not decoded.",
	    "RFC 791 3.2; RFC 8200 4.5" },
	[R_CAPTURE_TRUNC] = { "CAPTURE-TRUNC", W, "capture",
	    "A captured export datagram is whole: the capture's snap length "
	    "did not cut it short.",
	    "pflowlab (pcap snap length)" },

	[R_V5_LENGTH] = { "V5-LENGTH", E, "NetFlow v5",
	    "The datagram length is 24 + 48 x count.",
	    "Cisco NetFlow v5; sys/net/if_pflow.h struct pflow_header" },
	[R_V5_COUNT] = { "V5-COUNT", E, "NetFlow v5",
	    "The header count is between 1 and 30.",
	    "Cisco NetFlow v5; sys/net/if_pflow.h PFLOW_MAXFLOWS" },
	[R_V5_SEQ] = { "V5-SEQ", W, "NetFlow v5",
	    "flow_sequence of the next datagram of an exporter (address, port, "
	    "engine type and id) is the previous one plus its count, modulo "
	    "2^32; a jump forward means lost records.",
	    "Cisco NetFlow v5; sys/net/if_pflow.c sc_gcounter" },
	[R_V5_SEQ_DUP] = { "V5-SEQ-DUP", W, "NetFlow v5",
	    "A datagram (flow_sequence and count) is not received twice.",
	    "Cisco NetFlow v5" },
	[R_V5_SEQ_REORDER] = { "V5-SEQ-REORDER", W, "NetFlow v5",
	    "Datagrams arrive in flow_sequence order (a late one fills an "
	    "earlier gap).",
	    "Cisco NetFlow v5" },
	[R_V5_SEQ_RESET] = { "V5-SEQ-RESET", W, "NetFlow v5",
	    "flow_sequence does not go backwards (an exporter restart or a "
	    "re-created pflow interface resets it).",
	    "Cisco NetFlow v5; sys/net/if_pflow.c pflow_clone_create" },
	[R_V5_TIME_ORDER] = { "V5-TIME-ORDER", E, "NetFlow v5",
	    "First <= Last <= SysUptime modulo 2^32 (First = 0 and Last = 0 "
	    "mark unknown times).",
	    "Cisco NetFlow v5; sys/net/if_pflow.c copy_flow_data" },
	[R_V5_RESERVED] = { "V5-RESERVED", E, "NetFlow v5",
	    "The record pad fields pad1 and pad2 are zero.",
	    "Cisco NetFlow v5; sys/net/if_pflow.h struct pflow_flow" },
	[R_V5_EXPORT_TIME] = { "V5-EXPORT-TIME", W, "NetFlow v5",
	    "unix_secs is a plausible time: not 0, not before 2000, not more "
	    "than 5 minutes after the datagram arrived.",
	    "Cisco NetFlow v5" },

	[R_NF9_LENGTH] = { "NF9-LENGTH", E, "NetFlow v9",
	    "The packet holds its 20-octet header and every FlowSet it "
	    "announces.",
	    "RFC 3954 5.1" },
	[R_NF9_COUNT] = { "NF9-COUNT", E, "NetFlow v9",
	    "The header count equals the number of template, options template "
	    "and data records in the packet.",
	    "RFC 3954 5.1" },
	[R_NF9_SETLEN] = { "NF9-SETLEN", E, "NetFlow v9",
	    "A FlowSet length is at least 4 and ends within the packet.",
	    "RFC 3954 5.2, 5.3" },
	[R_NF9_SETID] = { "NF9-SETID", E, "NetFlow v9",
	    "FlowSet IDs 2 to 255 are reserved and not used.",
	    "RFC 3954 5.2" },
	[R_NF9_TMPLID] = { "NF9-TMPLID", E, "NetFlow v9",
	    "Template IDs are 256 or more.",
	    "RFC 3954 5.2" },
	[R_NF9_TMPLREC] = { "NF9-TMPLREC", E, "NetFlow v9",
	    "A template or options template record is well formed and fits "
	    "in its FlowSet (scope length within the record, non-empty "
	    "record).",
	    "RFC 3954 5.2, 6.1" },
	[R_NF9_NOTMPL] = { "NF9-NOTMPL", W, "NetFlow v9",
	    "A data FlowSet refers to a template already received from the "
	    "same source ID.",
	    "RFC 3954 5.3, 9" },
	[R_NF9_PADDING] = { "NF9-PADDING", E, "NetFlow v9",
	    "FlowSet padding is zero and shorter than a record.",
	    "RFC 3954 5.3" },
	[R_NF9_SEQ] = { "NF9-SEQ", W, "NetFlow v9",
	    "The package sequence of the next packet of a source ID is the "
	    "previous one plus 1 (it counts packets); a jump means lost "
	    "packets.",
	    "RFC 3954 5.1" },
	[R_NF9_SEQ_DUP] = { "NF9-SEQ-DUP", W, "NetFlow v9",
	    "A packet (package sequence) is not received twice.",
	    "RFC 3954 5.1" },
	[R_NF9_SEQ_REORDER] = { "NF9-SEQ-REORDER", W, "NetFlow v9",
	    "Packets arrive in sequence order.",
	    "RFC 3954 5.1" },
	[R_NF9_SEQ_RESET] = { "NF9-SEQ-RESET", W, "NetFlow v9",
	    "The package sequence does not go backwards.",
	    "RFC 3954 5.1" },
	[R_NF9_EXPORT_TIME] = { "NF9-EXPORT-TIME", W, "NetFlow v9",
	    "UNIX Secs is a plausible time: not 0, not before 2000, not more "
	    "than 5 minutes after the packet arrived.",
	    "RFC 3954 5.1" },

	[R_IPFIX_MSGLEN] = { "IPFIX-MSGLEN", E, "IPFIX",
	    "The message Length equals the datagram length, and the datagram "
	    "holds the 16-octet header.",
	    "RFC 7011 3.1, 10.3.2" },
	[R_IPFIX_SETLEN] = { "IPFIX-SETLEN", E, "IPFIX",
	    "A Set Length is at least 4 and the set ends within the message.",
	    "RFC 7011 3.3.2" },
	[R_IPFIX_SETID] = { "IPFIX-SETID", E, "IPFIX",
	    "Set IDs 0, 1 and 4 to 255 are not used (2 template, 3 options "
	    "template, 256 and up data).",
	    "RFC 7011 3.3.2" },
	[R_IPFIX_TMPLID] = { "IPFIX-TMPLID", E, "IPFIX",
	    "Template IDs are 256 or more.",
	    "RFC 7011 3.4.1" },
	[R_IPFIX_TMPLREC] = { "IPFIX-TMPLREC", E, "IPFIX",
	    "A template record fits in its set and describes records of "
	    "non-zero length.",
	    "RFC 7011 3.4.1, 3.3.2" },
	[R_IPFIX_FIELDCOUNT] = { "IPFIX-FIELDCOUNT", E, "IPFIX",
	    "A template's Field Count is above 0: a withdrawal (count 0) is "
	    "not sent over UDP.",
	    "RFC 7011 3.4.3, 8.4" },
	[R_IPFIX_SCOPE] = { "IPFIX-SCOPE", E, "IPFIX",
	    "An options template's Scope Field Count is above 0 and at most "
	    "its Field Count.",
	    "RFC 7011 3.4.2.2" },
	[R_IPFIX_FIELDLEN] = { "IPFIX-FIELDLEN", E, "IPFIX",
	    "A template gives an IANA element a length its type allows: "
	    "reduced size only for integers (1 up to the natural size) and "
	    "float64 (4), else the type's size (addresses, MAC, boolean, "
	    "dateTime*).",
	    "RFC 7011 6.2; RFC 7012 3.1" },
	[R_IPFIX_NOTMPL] = { "IPFIX-NOTMPL", W, "IPFIX",
	    "A data set refers to a template already received in the same "
	    "transport session and observation domain.",
	    "RFC 7011 8, 8.4" },
	[R_IPFIX_PADDING] = { "IPFIX-PADDING", E, "IPFIX",
	    "Set padding is made of zero octets and is shorter than the "
	    "smallest record.",
	    "RFC 7011 3.3.1" },
	[R_IPFIX_VARLEN] = { "IPFIX-VARLEN", E, "IPFIX",
	    "A variable-length field ends within its record.",
	    "RFC 7011 7" },
	[R_IPFIX_REDEFINE] = { "IPFIX-REDEFINE", W, "IPFIX",
	    "A template ID is not reused with another definition while the "
	    "old one is in use.",
	    "RFC 7011 8.4" },
	[R_IPFIX_SEQ] = { "IPFIX-SEQ", W, "IPFIX",
	    "The Sequence Number of the next message of an observation domain "
	    "is the previous one plus the data records it carried, modulo "
	    "2^32 (templates do not count); a jump means lost records.",
	    "RFC 7011 3.1, 10.3.2" },
	[R_IPFIX_SEQ_DUP] = { "IPFIX-SEQ-DUP", W, "IPFIX",
	    "A message (Sequence Number and record count) is not received "
	    "twice.",
	    "RFC 7011 3.1" },
	[R_IPFIX_SEQ_REORDER] = { "IPFIX-SEQ-REORDER", W, "IPFIX",
	    "Messages arrive in Sequence Number order.",
	    "RFC 7011 3.1" },
	[R_IPFIX_SEQ_RESET] = { "IPFIX-SEQ-RESET", W, "IPFIX",
	    "The Sequence Number does not go backwards (an exporter restart "
	    "resets it).",
	    "RFC 7011 3.1" },
	[R_IPFIX_EXPORT_TIME] = { "IPFIX-EXPORT-TIME", W, "IPFIX",
	    "Export Time is a plausible time: not 0, not before 2000, not "
	    "more than 5 minutes after the message arrived.",
	    "RFC 7011 3.1" },

	[R_PFLOW_DOMAIN] = { "PFLOW-DOMAIN", E, "pflow",
	    "The Observation Domain ID is 42 (PFLOW_ENGINE_TYPE).",
	    "sys/net/if_pflow.c pflow_sendout_ipfix; pflow-facts 7.12" },
	[R_PFLOW_TEMPLATE] = { "PFLOW-TEMPLATE", E, "pflow",
	    "Every template message holds exactly the release's templates, "
	    "with their ids and field lists (<= 7.8: 256 IPv4, 257 IPv6; "
	    "-current: 256 IPv4, 257 NAT IPv4, 258 IPv6).",
	    "sys/net/if_pflow.c pflow_sendout_ipfix_tmpl; "
	    "regress/sys/net/pflow/template.v10; pflow-facts 7.13" },
	[R_PFLOW_ONE_SET] = { "PFLOW-ONE-SET", E, "pflow",
	    "An IPFIX message carries exactly one set.",
	    "sys/net/if_pflow.c pflow_sendout_ipfix; pflow-facts 7.11" },
	[R_PFLOW_NO_PADDING] = { "PFLOW-NO-PADDING", E, "pflow",
	    "Data sets are 4 + n x record length octets, without padding.",
	    "sys/net/if_pflow.c pflow_sendout_ipfix; pflow-facts 7.14" },
	[R_PFLOW_RECS_PER_MSG] = { "PFLOW-RECS-PER-MSG", E, "pflow",
	    "A message holds 1 to the profile's records per message (MTU "
	    "1500: v5 30; IPFIX <= 7.8 26 IPv4, 18 IPv6; -current 22 IPv4 "
	    "and NAT, 18 IPv6).",
	    "sys/net/if_pflow.c pflow_setmtu; pflow-facts 7.1, 7.14" },
	[R_PFLOW_TS_GRANULARITY] = { "PFLOW-TS-GRANULARITY", E, "pflow",
	    "Times are whole seconds: flowStart/EndMilliseconds, and v5 "
	    "SysUptime, First and Last, are multiples of 1000.",
	    "sys/net/if_pflow.c copy_flow_data, copy_flow_ipfix_4_data; "
	    "pflow-facts 7.4, 7.17" },
	[R_PFLOW_TIME_ORDER] = { "PFLOW-TIME-ORDER", E, "pflow",
	    "flowStartMilliseconds <= flowEndMilliseconds <= Export Time x "
	    "1000 + 1000.",
	    "sys/net/if_pflow.c copy_flow_ipfix_4_data; pflow-facts 7.17" },
	[R_PFLOW_V5_ENGINE] = { "PFLOW-V5-ENGINE", E, "pflow",
	    "engine_type and engine_id are 42.",
	    "sys/net/if_pflow.h PFLOW_ENGINE_TYPE; pflow-facts 7.2" },
	[R_PFLOW_V5_ZERO] = { "PFLOW-V5-ZERO", E, "pflow",
	    "v5 nexthop, tcp_flags, src_as, dst_as, src_mask, dst_mask and "
	    "the header sampling_interval are zero.",
	    "sys/net/if_pflow.c copy_flow_data; pflow-facts 7.2, 7.6" },
	[R_PFLOW_ZERO_COUNT] = { "PFLOW-ZERO-COUNT", E, "pflow",
	    "Packet and octet counts are at least 1 (zero-byte directions "
	    "are not exported).",
	    "sys/net/if_pflow.c export_pflow_if; pflow-facts 7.7, 7.18" },
	[R_PFLOW_MIN_OCTETS] = { "PFLOW-MIN-OCTETS", E, "pflow",
	    "Octets >= 20 x packets (IPv4) or 40 x packets (IPv6), except a "
	    "v5 chunk of a state over 4 GiB (octets 0xffffffff).",
	    "sys/net/pf.c pf_counters_inc; pflow-facts 3.6, 7.7" },
	[R_PFLOW_TMPL_FIRST] = { "PFLOW-TMPL-FIRST", E, "pflow",
	    "After the exporter restarts (sequence reset), a template message "
	    "comes before the first data message.",
	    "sys/net/if_pflow.c pflowioctl SIOCSETPFLOW; pflow-facts 2.6, 7.16" },
	[R_PFLOW_TMPL_REFRESH] = { "PFLOW-TMPL-REFRESH", W, "pflow",
	    "While data flows, a template message comes at least every "
	    "PFLOW_TMPL_TIMEOUT (30 s) of export time, plus 5 s slack.",
	    "sys/net/if_pflow.h PFLOW_TMPL_TIMEOUT; pflow-facts 2.6, 7.16" },
	[R_PFLOW_ICMP_PORTS] = { "PFLOW-ICMP-PORTS", W, "pflow",
	    "An ICMP record carries the query type as a plain number in one "
	    "port (destination in the forward record: 8 for ICMP echo, 128 "
	    "for ICMPv6 echo), not type x 256 + code.",
	    "sys/net/pf.c pf_icmp_mapping; pflow-facts 2.5, 7.20" },
};

const struct rule *
rules_all(void)
{
	return table;
}

unsigned int
rules_count(void)
{
	return R_COUNT;
}

const struct rule *
rules_at(enum rule_idx i)
{
	return (unsigned int)i < R_COUNT ? &table[i] : NULL;
}

const struct rule *
rules_get(const char *id)
{
	unsigned int i;

	for (i = 0; i < R_COUNT; i++)
		if (strcmp(table[i].id, id) == 0)
			return &table[i];
	return NULL;
}

/* Text for mdoc: a line must not start with '.' or '\''; escape '\'. */
static int
mdoc_text(FILE *f, const char *s)
{
	if (*s == '.' || *s == '\'')
		fputs("\\&", f);
	for (; *s != '\0'; s++) {
		if (*s == '\\')
			fputs("\\e", f);
		else
			fputc(*s, f);
	}
	return fputc('\n', f) == EOF ? -1 : 0;
}

int
rules_mdoc(FILE *f)
{
	unsigned int i;
	const char *scope = NULL;

	fputs(".\\\" Generated from verify/rules.c by test_rules "
	    "(PFLOWLAB_REGEN=1); do not edit.\n"
	    ".Dd November 27, 2026\n"
	    ".Dt PFLOWLAB-RULES 7\n"
	    ".Os\n"
	    ".Sh NAME\n"
	    ".Nm pflowlab-rules\n"
	    ".Nd conformance rules checked by pflowlab collect and verify\n"
	    ".Sh DESCRIPTION\n"
	    "Every conformance finding names one rule by a stable id.\n"
	    "A finding carries the exporter, the observation domain, the\n"
	    "datagram index, the byte offset of the offending field, the\n"
	    "expected and the observed value.\n"
	    "Severities are\n"
	    ".Cm error\n"
	    "(the stream breaks a requirement),\n"
	    ".Cm warn\n"
	    "(loss, reordering or a doubtful value) and\n"
	    ".Cm info .\n"
	    "The pflow rules apply when the profile is a pflow profile, or\n"
	    "once an exporter's templates (IPFIX) or engine type and id 42\n"
	    "(NetFlow v5) are recognised as pflow's.\n", f);
	for (i = 0; i < R_COUNT; i++) {
		if (scope == NULL || strcmp(scope, table[i].scope) != 0) {
			if (scope != NULL)
				fputs(".El\n", f);
			scope = table[i].scope;
			fprintf(f, ".Ss %s\n.Bl -tag -width Ds\n",
			    strcmp(scope, "any") == 0 ? "Any format" : scope);
		}
		fprintf(f, ".It Sy %s Pq %s\n", table[i].id,
		    severity_str(table[i].severity));
		mdoc_text(f, table[i].req);
		fputs("Source:\n", f);
		mdoc_text(f, table[i].source);
	}
	if (scope != NULL)
		fputs(".El\n", f);
	fputs(".Sh SEE ALSO\n"
	    ".Xr pflowlab 1 ,\n"
	    ".Xr pflow 4\n"
	    ".Sh STANDARDS\n"
	    ".Rs\n.%R RFC 7011\n"
	    ".%T Specification of the IP Flow Information Export (IPFIX) "
	    "Protocol for the Exchange of Flow Information\n.Re\n"
	    ".Rs\n.%R RFC 3954\n.%T Cisco Systems NetFlow Services Export "
	    "Version 9\n.Re\n", f);
	return ferror(f) ? -1 : 0;
}
