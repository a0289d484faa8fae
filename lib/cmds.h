/*
 * cmds.h: the entry point of each pflowlab command.  Each returns the
 * process exit status (see EXIT_* below and DESIGN.md).
 */
#ifndef PFL_CMDS_H
#define PFL_CMDS_H

#define EXIT_PASS	0	/* all checks passed */
#define EXIT_FAIL	1	/* the thing under test is wrong */
#define EXIT_HARNESS	2	/* usage, unreadable or malformed input */
#define EXIT_SKIP	77	/* a missing capability, said in words */

#define PFLOWLAB_VERSION	"0.1"	/* also the reports' "version" */

int	collect_main(int, char **);
int	gen_main(int, char **);
int	sim_main(int, char **);
int	verify_main(int, char **);
int	run_main(int, char **);
int	report_main(int, char **);
int	rig_main(int, char **);

#endif /* PFL_CMDS_H */
