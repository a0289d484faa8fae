/*
 * rig_obsd.h: OpenBSD gateway configuration for a scenario (rig_obsd.c):
 * pf.conf, hostname.pflowN, hostname.IF for the rig's three links.
 */
#ifndef PFL_RIG_OBSD_H
#define PFL_RIG_OBSD_H

#include <stdio.h>

#include "scn.h"

struct obsd_ifs {
	const char	*cli;		/* toward the client namespace */
	const char	*srv;		/* toward the server namespace */
	const char	*col;		/* toward the collector */
};

int	obsd_pf_conf(FILE *, const struct scenario *, const struct obsd_ifs *);
/* /etc/hostname.pflowI for pflow interface i of the scenario. */
int	obsd_hostname_pflow(FILE *, const struct scenario *, int i);
/* /etc/hostname.IF of link 0 client, 1 server, 2 collector. */
int	obsd_hostname_if(FILE *, const struct scenario *, int which);

#endif /* PFL_RIG_OBSD_H */
