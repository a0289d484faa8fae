/*
 * pflowtmpl.c: the IPFIX templates pflow(4) sends, and recognition of a
 * template by its content.
 *
 * OpenBSD (sys/net/if_pflow.h; ../shared/spec/pflow-facts.md 2.3):
 *   <= 7.8 (if_pflow.c <= 1.111): 256 IPv4 (12 fields, 54 octets),
 *	257 IPv6 (12 fields, 78 octets).
 *   -current since 2025-11 (1.112): 256 IPv4, 257 NAT IPv4 (16 fields,
 *	66 octets, post-NAT fields before the original ports), 258 IPv6.
 * FreeBSD (sys/net/pflow.h, struct pflow_ipfix_tmpl): 256 IPv4 and 257
 *   IPv6 as OpenBSD 7.8, and 258 NAT44 event (11 fields, 34 octets, as
 *   struct pflow_ipfix_nat4): timeStamp (IANA observationTimeMilliseconds,
 *   323), natEvent (230), protocolIdentifier, sourceIPv4Address,
 *   sourceTransportPort, postNATSourceIPv4Address,
 *   postNAPTSourceTransportPort, destinationIPv4Address,
 *   destinationTransportPort, postNATDestinationIPv4Address,
 *   postNAPTDestinationTransportPort.
 */
#include <stddef.h>

#include "ie.h"
#include "ipfix.h"
#include "pflowtmpl.h"

#define F(n, l)	{ IE_##n, l, 0 }

static struct tmpl_field pt_v4[] = {
	F(sourceIPv4Address, 4), F(destinationIPv4Address, 4),
	F(ingressInterface, 4), F(egressInterface, 4),
	F(packetDeltaCount, 8), F(octetDeltaCount, 8),
	F(flowStartMilliseconds, 8), F(flowEndMilliseconds, 8),
	F(sourceTransportPort, 2), F(destinationTransportPort, 2),
	F(ipClassOfService, 1), F(protocolIdentifier, 1),
};

static struct tmpl_field pt_v6[] = {
	F(sourceIPv6Address, 16), F(destinationIPv6Address, 16),
	F(ingressInterface, 4), F(egressInterface, 4),
	F(packetDeltaCount, 8), F(octetDeltaCount, 8),
	F(flowStartMilliseconds, 8), F(flowEndMilliseconds, 8),
	F(sourceTransportPort, 2), F(destinationTransportPort, 2),
	F(ipClassOfService, 1), F(protocolIdentifier, 1),
};

static struct tmpl_field pt_nat4[] = {
	F(sourceIPv4Address, 4), F(destinationIPv4Address, 4),
	F(ingressInterface, 4), F(egressInterface, 4),
	F(packetDeltaCount, 8), F(octetDeltaCount, 8),
	F(flowStartMilliseconds, 8), F(flowEndMilliseconds, 8),
	F(postNATSourceIPv4Address, 4), F(postNATDestinationIPv4Address, 4),
	F(postNAPTSourceTransportPort, 2),
	F(postNAPTDestinationTransportPort, 2),
	F(sourceTransportPort, 2), F(destinationTransportPort, 2),
	F(ipClassOfService, 1), F(protocolIdentifier, 1),
};

static struct tmpl_field pt_fbsd_nat4[] = {
	F(observationTimeMilliseconds, 8), F(natEvent, 1),
	F(protocolIdentifier, 1),
	F(sourceIPv4Address, 4), F(sourceTransportPort, 2),
	F(postNATSourceIPv4Address, 4), F(postNAPTSourceTransportPort, 2),
	F(destinationIPv4Address, 4), F(destinationTransportPort, 2),
	F(postNATDestinationIPv4Address, 4),
	F(postNAPTDestinationTransportPort, 2),
};

#undef F

#define NF(a)	(uint16_t)(sizeof(a) / sizeof(a[0]))
#define T(tid, a, len) { .id = tid, .nfields = NF(a), .kind = TMPL_DATA, \
	.version = IPFIX_VERSION, .minlen = len, .f = a }

static const struct {
	enum pflow_family	 fam;
	enum pflow_layout	 lay;
	struct tmpl		 t;
} pt_tab[] = {
	{ PFLOW_F_OBSD_78, PFLOW_L_OBSD_V4, T(256, pt_v4, 54) },
	{ PFLOW_F_OBSD_78, PFLOW_L_OBSD_V6, T(257, pt_v6, 78) },
	{ PFLOW_F_OBSD_CURRENT, PFLOW_L_OBSD_V4, T(256, pt_v4, 54) },
	{ PFLOW_F_OBSD_CURRENT, PFLOW_L_OBSD_NAT4, T(257, pt_nat4, 66) },
	{ PFLOW_F_OBSD_CURRENT, PFLOW_L_OBSD_V6, T(258, pt_v6, 78) },
	{ PFLOW_F_FBSD, PFLOW_L_OBSD_V4, T(256, pt_v4, 54) },
	{ PFLOW_F_FBSD, PFLOW_L_OBSD_V6, T(257, pt_v6, 78) },
	{ PFLOW_F_FBSD, PFLOW_L_FBSD_NAT4, T(258, pt_fbsd_nat4, 34) },
};

#undef T
#define PT_N	(sizeof(pt_tab) / sizeof(pt_tab[0]))

/*
 * Layout by content.  FreeBSD's IPv4 and IPv6 templates are OpenBSD's,
 * so they match PFLOW_L_OBSD_V4/V6.
 */
enum pflow_layout
pflowtmpl_match(const struct tmpl *t)
{
	size_t i;

	if (t == NULL || t->kind != TMPL_DATA)
		return PFLOW_L_NONE;
	for (i = 0; i < PT_N; i++)
		if (tmpl_same_layout(t, &pt_tab[i].t))
			return pt_tab[i].lay;
	return PFLOW_L_NONE;
}

const char *
pflowtmpl_layout_name(enum pflow_layout l)
{
	switch (l) {
	case PFLOW_L_OBSD_V4:
		return "pflow-ipv4";
	case PFLOW_L_OBSD_V6:
		return "pflow-ipv6";
	case PFLOW_L_OBSD_NAT4:
		return "pflow-nat-ipv4";
	case PFLOW_L_FBSD_NAT4:
		return "freebsd-nat44";
	default:
		return "none";
	}
}

const char *
pflowtmpl_family_name(enum pflow_family f)
{
	switch (f) {
	case PFLOW_F_OBSD_78:
		return "openbsd-7.8";
	case PFLOW_F_OBSD_CURRENT:
		return "openbsd-current";
	case PFLOW_F_FBSD:
		return "freebsd";
	default:
		return "unknown";
	}
}

const struct tmpl *
pflowtmpl_get(enum pflow_family f, enum pflow_layout l)
{
	size_t i;

	for (i = 0; i < PT_N; i++)
		if (pt_tab[i].fam == f && pt_tab[i].lay == l)
			return &pt_tab[i].t;
	return NULL;
}

#define FAM_78		0x1
#define FAM_CUR		0x2
#define FAM_FBSD	0x4

/*
 * Each (id, layout) pair says which families could have sent it; the
 * family is what all pairs agree on.  {256 IPv4, 257 IPv6} alone is
 * OpenBSD 7.8 (FreeBSD before its NAT44 template sends the same bytes,
 * and FreeBSD since then always adds 258).
 */
enum pflow_family
pflowtmpl_family(const struct tmpl *const *t, int n)
{
	unsigned int fam = FAM_78 | FAM_CUR | FAM_FBSD, m;
	enum pflow_layout l;
	int i;

	if (n <= 0)
		return PFLOW_F_UNKNOWN;
	for (i = 0; i < n; i++) {
		l = pflowtmpl_match(t[i]);
		m = 0;
		if (t[i]->id == 256 && l == PFLOW_L_OBSD_V4)
			m = FAM_78 | FAM_CUR | FAM_FBSD;
		else if (t[i]->id == 257 && l == PFLOW_L_OBSD_V6)
			m = FAM_78 | FAM_FBSD;
		else if (t[i]->id == 257 && l == PFLOW_L_OBSD_NAT4)
			m = FAM_CUR;
		else if (t[i]->id == 258 && l == PFLOW_L_OBSD_V6)
			m = FAM_CUR;
		else if (t[i]->id == 258 && l == PFLOW_L_FBSD_NAT4)
			m = FAM_FBSD;
		fam &= m;
	}
	switch (fam) {
	case FAM_78:
	case FAM_78 | FAM_FBSD:
		return PFLOW_F_OBSD_78;
	case FAM_CUR:
		return PFLOW_F_OBSD_CURRENT;
	case FAM_FBSD:
		return PFLOW_F_FBSD;
	default:
		return PFLOW_F_UNKNOWN;
	}
}
