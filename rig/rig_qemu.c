/*
 * rig_qemu.c: "pflowlab rig qemu-cmd": the qemu command line that puts a
 * user-supplied OpenBSD image in the gateway's place, one virtio NIC per
 * rig link on a tap interface (vio0 client, vio1 server, vio2
 * collector, as rig openbsd-conf names them).  KVM when /dev/kvm can be
 * opened (with the qemu64 CPU model: -cpu host and max abort under nested
 * KVM here, linux-rig-notes.md 11), TCG otherwise.  The image is used
 * with -snapshot unless -w: a test run never changes it.  One argument
 * per line, so a script can read it into an array; ci/openbsd/qemu.sh
 * does the tap wiring and runs it.
 */
#include <err.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmds.h"
#include "rig_live.h"

static int
have_kvm(void)
{
	int fd = open("/dev/kvm", O_RDWR | O_CLOEXEC);

	if (fd == -1)
		return 0;
	close(fd);
	return 1;
}

static const char *
img_format(const char *img)
{
	size_t n = strlen(img);

	if (n > 6 && strcmp(img + n - 6, ".qcow2") == 0)
		return "qcow2";
	return "raw";
}

int
rig_qemu_main(int argc, char **argv)
{
	const char *img = NULL, *name = "pflowlab-openbsd", *taps[3] = {
	    "tapc", "taps", "tapk" }, *accel = NULL, *console = NULL;
	char buf[1200];
	int ch, mem = 512, writable = 0, i;
	static const struct option lopts[] = {
		{ "image", required_argument, NULL, 'i' },
		{ "tap-client", required_argument, NULL, 't' },
		{ "tap-server", required_argument, NULL, 'T' },
		{ "tap-collector", required_argument, NULL, 'K' },
		{ "accel", required_argument, NULL, 'a' },
		{ "console", required_argument, NULL, 'S' },
		{ NULL, 0, NULL, 0 }
	};

	optind = 1;
	while ((ch = getopt_long(argc, argv, "a:i:K:m:n:S:t:T:w", lopts,
	    NULL)) != -1) {
		switch (ch) {
		case 'a':
			if (strcmp(optarg, "kvm") != 0 &&
			    strcmp(optarg, "tcg") != 0) {
				warnx("--accel kvm or tcg");
				return EXIT_HARNESS;
			}
			accel = optarg;
			break;
		case 'i':
			img = optarg;
			break;
		case 'K':
			taps[2] = optarg;
			break;
		case 'm':
			mem = atoi(optarg);
			if (mem < 64 || mem > 65536) {
				warnx("-m: 64 to 65536 MB");
				return EXIT_HARNESS;
			}
			break;
		case 'n':
			name = optarg;
			break;
		case 'S':
			console = optarg;
			break;
		case 't':
			taps[0] = optarg;
			break;
		case 'T':
			taps[1] = optarg;
			break;
		case 'w':
			writable = 1;
			break;
		default:
			goto usage;
		}
	}
	if (img == NULL || optind != argc)
		goto usage;
	if (accel == NULL)
		accel = have_kvm() ? "kvm" : "tcg";
	printf("qemu-system-x86_64\n-name\n%s\n-M\nq35\n-m\n%d\n-smp\n1\n",
	    name, mem);
	printf("-accel\n%s\n-cpu\nqemu64\n", accel);
	printf("-display\nnone\n-serial\n%s\n", console != NULL ? console :
	    "mon:stdio");
	snprintf(buf, sizeof(buf), "file=%s,if=virtio,format=%s", img,
	    img_format(img));
	printf("-drive\n%s\n", buf);
	if (!writable)
		printf("-snapshot\n");
	for (i = 0; i < 3; i++) {
		printf("-netdev\ntap,id=n%d,ifname=%s,script=no,"
		    "downscript=no\n", i, taps[i]);
		printf("-device\nvirtio-net-pci,netdev=n%d,"
		    "mac=52:54:00:70:66:%02x\n", i, i + 1);
	}
	return EXIT_PASS;
usage:
	fprintf(stderr, "usage: pflowlab rig qemu-cmd -i IMAGE [-w] [-m MB] "
	    "[-n NAME] [--accel kvm|tcg]\n\t[--console SPEC] "
	    "[--tap-client T] [--tap-server T] [--tap-collector T]\n");
	return EXIT_HARNESS;
}
