/*
 * Physical CPUs: ids, interrupt masking, idling, power-off, and starting
 * secondaries (cpu_probe.c does the PSCI probing).
 *
 * Design: the dense pCPU id lives in TPIDR_EL2 (set by entry.S); cpu_mpidr[]
 * maps it back to the MPIDR affinity for interrupt routing.
 *
 * Locking: cpu_mpidr[] is written by the boot pCPU before the pCPU it
 * describes is started and is read-only afterwards.
 */
#include <stdint.h>

#include <arm64/arm64.h>
#include <arm64/cpu_probe.h>
#include <arm64/psci.h>
#include <arm64/sysreg.h>
#include <hal/cpu.h>
#include <lib/print.h>
#include <plat_config.h>

#define DAIF_IRQ_FIQ "3"

static uint64_t cpu_mpidr[HAL_MAX_CPUS];

unsigned hal_cpu_id(void)
{
	return (unsigned)READ_SYSREG(tpidr_el2);
}

uint64_t arm64_cpu_mpidr(unsigned cpu)
{
	return (cpu < HAL_MAX_CPUS) ? cpu_mpidr[cpu] : 0U;
}

/*
 * @pre  boot pCPU, console up, called once.
 * @post every present pCPU up to HAL_MAX_CPUS has been started with a dense
 *       id; returns their number including the boot pCPU.
 * [impl->dsn~arm64-psci-smp~1]
 */
unsigned hal_cpu_start_secondaries(void)
{
	uint64_t self = READ_SYSREG(mpidr_el1) & MPIDR_AFF_MASK;

	return arm64_cpu_probe(self, (uint64_t)(uintptr_t)arm64_secondary_entry,
	                       PLAT_CPUS_PER_CLUSTER, cpu_mpidr, HAL_MAX_CPUS);
}

void hal_cpu_relax(void)
{
	__asm__ volatile("yield" : : : "memory");
}

_Noreturn void hal_cpu_halt(void)
{
	__asm__ volatile("msr daifset, #0xf" : : : "memory");
	for (;;) {
		__asm__ volatile("wfi" : : : "memory");
	}
}

unsigned long hal_irq_save(void)
{
	unsigned long flags = (unsigned long)READ_SYSREG(daif);

	__asm__ volatile("msr daifset, #" DAIF_IRQ_FIQ : : : "memory");
	return flags;
}

void hal_irq_restore(unsigned long flags)
{
	uint64_t daif = flags;

	__asm__ volatile("msr daif, %0" : : "r"(daif) : "memory");
}

/* [impl->dsn~arm64-poweroff~1] */
_Noreturn void hal_machine_poweroff(void)
{
	(void)arm64_psci_call(PSCI_SYSTEM_OFF, 0, 0, 0);
	printk("arm64: PSCI SYSTEM_OFF returned; halting\n");
	hal_cpu_halt();
}
