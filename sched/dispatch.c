/*
 * Run-time entry points: wake, sleep, yield, pick_next, dump.
 *
 * Design: the framework keeps what every policy needs (runnable or
 * blocked, where a unit runs and since when) and asks the pool's policy for
 * the decisions. It checks the policy's answer against the framework's
 * invariants (pool, hard affinity, not running elsewhere) and panics on a
 * violation: that is a scheduler bug, never a guest's doing.
 *
 * Locking: each call takes the lock of the one pool it touches.
 */
#include <lib/print.h>

#include "private.h"

static sched_cpumask_t running_mask(const struct sched_unit *u)
{
	return u->running_on == SCHED_CPU_NONE ? 0U : sched_cpu_bit(u->running_on);
}

/* [impl->dsn~sched-framework-ops~1] */
sched_cpumask_t sched_wake(struct sched *s, unsigned id, uint64_t now)
{
	struct sched_unit *u = sched_unit_get(s, id);
	sched_cpumask_t tickle = 0;
	unsigned long flags;

	if (u == NULL) {
		return 0;
	}
	flags = spin_lock_irqsave(&u->pool->lock);
	if (u->state == SCHED_UNIT_BLOCKED) {
		u->state = SCHED_UNIT_RUNNABLE;
		tickle = u->pool->ops->wake(u->pool, u, now) & u->pool->cpus;
	}
	spin_unlock_irqrestore(&u->pool->lock, flags);
	return tickle;
}

sched_cpumask_t sched_sleep(struct sched *s, unsigned id, uint64_t now)
{
	struct sched_unit *u = sched_unit_get(s, id);
	sched_cpumask_t tickle = 0;
	unsigned long flags;

	if (u == NULL) {
		return 0;
	}
	flags = spin_lock_irqsave(&u->pool->lock);
	if (u->state == SCHED_UNIT_RUNNABLE) {
		u->state = SCHED_UNIT_BLOCKED;
		if (u->pool->ops->sleep != NULL) {
			u->pool->ops->sleep(u->pool, u, now);
		}
		tickle = running_mask(u);
	}
	spin_unlock_irqrestore(&u->pool->lock, flags);
	return tickle;
}

sched_cpumask_t sched_unit_yield(struct sched *s, unsigned id, uint64_t now)
{
	struct sched_unit *u = sched_unit_get(s, id);
	sched_cpumask_t tickle = 0;
	unsigned long flags;

	(void)now;
	if (u == NULL) {
		return 0;
	}
	flags = spin_lock_irqsave(&u->pool->lock);
	if (u->running_on != SCHED_CPU_NONE) {
		u->yield = true;
		tickle = running_mask(u);
	}
	spin_unlock_irqrestore(&u->pool->lock, flags);
	return tickle;
}

static void check_decision(const struct cpupool *p, unsigned pcpu, struct sched_decision d,
                           uint64_t now)
{
	const struct sched_unit *u = d.unit;

	if (u != NULL && (u->pool != p || !sched_unit_can_run(u, pcpu))) {
		panic("sched: %s picked unit %u (domain %u) it may not run on pCPU %u",
		      p->ops->name, u->id, u->cfg.domid, pcpu);
	}
	if (d.deadline <= now) {
		panic("sched: %s returned deadline %llu not after now %llu", p->ops->name,
		      (unsigned long long)d.deadline, (unsigned long long)now);
	}
}

/* [impl->dsn~sched-framework-ops~1] [impl->dsn~sched-cpupools~1] */
struct sched_decision sched_pick_next(struct sched *s, unsigned pcpu, uint64_t now)
{
	struct sched_decision d = {NULL, SCHED_TIME_NONE, 0};
	struct cpupool *p = sched_cpu_pool(s, pcpu);
	struct sched_unit *prev;
	unsigned long flags;

	if (p == NULL) {
		return d;
	}
	flags = spin_lock_irqsave(&p->lock);
	prev = s->cpu_curr[pcpu];
	d = p->ops->pick_next(p, pcpu, prev, now);
	check_decision(p, pcpu, d, now);
	if (prev != NULL) {
		prev->running_on = SCHED_CPU_NONE;
		prev->yield = false;
	}
	if (d.unit != NULL) {
		d.unit->running_on = pcpu;
		d.unit->run_start = now;
	}
	s->cpu_curr[pcpu] = d.unit;
	spin_unlock_irqrestore(&p->lock, flags);
	return d;
}

static const char *const state_names[] = {"free", "blocked", "runnable"};

void sched_dump(struct sched *s)
{
	for (unsigned i = 0; i < SCHED_MAX_POOLS; i++) {
		struct cpupool *p = &s->pools[i];
		unsigned long flags;

		if (!p->used) {
			continue;
		}
		flags = spin_lock_irqsave(&p->lock);
		printk("cpupool %u: %s, pCPUs 0x%llx, %u vCPUs\n", p->id, p->ops->name,
		       (unsigned long long)p->cpus, p->nunits);
		for (unsigned k = 0; k < p->nunits; k++) {
			const struct sched_unit *u = p->units[k];

			printk("  unit %u: d%uv%u %s on %d affinity 0x%llx\n", u->id, u->cfg.domid,
			       u->cfg.vcpu, state_names[u->state],
			       u->running_on == SCHED_CPU_NONE ? -1 : (int)u->running_on,
			       (unsigned long long)u->affinity);
		}
		p->ops->dump(p);
		spin_unlock_irqrestore(&p->lock, flags);
	}
}
