/*
 * HAL contract: physical CPUs.
 *
 * pCPUs are numbered densely from 0 (the boot pCPU) to hal_cpu_count() - 1,
 * whatever the hardware ids (MPIDR, hart id, APIC id) are; the backend keeps
 * the mapping.
 */
#ifndef HAL_CPU_H
#define HAL_CPU_H

#include <stdbool.h>
#include <stdint.h>

/* Upper bound on pCPUs, fixed by the platform at build time. */
#ifndef HAL_MAX_CPUS
#define HAL_MAX_CPUS 8U
#endif

/* Dense id of the calling pCPU. Valid on every pCPU once it runs C code. */
unsigned hal_cpu_id(void);

/*
 * Start every secondary pCPU the machine has, through the ISA's standard
 * path (PSCI CPU_ON, SBI HSM hart_start, INIT-SIPI-SIPI). Called once, by the
 * boot pCPU, after the console works. Each started pCPU runs the backend's
 * entry code and then core_boot_secondary() with its dense id.
 * @return the number of pCPUs present, including the boot pCPU; never more
 *         than HAL_MAX_CPUS. It does not wait for them to reach C code.
 */
unsigned hal_cpu_start_secondaries(void);

/* Wait for an interrupt or event with low power; may return spuriously. */
void hal_cpu_idle(void);

/* Spin-wait hint (yield to an SMT sibling / the emulator). */
void hal_cpu_relax(void);

/* Stop this pCPU for good: interrupts off, never returns. */
_Noreturn void hal_cpu_halt(void);

/* Disable interrupts on this pCPU and return the previous state. */
unsigned long hal_irq_save(void);

/* Restore the state returned by hal_irq_save(). */
void hal_irq_restore(unsigned long flags);

/* Power the whole machine off (end of a run); falls back to halting. */
_Noreturn void hal_machine_poweroff(void);

#endif
