/*
 * HAL functions riscv64 does not implement yet. Each fails loudly: a
 * configuration that needs one stops at boot with a message naming it,
 * instead of running wrongly. Listed in docs/riscv64.md ("Not done yet").
 */
#include <hal/irq.h>
#include <lib/print.h>

/* Passthrough interrupts need the PLIC driver and a virtual PLIC. */
int hal_irq_route(unsigned irq, unsigned cpu)
{
	panic("hal_irq_route(irq %u, pCPU %u): passthrough IRQs not implemented on riscv64\n", irq,
	      cpu);
}

void hal_irq_eoi(unsigned irq)
{
	panic("hal_irq_eoi(irq %u): physical IRQs not implemented on riscv64\n", irq);
}
