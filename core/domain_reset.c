/*
 * Domain reset and the fault policy.
 *
 * Design: a reset reboots a domain in place without reallocating anything:
 * stop it (PAUSED, pCPUs kicked, wait until none of its vCPUs is inside the
 * guest), undo what it added at run time (XENMEM_add_to_physmap pages,
 * grant mappings and event channels through core B), scrub its RAM, reload
 * the pristine images (kept outside any guest's reach: in the packed image
 * or a hypervisor copy), reset its vCPUs at the entry point and start it.
 * Static shared memory and static event channels stay as the config made
 * them. A guest fault touches only the faulting domain: it is crashed or
 * reset according to its configured policy.
 *
 * Locking: the caller is the control plane (a control-domain hypercall) or
 * the faulting domain's own pCPU; the target's vCPUs are stopped before
 * its memory is touched.
 */
#include <stdatomic.h>

#include <core/console.h>
#include <core/domain.h>
#include <core/domain_reset.h>
#include <core/physmap.h>
#include <core/run.h>
#include <core/sched_if.h>
#include <core/xen_abi/xen.h>
#include <hal/as.h>
#include <hal/cpu.h>
#include <hal/irq.h>
#include <hal/time.h>
#include <hal/vcpu.h>
#include <lib/print.h>
#include <lib/string.h>
#include <vdev/vuart.h>

#define STOP_WAIT_SPINS 1000000U

/* The RAM region holding [gpa, gpa + size), or NULL. */
static const struct mem_region *region_of(const struct domain *d, uint64_t gpa, uint64_t size)
{
	for (unsigned i = 0; i < d->nr_mem; i++) {
		const struct mem_region *r = &d->mem[i];

		if (gpa >= r->gpa && gpa - r->gpa <= r->size && size <= r->size - (gpa - r->gpa)) {
			return r;
		}
	}
	return NULL;
}

/* Zero the domain's RAM, except at a cold boot the config exempts
 * (bulkhead,boot-scrub = "off"): every reset scrubs. [impl->dsn~bench-boot-scrub~1] */
static void scrub(struct domain *d)
{
	for (unsigned i = 0; i < d->nr_mem && !d->ram_unscrubbed_ok; i++) {
		hal_ram_scrub(d->mem[i].pa, d->mem[i].size);
	}
	d->ram_unscrubbed_ok = false;
	(void)memset(d->shared_info, 0, HAL_PAGE_SIZE);
}

static int load_images(struct domain *d)
{
	for (unsigned i = 0; i < DOMAIN_NR_IMAGES; i++) {
		const struct domain_image *img = &d->image[i];
		const struct mem_region *r;

		if (img->size == 0U) {
			continue;
		}
		r = region_of(d, img->load_gpa, img->size);
		if (r == NULL || img->data == NULL) {
			return -XEN_EINVAL;
		}
		(void)memcpy(hal_pa_to_va(r->pa + (img->load_gpa - r->gpa)), img->data,
		             (size_t)img->size);
		hal_ram_sync(r->pa + (img->load_gpa - r->gpa), img->size);
	}
	return 0;
}

static void init_vcpus(struct domain *d)
{
	for (unsigned i = 0; i < d->nr_vcpus; i++) {
		struct vcpu *v = &d->vcpu[i];
		uint64_t args[1] = {d->boot_arg};

		(void)hal_vcpu_init(&v->arch, &d->as, i, d->entry, args, i == 0U ? 1U : 0U);
		v->generation++;
		v->state = VCPU_OFFLINE;
		v->wake_pending = false;
		v->timer_deadline_ns = 0;
		v->poll_port = 0;
		v->poll_deadline_ns = 0;
		evtchn_vcpu_init(v);
	}
}

/* [impl->dsn~core-domain-reset~1] */
int domain_load(struct domain *d)
{
	scrub(d);
	int rc = load_images(d);

	if (rc != 0) {
		return rc;
	}
	init_vcpus(d);
	return 0;
}

/* Stop d's vCPUs: after this none of them is inside the guest. */
static void stop_vcpus(struct domain *d)
{
	d->state = DOMAIN_PAUSED;
	atomic_thread_fence(memory_order_seq_cst); /* pairs with vcpu_run_once() */
	for (unsigned i = 0; i < d->nr_vcpus; i++) {
		core_sched_notify(&d->vcpu[i]);
		hal_cpu_kick(d->vcpu[i].pcpu);
		for (unsigned n = 0; n < STOP_WAIT_SPINS && vcpu_in_guest_elsewhere(&d->vcpu[i]);
		     n++) {
			hal_cpu_relax();
		}
	}
}

int domain_reset(struct domain *d)
{
	if (d->state == DOMAIN_CREATED) {
		return -XEN_EINVAL;
	}
	console_flush(d);
	stop_vcpus(d);
	grant_domain_reset(d);
	physmap_restore_all(d);
	evtchn_domain_reset(d);
	console_domain_reset(d);
	vuart_reset(d);
	int rc = domain_load(d);

	if (rc != 0) {
		domain_crash(d); /* the pristine image itself is bad: stay down */
		return rc;
	}
	d->stats.resets++;
	d->shutdown_reason = 0;
	printk("bulkhead: d%u (%s) reset\n", d->id, d->name);
	d->state = DOMAIN_CREATED;
	return domain_start(d);
}

/* Another fault reset of d now: true while under the budget of
 * CORE_FAULT_RESETS_MAX per CORE_FAULT_WINDOW_NS. */
static bool reset_budget_left(struct domain *d)
{
	uint64_t now = hal_time_now_ns();

	if (now - d->stats.fault_window_start >= CORE_FAULT_WINDOW_NS) {
		d->stats.fault_window_start = now;
		d->stats.fault_resets_in_window = 0;
	}
	d->stats.fault_resets_in_window++;
	return d->stats.fault_resets_in_window <= CORE_FAULT_RESETS_MAX;
}

/*
 * A domain whose fault policy is "reset" but that faults again at once would
 * reset in a loop, filling the shared console and its pCPUs; past the
 * budget it is crashed instead.
 * [impl->dsn~core-fault-isolation~1] [impl->dsn~core-reset-loop~1]
 */
void domain_handle_fault(struct domain *d)
{
	d->stats.faults++;
	if (d->fault_policy == FAULT_POLICY_RESET && reset_budget_left(d)) {
		(void)domain_reset(d);
	} else {
		if (d->fault_policy == FAULT_POLICY_RESET) {
			printk("bulkhead: d%u (%s) faults in a reset loop\n", d->id, d->name);
		}
		domain_crash(d);
	}
}
