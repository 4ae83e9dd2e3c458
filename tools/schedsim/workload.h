/*
 * schedsim workload files: pools, ARINC 653 windows, vCPUs with their
 * scheduling parameters and load, and the run length. Format in
 * docs/scheduling.md; examples in tools/schedsim/examples/.
 */
#ifndef SCHEDSIM_WORKLOAD_H
#define SCHEDSIM_WORKLOAD_H

#include <stddef.h>
#include <stdio.h>

#include "sim.h"

struct sim_workload {
	struct sched_config cfg;
	struct sim_load loads[SCHED_MAX_UNITS]; /* loads[i] for cfg.units[i] */
	unsigned ncpus;                         /* 0: highest pool pCPU + 1 */
	uint64_t duration_ns;
	uint64_t seed;
	uint64_t timer_late_ns; /* run timer_late=: timer interrupt latency bound */
};

/*
 * Parse a workload from f (name is used in messages).
 * @return 0, or -1 with "name:line: what" in msg.
 */
int workload_parse(FILE *f, const char *name, struct sim_workload *w, char *msg, size_t size);

/* Parse "10ms", "250us", "1s", "42ns" into ns. @return 0 or -1. */
int workload_parse_time(const char *s, uint64_t *ns);

/* Parse a pCPU list "0-3,6" into a mask. @return 0 or -1. */
int workload_parse_cpus(const char *s, uint64_t *mask);

#endif
