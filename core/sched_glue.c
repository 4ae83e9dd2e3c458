/*
 * The core's side of the scheduler framework (sched/): builds the cpupools
 * and one scheduling unit per vCPU at boot, keeps the framework's view of
 * each unit (runnable or blocked) equal to the core's, and asks it what to
 * run.
 *
 * Design: "runnable" is the core's fact (v->state == VCPU_RUNNABLE and the
 * domain RUNNING); core_sched_notify() compares it with the unit's state
 * and calls sched_wake()/sched_sleep() only on a difference, so callers may
 * notify freely. Pools come from the manifest (MT_CPUPOOLS, with the
 * ARINC 653 windows and each domain's credit2/RTDS parameters); domains
 * built without a manifest (unit tests) share one credit2 pool over every
 * pCPU. Units are hard-pinned to their vCPU's pCPU. A vCPU of a null pool
 * owns its pCPU for good (the null scheduler refuses to share one), so its
 * WFI may run natively (hal_vcpu_set_wfi_native, where the backend
 * supports it): it can keep nobody else from running; every other vCPU's
 * WFI traps and blocks it in the core.
 * pick_next's deadline
 * is kept per pCPU and merged into the pCPU timer by the run loop; the
 * tickle mask becomes hal_cpu_kick() calls. Every change the framework
 * sees (a unit woken or put to sleep, a yield, a tickle) asks the pCPUs
 * concerned for a full pass (core_request_pass), so the run loop's fast
 * path never re-enters a guest past a pending scheduling decision.
 *
 * Locking: the framework locks its pools; this file adds only per-pCPU
 * deadlines (written by their own pCPU) and boot-time state.
 */
#include <core/domain.h>
#include <core/run.h>
#include <core/sched_if.h>
#include <core/xen_abi/xen.h>
#include <hal/cpu.h>
#include <hal/irq.h>
#include <hal/time.h>
#include <hal/vcpu.h>
#include <lib/print.h>
#include <lib/spinlock.h>
#include <lib/string.h>
#include <sched/sched.h>

#define TEST_POOL_ID 0U
#define TEST_SLICE_NS 1000000ULL    /* 1 ms */
#define TEST_RATELIMIT_NS 100000ULL /* 100 us */

static struct sched state;
static struct sched_config config;
static uint64_t deadline[HAL_MAX_CPUS];
static bool ready;

static bool core_runnable(const struct vcpu *v)
{
	return v->state == VCPU_RUNNABLE && v->domain->state == DOMAIN_RUNNING;
}

static void kick_mask(sched_cpumask_t mask)
{
	for (unsigned cpu = 0; cpu < HAL_MAX_CPUS; cpu++) {
		if (((mask >> cpu) & 1U) != 0U) {
			core_request_pass(cpu);
			hal_cpu_kick(cpu);
		}
	}
}

static enum sched_policy policy_of(uint32_t m)
{
	static const enum sched_policy map[] = {SCHED_POLICY_NULL, SCHED_POLICY_CREDIT2,
	                                        SCHED_POLICY_RTDS, SCHED_POLICY_ARINC653};

	return m < 4U ? map[m] : SCHED_POLICY_COUNT;
}

static void a653_windows(const void *img, const struct manifest_cpupool *mp,
                         struct sched_pool_cfg *p)
{
	p->p.a653.major_frame_ns = mp->major_frame_ns;
	p->p.a653.nwindows = mp->windows.count;
	for (uint32_t w = 0; w < mp->windows.count && w < SCHED_A653_MAX_WINDOWS; w++) {
		const struct manifest_a653_window *mw =
		        manifest_table_row(img, MT_A653_WINDOWS, mp->windows.first + w);

		p->p.a653.windows[w] =
		        (struct sched_a653_window){mw->domain, mw->vcpu, mw->duration_ns};
	}
}

static void pools_from_manifest(const void *img)
{
	const struct manifest_header *h = manifest_header(img);

	for (uint32_t i = 0; i < h->tables[MT_CPUPOOLS].count && i < SCHED_MAX_POOLS; i++) {
		const struct manifest_cpupool *mp = manifest_table_row(img, MT_CPUPOOLS, i);
		struct sched_pool_cfg *p = &config.pools[config.npools++];

		p->id = mp->id;
		p->policy = policy_of(mp->sched);
		p->cpus = mp->cpus;
		if (p->policy == SCHED_POLICY_ARINC653) {
			a653_windows(img, mp, p);
		}
	}
}

static void default_pool(void)
{
	struct sched_pool_cfg *p = &config.pools[config.npools++];

	p->id = TEST_POOL_ID;
	p->policy = SCHED_POLICY_CREDIT2;
	p->cpus = HAL_MAX_CPUS >= 64U ? ~0ULL : (1ULL << HAL_MAX_CPUS) - 1U;
	p->p.credit2.slice_ns = TEST_SLICE_NS;
	p->p.credit2.ratelimit_ns = TEST_RATELIMIT_NS;
}

/* The policy of the configured pool with this id (COUNT: no such pool). */
static enum sched_policy pool_policy(unsigned id)
{
	for (unsigned i = 0; i < config.npools; i++) {
		if (config.pools[i].id == id) {
			return config.pools[i].policy;
		}
	}
	return SCHED_POLICY_COUNT;
}

/* One unit per vCPU; its parameters are those of its pool's policy (the
 * parameter block is a union). */
static void unit_of(const struct vcpu *v, struct sched_unit_cfg *u)
{
	const struct manifest_domain *md = v->domain->manifest;

	u->domid = v->domain->id;
	u->vcpu = v->id;
	u->affinity = 1ULL << v->pcpu;
	u->pool = (md != NULL) ? md->cpupool : TEST_POOL_ID;
	switch (pool_policy(u->pool)) {
	case SCHED_POLICY_CREDIT2:
		u->p.credit2.weight =
		        (md != NULL) ? md->credit2_weight : SCHED_CREDIT2_DEFAULT_WEIGHT;
		u->p.credit2.cap = (md != NULL) ? md->credit2_cap : 0U;
		break;
	case SCHED_POLICY_RTDS:
		if (md != NULL) {
			u->p.rtds = (struct sched_rtds_unit_cfg){md->rtds_budget_ns,
			                                         md->rtds_period_ns};
		}
		break;
	default:
		break; /* null and ARINC 653 units have no parameters */
	}
}

/* Build the config: pools, then one unit per vCPU of every domain. */
static void build_config(const void *manifest)
{
	(void)memset(&config, 0, sizeof(config));
	if (manifest != NULL) {
		pools_from_manifest(manifest);
	} else {
		default_pool();
	}
	for (uint16_t id = 0; id < CORE_MAX_DOMAINS; id++) {
		struct domain *d = domain_by_id(id);

		for (unsigned i = 0; d != NULL && i < d->nr_vcpus; i++) {
			if (config.nunits < SCHED_MAX_UNITS) {
				unit_of(&d->vcpu[i], &config.units[config.nunits++]);
			}
		}
	}
}

/*
 * Unit ids follow config order: remember each vCPU's, and let a vCPU that
 * owns its pCPU (null pool) wait natively.
 * @post every vCPU with a unit waits natively iff its pool is a null pool.
 * [impl->dsn~core-wfi-native~1]
 */
static void bind_units(void)
{
	for (unsigned u = 0; u < config.nunits; u++) {
		struct sched_unit *su =
		        sched_unit_find(&state, config.units[u].domid, config.units[u].vcpu);
		struct domain *d = domain_by_id((uint16_t)config.units[u].domid);
		struct vcpu *v = &d->vcpu[config.units[u].vcpu];

		v->sched_unit = su->id;
		hal_vcpu_set_wfi_native(&v->arch,
		                        pool_policy(config.units[u].pool) == SCHED_POLICY_NULL);
	}
}

void core_sched_clear(void)
{
	ready = false;
}

/* [impl->dsn~core-sched-seam~1] */
int core_sched_setup(const void *manifest)
{
	char msg[128];
	struct sched_err err = {msg, sizeof(msg)};

	ready = false;
	(void)memset(deadline, 0, sizeof(deadline));
	build_config(manifest);
	msg[0] = '\0';
	if (sched_setup(&state, &config, &err) != 0) {
		printk("bulkhead: config error: scheduler: %s\n", msg);
		return -XEN_EINVAL;
	}
	bind_units();
	sched_start(&state, hal_time_now_ns());
	ready = true;
	return 0;
}

/* One decision of the framework for cpu, as a vCPU (NULL: idle). */
static struct vcpu *decide(unsigned cpu)
{
	struct sched_decision dec = sched_pick_next(&state, cpu, hal_time_now_ns());

	kick_mask(dec.tickle);
	deadline[cpu] = dec.deadline == SCHED_TIME_NONE ? 0U : dec.deadline;
	if (dec.unit == NULL) {
		return NULL;
	}
	return domain_vcpu(domain_by_id((uint16_t)dec.unit->cfg.domid), dec.unit->cfg.vcpu);
}

struct vcpu *core_sched_pick(unsigned cpu)
{
	if (!ready || cpu >= HAL_MAX_CPUS) {
		return NULL;
	}
	/* A unit the core no longer considers runnable is put to sleep and the
	 * framework asked again; each retry removes one unit, so this ends. */
	for (unsigned tries = 0; tries <= SCHED_MAX_UNITS; tries++) {
		struct vcpu *v = decide(cpu);

		if (v == NULL || core_runnable(v)) {
			return v;
		}
		core_sched_notify(v);
	}
	return NULL;
}

uint64_t core_sched_deadline(unsigned cpu)
{
	return cpu < HAL_MAX_CPUS ? deadline[cpu] : 0U;
}

/*
 * Bring the unit in step with the vCPU. Reading the vCPU's state and moving
 * the unit happen under the domain lock, the same lock vcpu_wake() and
 * vcpu_block() change the state under: otherwise a block on one pCPU and a
 * wake on another can each see the other half-done and leave a runnable
 * vCPU asleep in the scheduler for good (a lost wake-up). Lock order:
 * domain lock, then the framework's pool lock.
 */
/* [impl->dsn~core-no-lost-wakeup~1] */
void core_sched_notify(struct vcpu *v)
{
	struct sched_unit *u = ready ? sched_unit_get(&state, v->sched_unit) : NULL;
	sched_cpumask_t kick = 0;

	if (u == NULL) {
		return;
	}
	unsigned long flags = spin_lock_irqsave(&v->domain->lock);
	bool want = core_runnable(v);
	bool is = u->state == SCHED_UNIT_RUNNABLE;

	if (want && !is) {
		kick = sched_wake(&state, u->id, hal_time_now_ns());
	} else if (!want && is) {
		kick = sched_sleep(&state, u->id, hal_time_now_ns());
	} else {
		/* already in step */
	}
	spin_unlock_irqrestore(&v->domain->lock, flags);
	if (want != is) {
		core_request_pass(v->pcpu); /* [impl->dsn~core-run-fast-path~1] */
	}
	kick_mask(kick);
}

void core_sched_yield(struct vcpu *v)
{
	if (ready) {
		core_request_pass(v->pcpu);
		kick_mask(sched_unit_yield(&state, v->sched_unit, hal_time_now_ns()));
	}
}
