/*
 * Helpers shared by the scheduler tests: a configuration builder, a run
 * trace recorded through the simulator's hook, and the fixed PRNG seed.
 */
#ifndef TEST_SCHED_SIMTEST_H
#define TEST_SCHED_SIMTEST_H

#include <check.h>
#include <string.h>

#include <sched/sched.h>

#include "sim.h"

#define TEST_SEED 0x5eed1234abcdULL
#define MS 1000000ULL
#define US 1000ULL

struct run {
	unsigned pcpu;
	unsigned vcpu;
	uint64_t start;
	uint64_t end;
};

#define TRACE_MAX 400000U

struct trace {
	unsigned n;
	unsigned dropped;
	struct run r[TRACE_MAX];
};

static inline void trace_hook(void *ctx, unsigned pcpu, unsigned vcpu, uint64_t start, uint64_t end)
{
	struct trace *t = ctx;

	if (t->n < TRACE_MAX) {
		t->r[t->n++] = (struct run){pcpu, vcpu, start, end};
	} else {
		t->dropped++;
	}
}

static inline struct sched_pool_cfg *add_pool(struct sched_config *c, unsigned id,
                                              enum sched_policy pol, uint64_t cpus)
{
	struct sched_pool_cfg *p = &c->pools[c->npools++];

	memset(p, 0, sizeof(*p));
	p->id = id;
	p->policy = pol;
	p->cpus = cpus;
	return p;
}

static inline struct sched_unit_cfg *add_unit(struct sched_config *c, struct sim_load *loads,
                                              unsigned dom, unsigned pool, struct sim_load load)
{
	unsigned vcpu = 0;
	struct sched_unit_cfg *u = &c->units[c->nunits];

	for (unsigned i = 0; i < c->nunits; i++) {
		vcpu += c->units[i].domid == dom ? 1U : 0U;
	}
	memset(u, 0, sizeof(*u));
	u->domid = dom;
	u->vcpu = vcpu;
	u->pool = pool;
	loads[c->nunits++] = load;
	return u;
}

static inline struct sim_load cpu_load(void)
{
	return (struct sim_load){.kind = SIM_LOAD_CPU};
}

static inline struct sim_load periodic_load(uint64_t demand, uint64_t period)
{
	return (struct sim_load){
	        .kind = SIM_LOAD_PERIODIC, .demand_ns = demand, .period_ns = period};
}

static inline struct sim_load io_load(uint64_t demand, uint64_t sleep, uint64_t jitter)
{
	return (struct sim_load){
	        .kind = SIM_LOAD_IO, .demand_ns = demand, .sleep_ns = sleep, .jitter_ns = jitter};
}

/* sim_init that must succeed; shows the message when it does not. */
#define SIM_INIT_OK(sim, cfg, loads, ncpus)                                                        \
	do {                                                                                       \
		char m_[256] = "";                                                                 \
		struct sched_err e_ = {m_, sizeof(m_)};                                            \
		int rc_ = sim_init((sim), (cfg), (loads), (ncpus), TEST_SEED, &e_);                \
		ck_assert_msg(rc_ == 0, "sim_init: %d %s", rc_, m_);                               \
	} while (0)

#endif
