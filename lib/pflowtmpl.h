/*
 * pflowtmpl.h: the templates pflow(4) sends, and recognition of a
 * template by content (ids differ between OpenBSD releases and FreeBSD).
 * Facts: ../shared/spec/pflow-facts.md 2.3, sys/net/if_pflow.h.
 */
#ifndef PFL_PFLOWTMPL_H
#define PFL_PFLOWTMPL_H

#include "tmpl.h"

enum pflow_layout {
	PFLOW_L_NONE = 0,	/* not a pflow template */
	PFLOW_L_OBSD_V4,	/* OpenBSD IPv4, 12 fields, 54 octets */
	PFLOW_L_OBSD_V6,	/* OpenBSD IPv6, 12 fields, 78 octets */
	PFLOW_L_OBSD_NAT4,	/* OpenBSD >= 2025-11 NAT IPv4, 16 fields, 66 */
	PFLOW_L_FBSD_NAT4,	/* FreeBSD NAT44 event template */
	PFLOW_L_COUNT
};

/* Which template generation a whole template set belongs to. */
enum pflow_family {
	PFLOW_F_UNKNOWN = 0,
	PFLOW_F_OBSD_78,	/* 256 v4, 257 v6 (OpenBSD <= 7.8) */
	PFLOW_F_OBSD_CURRENT,	/* 256 v4, 257 NAT, 258 v6 (since 2025-11) */
	PFLOW_F_FBSD		/* 256 v4, 257 v6, 258 NAT44 (FreeBSD) */
};

enum pflow_layout pflowtmpl_match(const struct tmpl *);
const char	*pflowtmpl_layout_name(enum pflow_layout);
const char	*pflowtmpl_family_name(enum pflow_family);
/* The template pflow sends for a layout under a family (id included). */
const struct tmpl *pflowtmpl_get(enum pflow_family, enum pflow_layout);
/* Family from (id, layout) pairs seen; PFLOW_F_UNKNOWN if ambiguous. */
enum pflow_family pflowtmpl_family(const struct tmpl *const *, int n);

#endif /* PFL_PFLOWTMPL_H */
