/*
 * RTDS: real-time deferrable server per unit, global EDF inside the pool.
 *
 * Design (after Xen's rt.c): each unit has a budget and a period. Periods
 * are counted from the pool's epoch: in [epoch + k*period, epoch +
 * (k+1)*period) the unit may run for `budget`, with the end of the period
 * as its deadline. Runnable units with budget left are ordered by earliest
 * deadline (ties: shorter period, then lower id); every pCPU of the pool
 * runs the best one it may run. A unit whose budget is used waits for the
 * next period (replenishment), unless the pool is work-conserving, in
 * which case depleted units share otherwise idle time, below every unit
 * that still has budget.
 *
 * A yielding unit gives way once to the next unit in EDF order, if any.
 *
 * Every decision ends at the earliest of: the chosen unit's budget running
 * out, its period ending, or any depleted runnable unit of the pool being
 * replenished (it may then have the earliest deadline). An idle pool with
 * nothing to replenish sets no timer.
 *
 * Admission: a unit is refused when the pool's utilisation would exceed
 * the global-EDF bound of Goossens, Funk and Baruah for implicit deadlines,
 *     U <= m - (m - 1) * u_max      (m pCPUs; for m = 1: U <= 1, exact),
 * computed in parts per billion, each term rounded up (conservative). A
 * pool configured with allow_overload skips the check (soft real time).
 *
 * Locking: the pool lock, held by the framework around every hook.
 */
#include <lib/print.h>

#include "private.h"

#define PPB 1000000000ULL

static int rtds_pool_init(struct cpupool *p, const struct sched_pool_cfg *cfg,
                          struct sched_err *err)
{
	(void)err;
	p->priv.rtds.work_conserving = cfg->p.rtds.work_conserving;
	p->priv.rtds.allow_overload = cfg->p.rtds.allow_overload;
	p->priv.rtds.epoch = 0;
	return 0;
}

static uint64_t util_ppb(const struct sched_unit *u)
{
	const struct sched_rtds_unit_cfg *c = &u->cfg.p.rtds;

	unsigned __int128 scaled = (unsigned __int128)c->budget_ns * PPB + c->period_ns - 1U;

	return (uint64_t)(scaled / c->period_ns);
}

static int check_params(const struct sched_unit *u, struct sched_err *err)
{
	const struct sched_rtds_unit_cfg *c = &u->cfg.p.rtds;

	if (c->budget_ns == 0U || c->period_ns == 0U) {
		return sched_fail(err, "domain %u vCPU %u: RTDS budget and period must be > 0",
		                  u->cfg.domid, u->cfg.vcpu);
	}
	if (c->period_ns > SCHED_MAX_PARAM_NS) {
		return sched_fail(
		        err,
		        "domain %u vCPU %u: RTDS period %llu ns out of range (max %llu; negative?)",
		        u->cfg.domid, u->cfg.vcpu, (unsigned long long)c->period_ns,
		        SCHED_MAX_PARAM_NS);
	}
	if (c->budget_ns > c->period_ns) {
		return sched_fail(
		        err, "domain %u vCPU %u: RTDS budget %llu ns exceeds its period %llu ns",
		        u->cfg.domid, u->cfg.vcpu, (unsigned long long)c->budget_ns,
		        (unsigned long long)c->period_ns);
	}
	return 0;
}

/* [impl->dsn~sched-rtds-admission~1] [impl->dsn~sched-param-validation~1] */
static int check_utilisation(const struct cpupool *p, const struct sched_unit *u,
                             struct sched_err *err)
{
	uint64_t total = 0;
	uint64_t umax = 0;
	uint64_t bound;

	for (unsigned i = 0; i < p->nunits; i++) {
		uint64_t x = util_ppb(p->units[i]);

		total += x;
		umax = (x > umax) ? x : umax;
	}
	bound = p->ncpus * PPB - (p->ncpus - 1U) * umax;
	if (total > bound) {
		return sched_fail(
		        err,
		        "cpupool %u (rtds): adding domain %u vCPU %u brings utilisation to "
		        "%llu.%03llu, over the %llu.%03llu that global EDF guarantees on "
		        "%u pCPU(s) (U <= m - (m-1)*u_max)",
		        p->id, u->cfg.domid, u->cfg.vcpu, (unsigned long long)(total / PPB),
		        (unsigned long long)(total % PPB / 1000000U),
		        (unsigned long long)(bound / PPB),
		        (unsigned long long)(bound % PPB / 1000000U), p->ncpus);
	}
	return 0;
}

static int rtds_unit_add(struct cpupool *p, struct sched_unit *u, struct sched_err *err)
{
	int rc = check_params(u, err);

	if (rc == 0 && !p->priv.rtds.allow_overload) {
		rc = check_utilisation(p, u, err);
	}
	if (rc != 0) {
		return rc;
	}
	u->priv.rtds.cur_budget = u->cfg.p.rtds.budget_ns;
	u->priv.rtds.cur_deadline = p->priv.rtds.epoch + u->cfg.p.rtds.period_ns;
	return 0;
}

static void rtds_start(struct cpupool *p, uint64_t now)
{
	p->priv.rtds.epoch = now;
	for (unsigned i = 0; i < p->nunits; i++) {
		struct sched_unit *u = p->units[i];

		u->priv.rtds.cur_budget = u->cfg.p.rtds.budget_ns;
		u->priv.rtds.cur_deadline = now + u->cfg.p.rtds.period_ns;
	}
}

/* [impl->dsn~sched-rtds-replenish~1] */
static void replenish(struct sched_unit *u, uint64_t now, bool count_miss)
{
	struct rtds_unit *r = &u->priv.rtds;
	uint64_t period = u->cfg.p.rtds.period_ns;

	if (now < r->cur_deadline) {
		return;
	}
	if (count_miss && r->cur_budget > 0U) {
		r->misses++;
	}
	r->cur_deadline += ((now - r->cur_deadline) / period + 1U) * period;
	r->cur_budget = u->cfg.p.rtds.budget_ns;
}

/* a before b in EDF order; units with budget before depleted ones. */
static bool higher(const struct sched_unit *a, const struct sched_unit *b)
{
	bool a_has = a->priv.rtds.cur_budget > 0U;
	bool b_has = b->priv.rtds.cur_budget > 0U;

	if (a_has != b_has) {
		return a_has;
	}
	if (a->priv.rtds.cur_deadline != b->priv.rtds.cur_deadline) {
		return a->priv.rtds.cur_deadline < b->priv.rtds.cur_deadline;
	}
	if (a->cfg.p.rtds.period_ns != b->cfg.p.rtds.period_ns) {
		return a->cfg.p.rtds.period_ns < b->cfg.p.rtds.period_ns;
	}
	return a->id < b->id;
}

/* [impl->dsn~sched-rtds-work-conserving~1] */
static bool rtds_eligible(const struct cpupool *p, const struct sched_unit *u, unsigned pcpu)
{
	return sched_unit_can_run(u, pcpu) &&
	       (u->priv.rtds.cur_budget > 0U || p->priv.rtds.work_conserving);
}

/* Best unit for pcpu in EDF order; a yielding prev only if nothing else. */
static struct sched_unit *edf_pick(const struct cpupool *p, unsigned pcpu, struct sched_unit *prev)
{
	struct sched_unit *best = NULL;

	for (unsigned i = 0; i < p->nunits; i++) {
		struct sched_unit *u = p->units[i];

		if (!rtds_eligible(p, u, pcpu) || (u == prev && u->yield)) {
			continue;
		}
		if (best == NULL || higher(u, best)) {
			best = u;
		}
	}
	if (best == NULL && prev != NULL && prev->yield && rtds_eligible(p, prev, pcpu)) {
		best = prev;
	}
	return best;
}

/* Earliest replenishment of a runnable depleted unit, or NONE. */
static uint64_t next_replenish(const struct cpupool *p)
{
	uint64_t t = SCHED_TIME_NONE;

	for (unsigned i = 0; i < p->nunits; i++) {
		const struct sched_unit *u = p->units[i];

		if (u->state == SCHED_UNIT_RUNNABLE && u->priv.rtds.cur_budget == 0U) {
			t = sched_min_u64(t, u->priv.rtds.cur_deadline);
		}
	}
	return t;
}

/* [impl->dsn~sched-rtds-edf~1] */
static struct sched_decision rtds_pick_next(struct cpupool *p, unsigned pcpu,
                                            struct sched_unit *prev, uint64_t now)
{
	struct sched_decision d = {NULL, SCHED_TIME_NONE, 0};

	if (prev != NULL) {
		uint64_t ran = sched_ran_ns(prev, now);

		prev->priv.rtds.cur_budget -= sched_min_u64(ran, prev->priv.rtds.cur_budget);
	}
	for (unsigned i = 0; i < p->nunits; i++) {
		struct sched_unit *u = p->units[i];

		replenish(u, now, u->state == SCHED_UNIT_RUNNABLE);
	}
	d.unit = edf_pick(p, pcpu, prev);
	d.deadline = next_replenish(p);
	if (d.unit != NULL) {
		d.deadline = sched_min_u64(d.deadline, d.unit->priv.rtds.cur_deadline);
		if (d.unit->priv.rtds.cur_budget > 0U) {
			d.deadline = sched_min_u64(d.deadline, now + d.unit->priv.rtds.cur_budget);
		}
	}
	return d;
}

static sched_cpumask_t rtds_wake(struct cpupool *p, struct sched_unit *u, uint64_t now)
{
	sched_cpumask_t busy = 0;
	const struct sched_unit *victim = NULL;

	replenish(u, now, false);
	for (unsigned i = 0; i < p->nunits; i++) {
		const struct sched_unit *r = p->units[i];

		if (r->running_on == SCHED_CPU_NONE) {
			continue;
		}
		busy |= sched_cpu_bit(r->running_on);
		if ((u->affinity & sched_cpu_bit(r->running_on)) != 0U &&
		    (victim == NULL || higher(victim, r))) {
			victim = r;
		}
	}
	sched_cpumask_t idle = u->affinity & ~busy;

	if (idle != 0U) {
		return idle & (~idle + 1U);
	}
	if (victim != NULL && higher(u, victim)) {
		return sched_cpu_bit(victim->running_on);
	}
	return 0;
}

static void rtds_dump(const struct cpupool *p)
{
	printk("  rtds: work-conserving %s, epoch %llu\n",
	       p->priv.rtds.work_conserving ? "yes" : "no", (unsigned long long)p->priv.rtds.epoch);
	for (unsigned i = 0; i < p->nunits; i++) {
		const struct sched_unit *u = p->units[i];

		printk("  rtds: d%uv%u budget %llu period %llu left %llu deadline %llu misses "
		       "%llu\n",
		       u->cfg.domid, u->cfg.vcpu, (unsigned long long)u->cfg.p.rtds.budget_ns,
		       (unsigned long long)u->cfg.p.rtds.period_ns,
		       (unsigned long long)u->priv.rtds.cur_budget,
		       (unsigned long long)u->priv.rtds.cur_deadline,
		       (unsigned long long)u->priv.rtds.misses);
	}
}

const struct sched_ops sched_rtds_ops = {
        .name = "rtds",
        .pool_init = rtds_pool_init,
        .unit_add = rtds_unit_add,
        .start = rtds_start,
        .wake = rtds_wake,
        .pick_next = rtds_pick_next,
        .dump = rtds_dump,
};
