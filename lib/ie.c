/*
 * ie.c: the IANA information element table (lib/ipfix_ie.def) with lookup
 * by number and by name, and the key names used in JSON and CSV output.
 */
#include <stdio.h>
#include <string.h>

#include "ie.h"

#define IE(n, i, t, l)	[i] = { i, #n, t, l },
static const struct ie_def ie_table[] = {
#include "ipfix_ie.def"
};
#undef IE

#define IE_TABLE_LEN	(sizeof(ie_table) / sizeof(ie_table[0]))

const struct ie_def *
ie_lookup(uint16_t id)
{
	if (id >= IE_TABLE_LEN || ie_table[id].name == NULL)
		return NULL;
	return &ie_table[id];
}

const char *
ie_name(uint16_t id, uint32_t pen, char *buf, unsigned int len)
{
	const struct ie_def *d;

	if (pen != 0) {
		snprintf(buf, len, "e%u.%u", (unsigned int)pen,
		    (unsigned int)id);
		return buf;
	}
	if ((d = ie_lookup(id)) != NULL)
		return d->name;
	snprintf(buf, len, "ie%u", (unsigned int)id);
	return buf;
}

const struct ie_def *
ie_byname(const char *name)
{
	size_t i;

	for (i = 0; i < IE_TABLE_LEN; i++)
		if (ie_table[i].name != NULL &&
		    strcmp(ie_table[i].name, name) == 0)
			return &ie_table[i];
	return NULL;
}
