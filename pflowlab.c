/*
 * pflowlab.c: the command dispatcher.
 */
#include <stdio.h>
#include <string.h>

#include "cmds.h"

struct cmd {
	const char	*name;
	int		(*main)(int, char **);
	const char	*what;
};

static const struct cmd cmds[] = {
	{ "gen",	gen_main,	"scenario -> traffic.pcap and ledger.jsonl (ground truth)" },
	{ "sim",	sim_main,	"embedded PF + pflow gateway on a virtual clock: traffic -> export" },
	{ "collect",	collect_main,	"decode and check flow export (live UDP, pcap, raw files)" },
	{ "verify",	verify_main,	"join the ground-truth ledger with collected records" },
	{ "run",	run_main,	"scenario suite: gen -> gateway -> collect -> verify, reports" },
	{ "report",	report_main,	"rewrite, merge (shards) or compare run reports" },
	{ "rig",	rig_main,	"Linux namespace rig, live exporters, OpenBSD gateway kit" },
};

static void
usage(FILE *f)
{
	size_t i;

	fprintf(f, "usage: pflowlab command [options] ...\n\ncommands:\n");
	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		fprintf(f, "  %-9s %s\n", cmds[i].name, cmds[i].what);
	fprintf(f, "  %-9s %s\n", "help", "this list");
	fprintf(f, "  %-9s %s\n", "version", "print the version");
	fprintf(f, "\nSee pflowlab(1) and pflowlab-COMMAND(1).\n");
}

int
main(int argc, char **argv)
{
	size_t i;

	if (argc < 2) {
		usage(stderr);
		return EXIT_HARNESS;
	}
	if (strcmp(argv[1], "help") == 0 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "--help") == 0) {
		usage(stdout);
		return EXIT_PASS;
	}
	if (strcmp(argv[1], "version") == 0 ||
	    strcmp(argv[1], "--version") == 0) {
		printf("pflowlab %s\n", PFLOWLAB_VERSION);
		return EXIT_PASS;
	}
	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		if (strcmp(argv[1], cmds[i].name) == 0)
			return cmds[i].main(argc - 1, argv + 1);
	fprintf(stderr, "pflowlab: unknown command '%s'\n", argv[1]);
	usage(stderr);
	return EXIT_HARNESS;
}
