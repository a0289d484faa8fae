/*
 * conform_int.h: the conformance engine's insides, shared by
 * verify/conform*.c only (not a public interface).
 */
#ifndef PFL_CONFORM_INT_H
#define PFL_CONFORM_INT_H

#include <stddef.h>
#include <stdint.h>

#include "conform.h"
#include "pflowtmpl.h"
#include "rules.h"

/* ---- sequence tracking (conform_seq.c) ---- */

#define SEQ_RING	8	/* recent messages, for duplicates */
#define SEQ_GAPS	4	/* open gaps, for late (reordered) messages */
#define SEQ_LATE_MAX	1024	/* a jump back below this may be a late message */

enum seq_verdict {
	SEQ_FIRST,		/* first message of the stream */
	SEQ_OK,
	SEQ_GAP,		/* jump forward: *delta units lost */
	SEQ_DUP,		/* a message already seen */
	SEQ_REORDER,		/* late message: fills *delta of a gap (0:
				   of no gap we know) */
	SEQ_RESET		/* jump backwards: new count */
};

struct seq_track {
	int		 valid;
	uint32_t	 next;		/* expected sequence number */
	uint8_t		 rpos, rlen;
	uint8_t		 ngaps;
	struct { uint32_t seq, n; } ring[SEQ_RING];
	struct { uint32_t lo, hi; } gap[SEQ_GAPS];	/* [lo, hi) */
};

/* Classify sequence number seq of a message carrying n units. */
enum seq_verdict seq_check(struct seq_track *, uint32_t seq, uint32_t n,
		    uint32_t *delta);
/* Forget the expectation (the next message resynchronises). */
void		 seq_forget(struct seq_track *);

/* ---- per-stream state ---- */

/* What the checks need of one template, computed once per template. */
struct tinfo {
	const struct tmpl *t;		/* NULL: empty slot */
	uint16_t	 id;
	uint16_t	 nfields;
	int8_t		 layout;	/* enum pflow_layout */
	int16_t		 i_start, i_end, i_pkts, i_octets;
	int16_t		 i_sport, i_dport, i_proto, i_v6;
};

#define TINFO_N	4

struct cstream {
	uint32_t	 hash;
	uint16_t	 engine;	/* v5: engine_type << 8 | engine_id */
	struct conform_stats st;	/* key: st.exp, st.domain, st.version */
	struct seq_track seq;
	/* pflow profile */
	int		 pflow;		/* pflow rules apply */
	const struct profile *prof;
	int		 family;	/* enum pflow_family expected/seen */
	int		 need_tmpl;	/* reset seen, template not yet */
	int		 have_tmpl_time;
	uint32_t	 tmpl_time;	/* export time of the last template msg */
	uint32_t	 last_time;	/* export time of the last message */
	int		 saw_data_late;	/* data after the refresh deadline */
	uint64_t	 late_dgram;
	struct tinfo	 ti[TINFO_N];
	unsigned int	 tinext;
};

#define MSG_TMPLS	16
#define MSG_NOTES	8

struct conform {
	struct conform_opts opts;
	struct cstream	**streams;	/* first-seen order */
	size_t		 nstreams, cap;
	uint32_t	*slots;		/* hash index: stream number + 1 */
	size_t		 nslots;
	struct cstream	*last;		/* stream of the previous datagram */
	/* the datagram being walked */
	const uint8_t	*buf;
	size_t		 len;
	struct msg	*msg;
	const struct dec_ops *user;
	struct cstream	*cur;
	const struct tinfo *rti;	/* template of the records in the set */
	uint32_t	 nsets;
	int		 ntmpl;
	struct { uint16_t id, nfields; int8_t layout; size_t off; } mt[MSG_TMPLS];
	size_t		 tset_off;	/* offset of the template set */
	uint32_t	 nrec;		/* data records walked */
	unsigned int	 nnotes;	/* withdraw/redefine already told */
	struct { int rule; uint16_t id; } notes[MSG_NOTES];
	int		 had_notmpl;	/* a data set could not be decoded */
	int		 skip_recs;	/* header malformed: records unchecked */
	int		 had_tmplset;
};

/* conform.c */
/* One finding for the datagram being walked; expected/observed are text. */
void	conform_emit(struct conform *, enum rule_idx, int64_t off,
	    const char *expected, const char *observed, const char *fmt, ...)
	    __attribute__((format(printf, 6, 7)));
const struct tinfo *conform_tinfo(struct cstream *, const struct tmpl *);
void	conform_tinfo_forget(struct cstream *);
int	conform_time_sane(struct conform *, enum rule_idx, uint32_t t,
	    size_t off);
void	conform_seq(struct conform *, struct cstream *, uint32_t seq,
	    uint32_t n, size_t off, enum rule_idx gap);

/* conform_v5.c */
void	conform_v5_header(struct conform *, struct cstream *);
void	conform_v5_rec(struct conform *, struct cstream *, const struct rec *);
void	conform_v5_end(struct conform *, struct cstream *);

/* conform_ipfix.c (also NetFlow v9) */
void	conform_ipfix_header(struct conform *, struct cstream *);
void	conform_ipfix_end(struct conform *, struct cstream *, int stopped);
void	conform_ipfix_tmpl(struct conform *, struct cstream *,
	    const struct tmpl *, size_t off);

/* conform_pflow.c */
void	conform_pflow_select(struct conform *, struct cstream *);
void	conform_pflow_v5_header(struct conform *, struct cstream *);
void	conform_pflow_ipfix_header(struct conform *, struct cstream *);
void	conform_pflow_tmpl(struct conform *, struct cstream *,
	    const struct tmpl *, size_t off);
void	conform_pflow_rec(struct conform *, struct cstream *,
	    const struct rec *);
void	conform_pflow_set(struct conform *, struct cstream *,
	    const struct set_info *);
void	conform_pflow_ipfix_end(struct conform *, struct cstream *,
	    int stopped);
void	conform_pflow_finish(struct conform *, struct cstream *);

#endif /* PFL_CONFORM_INT_H */
