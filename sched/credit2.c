/*
 * credit2-style general-purpose scheduler: weights, caps, fair share.
 *
 * Design (after Xen's credit2): every unit holds credit, in ns of run time
 * at the pool's top weight. Running burns credit at max_weight / weight
 * times the real time, so a unit of half the top weight burns twice as
 * fast. A pCPU runs the runnable unit with the most credit; when that unit
 * has no credit left, every unit of the pool gets CREDIT_INIT more (capped
 * at CREDIT_INIT, so sleeping does not bank credit without limit). Over
 * time CPU time is proportional to weight.
 *
 * A unit that mostly sleeps (I/O-bound) keeps its credit, so when it wakes
 * it has more than the running unit and preempts it at once, subject only
 * to the pool's ratelimit (a minimum run that bounds switch overhead).
 *
 * Caps: a capped unit may run cap% of every CAP_PERIOD; when its share is
 * used it is parked until the next period starts.
 *
 * Load balancing: the pool has one shared run queue (the units array);
 * every pCPU of the pool picks from it within hard affinity, so an idle
 * pCPU takes any waiting unit and the load spreads by construction. When a
 * pick preempts a unit that another pCPU could run and that pCPU is idle,
 * the decision tickles it.
 *
 * A decision lasts until the chosen unit's credit would fall to the next
 * candidate's (at least MIN_SLICE, at most the pool's slice), its cap share
 * ends, or, when idle with a parked unit, the next cap period.
 *
 * Locking: the pool lock, held by the framework around every hook.
 */
#include <lib/print.h>

#include "private.h"

#define CREDIT_INIT 10000000LL /* 10 ms */
#define MIN_SLICE_NS 500000ULL /* 500 us */

static int credit2_pool_init(struct cpupool *p, const struct sched_pool_cfg *cfg,
                             struct sched_err *err)
{
	struct credit2_pool *c = &p->priv.credit2;
	uint64_t slice = cfg->p.credit2.slice_ns;
	uint64_t limit = cfg->p.credit2.ratelimit_ns;

	c->slice_ns = (slice == 0U) ? SCHED_CREDIT2_DEFAULT_SLICE_NS : slice;
	c->ratelimit_ns = (limit == 0U) ? SCHED_CREDIT2_DEFAULT_RATELIMIT_NS : limit;
	if (c->slice_ns < MIN_SLICE_NS || c->slice_ns > SCHED_MAX_PARAM_NS) {
		return sched_fail(err, "cpupool %u (credit2): slice %llu ns outside [%llu, %llu]",
		                  p->id, (unsigned long long)slice, MIN_SLICE_NS,
		                  SCHED_MAX_PARAM_NS);
	}
	if (c->ratelimit_ns > c->slice_ns) {
		return sched_fail(
		        err,
		        "cpupool %u (credit2): ratelimit %llu ns longer than the slice %llu ns",
		        p->id, (unsigned long long)c->ratelimit_ns,
		        (unsigned long long)c->slice_ns);
	}
	c->max_weight = 0;
	c->resets = 0;
	return 0;
}

static void update_max_weight(struct cpupool *p)
{
	uint32_t max = 0;

	for (unsigned i = 0; i < p->nunits; i++) {
		uint32_t w = p->units[i]->cfg.p.credit2.weight;

		max = (w > max) ? w : max;
	}
	p->priv.credit2.max_weight = max;
}

/* [impl->dsn~sched-param-validation~1] */
static int credit2_unit_add(struct cpupool *p, struct sched_unit *u, struct sched_err *err)
{
	const struct sched_credit2_unit_cfg *cfg = &u->cfg.p.credit2;

	if (cfg->weight == 0U || cfg->weight > SCHED_CREDIT2_MAX_WEIGHT) {
		return sched_fail(err, "domain %u vCPU %u: credit2 weight %u outside [1, %u]",
		                  u->cfg.domid, u->cfg.vcpu, cfg->weight, SCHED_CREDIT2_MAX_WEIGHT);
	}
	if (cfg->cap > 100U) {
		return sched_fail(err,
		                  "domain %u vCPU %u: credit2 cap %u%% above 100%% of one pCPU",
		                  u->cfg.domid, u->cfg.vcpu, cfg->cap);
	}
	u->priv.credit2.credit = CREDIT_INIT;
	u->priv.credit2.cap_period = UINT64_MAX;
	update_max_weight(p);
	return 0;
}

static void credit2_unit_remove(struct cpupool *p, struct sched_unit *u)
{
	(void)u;
	update_max_weight(p);
}

static uint64_t cap_share(const struct sched_unit *u)
{
	return SCHED_CREDIT2_CAP_PERIOD_NS * u->cfg.p.credit2.cap / 100U;
}

/* Cap time u still has in the period containing now (UINT64_MAX: uncapped). */
/* [impl->dsn~sched-credit2-cap~1] */
static uint64_t cap_left(const struct sched_unit *u, uint64_t now)
{
	if (u->cfg.p.credit2.cap == 0U) {
		return UINT64_MAX;
	}
	if (u->priv.credit2.cap_period != now / SCHED_CREDIT2_CAP_PERIOD_NS) {
		return cap_share(u);
	}
	return u->priv.credit2.cap_left;
}

/* [impl->dsn~sched-credit2-fair-share~1] */
static void charge(const struct cpupool *p, struct sched_unit *u, uint64_t now)
{
	struct credit2_unit *c = &u->priv.credit2;
	uint64_t ran = sched_ran_ns(u, now);
	uint64_t period = now / SCHED_CREDIT2_CAP_PERIOD_NS;

	uint64_t burnt = ran * p->priv.credit2.max_weight / u->cfg.p.credit2.weight;

	c->credit -= (int64_t)burnt;
	if (u->cfg.p.credit2.cap == 0U) {
		return;
	}
	if (c->cap_period != period) {
		c->cap_period = period;
		c->cap_left = cap_share(u);
		ran = sched_min_u64(ran, now - period * SCHED_CREDIT2_CAP_PERIOD_NS);
	}
	c->cap_left -= sched_min_u64(ran, c->cap_left);
}

static bool credit2_eligible(const struct sched_unit *u, unsigned pcpu, uint64_t now)
{
	return sched_unit_can_run(u, pcpu) && cap_left(u, now) > 0U;
}

static bool better(const struct sched_unit *a, const struct sched_unit *b,
                   const struct sched_unit *prev)
{
	if (b == NULL || a->priv.credit2.credit > b->priv.credit2.credit) {
		return true;
	}
	return a->priv.credit2.credit == b->priv.credit2.credit && a == prev;
}

/* Best and second-best candidates for pcpu; a yielding prev only if alone. */
static void find_best(const struct cpupool *p, unsigned pcpu, struct sched_unit *prev, uint64_t now,
                      struct sched_unit **best, struct sched_unit **second)
{
	*best = NULL;
	*second = NULL;
	for (unsigned i = 0; i < p->nunits; i++) {
		struct sched_unit *u = p->units[i];

		if (!credit2_eligible(u, pcpu, now) || (u == prev && u->yield)) {
			continue;
		}
		if (better(u, *best, prev)) {
			*second = *best;
			*best = u;
		} else if (better(u, *second, prev)) {
			*second = u;
		} else {
			/* neither best nor second */
		}
	}
	if (*best == NULL && prev != NULL && prev->yield && credit2_eligible(prev, pcpu, now)) {
		*best = prev;
	}
}

static void reset_credit(struct cpupool *p)
{
	for (unsigned i = 0; i < p->nunits; i++) {
		struct credit2_unit *c = &p->units[i]->priv.credit2;

		c->credit += CREDIT_INIT;
		c->credit = (c->credit > CREDIT_INIT) ? CREDIT_INIT : c->credit;
	}
	p->priv.credit2.resets++;
}

/* Time until next's credit falls to the runner-up's, within the slice bounds. */
static uint64_t slice_for(const struct cpupool *p, const struct sched_unit *next,
                          const struct sched_unit *second, uint64_t now)
{
	uint64_t slice = p->priv.credit2.slice_ns;

	if (second != NULL) {
		int64_t gap = next->priv.credit2.credit - second->priv.credit2.credit;
		uint64_t t =
		        (uint64_t)gap * next->cfg.p.credit2.weight / p->priv.credit2.max_weight;

		slice = sched_min_u64(slice, t < MIN_SLICE_NS ? MIN_SLICE_NS : t);
	}
	return sched_min_u64(slice, cap_left(next, now));
}

/* When a parked (capped-out) runnable unit gets its share back, or NONE. */
static uint64_t next_unpark(const struct cpupool *p, uint64_t now)
{
	for (unsigned i = 0; i < p->nunits; i++) {
		const struct sched_unit *u = p->units[i];

		if (u->state == SCHED_UNIT_RUNNABLE && cap_left(u, now) == 0U) {
			return (now / SCHED_CREDIT2_CAP_PERIOD_NS + 1U) *
			       SCHED_CREDIT2_CAP_PERIOD_NS;
		}
	}
	return SCHED_TIME_NONE;
}

/* An idle pCPU of the pool where prev, preempted here, could run. */
/* [impl->dsn~sched-credit2-balance~1] */
static sched_cpumask_t idle_cpu_for(const struct cpupool *p, const struct sched_unit *prev,
                                    unsigned pcpu)
{
	sched_cpumask_t busy = sched_cpu_bit(pcpu);

	for (unsigned i = 0; i < p->nunits; i++) {
		if (p->units[i]->running_on != SCHED_CPU_NONE) {
			busy |= sched_cpu_bit(p->units[i]->running_on);
		}
	}
	sched_cpumask_t idle = prev->affinity & p->cpus & ~busy;

	return idle & (~idle + 1U); /* lowest one */
}

static bool ratelimited(const struct cpupool *p, const struct sched_unit *prev, unsigned pcpu,
                        uint64_t now)
{
	return prev != NULL && !prev->yield && credit2_eligible(prev, pcpu, now) &&
	       now - prev->priv.credit2.since < p->priv.credit2.ratelimit_ns;
}

static struct sched_decision credit2_pick_next(struct cpupool *p, unsigned pcpu,
                                               struct sched_unit *prev, uint64_t now)
{
	struct sched_decision d = {NULL, SCHED_TIME_NONE, 0};
	struct sched_unit *second;

	if (prev != NULL) {
		charge(p, prev, now);
	}
	if (ratelimited(p, prev, pcpu, now)) {
		d.unit = prev;
		d.deadline = prev->priv.credit2.since + p->priv.credit2.ratelimit_ns;
		d.deadline =
		        sched_min_u64(d.deadline, now + sched_min_u64(cap_left(prev, now),
		                                                      p->priv.credit2.slice_ns));
		return d;
	}
	find_best(p, pcpu, prev, now, &d.unit, &second);
	if (d.unit != NULL && d.unit->priv.credit2.credit <= 0) {
		reset_credit(p);
		find_best(p, pcpu, prev, now, &d.unit, &second);
	}
	if (d.unit == NULL) {
		d.deadline = next_unpark(p, now);
		return d;
	}
	if (d.unit != prev) {
		d.unit->priv.credit2.since = now;
		if (prev != NULL && credit2_eligible(prev, pcpu, now)) {
			d.tickle = idle_cpu_for(p, prev, pcpu);
		}
	}
	d.deadline = now + slice_for(p, d.unit, second, now);
	return d;
}

/* r's credit with its current run charged (wake decisions must not use a stale value). */
static int64_t credit_now(const struct cpupool *p, const struct sched_unit *r, uint64_t now)
{
	uint64_t burnt =
	        sched_ran_ns(r, now) * p->priv.credit2.max_weight / r->cfg.p.credit2.weight;

	return r->priv.credit2.credit - (int64_t)burnt;
}

/* [impl->dsn~sched-credit2-wake-latency~1] */
static sched_cpumask_t credit2_wake(struct cpupool *p, struct sched_unit *u, uint64_t now)
{
	sched_cpumask_t busy = 0;
	const struct sched_unit *victim = NULL;

	for (unsigned i = 0; i < p->nunits; i++) {
		const struct sched_unit *r = p->units[i];

		if (r->running_on == SCHED_CPU_NONE) {
			continue;
		}
		busy |= sched_cpu_bit(r->running_on);
		if ((u->affinity & sched_cpu_bit(r->running_on)) != 0U &&
		    (victim == NULL || credit_now(p, r, now) < credit_now(p, victim, now))) {
			victim = r;
		}
	}
	sched_cpumask_t idle = u->affinity & ~busy;

	if (idle != 0U) {
		return idle & (~idle + 1U);
	}
	if (victim != NULL && u->priv.credit2.credit > credit_now(p, victim, now)) {
		return sched_cpu_bit(victim->running_on);
	}
	return 0;
}

static void credit2_dump(const struct cpupool *p)
{
	const struct credit2_pool *c = &p->priv.credit2;

	printk("  credit2: slice %llu ns, ratelimit %llu ns, max weight %u, %llu resets\n",
	       (unsigned long long)c->slice_ns, (unsigned long long)c->ratelimit_ns, c->max_weight,
	       (unsigned long long)c->resets);
	for (unsigned i = 0; i < p->nunits; i++) {
		const struct sched_unit *u = p->units[i];

		printk("  credit2: d%uv%u weight %u cap %u credit %lld\n", u->cfg.domid,
		       u->cfg.vcpu, u->cfg.p.credit2.weight, u->cfg.p.credit2.cap,
		       (long long)u->priv.credit2.credit);
	}
}

const struct sched_ops sched_credit2_ops = {
        .name = "credit2",
        .pool_init = credit2_pool_init,
        .unit_add = credit2_unit_add,
        .unit_remove = credit2_unit_remove,
        .wake = credit2_wake,
        .pick_next = credit2_pick_next,
        .dump = credit2_dump,
};
