/*
 * finding.h: a conformance or accounting finding: a stable rule id, a
 * severity and evidence.  The rule table itself is verify/rules.c.
 */
#ifndef PFL_FINDING_H
#define PFL_FINDING_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "addr.h"

enum severity {
	SEV_INFO = 0,
	SEV_WARN,
	SEV_ERROR
};

#define FINDING_VALLEN	80
#define FINDING_MSGLEN	200

struct finding {
	const char	*rule;		/* "V5-COUNT", "IPFIX-SEQ", ... */
	enum severity	 severity;
	struct exporter	 exp;
	uint32_t	 domain;
	uint64_t	 dgram;		/* datagram index, from 0 */
	int64_t		 offset;	/* byte offset in the datagram, -1 n/a */
	char		 expected[FINDING_VALLEN];
	char		 observed[FINDING_VALLEN];
	char		 msg[FINDING_MSGLEN];
};

const char *severity_str(enum severity);
/* One JSON object, newline-terminated. Returns -1 on a write error. */
int	finding_json(FILE *, const struct finding *);

#endif /* PFL_FINDING_H */
