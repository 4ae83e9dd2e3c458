/*
 * Virtual interrupts for guests (the local ones) and the upcall.
 *
 * Design: without a virtual PLIC yet, the guest-visible interrupts are the
 * three local ones of its S-mode: software (1), timer (5), external (9),
 * raised through hvip.VSSIP/VSTIP/VSEIP. hal_irq_inject() may run on any
 * pCPU: it ORs the bit into v->inject (atomic) and kicks the pCPU running
 * v; hal_vcpu_run() moves v->inject into hvip before entering. The guest
 * acknowledges a software interrupt by clearing its sip.SSIP (an alias of
 * hvip.VSSIP). Event-channel upcalls use the software interrupt.
 *
 * Locking: v->inject and v->running_on are atomics.
 */
#include <stdatomic.h>

#include <hal/errno.h>
#include <hal/irq.h>

#include "csr.h"
#include "vcpu.h"

/* [impl->dsn~riscv64-virq~1] */
int hal_irq_inject(struct vcpu_arch *v, unsigned virq, int pirq)
{
	unsigned long bit;

	if (pirq >= 0) {
		return -HAL_EINVAL; /* passthrough needs the virtual PLIC (stubs.c) */
	}
	switch (virq) {
	case RV_VIRQ_SOFT:
		bit = 1UL << IRQ_VS_SOFT;
		break;
	case RV_VIRQ_TIMER:
		bit = 1UL << IRQ_VS_TIMER;
		break;
	case RV_VIRQ_EXT:
		bit = 1UL << IRQ_VS_EXT;
		break;
	default:
		return -HAL_EINVAL;
	}
	atomic_fetch_or(&v->inject, bit);
	int cpu = atomic_load(&v->running_on);

	if (cpu >= 0) {
		hal_cpu_kick((unsigned)cpu);
	}
	return 0;
}

unsigned hal_irq_upcall_virq(void)
{
	return RV_VIRQ_SOFT;
}
