/*
 * Secondary harts through SBI HSM.
 *
 * Design: hart ids need not be dense nor start at the boot hart, so the
 * boot hart scans hart ids 0 .. HAL_MAX_CPUS - 1 with HSM hart_get_status:
 * SBI_ERR_INVALID_PARAM means no such hart; a stopped hart gets the next
 * dense id, its rv_pcpus slot (hart id, dense id, stack top) and is
 * started at rv_secondary_entry with a1 = its slot. No device tree is read.
 * Each secondary turns on the shared Sv39 map, sets its H CSRs and enters
 * core_boot_secondary().
 *
 * Locking: the boot hart writes a slot before hart_start (with a fence);
 * the started hart only reads its own slot.
 */
#include <stdint.h>

#include <hal/boot.h>
#include <hal/cpu.h>
#include <lib/print.h>

#include "hext.h"
#include "mmu.h"
#include "pcpu.h"
#include "sbi.h"

/* Claim the next dense id for hartid and start it. @return 0 or SBI error */
static long start_hart(unsigned long hartid, unsigned id)
{
	struct rv_pcpu *slot = &rv_pcpus[id];

	slot->hartid = hartid;
	slot->id = id;
	slot->stack_top = (uintptr_t)&rv_stacks[id][RV_STACK_SIZE];
	__asm__ volatile("fence rw, rw" : : : "memory");
	return sbi_hart_start(hartid, (uintptr_t)rv_secondary_entry, (uintptr_t)slot);
}

/*
 * @post every stopped hart with id < HAL_MAX_CPUS was started with a
 *       dense id; @return boot hart + harts found (started or not).
 * [impl->dsn~riscv64-hsm-smp~1]
 */
unsigned hal_cpu_start_secondaries(void)
{
	unsigned long boot_hart = rv_this_pcpu()->hartid;
	unsigned present = 1U;
	unsigned next_id = 1U;

	if (!sbi_has_extension(SBI_EXT_HSM)) {
		printk("riscv64: SBI has no HSM extension, running on one hart\n");
		return 1U;
	}
	for (unsigned long hart = 0; hart < HAL_MAX_CPUS && present < HAL_MAX_CPUS; hart++) {
		if (hart == boot_hart) {
			continue;
		}
		struct sbiret st = sbi_hart_get_status(hart);

		if (st.error == SBI_ERR_INVALID_PARAM) {
			continue;
		}
		present++;
		if (st.error != SBI_SUCCESS || st.value != SBI_HSM_STOPPED) {
			printk("riscv64: hart %lu not startable (error %ld, state %ld)\n", hart,
			       st.error, st.value);
			continue;
		}
		long err = start_hart(hart, next_id);

		if (err != SBI_SUCCESS) {
			printk("riscv64: hart_start(%lu) failed: %ld\n", hart, err);
			continue;
		}
		next_id++;
	}
	return present;
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
