/*
 * rig_inject.c: "pflowlab rig inject": put the frames of a pcap (gen's
 * traffic.pcap, or any capture) onto an interface inside a rig namespace
 * as fast as libpcap's pcap_inject allows, or at a given packet rate.
 * The packet-level backend for what sockets cannot do, and the
 * injection side of bench/rig.sh (next to tcpreplay --topspeed).
 * Frames are read into memory first, so the disk does not set the pace.
 */
#include <err.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <pcap/pcap.h>

#include "clock.h"
#include "cmds.h"
#include "pcapio.h"
#include "rig.h"
#include "rig_live.h"

struct frames {
	uint8_t		*buf;
	size_t		*off;
	size_t		*len;
	size_t		 n, cap, used, bcap;
};

static int
frames_load(const char *path, struct frames *f)
{
	char eb[PCAPIO_ERRBUF_SIZE];
	struct pcapio_frame fr;
	struct pcapio_r *r;
	int rc;

	if ((r = pcapio_open(path, eb)) == NULL) {
		warnx("%s", eb);
		return -1;
	}
	while ((rc = pcapio_next(r, &fr)) == 1) {
		if (f->n == f->cap) {
			f->cap = f->cap ? f->cap * 2 : 1024;
			f->off = realloc(f->off, f->cap * sizeof(*f->off));
			f->len = realloc(f->len, f->cap * sizeof(*f->len));
			if (f->off == NULL || f->len == NULL)
				err(EXIT_HARNESS, NULL);
		}
		while (f->used + fr.caplen > f->bcap) {
			f->bcap = f->bcap ? f->bcap * 2 : 1 << 20;
			if ((f->buf = realloc(f->buf, f->bcap)) == NULL)
				err(EXIT_HARNESS, NULL);
		}
		memcpy(f->buf + f->used, fr.data, fr.caplen);
		f->off[f->n] = f->used;
		f->len[f->n] = fr.caplen;
		f->used += fr.caplen;
		f->n++;
	}
	if (rc == -1)
		warnx("%s: %s", path, pcapio_geterr(r));
	pcapio_close(r);
	return rc == -1 ? -1 : 0;
}

int
rig_inject_main(int argc, char **argv)
{
	char pe[PCAP_ERRBUF_SIZE];
	const char *ifname = NULL, *ns = NULL;
	struct frames f;
	uint64_t sent = 0, fail = 0, i;
	int64_t t0, t1, due;
	double pps = 0;
	long loops = 1, l;
	pcap_t *p;
	int ch, saved = -1;

	memset(&f, 0, sizeof(f));
	optind = 1;
	while ((ch = getopt(argc, argv, "i:l:n:r:")) != -1) {
		switch (ch) {
		case 'i':
			ifname = optarg;
			break;
		case 'l':
			loops = strtol(optarg, NULL, 10);
			break;
		case 'n':
			ns = optarg;
			break;
		case 'r':
			pps = strtod(optarg, NULL);
			break;
		default:
			goto usage;
		}
	}
	if (ifname == NULL || optind + 1 != argc || loops < 1 || pps < 0)
		goto usage;
	if (!rig_have_root(pe, sizeof(pe))) {
		warnx("%s", pe);
		return EXIT_SKIP;
	}
	if (frames_load(argv[optind], &f) == -1)
		goto fail;
	if (ns != NULL && (strncmp(ns, RIG_PREFIX, strlen(RIG_PREFIX)) != 0 ||
	    rig_enter(ns, &saved) == -1)) {
		warnx("%s: not a rig namespace (pfl...) or cannot enter it",
		    ns);
		goto fail;
	}
	if ((p = pcap_create(ifname, pe)) == NULL ||
	    pcap_activate(p) < 0) {
		warnx("%s: %s", ifname, p != NULL ? pcap_geterr(p) : pe);
		if (p != NULL)
			pcap_close(p);
		goto fail;
	}
	t0 = clock_mono_us();
	for (l = 0; l < loops; l++)
		for (i = 0; i < f.n; i++) {
			if (pps > 0) {
				due = t0 + (int64_t)((double)sent * 1e6 / pps);
				if (due > clock_mono_us())
					rig_pace_us(due - clock_mono_us());
			}
			if (pcap_inject(p, f.buf + f.off[i], f.len[i]) < 0)
				fail++;
			else
				sent++;
		}
	t1 = clock_mono_us();
	pcap_close(p);
	if (saved != -1)
		rig_leave(saved);
	printf("inject %s: %llu frames in %.3f s: %.0f packets/s (%llu "
	    "failed)\n", ifname, (unsigned long long)sent,
	    (double)(t1 - t0) / 1e6, t1 > t0 ? (double)sent * 1e6 /
	    (double)(t1 - t0) : 0.0, (unsigned long long)fail);
	free(f.buf);
	free(f.off);
	free(f.len);
	return fail > 0 ? EXIT_FAIL : EXIT_PASS;
fail:
	free(f.buf);
	free(f.off);
	free(f.len);
	return EXIT_HARNESS;
usage:
	fprintf(stderr, "usage: pflowlab rig inject -i IF [-n NAMESPACE] "
	    "[-l LOOPS] [-r PPS] FILE.pcap\n");
	return EXIT_HARNESS;
}
