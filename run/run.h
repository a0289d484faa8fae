/*
 * run.h: pflowlab run's parts: the scenario list (run_main.c), one
 * scenario through every stage in a worker process (run_scenario.c).
 */
#ifndef PFL_RUN_H
#define PFL_RUN_H

#include <stddef.h>

#include <jansson.h>

struct run_opts {
	const char	*out;		/* output folder */
	const char	*gateway;	/* sim, netns, external */
	int		 jobs;
	int		 shard_i;	/* 1-based */
	int		 shard_n;
	int		 quiet;
	unsigned int	 snaplen;	/* gen -s: 0 whole frames */
	const char	*profile;	/* every scenario under this profile */
	unsigned int	 cpu_limit;	/* CPU seconds a stage may use, 0 none */
	/* --gateway external: the box's links (pflowlab-rig(1)) */
	const char	*ext_if[3];	/* client, server, collector side */
	const char	*ext_collector;	/* ADDR:PORT the box exports to */
};

struct run_list {
	char		**path;
	size_t		 n;
	size_t		 cap;
};

/* Add the scenarios of a .scn file, a folder or an INDEX file. */
int	run_collect_list(struct run_list *, const char *, char *, size_t);
void	run_list_free(struct run_list *);
/*
 * In a worker: every stage of one scenario into OUT/name/, and
 * OUT/name/run.json.  Returns the exit status (0 pass, 1 fail,
 * 2 error, 77 skipped).
 */
int	run_scenario(const struct run_opts *, const char *path,
	    const char *name);
/* In the parent: the report entry of a finished worker. */
json_t	*run_entry(const struct run_opts *, const char *path,
	    const char *name, int wstatus, double seconds);
/* Put the report's scenarios in suite order. */
void	run_sort_entries(json_t *report, char **names, size_t n);

#endif /* PFL_RUN_H */
