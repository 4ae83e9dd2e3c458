/*
 * Domains and vCPUs: the static table and the lifecycle.
 *
 * Design: domains live in a static array indexed by id; a slot is in use
 * once domain_create() succeeded and stays so. State changes are small
 * functions that check the current state and return -XEN_EINVAL for a
 * transition the state machine (core/include/core/domain.h) does not have.
 * A vCPU is runnable only if its own state is VCPU_RUNNABLE and its domain
 * is DOMAIN_RUNNING; the scheduler looks at nothing else.
 *
 * Locking: d->lock protects d->state and the vCPU states of d. Taking it
 * with interrupts off keeps vcpu_raise_upcall() safe from interrupt context.
 * Lock order: a domain lock is never held while taking another domain's.
 */
#include <core/domain.h>
#include <core/domain_config.h>
#include <core/run.h>
#include <core/sched_if.h>
#include <core/xen_abi/xen.h>
#include <hal/irq.h>
#include <lib/print.h>
#include <lib/string.h>

static struct domain domains[CORE_MAX_DOMAINS];

void domains_clear(void)
{
	(void)memset(domains, 0, sizeof(domains));
}

struct domain *domain_slot(uint16_t id)
{
	return id < CORE_MAX_DOMAINS ? &domains[id] : NULL;
}

struct domain *domain_by_id(uint16_t id)
{
	struct domain *d = domain_slot(id);

	return (d != NULL && d->in_use) ? d : NULL;
}

struct vcpu *domain_vcpu(struct domain *d, unsigned id)
{
	return (d != NULL && id < d->nr_vcpus) ? &d->vcpu[id] : NULL;
}

/* Kick every pCPU d's vCPUs are pinned to, so a state change is seen. */
static void kick_domain(struct domain *d)
{
	for (unsigned i = 0; i < d->nr_vcpus; i++) {
		hal_cpu_kick(d->vcpu[i].pcpu);
	}
}

static void set_state(struct domain *d, enum domain_state s)
{
	unsigned long flags = spin_lock_irqsave(&d->lock);

	d->state = s;
	spin_unlock_irqrestore(&d->lock, flags);
	for (unsigned i = 0; i < d->nr_vcpus; i++) {
		core_sched_notify(&d->vcpu[i]);
	}
	kick_domain(d);
}

/* [impl->dsn~core-domain-states~1] */
int domain_start(struct domain *d)
{
	if (d->state != DOMAIN_CREATED) {
		return -XEN_EINVAL;
	}
	d->vcpu[0].state = VCPU_RUNNABLE;
	set_state(d, DOMAIN_RUNNING);
	return 0;
}

int domain_pause(struct domain *d)
{
	if (d->state != DOMAIN_RUNNING) {
		return -XEN_EINVAL;
	}
	set_state(d, DOMAIN_PAUSED);
	return 0;
}

int domain_unpause(struct domain *d)
{
	if (d->state != DOMAIN_PAUSED) {
		return -XEN_EINVAL;
	}
	set_state(d, DOMAIN_RUNNING);
	return 0;
}

int domain_shutdown(struct domain *d, unsigned reason)
{
	if (d->state != DOMAIN_RUNNING && d->state != DOMAIN_PAUSED) {
		return -XEN_EINVAL;
	}
	d->shutdown_reason = reason;
	console_flush(d);
	printk("bulkhead: d%u (%s) shut down, reason %u\n", d->id, d->name, reason);
	set_state(d, DOMAIN_SHUTDOWN);
	return 0;
}

void domain_crash(struct domain *d)
{
	console_flush(d);
	printk("bulkhead: d%u (%s) crashed\n", d->id, d->name);
	set_state(d, DOMAIN_CRASHED);
}

/*
 * Wake-ups and blocks race: a vCPU decides to block (nothing pending) on its
 * pCPU while an event for it is raised on another. A wake that finds the
 * vCPU still runnable is remembered in wake_pending, and the next
 * vcpu_block() returns at once instead of sleeping through it (a spurious
 * return from WFI/HLT is allowed; a lost event is not).
 */
/* [impl->dsn~core-no-lost-wakeup~1] */
void vcpu_wake(struct vcpu *v)
{
	unsigned long flags = spin_lock_irqsave(&v->domain->lock);
	bool woke = v->state == VCPU_BLOCKED;

	if (woke) {
		v->state = VCPU_RUNNABLE;
		v->poll_port = 0;
		v->poll_deadline_ns = 0;
	} else if (v->state == VCPU_RUNNABLE) {
		v->wake_pending = true;
	} else {
		/* offline: nothing to wake */
	}
	spin_unlock_irqrestore(&v->domain->lock, flags);
	if (woke) {
		core_sched_notify(v);
		hal_cpu_kick(v->pcpu);
	}
}

void vcpu_block(struct vcpu *v)
{
	unsigned long flags = spin_lock_irqsave(&v->domain->lock);

	if (v->wake_pending) {
		v->wake_pending = false;
	} else if (v->state == VCPU_RUNNABLE) {
		v->state = VCPU_BLOCKED;
	} else {
		/* offline or already blocked */
	}
	spin_unlock_irqrestore(&v->domain->lock, flags);
	core_sched_notify(v);
}

/* The backend's wake-up of a vCPU by its arch state (hal/irq.h). */
void core_vcpu_wake(const struct vcpu_arch *v)
{
	for (uint16_t id = 0; id < CORE_MAX_DOMAINS; id++) {
		struct domain *d = domain_by_id(id);

		for (unsigned i = 0; d != NULL && i < d->nr_vcpus; i++) {
			if (&d->vcpu[i].arch == v) {
				vcpu_wake(&d->vcpu[i]);
				return;
			}
		}
	}
}

/* [impl->dsn~core-upcall~1] */
void vcpu_raise_upcall(struct vcpu *v)
{
	(void)hal_irq_inject(&v->arch, hal_irq_upcall_virq(), -1);
	vcpu_wake(v);
}
