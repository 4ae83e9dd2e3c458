/*
 * Secondary harts through SBI HSM: starting one, and its way into C.
 *
 * Design: rv_hart_scan() (hart_scan.c) finds the harts; for each stopped
 * one, rv_start_hart() fills its rv_pcpus slot (hart id, dense id, stack
 * top) and starts it at rv_secondary_entry with a1 = the slot. No device
 * tree is read. Each secondary turns on the shared Sv39 map, sets its H
 * CSRs and enters core_boot_secondary().
 *
 * Locking: the boot hart writes a slot before hart_start (with a fence);
 * the started hart only reads its own slot.
 */
#include <stdint.h>

#include <hal/boot.h>
#include <hal/cpu.h>
#include <lib/print.h>

#include "hart_scan.h"
#include "hext.h"
#include "mmu.h"
#include "pcpu.h"
#include "sbi.h"

long rv_start_hart(unsigned long hartid, unsigned id)
{
	if (id == 0U || id >= HAL_MAX_CPUS) {
		return SBI_ERR_INVALID_PARAM; /* rv_hart_scan never does this */
	}
	struct rv_pcpu *slot = &rv_pcpus[id];

	slot->hartid = hartid;
	slot->id = id;
	slot->stack_top = (uintptr_t)&rv_stacks[id][RV_STACK_SIZE];
	__asm__ volatile("fence rw, rw" : : : "memory");
	return sbi_hart_start(hartid, (uintptr_t)rv_secondary_entry, (uintptr_t)slot);
}

/* The scan itself is in hart_scan.c. */
unsigned hal_cpu_start_secondaries(void)
{
	if (!sbi_has_extension(SBI_EXT_HSM)) {
		printk("riscv64: SBI has no HSM extension, running on one hart\n");
		return 1U;
	}
	return rv_hart_scan(rv_this_pcpu()->hartid, HAL_MAX_CPUS);
}

_Noreturn void rv_boot_secondary(unsigned long hartid)
{
	struct rv_pcpu *self = rv_this_pcpu();

	if (self->hartid != hartid) {
		/* The slot is not ours: do not touch another pCPU's state. */
		hal_cpu_halt();
	}
	rv_mmu_enable();
	rv_hs_csr_init();
	core_boot_secondary(self->id);
}
