/*
 * Arm64 backend internals: the functions its files share with each other.
 * Nothing outside hal/arm64/ includes this header.
 */
#ifndef ARM64_ARM64_H
#define ARM64_ARM64_H

#include <stdint.h>

#include <arm64/layout.h>
#include <hal/boot.h>
#include <hal/cpu.h>

/* Saved by the exception vectors (layout mirrored in arm64/layout.h). */
struct arm64_trap_frame {
	uint64_t x[31];
	uint64_t elr;
	uint64_t spsr;
	uint64_t esr;
	uint64_t far;
	uint64_t sp;
};

/* Linker-script symbols: the image and its page-aligned parts. */
extern char __image_start[]; /* .text starts here */
extern char __text_end[];
extern char __rodata_start[];
extern char __rodata_end[];
extern char __data_start[]; /* .data, then .bss, up to __image_end */
extern char __image_end[];

/* boot.c: per-pCPU stack slots (layout and guards: arm64/layout.h). */
extern uint8_t arm64_stacks[HAL_MAX_CPUS][ARM64_STACK_SLOT];

/* entry.S: where PSCI CPU_ON starts a secondary (x0 = its dense id). */
void arm64_secondary_entry(void);

/* C entry points called from entry.S. */
_Noreturn void arm64_boot_primary(uint64_t firmware_arg);
_Noreturn void arm64_boot_secondary(unsigned cpu);
_Noreturn void arm64_boot_wrong_el(uint64_t current_el);

/* mmu.c: what entry.S loads on every pCPU (offsets 0, 8, 16). */
struct arm64_mmu_regs {
	uint64_t mair;
	uint64_t tcr;
	uint64_t ttbr0;
};
extern struct arm64_mmu_regs arm64_mmu_regs;

/* boot.c: write a string to the console without printk's lock. */
void arm64_puts(const char *s);

/* Stack-slot offsets (arm64/layout.h) as 64-bit values for C arithmetic. */
#define ARM64_GUARD_BYTES ((uint64_t)ARM64_GUARD_SIZE)
#define ARM64_MAIN_GUARD_OFFSET ((uint64_t)ARM64_MAIN_GUARD)

/* mmu.c: build the EL2 stage-1 tables (boot pCPU, MMU still off). */
void arm64_mmu_build_tables(void);

/* vectors.S, trap.c */
extern char arm64_vectors[];
_Noreturn void arm64_trap_unexpected(const struct arm64_trap_frame *frame, unsigned vector);
/* An exception while on the exception stack: SP reset, frame lost. */
_Noreturn void arm64_trap_nested(void);

/* drivers/<uart>.c: make the UART usable for polled output. Runs first,
 * with the MMU off, on the boot pCPU only. */
void arm64_uart_init(void);

/* psci_<conduit>.S: one PSCI call (SMC or HVC per the platform). */
int64_t arm64_psci_call(uint64_t fn, uint64_t a1, uint64_t a2, uint64_t a3);

/* cpu.c: MPIDR affinity of each dense pCPU id (for interrupt routing). */
uint64_t arm64_cpu_mpidr(unsigned cpu);

#endif
