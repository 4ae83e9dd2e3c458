/*
 * Host PLIC driver: physical interrupts passed through to domains.
 *
 * Design: OpenSBI leaves the PLIC to S-mode; on QEMU virt hart h's S-mode
 * context is 2h + 1. hal_irq_route() gives a source priority 1 and enables
 * it in the target pCPU's context (threshold 0); the hypervisor's own UART
 * interrupt is refused (its console is polled). Routed interrupts raise
 * the supervisor external interrupt (sie.SEIE, never sstatus.SIE): a guest
 * run ends with EXIT_IRQ after a claim (exit.c), and an idle pCPU claims
 * them after its WFI and hands them to core_irq_handler() (cpu.c). The
 * claim stays open until the guest completes the linked virtual interrupt
 * in its virtual PLIC (vplic.c) or the core calls hal_irq_eoi().
 *
 * Locking: enable words are written at boot only; claim/complete are
 * per-context registers the PLIC makes atomic.
 */
#include <stdint.h>

#include <hal/cpu.h>
#include <hal/errno.h>
#include <hal/irq.h>
#include <plat_config.h>

#include "pcpu.h"
#include "plic.h"

#define PLIC_PRIORITY(irq) (4UL * (irq))
#define PLIC_ENABLE(ctx, irq) (0x2000UL + 0x80UL * (ctx) + 4UL * ((unsigned long)(irq) / 32UL))
#define PLIC_THRESHOLD(ctx) (0x200000UL + 0x1000UL * (ctx))
#define PLIC_CLAIM(ctx) (PLIC_THRESHOLD(ctx) + 4UL)

static volatile uint32_t *plic_reg(unsigned long off)
{
	return (volatile uint32_t *)(uintptr_t)(PLAT_PLIC_BASE + off);
}

static unsigned context_of(unsigned long hartid)
{
	return (unsigned)(2U * hartid + 1U);
}

unsigned rv_plic_context(void)
{
	return context_of(rv_this_pcpu()->hartid);
}

/* [impl->dsn~riscv64-passthrough-irq~1] */
int hal_irq_route(unsigned irq, unsigned cpu)
{
	if (irq == 0U || irq >= PLAT_PLIC_SOURCES || irq == PLAT_UART_IRQ || cpu >= HAL_MAX_CPUS) {
		return -HAL_EINVAL;
	}
	unsigned ctx = context_of(rv_pcpus[cpu].hartid);

	unsigned bit = irq % 32U;
	uint32_t mask = (uint32_t)1U << bit;

	*plic_reg(PLIC_PRIORITY(irq)) = 1U;
	*plic_reg(PLIC_ENABLE(ctx, irq)) |= mask;
	*plic_reg(PLIC_THRESHOLD(ctx)) = 0U;
	return 0;
}

unsigned rv_plic_claim(void)
{
	return *plic_reg(PLIC_CLAIM(rv_plic_context()));
}

void rv_plic_complete(unsigned ctx, unsigned irq)
{
	*plic_reg(PLIC_CLAIM(ctx)) = irq;
}

void hal_irq_eoi(unsigned irq)
{
	rv_plic_complete(rv_plic_context(), irq);
}
