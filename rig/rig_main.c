/*
 * rig_main.c: "pflowlab rig": the Linux namespace rig and the real-gateway
 * kit.
 *
 *   pflowlab rig up [-p PREFIX]          build a rig and leave it up
 *   pflowlab rig down PREFIX             remove it
 *   pflowlab rig status                  list rigs (running / stale)
 *   pflowlab rig cleanup [-f] [PREFIX]   remove what killed runs left
 *   pflowlab rig run [options] S.scn     one scenario live (rig_live.c)
 *   pflowlab rig openbsd-conf S.scn -o DIR   pf.conf + hostname.pflow0
 *   pflowlab rig qemu-cmd [options]      the OpenBSD VM command line
 *   pflowlab rig inject -i IF FILE.pcap  frames onto an interface
 */
#include <err.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmds.h"
#include "rig.h"
#include "rig_live.h"

void	rig_unregister(const struct rig *);

static void
usage(FILE *f)
{
	fprintf(f,
	    "usage: pflowlab rig up [-p PREFIX]\n"
	    "       pflowlab rig down PREFIX\n"
	    "       pflowlab rig status\n"
	    "       pflowlab rig cleanup [-f] [PREFIX]\n"
	    "       pflowlab rig run [-e EXPORTER] [-C pflowlab|nfcapd] "
	    "[-o DIR] [-s SCALE] [-k] S.scn\n"
	    "       pflowlab rig openbsd-conf S.scn -o DIR\n"
	    "       pflowlab rig run --client-if IF --server-if IF "
	    "[--collector-if IF]\n"
	    "\t--collector ADDR:PORT [-I S] [-o DIR] [-w S] S.scn\n"
	    "       pflowlab rig qemu-cmd -i IMAGE [-w] [-m MB] [-n NAME] "
	    "[--accel kvm|tcg] ...\n"
	    "       pflowlab rig inject -i IF [-n NAMESPACE] [-l LOOPS] "
	    "[-r PPS] FILE.pcap\n"
	    "exporters: softflowd-v5 softflowd-v9 softflowd-ipfix sim "
	    "external\n");
}

static int
need_root(void)
{
	char why[RIG_ERRLEN];

	if (rig_have_root(why, sizeof(why)))
		return 0;
	warnx("%s", why);
	return 1;
}

static int
cmd_up(int argc, char **argv)
{
	char eb[RIG_ERRLEN];
	const char *prefix = NULL;
	struct rig r;
	int ch;

	optind = 1;
	while ((ch = getopt(argc, argv, "p:")) != -1) {
		switch (ch) {
		case 'p':
			prefix = optarg;
			break;
		default:
			usage(stderr);
			return EXIT_HARNESS;
		}
	}
	if (prefix != NULL && (strncmp(prefix, RIG_PREFIX,
	    strlen(RIG_PREFIX)) != 0 || strlen(prefix) > 20 ||
	    strchr(prefix, '/') != NULL)) {
		warnx("a rig prefix starts with \"%s\", then digits (at most "
		    "20 characters)", RIG_PREFIX);
		return EXIT_HARNESS;
	}
	if (need_root())
		return EXIT_SKIP;
	rig_init(&r, prefix);
	r.owner = getppid();	/* stale once the calling shell is gone */
	if (rig_up(&r, eb, sizeof(eb)) == -1) {
		warnx("rig up: %s", eb);
		return EXIT_HARNESS;
	}
	rig_unregister(&r);	/* it outlives this command */
	printf("%s\n", r.prefix);
	return EXIT_PASS;
}

static int
cmd_down(int argc, char **argv)
{
	struct rig r;

	if (argc != 2) {
		usage(stderr);
		return EXIT_HARNESS;
	}
	if (need_root())
		return EXIT_SKIP;
	rig_init(&r, argv[1]);
	if (rig_down(&r) == -1) {
		warnx("rig down %s: could not remove every namespace", argv[1]);
		return EXIT_HARNESS;
	}
	return EXIT_PASS;
}

static int
cmd_cleanup(int argc, char **argv)
{
	int ch, force = 0, n;

	optind = 1;
	while ((ch = getopt(argc, argv, "f")) != -1) {
		switch (ch) {
		case 'f':
			force = 1;
			break;
		default:
			usage(stderr);
			return EXIT_HARNESS;
		}
	}
	if (need_root())
		return EXIT_SKIP;
	n = rig_cleanup(optind < argc ? argv[optind] : NULL, force, stdout);
	if (n < 0)
		return EXIT_HARNESS;
	printf("rig cleanup: %d rig%s removed\n", n, n == 1 ? "" : "s");
	return EXIT_PASS;
}

int
rig_main(int argc, char **argv)
{
	const char *sub;

	if (argc < 2) {
		usage(stderr);
		return EXIT_HARNESS;
	}
	sub = argv[1];
	argc--;
	argv++;
	if (strcmp(sub, "up") == 0)
		return cmd_up(argc, argv);
	if (strcmp(sub, "down") == 0)
		return cmd_down(argc, argv);
	if (strcmp(sub, "status") == 0) {
		if (need_root())
			return EXIT_SKIP;
		if (rig_status(stdout) == 0)
			printf("no rigs\n");
		return EXIT_PASS;
	}
	if (strcmp(sub, "cleanup") == 0)
		return cmd_cleanup(argc, argv);
	if (strcmp(sub, "run") == 0)
		return rig_live_main(argc, argv);
	if (strcmp(sub, "openbsd-conf") == 0)
		return rig_obsd_main(argc, argv);
	if (strcmp(sub, "qemu-cmd") == 0)
		return rig_qemu_main(argc, argv);
	if (strcmp(sub, "inject") == 0)
		return rig_inject_main(argc, argv);
	if (strcmp(sub, "help") == 0 || strcmp(sub, "-h") == 0) {
		usage(stdout);
		return EXIT_PASS;
	}
	warnx("rig: unknown subcommand '%s'", sub);
	usage(stderr);
	return EXIT_HARNESS;
}
