/*
 * purge.h: PF's state purge task (pf_purge_states_tick, pf_purge_states,
 * pf_purge_expired_states in sys/net/pf.c).
 */
#ifndef PFL_SIM_PURGE_H
#define PFL_SIM_PURGE_H

#include <stdint.h>

#include "state.h"

#define PURGE_COLLECT	64	/* pf_purge_states_collect */

struct purge {
	struct pf_state	*cur;		/* the static cursor */
	uint64_t	 scanned;
	uint64_t	 removed;
	/* pf_remove_state for a state still linked (export happens here) */
	void		(*remove)(void *, struct pf_state *);
	void		*arg;
};

void	purge_init(struct purge *, void (*)(void *, struct pf_state *),
	    void *);
/* One tick of the purge timeout at uptime now (seconds); returns the
 * number of states freed. */
unsigned int purge_tick(struct purge *, struct state_table *,
	    const uint32_t *timeouts, int32_t now);
/*
 * The tick's effect on the cursor alone, for ticks that cannot find an
 * expired state: the caller has checked that nothing expires before the
 * last of the n ticks and that nothing changes the table meanwhile.
 */
void	purge_dry_ticks(struct purge *, struct state_table *,
	    const uint32_t *timeouts, uint64_t n);
/* Earliest pf_state_expires over linked states (INT32_MAX if none);
 * with unlinked states waiting to be freed returns INT32_MIN. */
int32_t	purge_min_deadline(const struct state_table *,
	    const uint32_t *timeouts);

#endif /* PFL_SIM_PURGE_H */
