/*
 * The run loop: enter a vCPU, get one neutral exit back, decide.
 *
 * Design: hal_vcpu_run() returns a struct vm_exit; core_handle_exit()
 * switches over its kind and hands each to the module that owns it
 * (hypercall dispatch, MMIO dispatch, the scheduler, the fault policy).
 * Exits that need it are completed with hal_vcpu_complete() unless the
 * handler reinitialised the vCPU (a reset: its generation changed) or the
 * domain stopped. Between runs a pass polls the console and fires expired
 * vCPU timers (singleshot timer -> VIRQ_TIMER, poll timeouts).
 *
 * Fast path: most exits (a hypercall, a trapped MMIO or port access, an
 * interrupt routed to a guest, an exit the backend resolved itself) are
 * finished by their handler without a scheduling decision. vcpu_run_once()
 * then enters the same vCPU again at once: no console poll, timer scan,
 * scheduler pick or timer re-arming in between, and the backend may keep
 * the guest's state loaded in the pCPU (hal_vcpu_put() ends the stint).
 * The stint ends, and the next pass decides, when an exit is of another
 * kind (halt, timer, fault, lifecycle), when the vCPU or its domain stopped
 * running or was reset, when anything asked this pCPU for a pass
 * (core_request_pass(): a wake-up, block, yield or vCPU timer change, made
 * on any pCPU), or after CORE_FAST_EXITS_MAX exits, so the console and the
 * timers are still served under a storm of exits.
 *
 * Locking: running[cpu] (the vCPU this pCPU is in, or handling an exit of)
 * is written only by its own pCPU and read by others
 * (vcpu_in_guest_elsewhere, domain reset) with sequentially consistent
 * atomics and a fence against the domain state. pass_wanted[cpu] is set by
 * any pCPU and cleared by its own at the start of a pass (atomics).
 */
#include <stdatomic.h>

#include <core/console.h>
#include <core/domain.h>
#include <core/hypercall.h>
#include <core/mmio.h>
#include <core/run.h>
#include <core/sched_if.h>
#include <hal/as.h>
#include <hal/cpu.h>
#include <hal/irq.h>
#include <hal/time.h>
#include <hal/timer.h>
#include <hal/vcpu.h>
#include <lib/print.h>
#include <vdev/vuart.h>

static struct vcpu *_Atomic running[HAL_MAX_CPUS];
static struct as_arch *active_as[HAL_MAX_CPUS];
static uint64_t vcpu_timer_next[HAL_MAX_CPUS]; /* earliest vCPU timer per pCPU */
static _Atomic bool pass_wanted[HAL_MAX_CPUS]; /* a full pass must run before re-entry */

/* [impl->dsn~core-run-fast-path~1] */
void core_request_pass(unsigned cpu)
{
	if (cpu < HAL_MAX_CPUS) {
		atomic_store(&pass_wanted[cpu], true);
	}
}

struct vcpu *current_vcpu(void)
{
	unsigned cpu = hal_cpu_id();

	return cpu < HAL_MAX_CPUS ? atomic_load(&running[cpu]) : NULL;
}

bool vcpu_in_guest_elsewhere(const struct vcpu *v)
{
	unsigned self = hal_cpu_id();

	for (unsigned cpu = 0; cpu < HAL_MAX_CPUS; cpu++) {
		if (cpu != self && atomic_load(&running[cpu]) == v) {
			return true;
		}
	}
	return false;
}

static void complete(struct vcpu *v, uint32_t gen, uint64_t value)
{
	if (v->generation == gen) {
		hal_vcpu_complete(&v->arch, value);
	}
}

/* [impl->dsn~core-unmapped-mmio-raz~1] */
static void handle_access(struct vcpu *v, const struct vm_exit *e)
{
	uint64_t value;
	int rc = mmio_dispatch(v, e, &value);

	if (rc != 0 && !v->domain->unmapped_raz) {
		printk("bulkhead: d%u v%u unhandled %s %s 0x%llx\n", v->domain->id, v->id,
		       e->kind == EXIT_PIO ? "port" : "MMIO", e->access.write ? "write" : "read",
		       (unsigned long long)e->access.addr);
		domain_handle_fault(v->domain);
		return;
	}
	if (rc != 0) {
		value = 0; /* the config asked for read-as-zero, write-ignored */
	}
	complete(v, v->generation, value);
}

/* A WFI/HLT: block until an event, or until the backend's guest-timer
 * deadline (woken like a SCHEDOP_poll timeout). */
static void handle_halt(struct vcpu *v, const struct vm_exit *e)
{
	complete(v, v->generation, 0);
	if (!evtchn_vcpu_upcall_pending(v)) {
		if (e->halt.wake_ns != 0U) {
			v->poll_deadline_ns = e->halt.wake_ns;
		}
		vcpu_block(v);
	}
}

/* A physical interrupt given to a domain: inject it there. */
static void route_irq(unsigned irq)
{
	for (uint16_t id = 0; id < CORE_MAX_DOMAINS; id++) {
		struct domain *d = domain_by_id(id);

		for (unsigned i = 0; d != NULL && i < d->nr_irqs; i++) {
			if (d->irqs[i].host_irq == irq) {
				(void)hal_irq_inject(&d->vcpu[0].arch, d->irqs[i].guest_irq,
				                     (int)irq);
				vcpu_wake(&d->vcpu[0]);
				return;
			}
		}
	}
	hal_irq_eoi(irq); /* nobody owns it: drop */
}

void core_irq_handler(unsigned irq)
{
	route_irq(irq);
}

static void handle_vcpu_up(struct vcpu *v, uint32_t gen, const struct vm_exit *e)
{
	struct vcpu *t = domain_vcpu(v->domain, e->vcpu_up.vcpu);
	uint64_t arg = e->vcpu_up.arg;
	long rc = 0;

	if (t == NULL) {
		rc = -XEN_EINVAL;
	} else if (t->state != VCPU_OFFLINE) {
		rc = -XEN_EEXIST;
	} else {
		(void)hal_vcpu_init(&t->arch, &v->domain->as, t->id, e->vcpu_up.entry, &arg, 1U);
		t->generation++;
		t->state = VCPU_RUNNABLE;
		core_sched_notify(t);
		hal_cpu_kick(t->pcpu);
	}
	complete(v, gen, (uint64_t)rc);
}

static void handle_fault(struct vcpu *v, const struct vm_exit *e)
{
	printk("bulkhead: d%u v%u guest fault kind %u at 0x%llx pc 0x%llx\n", v->domain->id, v->id,
	       (unsigned)e->fault.kind, (unsigned long long)e->fault.addr,
	       (unsigned long long)e->fault.pc);
	domain_handle_fault(v->domain);
}

/* [impl->dsn~core-run-loop~1] */
void core_handle_exit(struct vcpu *v, const struct vm_exit *e)
{
	uint32_t gen = v->generation;

	v->exits++;
	switch (e->kind) {
	case EXIT_HYPERCALL:
		complete(v, gen, (uint64_t)hypercall_dispatch(v, e));
		break;
	case EXIT_MMIO:
	case EXIT_PIO:
		handle_access(v, e);
		break;
	case EXIT_HALT:
		handle_halt(v, e);
		break;
	case EXIT_FAULT:
		handle_fault(v, e);
		break;
	case EXIT_IRQ:
		route_irq(e->irq.irq);
		break;
	case EXIT_SHUTDOWN:
		(void)domain_shutdown(v->domain, SHUTDOWN_poweroff);
		break;
	case EXIT_RESET:
		(void)domain_reset(v->domain);
		break;
	case EXIT_VCPU_UP:
		handle_vcpu_up(v, gen, e);
		break;
	case EXIT_VCPU_DOWN:
		v->state = VCPU_OFFLINE;
		core_sched_notify(v);
		break;
	case EXIT_TIMER: /* timers are checked on every pass */
	case EXIT_NONE:
	default:
		break;
	}
}

static bool may_enter(const struct vcpu *v, uint32_t gen)
{
	return v->generation == gen && v->domain->state == DOMAIN_RUNNING &&
	       v->state == VCPU_RUNNABLE;
}

/* Exits whose handler never needs a scheduling decision by itself. */
static bool fast_kind(enum vm_exit_kind kind)
{
	return kind == EXIT_HYPERCALL || kind == EXIT_MMIO || kind == EXIT_PIO ||
	       kind == EXIT_IRQ || kind == EXIT_NONE;
}

/*
 * May v, which just had exit e handled, go back into the guest without a
 * pass? See "Fast path" above.
 * [impl->dsn~core-run-fast-path~1]
 */
static bool stays_fast(const struct vcpu *v, uint32_t gen, const struct vm_exit *e, unsigned cpu)
{
	return fast_kind(e->kind) && may_enter(v, gen) && !atomic_load(&pass_wanted[cpu]);
}

/*
 * @pre v is runnable, pinned to this pCPU, and its domain is RUNNING.
 * @post v is not loaded on this pCPU (hal_vcpu_put) and running[cpu] is NULL.
 */
void vcpu_run_once(struct vcpu *v)
{
	unsigned cpu = hal_cpu_id() % HAL_MAX_CPUS;
	uint32_t gen = v->generation;

	if (active_as[cpu] != &v->domain->as) {
		hal_as_activate(&v->domain->as);
		active_as[cpu] = &v->domain->as;
	}
	atomic_store(&running[cpu], v);
	/* Pairs with the fence in domain_reset's stop_vcpus(): either the
	 * resetter sees running[cpu] == v and waits, or this pCPU sees the
	 * domain no longer running and does not enter. */
	atomic_thread_fence(memory_order_seq_cst);
	for (unsigned n = 0; n < CORE_FAST_EXITS_MAX && may_enter(v, gen); n++) {
		struct vm_exit e = hal_vcpu_run(&v->arch);

		core_handle_exit(v, &e);
		if (!stays_fast(v, gen, &e, cpu)) {
			break;
		}
	}
	hal_vcpu_put(&v->arch);
	/* Only now: a reset must not scrub memory an exit handler still uses. */
	atomic_store(&running[cpu], NULL);
}

static void fire_timers(struct vcpu *v, uint64_t now)
{
	if (v->timer_deadline_ns != 0U && now >= v->timer_deadline_ns) {
		v->timer_deadline_ns = 0;
		(void)evtchn_send_virq(v, XEN_VIRQ_TIMER);
		vcpu_wake(v);
	}
	if (v->poll_deadline_ns != 0U && now >= v->poll_deadline_ns) {
		v->poll_deadline_ns = 0;
		vcpu_wake(v);
	}
}

static uint64_t earliest(uint64_t a, uint64_t b)
{
	return (a == 0U || (b != 0U && b < a)) ? b : a;
}

/* [impl->dsn~core-vcpu-timer~1] */
void core_check_timers(unsigned cpu)
{
	uint64_t now = hal_time_now_ns();
	uint64_t next = 0;

	for (uint16_t id = 0; id < CORE_MAX_DOMAINS; id++) {
		struct domain *d = domain_by_id(id);

		for (unsigned i = 0; d != NULL && i < d->nr_vcpus; i++) {
			struct vcpu *v = &d->vcpu[i];

			if (v->pcpu == cpu) {
				fire_timers(v, now);
				next = earliest(
				        next, earliest(v->timer_deadline_ns, v->poll_deadline_ns));
			}
		}
	}
	vcpu_timer_next[cpu % HAL_MAX_CPUS] = next;
}

/* Arm this pCPU's timer for the earlier of the vCPU timers and the
 * scheduler's next decision. */
static void arm_timer(unsigned cpu)
{
	hal_timer_set_deadline(
	        earliest(vcpu_timer_next[cpu % HAL_MAX_CPUS], core_sched_deadline(cpu)));
}

bool core_run_pass(unsigned cpu)
{
	if (cpu == 0U) {
		console_poll();
		vuart_poll(domain_by_id(console_focus()));
	}
	atomic_store(&pass_wanted[cpu % HAL_MAX_CPUS], false); /* this pass serves them */
	core_check_timers(cpu);
	struct vcpu *v = core_sched_pick(cpu);

	arm_timer(cpu);
	if (v == NULL) {
		return false;
	}
	vcpu_run_once(v);
	return true;
}

_Noreturn void core_run_loop(unsigned cpu)
{
	for (;;) {
		if (!core_run_pass(cpu)) {
			hal_cpu_idle();
		}
	}
}
