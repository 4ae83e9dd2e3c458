/*
 * hal/arm64 arch types (see hal/arch_types.h): what the core embeds as
 * `struct vcpu_arch arch;` and `struct as_arch as;`.
 *
 * Design: a vCPU is the EL1 guest's register file as EL2 saves it on a trap
 * plus its last decoded exit; an address space is a stage-2 root with its
 * VMID and the page-table pool the core gave it. The members are laid out
 * for the stage-2 and guest-entry code; until that code exists the
 * functions of the contract fail loudly (stubs.c).
 */
#ifndef HAL_ARCH_TYPES_H_ARM64
#define HAL_ARCH_TYPES_H_ARM64

#include <stddef.h>
#include <stdint.h>

#include <hal/exit.h>

struct as_arch {
	uint64_t *root; /* stage-2 level-1 table (VA == PA) */
	uint64_t vttbr; /* VMID << 48 | root, loaded by hal_as_activate */
	unsigned vmid;
	uint8_t *pool; /* page-table pool from hal_as_create */
	size_t pool_size;
	size_t pool_used;
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
