/*
 * Scheduler simulation engine (see sim.h).
 *
 * Design: a discrete-event loop on simulated time. The events are the
 * pCPUs' scheduler deadlines, workload releases (a periodic job, the end of
 * an I/O sleep) and the completion of a running vCPU's demand. At each
 * event time the engine charges the running vCPUs, then blocks the vCPUs
 * whose demand is done (sched_sleep), wakes the released ones
 * (sched_wake), and calls sched_pick_next() on every pCPU whose deadline
 * has come or that a sleep, wake or decision asked to reschedule. The
 * scheduler is invoked at no other time, so the pick count is exactly the
 * number of scheduler invocations a real pCPU would make. Timers can be
 * made to fire late by a random amount (timer_late_ns) to model interrupt
 * latency; wakes and reschedule requests are always immediate.
 */
#include <stdlib.h>
#include <string.h>

#include "sim.h"

uint64_t sim_rand(uint64_t *state)
{
	uint64_t x = *state;

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	*state = x;
	return x * 2685821657736338717ULL;
}

uint64_t sim_rand_range(uint64_t *state, uint64_t lo, uint64_t hi)
{
	return lo + sim_rand(state) % (hi - lo + 1U);
}

static void init_vcpu(struct sim_vcpu *v, unsigned unit, const struct sim_load *load)
{
	memset(v, 0, sizeof(*v));
	v->unit = unit;
	v->load = *load;
	v->blocked = 1;
	v->woke_at = SIM_NONE;
	v->last_pcpu = SCHED_CPU_NONE;
	v->next_release = SIM_NONE;
	if (load->kind == SIM_LOAD_CPU) {
		v->next_release = 0;
	} else if (load->kind == SIM_LOAD_PERIODIC || load->kind == SIM_LOAD_IO) {
		v->next_release = load->offset_ns;
	}
}

int sim_init(struct sim *sim, const struct sched_config *cfg, const struct sim_load *loads,
             unsigned ncpus, uint64_t seed, struct sched_err *err)
{
	int rc;

	memset(sim, 0, sizeof(*sim));
	rc = sched_setup(&sim->sched, cfg, err);
	if (rc != 0) {
		return rc;
	}
	sim->ncpus = ncpus > SCHED_MAX_CPUS ? SCHED_MAX_CPUS : ncpus;
	sim->nvcpus = cfg->nunits;
	sim->rng = seed == 0U ? 1U : seed;
	for (unsigned i = 0; i < cfg->nunits; i++) {
		const struct sched_unit *u =
		        sched_unit_find(&sim->sched, cfg->units[i].domid, cfg->units[i].vcpu);

		init_vcpu(&sim->v[i], u->id, &loads[i]);
	}
	for (unsigned c = 0; c < SCHED_MAX_CPUS; c++) {
		sim->cpu_vcpu[c] = -1;
		sim->cpu_deadline[c] = SIM_NONE;
	}
	return 0;
}

static int vcpu_of_unit(const struct sim *sim, const struct sched_unit *u)
{
	for (unsigned i = 0; i < sim->nvcpus; i++) {
		if (sim->v[i].unit == u->id) {
			return (int)i;
		}
	}
	return -1;
}

static void end_run(struct sim *sim, unsigned pcpu)
{
	int vi = sim->cpu_vcpu[pcpu];

	if (vi >= 0 && sim->hook != NULL && sim->now > sim->cpu_since[pcpu]) {
		sim->hook(sim->hook_ctx, pcpu, (unsigned)vi, sim->cpu_since[pcpu], sim->now);
	}
}

static void begin_run(struct sim *sim, unsigned pcpu, int vi)
{
	struct sim_vcpu *v = &sim->v[vi];

	if (v->woke_at != SIM_NONE) {
		uint64_t lat = sim->now - v->woke_at;

		v->st.lat_sum_ns += lat;
		v->st.lat_max_ns = lat > v->st.lat_max_ns ? lat : v->st.lat_max_ns;
		v->woke_at = SIM_NONE;
	}
	if (v->last_pcpu != SCHED_CPU_NONE && v->last_pcpu != pcpu) {
		v->st.migrations++;
	}
	v->last_pcpu = pcpu;
	sim->cpu_since[pcpu] = sim->now;
}

static sched_cpumask_t pick(struct sim *sim, unsigned pcpu)
{
	struct sched_decision d = sched_pick_next(&sim->sched, pcpu, sim->now);
	int vi = d.unit == NULL ? -1 : vcpu_of_unit(sim, d.unit);

	sim->picks++;
	sim->cpu_picks[pcpu]++;
	if (sim->now == 0U) {
		sim->picks_at_start++;
	}
	if (vi != sim->cpu_vcpu[pcpu]) {
		end_run(sim, pcpu);
		if (vi >= 0) {
			begin_run(sim, pcpu, vi);
		}
		sim->cpu_vcpu[pcpu] = vi;
	}
	sim->cpu_deadline[pcpu] = d.deadline;
	if (d.deadline != SIM_NONE && sim->timer_late_ns > 0U) {
		sim->cpu_deadline[pcpu] += sim_rand(&sim->rng) % (sim->timer_late_ns + 1U);
	}
	return d.tickle;
}

static void reschedule(struct sim *sim, sched_cpumask_t mask)
{
	unsigned rounds = 0;

	while (mask != 0U) {
		unsigned c = (unsigned)__builtin_ctzll(mask);

		mask &= mask - 1U;
		if (c < sim->ncpus) {
			mask |= pick(sim, c);
		}
		if (++rounds > 64U * SCHED_MAX_CPUS) {
			fprintf(stderr, "schedsim: reschedule storm at %llu ns\n",
			        (unsigned long long)sim->now);
			abort();
		}
	}
}

static uint64_t next_event(const struct sim *sim, uint64_t until)
{
	uint64_t t = until;

	for (unsigned c = 0; c < sim->ncpus; c++) {
		int vi = sim->cpu_vcpu[c];

		t = sim->cpu_deadline[c] < t ? sim->cpu_deadline[c] : t;
		if (vi >= 0 && sim->v[vi].remaining != SIM_NONE &&
		    sim->now + sim->v[vi].remaining < t) {
			t = sim->now + sim->v[vi].remaining;
		}
	}
	for (unsigned i = 0; i < sim->nvcpus; i++) {
		t = sim->v[i].next_release < t ? sim->v[i].next_release : t;
	}
	return t;
}

static void advance(struct sim *sim, uint64_t t)
{
	uint64_t dt = t - sim->now;

	for (unsigned c = 0; c < sim->ncpus; c++) {
		struct sim_vcpu *v;

		if (sim->cpu_vcpu[c] < 0) {
			continue;
		}
		v = &sim->v[sim->cpu_vcpu[c]];
		v->st.cpu_ns += dt;
		if (v->remaining != SIM_NONE) {
			v->remaining -= dt;
		}
	}
	sim->now = t;
}

/* Running vCPUs whose demand is done block. */
static sched_cpumask_t complete(struct sim *sim)
{
	sched_cpumask_t mask = 0;

	for (unsigned c = 0; c < sim->ncpus; c++) {
		struct sim_vcpu *v;

		if (sim->cpu_vcpu[c] < 0) {
			continue;
		}
		v = &sim->v[sim->cpu_vcpu[c]];
		if (v->remaining != 0U || v->blocked) {
			continue;
		}
		v->blocked = 1;
		if (v->load.kind == SIM_LOAD_IO) {
			uint64_t j = v->load.jitter_ns;

			v->next_release = sim->now + v->load.sleep_ns +
			                  (j == 0U ? 0U : sim_rand(&sim->rng) % j);
		}
		mask |= sched_sleep(&sim->sched, v->unit, sim->now);
	}
	return mask;
}

static void release(struct sim_vcpu *v)
{
	switch (v->load.kind) {
	case SIM_LOAD_CPU:
		v->remaining = SIM_NONE;
		v->next_release = SIM_NONE;
		break;
	case SIM_LOAD_PERIODIC:
		if (v->remaining > 0U) {
			v->st.misses++;
		}
		v->st.jobs++;
		v->remaining += v->load.demand_ns;
		v->next_release += v->load.period_ns;
		break;
	default:
		v->remaining = v->load.demand_ns;
		v->next_release = SIM_NONE;
		break;
	}
}

static sched_cpumask_t releases(struct sim *sim)
{
	sched_cpumask_t mask = 0;

	for (unsigned i = 0; i < sim->nvcpus; i++) {
		struct sim_vcpu *v = &sim->v[i];

		if (v->next_release > sim->now) {
			continue;
		}
		release(v);
		if (v->blocked && v->remaining > 0U) {
			v->blocked = 0;
			v->woke_at = sim->now;
			v->st.wakeups++;
			mask |= sched_wake(&sim->sched, v->unit, sim->now);
		}
	}
	return mask;
}

static sched_cpumask_t due(const struct sim *sim)
{
	sched_cpumask_t mask = 0;

	for (unsigned c = 0; c < sim->ncpus; c++) {
		if (sim->cpu_deadline[c] <= sim->now) {
			mask |= (sched_cpumask_t)1U << c;
		}
	}
	return mask;
}

/* [impl->dsn~sched-simulator~1] */
void sim_run(struct sim *sim, uint64_t until)
{
	sched_cpumask_t all = ((sched_cpumask_t)1U << sim->ncpus) - 1U;

	sched_start(&sim->sched, 0);
	sim->now = 0;
	(void)releases(sim);
	reschedule(sim, all);
	while (sim->now < until) {
		sched_cpumask_t mask;

		advance(sim, next_event(sim, until));
		if (sim->now >= until) {
			break;
		}
		mask = complete(sim);
		mask |= releases(sim);
		reschedule(sim, mask | due(sim));
	}
	for (unsigned c = 0; c < sim->ncpus; c++) {
		end_run(sim, c);
	}
}

static void print_vcpu(const struct sim *sim, unsigned i, FILE *out)
{
	const struct sim_vcpu *v = &sim->v[i];
	const struct sched_unit *u = &sim->sched.units[v->unit];
	const struct sim_vcpu_stats *s = &v->st;
	double total = sim->now > 0U ? (double)sim->now : 1.0;

	fprintf(out, "%4u %4u %4u %-9s %12.3f %7.2f %8llu %10.1f %10.1f %8llu %7llu %6llu\n",
	        u->pool->id, u->cfg.domid, u->cfg.vcpu, sched_policy_name(u->pool->policy),
	        (double)s->cpu_ns / 1e6, 100.0 * (double)s->cpu_ns / total,
	        (unsigned long long)s->wakeups,
	        s->wakeups ? (double)s->lat_sum_ns / (double)s->wakeups / 1e3 : 0.0,
	        (double)s->lat_max_ns / 1e3, (unsigned long long)s->jobs,
	        (unsigned long long)s->misses, (unsigned long long)s->migrations);
}

void sim_print(const struct sim *sim, FILE *out)
{
	fprintf(out,
	        "simulated %.3f ms on %u pCPUs, %llu scheduler invocations "
	        "(%llu at start)\n",
	        (double)sim->now / 1e6, sim->ncpus, (unsigned long long)sim->picks,
	        (unsigned long long)sim->picks_at_start);
	fprintf(out, "pool  dom vcpu %-9s %12s %7s %8s %10s %10s %8s %7s %6s\n", "policy", "cpu_ms",
	        "cpu_%", "wakeups", "lat_avg_us", "lat_max_us", "jobs", "misses", "migr");
	for (unsigned i = 0; i < sim->nvcpus; i++) {
		print_vcpu(sim, i, out);
	}
	for (unsigned c = 0; c < sim->ncpus; c++) {
		const struct cpupool *p = sim->sched.cpu_pool[c];

		fprintf(out, "pCPU %u: pool %d, %llu invocations\n", c, p == NULL ? -1 : (int)p->id,
		        (unsigned long long)sim->cpu_picks[c]);
	}
}
