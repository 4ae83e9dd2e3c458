/*
 * hal/x86_64 arch types (see hal/arch_types.h): what the core embeds as
 * `struct vcpu_arch arch;` and `struct as_arch as;`.
 *
 * Design: an address space is an AMD nested page table (NPT, 4-level, same
 * format as the host's long-mode tables) with its ASID and the table pool
 * the core gave it. A vCPU is its VMCB (one 4 KiB page, 4 KiB aligned, as
 * VMRUN requires; it holds the guest's RAX, RSP, RIP, RFLAGS, control and
 * segment registers) plus the general-purpose registers VMRUN does not
 * save, and the last decoded exit. These members are laid out for the SVM
 * run loop; until it exists the contract's functions fail loudly
 * (stubs.c).
 */
#ifndef HAL_ARCH_TYPES_H_X86_64
#define HAL_ARCH_TYPES_H_X86_64

#include <stddef.h>
#include <stdint.h>

#include <hal/exit.h>

struct as_arch {
	uint64_t npt_root; /* host-physical address of the NPT PML4 (nCR3) */
	unsigned asid;     /* never 0: ASID 0 is the host's */
	uint8_t *pool;     /* page-table pool from hal_as_create */
	size_t pool_size;
	size_t pool_used;
};

/* Guest registers VMRUN/#VMEXIT leave to software (RAX and RSP are in the VMCB). */
struct x86_guest_gprs {
	uint64_t rbx, rcx, rdx, rsi, rdi, rbp;
	uint64_t r8, r9, r10, r11, r12, r13, r14, r15;
};

struct vcpu_arch {
	_Alignas(4096) uint8_t vmcb[4096];
	struct x86_guest_gprs gprs;
	struct as_arch *as;
	unsigned id;
	struct vm_exit last;
	uint8_t pending; /* the last exit needs hal_vcpu_complete() */
};

#endif
