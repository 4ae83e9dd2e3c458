/*
 * hal/arm64 arch types (see hal/arch_types.h): what the core embeds as
 * `struct vcpu_arch arch;` and `struct as_arch as;`.
 *
 * Design: a vCPU is the EL1 guest's register file as EL2 saves it on a trap
 * plus its last decoded exit; an address space is a stage-2 root with its
 * VMID and the page-table pool the core gave it (s2.c). Guest entry does
 * not exist yet: the vCPU functions fail loudly (stubs.c).
 */
#ifndef HAL_ARCH_TYPES_H_ARM64
#define HAL_ARCH_TYPES_H_ARM64

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <hal/exit.h>

/* A stage-2 address space (s2.c): tables bump-allocated from the pool. */
struct as_arch {
	uint64_t root_pa;   /* level-1 table, first page of the pool */
	uint64_t pool_next; /* next free 4 KiB table */
	uint64_t pool_end;
	unsigned vmid;
	bool created;
};

/* Guest EL1 state saved and restored around each guest run. */
struct arm64_guest_regs {
	uint64_t x[31];
	uint64_t sp_el1;
	uint64_t elr_el2; /* guest pc */
	uint64_t spsr_el2;
};

struct vcpu_arch {
	struct arm64_guest_regs regs;
	struct as_arch *as;
	unsigned id;
	struct vm_exit last;
	uint8_t last_reg; /* register of the pending MMIO load */
	uint8_t pending;  /* the last exit needs hal_vcpu_complete() */
};

#endif
