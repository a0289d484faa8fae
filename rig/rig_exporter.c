/*
 * rig_exporter.c: start, watch and stop the exporter under test (in the
 * gateway namespace) and the collector (in the collector namespace).
 *
 * softflowd 1.1.0 runs with the LD_PRELOAD capture shim (build/
 * pcapshim.so, linux-rig-notes.md 4.1), IPFIX with -A milli (nfdump 1.7.1
 * swaps IE 21/22 timestamps; -U keeps the default to show it), and its
 * timeouts shortened so a live run takes seconds.  Readiness and
 * completion are observed, never slept for: the control socket and
 * pidfile appear, the statistics say every packet was processed and no
 * flow is active, the collector's socket queue is empty.
 */
#include <sys/stat.h>
#include <sys/wait.h>

#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "clock.h"
#include "rig_exporter.h"

static long long	ns_udp_in(pid_t);

static const struct exp_spec specs[] = {
	{ "softflowd-v5", EXP_SOFTFLOWD, 5, "softflowd" },
	{ "softflowd-v9", EXP_SOFTFLOWD, 9, "softflowd" },
	{ "softflowd-ipfix", EXP_SOFTFLOWD, 10, "softflowd" },
	{ "sim", EXP_SIM, 10, "openbsd-7.8" },
	{ "external", EXP_NONE, 0, NULL },
	{ NULL, 0, 0, NULL }
};

const struct exp_spec *
exp_lookup(const char *name)
{
	int i;

	for (i = 0; specs[i].name != NULL; i++)
		if (strcmp(specs[i].name, name) == 0)
			return &specs[i];
	return NULL;
}

const char *
exp_names(void)
{
	return "softflowd-v5, softflowd-v9, softflowd-ipfix, sim, external";
}

/* The shim next to the binary, in build/, or installed. */
static int
find_shim(char *buf, size_t len)
{
	char exe[PATH_MAX], *slash;
	const char *env = getenv("PFLOWLAB_SHIM");
	const char *cands[] = { "%s/pcapshim.so", "%s/build/pcapshim.so",
	    "%s/../lib/pflowlab/pcapshim.so", NULL };
	ssize_t n;
	int i;

	if (env != NULL && access(env, R_OK) == 0) {
		snprintf(buf, len, "%s", env);
		return 0;
	}
	if ((n = readlink("/proc/self/exe", exe, sizeof(exe) - 1)) <= 0)
		return -1;
	exe[n] = '\0';
	if ((slash = strrchr(exe, '/')) != NULL)
		*slash = '\0';
	for (i = 0; cands[i] != NULL; i++) {
		snprintf(buf, len, cands[i], exe);
		if (access(buf, R_OK) == 0)
			return 0;
	}
	return -1;
}

static int
wait_file(const char *path, pid_t p, int ms)
{
	int64_t end = clock_mono_us() + (int64_t)ms * 1000;
	struct stat st;

	while (clock_mono_us() < end) {
		if (stat(path, &st) == 0)
			return 0;
		if (p > 0 && kill(p, 0) == -1)
			return -1;
		rig_pace_us(5000);
	}
	return -1;
}

/* Wait for a line containing what in a log file. */
static int
wait_log(const char *path, const char *what, pid_t p, int ms)
{
	int64_t end = clock_mono_us() + (int64_t)ms * 1000;
	char line[512];
	FILE *f;

	while (clock_mono_us() < end) {
		if ((f = fopen(path, "r")) != NULL) {
			while (fgets(line, sizeof(line), f) != NULL)
				if (strstr(line, what) != NULL) {
					fclose(f);
					return 0;
				}
			fclose(f);
		}
		if (p > 0 && rig_wait(p, 0, NULL))
			return -1;
		rig_pace_us(5000);
	}
	return -1;
}

static void
first_line(const char *path, char *buf, size_t len)
{
	FILE *f;

	buf[0] = '\0';
	if ((f = fopen(path, "r")) != NULL) {
		if (fgets(buf, (int)len, f) == NULL)
			buf[0] = '\0';
		fclose(f);
	}
	buf[strcspn(buf, "\n")] = '\0';
}

int
exp_start(const struct rig *r, struct exporter_run *x, const char *dir,
    const char *scn_path, const char *collector, char *eb, size_t el)
{
	char shim[PATH_MAX], pre[PATH_MAX + 16], ver[8], why[256];
	static const char *const sim_tmo[] = { "tcp.first", "tcp.opening",
	    "tcp.closing", "tcp.finwait", "tcp.closed", "udp.first",
	    "udp.single", "udp.multiple", "icmp.first", "icmp.error",
	    "other.first", "other.single", "other.multiple", NULL };
	char t[6][32], st[13][32];
	char *argv[48];
	int n = 0, i;

	snprintf(x->log, sizeof(x->log), "%s/exporter.log", dir);
	if (x->spec->kind == EXP_NONE)
		return 0;
	if (x->spec->kind == EXP_SIM) {
		/*
		 * The hook for the simulator's live mode (owned by sim/):
		 * capture the gateway's two veths, export to the collector
		 * on the real clock, print SIM_LIVE_READY on stderr once
		 * capturing, flush and exit on SIGTERM.
		 */
		argv[n++] = RIG_SELF;
		argv[n++] = "sim";
		argv[n++] = "--live";
		argv[n++] = "--client-if";
		argv[n++] = (char *)r->gw_cli_if;
		argv[n++] = "--server-if";
		argv[n++] = (char *)r->gw_srv_if;
		argv[n++] = "--collector";
		argv[n++] = (char *)collector;
		/*
		 * The time scale: PF's timeouts of states that are done or
		 * not yet established cut to the idle time, so their records
		 * leave during the run (the rest at the SIGTERM flush).
		 * tcp.established stays: past it a real PF would block the
		 * connection's next packet, which the Linux gateway forwards.
		 * One second more than -I: PF counts whole seconds, so a
		 * state may go up to a second before its timeout (a 1 s
		 * timeout could remove it between an echo and its reply).
		 */
		if (x->idle_s == 0)
			x->idle_s = 2;
		for (i = 0; sim_tmo[i] != NULL; i++) {
			snprintf(st[i], sizeof(st[i]), "%s=%u", sim_tmo[i],
			    x->idle_s + 1);
			argv[n++] = "--timeout";
			argv[n++] = st[i];
		}
		argv[n++] = "--timeout";
		argv[n++] = "interval=1";
		argv[n++] = (char *)scn_path;
		argv[n] = NULL;
		x->pid = rig_spawn(r, r->ns[RIG_GW], argv, x->log, NULL, NULL);
		if (x->pid == -1 || wait_log(x->log, SIM_LIVE_READY, x->pid,
		    5000) == -1 || rig_wait(x->pid, 0, NULL)) {
			first_line(x->log, why, sizeof(why));
			snprintf(eb, el, "pflowlab sim --live did not "
			    "start%s%s", why[0] ? ": " : "", why);
			return -1;
		}
		return 0;
	}
	if (find_shim(shim, sizeof(shim)) == -1) {
		snprintf(eb, el, "build/pcapshim.so not found (run make; "
		    "softflowd 1.1.0 captures nothing live without it)");
		return -1;
	}
	if (access("/usr/sbin/softflowd", X_OK) != 0) {
		snprintf(eb, el, "softflowd is not installed: apt-get install "
		    "softflowd");
		return -1;
	}
	snprintf(pre, sizeof(pre), "LD_PRELOAD=%s", shim);
	snprintf(ver, sizeof(ver), "%d", x->spec->version);
	snprintf(x->ctl, sizeof(x->ctl), "%s/softflowd.ctl", dir);
	snprintf(x->pidfile, sizeof(x->pidfile), "%s/softflowd.pid", dir);
	if (x->idle_s == 0)
		x->idle_s = 2;
	snprintf(t[0], sizeof(t[0]), "general=%u", x->idle_s);
	snprintf(t[1], sizeof(t[1]), "tcp=%u", x->idle_s);
	snprintf(t[2], sizeof(t[2]), "udp=%u", x->idle_s);
	snprintf(t[3], sizeof(t[3]), "icmp=%u", x->idle_s);
	snprintf(t[4], sizeof(t[4]), "tcp.fin=%u", x->idle_s > 1 ?
	    x->idle_s / 2 : 1);
	snprintf(t[5], sizeof(t[5]), "tcp.rst=%u", x->idle_s > 1 ?
	    x->idle_s / 2 : 1);
	argv[n++] = "ip";
	argv[n++] = "netns";
	argv[n++] = "exec";
	argv[n++] = (char *)r->ns[RIG_GW];
	argv[n++] = "env";
	argv[n++] = pre;
	argv[n++] = "softflowd";
	argv[n++] = "-d";
	argv[n++] = "-i";
	argv[n++] = (char *)r->gw_cli_if;
	argv[n++] = "-v";
	argv[n++] = ver;
	if (x->spec->version == 10 && !x->ipfix_uptime) {
		/* without -A: flowStart/EndSysUpTime (IE 22/21) */
		argv[n++] = "-A";
		argv[n++] = "milli";
	}
	argv[n++] = "-n";
	argv[n++] = (char *)collector;
	argv[n++] = "-p";
	argv[n++] = x->pidfile;
	argv[n++] = "-c";
	argv[n++] = x->ctl;
	for (i = 0; i < 6; i++) {
		argv[n++] = "-t";
		argv[n++] = t[i];
	}
	argv[n++] = "-t";
	argv[n++] = "expint=1";
	argv[n++] = "ip";
	argv[n] = NULL;
	x->pid = rig_spawn(r, NULL, argv, x->log, NULL, NULL);
	/* with -d softflowd writes no pidfile; its control socket is the
	   sign that capture and export are set up */
	if (x->pid == -1 || wait_file(x->ctl, x->pid, 5000) == -1) {
		first_line(x->log, why, sizeof(why));
		snprintf(eb, el, "softflowd did not start%s%s",
		    why[0] ? ": " : "", why);
		return -1;
	}
	return 0;
}

struct sfd_stats {
	int64_t	active, processed, ignored, records;
};

static int
sfd_stats(struct exporter_run *x, struct sfd_stats *s)
{
	char out[1100], line[256], *argv[] = { "softflowctl", "-c", x->ctl,
	    "statistics", NULL };
	long long a, b;
	pid_t p;
	FILE *f;
	int st;

	memset(s, 0xff, sizeof(*s));
	snprintf(out, sizeof(out), "%s.stats", x->ctl);
	unlink(out);
	if ((p = rig_spawn(NULL, NULL, argv, out, NULL, NULL)) == -1)
		return -1;
	if (!rig_wait(p, 3000, &st)) {
		rig_stop(p, 100);
		return -1;
	}
	if ((f = fopen(out, "r")) == NULL)
		return -1;
	while (fgets(line, sizeof(line), f) != NULL) {
		if (sscanf(line, "Number of active flows: %lld", &a) == 1)
			s->active = a;
		else if (sscanf(line, "Packets processed: %lld", &a) == 1)
			s->processed = a;
		else if (sscanf(line, "Ignored packets: %lld", &a) == 1)
			s->ignored = a;
		else if (sscanf(line, "Flows exported: %lld (%lld records)",
		    &a, &b) == 2)
			s->records = b;
	}
	fclose(f);
	unlink(out);
	return s->active >= 0 && s->processed >= 0 ? 0 : -1;
}

int
exp_wait_idle(struct exporter_run *x, uint64_t packets, int ms,
    int64_t *records)
{
	int64_t end = clock_mono_us() + (int64_t)ms * 1000;
	struct sfd_stats s;

	*records = -1;
	if (x->spec->kind != EXP_SOFTFLOWD)
		return 1;	/* sim --live flushes at SIGTERM */
	while (clock_mono_us() < end) {
		if (sfd_stats(x, &s) == 0) {
			*records = s.records;
			if ((uint64_t)s.processed >= packets && s.active == 0)
				return 1;
		}
		rig_pace_us(100000);	/* poll interval of a count */
	}
	return 0;
}

void
exp_stop(struct exporter_run *x)
{
	if (x->pid > 0)
		rig_stop(x->pid, 3000);	/* softflowd exits on SIGTERM */
	x->pid = 0;
}

/* Look at the collector's UDP socket: -1 none, else its receive queue. */
static long
udp_rxq(struct collector_run *c)
{
	char path[64], line[512];
	unsigned int lport, txq, rxq;
	long q = -1;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%ld/net/udp", (long)c->pid);
	if ((f = fopen(path, "r")) == NULL)
		return -1;
	while (fgets(line, sizeof(line), f) != NULL) {
		/* "  0: 02FD13C6:270B 00000000:0000 07 TX:RX ..." */
		if (sscanf(line, " %*d: %*x:%x %*x:%*x %*x %x:%x", &lport,
		    &txq, &rxq) != 3 || lport != c->port)
			continue;
		q = q < 0 ? (long)rxq : q + (long)rxq;
	}
	fclose(f);
	return q;
}

static int
wait_bound(struct collector_run *c, int ms)
{
	int64_t end = clock_mono_us() + (int64_t)ms * 1000;

	while (clock_mono_us() < end) {
		if (udp_rxq(c) >= 0)
			return 0;
		if (rig_wait(c->pid, 0, NULL))
			return -1;
		rig_pace_us(5000);
	}
	return -1;
}

int
col_start(const struct rig *r, struct collector_run *c, const char *dir,
    const char *profile, char *eb, size_t el)
{
	char recs[1100], fnd[1100], pcap[1100], port[8];
	char pidf[1100], why[256];
	char *argv[32];
	int n = 0;

	if (c->port == 0)
		c->port = 9995;
	snprintf(c->addr, sizeof(c->addr), "%s:%u", r->col_addr, c->port);
	snprintf(c->log, sizeof(c->log), "%s/collector.log", dir);
	snprintf(port, sizeof(port), "%u", c->port);
	if (c->kind == COL_NFCAPD) {
		if (access("/usr/bin/nfcapd", X_OK) != 0) {
			snprintf(eb, el, "nfcapd is not installed: apt-get "
			    "install nfdump");
			return -1;
		}
		snprintf(c->dir, sizeof(c->dir), "%s/nfcapd", dir);
		mkdir(c->dir, 0755);
		snprintf(pidf, sizeof(pidf), "%s/nfcapd.pid", dir);
		argv[n++] = "ip";
		argv[n++] = "netns";
		argv[n++] = "exec";
		argv[n++] = (char *)r->ns[RIG_COL];
		argv[n++] = "nfcapd";
		argv[n++] = "-w";
		argv[n++] = c->dir;
		argv[n++] = "-b";
		argv[n++] = (char *)r->col_addr;
		argv[n++] = "-p";
		argv[n++] = port;
		argv[n++] = "-t";
		argv[n++] = "3600";
		argv[n++] = "-P";
		argv[n++] = pidf;
		argv[n] = NULL;
		c->pid = rig_spawn(r, NULL, argv, c->log, NULL, NULL);
		if (c->pid == -1 || wait_file(pidf, c->pid, 5000) == -1 ||
		    wait_bound(c, 5000) == -1) {
			first_line(c->log, why, sizeof(why));
			snprintf(eb, el, "nfcapd did not start%s%s",
			    why[0] ? ": " : "", why);
			return -1;
		}
		c->udp_base = ns_udp_in(c->pid);
		return 0;
	}
	snprintf(recs, sizeof(recs), "%s/records.jsonl", dir);
	snprintf(fnd, sizeof(fnd), "%s/findings.jsonl", dir);
	snprintf(pcap, sizeof(pcap), "%s/export.pcap", dir);
	argv[n++] = RIG_SELF;
	argv[n++] = "collect";
	argv[n++] = "-l";
	argv[n++] = c->addr;
	argv[n++] = "-w";
	argv[n++] = recs;
	argv[n++] = "-f";
	argv[n++] = fnd;
	argv[n++] = "-W";
	argv[n++] = pcap;
	if (profile != NULL) {
		argv[n++] = "--profile";
		argv[n++] = (char *)profile;
	}
	argv[n] = NULL;
	c->pid = rig_spawn(r, r->ns[RIG_COL], argv, c->log, NULL, NULL);
	if (c->pid == -1 || wait_log(c->log, "listening on", c->pid,
	    5000) == -1) {
		first_line(c->log, why, sizeof(why));
		snprintf(eb, el, "pflowlab collect did not start%s%s",
		    why[0] ? ": " : "", why);
		return -1;
	}
	c->udp_base = ns_udp_in(c->pid);
	return 0;
}

/* Udp InDatagrams of the collector's namespace (its only UDP). */
static long long
ns_udp_in(pid_t p)
{
	char path[64], line[1024], hdr[1024] = "";
	long long v = -1;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%ld/net/snmp", (long)p);
	if ((f = fopen(path, "r")) == NULL)
		return -1;
	while (fgets(line, sizeof(line), f) != NULL) {
		if (strncmp(line, "Udp: ", 5) != 0)
			continue;
		if (hdr[0] == '\0') {
			snprintf(hdr, sizeof(hdr), "%s", line);
			continue;
		}
		/* the second "Udp:" line holds the values; InDatagrams
		   is the first column */
		if (sscanf(line, "Udp: %lld", &v) != 1)
			v = -1;
		break;
	}
	fclose(f);
	return v;
}

int
col_wait_quiet(const struct rig *r, struct collector_run *c, int quiet_ms,
    int max_ms)
{
	int64_t now, end = clock_mono_us() + (int64_t)max_ms * 1000;
	int64_t since = clock_mono_us();
	long long last = -1, v;

	(void)r;
	while ((now = clock_mono_us()) < end) {
		if ((v = ns_udp_in(c->pid)) < 0)
			return -1;
		if (v != last) {
			last = v;
			since = now;
		} else if (v > c->udp_base &&
		    now - since >= (int64_t)quiet_ms * 1000)
			return 1;
		rig_pace_us(50000);
	}
	return 0;
}

int
col_drain(struct collector_run *c, int ms)
{
	int64_t end = clock_mono_us() + (int64_t)ms * 1000;
	long q;

	while (clock_mono_us() < end) {
		if ((q = udp_rxq(c)) < 0)
			return -1;
		if (q == 0)
			return 0;
		rig_pace_us(10000);
	}
	return -1;
}

int
col_stop(struct collector_run *c)
{
	int st;

	if (c->pid <= 0)
		return 0;
	st = rig_stop(c->pid, 5000);
	c->pid = 0;
	/* pflowlab collect exits 0 or 1 (findings); nfcapd 0 */
	return WIFEXITED(st) && WEXITSTATUS(st) <= 1 ? 0 : -1;
}
