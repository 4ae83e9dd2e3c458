/*
 * schedsim: run a cpupool configuration against a workload on simulated
 * time and print per-vCPU CPU time, wake-up latency and deadline misses.
 *
 *     schedsim [--dump] <workload file>
 *
 * Exit status: 0 ran, 1 the file is malformed, 2 the scheduling parameters
 * are rejected (the same checks the hypervisor applies at boot), 3 usage.
 */
#include <stdio.h>
#include <string.h>

#include "host_shim.h"

#include "workload.h"

static struct sim_workload workload;
static struct sim sim;

int main(int argc, char **argv)
{
	char msg[512] = "";
	struct sched_err err = {msg, sizeof(msg)};
	int dump = argc == 3 && strcmp(argv[1], "--dump") == 0;
	const char *path = argv[argc - 1];
	FILE *f;

	if (argc != 2 + dump) {
		fprintf(stderr, "usage: schedsim [--dump] <workload file>\n");
		return 3;
	}
	f = strcmp(path, "-") == 0 ? stdin : fopen(path, "r");
	if (f == NULL) {
		perror(path);
		return 1;
	}
	if (workload_parse(f, path, &workload, msg, sizeof(msg)) != 0) {
		fprintf(stderr, "schedsim: %s\n", msg);
		return 1;
	}
	if (sim_init(&sim, &workload.cfg, workload.loads, workload.ncpus, workload.seed, &err) !=
	    0) {
		fprintf(stderr, "schedsim: %s: rejected: %s\n", path, msg);
		return 2;
	}
	sim.timer_late_ns = workload.timer_late_ns;
	sim_run(&sim, workload.duration_ns);
	sim_print(&sim, stdout);
	if (dump) {
		char out[65536];

		sched_dump(&sim.sched);
		(void)schedsim_console_take(out, sizeof(out));
		fputs(out, stdout);
	}
	return 0;
}
