/*
 * null scheduler: each unit owns one pCPU of its pool for good.
 *
 * Design: unit_add gives the unit the lowest free pCPU its hard affinity
 * allows; a pool with more units than pCPUs (or a unit with no free pCPU in
 * its affinity) is refused. pick_next runs the owner when it is runnable,
 * else idles. There is no time slicing and no timer: every deadline is
 * SCHED_TIME_NONE, so once all units run the scheduler is never invoked
 * again. A wake tickles only the owned pCPU. Units never migrate.
 *
 * Locking: the pool lock, held by the framework around every hook.
 */
#include <lib/print.h>

#include "private.h"

static int null_pool_init(struct cpupool *p, const struct sched_pool_cfg *cfg,
                          struct sched_err *err)
{
	(void)cfg;
	(void)err;
	for (unsigned c = 0; c < SCHED_MAX_CPUS; c++) {
		p->priv.null.owner[c] = NULL;
	}
	return 0;
}

/* [impl->dsn~sched-null-static~1] [impl->dsn~sched-param-validation~1] */
static int null_unit_add(struct cpupool *p, struct sched_unit *u, struct sched_err *err)
{
	if (p->nunits > p->ncpus) {
		return sched_fail(err,
		                  "cpupool %u (null): %u vCPUs for %u pCPUs; a null pool runs "
		                  "one vCPU per pCPU (domain %u vCPU %u is one too many)",
		                  p->id, p->nunits, p->ncpus, u->cfg.domid, u->cfg.vcpu);
	}
	for (unsigned c = 0; c < SCHED_MAX_CPUS; c++) {
		if ((u->affinity & sched_cpu_bit(c)) != 0U && p->priv.null.owner[c] == NULL) {
			p->priv.null.owner[c] = u;
			u->priv.null.pcpu = c;
			return 0;
		}
	}
	return sched_fail(err,
	                  "cpupool %u (null): domain %u vCPU %u: every pCPU of its affinity "
	                  "0x%llx already runs another vCPU",
	                  p->id, u->cfg.domid, u->cfg.vcpu, (unsigned long long)u->affinity);
}

static void null_unit_remove(struct cpupool *p, struct sched_unit *u)
{
	p->priv.null.owner[u->priv.null.pcpu] = NULL;
}

static sched_cpumask_t null_wake(struct cpupool *p, struct sched_unit *u, uint64_t now)
{
	(void)p;
	(void)now;
	return sched_cpu_bit(u->priv.null.pcpu);
}

/* [impl->dsn~sched-null-tickless~1] */
static struct sched_decision null_pick_next(struct cpupool *p, unsigned pcpu,
                                            struct sched_unit *prev, uint64_t now)
{
	struct sched_decision d = {NULL, SCHED_TIME_NONE, 0};
	struct sched_unit *owner = p->priv.null.owner[pcpu];

	(void)prev;
	(void)now;
	if (owner != NULL && owner->state == SCHED_UNIT_RUNNABLE) {
		d.unit = owner;
	}
	return d;
}

static void null_dump(const struct cpupool *p)
{
	for (unsigned c = 0; c < SCHED_MAX_CPUS; c++) {
		const struct sched_unit *u = p->priv.null.owner[c];

		if (u != NULL) {
			printk("  null: pCPU %u owned by d%uv%u\n", c, u->cfg.domid, u->cfg.vcpu);
		}
	}
}

const struct sched_ops sched_null_ops = {
        .name = "null",
        .pool_init = null_pool_init,
        .unit_add = null_unit_add,
        .unit_remove = null_unit_remove,
        .wake = null_wake,
        .pick_next = null_pick_next,
        .dump = null_dump,
};
