/*
 * Stand-in scheduler: round-robin over the vCPUs pinned to each pCPU.
 *
 * Design: no queues; core_sched_pick() scans the domain table from just
 * after the vCPU it picked last on this pCPU and returns the first runnable
 * one pinned there. O(domains x vCPUs) per pick, a few dozen at most. The
 * sched/ framework replaces this file behind core/sched_if.h.
 *
 * Locking: last[] is per pCPU and only touched by that pCPU.
 */
#include <core/domain.h>
#include <core/limits.h>
#include <core/sched_if.h>
#include <hal/cpu.h>

#define SLOTS (CORE_MAX_DOMAINS * CORE_MAX_VCPUS)

static unsigned last[HAL_MAX_CPUS];

static struct vcpu *slot_vcpu(unsigned slot)
{
	struct domain *d = domain_by_id((uint16_t)(slot / CORE_MAX_VCPUS));

	return d != NULL ? domain_vcpu(d, slot % CORE_MAX_VCPUS) : NULL;
}

static bool runnable_on(const struct vcpu *v, unsigned cpu)
{
	return v->pcpu == cpu && v->state == VCPU_RUNNABLE && v->domain->state == DOMAIN_RUNNING;
}

/* [impl->dsn~core-sched-seam~1] */
struct vcpu *core_sched_pick(unsigned cpu)
{
	if (cpu >= HAL_MAX_CPUS) {
		return NULL;
	}
	for (unsigned n = 1; n <= SLOTS; n++) {
		unsigned slot = (last[cpu] + n) % SLOTS;
		struct vcpu *v = slot_vcpu(slot);

		if (v != NULL && runnable_on(v, cpu)) {
			last[cpu] = slot;
			return v;
		}
	}
	return NULL;
}

void core_sched_notify(struct vcpu *v)
{
	(void)v; /* no queues to update */
}

void core_sched_yield(struct vcpu *v)
{
	(void)v; /* the next pick moves past v anyway */
}
