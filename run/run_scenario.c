/*
 * run_scenario.c: one scenario through gen -> gateway -> collect ->
 * verify, each stage this same program run as a child with its output in
 * OUT/name/<stage>.log; and the report entry the parent makes of it.
 */
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "clock.h"
#include "cmds.h"
#include "profile.h"
#include "report.h"
#include "run.h"
#include "scn.h"

#define MAXARGS	24

static const char *const artifacts[] = {
	"traffic.pcap", "ledger.jsonl", "export.pcap", "records.jsonl",
	"findings.jsonl", "verdict.json", "run.json", "gen.log", "sim.log",
	"collect.log", "verify.log", NULL
};

/*
 * Run "self argv..." with stdout and stderr into log; its exit status,
 * 128 + signal if it was killed.  A stage that spins (a bug in the thing
 * under test must not hang the whole suite) meets its CPU limit.
 */
static int
stage(const char *log, char *const argv[], unsigned int cpu_limit)
{
	pid_t pid;
	int status, fd;

	fflush(stdout);
	fflush(stderr);
	if ((pid = fork()) == -1)
		return -1;
	if (pid == 0) {
		fd = open(log, O_WRONLY | O_CREAT | O_TRUNC, 0666);
		if (fd != -1) {
			dup2(fd, STDOUT_FILENO);
			dup2(fd, STDERR_FILENO);
			close(fd);
		}
		fd = open("/dev/null", O_RDONLY);
		if (fd != -1) {
			dup2(fd, STDIN_FILENO);
			close(fd);
		}
		if (cpu_limit > 0) {
			struct rlimit rl;

			rl.rlim_cur = cpu_limit;
			rl.rlim_max = (rlim_t)cpu_limit + 5;
			(void)setrlimit(RLIMIT_CPU, &rl);
		}
		execv("/proc/self/exe", argv);
		fprintf(stderr, "exec /proc/self/exe: %s\n", strerror(errno));
		_exit(EXIT_HARNESS);
	}
	while (waitpid(pid, &status, 0) == -1)
		if (errno != EINTR)
			return -1;
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	return 128 + (WIFSIGNALED(status) ? WTERMSIG(status) : 0);
}

/* The last non-empty line of a log, for the reason. */
static void
last_line(const char *path, char *buf, size_t len)
{
	FILE *f = fopen(path, "r");
	char line[512];

	buf[0] = '\0';
	if (f == NULL)
		return;
	while (fgets(line, sizeof(line), f) != NULL) {
		line[strcspn(line, "\r\n")] = '\0';
		if (line[0] != '\0')
			snprintf(buf, len, "%.300s", line);
	}
	fclose(f);
}

static void
write_run_json(const char *dir, json_t *stages, const char *status,
    const char *reason)
{
	char path[PATH_MAX];
	json_t *o = json_object();

	json_object_set(o, "stages", stages);
	json_object_set_new(o, "status", json_string(status));
	json_object_set_new(o, "reason", json_string(reason));
	snprintf(path, sizeof(path), "%s/run.json", dir);
	json_dump_file(o, path, JSON_INDENT(1) | JSON_PRESERVE_ORDER);
	json_decref(o);
}

int
run_scenario(const struct run_opts *o, const char *path, const char *name)
{
	char dir[PATH_MAX], f[8][PATH_MAX + 32], log[PATH_MAX + 32];
	char reason[600], errbuf[1024], last[400], snap[16];
	const char *profile = NULL;
	struct scenario scn;
	json_t *stages = json_array();
	int i, rc = EXIT_PASS, netns, ext;
	const char *stn[4] = { "gen", "sim", "collect", "verify" };

	snprintf(dir, sizeof(dir), "%s/%s", o->out, name);
	if (mkdir(dir, 0777) == -1 && errno != EEXIST) {
		fprintf(stderr, "%s: %s\n", dir, strerror(errno));
		return EXIT_HARNESS;
	}
	for (i = 0; artifacts[i] != NULL; i++) {
		snprintf(log, sizeof(log), "%s/%s", dir, artifacts[i]);
		unlink(log);
	}
	netns = strcmp(o->gateway, "netns") == 0;
	ext = strcmp(o->gateway, "external") == 0;
	if (strcmp(o->gateway, "sim") != 0 && !netns && !ext) {
		snprintf(reason, sizeof(reason), "gateway '%s': unknown",
		    o->gateway);
		write_run_json(dir, stages, "skip", reason);
		json_decref(stages);
		return EXIT_SKIP;
	}
	memset(&scn, 0, sizeof(scn));
	if (scn_parse_file(path, &scn, errbuf, sizeof(errbuf)) == -1) {
		errbuf[strcspn(errbuf, "\n")] = '\0';
		snprintf(reason, sizeof(reason), "scenario: %.500s", errbuf);
		write_run_json(dir, stages, "error", reason);
		json_decref(stages);
		return EXIT_HARNESS;
	}
	if (scn.gw.profile != NULL)
		profile = scn.gw.profile->name;
	if (o->profile != NULL)
		profile = o->profile;	/* run --profile */
	if (netns)
		profile = "softflowd";	/* the exporter under test */
	snprintf(f[0], sizeof(f[0]), "%s/traffic.pcap", dir);
	snprintf(f[1], sizeof(f[1]), "%s/ledger.jsonl", dir);
	snprintf(f[2], sizeof(f[2]), "%s/export.pcap", dir);
	snprintf(f[3], sizeof(f[3]), "%s/records.jsonl", dir);
	snprintf(f[4], sizeof(f[4]), "%s/findings.jsonl", dir);
	snprintf(f[5], sizeof(f[5]), "%s/verdict.json", dir);
	for (i = 0; i < 4; i++) {
		char *av[MAXARGS];
		int n = 0, x;
		int64_t t0 = clock_mono_us();
		json_t *sj;

		av[n++] = "pflowlab";
		switch (i) {
		case 0:
			av[n++] = "gen";
			if (o->snaplen > 0) {
				snprintf(snap, sizeof(snap), "%u", o->snaplen);
				av[n++] = "-s";
				av[n++] = snap;
			}
			av[n++] = (char *)path;
			av[n++] = "-o";
			av[n++] = dir;
			break;
		case 1:
			if (netns) {
				/* the live rig: real sockets, softflowd,
				   live collection, truth from the capture
				   (rig/rig_live.h); verify judges */
				stn[1] = "rig";
				av[n++] = "rig";
				av[n++] = "run";
				av[n++] = "-q";
				av[n++] = "-V";
				/* idle timeouts above the suite's idle
				   periods: verify expects no splits */
				av[n++] = "-I";
				av[n++] = "4";
				av[n++] = "-e";
				av[n++] = scn.gw.npflow > 0 &&
				    scn.gw.pflow[0].proto == 5 ?
				    "softflowd-v5" : "softflowd-ipfix";
				av[n++] = "-o";
				av[n++] = dir;
				av[n++] = (char *)path;
				break;
			}
			if (ext) {
				/* a real box between host interfaces: the
				   rig plays the traffic, captures its
				   edges and collects what it exports */
				stn[1] = "rig";
				av[n++] = "rig";
				av[n++] = "run";
				av[n++] = "-q";
				av[n++] = "-V";
				av[n++] = "--client-if";
				av[n++] = (char *)o->ext_if[0];
				av[n++] = "--server-if";
				av[n++] = (char *)o->ext_if[1];
				if (o->ext_if[2] != NULL) {
					av[n++] = "--collector-if";
					av[n++] = (char *)o->ext_if[2];
				}
				av[n++] = "--collector";
				av[n++] = (char *)o->ext_collector;
				av[n++] = "-o";
				av[n++] = dir;
				av[n++] = (char *)path;
				break;
			}
			av[n++] = "sim";
			if (o->profile != NULL) {
				av[n++] = "-p";
				av[n++] = (char *)o->profile;
			}
			av[n++] = "-r";
			av[n++] = f[0];
			av[n++] = "-s";
			av[n++] = (char *)path;
			av[n++] = "-w";
			av[n++] = f[2];
			break;
		case 2:
			av[n++] = "collect";
			av[n++] = "-q";
			av[n++] = "--any-port";
			if (profile != NULL) {
				av[n++] = "--profile";
				av[n++] = (char *)profile;
			}
			av[n++] = "-r";
			av[n++] = f[2];
			av[n++] = "-w";
			av[n++] = f[3];
			av[n++] = "-f";
			av[n++] = f[4];
			break;
		case 3:
			av[n++] = "verify";
			if (netns) {
				av[n++] = "--profile";
				av[n++] = "softflowd";
			} else if (o->profile != NULL) {
				av[n++] = "--profile";
				av[n++] = (char *)o->profile;
			}
			av[n++] = "--ledger";
			av[n++] = f[1];
			av[n++] = "--records";
			av[n++] = f[3];
			av[n++] = "--findings";
			av[n++] = f[4];
			av[n++] = "--scenario";
			av[n++] = (char *)path;
			av[n++] = "-o";
			av[n++] = f[5];
			break;
		}
		av[n] = NULL;
		snprintf(log, sizeof(log), "%s/%s.log", dir, stn[i]);
		x = stage(log, av, o->cpu_limit);
		sj = json_object();
		json_object_set_new(sj, "stage", json_string(stn[i]));
		json_object_set_new(sj, "exit", json_integer(x));
		json_object_set_new(sj, "seconds",
		    json_real((clock_mono_us() - t0) / 1e6));
		json_array_append_new(stages, sj);
		if (x == EXIT_SKIP) {
			last_line(log, last, sizeof(last));
			snprintf(reason, sizeof(reason), "%s skipped: %s",
			    stn[i], last);
			rc = EXIT_SKIP;
			break;
		}
		/* collect exits 1 when it made error findings: go on */
		if (i == 2 && x == EXIT_FAIL)
			continue;
		if (i == 3 && (x == EXIT_PASS || x == EXIT_FAIL)) {
			rc = x;
			reason[0] = '\0';
			break;
		}
		if (x == 128 + SIGXCPU || (x == 128 + SIGKILL &&
		    o->cpu_limit > 0)) {
			snprintf(reason, sizeof(reason), "%s used up its CPU "
			    "limit of %u s (stuck?)", stn[i], o->cpu_limit);
			rc = EXIT_HARNESS;
			break;
		}
		if (x != EXIT_PASS) {
			last_line(log, last, sizeof(last));
			snprintf(reason, sizeof(reason), "%s failed (exit %d)"
			    ": %s", stn[i], x, last);
			rc = EXIT_HARNESS;
			break;
		}
	}
	write_run_json(dir, stages, rc == EXIT_PASS ? "pass" :
	    rc == EXIT_FAIL ? "fail" : rc == EXIT_SKIP ? "skip" : "error",
	    rc == EXIT_PASS || rc == EXIT_FAIL ? "" : reason);
	json_decref(stages);
	scn_free(&scn);
	return rc;
}

struct why {
	char	buf[300];
	int	n;
};

static void
why_fn(void *arg, const char *name, int o, const char *msg,
    const char *detail)
{
	struct why *w = arg;
	size_t l = strlen(w->buf);

	if (o != RO_FAIL || strcmp(name, "verdict") == 0)
		return;
	if (w->n++ < 4)
		snprintf(w->buf + l, sizeof(w->buf) - l, "%s%s", l ? ", " : "",
		    name);
	else if (w->n == 5)
		snprintf(w->buf + l, sizeof(w->buf) - l, ", ...");
}

json_t *
run_entry(const struct run_opts *o, const char *path, const char *name,
    int wstatus, double seconds)
{
	char dir[PATH_MAX], p[PATH_MAX + 32];
	json_t *s = json_object(), *rj, *v = NULL;
	const char *status = "error", *reason = "";
	char rbuf[400];

	snprintf(dir, sizeof(dir), "%s/%s", o->out, name);
	snprintf(p, sizeof(p), "%s/run.json", dir);
	rj = json_load_file(p, 0, NULL);
	if (rj != NULL) {
		status = rj_str(rj, "status", "error");
		reason = rj_str(rj, "reason", "");
	} else if (WIFSIGNALED(wstatus)) {
		snprintf(rbuf, sizeof(rbuf), "worker killed by signal %d",
		    WTERMSIG(wstatus));
		reason = rbuf;
	} else
		reason = "worker wrote no run.json";
	if (strcmp(status, "pass") == 0 || strcmp(status, "fail") == 0) {
		snprintf(p, sizeof(p), "%s/verdict.json", dir);
		if ((v = json_load_file(p, 0, NULL)) == NULL) {
			status = "error";
			reason = "verify wrote no readable verdict.json";
		}
	}
	json_object_set_new(s, "name", json_string(name));
	json_object_set_new(s, "file", json_string(path));
	json_object_set_new(s, "title", json_string(v != NULL ?
	    rj_str(v, "title", "") : ""));
	json_object_set_new(s, "status", json_string(status));
	json_object_set_new(s, "seconds", json_real(seconds));
	json_object_set_new(s, "dir", json_string(dir));
	json_object_set(s, "stages", rj != NULL &&
	    json_object_get(rj, "stages") != NULL ?
	    json_object_get(rj, "stages") : json_array());
	if (v != NULL) {
		json_object_set_new(s, "verdict", v);
		if (strcmp(status, "fail") == 0) {
			struct why w;

			memset(&w, 0, sizeof(w));
			report_cases(s, why_fn, &w);
			json_object_set_new(s, "reason", json_string(w.buf));
		} else
			json_object_set_new(s, "reason", json_string(""));
	} else {
		json_object_set_new(s, "verdict", json_null());
		json_object_set_new(s, "reason", json_string(reason));
	}
	json_decref(rj);
	return s;
}

void
run_sort_entries(json_t *rep, char **names, size_t n)
{
	json_t *a = json_object_get(rep, "scenarios"), *b = json_array(), *s;
	size_t i, j;

	for (i = 0; i < n; i++)
		json_array_foreach(a, j, s)
			if (strcmp(rj_str(s, "name", ""), names[i]) == 0) {
				json_array_append(b, s);
				break;
			}
	json_object_set_new(rep, "scenarios", b);
}
