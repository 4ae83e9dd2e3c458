/*
 * Scheduling units (one per vCPU): add, remove, look up, and whole-config
 * setup and checks.
 *
 * Design: units live in a static array; the id is the index. A unit is
 * added blocked; its parameters are checked by its pool's policy, which may
 * refuse it (e.g. a null pool that is full, an RTDS pool whose utilisation
 * would exceed its bound). sched_setup() builds a whole configuration and
 * leaves nothing behind when any item is refused.
 *
 * Locking: add/remove/setup run at boot or with the pool quiescent.
 */
#include <lib/string.h>

#include "private.h"

void sched_reset(struct sched *s)
{
	(void)memset(s, 0, sizeof(*s));
	for (unsigned i = 0; i < SCHED_MAX_UNITS; i++) {
		s->units[i].id = i;
		s->units[i].running_on = SCHED_CPU_NONE;
	}
}

struct sched_unit *sched_unit_get(struct sched *s, unsigned id)
{
	if (id >= SCHED_MAX_UNITS || s->units[id].state == SCHED_UNIT_FREE) {
		return NULL;
	}
	return &s->units[id];
}

struct sched_unit *sched_unit_find(struct sched *s, unsigned domid, unsigned vcpu)
{
	for (unsigned i = 0; i < SCHED_MAX_UNITS; i++) {
		struct sched_unit *u = &s->units[i];

		if (u->state != SCHED_UNIT_FREE && u->cfg.domid == domid && u->cfg.vcpu == vcpu) {
			return u;
		}
	}
	return NULL;
}

static struct sched_unit *free_unit(struct sched *s)
{
	for (unsigned i = 0; i < SCHED_MAX_UNITS; i++) {
		if (s->units[i].state == SCHED_UNIT_FREE) {
			return &s->units[i];
		}
	}
	return NULL;
}

static void pool_unlink(struct cpupool *p, const struct sched_unit *u)
{
	unsigned k = 0;

	for (unsigned i = 0; i < p->nunits; i++) {
		if (p->units[i] != u) {
			p->units[k] = p->units[i];
			k++;
		}
	}
	p->nunits = k;
}

static int check_unit_cfg(struct sched *s, const struct sched_unit_cfg *cfg, struct cpupool *p,
                          struct sched_err *err)
{
	if (p == NULL) {
		return sched_fail(err, "domain %u vCPU %u: unknown cpupool %u", cfg->domid,
		                  cfg->vcpu, cfg->pool);
	}
	if (sched_unit_find(s, cfg->domid, cfg->vcpu) != NULL) {
		return sched_fail(err, "domain %u vCPU %u: defined twice", cfg->domid, cfg->vcpu);
	}
	if (cfg->affinity != 0U && (cfg->affinity & p->cpus) == 0U) {
		return sched_fail(
		        err,
		        "domain %u vCPU %u: affinity 0x%llx has no pCPU of cpupool %u (0x%llx)",
		        cfg->domid, cfg->vcpu, (unsigned long long)cfg->affinity, p->id,
		        (unsigned long long)p->cpus);
	}
	if (p->nunits >= SCHED_MAX_UNITS) {
		(void)sched_fail(err, "cpupool %u: more than %u vCPUs", p->id, SCHED_MAX_UNITS);
		return -SCHED_ENOSPC;
	}
	return 0;
}

int sched_unit_add(struct sched *s, const struct sched_unit_cfg *cfg, struct sched_err *err)
{
	struct cpupool *p = sched_pool_get(s, cfg->pool);
	struct sched_unit *u = free_unit(s);
	int rc = check_unit_cfg(s, cfg, p, err);

	if (rc != 0) {
		return rc;
	}
	if (u == NULL) {
		(void)sched_fail(err, "domain %u vCPU %u: more than %u vCPUs in all", cfg->domid,
		                 cfg->vcpu, SCHED_MAX_UNITS);
		return -SCHED_ENOSPC;
	}
	(void)memset(&u->priv, 0, sizeof(u->priv));
	u->cfg = *cfg;
	u->pool = p;
	u->affinity = (cfg->affinity == 0U) ? p->cpus : (cfg->affinity & p->cpus);
	u->running_on = SCHED_CPU_NONE;
	u->yield = false;
	u->state = SCHED_UNIT_BLOCKED;
	p->units[p->nunits] = u;
	p->nunits++;
	rc = p->ops->unit_add(p, u, err);
	if (rc != 0) {
		pool_unlink(p, u);
		u->state = SCHED_UNIT_FREE;
		return rc;
	}
	return (int)u->id;
}

int sched_unit_remove(struct sched *s, unsigned id)
{
	struct sched_unit *u = sched_unit_get(s, id);
	struct cpupool *p;

	if (u == NULL) {
		return -SCHED_ENOENT;
	}
	if (u->running_on != SCHED_CPU_NONE) {
		return -SCHED_EBUSY;
	}
	p = u->pool;
	if (p->ops->unit_remove != NULL) {
		p->ops->unit_remove(p, u);
	}
	pool_unlink(p, u);
	u->state = SCHED_UNIT_FREE;
	return 0;
}

int sched_check(const struct sched *s, struct sched_err *err)
{
	for (unsigned i = 0; i < SCHED_MAX_POOLS; i++) {
		const struct cpupool *p = &s->pools[i];
		int rc;

		if (!p->used || p->ops->check == NULL) {
			continue;
		}
		rc = p->ops->check(p, err);
		if (rc != 0) {
			return rc;
		}
	}
	return 0;
}

static int setup_all(struct sched *s, const struct sched_config *cfg, struct sched_err *err)
{
	if (cfg->npools > SCHED_MAX_POOLS || cfg->nunits > SCHED_MAX_UNITS) {
		(void)sched_fail(err, "configuration: %u pools / %u vCPUs, at most %u / %u",
		                 cfg->npools, cfg->nunits, SCHED_MAX_POOLS, SCHED_MAX_UNITS);
		return -SCHED_ENOSPC;
	}
	for (unsigned i = 0; i < cfg->npools; i++) {
		int rc = sched_pool_create(s, &cfg->pools[i], err);

		if (rc != 0) {
			return rc;
		}
	}
	for (unsigned i = 0; i < cfg->nunits; i++) {
		int rc = sched_unit_add(s, &cfg->units[i], err);

		if (rc < 0) {
			return rc;
		}
	}
	return sched_check(s, err);
}

int sched_setup(struct sched *s, const struct sched_config *cfg, struct sched_err *err)
{
	int rc;

	sched_reset(s);
	rc = setup_all(s, cfg, err);
	if (rc != 0) {
		sched_reset(s);
	}
	return rc;
}

void sched_start(struct sched *s, uint64_t now)
{
	for (unsigned i = 0; i < SCHED_MAX_POOLS; i++) {
		struct cpupool *p = &s->pools[i];

		if (p->used && p->ops->start != NULL) {
			p->ops->start(p, now);
		}
	}
}
