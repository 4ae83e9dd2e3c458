/*
 * cpupools: pCPUs partitioned into pools, each with its own policy.
 *
 * Design: a pool is created from its parameters, checked against the pools
 * that exist (pCPU sets disjoint, not empty, every pCPU below
 * SCHED_MAX_CPUS), then handed to its policy's pool_init. A pCPU belongs to
 * at most one pool; a pCPU in no pool always idles.
 *
 * Locking: runs at setup, before any pCPU schedules.
 */
#include <stdarg.h>

#include <lib/print.h>
#include <lib/string.h>

#include "private.h"

static const struct sched_ops *const policy_ops[SCHED_POLICY_COUNT] = {
        [SCHED_POLICY_NULL] = &sched_null_ops,
        [SCHED_POLICY_CREDIT2] = &sched_credit2_ops,
        [SCHED_POLICY_RTDS] = &sched_rtds_ops,
        [SCHED_POLICY_ARINC653] = &sched_arinc653_ops,
};

const char *sched_policy_name(enum sched_policy p)
{
	if ((unsigned)p >= (unsigned)SCHED_POLICY_COUNT) {
		return "?";
	}
	return policy_ops[p]->name;
}

int sched_policy_from_name(const char *name)
{
	for (unsigned i = 0; i < (unsigned)SCHED_POLICY_COUNT; i++) {
		if (strcmp(name, policy_ops[i]->name) == 0) {
			return (int)i;
		}
	}
	return -1;
}

static struct cpupool *pool_by_id(struct sched *s, unsigned id)
{
	for (unsigned i = 0; i < SCHED_MAX_POOLS; i++) {
		if (s->pools[i].used && s->pools[i].id == id) {
			return &s->pools[i];
		}
	}
	return NULL;
}

struct cpupool *sched_pool_get(struct sched *s, unsigned id)
{
	return pool_by_id(s, id);
}

static int check_pool_cfg(struct sched *s, const struct sched_pool_cfg *cfg, struct sched_err *err)
{
	sched_cpumask_t all =
	        (SCHED_MAX_CPUS >= 64U) ? ~(sched_cpumask_t)0 : sched_cpu_bit(SCHED_MAX_CPUS) - 1U;

	if ((unsigned)cfg->policy >= (unsigned)SCHED_POLICY_COUNT) {
		return sched_fail(err, "pool %u: unknown scheduler %u", cfg->id,
		                  (unsigned)cfg->policy);
	}
	if (pool_by_id(s, cfg->id) != NULL) {
		return sched_fail(err, "pool %u: defined twice", cfg->id);
	}
	if (cfg->cpus == 0U) {
		return sched_fail(err, "pool %u: no pCPU", cfg->id);
	}
	if ((cfg->cpus & ~all) != 0U) {
		return sched_fail(err,
		                  "pool %u: pCPU mask 0x%llx names pCPUs beyond the %u supported",
		                  cfg->id, (unsigned long long)cfg->cpus, SCHED_MAX_CPUS);
	}
	for (unsigned c = 0; c < SCHED_MAX_CPUS; c++) {
		if ((cfg->cpus & sched_cpu_bit(c)) != 0U && s->cpu_pool[c] != NULL) {
			return sched_fail(err, "pool %u: pCPU %u already belongs to pool %u",
			                  cfg->id, c, s->cpu_pool[c]->id);
		}
	}
	return 0;
}

static struct cpupool *free_pool_slot(struct sched *s)
{
	for (unsigned i = 0; i < SCHED_MAX_POOLS; i++) {
		if (!s->pools[i].used) {
			return &s->pools[i];
		}
	}
	return NULL;
}

int sched_pool_create(struct sched *s, const struct sched_pool_cfg *cfg, struct sched_err *err)
{
	struct cpupool *p;
	int rc = check_pool_cfg(s, cfg, err);

	if (rc != 0) {
		return rc;
	}
	p = free_pool_slot(s);
	if (p == NULL) {
		(void)sched_fail(err, "pool %u: more than %u pools", cfg->id, SCHED_MAX_POOLS);
		return -SCHED_ENOSPC;
	}
	(void)memset(p, 0, sizeof(*p));
	p->id = cfg->id;
	p->policy = cfg->policy;
	p->ops = policy_ops[cfg->policy];
	p->cpus = cfg->cpus;
	p->ncpus = sched_mask_count(cfg->cpus);
	rc = p->ops->pool_init(p, cfg, err);
	if (rc != 0) {
		return rc;
	}
	p->used = true;
	for (unsigned c = 0; c < SCHED_MAX_CPUS; c++) {
		if ((cfg->cpus & sched_cpu_bit(c)) != 0U) {
			s->cpu_pool[c] = p;
		}
	}
	return 0;
}

struct cpupool *sched_cpu_pool(struct sched *s, unsigned pcpu)
{
	return pcpu < SCHED_MAX_CPUS ? s->cpu_pool[pcpu] : NULL;
}

int sched_fail(struct sched_err *err, const char *fmt, ...)
{
	if (err != NULL && err->buf != NULL && err->size > 0U) {
		/* misra-deviation: D-0004 Rule 17.1 forwards its arguments to bh_vsnprintf */
		va_list ap;

		/* misra-deviation: D-0004 Rule 17.1 forwards its arguments to bh_vsnprintf */
		va_start(ap, fmt);
		/* misra-deviation: D-0004 Rule 17.1 forwards its arguments to bh_vsnprintf */
		(void)bh_vsnprintf(err->buf, err->size, fmt, ap);
		/* misra-deviation: D-0004 Rule 17.1 forwards its arguments to bh_vsnprintf */
		va_end(ap);
	}
	return -SCHED_EINVAL;
}
