/*
 * rules.h: the conformance rule table.  Every finding the conformance
 * engine emits names one of these rules by its stable id; the HTML
 * conformance matrix and pflowlab-rules(7) list them from this table.
 */
#ifndef PFL_RULES_H
#define PFL_RULES_H

#include <stdio.h>

#include "finding.h"

/* Index of each rule in the table; the order is the table's order. */
enum rule_idx {
	R_DGRAM_VERSION,
	R_DECODE_LIMIT,
	R_CAPTURE_FRAG,
	R_CAPTURE_TRUNC,
	R_V5_LENGTH,
	R_V5_COUNT,
	R_V5_SEQ,
	R_V5_SEQ_DUP,
	R_V5_SEQ_REORDER,
	R_V5_SEQ_RESET,
	R_V5_TIME_ORDER,
	R_V5_RESERVED,
	R_V5_EXPORT_TIME,
	R_NF9_LENGTH,
	R_NF9_COUNT,
	R_NF9_SETLEN,
	R_NF9_SETID,
	R_NF9_TMPLID,
	R_NF9_TMPLREC,
	R_NF9_NOTMPL,
	R_NF9_PADDING,
	R_NF9_SEQ,
	R_NF9_SEQ_DUP,
	R_NF9_SEQ_REORDER,
	R_NF9_SEQ_RESET,
	R_NF9_EXPORT_TIME,
	R_IPFIX_MSGLEN,
	R_IPFIX_SETLEN,
	R_IPFIX_SETID,
	R_IPFIX_TMPLID,
	R_IPFIX_TMPLREC,
	R_IPFIX_FIELDCOUNT,
	R_IPFIX_SCOPE,
	R_IPFIX_FIELDLEN,
	R_IPFIX_NOTMPL,
	R_IPFIX_PADDING,
	R_IPFIX_VARLEN,
	R_IPFIX_REDEFINE,
	R_IPFIX_SEQ,
	R_IPFIX_SEQ_DUP,
	R_IPFIX_SEQ_REORDER,
	R_IPFIX_SEQ_RESET,
	R_IPFIX_EXPORT_TIME,
	R_PFLOW_DOMAIN,
	R_PFLOW_TEMPLATE,
	R_PFLOW_ONE_SET,
	R_PFLOW_NO_PADDING,
	R_PFLOW_RECS_PER_MSG,
	R_PFLOW_TS_GRANULARITY,
	R_PFLOW_TIME_ORDER,
	R_PFLOW_V5_ENGINE,
	R_PFLOW_V5_ZERO,
	R_PFLOW_ZERO_COUNT,
	R_PFLOW_MIN_OCTETS,
	R_PFLOW_TMPL_FIRST,
	R_PFLOW_TMPL_REFRESH,
	R_PFLOW_ICMP_PORTS,
	R_COUNT
};

struct rule {
	const char	*id;		/* "V5-COUNT" */
	enum severity	 severity;
	const char	*scope;		/* "NetFlow v5", "IPFIX", "pflow", ... */
	const char	*req;		/* the requirement, one sentence */
	const char	*source;	/* "RFC 7011 3.1", "sys/net/if_pflow.c" */
};

/* The whole table, R_COUNT entries in enum rule_idx order. */
const struct rule *rules_all(void);
unsigned int	 rules_count(void);
const struct rule *rules_at(enum rule_idx);
/* By id; NULL when unknown. */
const struct rule *rules_get(const char *id);
/* pflowlab-rules(7) in mdoc, generated from the table. -1 on write error. */
int		 rules_mdoc(FILE *);

#endif /* PFL_RULES_H */
