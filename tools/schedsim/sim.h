/*
 * Scheduler simulation engine: runs the real sched/ framework and policies
 * on simulated time against a synthetic workload. Used by the schedsim
 * tool, the sched_bench benchmark and the Check tests.
 */
#ifndef SCHEDSIM_SIM_H
#define SCHEDSIM_SIM_H

#include <stdint.h>
#include <stdio.h>

#include <sched/sched.h>

#define SIM_NONE UINT64_MAX

enum sim_load_kind {
	SIM_LOAD_IDLE = 0, /* never runnable */
	SIM_LOAD_CPU,      /* always runnable */
	SIM_LOAD_PERIODIC, /* a job of demand_ns every period_ns, deadline = next release */
	SIM_LOAD_IO,       /* bursts of demand_ns, each followed by a sleep */
};

struct sim_load {
	enum sim_load_kind kind;
	uint64_t demand_ns; /* PERIODIC: per job; IO: per burst */
	uint64_t period_ns; /* PERIODIC: release interval (and relative deadline) */
	uint64_t offset_ns; /* first release (PERIODIC, IO) */
	uint64_t sleep_ns;  /* IO: sleep after a burst ... */
	uint64_t jitter_ns; /* IO: ... plus a random [0, jitter) */
};

struct sim_vcpu_stats {
	uint64_t cpu_ns;     /* time it ran */
	uint64_t wakeups;    /* times it became runnable */
	uint64_t lat_sum_ns; /* wake-up to first run, summed */
	uint64_t lat_max_ns;
	uint64_t jobs;       /* PERIODIC jobs released */
	uint64_t misses;     /* PERIODIC jobs not finished by their deadline */
	uint64_t migrations; /* runs that started on another pCPU than the last */
};

struct sim_vcpu {
	unsigned unit; /* sched unit id */
	struct sim_load load;
	int blocked;
	uint64_t remaining;    /* demand left (SIM_NONE: endless) */
	uint64_t next_release; /* SIM_NONE: none scheduled */
	uint64_t woke_at;      /* SIM_NONE: not waiting to run */
	unsigned last_pcpu;    /* SCHED_CPU_NONE: never ran */
	struct sim_vcpu_stats st;
};

/* Called for every interval a vCPU ran without a break on one pCPU. */
typedef void (*sim_run_hook)(void *ctx, unsigned pcpu, unsigned vcpu, uint64_t start, uint64_t end);

struct sim {
	struct sched sched;
	unsigned ncpus;
	unsigned nvcpus;
	struct sim_vcpu v[SCHED_MAX_UNITS]; /* in the order of the config's units */
	int cpu_vcpu[SCHED_MAX_CPUS];       /* vCPU running, -1: idle */
	uint64_t cpu_since[SCHED_MAX_CPUS]; /* start of that run */
	uint64_t cpu_deadline[SCHED_MAX_CPUS];
	uint64_t now;
	uint64_t picks;          /* sched_pick_next() calls */
	uint64_t picks_at_start; /* of which at time zero */
	uint64_t cpu_picks[SCHED_MAX_CPUS];
	uint64_t rng;
	uint64_t timer_late_ns; /* timers fire up to this late (uniform); 0: exact */
	sim_run_hook hook;
	void *hook_ctx;
};

/*
 * Build the scheduler from cfg (validated: err gets the message) and the
 * workload (loads[i] for cfg->units[i]) on ncpus simulated pCPUs.
 * @return 0 or a negative error.
 */
int sim_init(struct sim *sim, const struct sched_config *cfg, const struct sim_load *loads,
             unsigned ncpus, uint64_t seed, struct sched_err *err);

/* Start at time 0 and simulate until `until` ns. */
void sim_run(struct sim *sim, uint64_t until);

/* Print the per-vCPU and per-pCPU report. */
void sim_print(const struct sim *sim, FILE *out);

/* xorshift64*: the PRNG of the simulator and the tests (state != 0). */
uint64_t sim_rand(uint64_t *state);

/* Uniform in [lo, hi]. */
uint64_t sim_rand_range(uint64_t *state, uint64_t lo, uint64_t hi);

#endif
