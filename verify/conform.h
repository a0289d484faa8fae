/*
 * conform.h: the conformance rules (NetFlow v5, RFC 7011, the pflow
 * profile) applied to an export stream as it is decoded.  Shared by
 * `pflowlab collect` and `pflowlab verify`.  The rule table (ids,
 * severities, requirement text) is verify/rules.h.
 *
 * The collector feeds every datagram through conform_datagram(), which
 * decodes it (with the caller's template cache) and calls the caller's
 * own dec_ops as well, so one walk serves both decoding and checking.
 */
#ifndef PFL_CONFORM_H
#define PFL_CONFORM_H

#include <stddef.h>
#include <stdint.h>

#include "dec.h"
#include "finding.h"
#include "profile.h"
#include "tcache.h"

struct conform;

struct conform_opts {
	/* profile to hold the stream to; NULL: RFC/v5 rules only, and the
	 * pflow rules once pflow templates are recognised */
	const struct profile *profile;
	int		 no_pflow;	/* never apply the pflow profile */
	/* every finding goes here */
	void		(*emit)(void *, const struct finding *);
	void		*arg;
};

struct conform	*conform_new(const struct conform_opts *);
void		 conform_free(struct conform *);
/*
 * Decode and check one datagram.  user may be NULL; its callbacks are
 * called for every template and record as the walk goes.
 * Returns the decoder's status.
 */
enum dec_status	 conform_datagram(struct conform *, const uint8_t *, size_t,
		    struct msg *, struct tcache *, const struct dec_ops *user);
/* End of stream: checks that need the whole stream (template refresh). */
void		 conform_finish(struct conform *);

/* Per exporter and domain accounting, for the collector's summary. */
struct conform_stats {
	struct exporter	 exp;
	uint32_t	 domain;
	uint16_t	 version;
	uint16_t	 engine;	/* v5: engine_type << 8 | engine_id */
	uint64_t	 datagrams;
	uint64_t	 records;
	uint64_t	 templates;
	uint64_t	 seq_gaps;	/* discontinuities */
	uint64_t	 lost;		/* records missing by sequence */
	uint64_t	 dups;		/* datagrams repeated */
	const char	*layout;	/* pflow template family seen, or NULL */
};
/* Calls fn once per (exporter, domain) stream, in first-seen order. */
void		 conform_foreach(struct conform *,
		    void (*fn)(void *, const struct conform_stats *), void *);

#endif /* PFL_CONFORM_H */
