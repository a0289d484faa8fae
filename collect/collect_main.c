/*
 * collect_main.c: pflowlab collect (placeholder until the collector lands;
 * it refuses to run rather than pretend).
 */
#include <stdio.h>

#include "cmds.h"

int
collect_main(int argc, char **argv)
{
	fprintf(stderr, "pflowlab collect: the collector is being built\n");
	return EXIT_HARNESS;
}
