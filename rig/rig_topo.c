/*
 * rig_topo.c: the namespace topology.  Creates, lists and removes the
 * client / gateway / server / collector namespaces of a rig and the veth
 * pairs between them (made directly inside their namespaces: nothing is
 * ever created in, or changed on, the host's own namespace), and finds the
 * rigs that a killed run left behind.
 */
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "clock.h"
#include "rig.h"

void	rig_register(const struct rig *);
void	rig_unregister(const struct rig *);

/*
 * The rig's namespaces, then the extra ones a rig may grow: "vm", the
 * stand-in gateway of ci/openbsd/qemu.sh.  Cleanup knows them all.
 */
#define RIG_NALL	(RIG_NNS + 1)
static const char *const ns_suffix[RIG_NALL] = { "cli", "gw", "srv", "col",
    "vm" };

int
rig_have_root(char *errbuf, size_t len)
{
	if (geteuid() != 0) {
		snprintf(errbuf, len, "the namespace rig needs root "
		    "(CAP_SYS_ADMIN and CAP_NET_ADMIN to create network "
		    "namespaces and veth pairs); run it as root");
		return 0;
	}
	if (access("/usr/sbin/ip", X_OK) != 0 && access("/sbin/ip", X_OK) != 0
	    && access("/bin/ip", X_OK) != 0) {
		snprintf(errbuf, len, "the namespace rig needs ip(8) from "
		    "iproute2: apt-get install iproute2");
		return 0;
	}
	return 1;
}

void
rig_init(struct rig *r, const char *prefix)
{
	char pre[RIG_NSLEN];
	int i;

	/* prefix may point into *r: copy it before clearing */
	if (prefix != NULL)
		snprintf(pre, sizeof(pre), "%s", prefix);
	else
		snprintf(pre, sizeof(pre), "%s%ld", RIG_PREFIX,
		    (long)getpid());
	memset(r, 0, sizeof(*r));
	memcpy(r->prefix, pre, sizeof(r->prefix));
	for (i = 0; i < RIG_NNS; i++)
		snprintf(r->ns[i], sizeof(r->ns[i]), "%.20s-%s", pre,
		    ns_suffix[i]);
	snprintf(r->cli_if, sizeof(r->cli_if), "c0");
	snprintf(r->srv_if, sizeof(r->srv_if), "s0");
	snprintf(r->col_if, sizeof(r->col_if), "k0");
	snprintf(r->gw_cli_if, sizeof(r->gw_cli_if), "gc");
	snprintf(r->gw_srv_if, sizeof(r->gw_srv_if), "gs");
	snprintf(r->gw_col_if, sizeof(r->gw_col_if), "gk");
	snprintf(r->col_addr, sizeof(r->col_addr), "%s2", RIG_NET_COL);
	snprintf(r->gw_col_addr, sizeof(r->gw_col_addr), "%s1", RIG_NET_COL);
	r->owner = getpid();
}

/* Run "ip ..." (words separated by single spaces) in the host context. */
static int
ipf(const struct rig *r, char *errbuf, size_t len, const char *fmt, ...)
{
	char cmd[512], *argv[40], *p;
	va_list ap;
	int n = 0;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	for (p = strtok(cmd, " "); p != NULL && n < 39; p = strtok(NULL, " "))
		argv[n++] = p;
	argv[n] = NULL;
	return rig_run(r, NULL, argv, errbuf, len);
}

static long long
proc_starttime(pid_t p)
{
	char path[64], buf[1024], *s;
	long long st = -1;
	FILE *f;
	int i;

	snprintf(path, sizeof(path), "/proc/%ld/stat", (long)p);
	if ((f = fopen(path, "r")) == NULL)
		return -1;
	if (fgets(buf, sizeof(buf), f) != NULL &&
	    (s = strrchr(buf, ')')) != NULL) {
		/* field 3 starts after ") "; starttime is field 22 */
		s += 2;
		for (i = 3; i < 22 && s != NULL; i++) {
			s = strchr(s, ' ');
			if (s != NULL)
				s++;
		}
		if (s != NULL)
			st = strtoll(s, NULL, 10);
	}
	fclose(f);
	return st;
}

static int
write_state(const struct rig *r)
{
	char path[RIG_NSLEN + 32];
	FILE *f;

	mkdir(RIG_STATEDIR, 0755);
	snprintf(path, sizeof(path), "%s/%s", RIG_STATEDIR, r->prefix);
	if ((f = fopen(path, "w")) == NULL)
		return -1;
	fprintf(f, "owner %ld %lld\n", (long)r->owner,
	    proc_starttime(r->owner));
	return fclose(f);
}

/* 1 when the rig named prefix has a living owner. */
static int
owner_alive(const char *prefix)
{
	char path[RIG_NSLEN + 32];
	long owner = -1;
	long long st = -2;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", RIG_STATEDIR, prefix);
	if ((f = fopen(path, "r")) != NULL) {
		if (fscanf(f, "owner %ld %lld", &owner, &st) < 1)
			owner = -1;
		fclose(f);
	}
	if (owner <= 0) {
		/* no state file: the pid in the name made it */
		const char *d = prefix + strlen(RIG_PREFIX);
		owner = strtol(d, NULL, 10);
		st = -2;
	}
	if (owner <= 0)
		return 0;
	if (kill((pid_t)owner, 0) == -1 && errno == ESRCH)
		return 0;
	if (st != -2 && proc_starttime((pid_t)owner) != st)
		return 0;	/* the pid was reused */
	return 1;
}

static int
gw_link(struct rig *r, enum rig_nsid side, const char *ifs, const char *gwif,
    const char *net, char *eb, size_t el)
{
	if (ipf(r, eb, el, "ip link add %s netns %s type veth peer name %s "
	    "netns %s", ifs, r->ns[side], gwif, r->ns[RIG_GW]) == -1 ||
	    ipf(r, eb, el, "ip -n %s addr add %s2/24 dev %s", r->ns[side],
	    net, ifs) == -1 ||
	    ipf(r, eb, el, "ip -n %s addr add %s1/24 dev %s", r->ns[RIG_GW],
	    net, gwif) == -1 ||
	    ipf(r, eb, el, "ip -n %s link set %s up", r->ns[side], ifs) == -1 ||
	    ipf(r, eb, el, "ip -n %s link set %s up", r->ns[RIG_GW],
	    gwif) == -1 ||
	    ipf(r, eb, el, "ip -n %s route add default via %s1", r->ns[side],
	    net) == -1)
		return -1;
	return 0;
}

static int
offloads_off(struct rig *r, enum rig_nsid ns, const char *ifname, char *eb,
    size_t el)
{
	char *argv[] = { "ethtool", "-K", (char *)ifname, "tx", "off", "tso",
	    "off", "gso", "off", "gro", "off", NULL };

	if (rig_run(r, r->ns[ns], argv, eb, el) == -1) {
		if (access("/usr/sbin/ethtool", X_OK) != 0 &&
		    access("/sbin/ethtool", X_OK) != 0)
			snprintf(eb, el, "ethtool is needed to turn veth "
			    "offloads off: apt-get install ethtool");
		return -1;
	}
	return 0;
}

int
rig_up(struct rig *r, char *eb, size_t el)
{
	int i;

	if (write_state(r) == -1) {
		snprintf(eb, el, "%s: %s", RIG_STATEDIR, strerror(errno));
		return -1;
	}
	rig_register(r);
	r->up = 1;
	r->gw_routes = 1;
	for (i = 0; i < RIG_NNS; i++) {
		if (ipf(r, eb, el, "ip netns add %s", r->ns[i]) == -1 ||
		    ipf(r, eb, el, "ip -n %s link set lo up", r->ns[i]) == -1)
			goto fail;
		/* no ND/MLD noise flows */
		rig_sysctl(r->ns[i], "/proc/sys/net/ipv6/conf/all/disable_ipv6",
		    "1");
		rig_sysctl(r->ns[i],
		    "/proc/sys/net/ipv6/conf/default/disable_ipv6", "1");
	}
	if (gw_link(r, RIG_CLI, r->cli_if, r->gw_cli_if, RIG_NET_CLI, eb,
	    el) == -1 ||
	    gw_link(r, RIG_SRV, r->srv_if, r->gw_srv_if, RIG_NET_SRV, eb,
	    el) == -1 ||
	    gw_link(r, RIG_COL, r->col_if, r->gw_col_if, RIG_NET_COL, eb,
	    el) == -1)
		goto fail;
	if (offloads_off(r, RIG_CLI, r->cli_if, eb, el) == -1 ||
	    offloads_off(r, RIG_GW, r->gw_cli_if, eb, el) == -1 ||
	    offloads_off(r, RIG_SRV, r->srv_if, eb, el) == -1 ||
	    offloads_off(r, RIG_GW, r->gw_srv_if, eb, el) == -1 ||
	    offloads_off(r, RIG_COL, r->col_if, eb, el) == -1 ||
	    offloads_off(r, RIG_GW, r->gw_col_if, eb, el) == -1)
		goto fail;
	if (rig_sysctl(r->ns[RIG_GW], "/proc/sys/net/ipv4/ip_forward",
	    "1") == -1) {
		snprintf(eb, el, "cannot turn forwarding on in %s",
		    r->ns[RIG_GW]);
		goto fail;
	}
	return 0;
fail:
	rig_down(r);
	return -1;
}

void
rig_edge(const struct rig *r, int edge, const char **ns, const char **ifname)
{
	if (r->external) {
		*ns = r->ns[edge ? RIG_SRV : RIG_CLI];
		*ifname = edge ? r->srv_if : r->cli_if;
	} else {
		*ns = r->ns[RIG_GW];
		*ifname = edge ? r->gw_srv_if : r->gw_cli_if;
	}
}

/*
 * The box keeps ARP entries across runs: every run must show it the same
 * MAC on each link (those of gen's traffic.pcap for client and server).
 */
static const char *const ext_mac[3] = { "02:70:66:01:00:02",
    "02:70:66:02:00:02", "02:70:66:03:00:02" };

static int
ext_link(struct rig *r, enum rig_nsid ns, const char *parent,
    const char *ifs, const char *net, char *eb, size_t el)
{
	const char *mac = ext_mac[ns == RIG_CLI ? 0 : ns == RIG_SRV ? 1 : 2];
	int k, rc;

	/* a killed run's macvlan (same MAC) may still be going away: the
	   kernel frees a deleted namespace asynchronously */
	for (k = 0; k < 20; k++) {
		rc = ipf(r, eb, el, "ip link add %s address %s link %s netns "
		    "%s type macvlan mode bridge", ifs, mac, parent,
		    r->ns[ns]);
		if (rc == 0 || strstr(eb, "in use") == NULL)
			break;
		rig_pace_us(100000);
	}
	if (rc == -1 ||
	    ipf(r, eb, el, "ip -n %s addr add %s2/24 dev %s", r->ns[ns], net,
	    ifs) == -1 ||
	    ipf(r, eb, el, "ip -n %s link set %s up", r->ns[ns], ifs) == -1 ||
	    ipf(r, eb, el, "ip -n %s route add default via %s1", r->ns[ns],
	    net) == -1 ||
	    offloads_off(r, ns, ifs, eb, el) == -1)
		return -1;
	return 0;
}

int
rig_up_external(struct rig *r, const char *cli_if, const char *srv_if,
    const char *col_if, const struct addr *col_addr, char *eb, size_t el)
{
	const char *par[3] = { cli_if, srv_if, col_if };
	enum rig_nsid nss[3] = { RIG_CLI, RIG_SRV, RIG_COL };
	char as[ADDR_STRLEN];
	int i;

	for (i = 0; i < 3; i++) {
		char path[64];

		if (par[i] == NULL || strlen(par[i]) >= sizeof(r->ext_if[i]) ||
		    strchr(par[i], '/') != NULL) {
			snprintf(eb, el, "an external gateway needs its "
			    "client, server and collector side interfaces");
			return -1;
		}
		snprintf(path, sizeof(path), "/sys/class/net/%s", par[i]);
		if (access(path, F_OK) != 0) {
			snprintf(eb, el, "%s: no such interface", par[i]);
			return -1;
		}
		snprintf(r->ext_if[i], sizeof(r->ext_if[i]), "%s", par[i]);
	}
	if (write_state(r) == -1) {
		snprintf(eb, el, "%s: %s", RIG_STATEDIR, strerror(errno));
		return -1;
	}
	rig_register(r);
	r->up = 1;
	r->external = 1;
	r->gw_routes = 0;
	for (i = 0; i < 3; i++) {
		if (ipf(r, eb, el, "ip netns add %s", r->ns[nss[i]]) == -1 ||
		    ipf(r, eb, el, "ip -n %s link set lo up",
		    r->ns[nss[i]]) == -1)
			goto fail;
		rig_sysctl(r->ns[nss[i]],
		    "/proc/sys/net/ipv6/conf/all/disable_ipv6", "1");
		rig_sysctl(r->ns[nss[i]],
		    "/proc/sys/net/ipv6/conf/default/disable_ipv6", "1");
	}
	if (ext_link(r, RIG_CLI, cli_if, r->cli_if, RIG_NET_CLI, eb,
	    el) == -1 ||
	    ext_link(r, RIG_SRV, srv_if, r->srv_if, RIG_NET_SRV, eb,
	    el) == -1 ||
	    ext_link(r, RIG_COL, col_if, r->col_if, RIG_NET_COL, eb, el) == -1)
		goto fail;
	if (col_addr != NULL && col_addr->af != 0) {
		addr_fmt(col_addr, as, sizeof(as));
		if (col_addr->af != AF_INET || col_addr->a[0] != 198 ||
		    (col_addr->a[1] & 0xfe) != 18) {
			snprintf(eb, el, "%s: the collector address must be "
			    "IPv4 in 198.18.0.0/15", as);
			goto fail;
		}
		if (strncmp(as, RIG_NET_COL, strlen(RIG_NET_COL)) != 0 &&
		    ipf(r, eb, el, "ip -n %s addr add %s/32 dev %s",
		    r->ns[RIG_COL], as, r->col_if) == -1)
			goto fail;
		snprintf(r->col_addr, sizeof(r->col_addr), "%s", as);
	}
	return 0;
fail:
	rig_down(r);
	return -1;
}

/* Inode of a namespace file, 0 if none. */
static ino_t
ns_ino(const char *ns, dev_t *dev)
{
	char path[RIG_NSLEN + 16];
	struct stat st;

	rig_ns_path(ns, path, sizeof(path));
	if (stat(path, &st) == -1)
		return 0;
	*dev = st.st_dev;
	return st.st_ino;
}

static int
proc_has_marker(pid_t p, const char *prefix)
{
	char path[64], buf[8192], want[RIG_NSLEN + 16];
	size_t n, i, wl;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%ld/environ", (long)p);
	if ((f = fopen(path, "r")) == NULL)
		return 0;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	wl = (size_t)snprintf(want, sizeof(want), "PFLOWLAB_RIG=%s", prefix);
	for (i = 0; i + wl <= n; i += strlen(buf + i) + 1)
		if (strcmp(buf + i, want) == 0)
			return 1;
	return 0;
}

/*
 * Processes inside ns (like "ip netns pids").  Kills those carrying our
 * marker; returns the number of other processes found (0 = clean).
 */
static int
ns_kill(const char *ns, const char *prefix, FILE *log)
{
	char path[64];
	struct dirent *de;
	struct stat st;
	dev_t dev = 0;
	ino_t ino;
	pid_t p, killed[256];
	int nk = 0, foreign = 0, i, round;
	DIR *d;

	if ((ino = ns_ino(ns, &dev)) == 0)
		return 0;
	for (round = 0; round < 2; round++) {
		if ((d = opendir("/proc")) == NULL)
			return 0;
		while ((de = readdir(d)) != NULL) {
			if (!isdigit((unsigned char)de->d_name[0]))
				continue;
			p = (pid_t)atol(de->d_name);
			snprintf(path, sizeof(path), "/proc/%ld/ns/net",
			    (long)p);
			if (stat(path, &st) == -1 || st.st_ino != ino ||
			    st.st_dev != dev)
				continue;
			if (!proc_has_marker(p, prefix)) {
				if (round == 0 && log != NULL)
					fprintf(log, "rig: %s: process %ld "
					    "was not started by pflowlab; "
					    "left alone\n", ns, (long)p);
				foreign += round == 0;
				continue;
			}
			kill(p, round == 0 ? SIGTERM : SIGKILL);
			if (round == 0 && nk < 256)
				killed[nk++] = p;
		}
		closedir(d);
		if (round == 0 && nk > 0) {
			/* give them a moment to flush, then no mercy */
			int64_t end = clock_mono_us() + 500000;

			while (clock_mono_us() < end) {
				for (i = 0; i < nk; i++)
					if (kill(killed[i], 0) == 0)
						break;
				if (i == nk)
					break;
				rig_pace_us(5000);
			}
		}
	}
	return foreign;
}

static int
ns_delete(const char *ns)
{
	char path[RIG_NSLEN + 16];

	rig_ns_path(ns, path, sizeof(path));
	umount2(path, MNT_DETACH);
	if (unlink(path) == -1 && errno != ENOENT)
		return -1;
	return 0;
}

int
rig_down(struct rig *r)
{
	char path[RIG_NSLEN + 32], eb[RIG_ERRLEN];
	int i, rc = 0;

	if (r->external) {
		/* a namespace dies asynchronously; its macvlans must be gone
		   now, or the next run's (same MAC, same parent) clashes */
		for (i = 0; i < RIG_NNS; i++)
			if (i != RIG_GW)
				ipf(r, eb, sizeof(eb), "ip -n %s link del %s",
				    r->ns[i], i == RIG_CLI ? r->cli_if :
				    i == RIG_SRV ? r->srv_if : r->col_if);
	}
	for (i = 0; i < RIG_NALL; i++) {
		char ns[RIG_NSLEN];

		snprintf(ns, sizeof(ns), "%.20s-%s", r->prefix, ns_suffix[i]);
		ns_kill(ns, r->prefix, NULL);
		if (ns_delete(ns) == -1)
			rc = -1;
	}
	snprintf(path, sizeof(path), "%s/%s", RIG_STATEDIR, r->prefix);
	unlink(path);
	rig_unregister(r);
	r->up = 0;
	return rc;
}

int
rig_add_host(struct rig *r, int side, const struct addr *a, int local,
    char *eb, size_t el)
{
	char as[ADDR_STRLEN];
	enum rig_nsid ns = side ? RIG_SRV : RIG_CLI;
	const char *ifs = side ? r->srv_if : r->cli_if;
	const char *net = side ? RIG_NET_SRV : RIG_NET_CLI;

	addr_fmt(a, as, sizeof(as));
	if (a->af != AF_INET) {
		snprintf(eb, el, "%s: the live rig runs IPv4 only (IPv6 is "
		    "off in its namespaces)", as);
		return -1;
	}
	if (a->a[0] != 198 || (a->a[1] != 18 && a->a[1] != 19)) {
		snprintf(eb, el, "%s: the rig uses addresses from "
		    "198.18.0.0/15 only", as);
		return -1;
	}
	if ((local && ipf(r, eb, el, "ip -n %s addr add %s/32 dev %s",
	    r->ns[ns], as, ifs) == -1) ||
	    (r->gw_routes && ipf(r, eb, el, "ip -n %s route add %s/32 via %s2",
	    r->ns[RIG_GW], as, net) == -1))
		return -1;
	return 0;
}

int
rig_drop_flow(struct rig *r, int side, uint8_t proto, const struct addr *src,
    uint16_t sport, const struct addr *dst, uint16_t dport, char *eb,
    size_t el)
{
	char s[ADDR_STRLEN], d[ADDR_STRLEN], ports[80] = "";
	enum rig_nsid ns = side ? RIG_SRV : RIG_CLI;
	const char *ifs = side ? r->srv_if : r->cli_if;

	if (!r->clsact[side]) {
		if (ipf(r, eb, el, "tc -n %s qdisc add dev %s clsact",
		    r->ns[ns], ifs) == -1)
			return -1;
		r->clsact[side] = 1;
	}
	addr_fmt(src, s, sizeof(s));
	addr_fmt(dst, d, sizeof(d));
	if (proto == 6 || proto == 17)
		snprintf(ports, sizeof(ports), " match ip sport %u 0xffff "
		    "match ip dport %u 0xffff", sport, dport);
	return ipf(r, eb, el, "tc -n %s filter add dev %s ingress protocol ip "
	    "prio %u u32 match ip src %s/32 match ip dst %s/32 "
	    "match ip protocol %u 0xff%s action drop", r->ns[ns], ifs,
	    10 + r->drops++, s, d, proto, ports);
}

/* Namespace names "pflNNN-xxx" in /run/netns; calls fn for each prefix. */
static int
each_prefix(void (*fn)(const char *, void *), void *arg)
{
	char seen[128][RIG_NSLEN];
	struct dirent *de;
	int nseen = 0, i, n = 0;
	size_t pl = strlen(RIG_PREFIX);
	const char *dash;
	DIR *d;

	if ((d = opendir("/run/netns")) == NULL)
		return 0;
	while ((de = readdir(d)) != NULL) {
		if (strncmp(de->d_name, RIG_PREFIX, pl) != 0 ||
		    !isdigit((unsigned char)de->d_name[pl]) ||
		    (dash = strrchr(de->d_name, '-')) == NULL ||
		    (size_t)(dash - de->d_name) >= RIG_NSLEN)
			continue;
		for (i = 0; i < RIG_NALL; i++)
			if (strcmp(dash + 1, ns_suffix[i]) == 0)
				break;
		if (i == RIG_NALL)
			continue;
		for (i = 0; i < nseen; i++)
			if (strncmp(seen[i], de->d_name,
			    (size_t)(dash - de->d_name)) == 0 &&
			    seen[i][dash - de->d_name] == '\0')
				break;
		if (i < nseen || nseen == 128)
			continue;
		snprintf(seen[nseen], RIG_NSLEN, "%.*s",
		    (int)(dash - de->d_name), de->d_name);
		nseen++;
	}
	closedir(d);
	for (i = 0; i < nseen; i++, n++)
		fn(seen[i], arg);
	return n;
}

static void
status_one(const char *prefix, void *arg)
{
	FILE *out = arg;
	dev_t dev;
	int i;

	fprintf(out, "%s %s", prefix, owner_alive(prefix) ? "running" :
	    "stale");
	for (i = 0; i < RIG_NALL; i++) {
		char ns[RIG_NSLEN];

		snprintf(ns, sizeof(ns), "%.20s-%s", prefix, ns_suffix[i]);
		if (ns_ino(ns, &dev) != 0)
			fprintf(out, " %s", ns);
	}
	fputc('\n', out);
}

int
rig_status(FILE *out)
{
	return each_prefix(status_one, out);
}

struct cleanup_arg {
	const char	*prefix;
	int		 force;
	FILE		*log;
	int		 removed;
	int		 failed;
};

static void
cleanup_one(const char *prefix, void *arg)
{
	struct cleanup_arg *ca = arg;
	char ns[RIG_NSLEN], path[RIG_NSLEN + 32];
	int i, foreign = 0;

	if (ca->prefix != NULL && strcmp(ca->prefix, prefix) != 0)
		return;
	if (owner_alive(prefix) && !(ca->prefix != NULL && ca->force)) {
		if (ca->log != NULL && ca->prefix != NULL)
			fprintf(ca->log, "rig: %s is still in use by its "
			    "owner; not removed (use -f)\n", prefix);
		return;
	}
	for (i = 0; i < RIG_NALL; i++) {
		snprintf(ns, sizeof(ns), "%.20s-%s", prefix, ns_suffix[i]);
		foreign += ns_kill(ns, prefix, ca->log);
	}
	if (foreign > 0) {
		ca->failed++;
		return;
	}
	for (i = 0; i < RIG_NALL; i++) {
		snprintf(ns, sizeof(ns), "%.20s-%s", prefix, ns_suffix[i]);
		ns_delete(ns);
	}
	snprintf(path, sizeof(path), "%s/%s", RIG_STATEDIR, prefix);
	unlink(path);
	if (ca->log != NULL)
		fprintf(ca->log, "rig: removed %s\n", prefix);
	ca->removed++;
}

int
rig_cleanup(const char *prefix, int force, FILE *log)
{
	struct cleanup_arg ca = { prefix, force, log, 0, 0 };

	each_prefix(cleanup_one, &ca);
	return ca.failed > 0 ? -1 : ca.removed;
}
