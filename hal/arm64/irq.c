/*
 * Physical interrupts taken by the hypervisor: after a guest's IRQ exit
 * and while a pCPU idles.
 *
 * Design: one acknowledge per call. The EL2 timer's PPI disarms the timer
 * (it fires once per arming) and becomes EXIT_TIMER; the kick SGI
 * EXIT_NONE (the core re-schedules); the vGIC maintenance PPI EXIT_NONE
 * (the list registers are refilled at the next entry); the virtual
 * timer's PPI EXIT_NONE too (timer.c found the expiry in the saved timer
 * state and injects virtual PPI 27 at the next entry); an SPI gets its priority dropped
 * and becomes EXIT_IRQ for the core to route (it stays active until the
 * guest deactivates it, or hal_irq_eoi). hal_cpu_idle waits with
 * interrupts masked (WFI wakes on a pending one anyway) and then takes
 * everything pending the same way, handing SPIs to core_irq_handler.
 *
 * Locking: per pCPU.
 */
#include <arm64/guest.h>
#include <hal/cpu.h>
#include <hal/irq.h>

/* Acknowledged interrupt intid: what it means for the core, in *e. */
static void take_one(unsigned intid, struct vm_exit *e)
{
	e->kind = EXIT_NONE;
	if (intid >= 32U) {
		arm64_gic_priority_drop(intid);
		e->kind = EXIT_IRQ;
		e->irq.irq = intid;
		return;
	}
	if (intid == ARM64_PPI_HYP_TIMER) {
		arm64_timer_fired();
		e->kind = EXIT_TIMER;
	}
	/* the virtual timer's PPI only ends the run: timer.c reads its state */
	arm64_gic_priority_drop(intid);
	arm64_gic_deactivate(intid);
}

/* [impl->dsn~arm64-irq-exit~1] */
void arm64_irq_take(struct vcpu_arch *v, struct vm_exit *e)
{
	unsigned intid = arm64_gic_ack();

	(void)v;
	e->kind = EXIT_NONE;
	if (intid < ARM64_GIC_SPURIOUS) {
		take_one(intid, e);
	}
}

void hal_cpu_idle(void)
{
	__asm__ volatile("dsb sy\n\twfi" : : : "memory");
	for (unsigned n = 0; n < 64U; n++) {
		unsigned intid = arm64_gic_ack();

		if (intid >= ARM64_GIC_SPURIOUS) {
			break;
		}
		struct vm_exit e;

		take_one(intid, &e);
		if (e.kind == EXIT_IRQ) {
			core_irq_handler(e.irq.irq);
		}
	}
}
