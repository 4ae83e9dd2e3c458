/*
 * pCPU primitives of the HAL for RISC-V in HS-mode.
 *
 * Design: the calling pCPU is found through tp (see pcpu.h). Interrupt
 * masking is sstatus.SIE; idle is WFI; poweroff is SBI SRST; kicks are SBI
 * IPIs (a supervisor software interrupt on the target).
 *
 * Locking: none; every function acts on the calling hart only.
 */
#include <stddef.h>

#include <hal/boot.h>
#include <hal/cpu.h>
#include <hal/irq.h>

#include "csr.h"
#include "intc.h"
#include "pcpu.h"
#include "sbi.h"

_Static_assert((int)offsetof(struct rv_pcpu, stack_top) == RV_PCPU_STACK_TOP, "entry.S offset");

struct rv_pcpu rv_pcpus[HAL_MAX_CPUS];

/* One stack per pCPU, indexed by dense id (entry.S uses rv_stacks[0]). */
__attribute__((aligned(16))) unsigned char rv_stacks[HAL_MAX_CPUS][RV_STACK_SIZE];

const char *hal_arch_name(void)
{
	return "riscv64";
}

const char *hal_platform_name(void)
{
	return BH_PLATFORM;
}

unsigned hal_cpu_id(void)
{
	return rv_this_pcpu()->id;
}

/* The timer, kick and external interrupts are enabled in sie but not in
 * sstatus: they end the WFI without trapping. A kick is consumed here,
 * passthrough interrupts are claimed and handed to the core; the timer
 * stays pending until the next hal_timer_set_deadline(). */
void hal_cpu_idle(void)
{
	unsigned irq;

	__asm__ volatile("wfi" : : : "memory");
	csr_clear(sip, IRQ_MASK_S_SOFT);
	irq = rv_intc_claim();
	while (irq != 0U) {
		core_irq_handler(irq);
		irq = rv_intc_claim();
	}
}

void hal_cpu_relax(void)
{
	__asm__ volatile("pause" : : : "memory");
}

_Noreturn void hal_cpu_halt(void)
{
	csr_read_clear(sstatus, SSTATUS_SIE);
	csr_write(sie, 0);
	for (;;) {
		__asm__ volatile("wfi" : : : "memory");
	}
}

unsigned long hal_irq_save(void)
{
	return csr_read_clear(sstatus, SSTATUS_SIE) & SSTATUS_SIE;
}

void hal_irq_restore(unsigned long flags)
{
	if ((flags & SSTATUS_SIE) != 0U) {
		csr_set(sstatus, SSTATUS_SIE);
	}
}

/* [impl->dsn~riscv64-kick~1] */
void hal_cpu_kick(unsigned cpu)
{
	if (cpu < HAL_MAX_CPUS && cpu != hal_cpu_id()) {
		(void)sbi_send_ipi_to(rv_pcpus[cpu].hartid);
	}
}

_Noreturn void hal_machine_poweroff(void)
{
	if (sbi_has_extension(SBI_EXT_SRST) != 0) {
		(void)sbi_shutdown();
	}
	hal_cpu_halt();
}
