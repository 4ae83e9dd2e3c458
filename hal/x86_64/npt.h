/*
 * x86-64 nested page tables: what npt.c shares with the vCPU code.
 */
#ifndef X86_NPT_H
#define X86_NPT_H

#include <stdint.h>

#include <hal/as.h>

/* Guest-physical and host-physical addresses an NPT may hold (4 levels). */
#define X86_NPT_GPA_LIMIT (1ULL << 46)

/* NPT leaf attribute bits for a HAL permission and memory type. */
uint64_t x86_npt_leaf_bits(unsigned perm, enum hal_mem_type type);

/* ASIDs the CPU supports (CPUID 0x8000000A EBX); vmids must be below. */
unsigned x86_npt_max_asid(void);

/* Make pCPUs running a vCPU of `as` leave the guest (they flush on re-entry). */
void x86_npt_flush_remote(const struct as_arch *as);

#endif
