/*
 * run_main.c: pflowlab run: for each scenario, gen -> gateway -> collect
 * -> verify, in parallel worker processes, with the artifacts of each in
 * OUT/<scenario>/, then the reports of the whole run in OUT/ and a
 * summary table.  Each stage is this same program run as a child
 * (/proc/self/exe gen ..., sim ..., collect ..., verify ...), so every
 * stage is exactly the command a user can rerun by hand on the kept
 * artifacts; the stage's output goes to OUT/<scenario>/<stage>.log.
 */
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>

#include <dirent.h>
#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
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

static void
usage(void)
{
	fprintf(stderr, "usage: pflowlab run [-q] [-j N] [-o OUT] [--gateway "
	    "sim|netns|external]\n\t[--profile P] [--shard I/N] [--snaplen N] "
	    "[--cpu-limit S] "
	    "SCENARIO.scn "
	    "| DIR | INDEX ...\n"
	    "       pflowlab run --gateway external --client-if IF "
	    "--server-if IF\n\t[--collector-if IF] --collector ADDR:PORT "
	    "SCENARIO.scn | DIR | INDEX ...\n");
}

static int
add_scn(struct run_list *l, const char *path)
{
	char **n;

	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 64;
		n = realloc(l->path, l->cap * sizeof(*n));
		if (n == NULL)
			return -1;
		l->path = n;
	}
	if ((l->path[l->n] = strdup(path)) == NULL)
		return -1;
	l->n++;
	return 0;
}

static int
cmpstr(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int
ends_with(const char *s, const char *suf)
{
	size_t a = strlen(s), b = strlen(suf);

	return a >= b && strcmp(s + a - b, suf) == 0;
}

/*
 * An INDEX file: one scenario file per line, relative to the INDEX's
 * folder; '#' starts a comment; words after the file name are ignored.
 */
static int
read_index(struct run_list *l, const char *path, char *errbuf, size_t len)
{
	FILE *f;
	char line[2048], dir[PATH_MAX], full[PATH_MAX + 2048], *p, *e;
	const char *slash = strrchr(path, '/');
	unsigned int ln = 0;
	struct stat st;

	if (slash != NULL)
		snprintf(dir, sizeof(dir), "%.*s", (int)(slash - path), path);
	else
		snprintf(dir, sizeof(dir), ".");
	if ((f = fopen(path, "r")) == NULL) {
		snprintf(errbuf, len, "%s: %s", path, strerror(errno));
		return -1;
	}
	while (fgets(line, sizeof(line), f) != NULL) {
		ln++;
		if ((p = strchr(line, '#')) != NULL)
			*p = '\0';
		p = line + strspn(line, " \t\r\n");
		if (*p == '\0')
			continue;
		e = p + strcspn(p, " \t\r\n");
		*e = '\0';
		snprintf(full, sizeof(full), "%s/%s", dir, p);
		if (stat(full, &st) == -1) {
			snprintf(errbuf, len, "%s:%u: %s: %s", path, ln, p,
			    strerror(errno));
			fclose(f);
			return -1;
		}
		if (add_scn(l, full) == -1) {
			fclose(f);
			snprintf(errbuf, len, "out of memory");
			return -1;
		}
	}
	fclose(f);
	return 0;
}

int
run_collect_list(struct run_list *l, const char *arg, char *errbuf,
    size_t len)
{
	struct stat st;
	DIR *d;
	struct dirent *de;
	size_t first = l->n;
	char full[PATH_MAX + 256];

	if (stat(arg, &st) == -1) {
		snprintf(errbuf, len, "%s: %s", arg, strerror(errno));
		return -1;
	}
	if (S_ISDIR(st.st_mode)) {
		snprintf(full, sizeof(full), "%s/INDEX", arg);
		if (stat(full, &st) == 0)
			return read_index(l, full, errbuf, len);
		if ((d = opendir(arg)) == NULL) {
			snprintf(errbuf, len, "%s: %s", arg, strerror(errno));
			return -1;
		}
		while ((de = readdir(d)) != NULL) {
			if (!ends_with(de->d_name, ".scn"))
				continue;
			snprintf(full, sizeof(full), "%s/%s", arg, de->d_name);
			if (add_scn(l, full) == -1) {
				closedir(d);
				return -1;
			}
		}
		closedir(d);
		qsort(l->path + first, l->n - first, sizeof(char *), cmpstr);
		return 0;
	}
	if (ends_with(arg, ".scn"))
		return add_scn(l, arg);
	return read_index(l, arg, errbuf, len);
}

void
run_list_free(struct run_list *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		free(l->path[i]);
	free(l->path);
	memset(l, 0, sizeof(*l));
}

/* ------------------------------------------------------------------ */

struct job {
	pid_t		 pid;
	size_t		 idx;
	int64_t		 t0;
};

static void
progress(const struct run_opts *o, size_t done, size_t total, int np,
    int nf, int ne, const struct job *jobs, int nj, char **names)
{
	char line[256];
	size_t l;
	int i, first = 1;

	if (o->quiet || !isatty(STDERR_FILENO))
		return;
	snprintf(line, sizeof(line), "[%zu/%zu] %d passed, %d failed, "
	    "%d errors", done, total, np, nf, ne);
	for (i = 0; i < nj; i++) {
		if (jobs[i].pid <= 0)
			continue;
		l = strlen(line);
		snprintf(line + l, sizeof(line) - l, "%s%s", first ?
		    "  running: " : " ", names[jobs[i].idx]);
		first = 0;
	}
	/* one terminal line, or the carriage return cannot redraw it */
	if (strlen(line) > 79)
		memcpy(line + 76, "...", 4);
	fprintf(stderr, "\r\033[K%s", line);
	fflush(stderr);
}

static int
shard_parse(const char *s, int *i, int *n)
{
	char *e;
	long a, b;

	a = strtol(s, &e, 10);
	if (*e != '/')
		return -1;
	b = strtol(e + 1, &e, 10);
	if (*e != '\0' || b < 1 || a < 1 || a > b)
		return -1;
	*i = (int)a;
	*n = (int)b;
	return 0;
}

int
run_main(int argc, char **argv)
{
	static const struct option lopts[] = {
		{ "jobs", required_argument, NULL, 'j' },
		{ "output", required_argument, NULL, 'o' },
		{ "gateway", required_argument, NULL, 'g' },
		{ "shard", required_argument, NULL, 'S' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "snaplen", required_argument, NULL, 's' },
		{ "profile", required_argument, NULL, 'p' },
		{ "cpu-limit", required_argument, NULL, 'C' },
		{ "help", no_argument, NULL, 'h' },
		{ "client-if", required_argument, NULL, 1 },
		{ "server-if", required_argument, NULL, 2 },
		{ "collector-if", required_argument, NULL, 3 },
		{ "collector", required_argument, NULL, 4 },
		{ NULL, 0, NULL, 0 }
	};
	struct run_opts o;
	struct run_list all = { NULL, 0, 0 }, l = { NULL, 0, 0 };
	struct job *jobs;
	char errbuf[1024], shard[32], **names;
	size_t i, next = 0, done = 0;
	int c, rc, np = 0, nf = 0, ne = 0, nj, k;
	int64_t t0;
	json_t *rep;

	memset(&o, 0, sizeof(o));
	o.out = "out";
	o.gateway = "sim";
	o.jobs = (int)sysconf(_SC_NPROCESSORS_ONLN);
	if (o.jobs < 1)
		o.jobs = 1;
	o.shard_i = o.shard_n = 1;
	/* the simulator reads only the headers: keep traffic.pcap small */
	o.snaplen = 128;
	/* a stuck stage fails its scenario instead of hanging the run */
	o.cpu_limit = 600;
	optind = 1;
	while ((c = getopt_long(argc, argv, "j:o:qh", lopts, NULL)) != -1) {
		switch (c) {
		case 'j':
			o.jobs = atoi(optarg);
			if (o.jobs < 1 || o.jobs > 256) {
				warnx("-j: 1..256");
				return EXIT_HARNESS;
			}
			break;
		case 'o':
			o.out = optarg;
			break;
		case 'g':
			o.gateway = optarg;
			break;
		case 'S':
			if (shard_parse(optarg, &o.shard_i, &o.shard_n) == -1) {
				warnx("--shard I/N with 1 <= I <= N");
				return EXIT_HARNESS;
			}
			break;
		case 'q':
			o.quiet = 1;
			break;
		case 'C':
			o.cpu_limit = (unsigned int)strtoul(optarg, NULL, 10);
			break;
		case 'p':
			if (profile_get(optarg) == NULL ||
			    profile_get(optarg)->kind != PROFILE_PFLOW) {
				warnx("--profile: openbsd-7.8 or openbsd-current");
				return EXIT_HARNESS;
			}
			o.profile = optarg;
			break;
		case 's':
			o.snaplen = (unsigned int)strtoul(optarg, NULL, 10);
			if (o.snaplen != 0 && (o.snaplen < 54 ||
			    o.snaplen > 262144)) {
				warnx("--snaplen: 0 (whole frames) or 54..262144");
				return EXIT_HARNESS;
			}
			break;
		case 1:
		case 2:
		case 3:
			o.ext_if[c - 1] = optarg;
			break;
		case 4:
			o.ext_collector = optarg;
			break;
		case 'h':
			usage();
			return EXIT_PASS;
		default:
			usage();
			return EXIT_HARNESS;
		}
	}
	if (optind == argc) {
		usage();
		return EXIT_HARNESS;
	}
	if (strcmp(o.gateway, "sim") != 0 && strcmp(o.gateway, "netns") != 0 &&
	    strcmp(o.gateway, "external") != 0) {
		warnx("--gateway: sim, netns or external");
		return EXIT_HARNESS;
	}
	if (strcmp(o.gateway, "external") == 0) {
		if (o.ext_if[0] == NULL || o.ext_if[1] == NULL ||
		    o.ext_collector == NULL) {
			warnx("--gateway external needs --client-if IF "
			    "--server-if IF --collector ADDR:PORT");
			return EXIT_HARNESS;
		}
		o.jobs = 1;	/* one box: one scenario at a time */
	}
	for (k = optind; k < argc; k++)
		if (run_collect_list(&all, argv[k], errbuf,
		    sizeof(errbuf)) == -1) {
			warnx("%s", errbuf);
			run_list_free(&all);
			return EXIT_HARNESS;
		}
	/* --shard I/N: every N-th scenario, starting with the I-th */
	for (i = 0; i < all.n; i++)
		if ((int)(i % (size_t)o.shard_n) == o.shard_i - 1 &&
		    add_scn(&l, all.path[i]) == -1)
			err(EXIT_HARNESS, NULL);
	run_list_free(&all);
	if (mkdir(o.out, 0777) == -1 && errno != EEXIST) {
		warn("%s", o.out);
		run_list_free(&l);
		return EXIT_HARNESS;
	}
	snprintf(shard, sizeof(shard), "%d/%d", o.shard_i, o.shard_n);
	rep = report_new(o.gateway, shard);
	names = calloc(l.n + 1, sizeof(*names));
	jobs = calloc((size_t)o.jobs, sizeof(*jobs));
	if (names == NULL || jobs == NULL)
		err(EXIT_HARNESS, NULL);
	for (i = 0; i < l.n; i++) {
		char nm[256];

		scn_name(l.path[i], nm, sizeof(nm));
		if ((names[i] = strdup(nm)) == NULL)
			err(EXIT_HARNESS, NULL);
	}
	fflush(stdout);
	fflush(stderr);
	t0 = clock_mono_us();
	nj = o.jobs;
	while (done < l.n) {
		/* start what fits */
		for (k = 0; k < nj && next < l.n; k++) {
			pid_t pid;

			if (jobs[k].pid > 0)
				continue;
			pid = fork();
			if (pid == -1)
				err(EXIT_HARNESS, "fork");
			if (pid == 0)
				_exit(run_scenario(&o, l.path[next],
				    names[next]));
			jobs[k].pid = pid;
			jobs[k].idx = next++;
			jobs[k].t0 = clock_mono_us();
		}
		progress(&o, done, l.n, np, nf, ne, jobs, nj, names);
		/* wait for one */
		{
			int status;
			pid_t pid = wait(&status);
			json_t *s;
			const char *st;

			if (pid == -1) {
				if (errno == EINTR)
					continue;
				err(EXIT_HARNESS, "wait");
			}
			for (k = 0; k < nj; k++)
				if (jobs[k].pid == pid)
					break;
			if (k == nj)
				continue;
			s = run_entry(&o, l.path[jobs[k].idx],
			    names[jobs[k].idx], status,
			    (clock_mono_us() - jobs[k].t0) / 1e6);
			st = rj_str(s, "status", "error");
			if (strcmp(st, "pass") == 0)
				np++;
			else if (strcmp(st, "fail") == 0)
				nf++;
			else if (strcmp(st, "skip") != 0)
				ne++;
			report_add(rep, s);
			jobs[k].pid = 0;
			done++;
		}
	}
	progress(&o, done, l.n, np, nf, ne, jobs, 0, names);
	if (!o.quiet && isatty(STDERR_FILENO))
		fputc('\n', stderr);
	/* the report lists scenarios in suite order */
	run_sort_entries(rep, names, l.n);
	report_summarize(rep, (clock_mono_us() - t0) / 1e6);
	rc = EXIT_PASS;
	if (report_write_all(rep, o.out, errbuf, sizeof(errbuf)) != 0) {
		warnx("%s", errbuf);
		rc = EXIT_HARNESS;
	}
	report_table(rep, stdout);
	if (!o.quiet)
		printf("reports: %s/report.html report.json junit.xml "
		    "report.tap report.md\n", o.out);
	{
		json_t *sum = json_object_get(rep, "summary");

		if (rc == EXIT_PASS) {
			if (rj_int(sum, "errors", 0) > 0)
				rc = EXIT_HARNESS;
			else if (rj_int(sum, "failed", 0) > 0)
				rc = EXIT_FAIL;
			else if (rj_int(sum, "skipped", 0) ==
			    rj_int(sum, "scenarios", 0))
				rc = EXIT_SKIP;
		}
	}
	json_decref(rep);
	for (i = 0; i < l.n; i++)
		free(names[i]);
	free(names);
	free(jobs);
	run_list_free(&l);
	return rc;
}
