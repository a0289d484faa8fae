/*
 * scn_lex.h: the scenario parser's private pieces: line tokens, the error
 * reporter and the value parsers (durations, sizes, addresses), shared by
 * scn_parse.c and scn_value.c.  Not part of the scenario API.
 */
#ifndef PFL_SCN_LEX_H
#define PFL_SCN_LEX_H

#include <stddef.h>
#include <stdint.h>

#include <string.h>

#include "addr.h"
#include "scn.h"

/* strlcpy/strlcat (glibc 2.36 lacks them) */
static inline size_t
scn_lcpy(char *d, const char *s, size_t n)
{
	size_t l = strlen(s);

	if (n > 0) {
		size_t c = l < n - 1 ? l : n - 1;

		memcpy(d, s, c);
		d[c] = '\0';
	}
	return l;
}

static inline size_t
scn_lcat(char *d, const char *s, size_t n)
{
	size_t l = strnlen(d, n);

	if (l == n)
		return l + strlen(s);
	return l + scn_lcpy(d + l, s, n - l);
}

#define SCN_MAXTOK	512
#define SCN_MAXDUR_US	1000000000000000LL	/* one duration */
#define SCN_MAXEND_US	(1LL << 60)	/* a session's last start */

struct scn_tok {
	const char	*s;		/* NUL-terminated */
	uint32_t	 col;		/* 1-based byte column */
};

struct scn_net {
	struct addr	 net;
	uint8_t		 plen;
	enum scn_side	 side;
};

/* A reference resolved at the end of the file (names, sides). */
struct scn_ref {
	uint32_t	 line;
	uint32_t	 col;
	uint32_t	 col2;		/* second column (responder) */
	char		 name[SCN_NAMELEN];
};

struct scn_parser {
	const char	*file;		/* name for messages */
	const char	*buf;		/* whole input */
	size_t		 len;
	uint32_t	 lineno;
	char		*lbuf;		/* current line, tokens point here */
	size_t		 lbufsz;
	struct scn_tok	 tok[SCN_MAXTOK];
	int		 ntok;
	char		*err;
	size_t		 errlen;
	int		 failed;
	struct scenario	*s;

	/* gateway settings, applied on top of the profile at the end */
	const struct profile *prof;
	int		 proto;		/* 0 = profile's default */
	int		 pflow_in, pflow_out, placement;
	struct gw_nat	 nat;
	struct gw_rdr	 rdr;
	uint32_t	 tmo[PFTM_MAX];
	uint8_t		 tmo_set[PFTM_MAX];
	int64_t		 limit;		/* -1 = profile's */
	int		 flush;
	int		 tos;
	int		 npf;
	struct gw_pflow	 pf[GW_MAXPFLOW];
	int		 pf_proto[GW_MAXPFLOW];	/* proto given on the line */

	struct scn_net	*nets;
	size_t		 nnets;
	struct scn_ref	*sref;		/* per session: columns */
	struct scn_ref	*eref;		/* per expect: session by name */
	uint64_t	 next_id;
	int		 title_done;
	int		 echo_id;	/* "id N" of this session, -1 none */
	int		 echo_id_tok;
};

void	scn_error(struct scn_parser *, uint32_t, uint32_t, const char *, ...)
	    __attribute__((format(printf, 4, 5)));
/* Error at token i of the current line. */
void	scn_terr(struct scn_parser *, int, const char *, ...)
	    __attribute__((format(printf, 3, 4)));

int	scn_val_u64(const char *, uint64_t, uint64_t *);
int	scn_val_dur(const char *, int64_t *);
int	scn_val_size(const char *, uint32_t *, uint32_t *);
int	scn_val_pct(const char *, uint32_t *);
int	scn_val_net(const char *, struct addr *, uint8_t *);
int	scn_val_epoch(const char *, int64_t *);

#endif /* PFL_SCN_LEX_H */
