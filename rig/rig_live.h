/*
 * rig_live.h: the live parts of "pflowlab rig": running one scenario
 * through the namespace rig with a real exporter (rig_live.c), the
 * OpenBSD configuration generator (rig_obsd.c) and the qemu recipe
 * (rig_qemu.c).  Each returns an exit status of lib/cmds.h.
 */
#ifndef PFL_RIG_LIVE_H
#define PFL_RIG_LIVE_H

int	rig_live_main(int, char **);
int	rig_obsd_main(int, char **);
int	rig_qemu_main(int, char **);

#endif /* PFL_RIG_LIVE_H */
