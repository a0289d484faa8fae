/*
 * pcapshim.c: an LD_PRELOAD shim for softflowd 1.1.0 live capture.
 *
 * softflowd calls pcap_set_timeout(p, 0).  libpcap 1.10 on Linux uses
 * TPACKET_V3, where a timeout of 0 retires a ring block only when it is
 * full, so on a quiet veth poll() never fires and softflowd processes no
 * packet (linux-rig-notes.md 4.1; irino/softflowd PR #71).  This wrapper
 * turns immediate mode on (libpcap then delivers every packet at once)
 * and never passes a zero timeout.  Built by the Makefile into
 * build/pcapshim.so; never linked into pflowlab itself.
 */
#include <dlfcn.h>

typedef struct pcap pcap_t;

int	pcap_set_immediate_mode(pcap_t *, int);
int	pcap_set_timeout(pcap_t *, int);

int
pcap_set_timeout(pcap_t *p, int ms)
{
	static int (*real)(pcap_t *, int);

	if (real == 0)
		*(void **)&real = dlsym(RTLD_NEXT, "pcap_set_timeout");
	pcap_set_immediate_mode(p, 1);
	if (real == 0)
		return 0;
	return real(p, ms > 0 ? ms : 100);
}
