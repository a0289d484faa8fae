/*
 * gen_main.c: "pflowlab gen": scenario -> DIR/traffic.pcap and
 * DIR/ledger.jsonl (pflowlab-gen(1)).
 */
#include <sys/stat.h>

#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmds.h"
#include "gen.h"
#include "scn_dump.h"

static void
gen_usage(FILE *f)
{
	fprintf(f, "usage: pflowlab gen [-nqD] [-s snaplen] scenario.scn "
	    "-o dir\n"
	    "  -o dir      write dir/traffic.pcap and dir/ledger.jsonl\n"
	    "  -n          check the scenario only, write nothing\n"
	    "  -D          print the scenario as understood (to stdout)\n"
	    "  -s snaplen  cut frames to snaplen octets in the pcap\n"
	    "  -q          no summary on stderr\n");
}

int
gen_main(int argc, char **argv)
{
	static const struct option lo[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "check", no_argument, NULL, 'n' },
		{ "dump", no_argument, NULL, 'D' },
		{ "snaplen", required_argument, NULL, 's' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct scenario sc;
	struct gen_stats st;
	const char *dir = NULL;
	char err[4096], *end;
	unsigned long snap = 0;
	int ch, check = 0, dump = 0, quiet = 0, rc;

	optind = 0;
	while ((ch = getopt_long(argc, argv, "o:nDs:qh", lo, NULL)) != -1) {
		switch (ch) {
		case 'o':
			dir = optarg;
			break;
		case 'n':
			check = 1;
			break;
		case 'D':
			dump = 1;
			break;
		case 's':
			errno = 0;
			snap = strtoul(optarg, &end, 10);
			if (*end != '\0' || errno != 0 || snap < 54 ||
			    snap > 262144) {
				fprintf(stderr, "pflowlab gen: snaplen must be "
				    "54 to 262144\n");
				return EXIT_HARNESS;
			}
			break;
		case 'q':
			quiet = 1;
			break;
		case 'h':
			gen_usage(stdout);
			return EXIT_PASS;
		default:
			gen_usage(stderr);
			return EXIT_HARNESS;
		}
	}
	if (optind != argc - 1 || (dir == NULL && !check && !dump)) {
		gen_usage(stderr);
		return EXIT_HARNESS;
	}
	if (scn_parse_file(argv[optind], &sc, err, sizeof(err)) == -1) {
		fputs(err, stderr);
		if (err[0] != '\0' && err[strlen(err) - 1] != '\n')
			fputc('\n', stderr);
		return EXIT_HARNESS;
	}
	if (dump)
		scn_dump(stdout, &sc);
	if (check || dir == NULL) {
		if (!quiet)
			fprintf(stderr, "%s: ok, %zu session lines, %" PRIu64
			    " sessions\n", argv[optind], sc.nsessions,
			    scn_ninstances(&sc));
		scn_free(&sc);
		return EXIT_PASS;
	}
	if (mkdir(dir, 0777) == -1 && errno != EEXIST) {
		fprintf(stderr, "pflowlab gen: %s: %s\n", dir, strerror(errno));
		scn_free(&sc);
		return EXIT_HARNESS;
	}
	rc = gen_write(&sc, dir, (uint32_t)snap, &st, err, sizeof(err));
	if (rc == -1) {
		fprintf(stderr, "pflowlab gen: %s\n", err);
		scn_free(&sc);
		return EXIT_HARNESS;
	}
	if (!quiet)
		fprintf(stderr, "pflowlab gen: %s: %" PRIu64 " sessions, %"
		    PRIu64 " packets, %" PRIu64 " octets (layer 3), %" PRIu64
		    " ledger lines -> %s/\n", argv[optind], st.sessions,
		    st.packets, st.octets, st.ledger_lines, dir);
	scn_free(&sc);
	return EXIT_PASS;
}
