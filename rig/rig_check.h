/*
 * rig_check.h: the live rig's join of capture-derived truth with the
 * collected records under softflowd's semantics (one record per
 * direction; both directions of an entry share first/last; idle-timeout
 * splits summed; ICMP keyed by addresses).  Every difference is a finding
 * with a LIVE-* rule id; a collector that stores first after last (nfdump
 * 1.7.1 with IPFIX uptime timestamps, issue #408) gets LIVE-TS-SWAP.
 */
#ifndef PFL_RIG_CHECK_H
#define PFL_RIG_CHECK_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "rig_capture.h"
#include "verify.h"

#define CHK_TOL_MS	5	/* timestamp tolerance (v5 uptime math) */

struct chk_result {
	unsigned int	 expected;	/* flow directions in the capture */
	unsigned int	 observed;	/* records */
	unsigned int	 matched;
	unsigned int	 missing;
	unsigned int	 unexpected;
	unsigned int	 counts;	/* packet/octet differences */
	unsigned int	 times;		/* start/end differences */
	unsigned int	 swapped;	/* start after end */
	unsigned int	 findings;	/* all findings written */
};

/*
 * Join; findings as JSON Lines to fnd (may be NULL), a table to tab (may
 * be NULL).  Returns 0 when nothing differs.
 */
int	chk_join(const struct truth_ent *, size_t, const struct vobs *, size_t,
	    FILE *fnd, FILE *tab, struct chk_result *);
/*
 * The same with a coarser timestamp tolerance for every record: pflow(4)
 * computes flowStart/End from whole seconds of uptime, so its times are
 * up to CHK_TOL_PFLOW_MS below the packets'.
 */
#define CHK_TOL_PFLOW_MS	1000
int	chk_join_tol(const struct truth_ent *, size_t, const struct vobs *,
	    size_t, int tol_ms, FILE *fnd, FILE *tab, struct chk_result *);
/*
 * Read records.jsonl (rig_records.c): data records only, options records
 * skipped.  Returns the count (*out malloc'd) or -1 with "FILE:LINE: why".
 */
long	rec_read(const char *, struct vobs **, char *, size_t);
/* Add a finding of the rig itself (edge mismatch, exporter counts). */
void	chk_finding(FILE *, struct chk_result *, const char *rule,
	    const char *expected, const char *observed, const char *fmt, ...)
	    __attribute__((format(printf, 6, 7)));

#endif /* PFL_RIG_CHECK_H */
