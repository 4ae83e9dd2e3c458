/*
 * Inside the scheduler framework: the ops table each policy provides and
 * small helpers shared by the policies. Not for the core (see sched.h).
 */
#ifndef SCHED_PRIVATE_H
#define SCHED_PRIVATE_H

/* Quoted and relative: the sched sources build without inc_sched. */
#include "include/sched/sched.h"

/*
 * One policy. Every hook runs with the pool's lock held. Optional hooks may
 * be NULL. The framework keeps unit->state, running_on and run_start; a
 * policy keeps only its private members.
 */
struct sched_ops {
	const char *name;
	/* Check the pool parameters and set up the private state. */
	int (*pool_init)(struct cpupool *p, const struct sched_pool_cfg *cfg,
	                 struct sched_err *err);
	/* Check the unit's parameters against the pool; u is already in p. */
	int (*unit_add)(struct cpupool *p, struct sched_unit *u, struct sched_err *err);
	/* Forget u (blocked or runnable, not running); optional. */
	void (*unit_remove)(struct cpupool *p, struct sched_unit *u);
	/* Checks that need every unit; optional. */
	int (*check)(const struct cpupool *p, struct sched_err *err);
	/* Time zero of periods and frames; optional. */
	void (*start)(struct cpupool *p, uint64_t now);
	/* u became runnable: which pCPUs must choose again. */
	sched_cpumask_t (*wake)(struct cpupool *p, struct sched_unit *u, uint64_t now);
	/* u blocked (state already changed); optional. */
	void (*sleep)(struct cpupool *p, struct sched_unit *u, uint64_t now);
	/*
	 * Charge prev (the unit that ran on pcpu since prev->run_start, may be
	 * NULL or blocked) and choose the next one and the next deadline.
	 */
	struct sched_decision (*pick_next)(struct cpupool *p, unsigned pcpu,
	                                   struct sched_unit *prev, uint64_t now);
	/* printk the pool's private state and its units'. */
	void (*dump)(const struct cpupool *p);
};

extern const struct sched_ops sched_null_ops;
extern const struct sched_ops sched_credit2_ops;
extern const struct sched_ops sched_rtds_ops;
extern const struct sched_ops sched_arinc653_ops;

/* Fill err with a formatted message. @return -SCHED_EINVAL */
int sched_fail(struct sched_err *err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static inline sched_cpumask_t sched_cpu_bit(unsigned pcpu)
{
	return (sched_cpumask_t)1U << pcpu;
}

static inline unsigned sched_mask_count(sched_cpumask_t m)
{
	return (unsigned)__builtin_popcountll(m);
}

/* u is runnable, allowed on pcpu, and running nowhere else. */
static inline bool sched_unit_can_run(const struct sched_unit *u, unsigned pcpu)
{
	return u->state == SCHED_UNIT_RUNNABLE && (u->affinity & sched_cpu_bit(pcpu)) != 0U &&
	       (u->running_on == SCHED_CPU_NONE || u->running_on == pcpu);
}

/* Time u has run since its last pick (0 if it is not running). */
static inline uint64_t sched_ran_ns(const struct sched_unit *u, uint64_t now)
{
	if (u == NULL || u->running_on == SCHED_CPU_NONE || now < u->run_start) {
		return 0;
	}
	return now - u->run_start;
}

static inline uint64_t sched_min_u64(uint64_t a, uint64_t b)
{
	return a < b ? a : b;
}

#endif
