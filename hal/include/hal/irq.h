/*
 * HAL contract: interrupts (GIC, APIC, PLIC/APLIC) and inter-pCPU kicks.
 *
 * Physical interrupts that belong to the hypervisor (its timer, IPIs) are
 * handled inside the backend. Those the core must route reach it as
 * EXIT_IRQ (while a guest runs) or through core_irq_handler() (while the
 * pCPU idles); the core then injects them into the owning vCPU.
 */
#ifndef HAL_IRQ_H
#define HAL_IRQ_H

#include <stdbool.h>

#include <hal/arch_types.h>

/*
 * Enable physical interrupt irq and deliver it to pCPU `cpu`.
 * @pre called at boot, for an irq the manifest gives to a domain.
 * @return 0, or -HAL_EINVAL (no such interrupt, or reserved by the backend).
 */
int hal_irq_route(unsigned irq, unsigned cpu);

/*
 * Signal the end of a physical interrupt that was not linked to a guest
 * (priority drop and deactivate).
 */
void hal_irq_eoi(unsigned irq);

/*
 * Make virtual interrupt virq pending in v. If pirq >= 0 the virtual
 * interrupt is linked to that physical one: the guest's own EOI deactivates
 * it (GIC HW bit) or the backend deactivates it when the guest completes it.
 * May be called from any pCPU; if v runs elsewhere the backend kicks that
 * pCPU so the interrupt is seen promptly.
 * @return 0, or -HAL_EINVAL (virq out of range), -HAL_EBUSY (no free list
 *         register and no overflow queue: the core retries on next entry).
 */
int hal_irq_inject(struct vcpu_arch *v, unsigned virq, int pirq);

/*
 * The virtual interrupt that carries event-channel upcalls (Xen: PPI 31 on
 * Arm, the callback vector on x86-64, a Bulkhead-chosen local interrupt on
 * RISC-V).
 */
unsigned hal_irq_upcall_virq(void);

/* Interrupt pCPU `cpu` so it leaves its guest or idle and re-schedules. */
void hal_cpu_kick(unsigned cpu);

/* Provided by the core: a routed physical irq arrived while idling. */
void core_irq_handler(unsigned irq);

/*
 * Provided by the core: the backend made an interrupt pending in v by
 * itself (an IPI or MSI one vCPU sends another): wake v if it is blocked
 * in WFI/HLT (vcpu_wake). May be called from any pCPU, with backend locks
 * held but never the domain's lock.
 */
void core_vcpu_wake(const struct vcpu_arch *v);

#endif
