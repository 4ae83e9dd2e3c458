/*
 * System register access and barriers for the Arm64 backend (C only).
 */
#ifndef ARM64_SYSREG_H
#define ARM64_SYSREG_H

#include <stdint.h>

#define READ_SYSREG(name)                                                                          \
	({                                                                                         \
		uint64_t v_;                                                                       \
		__asm__ volatile("mrs %0, " #name : "=r"(v_));                                     \
		v_;                                                                                \
	})

#define WRITE_SYSREG(name, v)                                                                      \
	__asm__ volatile("msr " #name ", %0" : : "r"((uint64_t)(v)) : "memory")

static inline void isb(void)
{
	__asm__ volatile("isb" : : : "memory");
}

static inline void dsb_sy(void)
{
	__asm__ volatile("dsb sy" : : : "memory");
}

/* MPIDR_EL1 affinity fields Aff3..Aff0 (bits [39:32] and [23:0]). */
#define MPIDR_AFF_MASK 0xff00ffffffULL

#endif
