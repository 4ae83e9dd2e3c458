/*
 * Per-pCPU state of the RISC-V backend and the boot-time layout shared
 * with the assembly entry code.
 *
 * Design: tp always holds &rv_pcpus[dense id] while the hypervisor runs. The
 * entry code sets it before the first C call (a secondary receives the
 * pointer as the HSM opaque argument) and it never changes afterwards (the
 * compiler does not use tp without TLS, which Bulkhead does not have).
 */
#ifndef RISCV64_PCPU_H
#define RISCV64_PCPU_H

#include <stdbool.h>
#include <stdint.h>

#include <hal/arch_types.h>
#include <hal/cpu.h>

#include "layout.h"

#define RV_STACK_SIZE (1UL << RV_STACK_SHIFT)

struct rv_pcpu {
	unsigned long stack_top; /* offset RV_PCPU_STACK_TOP, read by entry.S */
	unsigned long hartid;    /* the SBI / mhartid number */
	unsigned id;             /* dense Bulkhead id, 0 = boot hart */
	/* Set by rv_trap_probe_*: an illegal-instruction trap is expected. */
	volatile bool probe_armed;
	volatile bool probe_faulted;
	/* Set while this hart prints a trap dump: a trap now is fatal at once. */
	bool in_trap_dump;
	/* Set by rv_read_guest_insn: a fault on an HLVX access is expected. */
	volatile bool guest_load_armed;
	volatile bool guest_load_faulted;
	/* The vCPU that last ran here (VS-stage TLB ownership). */
	const struct vcpu_arch *last_vcpu;
	/* This pCPU's own deadline in timer ticks, 0 = none (timer.c). */
	uint64_t deadline_ticks;
};

extern struct rv_pcpu rv_pcpus[HAL_MAX_CPUS];
extern unsigned char rv_stacks[HAL_MAX_CPUS][RV_STACK_SIZE];

static inline struct rv_pcpu *rv_this_pcpu(void)
{
	struct rv_pcpu *p;

	__asm__ volatile("mv %0, tp" : "=r"(p));
	return p;
}

/* True once the boot hart found the H extension (H CSRs readable). */
extern bool rv_has_h;

/* Assembly entry points (entry.S). */
void rv_secondary_entry(void);

/* C entry points called from entry.S. */
_Noreturn void rv_boot_primary(unsigned long hartid, const void *dtb);
_Noreturn void rv_boot_secondary(unsigned long hartid);

#endif
