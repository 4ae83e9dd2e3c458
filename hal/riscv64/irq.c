/*
 * Virtual interrupts for guests: wired sources and local interrupts.
 *
 * Design: hal_irq_inject() numbers 1..95 are sources of the domain's
 * virtual interrupt controller (intc.h: a virtual PLIC, or a virtual APLIC
 * on AIA boards): the source becomes pending and every vCPU of the
 * domain in the guest elsewhere is kicked; with the vPLIC each vCPU's
 * external interrupt line (hvip.VSEIP) is computed at its next entry, with
 * the vAPLIC the MSI lands in the vCPU's guest interrupt file at once. The
 * guest's local software (RV_VIRQ_SOFT) and timer (RV_VIRQ_TIMER)
 * interrupts are raised through hvip.VSSIP/VSTIP: the bit is ORed into
 * v->inject (atomic), moved into hvip at the next entry, and the pCPU
 * running v is kicked. The guest acknowledges a software interrupt by
 * clearing its sip.SSIP (an alias of hvip.VSSIP). The event-channel
 * upcall is the software interrupt. A vPLIC source may be linked to a
 * physical interrupt (pirq > 0, passthrough): the guest's complete then
 * completes it on the host PLIC (plic.c); on AIA see vaplic.c.
 *
 * Locking: v->inject and v->running_on are atomics; the vPLIC has its lock.
 */
#include <stdatomic.h>
#include <stddef.h>

#include <hal/cpu.h>
#include <hal/errno.h>
#include <hal/irq.h>

#include "csr.h"
#include "intc.h"
#include "vcpu.h"

/* [impl->dsn~riscv64-virq~1] */
int hal_irq_inject(struct vcpu_arch *v, unsigned virq, int pirq)
{
	unsigned long bit;

	switch (virq) {
	case RV_VIRQ_SOFT:
		if (pirq >= 0) {
			return -HAL_EINVAL; /* local interrupts are never linked */
		}
		bit = 1UL << IRQ_VS_SOFT;
		break;
	case RV_VIRQ_TIMER:
		if (pirq >= 0) {
			return -HAL_EINVAL;
		}
		bit = 1UL << IRQ_VS_TIMER;
		break;
	default:
		if (!rv_vintc_raise(v->as, virq, pirq)) {
			return -HAL_EINVAL;
		}
		rv_kick_domain(v->as); /* any context may have it enabled */
		return 0;
	}
	atomic_fetch_or(&v->inject, bit);
	int cpu = atomic_load(&v->running_on);

	if (cpu >= 0) {
		hal_cpu_kick((unsigned)cpu);
	}
	return 0;
}

void rv_kick_domain(struct as_arch *as)
{
	int self = (int)hal_cpu_id();

	for (unsigned i = 0; i < RV_MAX_GUEST_VCPUS; i++) {
		int cpu = as->vcpus[i] != NULL ? atomic_load(&as->vcpus[i]->running_on) : -1;

		if (cpu >= 0 && cpu != self) {
			hal_cpu_kick((unsigned)cpu);
		}
	}
}

unsigned hal_irq_upcall_virq(void)
{
	return RV_VIRQ_SOFT;
}
