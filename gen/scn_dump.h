/*
 * scn_dump.h: a parsed scenario as text (pflowlab gen -D, parser goldens).
 */
#ifndef PFL_SCN_DUMP_H
#define PFL_SCN_DUMP_H

#include <stdio.h>

#include "scn.h"

void	scn_dump(FILE *, const struct scenario *);

#endif /* PFL_SCN_DUMP_H */
