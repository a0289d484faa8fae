/*
 * rig_sys.c: processes and namespaces for the rig: start a program inside
 * a namespace, remember every pid we started, stop them, enter a
 * namespace in this thread, and tear everything down on every exit path
 * (atexit and the signal handlers use only async-signal-safe calls: kill,
 * waitpid, nanosleep, umount2, unlink, _exit).  Threads the rig starts
 * block those signals (rig_block_signals), so the handler always runs on
 * the main thread, which then stops: nothing is started while it tears
 * down.
 */
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "clock.h"
#include "rig.h"

#define RIG_MAXRIGS	4

static volatile pid_t	pids[RIG_MAXPIDS];
static char		rig_paths[RIG_MAXRIGS][RIG_NNS][RIG_NSLEN + 16];
static char		rig_state[RIG_MAXRIGS][RIG_NSLEN + 32];
static volatile int	rig_used[RIG_MAXRIGS];
static int		handlers_installed;

void
rig_ns_path(const char *ns, char *buf, size_t len)
{
	snprintf(buf, len, "/run/netns/%s", ns);
}

static void
pid_add(pid_t p)
{
	int i;

	for (i = 0; i < RIG_MAXPIDS; i++)
		if (pids[i] == 0) {
			pids[i] = p;
			return;
		}
}

void
rig_track(pid_t p)
{
	pid_add(p);
}

void
rig_forget(pid_t p)
{
	int i;

	for (i = 0; i < RIG_MAXPIDS; i++)
		if (pids[i] == p)
			pids[i] = 0;
}

/* Async-signal-safe: kill what we started, remove registered rigs. */
static void
teardown_all(void)
{
	int i, j;

	for (i = 0; i < RIG_MAXPIDS; i++)
		if (pids[i] > 0)
			kill(pids[i], SIGKILL);
	/* reap them, but never hang here: at most about 2 s in all */
	for (i = 0; i < RIG_MAXPIDS; i++) {
		struct timespec ts = { 0, 10000000 };
		int k;

		for (k = 0; pids[i] > 0 && k < 200; k++) {
			if (waitpid(pids[i], NULL, WNOHANG) != 0)
				break;
			nanosleep(&ts, NULL);
		}
		pids[i] = 0;
	}
	for (i = 0; i < RIG_MAXRIGS; i++) {
		if (!rig_used[i])
			continue;
		for (j = 0; j < RIG_NNS; j++) {
			umount2(rig_paths[i][j], MNT_DETACH);
			unlink(rig_paths[i][j]);
		}
		unlink(rig_state[i]);
		rig_used[i] = 0;
	}
}

static void
on_signal(int sig)
{
	teardown_all();
	signal(sig, SIG_DFL);
	raise(sig);
	_exit(128 + sig);
}

static void
on_exit_hook(void)
{
	teardown_all();
}

/* Called by rig_up: remember the namespaces for every exit path. */
void	rig_register(const struct rig *);
void	rig_unregister(const struct rig *);

void
rig_register(const struct rig *r)
{
	struct sigaction sa;
	int i, j;

	if (!handlers_installed) {
		atexit(on_exit_hook);
		memset(&sa, 0, sizeof(sa));
		sa.sa_handler = on_signal;
		sigemptyset(&sa.sa_mask);
		sigaction(SIGINT, &sa, NULL);
		sigaction(SIGTERM, &sa, NULL);
		sigaction(SIGHUP, &sa, NULL);
		handlers_installed = 1;
	}
	for (i = 0; i < RIG_MAXRIGS; i++) {
		if (rig_used[i])
			continue;
		for (j = 0; j < RIG_NNS; j++)
			rig_ns_path(r->ns[j], rig_paths[i][j],
			    sizeof(rig_paths[i][j]));
		snprintf(rig_state[i], sizeof(rig_state[i]), "%s/%s",
		    RIG_STATEDIR, r->prefix);
		rig_used[i] = 1;
		return;
	}
}

void
rig_unregister(const struct rig *r)
{
	char p[RIG_NSLEN + 16];
	int i;

	rig_ns_path(r->ns[0], p, sizeof(p));
	for (i = 0; i < RIG_MAXRIGS; i++)
		if (rig_used[i] && strcmp(rig_paths[i][0], p) == 0)
			rig_used[i] = 0;
}

void
rig_block_signals(sigset_t *old)
{
	sigset_t s;

	sigemptyset(&s);
	sigaddset(&s, SIGINT);
	sigaddset(&s, SIGTERM);
	sigaddset(&s, SIGHUP);
	pthread_sigmask(SIG_BLOCK, &s, old);
}

void
rig_restore_signals(const sigset_t *old)
{
	pthread_sigmask(SIG_SETMASK, old, NULL);
}

int
rig_enter(const char *ns, int *saved)
{
	char path[RIG_NSLEN + 16];
	int fd;

	*saved = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
	if (*saved == -1)
		return -1;
	rig_ns_path(ns, path, sizeof(path));
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		goto fail;
	if (setns(fd, CLONE_NEWNET) == -1) {
		close(fd);
		goto fail;
	}
	close(fd);
	return 0;
fail:
	close(*saved);
	*saved = -1;
	return -1;
}

int
rig_leave(int saved)
{
	int rc;

	if (saved == -1)
		return 0;
	rc = setns(saved, CLONE_NEWNET);
	close(saved);
	return rc;
}

int
rig_sysctl(const char *ns, const char *path, const char *val)
{
	int saved, fd, rc = -1;
	size_t n = strlen(val);

	if (ns != NULL && rig_enter(ns, &saved) == -1)
		return -1;
	if ((fd = open(path, O_WRONLY | O_CLOEXEC)) != -1) {
		if (write(fd, val, n) == (ssize_t)n)
			rc = 0;
		close(fd);
	}
	if (ns != NULL)
		rig_leave(saved);
	return rc;
}

static void
child_redirect(const char *path, int fd)
{
	int f;

	f = open(path != NULL ? path : "/dev/null",
	    fd == 0 ? O_RDONLY : O_WRONLY | O_CREAT | O_APPEND, 0644);
	if (f != -1 && f != fd) {
		dup2(f, fd);
		close(f);
	}
}

pid_t
rig_spawn(const struct rig *r, const char *ns, char *const argv[],
    const char *out, const char *errf, char *const extra_env[])
{
	char path[RIG_NSLEN + 16];
	pid_t ppid = getpid(), p;
	int fd, i;

	fflush(stdout);
	fflush(stderr);
	if ((p = fork()) == -1)
		return -1;
	if (p > 0) {
		pid_add(p);
		return p;
	}
	/* child */
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() != ppid)
		_exit(127);
	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	signal(SIGHUP, SIG_DFL);
	setpgid(0, 0);		/* a terminal's ^C reaches us, not it */
	if (ns != NULL) {
		rig_ns_path(ns, path, sizeof(path));
		if ((fd = open(path, O_RDONLY)) == -1 ||
		    setns(fd, CLONE_NEWNET) == -1) {
			fprintf(stderr, "rig: cannot enter %s: %s\n", ns,
			    strerror(errno));
			_exit(127);
		}
		close(fd);
	}
	if (r != NULL)
		setenv("PFLOWLAB_RIG", r->prefix, 1);
	for (i = 0; extra_env != NULL && extra_env[i] != NULL; i++)
		putenv(extra_env[i]);
	child_redirect(NULL, 0);
	child_redirect(out, 1);
	child_redirect(errf != NULL ? errf : out, 2);
	if (strcmp(argv[0], RIG_SELF) == 0)
		execv("/proc/self/exe", argv);
	else
		execvp(argv[0], argv);
	fprintf(stderr, "rig: cannot run %s: %s\n", argv[0], strerror(errno));
	_exit(127);
}

int
rig_wait(pid_t p, int ms, int *st)
{
	int64_t end = clock_mono_us() + (int64_t)ms * 1000;
	pid_t w;
	int s;

	for (;;) {
		w = waitpid(p, &s, WNOHANG);
		if (w == p || (w == -1 && errno == ECHILD)) {
			rig_forget(p);
			if (st != NULL)
				*st = w == p ? s : 0;
			return 1;
		}
		if (clock_mono_us() >= end)
			return 0;
		rig_pace_us(2000);
	}
}

int
rig_stop(pid_t p, int ms)
{
	int st = 0;

	if (p <= 0)
		return 0;
	kill(p, SIGTERM);
	if (!rig_wait(p, ms, &st)) {
		kill(p, SIGKILL);
		rig_wait(p, 5000, &st);
	}
	return st;
}

int
rig_run(const struct rig *r, const char *ns, char *const argv[], char *errbuf,
    size_t errlen)
{
	char tmp[] = "/tmp/pflowlab-rig-XXXXXX";
	char line[200] = "";
	FILE *f;
	pid_t p;
	int st = 0, fd;

	if ((fd = mkstemp(tmp)) == -1) {
		snprintf(errbuf, errlen, "mkstemp: %s", strerror(errno));
		return -1;
	}
	close(fd);
	p = rig_spawn(r, ns, argv, tmp, NULL, NULL);
	if (p == -1) {
		snprintf(errbuf, errlen, "fork: %s", strerror(errno));
		unlink(tmp);
		return -1;
	}
	while (waitpid(p, &st, 0) == -1 && errno == EINTR)
		;
	rig_forget(p);
	if (WIFEXITED(st) && WEXITSTATUS(st) == 0) {
		unlink(tmp);
		return 0;
	}
	if ((f = fopen(tmp, "r")) != NULL) {
		if (fgets(line, sizeof(line), f) == NULL)
			line[0] = '\0';
		fclose(f);
	}
	line[strcspn(line, "\n")] = '\0';
	unlink(tmp);
	snprintf(errbuf, errlen, "%s%s%s: %s", argv[0],
	    argv[1] != NULL ? " " : "", argv[1] != NULL ? argv[1] : "",
	    line[0] ? line : "failed");
	return -1;
}

void
rig_pace_us(int64_t us)
{
	struct timespec ts;

	if (us <= 0)
		return;
	ts.tv_sec = us / 1000000;
	ts.tv_nsec = (us % 1000000) * 1000;
	while (nanosleep(&ts, &ts) == -1 && errno == EINTR)
		;
}
