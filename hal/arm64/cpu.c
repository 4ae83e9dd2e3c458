/*
 * Physical CPUs: ids, interrupt masking, idling, and starting secondaries
 * through PSCI.
 *
 * Design: the dense pCPU id lives in TPIDR_EL2 (set by entry.S). The number
 * of pCPUs is found without a device tree: the boot pCPU calls PSCI CPU_ON on
 * each candidate MPIDR affinity (index i -> Aff1 = i / PLAT_CPUS_PER_CLUSTER,
 * Aff0 = i % PLAT_CPUS_PER_CLUSTER, Aff2/Aff3 as on the boot pCPU) and
 * counts a candidate that PSCI rejects with INVALID_PARAMETERS or NOT_PRESENT
 * as absent. Started pCPUs get ids 1, 2, ... in probe order.
 *
 * Locking: cpu_mpidr[] is written by the boot pCPU before the pCPU it
 * describes is started and is read-only afterwards.
 */
#include <stdbool.h>
#include <stdint.h>

#include <arm64/arm64.h>
#include <arm64/psci.h>
#include <arm64/sysreg.h>
#include <hal/cpu.h>
#include <lib/print.h>
#include <plat_config.h>

#define DAIF_IRQ_FIQ "3"
#define MPIDR_AFF0_AFF1_MASK 0xffffULL

static uint64_t cpu_mpidr[HAL_MAX_CPUS];

unsigned hal_cpu_id(void)
{
	return (unsigned)READ_SYSREG(tpidr_el2);
}

uint64_t arm64_cpu_mpidr(unsigned cpu)
{
	return (cpu < HAL_MAX_CPUS) ? cpu_mpidr[cpu] : 0U;
}

static uint64_t candidate_mpidr(uint64_t self, unsigned index)
{
	uint64_t cluster = index / PLAT_CPUS_PER_CLUSTER;
	uint64_t core = index % PLAT_CPUS_PER_CLUSTER;

	return (self & ~MPIDR_AFF0_AFF1_MASK) | (cluster << 8) | core;
}

/* Ask PSCI to start target as pCPU id; false if it is absent or refused. */
static bool start_one(uint64_t target, unsigned id)
{
	int64_t ret = arm64_psci_call(PSCI_CPU_ON_64, target,
	                              (uint64_t)(uintptr_t)arm64_secondary_entry, id);

	if (ret == PSCI_SUCCESS) {
		return true;
	}
	if (ret != PSCI_INVALID_PARAMETERS && ret != PSCI_NOT_PRESENT) {
		printk("arm64: PSCI CPU_ON(mpidr 0x%llx) failed: %lld\n",
		       (unsigned long long)target, (long long)ret);
	}
	return false;
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
	unsigned count = 1U;

	cpu_mpidr[0] = self;
	for (unsigned i = 0; i < HAL_MAX_CPUS && count < HAL_MAX_CPUS; i++) {
		uint64_t target = candidate_mpidr(self, i);

		if (target == self) {
			continue;
		}
		cpu_mpidr[count] = target;
		if (start_one(target, count)) {
			count++;
		}
	}
	return count;
}

void hal_cpu_idle(void)
{
	__asm__ volatile("dsb sy\n\twfi" : : : "memory");
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
	WRITE_SYSREG(daif, flags);
}

/* [impl->dsn~arm64-poweroff~1] */
_Noreturn void hal_machine_poweroff(void)
{
	(void)arm64_psci_call(PSCI_SYSTEM_OFF, 0, 0, 0);
	printk("arm64: PSCI SYSTEM_OFF returned; halting\n");
	hal_cpu_halt();
}
