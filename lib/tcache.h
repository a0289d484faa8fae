/*
 * tcache.h: template cache keyed by exporter (address and port),
 * observation domain (v9 source id) and template id, per RFC 7011 8 and
 * RFC 3954 5.  A NULL cache is accepted everywhere (it keeps nothing), so
 * a decoder may run without one.
 */
#ifndef PFL_TCACHE_H
#define PFL_TCACHE_H

#include <stdint.h>

#include "addr.h"
#include "tmpl.h"

struct tcache;

struct tcache	*tcache_new(void);
void		 tcache_free(struct tcache *);
/* Look up; NULL when unknown. */
const struct tmpl *tcache_get(struct tcache *, const struct exporter *,
		    uint8_t version, uint32_t domain, uint16_t id);
/*
 * Store a copy of t (replacing any earlier one with the same key).
 * Returns the event: NEW, REFRESH (same layout) or REDEFINE; -1 on ENOMEM.
 */
int		 tcache_put(struct tcache *, const struct exporter *,
		    uint32_t domain, const struct tmpl *);
/* Withdraw one id, or all of a domain when id is 0xffff (RFC 7011 8.1). */
void		 tcache_del(struct tcache *, const struct exporter *,
		    uint8_t version, uint32_t domain, uint16_t id);
unsigned int	 tcache_count(const struct tcache *);
/*
 * systemInitTimeMilliseconds of an exporter's domain (IPFIX options
 * data), or 0 when not seen.  Kept for at most TCACHE_MAXDOMAINS domains.
 */
#define TCACHE_MAXDOMAINS	1024
int64_t		 tcache_sysinit(struct tcache *, const struct exporter *,
		    uint32_t domain);
void		 tcache_set_sysinit(struct tcache *, const struct exporter *,
		    uint32_t domain, int64_t ms);

#endif /* PFL_TCACHE_H */
