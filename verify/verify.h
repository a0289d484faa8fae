/*
 * verify.h: the ground-truth join.  The generator's ledger (what crossed
 * the gateway) is turned into the records an exporter profile and the
 * gateway settings predict (verify_expect.c), those are joined with the
 * collected records by key (verify_join.c), and every difference becomes
 * a finding with an ACCT-* or EXPECT-* rule id.  verify_io.c reads the
 * files, verify_json.c writes verdict.json, verify_main.c is the command.
 */
#ifndef PFL_VERIFY_H
#define PFL_VERIFY_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "addr.h"
#include "finding.h"
#include "flow.h"
#include "gwconf.h"
#include "ledger.h"
#include "scn.h"

/* Which state of a forwarded connection a record belongs to. */
enum vstate {
	VST_IN = 0,		/* created by "pass in ... (pflow)" */
	VST_OUT = 1,		/* created by "pass out ... (pflow)" */
	VST_FLOW = 2		/* softflowd: one flow per direction */
};

/* One record the profile predicts (or predicts to be absent). */
struct vexp {
	uint32_t	 session;
	uint32_t	 line;		/* scenario line of the session */
	int		 rev;		/* 0 fwd, 1 rev */
	int		 state;		/* enum vstate */
	int		 chunk;		/* v5 > 4 GiB split: chunk number */
	int		 pfl;		/* pflow interface index */
	uint16_t	 version;	/* 5 or 10 */
	uint8_t		 proto;
	struct addr	 src;
	struct addr	 dst;
	uint16_t	 sport;
	uint16_t	 dport;
	int		 has_post;	/* NAT template: post* expected */
	struct addr	 post_src;
	struct addr	 post_dst;
	uint16_t	 post_sport;
	uint16_t	 post_dport;
	uint64_t	 packets;
	uint64_t	 octets;
	int64_t		 start_ms;	/* unix ms */
	int64_t		 end_ms;
	int64_t		 ts_slack_ms;	/* allowed |observed - expected| */
	uint32_t	 in_if;
	uint32_t	 out_if;
	int64_t		 first_us;	/* state's first and last packet */
	int64_t		 last_us;
	int64_t		 lat_lo_ms;	/* export arrival - end bounds */
	int64_t		 lat_hi_ms;
	const char	*absent;	/* non-NULL: must not appear; why */
	long		 obs;		/* matched observed record, -1 */
	uint32_t	 bad;		/* VBAD_* of the match */
};

#define VBAD_PACKETS	0x01
#define VBAD_OCTETS	0x02
#define VBAD_START	0x04
#define VBAD_END	0x08
#define VBAD_IFACE	0x10
#define VBAD_LATENCY	0x20
#define VBAD_POSTNAT	0x40
#define VBAD_MISSING	0x80
#define VBAD_LOST	0x100
#define VBAD_TOS	0x200

/* One observed record. */
struct vobs {
	struct flow	 f;
	long		 exp;		/* matched expected record, -1 */
	int		 dup;		/* a repeat of an already matched one */
	uint32_t	 session;	/* attributed session, 0 unknown */
};

/* A conformance finding read back from findings.jsonl. */
struct vfind {
	char		 rule[32];
	enum severity	 severity;
	uint64_t	 dgram;
	int64_t		 lost;		/* records lost (SEQ rules), else 0 */
	char		 expected[FINDING_VALLEN];
	char		 observed[FINDING_VALLEN];
	char		 msg[FINDING_MSGLEN];
};

/* One finding of the verifier itself, or a conformance one carried on. */
struct vfinding {
	char		 rule[32];
	enum severity	 severity;
	const char	*source;	/* "accounting", "conformance", "expect" */
	uint32_t	 session;	/* 0 n/a */
	uint32_t	 line;		/* scenario line, 0 n/a */
	int		 rev;		/* -1 n/a */
	long		 rec;		/* expected record index, -1 n/a */
	uint64_t	 dgram;		/* UINT64_MAX n/a */
	int		 expected_fired; /* negative scenario: it was asked for */
	char		 expected[FINDING_VALLEN];
	char		 observed[FINDING_VALLEN];
	char		 msg[FINDING_MSGLEN];
};

/* The result of one check (a rule, or one expect line). */
struct vcheck {
	char		 name[48];	/* "ACCT-OCTETS", "expect line 12" */
	char		 rule[32];
	const char	*requirement;
	int		 status;	/* VCHK_* */
	uint64_t	 tested;	/* items looked at */
	uint64_t	 failed;
	char		 evidence[FINDING_MSGLEN];
};

#define VCHK_NA		0
#define VCHK_PASS	1
#define VCHK_FAIL	2

struct verify_totals {
	uint64_t	 exp_records;
	uint64_t	 obs_records;
	uint64_t	 matched;
	uint64_t	 missing;
	uint64_t	 lost;
	uint64_t	 unexpected;
	uint64_t	 duplicate;
	uint64_t	 exp_packets;
	uint64_t	 obs_packets;
	uint64_t	 exp_octets;
	uint64_t	 obs_octets;
	uint64_t	 seq_lost;	/* records lost by sequence findings */
	uint64_t	 sessions;
};

struct verify {
	/* inputs */
	const struct ledger_ent *led;
	size_t		 nled;
	struct vobs	*obs;
	size_t		 nobs;
	const struct vfind *cf;		/* conformance findings */
	size_t		 ncf;
	const struct scenario *scn;	/* NULL: no expect lines */
	struct gw_conf	 gw;
	/* results */
	struct vexp	*exp;
	size_t		 nexp;
	struct vfinding	*fnd;
	size_t		 nfnd;
	size_t		 fndcap;
	uint64_t	 fnd_dropped;	/* over VERIFY_MAXFINDINGS */
	struct vcheck	*chk;
	size_t		 nchk;
	size_t		 chkcap;
	struct verify_totals tot;
	int		 negative;	/* expect finding/verdict fail given */
	int		 raw_pass;	/* no error finding at all */
	int		 pass;		/* after the scenario's expectations */
	int64_t		 traffic_end_us;
};

#define VERIFY_MAXFINDINGS	100000

/* Set up: gw settings are copied; obs is modified (match marks). */
void	verify_init(struct verify *, const struct gw_conf *,
	    const struct ledger_ent *, size_t, struct vobs *, size_t);
/* Build the expected records; 0 or -1 on ENOMEM. */
int	verify_expect(struct verify *);
/* Join, check, evaluate expectations; 0 or -1 on ENOMEM. */
int	verify_run(struct verify *);
void	verify_free(struct verify *);
/* How many findings of this rule were raised. */
int	verify_count(const struct verify *, const char *rule);

/* Internal steps (verify_join.c, verify_expect_lines.c). */
int	verify_join(struct verify *);
int	verify_expect_lines(struct verify *);
int	verify_add(struct verify *, const char *rule, enum severity,
	    const char *source, const struct vexp *, long rec,
	    const char *expected, const char *observed, const char *fmt, ...)
	    __attribute__((format(printf, 9, 10)));
struct vcheck *verify_check(struct verify *, const char *name,
	    const char *rule, const char *requirement);
/* Requirement text of an ACCT-/EXPECT- rule, NULL if not ours. */
const char *verify_rule_text(const char *);
/* Severity of an ACCT-/EXPECT- rule's findings (error unless a warning). */
enum severity verify_rule_severity(const char *);
/* Every ACCT-/EXPECT- rule id, NULL-terminated. */
const char *const *verify_rules(void);

/* verify_io.c: readers.  Return count or -1 with "FILE:LINE: why".
 * verify_read_ledger is ledger_read() with a fast path for the lines
 * pflowlab gen writes. */
long	verify_read_ledger(const char *, struct ledger_ent **, char *, size_t);
long	verify_read_records(const char *, struct vobs **, char *, size_t);
long	verify_read_findings(const char *, struct vfind **, char *, size_t);

/* verify_json.c: verdict.json. */
int	verify_write_json(const struct verify *, FILE *, const char *scenario,
	    size_t maxflows);

#endif /* PFL_VERIFY_H */
