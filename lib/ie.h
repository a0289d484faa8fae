/*
 * ie.h: IANA IPFIX information elements (and v9 field types, which share
 * the numbers below 128), with names spelled exactly as in the IANA
 * registry so that grep finds the spec, the kernel and us.
 */
#ifndef PFL_IE_H
#define PFL_IE_H

#include <stdint.h>

/* Abstract data types (RFC 7012 3.1) that decide how a value prints. */
enum ie_type {
	IE_OCTETS,		/* octetArray: hex */
	IE_UNSIGNED,		/* unsigned8..64 */
	IE_SIGNED,
	IE_FLOAT,
	IE_BOOLEAN,
	IE_MAC,
	IE_STRING,
	IE_DATE_SEC,		/* dateTimeSeconds */
	IE_DATE_MS,		/* dateTimeMilliseconds */
	IE_DATE_US,		/* dateTimeMicroseconds (NTP format) */
	IE_DATE_NS,		/* dateTimeNanoseconds (NTP format) */
	IE_IPV4,
	IE_IPV6,
	IE_BASICLIST,
	IE_SUBTEMPLATELIST,
	IE_SUBTEMPLATEMULTILIST
};

struct ie_def {
	uint16_t	 id;
	const char	*name;		/* IANA name, e.g. "octetDeltaCount" */
	enum ie_type	 type;
	uint16_t	 len;		/* natural length, 65535 = variable */
};

#define IE(name, id, type, len)	IE_##name = id,
enum ie_id {
#include "ipfix_ie.def"
	IE_ID_END_
};
#undef IE

/* NULL for an element the table does not know (shown by number). */
const struct ie_def *ie_lookup(uint16_t id);
/* Name for JSON/CSV keys: IANA name, or "ie<id>" / "e<pen>.<id>". */
const char *ie_name(uint16_t id, uint32_t pen, char *buf, unsigned int len);
const struct ie_def *ie_byname(const char *);

#endif /* PFL_IE_H */
